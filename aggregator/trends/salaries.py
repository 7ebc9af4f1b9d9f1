"""Salary ranges by area and by term over the last twelve months, currencies kept apart.

Periods are turned into a yearly figure only where that is sound: a monthly salary
times 12 always; weekly, daily and hourly rates (x52, x260, x2080) only for full-time
jobs. Other rates (a contractor's hourly rate) stay in their own period.
"""

from __future__ import annotations

import statistics
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import add
from typing import Any

from aggregator.trends.months import month_str, quartiles

WINDOW_MONTHS = 12
_TO_YEAR_ALWAYS = {"year": 1, "annual": 1, "month": 12}
_TO_YEAR_FULL_TIME = {"week": 52, "day": 260, "hour": 2080}
_PERIOD_ALIASES = {"yearly": "year", "annually": "year", "monthly": "month", "weekly": "week",
                   "daily": "day", "hourly": "hour", "annual": "year"}  # fmt: skip
# Outside these bounds a figure is a parsing slip ("$120" meaning 120k), not a salary.
_BOUNDS = {"year": (1_000, 10_000_000), "month": (100, 1_000_000), "week": (20, 200_000),
           "day": (5, 50_000), "hour": (1, 5_000)}  # fmt: skip


@dataclass(slots=True)
class SalaryRange:
    by: str  # "area" or "term"
    area: str | None  # None: all areas together
    term: str | None
    currency: str | None
    period: str  # "year" after normalizing, or the rate's own period
    count: int
    low: float  # median of the posted minimums
    high: float  # median of the posted maximums
    p25: float  # quartiles of the midpoints
    median: float
    p75: float
    from_month: str
    to_month: str


def normalize(salary: dict[str, Any], employment_type: str | None) -> tuple | None:
    """(low, high, currency, period) with the period made yearly where sound, else None."""
    lo, hi = salary.get("min"), salary.get("max")
    lo = lo if isinstance(lo, (int, float)) and lo > 0 else None
    hi = hi if isinstance(hi, (int, float)) and hi > 0 else None
    if lo is None and hi is None:
        return None
    lo = hi if lo is None else lo
    hi = lo if hi is None else hi
    if lo > hi:
        lo, hi = hi, lo
    period = str(salary.get("period") or "").lower()
    period = _PERIOD_ALIASES.get(period, period)
    if not period:
        # No period given: only a figure that can only be yearly is kept.
        if lo < 10_000:
            return None
        period = "year"
    if period not in _BOUNDS:
        return None
    low_bound, high_bound = _BOUNDS[period]
    if lo < low_bound or hi > high_bound:
        return None
    factor = _TO_YEAR_ALWAYS.get(period)
    if factor is None and employment_type and "full" in employment_type.lower():
        factor = _TO_YEAR_FULL_TIME[period]
    if factor is not None:
        lo, hi, period = lo * factor, hi * factor, "year"
    currency = salary.get("currency")
    return lo, hi, (str(currency).upper() if currency else None), period


@dataclass
class SalaryCollector:
    now_month: int
    groups: dict[tuple, tuple[array, array]] = field(default_factory=dict)

    def add(self, month: int, area: str | None, terms: Iterable[str],
            salary: dict[str, Any], employment_type: str | None) -> None:  # fmt: skip
        if month <= self.now_month - WINDOW_MONTHS:
            return
        value = normalize(salary, employment_type)
        if value is None:
            return
        lo, hi, currency, period = value
        keys = [("area", None, None, currency, period)]
        if area is not None:
            keys.append(("area", area, None, currency, period))
        keys.extend(("term", None, t, currency, period) for t in terms)
        for key in keys:
            g = self.groups.get(key)
            if g is None:
                g = self.groups[key] = (array("d"), array("d"))
            g[0].append(lo)
            g[1].append(hi)

    def add_gathered(self, gathered: dict[tuple, tuple[array, array]]) -> None:
        """`add` of many postings at once: their normalized (low, high) gathered per
        (area, terms, currency, period) of postings inside the window. Each group gets
        the same values as from `add`, in another order, which no figure depends on
        (medians and quartiles sort them)."""
        groups = self.groups
        for (area, terms, currency, period), (lows, highs) in gathered.items():
            keys = [("area", None, None, currency, period)]
            if area is not None:
                keys.append(("area", area, None, currency, period))
            keys.extend(("term", None, t, currency, period) for t in terms)
            for key in keys:
                g = groups.get(key)
                if g is None:
                    g = groups[key] = (array("d"), array("d"))
                g[0].extend(lows)
                g[1].extend(highs)

    def merge(self, other: SalaryCollector) -> None:
        for key, (lows, highs) in other.groups.items():
            g = self.groups.get(key)
            if g is None:
                self.groups[key] = (lows, highs)
            else:
                g[0].extend(lows)
                g[1].extend(highs)

    def ranges(self, min_count: int) -> list[SalaryRange]:
        out: list[SalaryRange] = []
        first, last = month_str(self.now_month - WINDOW_MONTHS + 1), month_str(self.now_month)
        for (by, area, term, currency, period), (lows, highs) in self.groups.items():
            if len(lows) < min_count:
                continue
            # The midpoints' quartiles are half the sums' (halving a float is exact), and
            # the sums are made in C: a year of history has tens of thousands a group.
            q = [v / 2 for v in quartiles(list(map(add, lows, highs)))]
            out.append(SalaryRange(by, area, term, currency, period, len(lows),
                                   statistics.median(lows), statistics.median(highs),
                                   q[0], q[1], q[2], first, last))  # fmt: skip
        out.sort(key=lambda r: (r.by, r.area or "", r.term or "", r.currency or "", r.period))
        return out
