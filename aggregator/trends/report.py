"""The whole trends report, computed in one streaming pass, and its JSON form.

`compute_trends(postings, now=..., skills=..., min_count=5)` reads postings (or the lean
`TrendRow`s of `iter_trend_rows`) one at a time and keeps only per-month counters, so
memory grows with months, terms, companies and roles, not with postings.

JSON (`TrendsReport.to_json()`, printed by `stayready trends --json`), schema 1.
All months are "YYYY-MM"; shares and changes are fractions (0.25 = 25 %); `area` null
means all areas together. A figure is only ranked when its counts reach `min_count`.

- `schema` (1), `generated` (ISO UTC time of "now"), `month` (the current month, partial),
  `min_count` (int).
- `history`: `postings` (counted: one per job, cross-feed copies left out),
  `duplicates` (postings with `duplicate_of`, left out everywhere), `undated` (no usable
  date, left out), `from_published` / `from_first_seen` (how each posting's month was
  chosen), `first_month`, `last_month`, `areas` (list).
- `terms`: one record per term, month and area with at least one mention (a missing
  record means zero): `term` (canonical name), `month`, `area`, `count`, `share`
  (count / that month's postings in that area, every posting counted in the denominator,
  with or without terms), `partial` (true for the current month).
- `rising`, `falling`: the top 20 per area and window, largest change first: `term`, `area`,
  `window` ("month_on_month" | "three_months" | "year_on_year": the last complete month
  against 1, 3 or 12 months before), `from_month`, `to_month`, `from_count`, `to_count`,
  `from_share`, `to_share`, `change` (to_share - from_share). Rising needs `to_count` >=
  min_count, falling `from_count` >= min_count.
- `new_terms`: `term`, `area`, `first_month` (within the current month and the two before,
  after at least three earlier months with postings in that area), `count` (>= min_count).
- `skills_gap`: rising terms in the person's areas not among their skills: `term`,
  `area`, `windows` (list), `to_share`, `change` (the largest), `to_count`.
- `salaries`: `by` ("area" | "term"), `area`, `term`, `currency` (ISO code or null; never
  converted), `period` ("year" when normalized, else the rate's own period), `count`
  (>= min_count), `low` / `high` (medians of posted minimums / maximums), `p25`,
  `median`, `p75` (of midpoints), `from_month`, `to_month` (the last twelve months).
- `companies`: one record per company (postings without a company name are left out):
  `company`, `postings` (a job on two feeds counts once), `reposts`, `months_active`
  (int), `roles` (distinct title + place), `titles`, `areas`, `first_month`,
  `last_month`, `per_month`, `cadence` ({month: postings}),
  `lifetimes` (closed postings from whole-board sources), `lifetime_median_days` (or null).
- `flags`: `kind` ("reposted_often" | "always_hiring" | "silence"), `company`, `title`,
  `location` (null for silence), `from_month`, `to_month`, `count`, `detail` (a sentence).
- `lifetimes`: per area (and null for all), from whole-board sources only: `area`,
  `count`, `median_days`, `p25_days`, `p75_days`.
- `notes`: {figure: a sentence on what it can and cannot say}, for every key above.

Month of a posting: `published` when plausible (not after now, not more than 2 days after
`first_seen`, not more than 365 days before it), else `first_seen`.

From the store, `aggregator.trends.parallel.trends_from_store(data_dir, now=..., cache_dir=...)`
gives the same report through the lean reader (reader.py), the per-month cache
(cache.py) and forked workers; `stayready trends` uses it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from aggregator.models import Posting
from aggregator.trends import terms as T
from aggregator.trends.months import month_of, month_str
from aggregator.trends.rehiring import CompanyStats, Flag, Lifetimes, RehiringIndex
from aggregator.trends.rows import TrendRow
from aggregator.trends.salaries import SalaryCollector, SalaryRange

SCHEMA = 1

NOTES = {
    "history": "Only what the feeds showed while they were watched. Months before the "
    "first fetch hold only postings still listed then, so their counts are low.",
    "terms": "Share of a month's postings whose text names the term. A posting that says "
    "'Python' once counts like one built around it; a missing record means no mention.",
    "rising": "Share change between the last complete month and 1, 3 or 12 months before, "
    "ranked only with enough mentions; a feed added or dropped can move shares too.",
    "falling": "As rising, downwards. A term falling in one area may hold steady overall.",
    "new_terms": "First named recently after months of watching; a new feed or a new "
    "alias in the taxonomy can make an old term look new.",
    "skills_gap": "Rising in your areas and not in your profile's skills: what the "
    "postings ask for more often, not what employers would hire you for.",
    "salaries": "Only postings that state pay, in the last twelve months; currencies are "
    "never converted, hourly rates become yearly only for full-time jobs.",
    "companies": "Postings counted once across feeds (the same job on another feed while "
    "the first listing is open); spellings of one name are grouped. A company on no watched "
    "feed is invisible; posting less here may mean it moved to another board.",
    "reposts": "Same company, title words and place listed anew within 90 days: "
    "a reopened role, a refresh to stay on top, or a role hard to fill; we cannot tell which.",
    "flags": "Patterns worth a look, not verdicts. Silence only counts while the "
    "company's areas still have postings, but a company may still hire elsewhere.",
    "lifetimes": "Days from listing to closing, only from boards that show a company's "
    "whole board; closed may mean filled, cancelled or moved, and open postings are not in.",
}


@dataclass
class TrendsReport:
    generated: str
    month: str
    min_count: int
    history: dict[str, Any]
    terms: list[T.TermShare] = field(default_factory=list)
    rising: list[T.TermChange] = field(default_factory=list)
    falling: list[T.TermChange] = field(default_factory=list)
    new_terms: list[T.NewTerm] = field(default_factory=list)
    skills_gap: list[T.SkillGap] = field(default_factory=list)
    salaries: list[SalaryRange] = field(default_factory=list)
    companies: list[CompanyStats] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    lifetimes: list[Lifetimes] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=lambda: dict(NOTES))

    def to_json(self) -> dict[str, Any]:
        """The documented JSON object (see the module docstring)."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "generated": self.generated,
            "month": self.month,
            "min_count": self.min_count,
            "history": dict(self.history),
        }
        for name in ("terms", "rising", "falling", "new_terms", "skills_gap", "salaries",
                     "companies", "flags", "lifetimes"):  # fmt: skip
            out[name] = _records(getattr(self, name))
        out["notes"] = dict(self.notes)
        return out


