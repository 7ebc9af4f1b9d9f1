"""The month a posting belongs to: its published date when plausible, else when first seen.

Rule (decided here, documented in report.py): `published` counts when it is no later
than `now`, no later than two days after `first_seen` (clock and time-zone slack), and
no earlier than 365 days before `first_seen` (older dates are a board's stale "updated"
stamp or an evergreen listing, not when the job was listed). Otherwise `first_seen`.
The current month is partial. Months are kept as integers (year * 12 + month - 1)
inside the package and written as "YYYY-MM".
"""

from __future__ import annotations

import functools
from datetime import date, datetime

PLAUSIBLE_BEFORE_DAYS = 365
PLAUSIBLE_AFTER_DAYS = 2


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


@functools.lru_cache(maxsize=4096)  # a report names the same few dozen months thousands of times
def month_str(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_of(moment: datetime | date) -> int:
    return month_index(moment.year, moment.month)


def parse_month(text: str) -> int:
    """'2026-03' -> month index."""
    return month_index(int(text[:4]), int(text[5:7]))


class DayReader:
    """ISO timestamps -> (day ordinal, month index), memoized by the date part.

    A history of years holds only hundreds of distinct dates, so after warm-up each
    lookup is one dict access: this is what keeps a million postings fast.
    """

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        self._memo: dict[str, tuple[int, int] | None] = {}

    def read(self, stamp: str | None) -> tuple[int, int] | None:
        if not stamp:
            return None
        key = stamp[:10]
        try:
            return self._memo[key]
        except KeyError:
            pass
        try:
            d = date.fromisoformat(key)
            value: tuple[int, int] | None = (d.toordinal(), month_index(d.year, d.month))
        except ValueError:
            value = None
        self._memo[key] = value
        return value


class Dater:
    """Chooses the listing day of a posting (see the module docstring)."""

    __slots__ = ("days", "now_day", "now_month", "used_published", "used_first_seen")

    def __init__(self, now: datetime) -> None:
        self.days = DayReader()
        self.now_day = now.date().toordinal()
        self.now_month = month_of(now)
        self.used_published = 0
        self.used_first_seen = 0

    def listing(self, published: str | None, first_seen: str | None) -> tuple[int, int] | None:
        """(day ordinal, month index) of the listing, or None when no date is usable."""
        seen = self.days.read(first_seen)
        pub = self.days.read(published)
        if pub is not None and pub[0] <= self.now_day:
            if seen is None or (
                seen[0] - PLAUSIBLE_BEFORE_DAYS <= pub[0] <= seen[0] + PLAUSIBLE_AFTER_DAYS
            ):
                self.used_published += 1
                return pub
        # first_seen comes from our own clock: later than now only in a replay from the past.
        if seen is not None and seen[0] <= self.now_day:
            self.used_first_seen += 1
            return seen
        return None


def quartiles(values: list[float]) -> list[float]:
    """Lower quartile, median and upper quartile; one value is its own quartiles.

    (statistics.quantiles needs two values, and `min_count=1` is a valid setting.)
    """
    if len(values) < 2:
        return [float(values[0])] * 3
    import statistics

    return statistics.quantiles(values, n=4, method="inclusive")
