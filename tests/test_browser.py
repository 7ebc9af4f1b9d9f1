"""The built public site in headless Chromium: loads cleanly, charts show, search works,
hostile feed payloads never run. Screenshots go to tests/screenshots/ (git-ignored).

Needs Debian's chromium and chromedriver; without them the tests skip with the reason,
unless STAYREADY_REQUIRE_BROWSER=1 (set by .ci/run), where they fail instead.
The README's screenshot, of the demo, is refreshed by tests/test_browser_pages.py.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from foundation.clock import parse_instant
from stayready.site import editions
from tests.conftest import FIXTURES, REPO
from tests.site_sample import add_postings, project_config, sample_data

pytestmark = pytest.mark.browser
NOW = parse_instant("2026-03-02T06:00:00Z")
SHOTS = REPO / "tests" / "screenshots"
HOSTILE = json.loads((FIXTURES / "site" / "hostile_postings.json").read_text())["items"]


def _browser_paths() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    return None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("browser-site")
    config = project_config(root, title="Stay Ready")
    data = sample_data(config, NOW)
    add_postings(data, [h["posting"] for h in HOSTILE])
    data.trends["companies"].append(
        {"company": "<img src=x onerror=window.__pwned=1>Imaged Co", "postings": 999}
    )
    editions.public(config, NOW, data=data)
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root / "site", f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def make_driver():
    paths = _browser_paths()
    if paths is None:
        reason = "headless Chromium not installed (apt-get install chromium chromium-driver)"
        if os.environ.get("STAYREADY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + "; STAYREADY_REQUIRE_BROWSER=1 requires it")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="stayready-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = paths[0]
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=paths[1]), options=options)
    driver.set_page_load_timeout(60)
    return driver, profile


@pytest.fixture(scope="module")
def driver():
    drv, profile = make_driver()
    yield drv
    drv.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _pages(site_dir: Path) -> list[str]:
    return sorted(
        p.parent.relative_to(site_dir).as_posix().replace(".", "", 1) + "/"
        if p.parent != site_dir
        else ""
        for p in site_dir.rglob("index.html")
    )


def _wait(driver, condition, timeout: float = 15.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def test_every_page_loads_without_console_errors_and_payloads_never_run(site, driver):
    site_dir, base = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = _pages(site_dir)
    assert len(pages) >= 9
    for rel in pages:
        driver.get(base + rel)
        _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(0.2)  # let the theme's scripts run
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == [], (rel, errors)
        assert driver.execute_script("return window.__pwned === undefined"), rel
        name = rel.strip("/").replace("/", "_") or "home"
        driver.save_screenshot(str(SHOTS / f"{name}.png"))


def test_hostile_titles_show_as_text(site, driver):
    _, base = site
    driver.get(base + "generated/jobs/remote/")
    body = driver.find_element("css selector", "article").text
    assert "<script>window.__pwned=1</script>Senior Hacker" in body
    assert "{{ config.site_name }}" in body
    links = driver.find_elements("css selector", "article a[href]")
    for a in links:
        assert a.get_attribute("href").startswith(("http://", "https://")), a.get_attribute("href")
    assert driver.execute_script("return window.__pwned === undefined")


def test_charts_are_visible_with_a_size(site, driver):
    _, base = site
    for rel in ("generated/trends/", "generated/companies/"):
        driver.get(base + rel)
        charts = driver.find_elements("css selector", "svg.sr-chart.sr-wide")
        assert charts, rel
        for chart in charts:
            assert chart.is_displayed()
            assert chart.size["width"] > 300 and chart.size["height"] > 40, chart.size
        # Text in the charts takes the page's colour, not black on a dark scheme.
        colour = driver.execute_script(
            "return getComputedStyle(document.querySelector('svg.sr-chart text')).fill"
        )
        body = driver.execute_script(
            "return getComputedStyle(document.querySelector('.md-typeset')).color"
        )
        assert colour == body


def test_search_finds_a_posting(site, driver):
    from selenium.webdriver.common.by import By

    _, base = site
    driver.get(base)
    driver.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    box = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "input.md-search__input"))
    _wait(driver, lambda d: box.is_displayed())
    box.send_keys("Database Administrator")
    results = _wait(
        driver,
        lambda d: [
            r
            for r in d.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
            if "Database Administrator" in r.text
        ],
        timeout=30,
    )
    assert results
    driver.save_screenshot(str(SHOTS / "search.png"))
