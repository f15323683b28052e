"""Meetings in a real browser and their calendar files read by a real iCalendar library."""
import os
import re
import time
import urllib.request
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import read_mail
from test_browser import axe_violations, login, retrying, submit

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


def create_meeting(browser, server, slug, title, date, start, end, end_date=""):
    """A coordinator plans a meeting through the form; returns the meeting's id."""
    login(browser, server, f"samordnare.{slug}@samverkan.example")

    def fill():
        browser.get(server["url"] + f"/admin/{slug}/moten/ny")
        browser.find_element(By.ID, "f-title").send_keys(title)
        Select(browser.find_element(By.ID, "f-kind")).select_by_value("dialogue")
        # Date inputs take the date the way the browser shows it; set the value directly instead.
        for field, value in [("f-date", date), ("f-endDate", end_date), ("f-start", start), ("f-end", end)]:
            browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, field), value)
        browser.find_element(By.ID, "f-place").send_keys("Folkets hus; sal A, plan 2")
        browser.find_element(By.ID, "f-description").send_keys(
            "Vi pratar om samverkan\noch om lokaler, bidrag och annat som rör föreningslivet i kommunen.")
    retrying(browser, fill)
    submit(browser)
    match = re.search(r"/admin/" + slug + r"/moten/([0-9A-F-]{36})$", browser.current_url)
    assert match, browser.current_url
    return match.group(1)


def test_calendar_files_follow_rfc5545_across_summer_time(browser, server):
    # Summer time ends in the night to Sunday 31 October 2027 and begins in the night to 28 March.
    autumn = create_meeting(browser, server, "boras", "Nattmöte när sommartiden slutar", "2027-10-30", "20:00", "10:00", "2027-10-31")
    spring = create_meeting(browser, server, "boras", "Nattmöte när sommartiden börjar", "2027-03-27", "22:00", "04:00", "2027-03-28")

    headers, raw = fetch(server["url"] + "/boras/moten.ics")
    assert headers["Content-Type"].startswith("text/calendar")
    # Every physical line ends in CRLF and is at most 75 octets.
    assert raw.endswith(b"\r\n")
    for line in raw.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        assert b"\n" not in line
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) >= 8
    for event in events.values():
        assert event.get("DTSTAMP") is not None
        assert event.decoded("DTSTART").tzinfo is not None

    def event(meeting_id):
        return next(e for uid, e in events.items() if meeting_id.lower() in uid)

    night = event(autumn)
    start, end = night.decoded("DTSTART"), night.decoded("DTEND")
    assert start.replace(tzinfo=None) == datetime(2027, 10, 30, 20, 0)
    assert end.replace(tzinfo=None) == datetime(2027, 10, 31, 10, 0)
    assert start.astimezone(timezone.utc) == datetime(2027, 10, 30, 18, 0, tzinfo=timezone.utc)
    assert end.astimezone(timezone.utc) - start.astimezone(timezone.utc) == timedelta(hours=15)
    short = event(spring)
    assert short.decoded("DTEND").astimezone(timezone.utc) - short.decoded("DTSTART").astimezone(timezone.utc) == timedelta(hours=5)
    # Escaped text comes back as written.
    assert str(night["LOCATION"]) == "Folkets hus; sal A, plan 2"
    assert "och om lokaler, bidrag" in str(night["DESCRIPTION"])

    # The VTIMEZONE in the file says the same as the tz database, on both sides of each change.
    vtimezone = next(iter(calendar.walk("VTIMEZONE")))
    assert str(vtimezone["TZID"]) == "Europe/Stockholm"
    zone = vtimezone.to_tz()
    for moment in ["2027-03-28T00:59", "2027-03-28T01:01", "2027-10-31T00:59", "2027-10-31T01:01", "2026-07-01T12:00", "2026-12-24T12:00"]:
        utc = datetime.fromisoformat(moment).replace(tzinfo=timezone.utc)
        assert utc.astimezone(zone).utcoffset() == utc.astimezone(STOCKHOLM).utcoffset(), moment

    # One meeting's own file has the same stable UID.
    _, single = fetch(server["url"] + f"/boras/moten/{autumn}/kalender.ics")
    one = icalendar.Calendar.from_ical(single)
    assert [str(e["UID"]) for e in one.walk("VEVENT")] == [str(night["UID"])]


