"""One way in in a real browser: a resident asks without an account, confirms from the mail read
from a real SMTP server, the department's officer answers, and the resident reads the answer from
the mailed link; the officer ties it to the agreement and prints it for the registry; the public
statistics; axe-core on every page of it."""
import email
import re
from email import policy

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from test_browser import axe_violations, login, navigating, submit
from test_mail import smtp, start_mailing_server, wait_for  # noqa: F401  (smtp is a fixture)


def link_in(handler, count, to, subject):
    messages = wait_for(handler, count, to=to)
    for rcpts, raw in reversed(messages):
        message = email.message_from_bytes(raw, policy=policy.default)
        if rcpts == [to] and message["Subject"].startswith(subject):
            return re.search(r"http://127\.0\.0\.1:\d+/orebro/kontakt/arende/[A-Za-z0-9_-]{16,}", message.get_content()).group(0)
    raise AssertionError(f"no mail “{subject}” to {to}")


def test_a_resident_asks_and_reads_the_answer_from_the_mail(browser, smtp, tmp_path):
    controller, handler = smtp
    server, base = start_mailing_server(tmp_path, controller.port)
    resident = "vera.holm@exempel.se"
    try:
        browser.delete_all_cookies()
        browser.get(base + "/orebro/kontakt")
        assert axe_violations(browser) == []
        navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Ställ en fråga till kommunen").click())
        assert axe_violations(browser) == []
        browser.find_element(By.CSS_SELECTOR, "input[name=kind][value=question]").click()
        Select(browser.find_element(By.ID, "f-topic")).select_by_visible_text("Lokaler och samlingsplatser")
        browser.find_element(By.ID, "f-subject").send_keys("Lokal för körövningar")
        browser.find_element(By.ID, "f-body").send_keys("Finns det en lokal med piano som vår kör kan hyra på tisdagar?")
        browser.find_element(By.ID, "f-name").send_keys("Vera Holm")
        browser.find_element(By.ID, "f-email").send_keys(resident)
        submit(browser)
        assert "Öppna länken i din e-post" in browser.page_source

        browser.get(link_in(handler, 1, resident, "Bekräfta din fråga"))
        assert axe_violations(browser) == []
        navigating(browser, lambda: browser.find_element(By.XPATH, "//button[contains(., 'Bekräfta och skicka frågan')]").click())
        assert "Frågan är mottagen" in browser.page_source
        assert axe_violations(browser) == []

        # The officer of culture and leisure finds it in the queue and answers.
        browser.delete_all_cookies()
        login(browser, {"url": base}, "tjansteperson.orebro@samverkan.example")
        browser.get(base + "/admin/orebro/arenden")
        assert axe_violations(browser) == []
        navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Lokal för körövningar").click())
        assert axe_violations(browser) == []
        navigating(browser, lambda: browser.find_element(By.XPATH, "//button[contains(., 'Ta ärendet')]").click())
        browser.find_element(By.ID, "t-0").send_keys("Musiksalen på Västra skolan går att hyra tisdagar efter klockan 18.")
        navigating(browser, lambda: browser.find_element(By.XPATH, "//button[normalize-space()='Svara']").click())
        assert "Svaret är skickat" in browser.page_source

        # Tied to a principle of the agreement by keyboard, then the registry's printable copy.
        box = browser.find_element(By.CSS_SELECTOR, "input[name=touch]")
        box.send_keys(" ")
        assert box.is_selected()
        navigating(browser, lambda: browser.find_element(By.XPATH, "//button[contains(., 'Spara kopplingar')]").click())
        assert "Kopplingarna till överenskommelsen är sparade." in browser.page_source
        navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Utskrift för diariet").click())
        assert "Lokal för körövningar" in browser.page_source and "Vera Holm" in browser.page_source
        assert axe_violations(browser) == []

        # The public statistics, with the year's figures.
        browser.get(base + "/orebro/kontakt/statistik")
        assert "Per förvaltning" in browser.page_source
        assert axe_violations(browser) == []

        # The resident reads the answer from the new mail's link.
        browser.delete_all_cookies()
        browser.get(link_in(handler, 3, resident, "Svar på din fråga"))
        assert "Musiksalen på Västra skolan går att hyra tisdagar efter klockan 18." in browser.page_source
        assert "Besvarad" in browser.page_source
        assert axe_violations(browser) == []
    finally:
        server.terminate()
        server.wait(timeout=20)
