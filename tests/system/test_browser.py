"""A real browser: the coordinator's main flow, and axe-core on the main pages."""
import importlib.util
import json
import os

import time

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import DEMO_PASSWORD

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def stale_document(error):
    """Chromium now and then resolves an element in a document it is just replacing."""
    return "does not belong to the document" in str(error)


def retrying(browser, action, attempts=3):
    """Runs `action` again, from the top document, when Chromium answered for a replaced document."""
    for attempt in range(attempts):
        try:
            return action()
        except WebDriverException as error:
            if not stale_document(error) or attempt == attempts - 1:
                raise
            browser.switch_to.default_content()
            time.sleep(0.5)


def submit(browser, selector="form.form button[type=submit]"):
    """Clicks a submit button and waits until the browser has loaded the next page."""
    def click():
        try:
            browser.find_element(By.CSS_SELECTOR, selector).click()
        except WebDriverException as error:
            if not stale_document(error):
                raise
            # The native click never reached the page; the same click from inside the page does.
            browser.execute_script("document.querySelector(arguments[0]).click()", selector)
    navigating(browser, click)


def navigating(browser, action):
    """Runs `action` and waits until a new document has replaced the current one and has loaded.

    The current document is marked with a property of its window; a navigation gives the page a
    new window object, so the mark is gone exactly when the next page is there. This asks nothing
    about elements of the old document, which Chromium sometimes answers with an inspector error
    instead of "stale element"."""
    retrying(browser, lambda: browser.execute_script("window.__samverkanPage = true"))
    action()

    def next_page_loaded(b):
        try:
            return b.execute_script(
                "return window.__samverkanPage === undefined && document.readyState === 'complete'")
        except WebDriverException:
            return False  # between two documents
    WebDriverWait(browser, 30).until(next_page_loaded)


def login(browser, server, email, password=DEMO_PASSWORD):
    def attempt():
        browser.delete_all_cookies()
        browser.get(server["url"] + "/logga-in")
        browser.find_element(By.ID, "email").send_keys(email)
        browser.find_element(By.ID, "password").send_keys(password)
        submit(browser)
    retrying(browser, attempt)
    assert browser.current_url.endswith("/admin"), browser.current_url


def axe_source():
    spec = importlib.util.find_spec("axe_playwright_python")
    with open(os.path.join(spec.submodule_search_locations[0], "axe.min.js"), encoding="utf-8") as f:
        return f.read()


AXE = axe_source()


def axe_violations(browser):
    """Runs axe-core in the page; returns one line per violation."""
    browser.set_script_timeout(60)
    browser.execute_script(AXE)
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(JSON.stringify(r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.html)})))))"
        ".catch(e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: ['']}])));",
        AXE_TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}×, e.g. {v['nodes'][0][:160]})" for v in json.loads(found)]


def test_axe_is_a_current_version(browser, server):
    browser.get(server["url"] + "/")
    browser.execute_script(AXE)
    assert browser.execute_script("return axe.version").startswith("4.")


def test_first_start_prints_url_and_demo_logins(server):
    assert "Samverkan: http://" in server["startup"]
    assert "samordnare.sodertalje@samverkan.example" in server["startup"]


