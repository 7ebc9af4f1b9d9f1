"""Normalizers: URLs, stable ids, HTML to text, dates, and same-job keys."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.normalize import (
    clean_url,
    html_to_text,
    job_key,
    normalize_title,
    parse_date,
    parse_salary_text,
    plain,
    posting_id,
)
from tests.conftest import REPO, SAMPLES

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


# --- clean_url ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://boards.greenhouse.io/acme/jobs/42?gh_jid=42&utm_source=rss&utm_medium=x",
            "https://boards.greenhouse.io/acme/jobs/42?gh_jid=42",
        ),
        ("https://x.org/job?jobid=7&fbclid=abc&gclid=d", "https://x.org/job?jobid=7"),
        ("https://x.org/job?id=7&mc_cid=1&mc_eid=2&ref_src=twsrc", "https://x.org/job?id=7"),
        ("https://x.org/job?UTM_Campaign=a&req=R-12", "https://x.org/job?req=R-12"),
        ("HTTP://Example.ORG:80/a/b?q=a%20b", "http://example.org/a/b?q=a%20b"),
        ("https://example.org", "https://example.org/"),
        ("//cdn.example.org/jobs/1", "https://cdn.example.org/jobs/1"),
        ("https://x.org/jobs/1#utm_source=feed", "https://x.org/jobs/1"),
        ("https://x.org/#/jobs/12", "https://x.org/#/jobs/12"),
        ("  https://x.org/jobs/1\n", "https://x.org/jobs/1"),
    ],
)
def test_clean_url_keeps_the_job_and_drops_the_tracking(raw: str, expected: str) -> None:
    assert clean_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "ftp://example.org/file",
        "mailto:jobs@example.org",
        "/relative/path",
        "https://",
        "http://[::1",
    ],
)
def test_clean_url_refuses_what_is_not_http(raw: str | None) -> None:
    assert clean_url(raw) is None


# --- posting_id ----------------------------------------------------------------------------


def test_posting_id_is_stable_across_processes() -> None:
    # A fresh interpreter has a different hash() seed: the id must not change with it.
    code = "from aggregator.normalize import posting_id; print(posting_id('wwr', 'job-1'))"
    other = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    ).stdout.strip()
    assert other == posting_id("wwr", "job-1")
    assert len(other) == 16 and int(other, 16) >= 0


def test_posting_id_depends_on_feed_and_entry() -> None:
    assert posting_id("a", "1") != posting_id("b", "1")
    assert posting_id("a", "1") != posting_id("a", "2")
    # The separator keeps ("ab", "c") and ("a", "bc") apart.
    assert posting_id("ab", "c") != posting_id("a", "bc")


# --- html_to_text and plain --------------------------------------------------------------


def test_html_to_text_strips_tags_and_keeps_paragraphs() -> None:
    text = html_to_text(
        "<h2>About&nbsp;us</h2><p>We   build <b>tools</b> &amp; more.</p>"
        "<ul><li>Python</li><li>SQL</li></ul>"
    )
    assert text == "About us\nWe build tools & more.\n- Python\n- SQL"


def test_html_to_text_reads_html_escaped_twice() -> None:
    # Greenhouse's `content` arrives as "&lt;p&gt;..." with no real tags.
    assert html_to_text("&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;br&gt;Bye") == (
        "Hello & welcome\nBye"
    )


def test_html_to_text_of_greenhouse_sample() -> None:
    sample = SAMPLES / "json-api" / "greenhouse-board.json"
    if not sample.exists():
        pytest.skip("shared samples folder not present")
    jobs = json.loads(sample.read_text(encoding="utf-8"))["jobs"]
    for job in jobs:
        text = html_to_text(job["content"])
        assert "<" not in text.replace("< ", "")
        assert "&lt;" not in text and "&quot;" not in text
    assert html_to_text(jobs[0]["content"]).startswith("Who we are\nHelsing is a defence AI")


def test_html_to_text_drops_scripts_and_styles() -> None:
    text = html_to_text("<p>Hi</p><script>steal()</script><style>p{}</style><p>there</p>")
    assert text == "Hi\nthere"


def test_html_to_text_leaves_template_marks_inert_as_text() -> None:
    text = html_to_text("<p>{{ config }} {% raw %} --8<-- secrets.txt</p>")
    assert text == "{{ config }} {% raw %} --8<-- secrets.txt"


def test_html_to_text_caps_length() -> None:
    text = html_to_text("<p>" + "word " * 5000 + "</p>", limit=100)
    assert len(text) <= 100 and text.endswith("…")


def test_plain_is_one_line() -> None:
    assert plain("  Senior&nbsp;<b>Data</b>\x07 \n Engineer\t") == "Senior Data Engineer"
    assert plain("R&D Lead & Co") == "R&D Lead & Co"
    assert plain(None) == ""
    assert len(plain("x" * 1000)) == 300


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "&amp;lt;script&amp;gt;alert(1)",
        "<scr<script>ipt>alert(1)</script>",
        "<<script>script>",
        "< script>",
        "<SCRIPT SRC=//x.js>",
        "a<\x00script>",
    ],
)
def test_hostile_markup_comes_out_inert(hostile: str) -> None:
    for text in (html_to_text(hostile), plain(hostile)):
        assert "<script" not in text.lower()


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("<>/&;#x3cltgampscriptSCRIPT \n\t\x00é{}"))) | st.text()
)
def test_text_helpers_never_raise_nor_return_a_script_tag(raw: str) -> None:
    for text in (html_to_text(raw), html_to_text(raw, limit=20), plain(raw), plain(raw, 10)):
        assert isinstance(text, str)
        assert "<script" not in text.lower()


# --- parse_date --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T06:30:00Z", "2026-03-01T06:30:00Z"),
        ("2026-03-01T07:30:00+01:00", "2026-03-01T06:30:00Z"),
        ("2026-03-01", "2026-03-01T00:00:00Z"),
        ("2013-04-12 15:52:34.19", "2013-04-12T15:52:34Z"),  # NEOGOV's pubDate
        ("Sun, 01 Mar 2026 01:30:00 -0500", "2026-03-01T06:30:00Z"),
        ("Sun, 01 Mar 2026 06:30:00 GMT", "2026-03-01T06:30:00Z"),
        (1772346600, "2026-03-01T06:30:00Z"),  # epoch seconds
        (1772346600000, "2026-03-01T06:30:00Z"),  # epoch milliseconds (Lever)
        ("1772346600", "2026-03-01T06:30:00Z"),
        (time.gmtime(1772346600), "2026-03-01T06:30:00Z"),  # feedparser's *_parsed
        (datetime(2026, 3, 1, 6, 30), "2026-03-01T06:30:00Z"),  # naive means UTC
        ("2026-03-04T05:00:00Z", "2026-03-04T05:00:00Z"),  # within two days ahead
    ],
)
def test_parse_date_accepts_the_shapes_boards_send(value: object, expected: str) -> None:
    assert parse_date(value, NOW) == expected


@pytest.mark.parametrize(
    "value",
    [None, "", "soon", "2026-03-05T00:00:00Z", "2099-01-01", "1990-06-01", 0, -5, True, [], 1e30],
)
def test_parse_date_refuses_implausible_dates(value: object) -> None:
    assert parse_date(value, NOW) is None


# --- titles and same-job keys ------------------------------------------------------------


def test_normalize_title_expands_and_keeps_levels() -> None:
    assert normalize_title("Sr. Software Eng II (m/f/d) - Remote") == "senior software engineer ii"
    assert normalize_title("Senior Engineer") != normalize_title("Junior Engineer")
    assert normalize_title("Engineer 2") == normalize_title("Engineer II")
    assert normalize_title("C++ Developer") != normalize_title("C# Developer")
    assert normalize_title("Développeur  Back-end") == "developpeur back end"


def test_job_key_matches_the_same_job_on_two_boards() -> None:
    a = job_key("Acme, Inc.", "Senior Backend Engineer", "München, Germany")
    b = job_key("ACME", "Backend Engineer, Senior", "Munchen Germany")
    assert a == b
    assert a != job_key("Acme", "Backend Engineer", "München, Germany")  # another level
    assert a != job_key("Acme", "Senior Backend Engineer", "Berlin, Germany")  # another place
    assert a != job_key("Acme Labs", "Senior Backend Engineer", "München, Germany")


def test_html_source_line_breaks_are_spaces_but_plain_text_keeps_its_lines() -> None:
    wrapped = "<p>We are looking for\n  an engineer who\r\nships.</p><p>Second</p>"
    assert html_to_text(wrapped) == "We are looking for an engineer who ships.\nSecond"
    assert html_to_text("Line one &amp; more\nLine two") == "Line one & more\nLine two"


# --- salary in free text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$120k - $150k", (120000, 150000, "USD", "year")),
        ("$120,000–$150,000 per year", (120000, 150000, "USD", "year")),
        ("€50.000 per annum", (50000, 50000, "EUR", "year")),
        ("$18/hr", (18, 18, "USD", "hour")),
        ("USD 100000 - 120000", (100000, 120000, "USD", "year")),
        ("120k-150k USD", (120000, 150000, "USD", "year")),
        ("120k-150k", (120000, 150000, None, "year")),
        ("£40k", (40000, 40000, "GBP", "year")),
        ("CA$90,000 to 110,000 a year", (90000, 110000, "CAD", "year")),
        ("$3,000/month", (3000, 3000, "USD", "month")),
    ],
)
def test_parse_salary_text_reads_common_pay_phrases(text: str, expected: tuple) -> None:
    salary = parse_salary_text(text)
    assert salary is not None and salary.source == "text"
    assert (salary.min, salary.max, salary.currency, salary.period) == expected


@pytest.mark.parametrize(
    "text", [None, "", "3bd 1930ft", "we offer a 401k", "10k users a day", "5+ years"]
)
def test_parse_salary_text_ignores_numbers_that_are_not_pay(text: str | None) -> None:
    assert parse_salary_text(text) is None


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("javascript:alert(1)", "javascript :alert(1)"),
        ("0JavaScript:alert(1)", "0JavaScript :alert(1)"),
        ("vbscript:msgbox", "vbscript :msgbox"),
        ("JavaScript: Senior Engineer", "JavaScript: Senior Engineer"),  # a real title stays
    ],
)
def test_a_script_address_in_a_title_is_defused(title, shown):
    assert plain(title) == shown
