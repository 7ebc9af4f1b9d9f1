"""The month of a posting: published when plausible, else first_seen; the rule's edges."""

from __future__ import annotations

import pytest

from aggregator.trends.months import Dater, DayReader, month_str, parse_month
from foundation.clock import parse_instant

NOW = parse_instant("2026-03-10T06:00:00Z")


@pytest.mark.parametrize("published, first_seen, month, why", [
    ("2026-02-27T10:00:00Z", "2026-03-01T06:30:00Z", "2026-02", "published before seen: published"),
    (None, "2026-03-01T06:30:00Z", "2026-03", "no published date: first_seen"),
    ("2026-03-03T00:00:00Z", "2026-03-01T06:30:00Z", "2026-03", "two days after seen: still fine"),
    ("2026-04-03T00:00:00Z", "2026-03-01T06:30:00Z", "2026-03", "a month after seen: first_seen"),
    ("2026-03-11T00:00:00Z", "2026-03-09T06:30:00Z", "2026-03", "after now: first_seen"),
    ("2025-03-02T00:00:00Z", "2026-03-01T06:30:00Z", "2025-03", "364 days before: published"),
    ("2025-02-27T00:00:00Z", "2026-03-01T06:30:00Z", "2026-03", "367 days before: first_seen"),
    ("garbage", "2026-01-15T06:30:00Z", "2026-01", "unreadable published: first_seen"),
    ("2026-01-15T06:30:00Z", "", "2026-01", "no first_seen: a plausible published"),
])  # fmt: skip
def test_listing_month(published, first_seen, month, why):
    when = Dater(NOW).listing(published, first_seen)
    assert month_str(when[1]) == month, why


def test_no_usable_date():
    d = Dater(NOW)
    assert d.listing(None, "") is None
    assert d.listing("2031-01-01T00:00:00Z", "") is None  # in the future
    assert d.listing(None, "2026-04-01T00:00:00Z") is None  # seen after now: a replay
    assert (d.used_published, d.used_first_seen) == (0, 0)


def test_counts_which_date_was_used():
    d = Dater(NOW)
    d.listing("2026-02-27T10:00:00Z", "2026-03-01T06:30:00Z")
    d.listing(None, "2026-03-01T06:30:00Z")
    d.listing(None, "2026-03-02T06:30:00Z")
    assert (d.used_published, d.used_first_seen) == (1, 2)


def test_day_reader_and_month_names():
    r = DayReader()
    day, month = r.read("2024-02-29T23:59:59Z")
    assert month_str(month) == "2024-02" and r.read("2024-02-29") == (day, month)
    assert r.read("2024-02-30T00:00:00Z") is None and r.read(None) is None
    assert month_str(parse_month("1999-12") + 1) == "2000-01"
