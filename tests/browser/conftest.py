"""A headless Chromium from Debian's packages, driven by Selenium against the live test server.

Selenium is pointed at /usr/bin/chromedriver so that it never downloads a
driver; the flags keep Chromium off the network. Each test saves a screenshot
of the pages it visits under var/screenshots/.
"""

import tempfile
from pathlib import Path

import pytest

CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,900",
]


@pytest.fixture
def browser():
    if not CHROMEDRIVER.exists():
        pytest.skip("/usr/bin/chromedriver is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # A reader whose browser asks for Chinese, the site's first language.
    options.add_argument("--lang=zh-CN")
    options.add_experimental_option("prefs", {"intl.accept_languages": "zh-CN,zh"})
    with tempfile.TemporaryDirectory() as profile:
        for flag in [*FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        driver.implicitly_wait(2)
        try:
            yield driver
        finally:
            driver.quit()


@pytest.fixture
def site(live_server):
    """The live server with the bundled data: transactional tests start from an emptied database."""
    from tests.conftest import load_bundled_data

    load_bundled_data()
    return live_server.url


@pytest.fixture
def screenshot(browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(name: str) -> Path:
        # The whole page, not only the window: grow the window to the page's height.
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(max(height, 900), 8000))
        path = SCREENSHOTS / f"{name}.png"
        browser.save_screenshot(str(path))
        browser.set_window_size(1280, 900)
        return path

    return save
