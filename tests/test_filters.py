"""Keep and block rules (stayready.yml `filters`, global and per feed): each field, plain
words and regular expressions, case ignored, and a feed's rules narrowing the global ones."""

from __future__ import annotations

from pathlib import Path

from aggregator.filters import passes
from aggregator.models import Posting
from foundation.config import load_config
from tests.conftest import write_config


def _posting(title: str, company: str = "Acme", location: str = "Austin, TX",
             text: str = "", locations: tuple[str, ...] = ()) -> Posting:  # fmt: skip
    return Posting(id=title, feed_id="f", feed="F", url="https://x.example/1", title=title,
                   company=company, location=location, locations=list(locations),
                   description=text)  # fmt: skip


def _kept(project: Path, filters_yaml: str, feed_filters: str = "") -> dict[str, bool]:
    feed = "  - {name: F, id: f, url: 'https://x.example/rss'" + (
        f", filters: {feed_filters}" if feed_filters else ""
    ) + "}\n"  # fmt: skip
    config = load_config(write_config(project, f"feeds:\n{feed}filters:\n{filters_yaml}"))
    postings = [
        _posting("Staff Nurse", company="St. Mary's Hospital"),
        _posting("Summer Intern", company="Acme"),
        _posting("Internal Auditor", company="Acme"),
        _posting("Software Engineer", company="TalentBridge Staffing", location="Remote"),
        _posting(
            "Teacher",
            company="ISD",
            location="Round Rock, TX",
            text="Requires a Texas teaching certificate.",
        ),  # fmt: skip
        _posting("Data Analyst", location="", locations=("Chicago, IL", "Remote")),
    ]
    return {p.title: passes(p, config.filters, config.feeds[0]) for p in postings}


def test_each_field_is_searched_on_its_own(project: Path) -> None:
    got = _kept(project, "  block:\n    - company: staffing\n    - location: round rock\n"
                "    - text: certificate\n")  # fmt: skip
    assert not got["Software Engineer"]  # company, any case
    assert not got["Teacher"]  # location, and text
    assert got["Staff Nurse"]  # "Staff" in the title is not the company's "Staffing"


def test_a_location_rule_sees_every_listed_place(project: Path) -> None:
    got = _kept(project, "  keep:\n    - location: chicago\n")
    assert got["Data Analyst"] and not got["Staff Nurse"]


def test_a_rule_is_a_regular_expression_searched_anywhere(project: Path) -> None:
    # A plain word matches inside longer words; \b asks for a whole word (README).
    plain = _kept(project, "  block:\n    - title: intern\n")
    assert not plain["Summer Intern"] and not plain["Internal Auditor"]
    whole = _kept(project, "  block:\n    - title: '\\bintern(ship)?\\b'\n")
    assert not whole["Summer Intern"] and whole["Internal Auditor"]


def test_any_field_and_a_feeds_rules_narrow_the_global_ones(project: Path) -> None:
    got = _kept(project, "  keep:\n    - 'nurse|teacher|engineer'\n",
                feed_filters="{keep: [{title: engineer}]}")  # fmt: skip
    assert got == {"Staff Nurse": False, "Summer Intern": False, "Internal Auditor": False,
                   "Software Engineer": True, "Teacher": False, "Data Analyst": False}  # fmt: skip
