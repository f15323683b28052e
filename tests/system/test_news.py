"""News in a real browser: the coordinator writes and publishes an article with an image (chosen
in the file field), the public reads it, and a real feed parser reads the Atom feed; axe-core on
every page of it."""
import os
import urllib.request

import feedparser
from selenium.webdriver.common.by import By

from test_browser import axe_violations, login, navigating, submit

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def test_a_coordinator_publishes_news_that_a_feed_reader_reads(browser, server):
    login(browser, server, "samordnare.sodertalje@samverkan.example")
    browser.get(server["url"] + "/admin/sodertalje/aktuellt")
    assert axe_violations(browser) == []
    navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Skriv en nyhet").click())
    assert axe_violations(browser) == []
    browser.find_element(By.ID, "f-title").send_keys("Utbildning i föreningsekonomi")
    browser.find_element(By.ID, "f-summary").send_keys("En kväll om budget och bokslut för styrelser.")
    browser.find_element(By.ID, "f-body").send_keys("## För vem\n\nFör **kassörer** och ordförande.\n\n- Budget\n- Bokslut")
    browser.find_element(By.ID, "f-image").send_keys(os.path.join(ROOT, "Resources", "Demo", "news", "calendar.png"))
    browser.find_element(By.ID, "f-imageAlt").send_keys("En kalendersida")
    browser.find_element(By.CSS_SELECTOR, "input[name=status][value=published]").click()
    submit(browser)
    assert "Nyheten är sparad och publicerad." in browser.page_source

    browser.delete_all_cookies()
    browser.get(server["url"] + "/sodertalje/aktuellt")
    assert "Utbildning i föreningsekonomi" in browser.page_source
    assert axe_violations(browser) == []
    navigating(browser, lambda: browser.find_element(By.LINK_TEXT, "Utbildning i föreningsekonomi").click())
    assert browser.find_element(By.CSS_SELECTOR, ".prose h2").text == "För vem"
    assert browser.find_element(By.CSS_SELECTOR, "img.news-image").get_attribute("alt") == "En kalendersida"
    assert browser.execute_script("return document.querySelector('img.news-image').naturalWidth") == 480
    assert axe_violations(browser) == []

    with urllib.request.urlopen(server["url"] + "/sodertalje/aktuellt.atom") as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.read())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert "Utbildning i föreningsekonomi" in titles
    entry = next(e for e in feed.entries if e.title == "Utbildning i föreningsekonomi")
    assert entry.link.endswith("/sodertalje/aktuellt/utbildning-i-foreningsekonomi")
    assert "<strong>kassörer</strong>" in entry.content[0].value
    assert entry.summary == "En kväll om budget och bokslut för styrelser."
