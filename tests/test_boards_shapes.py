"""Title shapes of generic feeds: each shape and each trap, as fixtures in
tests/fixtures/shapes/ with the expected shape and postings beside each feed; the real
We Work Remotely sample read as an unknown feed; the shape shown by `status --json`."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.boards import shapes
from aggregator.parse import parse_feed
from foundation.config import FeedConfig
from tests.conftest import FIXTURES, SAMPLES

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
CASES = sorted((FIXTURES / "shapes").glob("*.xml"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_shape_fixture(path: Path) -> None:
    expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text("utf-8"))
    feed = FeedConfig(id=path.stem, name=path.stem, url=f"https://example.org/{path.stem}.xml")
    result = parse_feed(feed, path.read_bytes(), {}, NOW)
    assert result.title_shape == expected["title_shape"]
    got = [{"title": p.title, "company": p.company, "location": p.location}
           for p in result.postings]  # fmt: skip
    assert got == expected["postings"]


@pytest.mark.parametrize(
    ("shape", "title", "company", "role", "place"),
    [
        (shapes.COMPANY_ROLE, "Acme: Senior Data Engineer (Austin, TX)", "Acme",
         "Senior Data Engineer", "Austin, TX"),
        (shapes.ROLE_AT_COMPANY, "Data Engineer at Acme - Austin", "Acme", "Data Engineer",
         "Austin"),
        (shapes.ROLE_DASH_COMPANY, "Data Engineer - Acme", "Acme", "Data Engineer", ""),
        (shapes.PIPES, "Acme | Data Engineer | Austin, TX", "Acme", "Data Engineer",
         "Austin, TX"),
        (shapes.ROLE_PLACE, "Data Engineer (Austin, TX)", "", "Data Engineer", "Austin, TX"),
    ],
)  # fmt: skip
def test_each_shape_reads_a_title(shape: str, title: str, company: str, role: str,
                                  place: str) -> None:  # fmt: skip
    got = shapes.split(shape, title)
    assert got is not None
    assert (got["company"], got["title"], got["location"]) == (company, role, place)


@pytest.mark.parametrize(
    ("shape", "title"),
    [
        (shapes.COMPANY_ROLE, "Engineer: Backend"),
        (shapes.COMPANY_ROLE, "Senior: Data"),
        (shapes.ROLE_DASH_COMPANY, "Lead - Platform"),
        (shapes.ROLE_DASH_COMPANY, "Nurse - Austin, TX"),
        (shapes.ROLE_AT_COMPANY, "Senior Engineer at Scale"),
        (shapes.ROLE_AT_COMPANY, "Work at Home Agent"),
        (shapes.PIPES, "Senior | Engineer"),
    ],
)
def test_traps_are_not_companies(shape: str, title: str) -> None:
    assert shapes.split(shape, title) is None


def test_a_trailing_team_is_not_a_place() -> None:
    got = shapes.split(shapes.COMPANY_ROLE, "Acme: Senior Engineer - Backend")
    assert got is not None and (got["title"], got["location"]) == ("Senior Engineer - Backend", "")


def test_few_or_mixed_titles_choose_no_shape() -> None:
    # One title shows no repetition: only a shape with its own separator reads it.
    assert shapes.sniff(["Acme: Data Engineer"]) == shapes.COMPANY_ROLE
    assert shapes.sniff(["Engineer: Backend"]) == shapes.NONE
    assert shapes.sniff(["Data Engineer - Acme"]) == shapes.NONE
    assert shapes.sniff([]) == shapes.NONE
    half = ["Acme: Data Engineer", "Globex: Analyst", "Nurse at Umbrella", "Cook at Initech"]
    assert shapes.sniff(half) == shapes.NONE
    most = ["Acme: Data Engineer", "Globex: Analyst", "Initech: Cook", "Nurse at Umbrella"]
    assert shapes.sniff(most) == shapes.COMPANY_ROLE


def test_the_title_pattern_still_overrides() -> None:
    path = FIXTURES / "shapes" / "company-role.xml"
    feed = FeedConfig(id="p", name="p", url="https://example.org/p.xml",
                      title_pattern=re.compile(r"^(?P<company>[^:]+): (?P<title>.+)$"))  # fmt: skip
    result = parse_feed(feed, path.read_bytes(), {}, NOW)
    assert result.title_shape == "title_pattern"
    assert result.postings[0].title == "Senior Data Engineer (Austin, TX)"
    assert result.postings[0].company == "Acme"


@pytest.mark.skipif(not (SAMPLES / "rss").is_dir(), reason="no shared samples here")
def test_real_wwr_sample_read_as_an_unknown_feed() -> None:
    feed = FeedConfig(id="m", name="mirror", url="http://127.0.0.1:9/mirror.rss", profile="generic")
    result = parse_feed(feed, (SAMPLES / "rss" / "weworkremotely.xml").read_bytes(), {}, NOW)
    assert result.title_shape == shapes.COMPANY_ROLE
    assert [p.company for p in result.postings] == ["Summedd", "Coorbiz", "Ottimate", "Betu", "WEX"]
    role = "Full Stack Engineer with AI Coding expertise for SaaS Platform"
    assert result.postings[0].title == role


def test_an_employers_own_feed_reads_role_dash_unit_as_a_role() -> None:
    titles = ["Registered Nurse - ICU", "Nurse Manager - Oncology", "Pharmacist - Outpatient"]
    assert shapes.sniff(titles) == shapes.ROLE_DASH_COMPANY
    assert shapes.sniff(titles, company_elsewhere=True) == shapes.NONE
    items = "".join(f"<item><title>{t}</title><guid>{i}</guid></item>"
                    for i, t in enumerate(titles))  # fmt: skip
    body = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Careers at Stark Hospital"
            f"</title>{items}</channel></rss>").encode()  # fmt: skip
    feed = FeedConfig(id="s", name="s", url="https://example.org/s.xml")
    result = parse_feed(feed, body, {}, NOW)
    assert [(p.company, p.title) for p in result.postings] == [
        ("Stark Hospital", t) for t in titles]  # fmt: skip
