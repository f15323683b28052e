"""Languages in the browser: Södertälje's agreement in Arabic lays out right to left (the document's
direction, the navigation and the headings on the right), with screenshots of it in Arabic and in
Swedish; the public pages pass axe in Arabic and English and fit 320 px in Arabic; a resident
switches language by keyboard from the language menu."""
import os
import struct

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_browser import axe_violations, navigating
from test_workspace import too_wide

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".build", "screenshots"))

PUBLIC = ["/sodertalje", "/sodertalje/overenskommelse", "/sodertalje/utvecklingsomraden", "/sodertalje/aktuellt",
          "/sodertalje/stod", "/sodertalje/frivilliguppdrag", "/sodertalje/kontakt", "/sodertalje/kontakt/fraga",
          "/sodertalje/moten", "/sodertalje/foreningar", "/sodertalje/foreningar/registrera", "/sodertalje/nyhetsbrev",
          "/sodertalje/uppfoljning", "/sodertalje/samrad", "/sodertalje/regler", "/sodertalje/undertecknare"]

ALIGNMENT = """
const range = document.createRange();
function textBox(element) { range.selectNodeContents(element); return range.getBoundingClientRect(); }
const main = document.querySelector('main').getBoundingClientRect();
const headings = [...document.querySelectorAll('main h1, main h2, main h3')].filter(h => h.offsetParent !== null).slice(0, 12);
const links = [...document.querySelectorAll('.municipality-nav li')].map(li => li.getBoundingClientRect());
return {
  dir: document.documentElement.dir,
  computed: getComputedStyle(document.body).direction,
  headings: headings.map(h => { const t = textBox(h), box = h.getBoundingClientRect();
                                 return {text: h.textContent.trim().slice(0, 40), gapRight: box.right - t.right, gapLeft: t.left - box.left}; }),
  firstLink: links.length ? {left: links[0].left, right: links[0].right, top: links[0].top} : null,
  secondLink: links.length > 1 ? {left: links[1].left, right: links[1].right, top: links[1].top} : null,
  mainWidth: main.width,
};
"""


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_the_agreement_in_arabic_reads_right_to_left(browser, server):
    base = server["url"]
    browser.delete_all_cookies()
    os.makedirs(SCREENSHOTS, exist_ok=True)
    browser.set_window_size(1200, 1000)
    shots = {}
    for language in ["sv", "ar"]:
        browser.get(base + "/sodertalje/overenskommelse?lang=" + language)
        path = os.path.join(SCREENSHOTS, f"sodertalje-agreement-{language}.png")
        assert browser.save_screenshot(path)
        shots[language] = path
        width, height = png_size(path)
        assert width >= 1000 and height > 500
    assert open(shots["sv"], "rb").read() != open(shots["ar"], "rb").read()

    layout = browser.execute_script(ALIGNMENT)
    assert layout["dir"] == "rtl" and layout["computed"] == "rtl"
    # Each heading's text ends at the right edge of its box and leaves the space on the left.
    assert layout["headings"], layout
    for h in layout["headings"]:
        assert h["gapRight"] < 2, h
        assert h["gapLeft"] >= 0, h
    # The navigation runs from the right: its first item is right of the second on the same line.
    first, second = layout["firstLink"], layout["secondLink"]
    assert first and second
    if abs(first["top"] - second["top"]) < 2:
        assert first["left"] > second["right"] - 1, (first, second)
    # A Swedish party name inside Arabic text keeps its direction.
    assert browser.find_elements(By.CSS_SELECTOR, "main bdi")
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == "اتفاقية التعاون بين القطاع الأهلي وبلدية سودرتاليه"

    browser.get(base + "/sodertalje/overenskommelse?lang=sv")
    ltr = browser.execute_script(ALIGNMENT)
    assert ltr["dir"] == "ltr"
    for h in ltr["headings"]:
        assert h["gapLeft"] < 2, h


def test_a_resident_switches_language_from_the_menu_by_keyboard(browser, server):
    base = server["url"]
    browser.delete_all_cookies()
    browser.get(base + "/sodertalje?lang=sv")
    menu = browser.find_element(By.CSS_SELECTOR, "nav.languages")
    names = [a.text for a in menu.find_elements(By.TAG_NAME, "a")]
    assert names == ["Svenska", "English", "العربية", "Suomi"]
    arabic = menu.find_element(By.CSS_SELECTOR, "a[lang=ar]")
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(40):
        body = browser.switch_to.active_element
        if body == arabic:
            break
        body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element == arabic
    navigating(browser, lambda: arabic.send_keys(Keys.ENTER))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    # The choice is remembered: the next page is Arabic too, and Finnish is one choice away.
    browser.get(base + "/sodertalje/stod")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ar"
    browser.get(base + "/sodertalje/stod?lang=fi")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
    assert "Yhdistysavustus" in browser.page_source


def test_public_pages_pass_axe_in_arabic_and_english(browser, server):
    base = server["url"]
    browser.delete_all_cookies()
    browser.set_window_size(1200, 1000)
    for language in ["ar", "en"]:
        browser.get(base + "/sodertalje?lang=" + language)
        for path in PUBLIC:
            browser.get(base + path)
            assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language, path
            assert axe_violations(browser) == [], (language, path)


def test_no_public_page_scrolls_sideways_at_320_px_in_arabic(browser, server):
    browser.delete_all_cookies()
    browser.get(server["url"] + "/sodertalje?lang=ar")
    size = browser.get_window_size()
    browser.set_window_size(320, 800)
    try:
        assert too_wide(browser, server, PUBLIC) == []
    finally:
        browser.set_window_size(size["width"], size["height"])
