"""The Hacker News profile over first lines of several years' threads, and its recognition
of a thread's comments whatever the feed is called or served from."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape

import pytest

from aggregator.boards import hackernews
from aggregator.parse import parse_feed, pick_profile
from foundation.config import FeedConfig
from tests.conftest import FIXTURES

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
LINES = json.loads((FIXTURES / "hn" / "first-lines.json").read_text("utf-8"))["lines"]
FEED = FeedConfig(id="hn", name="HN replay", url="http://127.0.0.1:8765/thread.xml")


@pytest.mark.parametrize("case", LINES, ids=[c["thread"] for c in LINES])
def test_first_line_of_each_year(case: dict) -> None:
    entry = {"title": 'New comment by someone in "Ask HN: Who is hiring?"', "summary": case["html"]}
    got = hackernews.fields(entry, {}, FEED)
    assert (got["company"], got["title"], got["location"]) == (
        case["company"], case["title"], case["location"])  # fmt: skip


def _thread(title: str, htmls: list[str]) -> bytes:
    items = "".join(
        f"<item><title>New comment by user{i}</title><link>http://127.0.0.1:8765/c{i}</link>"
        f"<guid>c{i}</guid><description>{escape(h)}</description>"
        f"<pubDate>Sun, 01 Mar 2026 1{i % 10}:00:00 +0000</pubDate></item>"
        for i, h in enumerate(htmls)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://127.0.0.1:8765/</link>{items}</channel></rss>").encode()  # fmt: skip


def test_a_thread_is_recognized_by_its_comments_alone() -> None:
    # A replayed or mirrored month: no hnrss address, no "Who is hiring" title.
    htmls = [c["html"] for c in LINES] + ["<p>Is anyone hiring juniors?</p>"]
    result = parse_feed(FEED, _thread("Comments", htmls), {}, NOW)
    companies = [p.company for p in result.postings]
    assert companies[: len(LINES)] == [c["company"] for c in LINES]
    assert companies[-1] == ""


@pytest.mark.parametrize(
    "title",
    [
        "Ask HN: Who is hiring? (May 2019)",
        "Ask HN: Who's Hiring? (July 2017)",
        "Ask HN: Who’s hiring (2015)",
        "whoishiring",
    ],  # fmt: skip
)
def test_thread_titles_of_several_years(title: str) -> None:
    import feedparser

    parsed = feedparser.parse(_thread(title, ["<p>Just chatting</p>"]))
    assert pick_profile(parsed, FEED) == "hackernews"


def test_a_feed_of_prose_is_not_taken_for_a_thread() -> None:
    import feedparser

    parsed = feedparser.parse(_thread("Blog", ["<p>Hello - world - again</p>", "<p>Notes</p>",
                                               "<p>A post</p>"]))  # fmt: skip
    assert pick_profile(parsed, FEED) == "generic"


def test_comments_titled_by_their_thread_are_recognized() -> None:
    import feedparser

    body = _thread("Comments", ["<p>We are hiring!</p>", "<p>See our site</p>"])
    body = body.replace(b"New comment by user", b"New comment in &quot;Ask HN: Who is hiring? "
                        b"(June 2018)&quot; by user")  # fmt: skip
    assert pick_profile(feedparser.parse(body), FEED) == "hackernews"