def test_a_resident_registers_downloads_the_calendar_file_and_cancels(browser, server, tmp_path):
    browser.delete_all_cookies()
    browser.get(server["url"] + "/orebro/moten")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Stormöte om överenskommelsen").click()
    title = browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.ID, "f-name").send_keys("Selma Invånare")
    browser.find_element(By.ID, "f-email").send_keys("selma@invanare.example")
    submit(browser, "form.form button[type=submit]")
    assert "Nästan klart" in browser.page_source

    # Nothing is held until the address is confirmed from the mailed link.
    message = read_mail(server["mail_dir"], "selma@invanare.example", "Bekräfta din anmälan")
    body = message.get_body(preferencelist=("plain",)).get_content()
    browser.get(re.search(r"(http://\S+/orebro/moten/bekrafta/\S+)", body).group(1))
    assert axe_violations(browser) == []
    submit(browser)
    assert "Anmälan är klar" in browser.page_source

    # The calendar file, downloaded by the browser.
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.find_element(By.PARTIAL_LINK_TEXT, "Lägg till i kalendern").click()
    deadline = time.time() + 20
    files = []
    while time.time() < deadline:
        files = [f for f in os.listdir(tmp_path) if f.endswith(".ics")]
        if files:
            break
        time.sleep(0.2)
    assert files, os.listdir(tmp_path)
    with open(tmp_path / files[0], "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == title

    # The confirmation carries the cancellation link; following it and confirming cancels.
    message = read_mail(server["mail_dir"], "selma@invanare.example", "Anmäld")
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"(http://\S+/orebro/moten/avbokning/\S+)", body).group(1)
    browser.get(link)
    assert "Vill du avboka" in browser.page_source
    submit(browser)
    assert "är avbokad" in browser.page_source
    read_mail(server["mail_dir"], "selma@invanare.example", "Avbokad")


def demo_meeting(server, slug, title_part):
    _, html = fetch(server["url"] + f"/{slug}/moten")
    match = re.search(r'href="(/' + slug + r'/moten/[0-9A-F-]{36})">[^<]*' + re.escape(title_part), html.decode())
    assert match, title_part
    return match.group(1)


def test_a_failed_registration_on_a_phone_opens_at_the_error_summary(browser, server):
    """On a 390 px wide window the registration form is far down the page; after a failed submit the
    page shows the error summary, focused, and the title says there is an error."""
    browser.delete_all_cookies()
    size = browser.get_window_size()
    browser.set_window_size(390, 844)
    try:
        browser.get(server["url"] + "/orebro/moten")
        browser.find_element(By.PARTIAL_LINK_TEXT, "Stormöte om överenskommelsen").click()
        browser.find_element(By.ID, "f-name").send_keys("Selma Invånare")
        browser.find_element(By.ID, "f-email").send_keys("inte en adress")
        submit(browser, "form.form button[type=submit]")
        summary = browser.find_element(By.ID, "error-summary")
        assert browser.title.startswith("Fel: "), browser.title
        assert browser.execute_script("return document.activeElement.id") == "error-summary"
        top = browser.execute_script("return arguments[0].getBoundingClientRect().top", summary)
        assert 0 <= top < browser.execute_script("return window.innerHeight"), top
        assert browser.execute_script("return window.scrollY") > 0, "the page no longer opens at the top"
        assert summary.find_element(By.TAG_NAME, "a").get_attribute("href").endswith("#f-email")
    finally:
        browser.set_window_size(size["width"], size["height"])


@pytest.mark.parametrize("path", ["/sodertalje/samrad", "/sodertalje/moten", "/sodertalje/regler", "/boras/regler?lang=en",
                                  "/eslov/moten?lang=en"])
def test_dialogue_pages_have_no_axe_violations(browser, server, path):
    browser.delete_all_cookies()
    browser.get(server["url"] + path)
    assert axe_violations(browser) == []


def test_meeting_pages_have_no_axe_violations(browser, server):
    browser.delete_all_cookies()
    held = demo_meeting(server, "sodertalje", "Dialogmöte: lokaler")
    browser.get(server["url"] + held)
    assert "Protokoll och anteckningar" in browser.page_source
    assert axe_violations(browser) == []
    coming = demo_meeting(server, "sodertalje", "Stormöte")
    browser.get(server["url"] + coming)
    submit(browser)  # empty form: errors beside the fields and in a summary
    assert "Något behöver rättas" in browser.page_source
    assert axe_violations(browser) == []


def test_staff_pages_for_dialogue_have_no_axe_violations(browser, server):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    held = demo_meeting(server, "sodertalje", "Dialogmöte: lokaler")
    for path in ["/admin/sodertalje/moten", "/admin/sodertalje/moten/ny", "/admin/sodertalje/samrad",
                 "/admin/sodertalje/samrad/ledamoter/ny", "/admin/sodertalje/regler", held.replace("/sodertalje/", "/admin/sodertalje/")]:
        browser.get(server["url"] + path)
        assert "Något gick fel" not in browser.page_source, path
        assert axe_violations(browser) == [], path
