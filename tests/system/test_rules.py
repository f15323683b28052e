"""The agreement's rules edited in a real browser: a revision, a rule added through its form (an
error first), publishing, the public rules page judging each version's years, the day the rules
are judged from; axe-core on every page of it."""
from datetime import date

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from test_browser import axe_violations, login, navigating, submit


def test_the_coordinator_changes_a_rule_in_a_revision_and_the_rules_page_judges_each_version(browser, server):
    base = server["url"]
    login(browser, server, "samordnare.boras@samverkan.example")
    # The version in force says its rules change only in a draft.
    browser.get(base + "/admin/boras/version/1")
    assert "Starta en revidering och ändra reglerna i utkastet" in browser.page_source
    # The agreement applies from 2021 (the coordinator puts the date in the version in force).
    browser.get(base + "/admin/boras/version/1/uppgifter")
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "f-validFrom"), "2021-01-01")
    submit(browser)
    browser.get(base + "/admin/boras")
    submit(browser, "form[action='/admin/boras/revision'] button[type=submit]")
    assert "/admin/boras/version/2" in browser.current_url
    section = browser.find_element(By.ID, "regler").find_element(By.XPATH, "..")
    assert "Minst 1 stormöte per kalenderår" in section.text

    # A rule is added by keyboard: the link, the type, the fields.
    link = section.find_element(By.LINK_TEXT, "Lägg till en regel")
    navigating(browser, lambda: link.send_keys(Keys.ENTER))
    assert axe_violations(browser) == []
    choice = browser.find_element(By.LINK_TEXT, "Möten per år")
    navigating(browser, lambda: choice.send_keys(Keys.ENTER))
    Select(browser.find_element(By.ID, "f-meetingKind")).select_by_value("dialogue")
    browser.find_element(By.ID, "f-minimum").send_keys("0")
    browser.find_element(By.ID, "f-note").send_keys("Dialogträffar på våren och hösten.")
    submit(browser)
    # Refused with the file import's words; what was typed is kept, and the summary is focused.
    assert "Talet måste vara minst 1." in browser.page_source
    assert browser.find_element(By.ID, "f-note").get_attribute("value") == "Dialogträffar på våren och hösten."
    assert Select(browser.find_element(By.ID, "f-meetingKind")).first_selected_option.get_attribute("value") == "dialogue"
    assert axe_violations(browser) == []
    minimum = browser.find_element(By.ID, "f-minimum")
    minimum.clear()
    minimum.send_keys("2")
    submit(browser)
    assert "Regeln är tillagd: Minst 2 dialogmöten per kalenderår." in browser.page_source
    assert "Minst 2 dialogmöten per kalenderår – Dialogträffar på våren och hösten." in browser.page_source
    assert axe_violations(browser) == []

    # The follow-up rule is changed to every other year.
    section = browser.find_element(By.ID, "regler").find_element(By.XPATH, "..")
    follow_up = [a for a in section.find_elements(By.CSS_SELECTOR, "a[href*='/regler/']")
                 if "följs upp" in a.find_element(By.XPATH, "../..").text]
    assert follow_up
    navigating(browser, lambda: follow_up[0].click())
    months = browser.find_element(By.ID, "f-everyMonths")
    assert months.get_attribute("value") == "12"
    months.clear()
    months.send_keys("24")
    assert axe_violations(browser) == []
    submit(browser)
    assert "Regeln är sparad" in browser.page_source

    # Publishing asks first, then puts the rules in force.
    submit(browser, "form[action$='/publicera'] button[type=submit]")
    assert axe_violations(browser) == []
    submit(browser, "form[action$='/publicera'] button[type=submit]")
    assert "Version 2 gäller nu." in browser.page_source

    browser.delete_all_cookies()
    browser.get(base + "/boras/regler")
    page = browser.page_source
    today = date.today().isoformat()
    assert "Minst 2 dialogmöten per kalenderår" in page
    assert f"Gäller sedan {today} (version 2)." in page
    assert "Överenskommelsen följs upp minst var 24:e månad" in page
    # The yearly follow-up of version 1 is among the rules that applied before, until yesterday.
    earlier = browser.find_element(By.ID, "tidigare-regler").find_element(By.XPATH, "..").text
    assert "Överenskommelsen följs upp varje år" in earlier
    assert "(version 1)" in earlier
    # The unchanged meeting rule applies over both versions.
    assert "Gäller sedan 2021-01-01 (versionerna 1, 2)." in page
    assert browser.find_element(By.ID, "ar-for-ar")
    assert axe_violations(browser) == []


def test_the_coordinator_sets_the_day_the_rules_are_judged_from(browser, server):
    base = server["url"]
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(base + "/admin/sodertalje/regler")
    field = browser.find_element(By.ID, "f-judgedFrom")
    # The demo's own date, put back at the end for the tests after this one.
    demo_date = field.get_attribute("value")
    assert demo_date
    browser.execute_script("arguments[0].value = arguments[1]", field, "1970-01-01")
    submit(browser, "form[action='/admin/sodertalje/regler/bedoms-fran'] button[type=submit]")
    assert "Välj ett datum från 1990" in browser.find_element(By.ID, "f-judgedFrom-error").text
    assert axe_violations(browser) == []
    field = browser.find_element(By.ID, "f-judgedFrom")
    browser.execute_script("arguments[0].value = arguments[1]", field, "2020-01-01")
    submit(browser, "form[action='/admin/sodertalje/regler/bedoms-fran'] button[type=submit]")
    assert "Reglerna bedöms nu från och med 2020-01-01." in browser.page_source
    assert axe_violations(browser) == []
    browser.delete_all_cookies()
    browser.get(base + "/sodertalje/regler")
    assert "2018–2019" in browser.page_source
    assert "Inte bedömt" in browser.page_source
    assert axe_violations(browser) == []
    browser.get(base + "/sodertalje/regler?lang=ar")
    assert "لم يُقيَّم" in browser.page_source
    assert axe_violations(browser) == []

    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(base + "/admin/sodertalje/regler")
    browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, "f-judgedFrom"), demo_date)
    submit(browser, "form[action='/admin/sodertalje/regler/bedoms-fran'] button[type=submit]")
    assert f"Reglerna bedöms nu från och med {demo_date}." in browser.page_source
