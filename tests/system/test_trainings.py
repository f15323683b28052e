"""Trainings in a real browser: an organisation's representative plans a training in its name from
the organisation's page, it shows in the calendar with the organisation as arranger, and a
participant's certificate of attendance is there to print; axe-core on each page."""
import datetime

from selenium.webdriver.common.by import By

from test_browser import axe_violations, login, navigating, submit


def test_an_organisation_invites_to_a_training_and_a_participant_has_a_certificate(browser, server):
    login(browser, server, "forening.sodertalje@samverkan.example")
    browser.get(server["url"] + "/admin")
    # From the workspace to the organisation's page, and on to its trainings.
    navigating(browser, lambda: browser.find_element(By.CSS_SELECTOR, "main a[href*='/admin/sodertalje/foreningar/']").click())
    organisation = browser.execute_script("return document.querySelector('main h1').firstChild.textContent.trim()")
    navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Utbildningar ni arrangerar").click())
    assert axe_violations(browser) == []
    past = browser.find_element(By.PARTIAL_LINK_TEXT, "styrelsearbete").get_attribute("href")
    navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Planera en utbildning").click())
    assert axe_violations(browser) == []
    assert not browser.find_elements(By.ID, "f-kind"), "the kind is always a training"
    day = (datetime.date.today() + datetime.timedelta(days=45)).isoformat()
    browser.find_element(By.ID, "f-title").send_keys("Kurs: digitala årsmöten")
    for field, value in [("f-date", day), ("f-start", "18:00"), ("f-end", "20:30")]:
        browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, field), value)
    browser.find_element(By.ID, "f-place").send_keys("Föreningarnas hus")
    browser.find_element(By.ID, "f-capacity").send_keys("25")
    submit(browser)
    assert "Kurs: digitala årsmöten" in browser.find_element(By.TAG_NAME, "h1").text
    assert organisation in browser.page_source
    assert axe_violations(browser) == []

    # The training held earlier: participants marked present, each with a certificate.
    browser.get(past)
    assert axe_violations(browser) == []
    navigating(browser, lambda: browser.find_element(By.PARTIAL_LINK_TEXT, "Visa intyg").click())
    assert "Intyg om deltagande" in browser.page_source and organisation in browser.page_source
    assert axe_violations(browser) == []

    # In the public calendar, with its arranger.
    browser.delete_all_cookies()
    browser.get(server["url"] + "/sodertalje/moten?typ=training")
    assert "Kurs: digitala årsmöten" in browser.page_source
    assert f"arrangeras av {organisation}" in browser.page_source
    assert axe_violations(browser) == []
