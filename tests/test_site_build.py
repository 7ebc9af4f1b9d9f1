"""A full build of demo-like data, both editions, checked page by page."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest

from foundation.clock import parse_instant
from stayready.site import editions
from stayready.site.data import FeedRow
from tests.conftest import FIXTURES
from tests.site_sample import add_postings, project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
HOSTILE = json.loads((FIXTURES / "site" / "hostile_postings.json").read_text())["items"]
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("site-build")
    config = project_config(root, index=False)
    data = sample_data(config, NOW)
    add_postings(data, [h["posting"] for h in HOSTILE])
    # Report and feed-state text is untrusted too: company names come from feeds.
    data.trends["companies"].append(
        {"company": "<script>window.__pwned=1</script>Scripted Co", "postings": 999}
    )
    data.trends["flags"].append(
        {"company": "[x](javascript:alert(1))", "title": "<b>t</b>", "detail": "{{ 7*7 }}"}
    )
    data.feeds.append(
        FeedRow(
            id="keyed",
            name="Keyed API",
            area="Remote",
            url="https://api.example/j",
            ok=False,
            failures=1,
            last_error="HTTP 401 from https://api.example/jobs?key=SECRET123&x=1",
        )
    )
    pub = editions.public(config, NOW, data=data)
    priv = editions.private(config, NOW, data=data)
    return {"root": root, "public": pub, "private": priv, "data": data, "config": config}


def page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    import re

    return unescape(re.sub(r"<[^>]+>", " ", html))


def test_public_edition_has_only_public_pages(built):
    site = built["root"] / "site"
    assert built["public"].site_dir == site
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert pages == [
        ".",
        "generated/companies",
        "generated/health",
        "generated/jobs",
        "generated/jobs/austin-tx",
        "generated/jobs/michigan",
        "generated/jobs/remote",
        "generated/journal",
        "generated/journal/2026/02/25/what-a-good-job-post-looks-like",
        "generated/overview",
        "generated/trends",
    ]
    assert not (site / "generated" / "calendar.ics").exists()
    assert built["public"].pages <= 80


def test_home_page_nav_lists_every_public_section(built):
    html = page(built["root"] / "site", ".")
    for label in ("Jobs", "Trends", "Companies", "Feed health", "Journal"):
        assert f">{label}<" in html or f"{label}\n" in html, label
    assert "Today" not in text_of(html) and "Network" not in text_of(html)


def test_jobs_page_lists_new_postings_and_links_the_feed(built):
    data = built["data"]
    html = page(built["root"] / "site", "generated/jobs")
    new = data.new_postings()
    assert new, "the fixture has postings from the last run"
    for p in new[:5]:
        assert p.url.split("?")[0] in html
    assert 'href="feed.xml"' in html
    feed = ET.parse(built["root"] / "site" / "generated" / "jobs" / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert 0 < len(entries) <= 100
    for e in entries:
        link = e.find(f"{ATOM}link")
        assert link is None or link.get("href").startswith(("http://", "https://"))
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))


def test_area_pages_have_one_row_per_open_posting(built):
    data = built["data"]
    site = built["root"] / "site"
    for area, rel in (("Remote", "remote"), ("Michigan", "michigan"), ("Austin, TX", "austin-tx")):
        expected = sum(1 for p in data.current() if p.area == area)
        html = page(site, f"generated/jobs/{rel}")
        assert html.count("<tr>") - 1 == expected, area
        assert "Company</th>" in html and "Key requirements</th>" in html


def test_trends_and_companies_have_visible_svg_charts_with_tables(built):
    site = built["root"] / "site"
    for rel in ("generated/trends", "generated/companies"):
        html = page(site, rel)
        assert '<svg class="sr-chart sr-wide"' in html, rel
        assert '<svg class="sr-chart sr-narrow"' in html, rel
        assert 'viewBox="0 0 640' in html
        assert "<table>" in html, "each chart has its numbers in a table"
    trends = text_of(page(site, "generated/trends"))
    assert "Rising" in trends and "Terraform" in trends and "Falling" in trends
    assert "Your skills against demand" in trends and "PostgreSQL" in trends


def test_feed_health_shows_failures_and_why(built):
    html = text_of(page(built["root"] / "site", "generated/health"))
    assert "Broken board" in html and "failing" in html
    assert "HTTP 503 Service Unavailable" in html
    # An address quoted in an error keeps its host and path but not its query (keys).
    assert "HTTP 401 from https://api.example/jobs?…" in html
    assert "SECRET123" not in html


def test_untrusted_report_text_is_escaped_in_charts_tables_and_flags(built):
    html = page(built["root"] / "site", "generated/companies")
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Scripted Co" in html  # in the SVG
    assert 'href="javascript:' not in html and "<b>t</b>" not in html
    text = text_of(html)
    assert "{{ 7*7 }}" in text and "[x](javascript:alert(1))" in text


def test_journal_has_public_post_and_feed_but_no_private_entry(built):
    site = built["root"] / "site"
    index = text_of(page(site, "generated/journal"))
    assert "What a good job post looks like" in index
    assert "Coffee with Jane" not in index
    feed = ET.parse(site / "generated" / "journal" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["What a good job post looks like"]


def test_public_output_holds_no_private_string_anywhere(built):
    site = built["root"] / "site"
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for needle in (
                "Jane Doe",
                "jane@doe.example",
                "Coffee with Jane",
                "010-4477",
                "Janie D",
            ):
                assert needle not in text, (path, needle)
    assert built["public"].files_checked > 10


def test_noindex_when_public_index_is_false(built):
    site = built["root"] / "site"
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    for path in site.rglob("*.html"):
        assert '<meta name="robots" content="noindex, nofollow">' in path.read_text(), path


def test_search_index_finds_postings(built):
    index = json.loads((built["root"] / "site" / "search" / "search_index.json").read_text())
    text = " ".join(d["text"] + d["title"] for d in index["docs"])
    assert "Database Administrator" in text


@pytest.mark.parametrize("item", HOSTILE, ids=[h["posting"]["id"] for h in HOSTILE])
def test_hostile_feed_text_is_shown_as_text_and_never_runs(built, item):
    site = built["root"] / "site"
    html = page(site, "generated/jobs/remote") + page(site, "generated/jobs")
    assert item["shown"] in text_of(html)
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in site.rglob("*")
        if p.suffix in (".html", ".xml", ".json")
    )
    for bad in item["absent"]:
        assert bad not in everything, bad


def test_no_event_handler_or_script_link_in_any_generated_page(built):
    import re

    for path in (built["root"] / "site" / "generated").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        main = re.split(r'<div class="md-content[^"]*" data-md-component="content">', html)[1]
        main = main.split('<footer class="md-footer">', 1)[0]
        # The theme's own one-line script for content tabs, identical on every page.
        main = re.sub(
            r"<script>var target=document\.getElementById\(location\.hash[^<]*</script>", "", main
        )
        assert not re.search(r"<[^>]+\son\w+\s*=", main), path
        assert not re.search(
            r"""(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):""", main, re.I
        ), path
        assert "<script" not in main, path


def test_private_edition_is_built_outside_docs_and_site(built):
    root = built["root"]
    priv = built["private"]
    assert priv.site_dir == root / ".private" / "site"
    conf = (root / ".private" / "mkdocs.yml").read_text()
    assert "INHERIT: ../mkdocs.yml" in conf
    assert not (root / "docs" / "generated" / "today.md").exists()
    assert not (root / "docs" / "generated" / "network.md").exists()
    for path in (root / "docs").rglob("*"):
        if path.is_file():
            assert "Jane Doe" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_private_pages_today_network_notes_and_calendar(built):
    site = built["root"] / ".private" / "site"
    today = text_of(page(site, "generated/today"))
    assert "This week" in today and "Jane Doe" in today
    network_html = page(site, "generated/network")
    network = text_of(network_html)
    for needle in ("Jane Doe", "jane@doe.example", "+1 (555) 010-4477", "Pat Lee", "Globex"):
        assert needle in network, needle
    # Contacts and the give-and-take ledger are both tables, not pipes in a paragraph.
    assert network_html.count("<table") == 2
    assert "| Name |" not in network_html
    notes = text_of(page(site, "generated/notes/2026-02"))
    assert "Coffee with Jane" in notes and "passed along an opening" in notes
    ics = (site / "generated" / "calendar.ics").read_bytes().decode()
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in ics and "Thank Jane Doe for the intro" in ics
    # The private edition has the public pages too.
    assert (site / "generated" / "jobs" / "index.html").exists()


def test_a_second_render_clears_what_the_first_left(built, tmp_path):
    config = project_config(tmp_path, sections=("jobs",))
    data = sample_data(config, NOW)
    stale = tmp_path / "docs" / "generated" / "old-page.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("# stale")
    editions.public(config, NOW, data=data, build=False)
    assert not stale.exists()
    assert not (tmp_path / "docs" / "generated" / "trends.md").exists()


def test_sections_choose_the_public_pages(tmp_path):
    config = project_config(tmp_path, sections=("journal",), index=True)
    data = sample_data(config, NOW)
    result = editions.public(config, NOW, data=data)
    site = tmp_path / "site"
    assert not (site / "generated" / "jobs").exists()
    assert not (site / "generated" / "trends").exists()
    assert (site / "generated" / "journal" / "index.html").exists()
    assert not (site / "robots.txt").exists()
    assert "noindex" not in (site / "index.html").read_text()
    assert result.pages <= 3


def test_plain_mkdocs_build_strict_of_the_project_gives_the_public_edition(built):
    # What someone gets by running `mkdocs build --strict` (no -q) in the project.
    root = built["root"]
    out = root / "plain-site"
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr
    assert (out / "generated" / "jobs" / "index.html").exists()
    assert not list(out.rglob("today*"))


def test_base_url_becomes_the_site_url_and_feed_links_are_absolute(tmp_path):
    from foundation.config import load_config

    (tmp_path / "stayready.yml").write_text(
        "site:\n  title: Mine\n  base_url: https://me.example/ready/\npublic:\n  sections: [jobs]\n"
    )
    config = load_config(tmp_path / "stayready.yml")
    editions.public(config, NOW, data=sample_data(config, NOW, days=2))
    site = tmp_path / "site"
    assert "https://me.example/ready/generated/jobs/" in (site / "sitemap.xml").read_text()
    feed = ET.parse(site / "generated" / "jobs" / "feed.xml").getroot()
    assert feed.find(f"{ATOM}link").get("href") == "https://me.example/ready/generated/jobs/"
    assert '<link rel="canonical" href="https://me.example/ready/' in page(site, ".")


def test_a_year_of_entries_makes_monthly_pages_not_one_page_each(tmp_path):
    from datetime import date, timedelta

    from stayready.site.data import Entry

    config = project_config(tmp_path)
    start = date(2025, 3, 3)
    entries = [
        Entry(date=start + timedelta(days=i), title=f"Day {i}", body="notes", slug=f"d{i}")
        for i in range(365)
    ]
    data = sample_data(config, NOW, days=365, per_day=3, entries=entries)
    result = editions.private(config, NOW, data=data, build=False)
    notes = list((tmp_path / ".private" / "docs" / "generated" / "notes").glob("*.md"))
    assert len(notes) == 13  # March 2025 to March 2026
    assert result.pages <= 80


def test_no_page_loads_anything_from_another_site(built) -> None:
    # Links to postings (and a canonical or alternate <link>) are fine; scripts, styles,
    # fonts, images and frames come from the site itself (theme.font: false, SVG charts
    # drawn at build time).
    import re

    remote = r"[\"']?(?:https?:)?//"
    loads = re.compile(
        rf"<(?:script|img|iframe|source|embed|audio|video)\b[^>]*\bsrc={remote}"
        rf"|url\(\s*{remote}|@import\s",
        re.I,
    )
    link = re.compile(r"<link\b[^>]*>", re.I)
    checked = 0
    for site in (built["root"] / "site", built["root"] / ".private" / "site"):
        for path in site.rglob("*"):
            if path.suffix not in (".html", ".css", ".svg"):
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            found = loads.search(text)
            assert found is None, f"{path}: {text[found.start() : found.start() + 120]}"
            for tag in link.findall(text):
                if re.search(r"\brel=[\"']?(canonical|alternate)", tag, re.I):
                    continue
                assert not re.search(rf"\bhref={remote}", tag, re.I), f"{path}: {tag}"
            checked += 1
    assert checked > 20