def _records(items: list[Any]) -> list[dict[str, Any]]:
    if not items:
        return []
    names = [f.name for f in fields(items[0])]
    out = []
    for item in items:
        rec = {n: getattr(item, n) for n in names}
        for k, v in rec.items():
            if isinstance(v, (list, dict)):
                rec[k] = type(v)(v)
        out.append(rec)
    return out


def canonical_skills(skills: Iterable[str]) -> set[str]:
    """The person's skills as the taxonomy's canonical names (and as written)."""
    out: set[str] = set()
    skills = list(skills)
    if not skills:
        return out
    try:
        from aggregator.requirements import extract
    except Exception:  # no extractor (or a broken one): skills still match by name
        extract = None  # type: ignore[assignment]
    for s in skills:
        out.add(s.casefold())
        if extract is not None:
            try:
                out.update(t.casefold() for t in extract(s, s).get("terms", ()))
            except Exception:  # a skill the extractor chokes on is still matched by name
                pass
    return out


def compute_trends(
    postings: Iterable[Posting | TrendRow],
    *,
    now: datetime,
    skills: Sequence[str] = (),
    min_count: int = 5,
    areas: Sequence[str] | None = None,
    names: Any = None,
) -> TrendsReport:
    """Stream the postings once and build every figure (`names`: companies.CompanyNames,
    the person's company aliases).

    `areas` are the person's areas (the areas of their feeds) for the skills gap;
    None means every area and all areas together.
    """
    from aggregator.trends.accumulate import Accumulator

    acc = Accumulator(now, names)
    acc.feed(postings)
    return report_from(acc, skills=skills, min_count=min_count, areas=areas)


def report_from(acc: Any, *, skills: Sequence[str] = (), min_count: int = 5,
                areas: Sequence[str] | None = None) -> TrendsReport:  # fmt: skip
    """The report of an `accumulate.Accumulator` (one pass, or merged parts)."""
    from foundation.clock import iso

    collecting = gc.isenabled()
    gc.disable()  # building records allocates a lot and makes no cycles
    try:
        return build_report(acc.counter, acc.pay, acc.rehiring, now=acc.now, skills=skills,
                            min_count=min_count, areas=areas, extra=acc.extra(),
                            generated=iso(acc.now))  # fmt: skip
    finally:
        if collecting:
            gc.enable()


def build_report(counter: T.TermCounter, pay: SalaryCollector, rehiring: RehiringIndex, *,
                 now: datetime, skills: Sequence[str], min_count: int,
                 areas: Sequence[str] | None, extra: dict[str, int],
                 generated: str) -> TrendsReport:  # fmt: skip
    """Figures from accumulated counters (also used after merging cached months)."""
    now_month = month_of(now)
    scopes = counter.scopes()
    overall = scopes[None]
    all_areas = sorted(a for a in scopes if a is not None)
    rising, falling = T.changes(scopes, now_month, min_count)
    person_areas: list[str | None] = list(areas) if areas else [None, *all_areas]
    reposts = rehiring.reposts()
    first = min(overall) if overall else now_month
    live = {a for (m, a), b in counter.buckets.items() if m == now_month - 1 and b[0]}
    history = {
        "postings": sum(n for n, _ in overall.values()),
        **extra,
        "first_month": month_str(min(overall)) if overall else None,
        "last_month": month_str(max(overall)) if overall else None,
        "areas": all_areas,
    }
    return TrendsReport(
        generated=generated,
        month=month_str(now_month),
        min_count=min_count,
        history=history,
        terms=T.shares(scopes, now_month),
        rising=T.top(rising),
        falling=T.top(falling),
        new_terms=T.new_terms(scopes, now_month, min_count),
        skills_gap=T.skills_gap(rising, canonical_skills(skills), person_areas),
        salaries=pay.ranges(min_count),
        companies=rehiring.company_stats(reposts),
        flags=rehiring.flags(reposts, first, live),
        lifetimes=rehiring.lifetimes(min_count),
    )
