"""One pass over the postings into the counters every figure is built from; mergeable.

The loop is written out flat (no method call per posting in the common case) because
it runs a million times on a slow shared machine; the counters it fills belong to
terms.py, salaries.py and rehiring.py. Two accumulators over consecutive parts of the
history merge into exactly what one pass over the whole would give.
"""

from __future__ import annotations

import gc
from array import array
from collections import Counter, _count_elements  # type: ignore[attr-defined]
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from aggregator.models import Posting
from aggregator.trends.months import PLAUSIBLE_AFTER_DAYS, PLAUSIBLE_BEFORE_DAYS, Dater, month_of
from aggregator.trends.rehiring import ALWAYS_WINDOW, RehiringIndex, _Company, _Role
from aggregator.trends.rows import TrendRow, to_row
from aggregator.trends.salaries import WINDOW_MONTHS, SalaryCollector, normalize
from aggregator.trends.terms import TermCounter

_MISS = object()
_GIVEN = object()  # in `left`: a row fed whole, with its own last_seen and closed


class Accumulator:
    """Per-month term counts, salaries and the role index of the postings fed so far."""

    def __init__(self, now: datetime, names: Any = None) -> None:
        self.now = now
        # companies.CompanyNames: the person's aliases, applied per spelling (None: none)
        self.names = names if names else None
        self.now_month = month_of(now)
        self.dater = Dater(now)
        self.counter = TermCounter()
        self.pay = SalaryCollector(self.now_month)
        self.rehiring = RehiringIndex(self.now_month)
        self.duplicates = 0
        self.undated = 0
        self.problems: list[str] = []

    def feed(self, postings: Iterable[Posting | TrendRow | tuple]) -> None:
        """Add postings: Posting objects, TrendRows, or the reader's extended rows (plain
        tuples: TrendRow's fields, the role key parts, the dates of published and
        first_seen)."""
        lean: list[tuple] = []
        given: dict[Any, tuple] = {}
        extend = self._extended
        for key, row in enumerate(postings):
            if type(row) is not tuple:
                row = extend(row)
            (_, company, title, location, area, published, first_seen, last_seen, dup,
             closed, terms, salary, etype, c, t, p, pub, seen) = row  # fmt: skip
            # as a month file's lean row, its own last_seen and closed given by its key
            terms = tuple(terms) if terms else ()  # a key of the gathered salaries
            lean.append((key, company, title, location, area, published, first_seen, dup,
                         salary, etype, terms, salary, etype, c, t, p, pub, seen))  # fmt: skip
            given[key] = (_GIVEN, last_seen, closed)
        self.feed_lean((lean,), {}, given, {})

    def feed_lean(
        self,
        batches: Iterable[list[tuple]],
        live: dict[str, Any],
        left: dict[Any, tuple],
        updates: dict[str, list[dict]],
        updated: Callable[[tuple, list[dict]], tuple] | None = None,
    ) -> None:
        """Add the lean rows of month files (reader.parse_month_file's, in file order)
        with the store's live ids, ended postings and updates applied here, as
        reader._file_rows applies them: a posting id seen before is skipped."""
        # Nothing here makes reference cycles, yet with millions of live containers the
        # cyclic collector would rescan them over and over: a third of the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._feed(batches, live, left, updates, updated)
        finally:
            if collecting:
                gc.enable()

    def _feed(
        self,
        batches: Iterable[list[tuple]],
        live: dict[str, Any],
        left: dict[Any, tuple],
        updates: dict[str, list[dict]],
        updated: Callable[[tuple, list[dict]], tuple] | None,
    ) -> None:
        d = self.dater
        read, now_day = d.days.read, d.now_day
        # Run timestamps (last_seen, closed) repeat verbatim, thousands of postings per
        # night: keyed whole, a lookup needs no slice and reuses the string's cached hash.
        stamps: dict[str, tuple[int, int] | None] = {}
        spellings: dict[str, list] = {}  # company as written -> [its _Company, postings]
        before, after = PLAUSIBLE_BEFORE_DAYS, PLAUSIBLE_AFTER_DAYS
        buckets = self.counter.buckets
        # salaries gathered per (area, terms, currency, period), then added per group
        paid: dict[tuple, tuple[array, array]] = {}
        pay_from = self.now_month - WINDOW_MONTHS
        rh = self.rehiring
        names = self.names
        if names is not None:
            rh.shown.update(names.shown)
        roles, companies, lifetimes = rh.roles, rh.companies, rh.area_lifetimes
        base = self.now_month - ALWAYS_WINDOW - 1
        used_pub = used_seen = dups = undated = 0
        ids: set[Any] = set()
        add = ids.add
        is_live = live.get
        ended = left.get
        not_live = _MISS
        for rows in batches:
            for row in rows:
                pid = row[0]
                if pid in ids:
                    continue
                add(pid)
                if updates:
                    changes = updates.get(pid)
                    if changes and updated is not None:  # rare: the reader rebuilds it
                        row = updated(row, changes)
                (_, company, title, location, area, published, first_seen, dup, salary,
                 etype, terms, rsalary, retype, c, t, p, pub, seen) = row  # fmt: skip
                if dup:
                    dups += 1
                    continue
                # --- the listing day (months.Dater.listing, inlined) ---
                when = None
                if (
                    pub is not None
                    and pub[0] <= now_day
                    and (seen is None or seen[0] - before <= pub[0] <= seen[0] + after)
                ):
                    when = pub
                    used_pub += 1
                if when is None:
                    if seen is None or seen[0] > now_day:
                        undated += 1
                        continue
                    when = seen
                    used_seen += 1
                day, month = when
                if not area:
                    area = None
                # --- terms ---
                b = buckets.get((month, area))
                if b is None:
                    b = buckets[(month, area)] = [0, Counter()]
                b[0] += 1
                if terms:
                    _count_elements(b[1], terms)
                if month > pay_from and (rsalary or salary):  # (SalaryCollector.add, inlined)
                    value = normalize(rsalary or salary, retype or etype)
                    if value is not None:
                        lo, hi, currency, period = value
                        g = paid.get((area, terms, currency, period))
                        if g is None:
                            g = paid[(area, terms, currency, period)] = (array("d"), array("d"))
                        g[0].append(lo)
                        g[1].append(hi)
                # --- the company and the role (rehiring.RehiringIndex) ---
                if not c:
                    continue  # no company: nobody to count reposts or cadence for
                # --- last seen and closed (reader._file_rows, inlined) ---
                closed = None
                # last seen and closed: the rule of reader.py's row builder, inlined here too
                last_seen = is_live(pid, not_live)
                if last_seen is not_live:
                    gone = ended(pid)
                    if gone is None:
                        last_seen = first_seen
                    elif gone[0] is _GIVEN:  # a row fed whole: its own values
                        last_seen, closed = gone[1], gone[2]
                    elif gone[0] != "back":
                        last_seen = gone[2] or first_seen
                        if gone[0] == "closed":
                            closed = gone[1]
                    else:
                        last_seen = first_seen
                elif not last_seen:
                    last_seen = first_seen
                # one lookup by the spelling gives the company (aliases applied once per
                # spelling) and counts the spelling
                spelled = spellings.get(company)
                if spelled is None:
                    if names is not None:
                        c = names.key(company) or c
                    co = companies.get(c)
                    if co is None:
                        co = companies[c] = _Company()
                    spelled = spellings[company] = [co, 0, c]
                spelled[1] += 1
                co = spelled[0]
                c = spelled[2]
                months = co.months
                months[month] = months.get(month, 0) + 1
                if area is not None:
                    co.areas.add(area)
                key = (c, t, p)
                r = roles.get(key)
                if r is None:
                    r = roles[key] = _Role(c, title, location)
                r.days.append(day)
                end = month
                if last_seen:
                    last = stamps.get(last_seen, _MISS)
                    if last is _MISS:
                        last = stamps[last_seen] = read(last_seen)
                    if last is not None and last[1] > end:
                        end = last[1]
                if closed:
                    shut = stamps.get(closed, _MISS)
                    if shut is _MISS:
                        shut = stamps[closed] = read(closed)
                    if shut is not None:
                        if shut[1] > end:
                            end = shut[1]
                        if shut[0] >= day:
                            life = shut[0] - day
                            co.lifetimes.append(life)
                            lifetimes.setdefault(None, []).append(life)
                            if area is not None:
                                lifetimes.setdefault(area, []).append(life)
                if end >= base:
                    lo = month - base if month > base else 0
                    r.mask |= ((1 << (end - base - lo + 1)) - 1) << lo
        self.pay.add_gathered(paid)
        d.used_published += used_pub
        d.used_first_seen += used_seen
        for name, (co, n, _) in spellings.items():
            co.names[name] = co.names.get(name, 0) + n
        self.duplicates += dups
        self.undated += undated

    def _extended(self, item: Posting | TrendRow | dict[str, Any]) -> tuple:
        row = to_row(item)
        read = self.dater.days.read
        return (*row, *self.rehiring.key(row.company, row.title, row.location),
                read(row.published), read(row.first_seen))  # fmt: skip

    def merge(self, other: Accumulator) -> None:
        """Add what `other` saw; feed order is kept when `other` saw later postings."""
        self.counter.merge(other.counter)
        self.pay.merge(other.pay)
        self.rehiring.merge(other.rehiring)
        self.dater.used_published += other.dater.used_published
        self.dater.used_first_seen += other.dater.used_first_seen
        self.duplicates += other.duplicates
        self.undated += other.undated
        self.problems.extend(other.problems)

    def extra(self) -> dict[str, Any]:
        return {"duplicates": self.duplicates, "undated": self.undated,
                "from_published": self.dater.used_published,
                "from_first_seen": self.dater.used_first_seen}  # fmt: skip