def test_coordinator_edits_a_commitment_and_the_public_page_shows_it(browser, server):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.find_element(By.CSS_SELECTOR, "a[href=\"/admin/sodertalje\"]").click()
    browser.find_element(By.PARTIAL_LINK_TEXT, "Version 1").click()
    # The first commitment's edit link.
    browser.find_element(By.CSS_SELECTOR, "#ataganden + .table-wrap tbody tr td.item-actions a").click()
    text = browser.find_element(By.ID, "f-text")
    assert text.get_attribute("value") == "Se till att överenskommelsen följs upp varje år."
    text.clear()
    text.send_keys("Följa upp överenskommelsen varje höst tillsammans med föreningarna.")
    submit(browser)
    assert "Ändringen är sparad." in browser.page_source

    browser.get(server["url"] + "/sodertalje/overenskommelse")
    assert "Följa upp överenskommelsen varje höst tillsammans med föreningarna." in browser.page_source
    assert "Se till att överenskommelsen följs upp varje år." not in browser.page_source

    # The change to the version in force is public in the change log, before and after, by keyboard too.
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Ändringar och jämförelser")
    link.send_keys(Keys.ENTER)
    assert browser.current_url.endswith("/sodertalje/overenskommelse/andringar")
    edits = browser.find_element(By.CSS_SELECTOR, "ul.edits").text
    assert "Ett åtagande formulerades om" in edits
    assert "Förut: Se till att överenskommelsen följs upp varje år." in edits
    assert "Nu: Följa upp överenskommelsen varje höst tillsammans med föreningarna." in edits
    assert "Samordnare" not in edits
    assert axe_violations(browser) == []


def test_invalid_input_keeps_what_was_typed(browser, server):
    login(browser, server, "samordnare.eslov@samverkan.example")
    browser.get(server["url"] + "/admin/eslov/version/1/uppgifter")
    title = browser.find_element(By.ID, "f-title")
    title.clear()
    reference = browser.find_element(By.ID, "f-referenceNumber")
    reference.send_keys("KS 2019/123")
    submit(browser)
    assert "Något behöver rättas" in browser.page_source
    assert browser.find_element(By.ID, "f-referenceNumber").get_attribute("value") == "KS 2019/123"
    # The error summary links to the field, and keyboard users land on it.
    browser.find_element(By.CSS_SELECTOR, ".error-summary a").click()
    assert browser.current_url.endswith("#f-title")


@pytest.mark.parametrize("path", ["/", "/sodertalje", "/sodertalje/overenskommelse", "/orebro/overenskommelse?lang=en",
                                  "/sodertalje/utvecklingsomraden", "/logga-in",
                                  "/sodertalje/kontakt", "/sodertalje/kontakt?q=bidrag", "/eslov/overenskommelse/andringar"])
def test_public_pages_have_no_axe_violations(browser, server, path):
    browser.delete_all_cookies()
    browser.get(server["url"] + path)
    assert axe_violations(browser) == []


@pytest.mark.parametrize("path", ["/admin/sodertalje/version/1", "/admin/sodertalje/version/1/uppgifter",
                                  "/admin/sodertalje/version/1/ataganden/ny", "/admin/sodertalje/version/1/jamfor",
                                  "/admin/sodertalje/kontakt", "/admin/sodertalje/kontakt/amnen/ny"])
def test_edit_pages_have_no_axe_violations(browser, server, path):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(server["url"] + path)
    assert axe_violations(browser) == []


def test_council_material_has_no_axe_violations(browser, server):
    login(browser, server, "ledamot.sodertalje@samverkan.example")
    browser.find_element(By.CSS_SELECTOR, "a[href=\"/admin/sodertalje/samrad/material\"]").click()
    assert "Samrådets material" in browser.title
    assert axe_violations(browser) == []


def test_form_with_errors_has_no_axe_violations(browser, server):
    login(browser, server, "samordnare.boras@samverkan.example")
    browser.get(server["url"] + "/admin/boras/version/1/ataganden/ny")
    submit(browser)
    assert "Välj minst en av principerna" in browser.page_source
    assert axe_violations(browser) == []


def test_no_page_loads_anything_from_elsewhere(browser, server):
    browser.delete_all_cookies()
    for path in ["/", "/boras/overenskommelse", "/logga-in"]:
        browser.get(server["url"] + path)
        urls = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert all(u.startswith(server["url"]) for u in urls), urls


def test_axe_does_find_violations_on_a_broken_page(browser, server):
    """Guards the checks above: the same call reports an unlabelled field and an image without text."""
    browser.get("data:text/html;charset=utf-8,<html><body><input type=text><img src=x.png></body></html>")
    ids = " ".join(axe_violations(browser))
    assert "label" in ids and "image-alt" in ids and "html-has-lang" in ids
