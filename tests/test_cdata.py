"""Escaped HTML rewritten as CDATA (aggregator/cdata.py) reads exactly as the body sent:
the same feedparser result where it rewrites, no rewrite where it cannot prove that."""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aggregator.parse as parse_module
from aggregator.cdata import as_cdata
from aggregator.parse import parse_feed
from foundation.config import FeedConfig
from tests.conftest import FIXTURES, REPO, SAMPLES

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
UTF8 = {"content-type": "application/rss+xml; charset=utf-8"}
# Long enough to be worth rewriting (cdata._MIN_REFERENCES).
LONG = "<p>Build <b>APIs</b> &amp; services.</p><ul><li>Python</li><li>SQL</li></ul>" * 4


def _read(body: bytes, headers: dict[str, str] | None = None) -> Any:
    import feedparser

    return feedparser.parse(
        io.BytesIO(body),
        response_headers=headers or {},
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _same(a: Any, b: Any) -> None:
    assert a.get("bozo") == b.get("bozo")
    assert a.entries == b.entries
    assert a.feed == b.feed
    assert a.get("encoding") == b.get("encoding") and a.get("version") == b.get("version")


def _rss(
    description: str,
    *,
    head: bytes = b'<?xml version="1.0" encoding="UTF-8"?>',
    extra: str = "",
    encoding: str = "utf-8",
) -> bytes:
    item = (
        f"<item><title>Acme: Engineer</title><guid>1</guid>"
        f"<description>{description}</description></item>"
    )
    text = f'<rss version="2.0"><channel><title>Jobs</title>{extra}{item}</channel></rss>'
    return head + b"\n" + text.encode(encoding)


def test_escaped_descriptions_are_rewritten_and_read_the_same() -> None:
    body = _rss(escape(LONG))
    quick = as_cdata(body, UTF8)
    assert quick is not None and b"<![CDATA[<p>Build <b>APIs</b> &amp; services." in quick
    _same(_read(quick, UTF8), _read(body, UTF8))
    assert _read(quick).entries[0].summary == LONG


def test_the_benchmark_feed_is_rewritten_and_reads_the_same() -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from gen_feeds import listings, wwr
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    body = wwr(
        listings(12, seed=5, day=NOW.date(), field="software", area="Remote"),
        "https://weworkremotely.example.com/categories/remote-programming-jobs",
    )
    quick = as_cdata(body, UTF8)
    assert quick is not None
    _same(_read(quick, UTF8), _read(body, UTF8))


@pytest.mark.parametrize(
    "text",
    [
        escape("]]>" + LONG + "]]>x]]"),  # "]]>" in the decoded text: split over sections
        escape(LONG).replace("&amp;", "&amp;amp;") + "&amp;lt;p&amp;gt;",  # escaped twice
        escape(LONG) + "&quot;quoted&quot; &apos;single&apos; &gt;",
        escape(LONG) + "\r\nline\rbreaks\n",
        escape(LONG) + "  café — 東京 ✓",
    ],
)
def test_decoded_text_is_exactly_the_parsed_text(text: str) -> None:
    body = _rss(text)
    quick = as_cdata(body, UTF8)
    assert quick is not None
    _same(_read(quick, UTF8), _read(body, UTF8))


@pytest.mark.parametrize(
    "text",
    [
        escape(LONG) + "&#8217;",  # a character reference: left as sent
        escape(LONG) + "&#x2019;",
        escape(LONG) + "&#13;",  # a CR by reference would become a newline in CDATA
        escape(LONG) + "&nbsp;",  # undeclared: a fault, the lenient parser's business
        escape(LONG) + " a & b",  # a bare ampersand: a fault
        escape(LONG) + "]]>",  # a raw "]]>" in text: a fault
    ],
)
def test_text_with_other_references_or_faults_is_left_as_sent(text: str) -> None:
    assert as_cdata(_rss(text), UTF8) is None


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (_rss(escape(LONG), extra="<x><![CDATA[a]]></x>"), UTF8),  # CDATA already there
        (_rss(escape(LONG), head=b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY c "x">]>'), UTF8),
        (_rss(escape(LONG), head=b'<?xml version="1.0" encoding="Shift_JIS"?>'), {}),
        (
            _rss(escape(LONG), head=b'<?xml version="1.0"?>'),
            {"content-type": "application/rss+xml; charset=Big5"},
        ),
        (
            _rss(escape(LONG), head=b'<?xml version="1.0" encoding="UTF-16"?>', encoding="utf-16"),
            {},
        ),
        (b"\xef\xbb\xbf  " + b"not xml " + escape(LONG).encode(), {}),
    ],
)
def test_bodies_it_cannot_prove_equivalent_are_left_as_sent(
    body: bytes, headers: dict[str, str]
) -> None:
    assert as_cdata(body, headers) is None


def test_single_byte_encodings_are_rewritten_and_read_the_same() -> None:
    body = _rss(
        escape(LONG) + " Zürich",
        head=b'<?xml version="1.0" encoding="ISO-8859-1"?>',
        encoding="latin-1",
    )
    quick = as_cdata(body, {})
    assert quick is not None
    _same(_read(quick), _read(body))
    assert _read(quick).entries[0].summary.endswith(" Zürich")


def test_inside_a_comment_it_changes_nothing_read() -> None:
    body = _rss(escape(LONG), extra=f"<!-- <description>{escape(LONG)}</description> -->")
    quick = as_cdata(body, UTF8)
    assert quick is not None
    _same(_read(quick, UTF8), _read(body, UTF8))


def test_a_faulty_body_is_parsed_as_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    # The rewrite makes it no better and no worse: the fault and its line are the original's.
    body = _rss(escape(LONG), extra="<broken>\n</item>")
    assert as_cdata(body, UTF8) is not None
    feed = FeedConfig(id="f", name="F", url="https://example.org/f.xml")
    quick = parse_feed(feed, body, UTF8, NOW)
    monkeypatch.setattr(parse_module, "as_cdata", lambda body, headers: None)
    assert parse_feed(feed, body, UTF8, NOW) == quick


def _bodies() -> list[Path]:
    found = sorted(p for p in (FIXTURES / "feeds").iterdir() if not p.name.endswith(".json"))
    if (SAMPLES / "rss").is_dir():
        found += sorted((SAMPLES / "rss").iterdir())
    return found


@pytest.mark.parametrize("path", _bodies(), ids=lambda p: p.name)
def test_every_fixture_and_sample_parses_the_same_either_way(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = FeedConfig(id=path.stem, name=path.stem, url=f"https://example.org/{path.name}")
    body = path.read_bytes()
    quick = parse_feed(feed, body, {}, NOW)
    monkeypatch.setattr(parse_module, "as_cdata", lambda body, headers: None)
    assert parse_feed(feed, body, {}, NOW) == quick


_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<b>",
        "&",
        "&amp;",
        "]]>",
        "]]",
        ">",
        '"',
        "'",
        "\n",
        "\r\n",
        " ",
        "é",
        "東",
        "x",
        "<![CDATA[",
        "&lt;",
    ]
)


@settings(max_examples=120, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=6), max_size=40).map("".join))
def test_any_escaped_text_reads_the_same(text: str) -> None:
    body = _rss(escape(LONG + text, {'"': "&quot;", "'": "&apos;"}))
    quick = as_cdata(body, UTF8)
    if quick is not None:
        _same(_read(quick, UTF8), _read(body, UTF8))
