"""The coordinator's workspace in a real browser: the start page and menu, a confirmation before
mass mail, done by keyboard, axe-core on the new pages, and no page wider than a 320 px phone."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_browser import axe_violations, login, navigating, submit


def test_the_start_page_and_menu_lead_to_every_area(browser, server):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(server["url"] + "/admin")
    menu = browser.find_element(By.CSS_SELECTOR, "nav.admin-nav")
    labels = [a.text for a in menu.find_elements(By.TAG_NAME, "a")]
    for label in ["Att göra", "Föreningsregistret", "Möten", "Uppföljning", "Årsrapport", "Webbplatsen"]:
        assert label in labels, labels
    assert axe_violations(browser) == []
    menu.find_element(By.LINK_TEXT, "Möten").click()
    crumbs = browser.find_element(By.CSS_SELECTOR, "nav.breadcrumbs")
    assert crumbs.find_element(By.LINK_TEXT, "Att göra").get_attribute("href").endswith("/admin")
    assert browser.find_element(By.CSS_SELECTOR, "nav.admin-nav a[aria-current]").text == "Möten"


def test_invitations_wait_for_a_confirmation_made_by_keyboard(browser, server):
    login(browser, server, "samordnare.orebro@samverkan.example")
    browser.get(server["url"] + "/admin/orebro/moten")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Stormöte om överenskommelsen").click()
    # A key press, unlike WebDriver's click, returns before the next page is there: wait for it.
    navigating(browser, lambda: browser.find_element(By.CSS_SELECTOR, "form[action$='/bjud-in'] button").send_keys(Keys.ENTER))
    assert "Skicka inbjudan till" in browser.title or "Skicka inbjudan till" in browser.page_source
    assert axe_violations(browser) == []
    assert "mottagare" in browser.page_source
    # Press the confirm button from the keyboard; the flash says how many were invited.
    navigating(browser, lambda: browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").send_keys(Keys.ENTER))
    assert "Inbjudan skickades till" in browser.page_source


@pytest.mark.parametrize("path", ["/sodertalje/tillganglighet", "/sodertalje/personuppgifter", "/admin/sodertalje/webbplatsen",
                                  "/admin/sodertalje/undertecknande", "/admin/sodertalje/foreningar?visa=undertecknare",
                                  "/admin/sodertalje/webbplatsen/logotyp", "/admin/sodertalje/moten?visa=kommande",
                                  "/admin/sodertalje/anslutningar", "/admin/sodertalje/utgaende-post",
                                  "/admin/sodertalje/kontakt", "/admin/sodertalje/kontakt/amnen/ny", "/admin/sodertalje/arenden?visa=skav",
                                  "/admin/sodertalje/regler", "/admin/sodertalje/arsrapport/2026", "/admin/sodertalje/beslut",
                                  "/admin/sodertalje/beslut/ny", "/sodertalje/beslut", "/admin/sodertalje/stod", "/admin/sodertalje/stod/ny",
                                  "/sodertalje/stod", "/sodertalje/stod/foreningsbidrag", "/sodertalje/partnerskap",
                                  "/admin/sodertalje/partnerskap", "/admin/sodertalje/partnerskap/ny"])
def test_the_new_pages_have_no_axe_violations(browser, server, path):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(server["url"] + path)
    assert "Något gick fel" not in browser.page_source, path
    assert axe_violations(browser) == []


PAGES_320 = ["/", "/sodertalje", "/sodertalje/overenskommelse", "/sodertalje/foreningar", "/sodertalje/undertecknare",
             "/sodertalje/moten", "/sodertalje/samrad", "/sodertalje/regler", "/sodertalje/utvecklingsomraden",
             "/sodertalje/uppfoljning", "/sodertalje/tillganglighet", "/sodertalje/personuppgifter", "/logga-in",
             "/sodertalje/kontakt", "/sodertalje/kontakt/statistik", "/sodertalje/kontakt/fraga", "/sodertalje/aktuellt", "/sodertalje/beslut",
             "/sodertalje/stod", "/sodertalje/stod/foreningsbidrag", "/sodertalje/partnerskap"]


def too_wide(browser, server, paths):
    wide = []
    for path in paths:
        browser.get(server["url"] + path if path.startswith("/") else path)
        inner = browser.execute_script("return document.documentElement.clientWidth")
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        if scroll > inner:
            wide.append((path, scroll, inner))
    return wide


def test_no_page_scrolls_sideways_at_320_px(browser, server):
    """Tables may scroll inside their own box (WCAG 1.4.10 allows it for data tables); the page never does."""
    browser.delete_all_cookies()
    size = browser.get_window_size()
    browser.set_window_size(320, 800)
    try:
        browser.get(server["url"] + "/sodertalje/moten")
        meeting = browser.find_element(By.CSS_SELECTOR, "main a[href^='/sodertalje/moten/']").get_attribute("href")
        browser.get(server["url"] + "/sodertalje/uppfoljning")
        report = browser.find_element(By.CSS_SELECTOR, "main a[href^='/sodertalje/uppfoljning/']").get_attribute("href")
        assert too_wide(browser, server, PAGES_320 + [meeting, report]) == []
        login(browser, server, "samordnare.sodertalje@samverkan.example")
        assert too_wide(browser, server, ["/admin", "/admin/sodertalje", "/admin/sodertalje/foreningar", "/admin/sodertalje/moten",
                                          "/admin/sodertalje/undertecknande", "/admin/sodertalje/webbplatsen",
                                          "/admin/sodertalje/uppfoljning", "/admin/sodertalje/regler"]) == []
    finally:
        browser.set_window_size(size["width"], size["height"])
