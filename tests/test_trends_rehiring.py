"""Reposts versus cross-feed duplicates, cadence and lifetimes, from replayed histories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.models import Posting
from aggregator.trends import compute_trends
from foundation.clock import parse_instant

SCENARIOS = json.loads(
    (Path(__file__).parent / "fixtures" / "trends" / "reposts.json").read_text()
)["scenarios"]


def _stamp(day: str | None) -> str | None:
    return f"{day}T08:00:00Z" if day else None


def posting(d: dict) -> Posting:
    return Posting(
        id=d["id"], feed_id=d["feed_id"], feed=d["feed_id"], url="https://x.example/" + d["id"],
        title=d["title"], company=d["company"], location=d["location"],
        area=d.get("area"), published=_stamp(d.get("published")),
        first_seen=_stamp(d["first_seen"]), last_seen=_stamp(d["last_seen"]),
        duplicate_of=d.get("duplicate_of"), closed=_stamp(d.get("closed")),
        requirements={"terms": d.get("terms", [])},
    )  # fmt: skip


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
def test_reposts_and_duplicates(scenario):
    report = compute_trends([posting(d) for d in scenario["postings"]],
                            now=parse_instant(scenario["now"]))  # fmt: skip
    got = {c.company: {"postings": c.postings, "reposts": c.reposts,
                       "months_active": c.months_active} for c in report.companies}  # fmt: skip
    assert got == scenario["expected"]


def test_cadence_roles_and_areas():
    rows = [
        {"id": "1", "feed_id": "a", "company": "Acme", "title": "Nurse", "location": "Denver",
         "first_seen": "2026-01-03", "last_seen": "2026-01-09", "area": "health"},
        {"id": "2", "feed_id": "a", "company": "Acme", "title": "Nurse", "location": "Boston",
         "first_seen": "2026-01-04", "last_seen": "2026-01-09", "area": "health"},
        {"id": "3", "feed_id": "b", "company": "ACME", "title": "Accountant", "location": "Denver",
         "first_seen": "2025-11-04", "last_seen": "2025-11-09", "area": "finance"},
    ]  # fmt: skip
    (c,) = compute_trends([posting(d) for d in rows], now=parse_instant("2026-02-01")).companies
    assert c.company == "Acme"
    assert (c.postings, c.roles, c.titles, c.areas) == (3, 3, 2, ["finance", "health"])
    assert c.cadence == {"2025-11": 1, "2026-01": 2}
    assert (c.first_month, c.last_month, c.months_active) == ("2025-11", "2026-01", 2)
    assert c.per_month == 1.0  # 3 postings over the three months from first to last


def test_lifetimes_only_from_closed_postings():
    rows = [  # closed: left a whole-board source; the others only scrolled off a feed
        {"id": "1", "feed_id": "gh", "company": "B", "title": "T1", "location": "L",
         "first_seen": "2026-01-01", "last_seen": "2026-01-10", "closed": "2026-01-11"},
        {"id": "2", "feed_id": "gh", "company": "B", "title": "T2", "location": "L",
         "first_seen": "2026-01-01", "last_seen": "2026-01-30", "closed": "2026-01-31"},
        {"id": "3", "feed_id": "gh", "company": "B", "title": "T3", "location": "L",
         "first_seen": "2026-01-05", "last_seen": "2026-01-25", "closed": "2026-01-25"},
        {"id": "4", "feed_id": "rss", "company": "B", "title": "T4", "location": "L",
         "first_seen": "2026-01-01", "last_seen": "2026-01-02"},
    ]  # fmt: skip
    report = compute_trends([posting(d) for d in rows], now=parse_instant("2026-02-15"),
                            min_count=3)  # fmt: skip
    (c,) = report.companies
    assert (c.lifetimes, c.lifetime_median_days) == (3, 20.0)  # 10, 30 and 20 days
    (overall,) = report.lifetimes
    assert (overall.area, overall.count, overall.median_days) == (None, 3, 20.0)
    assert compute_trends([posting(d) for d in rows], now=parse_instant("2026-02-15"),
                          min_count=4).lifetimes == []  # fmt: skip


def test_postings_without_a_company_count_for_terms_only():
    rows = [{"id": str(i), "feed_id": "a", "company": " ", "title": "Nurse", "location": "X",
             "first_seen": f"2026-01-0{i}", "last_seen": f"2026-01-0{i}", "terms": ["RN"]}
            for i in (1, 2)]  # fmt: skip
    report = compute_trends([posting(d) for d in rows], now=parse_instant("2026-02-01"))
    assert report.companies == [] and report.history["postings"] == 2
    assert {(r.term, r.count) for r in report.terms if r.area is None} == {("RN", 2)}
