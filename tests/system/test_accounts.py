"""Accounts in a real browser: a forgotten password reset end to end, the link read from a real
SMTP server the mail went to through msmtp; axe-core on the new account pages."""
import email
import re
from email import policy

import pytest
from selenium.webdriver.common.by import By

from test_browser import axe_violations, login, navigating, submit
from test_mail import smtp, start_mailing_server, wait_for_subject  # noqa: F401  (smtp is a fixture)


def test_a_forgotten_password_is_reset_from_the_mail(browser, smtp, tmp_path):
    controller, handler = smtp
    server, base = start_mailing_server(tmp_path, controller.port)
    address = "tjansteperson.eslov@samverkan.example"
    try:
        browser.delete_all_cookies()
        browser.get(base + "/logga-in")
        navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Glömt lösenordet?").click())
        assert axe_violations(browser) == []
        browser.find_element(By.ID, "f-email").send_keys(address)
        submit(browser)
        assert "Titta i din e-post" in browser.page_source

        message = wait_for_subject(handler, address, "Välj ett nytt lösenord")
        link = re.search(r"http://127\.0\.0\.1:\d+/nytt-losenord/[0-9a-f]{64}", message.get_content()).group(0)

        browser.get(link)
        assert axe_violations(browser) == []
        browser.find_element(By.ID, "f-newPassword").send_keys("en ny lång lösenfras för eslöv")
        browser.find_element(By.ID, "f-repeatPassword").send_keys("en ny lång lösenfras för eslöv")
        submit(browser)
        assert "Lösenordet är bytt" in browser.page_source
        login(browser, {"url": base}, address, "en ny lång lösenfras för eslöv")

        # My account, reached from the header.
        navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Mitt konto").click())
        assert "Byt lösenord" in browser.page_source
        assert axe_violations(browser) == []
        # The link works once.
        browser.get(link)
        assert "Länken fungerar inte" in browser.page_source
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.parametrize("who,path", [("samordnare.botkyrka@samverkan.example", "/admin/botkyrka/konton"),
                                      ("admin@samverkan.example", "/admin/kommuner"),
                                      ("samordnare.botkyrka@samverkan.example", "/admin/botkyrka/logg"),
                                      ("tjansteperson.botkyrka@samverkan.example", "/konto/radera"),
                                      (None, "/botkyrka/personuppgifter"),
                                      (None, "/skicka-bekraftelse")])
def test_the_account_pages_have_no_axe_violations(browser, server, who, path):
    if who:
        login(browser, server, who)
    else:
        browser.delete_all_cookies()
    browser.get(server["url"] + path)
    assert "Något gick fel" not in browser.page_source
    assert axe_violations(browser) == []
