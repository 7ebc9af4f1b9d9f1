"""Term shares per month and area, rising and falling terms, new terms and the skills gap.

Counts are kept per (month, area) as one Counter of canonical term names plus the number
of postings, so adding a posting is a C-level `Counter.update`; "all areas" is the sum.
"""

from __future__ import annotations

from collections import Counter, _count_elements  # type: ignore[attr-defined]
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from aggregator.trends.months import month_str

# Comparison windows: name -> months between the two compared months.
WINDOWS = {"month_on_month": 1, "three_months": 3, "year_on_year": 12}
TOP = 20  # rising/falling records kept per (area, window)
NEW_WITHIN = 3  # a new term first appeared in the current month or the two before
NEW_AFTER = 3  # ... and the scope had postings in at least this many earlier months


@dataclass(slots=True)
class TermShare:
    term: str
    month: str
    area: str | None
    count: int
    share: float
    partial: bool


@dataclass(slots=True)
class TermChange:
    term: str
    area: str | None
    window: str
    from_month: str
    to_month: str
    from_count: int
    to_count: int
    from_share: float
    to_share: float
    change: float  # to_share - from_share, a fraction (0.05 = five percentage points)


@dataclass(slots=True)
class NewTerm:
    term: str
    area: str | None
    first_month: str
    count: int  # mentions from first_month to now


@dataclass(slots=True)
class SkillGap:
    term: str
    area: str | None
    windows: list[str]
    to_share: float
    change: float
    to_count: int


@dataclass
class TermCounter:
    """Accumulates postings per (month, area); area None is kept as its own bucket."""

    buckets: dict[tuple[int, str | None], list] = field(default_factory=dict)

    def add(self, month: int, area: str | None, terms: Iterable[str]) -> None:
        b = self.buckets.get((month, area))
        if b is None:
            b = self.buckets[(month, area)] = [0, Counter()]
        b[0] += 1
        if terms:
            # the C helper behind Counter.update, without its per-call Python checks
            _count_elements(b[1], terms)

    def merge(self, other: TermCounter) -> None:
        for key, (n, c) in other.buckets.items():
            b = self.buckets.get(key)
            if b is None:
                self.buckets[key] = [n, Counter(c)]
            else:
                b[0] += n
                b[1].update(c)

    def scopes(self) -> dict[str | None, dict[int, tuple[int, Counter]]]:
        """scope -> month -> (postings, term counts); scope None is all areas together."""
        out: dict[str | None, dict[int, tuple[int, Counter]]] = {None: {}}
        for (month, area), (n, c) in self.buckets.items():
            if area is not None:
                out.setdefault(area, {})[month] = (n, c)
            total = out[None].get(month)
            if total is None:
                out[None][month] = (n, Counter(c))
            else:
                total[1].update(c)
                out[None][month] = (total[0] + n, total[1])
        return out


def shares(
    scopes: dict[str | None, dict[int, tuple[int, Counter]]], now_month: int
) -> list[TermShare]:
    """One record per term, month and scope with at least one mention (absent means zero)."""
    out: list[TermShare] = []
    for area in sorted(scopes, key=lambda a: (a is not None, a or "")):
        for month in sorted(scopes[area]):
            n, counts = scopes[area][month]
            m, partial = month_str(month), month == now_month
            for term in sorted(counts):
                out.append(TermShare(term, m, area, counts[term], counts[term] / n, partial))
    return out


def changes(
    scopes: dict[str | None, dict[int, tuple[int, Counter]]], now_month: int, min_count: int
) -> tuple[list[TermChange], list[TermChange]]:
    """Rising and falling terms: the last complete month against 1, 3 and 12 months before.

    A term ranks as rising only with at least `min_count` mentions in the later month,
    as falling only with at least `min_count` in the earlier one. All qualifying records
    are returned, largest change first; the report keeps the top ones.
    """
    rising: list[TermChange] = []
    falling: list[TermChange] = []
    to_m = now_month - 1
    for area, months in scopes.items():
        if to_m not in months:
            continue
        n_to, c_to = months[to_m]
        for window, gap in WINDOWS.items():
            from_m = to_m - gap
            if from_m not in months:
                continue
            n_from, c_from = months[from_m]
            for term in set(c_to) | set(c_from):
                a, b = c_from.get(term, 0), c_to.get(term, 0)
                sa, sb = a / n_from, b / n_to
                rec = TermChange(term, area, window, month_str(from_m), month_str(to_m),
                                 a, b, sa, sb, sb - sa)  # fmt: skip
                if sb > sa and b >= min_count:
                    rising.append(rec)
                elif sb < sa and a >= min_count:
                    falling.append(rec)
    rising.sort(key=lambda r: (-r.change, -r.to_count, r.term))
    falling.sort(key=lambda r: (r.change, -r.from_count, r.term))
    return rising, falling


def top(records: list[TermChange], n: int = TOP) -> list[TermChange]:
    """The first n records of each (area, window), keeping the overall order."""
    seen: Counter = Counter()
    out = []
    for r in records:
        key = (r.area, r.window)
        if seen[key] < n:
            seen[key] += 1
            out.append(r)
    return out


def new_terms(
    scopes: dict[str | None, dict[int, tuple[int, Counter]]], now_month: int, min_count: int
) -> list[NewTerm]:
    """Terms first mentioned recently in a scope that had been watched for a while."""
    out: list[NewTerm] = []
    for area, months in scopes.items():
        order = sorted(months)
        first: dict[str, int] = {}
        total: Counter = Counter()
        for m in order:
            for term, k in months[m][1].items():
                first.setdefault(term, m)
                total[term] += k
        for term, f in first.items():
            earlier = sum(1 for m in order if m < f)
            if f >= now_month - (NEW_WITHIN - 1) and earlier >= NEW_AFTER:
                if total[term] >= min_count:
                    out.append(NewTerm(term, area, month_str(f), total[term]))
    out.sort(key=lambda r: (-r.count, r.term, r.area or ""))
    return out


def skills_gap(
    rising: Iterable[TermChange], skills: Iterable[str], areas: Sequence[str | None]
) -> list[SkillGap]:
    """Rising terms in the person's areas that their profile does not list."""
    have = {s.casefold() for s in skills}
    wanted = set(areas)
    best: dict[tuple[str, str | None], SkillGap] = {}
    for r in rising:
        if r.area not in wanted or r.term.casefold() in have:
            continue
        g = best.get((r.term, r.area))
        if g is None:
            best[(r.term, r.area)] = SkillGap(r.term, r.area, [r.window], r.to_share,
                                              r.change, r.to_count)  # fmt: skip
        else:
            g.windows.append(r.window)
            if r.change > g.change:
                g.change = r.change
    out = list(best.values())
    out.sort(key=lambda g: (-len(g.windows), -g.change, g.term))
    return out
