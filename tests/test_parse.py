"""Feeds to postings: every board shape and fault in tests/fixtures/feeds/, plus the real samples.

Each fixture is `<name>.<xml|rdf|atom>` with `<name>.expected.json` beside it, holding the
feed's config overrides and the expected result (postings compared field by field).
"""

from __future__ import annotations

import json
import re
import sys
import types
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.boards import JSON_KINDS
from aggregator.models import Posting
from aggregator.normalize import posting_id
from aggregator.parse import ParseResult, parse_feed, pick_profile
from foundation.config import FeedConfig
from tests.conftest import FIXTURES, SAMPLES

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
FEEDS = FIXTURES / "feeds"
CASES = sorted(p for p in FEEDS.iterdir() if not p.name.endswith(".json"))


def _feed(stem: str, overrides: dict[str, Any] | None = None) -> FeedConfig:
    values: dict[str, Any] = {"url": f"https://example.org/{stem}.xml"}
    values.update(overrides or {})
    if values.get("title_pattern"):
        values["title_pattern"] = re.compile(values["title_pattern"])
    return FeedConfig(id=stem, name=f"Fixture {stem}", **values)


def _parse_case(path: Path) -> tuple[ParseResult, dict[str, Any], FeedConfig]:
    expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text("utf-8"))
    feed = _feed(path.stem, expected.get("feed"))
    result = parse_feed(feed, path.read_bytes(), expected.get("headers", {}), NOW)
    return result, expected, feed


def _assert_inert(posting: Posting) -> None:
    assert posting.url == "" or re.match(r"^https?://[^\s<>\"]+$", posting.url), posting.url
    for name, value in posting.to_dict().items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str):
                assert "<script" not in text.lower(), (name, text)
                assert "javascript:" not in text.lower() or name == "description", (name, text)


def test_every_fixture_has_its_expectation() -> None:
    assert len(CASES) >= 15
    for path in CASES:
        assert path.with_name(f"{path.stem}.expected.json").exists(), path.name


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_fixture(path: Path) -> None:
    result, expected, feed = _parse_case(path)

    if expected.get("error"):
        assert result.error is not None and expected["error"] in result.error
    elif "error_matches" in expected:
        assert result.error is not None and re.match(expected["error_matches"], result.error)
    else:
        assert result.error is None
    if "title" in expected:
        assert result.title == expected["title"]
    if "warning" in expected:
        assert result.warning is not None and result.warning.startswith(expected["warning"])
    if "profile" in expected:
        import feedparser

        parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
        assert pick_profile(parsed, feed) == expected["profile"]

    assert len(result.postings) == len(expected["postings"])
    for posting, want in zip(result.postings, expected["postings"], strict=True):
        got = posting.to_dict()
        for key, value in want.items():
            if key == "source_id":
                assert posting.id == posting_id(feed.id, value)
            else:
                assert got[key] == value, f"{path.stem}: {key}"
        assert posting.feed == feed.name and posting.feed_id == feed.id
        assert posting.area == feed.area
        assert posting.first_seen == posting.last_seen == "2026-03-02T06:00:00Z"
        assert posting.requirements == {} and posting.duplicate_of is None
        _assert_inert(posting)
    assert len({p.id for p in result.postings}) == len(result.postings)


def test_ids_are_the_same_on_the_next_run() -> None:
    body = (FEEDS / "wwr.xml").read_bytes()
    first = parse_feed(_feed("wwr"), body, {}, NOW)
    later = parse_feed(_feed("wwr"), body, {}, datetime(2026, 3, 9, tzinfo=UTC))
    assert [p.id for p in first.postings] == [p.id for p in later.postings]
    assert later.postings[0].first_seen == "2026-03-09T00:00:00Z"
    # The same entries on another feed are other postings (linked later as duplicates).
    other = parse_feed(_feed("wwr-copy"), body, {}, NOW)
    assert not {p.id for p in first.postings} & {p.id for p in other.postings}


