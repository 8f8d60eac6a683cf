"""Headless-browser test of the web page served at `/` by `american serve`.

Environment:
  AMERICAN_URL    base URL of a running server (default http://127.0.0.1:8080)
  SCREENSHOT_DIR  where to save web-page.png (default docs/screenshots in the repo)
  CHROME_BIN      Chromium binary (default: `chromium` on PATH)
  CHROMEDRIVER    chromedriver binary (default: `chromedriver` on PATH, else /usr/bin/chromedriver)

Run it with tests/browser/run.sh, which starts the server for you.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("AMERICAN_URL", "http://127.0.0.1:8080").rstrip("/")
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR") or REPO_ROOT / "docs" / "screenshots")
VERDICTS = {"American", "Not American"}
PERCENT = re.compile(r"^\d{1,3}(\.\d+)?\s?%$")
WAIT = 15

TWEET = (
    "Stocking up on toilet paper at Walmart before the stimulus checks hit. "
    "Stay safe y'all! #StayHome @CDCgov"
)


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1000", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--lang=en-US"):
        options.add_argument(arg)
    chrome = os.environ.get("CHROME_BIN") or shutil.which("chromium") or shutil.which("chromium-browser")
    if chrome:
        options.binary_location = chrome
    service = Service(executable_path=os.environ.get("CHROMEDRIVER")
                      or shutil.which("chromedriver") or "/usr/bin/chromedriver")
    drv = webdriver.Chrome(service=service, options=options)
    drv.set_page_load_timeout(30)
    yield drv
    drv.quit()


def open_page(driver):
    driver.get(BASE_URL + "/")
    WebDriverWait(driver, WAIT).until(EC.element_to_be_clickable((By.ID, "tweet")))
    return driver.find_element(By.ID, "tweet")


def wait_for_verdict(driver):
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "verdict").text.strip() in VERDICTS
        or d.find_element(By.ID, "error").is_displayed()
    )
    error = driver.find_element(By.ID, "error")
    assert not error.is_displayed(), f"the page showed an error instead of a verdict: {error.text!r}"
    return driver.find_element(By.ID, "verdict").text.strip()


def wait_for_error(driver):
    WebDriverWait(driver, WAIT).until(lambda d: d.find_element(By.ID, "error").is_displayed())
    return driver.find_element(By.ID, "error")


def fake_fetch(driver, js_body):
    """Replace window.fetch for POSTs so the page's error display can be tested deterministically."""
    driver.execute_script(
        "const real = window.fetch;"
        "window.fetch = function (url, opts) {"
        "  if (opts && opts.method === 'POST') {" + js_body + "}"
        "  return real.apply(this, arguments);"
        "};"
    )


def save_screenshot(driver, name):
    """Full-page PNG of the current page (Chromium DevTools capture, beyond the viewport)."""
    import base64

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    width, height = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollHeight]")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png",
        "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
    })
    path = SCREENSHOT_DIR / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def test_page_loads_with_accessible_form(driver):
    tweet = open_page(driver)
    assert "American" in driver.title
    label = driver.find_element(By.CSS_SELECTOR, "label[for='tweet']")
    assert label.text.strip(), "the textarea needs a visible label"
    assert tweet.tag_name == "textarea"
    button = driver.find_element(By.ID, "predict")
    assert button.is_displayed() and button.is_enabled()
    assert driver.find_element(By.ID, "result-live").get_attribute("aria-live") == "polite"
    assert driver.find_element(By.ID, "error").get_attribute("role") == "alert"
    assert not driver.find_element(By.ID, "error").is_displayed()


def test_nothing_is_loaded_from_another_origin(driver):
    open_page(driver)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(BASE_URL))
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    foreign = [r for r in resources if not r.startswith(origin) and not r.startswith("data:")]
    assert foreign == [], f"the page loaded resources from elsewhere: {foreign}"
    # the stylesheet and the script really were served (right content type, no 404)
    assert driver.execute_script("return document.styleSheets.length") >= 1
    assert driver.execute_script(
        "return getComputedStyle(document.getElementById('predict')).cursor") == "pointer"


def test_footer_shows_model_version_and_date(driver):
    open_page(driver)
    WebDriverWait(driver, WAIT).until(
        lambda d: d.find_element(By.ID, "model-version").text.strip() not in ("", "…"))
    version = driver.find_element(By.ID, "model-version").text.strip()
    assert version != "unavailable", "GET /version failed"
    assert re.match(r"^\d+\.\d+\.\d+", version), version
    assert re.match(r"^\d{4}-\d{2}-\d{2}", driver.find_element(By.ID, "model-date").text.strip())


