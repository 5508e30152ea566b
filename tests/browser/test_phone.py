"""The pages on a phone 390 px wide: every control fits the screen and chart labels show in full."""

import io

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390

# Every visible link, button and form field, and each chart row; the page itself too.
OVERFLOWING = """
const width = document.documentElement.clientWidth;
const controls = document.querySelectorAll(
  "a, button, input, select, textarea, summary, label, .chart li, svg, table, pre, code"
);
return Array.from(controls)
  .filter((el) => el.getClientRects().length && !el.closest(".visually-hidden, .skip-link"))
  .filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left < -0.5)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} "${
    (el.textContent || el.getAttribute("name") || "").trim().slice(0, 40)}" right=${
    Math.round(el.getBoundingClientRect().right)}`)
  .concat(document.documentElement.scrollWidth > width ? [`page scrollWidth=${
    document.documentElement.scrollWidth}`] : []);
"""


def _pages(site: str) -> list[str]:
    from initiatives.models import Document, Initiative

    initiative = Initiative.objects.filter(is_active=True).first()
    report = Document.objects.get(symbol="A/76/403")
    return [
        "/",
        "/initiatives/",
        "/initiatives/?agency=FAO&covid=true",
        f"/initiatives/{initiative.pk}/",
        "/agencies/UNDP/",
        "/countries/",
        "/regions/",
        f"/documents/{report.pk}/",
        "/about/",
        "/accounts/login/?next=/upload/",
    ]


def _save(browser, name: str) -> None:
    """The whole page at the phone's width, for a reader to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = browser.get_window_size()["width"]
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, min(max(height, 844), 8000))
    browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    browser.set_window_size(width, 844)


def _on_phone(browser, site: str, language: str) -> None:
    browser.set_window_size(PHONE_WIDTH, 844)
    # The window's inner width is what the page lays out in; make it 390 whatever the browser's frame.
    inner = browser.execute_script("return window.innerWidth")
    browser.set_window_size(2 * PHONE_WIDTH - inner, 844)
    browser.get(site + "/")
    button = browser.find_elements(
        By.CSS_SELECTOR, f'.language-switch button[value="{language}"]:not([disabled])'
    )
    if button:
        button[0].click()
        lang = "en" if language == "en" else "zh-Hans"
        # The page is replaced while it is read: an element found on the old one goes stale.
        WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
        )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_on_a_phone_no_control_reaches_past_the_screen(browser, site, language):
    _on_phone(browser, site, language)
    assert browser.execute_script("return window.innerWidth") == PHONE_WIDTH
    overflowing = {}
    for url in _pages(site):
        browser.get(site + url)
        found = browser.execute_script(OVERFLOWING)
        if found:
            overflowing[url] = found
    browser.get(site + "/initiatives/")
    _save(browser, f"phone-list-{language}")
    browser.get(site + "/")
    _save(browser, f"phone-home-{language}")
    assert overflowing == {}


def test_on_a_phone_english_chart_labels_show_in_full(browser, site):
    _on_phone(browser, site, "en")
    browser.get(site + "/")
    # Read in one script: a label element kept across calls can go stale while the page settles.
    texts = browser.execute_script(
        "return Array.from(document.querySelectorAll('.chart .bar-label')).map(l => l.innerText.trim())"
    )
    assert len(texts) >= 20
    assert "Europe and the Commonwealth of Independent States" in texts
    assert not [t for t in texts if "…" in t or t.endswith("...")]
    # Shown whole, not clipped by their box: a label as wide as its text, wrapped if need be.
    clipped = browser.execute_script(
        "return Array.from(document.querySelectorAll('.chart .bar-label'))"
        ".filter(l => l.scrollWidth > l.clientWidth + 1).map(l => l.textContent)"
    )
    assert clipped == []
    _save(browser, "phone-home-en-charts")


def test_on_a_phone_an_editor_signs_in_and_the_upload_page_fits(browser, site):
    from django.core.management import call_command

    from ingest.models import IngestRun
    from initiatives.management.commands.createeditor import editor_create

    call_command("setup_editors", stdout=io.StringIO())
    editor_create(username="editor", password="right horse battery")
    IngestRun.objects.create(data=b"1. text", name="a-rather-long-report-name_2021_zh.txt")
    _on_phone(browser, site, "en")
    browser.get(site + "/upload/")
    assert "/accounts/login/?next=/upload/" in browser.current_url
    browser.find_element(By.NAME, "username").send_keys("editor")
    browser.find_element(By.NAME, "password").send_keys("right horse battery")
    browser.find_element(By.CSS_SELECTOR, ".sign-in-form button").click()
    WebDriverWait(browser, 10).until(lambda b: b.current_url == site + "/upload/")
    _save(browser, "phone-upload-en")
    assert browser.execute_script(OVERFLOWING) == []
