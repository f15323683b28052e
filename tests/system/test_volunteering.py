"""Volunteering in the browser: a resident finds an assignment, offers help by keyboard and confirms
from the mailed link; the organisation's representative answers; the resident reads the answer on
their own page. Every page on the way, and the coordinator's, passes axe and fits 320 px."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import read_mail
from test_browser import axe_violations, login, navigating, submit
from test_workspace import too_wide

NAME = "Kim Tangentsson"
EMAIL = "kim.tangentsson@exempel.se"
TITLE = "Funktionärer till ungdomscupen"


def test_a_resident_offers_help_and_reads_the_organisations_answer(browser, server):
    base = server["url"]
    browser.delete_all_cookies()
    browser.get(base + "/sodertalje/frivilliguppdrag")
    assert axe_violations(browser) == []
    # A search that finds nothing leads on, to one way in and the catalogue.
    field = browser.find_element(By.ID, "q")
    field.send_keys("xylofonstämning")
    navigating(browser, lambda: browser.find_element(By.ID, "q").send_keys(Keys.ENTER))
    assert browser.find_elements(By.CSS_SELECTOR, "main a[href='/sodertalje/kontakt']")
    assert axe_violations(browser) == []
    field = browser.find_element(By.ID, "q")
    field.clear()
    field.send_keys("ungdomscupen")
    navigating(browser, lambda: browser.find_element(By.ID, "q").send_keys(Keys.ENTER))
    link = browser.find_element(By.PARTIAL_LINK_TEXT, TITLE)
    detail = link.get_attribute("href")
    navigating(browser, link.click)
    assert axe_violations(browser) == []

    # By keyboard: an address that is not one is named, and what was typed stays.
    browser.find_element(By.ID, "f-name").send_keys(NAME)
    browser.find_element(By.ID, "f-email").send_keys("kim på exempel")
    browser.find_element(By.ID, "f-message").send_keys("Jag kan stå i sekretariatet hela dagen.")
    navigating(browser, lambda: browser.find_element(By.ID, "f-name").send_keys(Keys.ENTER))
    assert browser.find_elements(By.CSS_SELECTOR, ".error-summary a[href='#f-email']")
    assert browser.find_element(By.ID, "f-name").get_attribute("value") == NAME
    assert browser.find_element(By.ID, "f-message").get_attribute("value") == "Jag kan stå i sekretariatet hela dagen."
    assert axe_violations(browser) == []
    email = browser.find_element(By.ID, "f-email")
    email.clear()
    email.send_keys(EMAIL)
    navigating(browser, lambda: browser.find_element(By.ID, "f-email").send_keys(Keys.ENTER))
    assert "Titta i din e-post" in browser.page_source

    # Confirmed from the mailed link; only then does the organisation hear of it.
    mail = read_mail(server["mail_dir"], EMAIL, "Bekräfta ditt intresse")
    own_page = re.search(r"http\S+/sodertalje/frivilliguppdrag/mitt-intresse/[A-Za-z0-9_-]+", mail.get_body(("plain",)).get_content()).group(0)
    browser.get(own_page)
    assert axe_violations(browser) == []
    submit(browser, "form[action$='/bekrafta'] button")
    assert "Ditt intresse är skickat" in browser.page_source
    assert axe_violations(browser) == []
    told = read_mail(server["mail_dir"], "forening.sodertalje@samverkan.example", f"Ny intresseanmälan: {TITLE}")
    body = told.get_body(("plain",)).get_content()
    assert NAME in body and EMAIL in body
    answer_page = re.search(r"http\S+/admin/sodertalje/foreningar/[0-9A-Fa-f-]+/frivilliguppdrag/[0-9A-Fa-f-]+", body).group(0)

    # The representative answers; the advert never showed the volunteer or the club's contacts.
    login(browser, server, "forening.sodertalje@samverkan.example")
    browser.get(answer_page)
    assert axe_violations(browser) == []
    section = browser.find_element(By.XPATH, f"//section[.//h3[contains(., '{NAME}')]]")
    offer_id = section.get_attribute("aria-labelledby").removeprefix("offer-")
    browser.find_element(By.ID, f"decision-{offer_id}-accepted").send_keys(Keys.SPACE)
    browser.find_element(By.ID, f"answer-{offer_id}").send_keys("Välkommen! Vi ses vid hallens entré klockan 8.30.")
    submit(browser, f"section[aria-labelledby='offer-{offer_id}'] form button[type=submit]")
    assert f"Svaret till {NAME} är skickat" in browser.page_source
    assert axe_violations(browser) == []
    read_mail(server["mail_dir"], EMAIL, f"Välkommen med: {TITLE}")
    for path in (answer_page.rsplit("/", 1)[0], answer_page.rsplit("/", 1)[0] + "/ny", answer_page + "/andra"):
        browser.get(path)
        assert "Något gick fel" not in browser.page_source, path
        assert axe_violations(browser) == [], path

    # The resident, without an account, reads the answer on their own page.
    browser.delete_all_cookies()
    browser.get(own_page)
    answer = browser.find_element(By.CSS_SELECTOR, "section[aria-labelledby='answer-heading']").text
    assert "Vi ses vid hallens entré" in answer
    assert "Välkommen med" in browser.page_source
    browser.get(detail)
    assert EMAIL not in browser.page_source and "forening.sodertalje" not in browser.page_source

    size = browser.get_window_size()
    browser.set_window_size(320, 800)
    try:
        assert too_wide(browser, server, ["/sodertalje/frivilliguppdrag", "/sodertalje/frivilliguppdrag?q=xylofon", detail, own_page]) == []
    finally:
        browser.set_window_size(size["width"], size["height"])


def test_the_coordinators_volunteering_pages_pass_axe(browser, server):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(server["url"] + "/admin/sodertalje/frivilliguppdrag")
    assert "Något gick fel" not in browser.page_source
    assert axe_violations(browser) == []
    reviews = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "main a[href*='/admin/sodertalje/frivilliguppdrag/']")
               if not a.get_attribute("href").endswith("/installningar")]
    assert reviews
    for url in reviews[:2] + [server["url"] + "/admin/sodertalje/frivilliguppdrag?ar=2026"]:
        browser.get(url)
        assert "Något gick fel" not in browser.page_source, url
        assert axe_violations(browser) == [], url
    size = browser.get_window_size()
    browser.set_window_size(320, 800)
    try:
        assert too_wide(browser, server, ["/admin/sodertalje/frivilliguppdrag", reviews[0]]) == []
    finally:
        browser.set_window_size(size["width"], size["height"])
