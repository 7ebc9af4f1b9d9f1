"""Who keeps hiring: per-company cadence, reposts, flags and (whole boards only) lifetimes.

A role is the company (its grouping key, aggregator/companies.py, with the person's
aliases), the set of normalized title words and the place, as in
`aggregator.normalize.job_key`: different cities or levels are different roles. A
repost is a new posting (another id) of the same role listed on a later day, at most
90 days after the role's previous listing (aggregator/relisting.py holds the rule).
Postings that are another feed's copy of a job (`duplicate_of` set), and postings
without a company, never get here; the index is filled by accumulate.py.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from aggregator.relisting import REPOST_WITHIN_DAYS
from aggregator.trends.months import month_str, quartiles

OFTEN_REPOSTS, OFTEN_MONTHS = 3, 4  # reposted three times within four calendar months
FLAG_RECENT_MONTHS = 6  # a flag about the past is shown only if it ended this recently
ALWAYS_WINDOW, ALWAYS_MIN_WINDOW, ALWAYS_SHARE = 12, 6, 0.75
STEADY_MONTHS, STEADY_MIN = 6, 4  # postings in 4 of the 6 months up to the last one
SILENT_AFTER, SILENT_UNTIL = 3, 12  # months since the last posting to call it silence


try:  # the shared normalizer; the fallback only keeps this package usable on its own
    from aggregator.normalize import job_key as _job_key
except ImportError:  # pragma: no cover
    import re

    def _job_key(company: str, title: str, location: str) -> str:
        def words(s: str) -> list[str]:
            return re.findall(r"[a-z0-9+#.]+", s.casefold())

        return (
            f"{' '.join(words(company))}|{' '.join(sorted(set(words(title))))}|"
            f"{' '.join(words(location))}"
        )


@dataclass(slots=True)
class CompanyStats:
    company: str  # the spelling seen most often
    postings: int  # a job seen on two feeds counts once
    reposts: int
    months_active: int
    roles: int  # distinct title + place
    titles: int  # distinct normalized titles
    areas: list[str]
    first_month: str
    last_month: str
    per_month: float  # postings per month from the first to the last active month
    cadence: dict[str, int]  # month -> postings
    lifetimes: int  # closed postings from whole-board sources
    lifetime_median_days: float | None


@dataclass(slots=True)
class Flag:
    kind: str  # reposted_often, always_hiring, silence
    company: str
    title: str | None  # a listed title of the role (None for company-wide flags)
    location: str | None
    from_month: str
    to_month: str
    count: int  # reposts in the window / active months / postings before the silence
    detail: str


@dataclass(slots=True)
class Lifetimes:
    area: str | None
    count: int
    median_days: float
    p25_days: float
    p75_days: float


class _Role:
    __slots__ = ("company", "title", "location", "days", "mask")

    def __init__(self, company: str, title: str, location: str) -> None:
        self.company = company
        self.title = title
        self.location = location
        self.days: list[int] = []
        self.mask = 0  # bit (month - base): a listing of this role was up that month


class _Company:
    __slots__ = ("names", "months", "areas", "lifetimes")

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.months: dict[int, int] = {}
        self.areas: set[str] = set()
        self.lifetimes: list[int] = []


@dataclass
class RehiringIndex:
    now_month: int
    roles: dict[tuple[str, str, str], _Role] = field(default_factory=dict)
    companies: dict[str, _Company] = field(default_factory=dict)
    area_lifetimes: dict[str | None, list[int]] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # key -> the alias's own name
    _companies: dict[str, str] = field(default_factory=dict)
    _titles: dict[str, str] = field(default_factory=dict)
    _places: dict[str, str] = field(default_factory=dict)

    @property
    def base(self) -> int:
        return self.now_month - ALWAYS_WINDOW - 1

    def key(self, company: str, title: str, location: str) -> tuple[str, str, str]:
        # Memoized per part: a million postings hold only thousands of distinct
        # companies, titles and places, and the parts become shared strings.
        c = self._companies.get(company)
        if c is None:
            c = self._companies[company] = _job_key(company, "", "").split("|")[0]
        t = self._titles.get(title)
        if t is None:
            t = self._titles[title] = _job_key("", title, "").split("|")[1]
        p = self._places.get(location)
        if p is None:
            p = self._places[location] = _job_key("", "", location).split("|")[2]
        return (c, t, p)

    def merge(self, other: RehiringIndex) -> None:
        roles = self.roles
        for key, r in other.roles.items():
            mine = roles.get(key)
            if mine is None:
                roles[key] = r
            else:
                mine.days.extend(r.days)
                mine.mask |= r.mask
        for key, c in other.companies.items():
            mine_c = self.companies.get(key)
            if mine_c is None:
                self.companies[key] = c
                continue
            for name, n in c.names.items():
                mine_c.names[name] = mine_c.names.get(name, 0) + n
            for month, n in c.months.items():
                mine_c.months[month] = mine_c.months.get(month, 0) + n
            mine_c.areas |= c.areas
            mine_c.lifetimes.extend(c.lifetimes)
        for area, days in other.area_lifetimes.items():
            self.area_lifetimes.setdefault(area, []).extend(days)
        self.shown.update(other.shown)
        self._companies.update(other._companies)
        self._titles.update(other._titles)
        self._places.update(other._places)

    # --- results ------------------------------------------------------------------

    def reposts(self) -> dict[tuple[str, str, str], list[int]]:
        """role -> the days of its re-listings (empty roles left out)."""
        out = {}
        for key, r in self.roles.items():
            if len(r.days) < 2:
                continue
            days = sorted(r.days)
            hits = [
                b for a, b in zip(days, days[1:], strict=False) if 0 < b - a <= REPOST_WITHIN_DAYS
            ]  # relisting.is_repost, inlined
            if hits:
                out[key] = hits
        return out

    def company_stats(self, reposts: dict[tuple[str, str, str], list[int]]) -> list[CompanyStats]:
        per_company: Counter = Counter()
        for key, hits in reposts.items():
            per_company[key[0]] += len(hits)
        roles: Counter = Counter()
        titles: dict[str, set[str]] = {}
        for key in self.roles:
            roles[key[0]] += 1
            titles.setdefault(key[0], set()).add(key[1])
        out = []
        for ck, c in self.companies.items():
            first, last = min(c.months), max(c.months)
            postings = sum(c.months.values())
            out.append(CompanyStats(
                company=self._name(ck), postings=postings, reposts=per_company[ck],
                months_active=len(c.months), roles=roles[ck], titles=len(titles[ck]),
                areas=sorted(c.areas), first_month=month_str(first), last_month=month_str(last),
                per_month=postings / (last - first + 1),
                cadence={month_str(m): c.months[m] for m in sorted(c.months)},
                lifetimes=len(c.lifetimes),
                lifetime_median_days=_median(c.lifetimes),
            ))  # fmt: skip
        out.sort(key=lambda s: (-s.postings, s.company.casefold()))
        return out

    def flags(self, reposts: dict[tuple[str, str, str], list[int]], history_first: int,
              live_areas: set[str | None]) -> list[Flag]:  # fmt: skip
        from bisect import bisect_left
        from datetime import date

        out: list[Flag] = []
        memo = _MONTH_MEMO.get
        recent = self.now_month - FLAG_RECENT_MONTHS
        # A window ending in a recent month starts no earlier than `oldest`: re-listings
        # before it cannot be in it (latest_window gives the same on the tail alone).
        oldest = recent - OFTEN_MONTHS + 1
        since = date(oldest // 12, oldest % 12 + 1, 1).toordinal()
        for key, hits in reposts.items():
            if len(hits) < OFTEN_REPOSTS or hits[-1] < since:
                continue
            lo = bisect_left(hits, since)
            months = list(map(memo, hits[lo:]))  # in C: most days are in the memo
            if None in months:
                months = [_month_of_day(d) for d in hits[lo:]]
            best = latest_window(months, recent)
            if best:
                i, k = best
                r = self.roles[key]
                span = f"{date.fromordinal(hits[lo + i])} and {date.fromordinal(hits[lo + k])}"
                out.append(Flag("reposted_often", self._name(key[0]),
                                r.title, r.location, month_str(months[i]), month_str(months[k]),
                                k - i + 1,
                                f"listed again {k - i + 1} times between {span}"))  # fmt: skip
        first = max(self.now_month - ALWAYS_WINDOW + 1, history_first)
        width = self.now_month - first + 1
        if width >= ALWAYS_MIN_WINDOW:
            shift = first - self.base
            window = (1 << width) - 1
            need = -(-width * ALWAYS_SHARE // 1)  # ceiling
            for r in self.roles.values():
                bits = (r.mask >> shift) & window
                if bits >> (width - 2) and bits.bit_count() >= need:
                    out.append(Flag("always_hiring", self._name(r.company),
                                    r.title, r.location, month_str(first),
                                    month_str(self.now_month), bits.bit_count(),
                                    f"a listing was up in {bits.bit_count()} of the last "
                                    f"{width} months"))  # fmt: skip
        for ck, c in self.companies.items():
            last = max(c.months)
            gap = self.now_month - last
            if not SILENT_AFTER <= gap <= SILENT_UNTIL:
                continue
            steady = sum(1 for m in range(last - STEADY_MONTHS + 1, last + 1) if c.months.get(m))
            areas: set[str | None] = set(c.areas) or {None}
            if steady >= STEADY_MIN and areas & live_areas:
                before = sum(c.months.get(m, 0) for m in range(last - STEADY_MONTHS + 1, last + 1))
                detail = (
                    f"posted in {steady} of the {STEADY_MONTHS} months up to "
                    f"{month_str(last)}, nothing new for {gap - 1} full months"
                )
                out.append(Flag("silence", self._name(ck), None, None, month_str(last + 1),
                                month_str(self.now_month), before, detail))  # fmt: skip
        # by kind, then the most recent and the strongest first
        order = {"reposted_often": 0, "always_hiring": 1, "silence": 2}
        out.sort(key=lambda f: (order[f.kind], -int(f.to_month.replace("-", "")), -f.count,
                                f.company, f.title or ""))  # fmt: skip
        return out

    def _name(self, key: str) -> str:
        """The name shown for a company key: the person's alias, else the most common
        spelling."""
        return self.shown.get(key) or _display(self.companies[key].names)

    def lifetimes(self, min_count: int) -> list[Lifetimes]:
        out = []
        for area, days in self.area_lifetimes.items():
            if len(days) < min_count:
                continue
            q = quartiles(days)
            out.append(Lifetimes(area, len(days), float(statistics.median(days)), q[0], q[2]))
        out.sort(key=lambda x: (x.area is not None, x.area or ""))
        return out


def latest_window(months: list[int], recent: int) -> tuple[int, int] | None:
    """(i, k): the latest run of OFTEN_REPOSTS reposts (sorted months) within OFTEN_MONTHS
    calendar months ending no earlier than `recent`, widened to every repost inside the
    same months; None if there is none.

    Searched from the end, so a role reposted hundreds of times is not widened hundreds
    of times (that was most of the report's time over a million postings).
    """
    for i in range(len(months) - OFTEN_REPOSTS, -1, -1):
        j = i + OFTEN_REPOSTS - 1
        if months[j] < recent:
            return None  # months only go down from here
        if months[j] - months[i] <= OFTEN_MONTHS - 1:
            k, last = j, len(months) - 1
            while k < last and months[k + 1] - months[i] <= OFTEN_MONTHS - 1:
                k += 1
            return i, k
    return None


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _display(names: dict[str, int]) -> str:
    # the most common spelling; on a tie the shortest ("Acme" over "Acme, Inc.")
    return min(names.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]


_MONTH_MEMO: dict[int, int] = {}


def _month_of_day(ordinal: int) -> int:
    m = _MONTH_MEMO.get(ordinal)
    if m is None:
        from datetime import date

        d = date.fromordinal(ordinal)
        m = _MONTH_MEMO[ordinal] = d.year * 12 + d.month - 1
    return m