def test_configured_profile_beats_detection() -> None:
    body = (FEEDS / "wwr.xml").read_bytes()
    forced = parse_feed(_feed("wwr", {"profile": "generic"}), body, {}, NOW)
    # Read as any feed would be: its titles' shape, none of the board's own elements.
    assert forced.title_shape == "Company: Role"
    assert forced.postings[0].title == "Senior Python Engineer"
    assert forced.postings[0].company == "Acme Robotics"


def test_content_type_header_with_charset_is_honoured() -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Café</title>'
        "<item><title>Cuisinier à Café Zoé</title><guid>1</guid></item></channel></rss>"
    ).encode("latin-1")
    result = parse_feed(
        _feed("latin"), body, {"Content-Type": "application/rss+xml; charset=iso-8859-1"}, NOW
    )
    assert result.error is None and result.warning is None
    assert result.postings[0].title == "Cuisinier à Café Zoé"


# --- JSON kinds dispatch -------------------------------------------------------------------


def test_json_kind_with_broken_json_is_an_error_result() -> None:
    feed = FeedConfig(id="gh", name="GH", url="https://example.org/x", kind="greenhouse")
    result = parse_feed(feed, b'{"jobs": [1, 2,\n', {}, NOW)
    assert result.postings == []
    assert result.error is not None and re.match(r"not valid JSON: .+ at line 2$", result.error)


def test_json_kind_with_html_is_an_error_result() -> None:
    feed = FeedConfig(id="gh", name="GH", url="https://example.org/x", kind="greenhouse")
    result = parse_feed(feed, (FEEDS / "html-page.xml").read_bytes(), {}, NOW)
    assert result.error == "the server sent an HTML page, not JSON"


def test_json_kind_given_a_feed_says_so() -> None:
    feed = FeedConfig(id="gh", name="GH", url="https://example.org/x", kind="greenhouse")
    result = parse_feed(feed, (FEEDS / "wwr.xml").read_bytes(), {}, NOW)
    assert result.postings == []
    assert result.error is not None and result.error.startswith("the server sent XML, not JSON")


def test_json_kind_without_its_module_is_an_error_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(JSON_KINDS, "nowhere", "aggregator.boards.no_such_board_module")
    feed = FeedConfig(id="nw", name="NW", url="https://example.org/x", kind="nowhere")
    result = parse_feed(feed, b"[]", {}, NOW)
    assert result.error is not None and "nowhere" in result.error


def test_json_kind_dispatches_to_its_board_module(monkeypatch: pytest.MonkeyPatch) -> None:
    # A minimal board module with the contract the JSON kinds implement.
    module = types.ModuleType("stayready_test_board")

    def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
        if data.get("boom"):
            raise KeyError("jobs")
        return [
            Posting(
                id=posting_id(feed.id, str(j["id"])),
                feed_id=feed.id,
                feed=feed.name,
                url="",
                title=j["title"],
                company="Acme",
            )  # fmt: skip
            for j in data["jobs"]
        ]

    module.parse = parse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "stayready_test_board", module)
    monkeypatch.setitem(JSON_KINDS, "testboard", "stayready_test_board")
    feed = FeedConfig(id="tb", name="TB", url="https://example.org/x", kind="testboard")
    body = (
        b'{"jobs": [{"id": 1, "title": "Old"}, {"id": 2, "title": "B"}, {"id": 1, "title": "New"}]}'
    )
    result = parse_feed(feed, body, {}, NOW)
    assert result.error is None
    assert [p.title for p in result.postings] == ["New", "B"]  # one per id, last wins
    failing = parse_feed(feed, b'{"boom": true}', {}, NOW)
    assert failing.postings == [] and failing.error and "testboard" in failing.error


# --- the real samples ------------------------------------------------------------------------


def _sample(name: str) -> bytes:
    path = SAMPLES / "rss" / name
    if not path.exists():
        pytest.skip(f"real sample {path} not present (the shared samples folder is optional)")
    return path.read_bytes()


