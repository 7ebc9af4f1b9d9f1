"""Every page of both demo editions in headless Chromium, on a phone (390 px) and a desk
(1280 px), in the light and the dark scheme: what a reader sees, measured.

One survey visits each page once per width and scheme and records what the tests below
check (chart lines unfilled, chart text as drawn, wide elements, table boxes, heights),
and runs axe-core on each page at desk width. Screenshots of every visit go to
tests/screenshots/pages/ (git-ignored), named edition_page_width_scheme.png.

axe-core comes from npm (`.ci/run`: `npm install --prefix .cache/npm axe-core@4`), or
from the file named by STAYREADY_AXE; without it the axe test skips, unless
STAYREADY_REQUIRE_BROWSER=1, where it fails.
"""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.test_browser import _pages, _Quiet, make_driver

pytestmark = pytest.mark.browser
SHOTS = REPO / "tests" / "screenshots" / "pages"
TODAY = datetime.fromisoformat("2026-12-07T12:00:00+00:00")  # a week into a month
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
# While working on one page: STAYREADY_PAGES=companies surveys only the matching pages.
ONLY = os.environ.get("STAYREADY_PAGES", "")
AXE = Path(os.environ.get("STAYREADY_AXE") or REPO / ".cache/npm/node_modules/axe-core/axe.min.js")

# Findings the project accepts, with why. Never `color-contrast`: the palette is ours.
AXE_ALLOWED = {
    # mkdocs-material's search dialog (`.md-search`) has role=dialog and no name; it
    # is the theme's markup, not ours, and is hidden until search opens.
    ("aria-dialog-name", ".md-search"),
}

# What each visit measures, in one call (a script run by Selenium).
PROBE = (Path(__file__).parent / "browser_probe.js").read_text()


@dataclass
class Survey:
    pages: dict[tuple[str, str, int, str], dict[str, Any]] = field(default_factory=dict)
    axe: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)
    axe_missing: str = ""
    folder: Path | None = None


def _serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _visit(driver, url: str, width: int, scheme: str) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.get(url)
    # The theme keeps the scheme it picked in localStorage; forget it so each visit
    # follows the system setting as a first visit does.
    if driver.execute_script(
        "const had = localStorage.length > 0; localStorage.clear(); return had"
    ):
        driver.get(url)
    for _ in range(100):
        if driver.execute_script("return document.readyState") == "complete":
            break
        time.sleep(0.05)
    # The theme's script sets the scheme after the load; on a busy machine that can take
    # longer than a fixed pause. Wait (up to 5 s) for it to settle on the system's choice;
    # if it never does, the test that checks the scheme says so.
    wanted = "slate" if scheme == "dark" else "default"
    for _ in range(100):
        got = driver.execute_script("return document.body.getAttribute('data-md-color-scheme')")
        if got == wanted:
            break
        time.sleep(0.05)
    time.sleep(0.15)  # the theme's scripts wrap tables


