"""The follow-up in a real browser, its CSV exports read by Python's csv module, and axe-core."""
import csv
import io
import re
import urllib.request
from datetime import date, timedelta

from selenium.webdriver.common.by import By

from test_browser import axe_violations, login, submit


def fetch(url):
    with urllib.request.urlopen(url, timeout=20) as response:
        return response.headers, response.read()


def test_a_representative_answers_the_coordinator_publishes_and_the_public_report_shows_it(browser, server):
    year = 2033
    today = date.today()
    # The coordinator creates and opens a round for Borås, with figures from a single answer.
    login(browser, server, "samordnare.boras@samverkan.example")
    browser.get(server["url"] + "/admin/boras/uppfoljning")
    for field, value in [("f-year", str(year)), ("f-opensOn", str(today - timedelta(days=1))),
                         ("f-closesOn", str(today + timedelta(days=14))), ("f-minimum", "1")]:
        browser.execute_script("arguments[0].value = arguments[1]", browser.find_element(By.ID, field), value)
    submit(browser, "form[action='/admin/boras/uppfoljning'] button[type=submit]")
    assert f"Uppföljningen för {year} är skapad" in browser.page_source
    submit(browser, "form[action$='/oppna'] button")
    # A confirmation first: who gets the invitation and what it says; then the coordinator confirms.
    assert "mottagare" in browser.page_source
    assert "forening.boras@samverkan.example" in browser.page_source
    assert axe_violations(browser) == []
    submit(browser, "form[action$='/oppna'] button[type=submit]")
    assert "Uppföljningen är öppen" in browser.page_source

    # The representative of a signatory answers the first commitment and submits.
    login(browser, server, "forening.boras@samverkan.example")
    browser.get(server["url"] + "/admin")
    organisation = browser.find_element(By.CSS_SELECTOR, "a[href^='/admin/boras/foreningar/']").get_attribute("href")
    browser.get(organisation + f"/uppfoljning/{year}")
    first = browser.find_element(By.CSS_SELECTOR, "fieldset.question")
    first.find_element(By.CSS_SELECTOR, "input[value='4'] + label").click()
    first.find_element(By.TAG_NAME, "textarea").send_keys("Samrådet fungerar bra.")
    submit(browser, "button[value='save']")
    assert "Utkastet är sparat" in browser.page_source
    assert browser.find_element(By.CSS_SELECTOR, "fieldset.question input[value='4']").is_selected()
    submit(browser, "button[value='submit']")
    # One question of many is answered: the page names the open ones, focused, and asks again.
    assert "frågor är inte besvarade" in browser.page_source
    assert browser.switch_to.active_element.get_attribute("id") == "unanswered"
    assert axe_violations(browser) == []
    submit(browser, "button[value='submit']")
    assert "Svaren är inskickade" in browser.page_source
    commitment = browser.find_element(By.CSS_SELECTOR, "fieldset.question legend").text.split(". ", 1)[1]

    # The coordinator closes, approves the comment and publishes.
    login(browser, server, "samordnare.boras@samverkan.example")
    browser.get(server["url"] + f"/admin/boras/uppfoljning/{year}")
    submit(browser, "form[action$='/stang'] button")
    assert "Samrådet fungerar bra." in browser.page_source
    submit(browser, "button[value='approved']")
    submit(browser, "form[action$='/publicera'] button")
    assert "Rapporten är publicerad" in browser.page_source

    # Anyone reads the result.
    browser.delete_all_cookies()
    browser.get(server["url"] + f"/boras/uppfoljning/{year}")
    assert commitment.split(" (")[0] in browser.page_source
    assert "<td>4,0</td>" in browser.page_source
    assert "Samrådet fungerar bra." in browser.page_source
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart title")
    assert axe_violations(browser) == []


def published_year(server, slug):
    _, html = fetch(server["url"] + f"/{slug}/uppfoljning")
    years = re.findall(rf'href="/{slug}/uppfoljning/(\d{{4}})"', html.decode())
    assert years, "the follow-up page links the published reports"
    return max(int(y) for y in years)


def test_the_exports_read_back_with_a_csv_reader(server):
    year = published_year(server, "orebro")
    headers, raw = fetch(server["url"] + f"/orebro/uppfoljning/{year}/svar.csv")
    assert headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and set(rows[0]) == {"svarande", "part", "fraga_nr", "fraga", "typ", "betyg", "vet_ej", "val", "kommentar"}
    assert {r["part"] for r in rows} == {"civilSociety", "municipality"}
    assert all(r["betyg"] in {"", "1", "2", "3", "4", "5"} for r in rows)
    # Commas, quotes and line breaks in a question survive the round trip.
    assert any("," in r["fraga"] for r in rows) or all(r["fraga"] for r in rows)
    _, raw = fetch(server["url"] + f"/orebro/uppfoljning/{year}/aggregat.csv")
    aggregates = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    shown = [a for a in aggregates if a["dold"] == "0" and a["medelvarde"]]
    assert shown
    for a in shown:
        counts = [int(a[f"betyg_{i}"]) for i in range(1, 6)]
        mean = sum((i + 1) * n for i, n in enumerate(counts)) / sum(counts)
        assert abs(mean - float(a["medelvarde"])) < 0.01
        assert int(a["antal_svar"]) == sum(counts) + int(a["vet_ej"])
    # The same figures for Swedish Excel: semicolons, decimal commas, Swedish headings and values.
    _, raw = fetch(server["url"] + f"/orebro/uppfoljning/{year}/aggregat.csv?format=excel")
    assert raw.startswith(b"\xef\xbb\xbf")
    excel = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(excel) == len(aggregates)
    for a, e in zip(aggregates, excel):
        assert e["Part"] in {"Idéburen sektor", "Kommunen"}
        assert e["Dold (för få svar)"] in {"Ja", "Nej"}
        if a["medelvarde"]:
            assert e["Medelvärde"] == a["medelvarde"].replace(".", ",")


def test_follow_up_pages_have_no_axe_violations(browser, server):
    year = published_year(server, "sodertalje")
    browser.delete_all_cookies()
    for path in [f"/sodertalje/uppfoljning/{year}", "/sodertalje/uppfoljning", "/sodertalje/utvecklingsomraden"]:
        browser.get(server["url"] + path)
        assert "Något gick fel" not in browser.page_source, path
        assert axe_violations(browser) == [], path
    # The open questionnaire of this year, as the representative sees it.
    login(browser, server, "forening.sodertalje@samverkan.example")
    browser.get(server["url"] + "/admin")
    organisation = browser.find_element(By.CSS_SELECTOR, "a[href^='/admin/sodertalje/foreningar/']").get_attribute("href")
    browser.get(organisation + f"/uppfoljning/{year + 1}")
    assert "Vet inte" in browser.page_source
    assert axe_violations(browser) == []
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    for path in ["/admin/sodertalje/uppfoljning", f"/admin/sodertalje/uppfoljning/{year}", f"/admin/sodertalje/uppfoljning/{year + 1}",
                 "/admin/sodertalje/handlingsplan", f"/admin/sodertalje/arsrapport/{year}", f"/sodertalje/arsrapport/{year}"]:
        browser.get(server["url"] + path)
        assert "Något gick fel" not in browser.page_source, path
        assert axe_violations(browser) == [], path