def test_sample_weworkremotely() -> None:
    feed = _feed("wwr", {"url": "https://weworkremotely.com/remote-jobs.rss"})
    result = parse_feed(feed, _sample("weworkremotely.xml"), {}, NOW)
    assert result.error is None and len(result.postings) == 5
    first = result.postings[0]
    assert (first.company, first.title) == (
        "Summedd",
        "Full Stack Engineer with AI Coding expertise for SaaS Platform",
    )
    assert first.published == "2026-02-22T04:18:34Z"
    assert first.description.startswith("Headquarters: New York\n")
    assert [p.company for p in result.postings] == ["Summedd", "Coorbiz", "Ottimate", "Betu", "WEX"]
    assert result.postings[3].location == "Denpasar"
    assert "Monitoring and Analytics" in result.postings[2].tags
    for posting in result.postings:
        _assert_inert(posting)


def test_sample_neogov() -> None:
    feed = _feed("mi", {"url": "http://agency.governmentjobs.com/michigan/default.cfm?format=xml"})
    result = parse_feed(feed, _sample("neogov-governmentjobs.rss"), {}, NOW)
    assert result.error is None and result.title == "State of Michigan, MI"
    assert {p.company for p in result.postings} == {"State of Michigan"}
    intern, manager, dentist = result.postings[:3]
    assert intern.salary is None  # "Not Displayed"
    assert intern.location == "Lansing, Michigan"
    assert intern.published == "2013-04-12T20:52:34Z"  # local time, UTC offset -5 from the channel
    assert (
        intern.url
        == "http://agency.governmentjobs.com/michigan/default.cfm?action=viewjob&jobid=634789"
    )
    assert manager.salary is not None
    assert (manager.salary.min, manager.salary.max, manager.salary.period) == (59334, 77066, "year")
    assert manager.department == "Michigan Strategic Fund (MSF)"
    assert dentist.salary is not None and dentist.salary.period == "hour"
    assert intern.tags == ["Internship"]


def test_sample_craigslist() -> None:
    feed = _feed("cl", {"url": "https://sfbay.craigslist.org/search/apa?format=rss"})
    result = parse_feed(feed, _sample("craigslist-rss1.rdf"), {}, NOW)
    assert result.error is None and len(result.postings) == 25
    first = result.postings[0]
    assert first.title == "Bright, Spacious Beautiful Victorian"
    assert first.location == "oakland north / temescal"
    assert first.company == ""  # dc:source is the item's own URL, not a company
    assert first.salary is not None and first.salary.min == 4300
    assert first.published == "2017-06-21T17:33:10Z"
    assert result.postings[3].title == "New 1Bed 1Bath ($2095) Arbors"
    for posting in result.postings:
        assert "craigslist.org" not in posting.company


# --- whatever arrives, a result comes back -------------------------------------------------

_XMLISH = st.sampled_from(
    [
        b"<?xml version='1.0'?>",
        b"<rss version='2.0'>",
        b"<channel>",
        b"<item>",
        b"</item>",
        b"<title>",
        b"</title>",
        b"<link>",
        b"javascript:alert(1)",
        b"https://x.example/j?utm_source=a",
        b"</link>",
        b"<description>",
        b"&lt;script&gt;",
        b"<![CDATA[<script>x</script>]]>",
        b"&amp;",
        b"\xff\xfe",
        b"<feed xmlns='http://www.w3.org/2005/Atom'>",
        b"<entry>",
        b"<pubDate>Mon, 99 Foo 2026</pubDate>",
        b"A | B | C",
        b" at ",
        b"<html>",
        b"{}",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_XMLISH | st.binary(max_size=12), max_size=25).map(b"".join))
def test_any_body_gives_a_result_never_an_exception(body: bytes) -> None:
    result = parse_feed(_feed("fuzz"), body, {}, NOW)
    assert isinstance(result, ParseResult)
    assert result.error is None or not result.postings  # an error never comes with postings
    for posting in result.postings:
        _assert_inert(posting)
