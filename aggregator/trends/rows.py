"""The few fields of a posting that trends need, as a compact row.

`compute_trends` accepts full `Posting` objects or `TrendRow`s; the rows are what the
lean store reader (`iter_trend_rows`) yields, so a million postings never have to be
held, or even fully parsed, at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from aggregator.models import Posting


class TrendRow(NamedTuple):
    id: str
    company: str
    title: str
    location: str
    area: str | None
    published: str | None
    first_seen: str
    last_seen: str
    duplicate_of: str | None
    closed: str | None
    terms: tuple[str, ...]
    # {min, max, currency, period, source}: the extractor's salary, else the feed's field
    salary: dict[str, Any] | None
    employment_type: str | None


def row_from_posting(p: Posting) -> TrendRow:
    req = p.requirements or {}
    salary = req.get("salary")
    if not salary and p.salary is not None:
        s = p.salary
        salary = {"min": s.min, "max": s.max, "currency": s.currency, "period": s.period,
                  "source": s.source}  # fmt: skip
    return TrendRow(
        p.id, p.company, p.title, p.location, p.area, p.published, p.first_seen, p.last_seen,
        p.duplicate_of, p.closed, tuple(req.get("terms") or ()), salary or None,
        req.get("employment_type") or p.employment_type,
    )  # fmt: skip


def row_from_dict(d: dict[str, Any]) -> TrendRow:
    """A row from a stored posting's JSON object (keys as in `Posting.to_dict`)."""
    req = d.get("requirements") or {}
    return TrendRow(
        d.get("id", ""), d.get("company") or "", d.get("title") or "", d.get("location") or "",
        d.get("area"), d.get("published"), d.get("first_seen") or "", d.get("last_seen") or "",
        d.get("duplicate_of"), d.get("closed"), tuple(req.get("terms") or ()),
        req.get("salary") or d.get("salary") or None,
        req.get("employment_type") or d.get("employment_type"),
    )  # fmt: skip


def to_row(item: Posting | TrendRow | dict[str, Any]) -> TrendRow:
    if isinstance(item, TrendRow):
        return item
    if isinstance(item, Posting):
        return row_from_posting(item)
    return row_from_dict(item)


def as_rows(items: Iterable[Posting | TrendRow | dict[str, Any]]) -> Iterator[TrendRow]:
    """Rows from postings, rows or stored dicts, lazily."""
    for item in items:
        yield to_row(item)
