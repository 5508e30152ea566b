"""The pages in a real browser: search, filters, an initiative's highlights, the language switch, charts and map."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait(browser, condition, timeout: float = 10):
    return WebDriverWait(browser, timeout).until(condition)


def _result_count(browser) -> int:
    heading = browser.find_element(By.ID, "results-heading").text
    return int(re.match(r"\d+", heading).group())


def _results(browser) -> list:
    return browser.find_elements(By.CSS_SELECTOR, "ol.cards > li.card")


def _search(browser, site: str, words: str) -> None:
    browser.get(site + "/")
    box = browser.find_element(By.ID, "home-search")
    box.send_keys(words, Keys.ENTER)
    _wait(browser, EC.presence_of_element_located((By.ID, "results-heading")))


def test_a_chinese_search_finds_initiatives_and_marks_the_words(browser, site, screenshot):
    _search(browser, site, "疫苗")
    assert "q=" in browser.current_url
    assert _result_count(browser) > 0
    marks = browser.find_elements(By.CSS_SELECTOR, ".card .excerpt mark")
    assert marks and all(mark.text == "疫苗" for mark in marks)
    screenshot("search-chinese")


def test_an_english_agency_acronym_finds_that_agencys_initiatives(browser, site, screenshot):
    _search(browser, site, "FAO")
    assert _result_count(browser) > 0
    first = _results(browser)[0]
    assert first.find_elements(By.CSS_SELECTOR, 'a[href="/agencies/FAO/"]')
    screenshot("search-acronym")


def _tick(browser, name: str, value: str) -> int:
    """Tick a filter option, returning the count shown beside it; the form submits itself."""
    box = browser.find_element(By.CSS_SELECTOR, f'input[name="{name}"][value="{value}"]')
    # Options past the first few are folded away: unfold them as a reader would.
    browser.execute_script("var d = arguments[0].closest('details.more'); if (d) d.open = true;", box)
    label = box.find_element(By.XPATH, "./ancestor::label")
    count = int(label.find_element(By.CSS_SELECTOR, ".count").text)
    old = browser.find_element(By.ID, "results-heading")
    label.click()
    _wait(browser, EC.staleness_of(old))
    return count


def test_filtering_by_an_agency_then_a_country_gives_the_counts_it_announced(browser, site, screenshot):
    browser.get(site + "/initiatives/")
    total = _result_count(browser)
    fao_count = _tick(browser, "agency", "FAO")
    assert "agency=FAO" in browser.current_url
    assert _result_count(browser) == fao_count < total
    for card in _results(browser):
        assert card.find_elements(By.CSS_SELECTOR, 'a[href="/agencies/FAO/"]')

    country = browser.find_element(By.CSS_SELECTOR, 'input[name="country"]').get_attribute("value")
    country_count = _tick(browser, "country", country)
    assert f"country={country}" in browser.current_url and "agency=FAO" in browser.current_url
    assert _result_count(browser) == country_count <= fao_count
    for card in _results(browser):
        assert card.find_elements(By.CSS_SELECTOR, f'a[href="/countries/{country}/"]')
    chips = [chip.text for chip in browser.find_elements(By.CSS_SELECTOR, ".chips .chip")]
    assert len(chips) == 2
    screenshot("list-filtered")

    # Removing the agency chip keeps the country.
    browser.find_elements(By.CSS_SELECTOR, ".chips .chip")[0].click()
    assert "agency=" not in browser.current_url and f"country={country}" in browser.current_url


def test_an_initiative_shows_its_highlights_and_what_each_says(browser, site, screenshot):
    _search(browser, site, "非洲疫苗采购工作队")
    _results(browser)[0].find_element(By.CSS_SELECTOR, "h3 a").click()
    _wait(browser, EC.presence_of_element_located((By.CSS_SELECTOR, ".source")))
    marks = browser.find_elements(By.CSS_SELECTOR, ".source mark.hl")
    assert len(marks) >= 5
    fields = {m.get_attribute("class").split()[-1] for m in marks}
    assert {"hl-agency", "hl-amount"} <= fields
    # A highlight says what was read from it when it has the keyboard focus.
    agency = browser.find_element(By.CSS_SELECTOR, ".source mark.hl-agency")
    browser.execute_script("arguments[0].focus()", agency)
    label = browser.execute_script(
        "return getComputedStyle(document.activeElement, '::after').getPropertyValue('content')"
    )
    assert agency.get_attribute("data-label") in label
    assert browser.find_element(By.ID, "citation").text.startswith("A/76/403, para. ")
    screenshot("initiative")


def test_the_language_switch_changes_the_interface_and_the_names(browser, site, screenshot):
    browser.get(site + "/countries/ETH/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "埃塞俄比亚"
    browser.find_element(By.CSS_SELECTOR, '.language-switch button[value="en"]').click()
    _wait(browser, EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Ethiopia"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.CSS_SELECTOR, ".site-nav").text.startswith("Initiatives")
    screenshot("country-english")


def test_the_home_page_draws_its_charts_and_its_map(browser, site, screenshot):
    browser.get(site + "/")
    bars = browser.find_elements(By.CSS_SELECTOR, ".chart rect.bar")
    assert len(bars) >= 20
    assert all(float(bar.get_attribute("width")) > 0 for bar in bars)
    shaded = browser.find_elements(By.CSS_SELECTOR, ".map a path:not(.level-0)")
    assert len(shaded) >= 10
    assert len(browser.find_elements(By.CSS_SELECTOR, ".map path")) > 150
    # The map is drawn at a real size, not collapsed.
    size = browser.find_element(By.CSS_SELECTOR, ".map svg").size
    assert size["width"] > 600 and size["height"] > 200
    screenshot("home")
    shaded[0].find_element(By.XPATH, "..").click()
    assert "/countries/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text


def test_a_ticked_filter_gives_a_url_of_that_filter_alone_without_a_redirect(browser, site):
    browser.get(site + "/initiatives/")
    _tick(browser, "agency", "FAO")
    assert browser.current_url == site + "/initiatives/?agency=FAO"
    # The page dropped the empty fields itself; the server's redirect was not needed.
    assert browser.execute_script('return performance.getEntriesByType("navigation")[0].redirectCount') == 0

    browser.find_element(By.ID, "year_min").send_keys("2021", Keys.ENTER)
    _wait(browser, EC.url_contains("year_min"))
    assert browser.current_url == site + "/initiatives/?agency=FAO&year_min=2021"


def test_an_empty_search_goes_to_the_whole_list_at_its_plain_address(browser, site):
    _search(browser, site, "")
    assert browser.current_url == site + "/initiatives/"
    assert browser.execute_script('return performance.getEntriesByType("navigation")[0].redirectCount') == 0