def _axe(driver) -> list[dict[str, Any]]:
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({
          id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))))
          .catch(e => done([{id: 'axe-error', impact: 'critical', nodes: [String(e)]}]));"""
    )


@pytest.fixture(scope="module")
def survey(tmp_path_factory: pytest.TempPathFactory) -> Survey:
    from stayready.demo.run import run_demo

    folder = tmp_path_factory.mktemp("browser-demo") / "demo"
    mp = pytest.MonkeyPatch()
    mp.setenv("STAYREADY_NOW", TODAY.isoformat().replace("+00:00", "Z"))
    try:
        result = run_demo(folder, days=160, today=TODAY)
    finally:
        mp.undo()
    driver, profile = make_driver()
    out = Survey(folder=folder)
    axe_js = AXE.read_text() if AXE.is_file() else ""
    if not axe_js:
        out.axe_missing = f"axe-core not found at {AXE} (see .ci/run for its npm install)"
    SHOTS.mkdir(parents=True, exist_ok=True)
    servers = []
    try:
        for edition, site in (("public", result.site), ("private", result.private_site)):
            server, base = _serve(site)
            servers.append(server)
            for rel in _pages(site):
                if not re.search(ONLY, f"{edition}/{rel}"):
                    continue
                name = f"{edition}_{rel.strip('/').replace('/', '_') or 'home'}"
                for width in WIDTHS:
                    for scheme in SCHEMES:
                        _visit(driver, base + rel, width, scheme)
                        found = driver.execute_script(PROBE)
                        out.pages[(edition, rel, width, scheme)] = found
                        driver.save_screenshot(str(SHOTS / f"{name}_{width}_{scheme}.png"))
                        if width == 1280 and axe_js:
                            driver.execute_script(axe_js)
                            out.axe[(edition, rel, scheme)] = _axe(driver)
        (SHOTS / "survey.json").write_text(
            json.dumps({" ".join(map(str, k)): v for k, v in out.pages.items()}, indent=1)
            + "\n"
            + json.dumps({" ".join(k): v for k, v in out.axe.items()}, indent=1)
        )
    finally:
        driver.quit()
        for server in servers:
            server.shutdown()
            server.server_close()
        import shutil

        shutil.rmtree(profile, ignore_errors=True)
    return out


def test_every_page_of_both_editions_was_seen_in_both_schemes(survey: Survey):
    editions = {e for e, *_ in survey.pages}
    assert editions == {"public", "private"}
    assert {s for *_, s in survey.pages} == set(SCHEMES)
    dark = [v["scheme"] for (_, _, _, s), v in survey.pages.items() if s == "dark"]
    assert set(dark) == {"slate"}, "the dark scheme did not follow the system"


def test_chart_lines_are_never_filled_in_either_scheme(survey: Survey):
    seen = 0
    for key, page in survey.pages.items():
        seen += len(page["lines"])
        assert all(fill == "none" for fill in page["lines"]), (key, page["lines"])
    assert seen, "no chart line was drawn"


def test_no_element_is_wider_than_the_screen_outside_a_table_box(survey: Survey):
    for key, page in survey.pages.items():
        assert page["wide"] == [], key


def test_tables_scroll_in_a_labelled_box_a_keyboard_reaches_with_the_first_column_kept(
    survey: Survey,
):
    seen = 0
    for key, page in survey.pages.items():
        for box in page["boxes"]:
            seen += 1
            assert box["boxed"], key
            assert box["tabindex"] == "0" and box["role"] == "region" and box["label"], key
            assert box["scrolls"] == "auto" and box["sticky"] == "sticky", key
    assert seen


def test_chart_text_is_at_least_11_px_high_as_drawn(survey: Survey):
    seen = 0
    for key, page in survey.pages.items():
        for text, height in page["labels"]:
            seen += 1
            assert height >= 11, (key, text, height)
    assert seen


def test_chart_months_read_as_months_not_dates(survey: Survey):
    # "Jul 26" reads as the 26th of July: months are named alone, the year beneath.
    for key, page in survey.pages.items():
        for text, _ in page["labels"]:
            assert not re.fullmatch(r"[A-Z][a-z]{2} \d{2}\*?", text), (key, text)


def test_the_partial_month_is_marked_in_the_hiring_cadence(survey: Survey):
    for width in WIDTHS:
        page = survey.pages[("public", "generated/companies/", width, "light")]
        texts = [t for t, _ in page["labels"]]
        assert "Dec*" in texts, texts
        assert any("Dec 2026 so far" in t for t in texts)
        assert "2026-12 (partial)" in page["text"]


def test_axe_finds_no_serious_or_critical_violation_in_either_edition_or_scheme(
    survey: Survey,
):
    if survey.axe_missing:
        if os.environ.get("STAYREADY_REQUIRE_BROWSER") == "1":
            pytest.fail(survey.axe_missing + "; STAYREADY_REQUIRE_BROWSER=1 requires it")
        pytest.skip(survey.axe_missing)
    assert len(survey.axe) == len({(e, r) for e, r, _, _ in survey.pages}) * len(SCHEMES)
    found = []
    for key, violations in survey.axe.items():
        for v in violations:
            if v["impact"] not in ("serious", "critical"):
                continue
            nodes = [
                n for n in v["nodes"] if not any(v["id"] == r and s in n for r, s in AXE_ALLOWED)
            ]
            if nodes:
                found.append((key, v["id"], nodes[:3], len(nodes)))
    assert found == []


def test_the_public_trends_page_is_short_with_every_figure_still_reachable(survey: Survey):
    page = survey.pages[("public", "generated/trends/", 1280, "light")]
    assert page["height"] < 5000, page["height"]  # 15,193 px before the tabs and folds
    # Folded or in a tab, but there: the term and salary numbers, three windows each of
    # rising and falling (a year of history for the third), new terms, your skills, gaps.
    assert len(page["boxes"]) >= 12, len(page["boxes"])
    for name in ("Month on month", "Over three months", "The numbers", "By area", "By term"):
        assert name in page["all"], name
    assert "Rising and not in your skills" in page["text"]
    # One unit per kind: shares in %, changes in points, never a signed percentage.
    assert not re.search(r"[+\-−]\d+(\.\d+)?%", page["all"]), "a change shown in %"


def test_a_snoozed_contact_shows_the_same_state_on_today_and_network(survey: Survey):
    today = survey.pages[("private", "generated/today/", 1280, "light")]["text"]
    network = survey.pages[("private", "generated/network/", 1280, "light")]["text"]
    row = next(line for line in network.splitlines() if "Hana Kim" in line)  # demo: snoozed
    state = re.search(r"snoozed until \d{4}-\d{2}-\d{2}", row)
    assert state, row
    assert f"Hana Kim ({state.group(0)})" in today
    assert today.count("Hana Kim") == 1  # in no list of people to write to
    assert "twice their tier's cadence" in today  # what "gone cold" means


def test_the_readme_screenshot_is_of_the_demo(survey: Survey):
    """STAYREADY_UPDATE_SCREENSHOT=1 copies the demo's Jobs page (1280 px, light) to
    docs/assets/screenshot.png, the README's picture."""
    shot = SHOTS / "public_generated_jobs_1280_light.png"
    assert shot.is_file()
    if os.environ.get("STAYREADY_UPDATE_SCREENSHOT") == "1":
        (REPO / "docs" / "assets" / "screenshot.png").write_bytes(shot.read_bytes())
