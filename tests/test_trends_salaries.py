"""Salary ranges by area and by term: periods made yearly only where sound, currencies apart."""

from __future__ import annotations

import pytest

from aggregator.models import Posting, Salary
from aggregator.trends import compute_trends
from aggregator.trends.salaries import normalize
from foundation.clock import parse_instant

NOW = parse_instant("2026-03-10T06:00:00Z")
_n = 0


def p(lo, hi, currency="USD", period="year", *, kind="full-time", area="software",
      seen="2026-02-03", terms=("Python",), feed_field=False) -> Posting:  # fmt: skip
    global _n
    _n += 1
    salary = {"min": lo, "max": hi, "currency": currency, "period": period, "source": "text"}
    return Posting(
        id=f"s{_n}", feed_id="f", feed="F", url="https://x.example/", title=f"Role {_n}",
        company=f"Co {_n}", area=area, first_seen=f"{seen}T07:00:00Z",
        last_seen=f"{seen}T07:00:00Z", employment_type=kind,
        salary=Salary(lo, hi, currency, period, "feed") if feed_field else None,
        requirements={"terms": list(terms), **({} if feed_field else {"salary": salary})},
    )  # fmt: skip


HISTORY = [
    # software, USD, yearly: four stated yearly (one from the feed field) and one full-time
    # hourly rate (50-60/h x 2080 = 104,000-124,800)
    p(100_000, 120_000), p(110_000, 130_000), p(90_000, 110_000, feed_field=True),
    p(80_000, 100_000), p(50, 60, period="hour"),
    # software, EUR, monthly x 12: never mixed with dollars
    *[p(4_000 + i * 500, 5_000 + i * 500, "EUR", "month") for i in range(5)],
    # contractors' hourly rates stay hourly
    *[p(40 + i, 60 + i, period="hour", kind="contract", terms=("Go",)) for i in range(5)],
    # too old for the last twelve months, and a parsing slip ($120 a year): both left out
    p(500_000, 600_000, seen="2025-02-20"), p(120, 150),
]  # fmt: skip


@pytest.fixture(scope="module")
def ranges():
    report = compute_trends(HISTORY, now=NOW, min_count=5)
    return {(r.by, r.area, r.term, r.currency, r.period): r for r in report.salaries}


def test_area_range_in_dollars_per_year(ranges):
    r = ranges[("area", "software", None, "USD", "year")]
    # lows 100, 110, 90, 80, 104 k; highs 120, 130, 110, 100, 124.8 k
    # midpoints 110, 120, 100, 90, 114.4 k
    assert r.count == 5
    assert (r.low, r.high) == (100_000, 120_000)
    assert (r.p25, r.median, r.p75) == (100_000, 110_000, 114_400)
    assert (r.from_month, r.to_month) == ("2025-04", "2026-03")


def test_currencies_and_periods_kept_apart(ranges):
    eur = ranges[("area", "software", None, "EUR", "year")]
    assert (eur.count, eur.low, eur.high) == (5, 60_000, 72_000)  # 5,000 and 6,000 x 12
    hourly = ranges[("area", "software", None, "USD", "hour")]
    assert (hourly.count, hourly.low, hourly.high) == (5, 42, 62)
    assert ("area", None, None, "USD", "year") in ranges  # all areas together


def test_by_term_and_min_count(ranges):
    assert ranges[("term", None, "Python", "USD", "year")].count == 5
    assert ranges[("term", None, "Go", "USD", "hour")].count == 5
    assert all(r.count >= 5 for r in ranges.values())
    fewer = compute_trends(HISTORY[:4], now=NOW, min_count=5)
    assert fewer.salaries == []


@pytest.mark.parametrize("salary, kind, expected", [
    ({"min": 120_000, "max": 150_000, "currency": "usd", "period": "year"}, None,
     (120_000, 150_000, "USD", "year")),
    ({"min": 150_000, "max": 120_000, "currency": "USD", "period": "yearly"}, None,
     (120_000, 150_000, "USD", "year")),
    ({"min": 45_000, "max": None, "currency": "GBP", "period": "year"}, None,
     (45_000, 45_000, "GBP", "year")),
    ({"min": 30, "max": 40, "currency": "USD", "period": "hour"}, "part-time",
     (30, 40, "USD", "hour")),
    ({"min": 30, "max": 40, "currency": "USD", "period": "hour"}, "Full-time",
     (62_400, 83_200, "USD", "year")),
    ({"min": 80_000, "max": 90_000, "currency": None, "period": None}, None,
     (80_000, 90_000, None, "year")),
    ({"min": 50, "max": 60, "currency": "USD", "period": None}, None, None),
    ({"min": None, "max": None, "currency": "USD", "period": "year"}, None, None),
    ({"min": 5, "max": 9, "currency": "USD", "period": "fortnight"}, None, None),
])  # fmt: skip
def test_normalize(salary, kind, expected):
    assert normalize(salary, kind) == expected


def test_a_single_posting_is_enough_when_min_count_is_one() -> None:
    # statistics.quantiles needs two values; one salaried, closed posting must not crash.
    from datetime import UTC, datetime

    from aggregator.models import Posting, Salary
    from aggregator.trends import compute_trends

    p = Posting(id="a", feed_id="f", feed="F", url="https://x.example/a", title="Welder",
                company="Acme", location="Austin, TX", area="Austin, TX",
                first_seen="2026-01-05T06:00:00Z", last_seen="2026-01-20T06:00:00Z",
                closed="2026-01-20T06:00:00Z",
                salary=Salary(40000, 50000, "USD", "year"),
                requirements={"terms": ["Welding"], "salary": {"min": 40000, "max": 50000,
                              "currency": "USD", "period": "year", "source": "feed"}})  # fmt: skip
    report = compute_trends([p], now=datetime(2026, 3, 1, tzinfo=UTC), min_count=1).to_json()
    assert report["companies"][0]["company"] == "Acme"
    assert any(s["count"] == 1 for s in report["salaries"])
    assert report["lifetimes"][0]["median_days"] == 15.0