def test_predict_button_shows_verdict_probability_and_highlights(driver):
    tweet = open_page(driver)
    tweet.send_keys(TWEET)
    driver.find_element(By.ID, "predict").click()
    verdict = wait_for_verdict(driver)
    assert verdict in VERDICTS

    probability = driver.find_element(By.ID, "probability").text.strip()
    assert PERCENT.match(probability), probability
    assert 0.0 <= float(probability.rstrip("% ")) <= 100.0

    highlighted = driver.find_element(By.ID, "highlighted")
    assert highlighted.text.strip() == TWEET.strip(), "the highlighted copy must keep the tweet's text"
    words = highlighted.find_elements(By.CSS_SELECTOR, ".tok")
    assert words, "no word of the tweet was highlighted"
    for word in words:
        title = word.get_attribute("title") or ""
        assert re.search(r"[+\u2212-]\d+\.\d{2}", title), f"tooltip without a value: {title!r}"
        assert word.text.strip()
        classes = word.get_attribute("class").split()
        assert "tok-pos" in classes or "tok-neg" in classes
    assert driver.find_elements(By.CSS_SELECTOR, "#features li"), "no top features listed"
    assert not driver.find_element(By.ID, "error").is_displayed()

    path = save_screenshot(driver, "web-page.png")
    assert path.stat().st_size > 10_000


def test_enter_submits_and_shift_enter_adds_a_newline(driver):
    tweet = open_page(driver)
    tweet.send_keys("Lockdown day 12 in London")
    tweet.send_keys(Keys.SHIFT, Keys.ENTER)
    tweet.send_keys("the NHS staff are heroes #StayHomeSaveLives")
    assert "\n" in tweet.get_attribute("value"), "Shift+Enter should insert a newline"
    assert driver.find_element(By.ID, "verdict").text.strip() == "", "Shift+Enter must not submit"

    tweet.send_keys(Keys.ENTER)
    assert wait_for_verdict(driver) in VERDICTS
    assert PERCENT.match(driver.find_element(By.ID, "probability").text.strip())
    assert tweet.get_attribute("value").count("\n") == 1, "Enter must not add a newline"


def test_empty_text_is_refused_with_a_message(driver):
    tweet = open_page(driver)
    driver.find_element(By.ID, "predict").click()
    error = wait_for_error(driver)
    assert error.text.strip()
    assert not driver.find_element(By.ID, "result").is_displayed()

    tweet.send_keys("   ")
    tweet.send_keys(Keys.ENTER)
    assert wait_for_error(driver).text.strip()
    assert driver.find_element(By.ID, "verdict").text.strip() == ""


def test_too_large_text_shows_the_server_error_nicely(driver):
    open_page(driver)
    driver.execute_script(
        "const t = document.getElementById('tweet');"
        "t.value = 'y\\'all '.repeat(12000);"  # ~84 KB, above the default 64 KiB limit
        "t.dispatchEvent(new Event('input'));")
    driver.find_element(By.ID, "predict").click()
    error = wait_for_error(driver)
    text = error.text.strip()
    assert text and not text.startswith("{"), f"raw error shown: {text!r}"
    assert not driver.find_element(By.ID, "result").is_displayed()


def test_model_not_loaded_shows_the_server_message(driver):
    tweet = open_page(driver)
    fake_fetch(driver,
               "return Promise.resolve(new Response(JSON.stringify({error: 'model_not_loaded',"
               " message: 'No model is loaded yet (test).'}),"
               " {status: 503, headers: {'Content-Type': 'application/json'}}));")
    tweet.send_keys("hello from Texas")
    driver.find_element(By.ID, "predict").click()
    error = wait_for_error(driver)
    assert "No model is loaded yet (test)." in error.text
    assert "model" in error.text.lower()
    assert error.get_attribute("data-code") == "model_not_loaded"


def test_network_failure_is_reported(driver):
    tweet = open_page(driver)
    fake_fetch(driver, "return Promise.reject(new TypeError('Failed to fetch'));")
    tweet.send_keys("hello from Ohio")
    tweet.send_keys(Keys.ENTER)
    error = wait_for_error(driver)
    assert "reach" in error.text.lower()
    # the button is usable again after a failure
    assert driver.find_element(By.ID, "predict").is_enabled()


def test_new_prediction_after_an_error_clears_it(driver):
    tweet = open_page(driver)
    driver.find_element(By.ID, "predict").click()
    wait_for_error(driver)
    tweet.send_keys("Watching the Yankees game in NYC tonight")
    driver.find_element(By.ID, "predict").click()
    assert wait_for_verdict(driver) in VERDICTS
    assert not driver.find_element(By.ID, "error").is_displayed()
