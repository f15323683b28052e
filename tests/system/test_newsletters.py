"""A newsletter from the coordinator's form to the residents' mailboxes: the outbox hands each copy
to msmtp, a real SMTP server receives it (refusing one address for good), and Python's email
parser reads the headers and the parts back. The one-click unsubscribe is then posted as a mail
client would, without any cookie."""
import email
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email import policy
from http.cookiejar import CookieJar

import pytest
from aiosmtpd.controller import Controller

from conftest import DEMO_PASSWORD, free_port
from test_mail import start_mailing_server

REFUSED = "prenumerant2.sodertalje@exempel.se"


class RefusingCollect:
    """Accepts every recipient but one, which it refuses as an unknown mailbox (550 5.1.1)."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 Mailbox unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def refusing_smtp():
    handler = RefusingCollect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def session():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def csrf(page):
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def post(opener, url, fields, page):
    data = urllib.parse.urlencode([("_csrf", csrf(page))] + fields).encode()
    return opener.open(url, data=data).read().decode()


def wait_for_newsletter(handler, to, subject, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with handler.lock:
            for rcpts, raw in handler.messages:
                if rcpts == [to]:
                    message = email.message_from_bytes(raw, policy=policy.default)
                    if str(message["Subject"]) == subject:
                        return message
        time.sleep(0.3)
    raise AssertionError(f"no newsletter “{subject}” to {to}")


def test_a_newsletter_reaches_each_reader_in_their_language_and_unsubscribes_in_one_click(refusing_smtp, tmp_path):
    controller, handler = refusing_smtp
    server, base = start_mailing_server(tmp_path, controller.port)
    try:
        coordinator = session()
        page = coordinator.open(base + "/logga-in").read().decode()
        post(coordinator, base + "/logga-in", [("email", "samordnare.sodertalje@samverkan.example"), ("password", DEMO_PASSWORD),
                                                ("next", "/admin")], page)
        page = coordinator.open(base + "/admin/sodertalje/nyhetsbrev/ny").read().decode()
        assert "Nyhetsbrev från Södertälje" in page
        page = post(coordinator, base + "/admin/sodertalje/nyhetsbrev", [
            ("subject", "Vinterbrev om samverkan"), ("body", "## Möten\n\nVälkomna till **dialogmötet**."),
            ("segment", "residents"),
            ("subject_en", "Winter letter on cooperation"), ("body_en", "## Meetings\n\nWelcome to the *dialogue meeting*."),
        ], page)
        assert "3 mottagare just nu" in page
        action = re.search(r'action="(/admin/sodertalje/nyhetsbrev/[0-9A-Fa-f-]+/skicka)"', page).group(1)
        # The confirmation first, then the copies go to the outbox.
        confirm = post(coordinator, base + action, [], page)
        assert "Winter letter on cooperation" in confirm
        post(coordinator, base + action, [("confirmed", "1")], confirm)

        swedish = wait_for_newsletter(handler, "prenumerant1.sodertalje@exempel.se", "Vinterbrev om samverkan")
        english = wait_for_newsletter(handler, "prenumerant3.sodertalje@exempel.se", "Winter letter on cooperation")
        for message, language, strong in ((swedish, "sv", "<strong>dialogmötet</strong>"), (english, "en", "<em>dialogue meeting</em>")):
            assert message["Content-Language"] == language
            assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
            unsubscribe = re.fullmatch(r"<(http://127\.0\.0\.1:\d+/sodertalje/avregistrera/[A-Za-z0-9_-]+)>", str(message["List-Unsubscribe"]))
            assert unsubscribe, message["List-Unsubscribe"]
            assert message.get_content_type() == "multipart/alternative"
            parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
            assert set(parts) == {"text/plain", "text/html"}
            assert unsubscribe.group(1) in parts["text/plain"] and unsubscribe.group(1) in parts["text/html"]
            assert strong in parts["text/html"] and f'<html lang="{language}">' in parts["text/html"]
            assert "<script" not in parts["text/html"]
        assert "Welcome to the *dialogue meeting*." in english.get_body(("plain",)).get_content()
        # Nothing tracks the reader: no image, no link but the municipality's own pages.
        html = english.get_body(("html",)).get_content()
        assert "<img" not in html
        assert all(link.startswith(base) for link in re.findall(r'href="([^"]+)"', html))

        # The refused address fails at once and is counted on the issue.
        deadline = time.time() + 30
        while True:
            listing = coordinator.open(base + "/admin/sodertalje/nyhetsbrev").read().decode()
            if "2 levererade, 0 i kö, 1 misslyckade" in listing:
                break
            assert time.time() < deadline, listing
            time.sleep(0.5)

        # One click in the mail client: a POST with the RFC 8058 body and no cookie at all.
        url = re.search(r"<([^>]+)>", str(english["List-Unsubscribe"])).group(1)
        request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
        assert "Du får inga fler inbjudningar eller nyhetsbrev" in urllib.request.urlopen(url).read().decode()
        # The next issue reaches only the one reader left: unsubscribed and refused are skipped.
        page = coordinator.open(base + "/admin/sodertalje/nyhetsbrev/ny").read().decode()
        page = post(coordinator, base + "/admin/sodertalje/nyhetsbrev",
                    [("subject", "Vårbrev"), ("body", "Hej igen"), ("segment", "residents")], page)
        assert "1 mottagare just nu" in page and "prenumerant1.sodertalje@exempel.se" in page
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_a_resident_subscribes_by_keyboard_and_the_pages_pass_axe(browser, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from conftest import read_mail
    from test_browser import axe_violations, login, navigating, submit
    from test_workspace import too_wide

    browser.delete_all_cookies()
    browser.get(server["url"] + "/sodertalje/nyhetsbrev")
    assert axe_violations(browser) == []
    # An address that is not one: the error is named and what was typed kept.
    field = browser.find_element(By.ID, "f-email")
    field.send_keys("inte en adress")
    navigating(browser, lambda: browser.find_element(By.ID, "f-email").send_keys(Keys.ENTER))
    assert browser.find_element(By.ID, "f-email").get_attribute("value") == "inte en adress"
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#f-email']")
    assert axe_violations(browser) == []
    field = browser.find_element(By.ID, "f-email")
    field.clear()
    field.send_keys("lasare.tastatur@exempel.se")
    navigating(browser, lambda: browser.find_element(By.ID, "f-email").send_keys(Keys.ENTER))
    assert "lasare.tastatur@exempel.se" in browser.page_source
    mail = read_mail(server["mail_dir"], "lasare.tastatur@exempel.se", "Bekräfta nyhetsbrevet")
    link = re.search(r"http\S+/sodertalje/nyhetsbrev/bekrafta/\S+", mail.get_body(("plain",)).get_content()).group(0)
    browser.get(link)
    assert axe_violations(browser) == []
    submit(browser)
    assert "är bekräftad" in browser.page_source

    # The archive: the demo's sent issue, in Swedish and in English.
    browser.get(server["url"] + "/sodertalje/nyhetsbrev")
    issue = browser.find_element(By.CSS_SELECTOR, "main a[href^='/sodertalje/nyhetsbrev/']").get_attribute("href")
    for url in (issue, issue + "?sprak=en"):
        browser.get(url)
        assert axe_violations(browser) == []
    assert browser.find_element(By.CSS_SELECTOR, "main [lang='en']") is not None

    size = browser.get_window_size()
    browser.set_window_size(320, 800)
    try:
        assert too_wide(browser, server, ["/sodertalje/nyhetsbrev", issue]) == []
    finally:
        browser.set_window_size(size["width"], size["height"])

    # The coordinator's pages.
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    for path in ("/admin/sodertalje/nyhetsbrev", "/admin/sodertalje/nyhetsbrev/ny"):
        browser.get(server["url"] + path)
        assert "Något gick fel" not in browser.page_source, path
        assert axe_violations(browser) == []
    # The assembled draft saved as it is: the draft's page lists its recipients.
    submit(browser)
    assert "mottagare just nu" in browser.page_source
    assert axe_violations(browser) == []
    # The sent demo issue shows how its delivery went.
    browser.get(server["url"] + "/admin/sodertalje/nyhetsbrev")
    navigating(browser, lambda: browser.find_element(By.PARTIAL_LINK_TEXT, "hösten i samverkan").click())
    assert axe_violations(browser) == []
