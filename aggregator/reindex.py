"""Recompute what the nightly run stored under older rules, so trends over an existing
history give today's answers: `stayready reindex`.

Parts (PARTS) are named so more can join (stored requirements are another candidate).
`duplicates`: every posting's `duplicate_of` by aggregator/relisting.py's rule, replayed
over the whole history in the order it was stored, and the live index's job keys by
today's company names and aliases. A changed mark is written as an `updated` event
(months are never rewritten), so the history's git log says what changed and when.
Running it twice changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from aggregator.companies import CompanyNames
from aggregator.models import Posting
from aggregator.relisting import still_open, stored_key
from aggregator.store import Batch, IndexEntry, Store
from foundation.clock import iso
from foundation.config import Config
from foundation.errors import UsageError

PARTS = ("duplicates",)


@dataclass
class ReindexReport:
    """What a reindex changed, per part."""

    postings: int = 0  # postings read
    changed: dict[str, int] = field(default_factory=dict)  # part -> postings changed
    now_duplicates: int = 0  # postings marked a copy after the reindex
    keys_changed: int = 0  # live index entries whose job key changed


def duplicate_marks(
    postings: Iterable[Posting], departures: dict[str, tuple], names: CompanyNames
) -> dict[str, str | None]:
    """id -> the id it duplicates (or None), the nightly's rule replayed in stored order.

    `postings` carry their last_seen (events applied); `departures` is the store's last
    gone / closed / back event per id. A posting is another feed's copy when a posting
    with its key, stored before it on another feed, was still open when it was first
    seen; of several, the first seen (then the smallest id), as the nightly picks.
    """
    by_key: dict[str, list[Posting]] = {}
    marks: dict[str, str | None] = {}
    for p in postings:
        key = stored_key(p, names)
        mark = None
        if key:
            at = p.first_seen or ""
            found = [e for e in by_key.get(key, ()) if e.feed_id != p.feed_id
                     and (e.first_seen or "") <= at and _open(e, departures, at)]  # fmt: skip
            if found:
                mark = min(found, key=lambda e: (e.first_seen, e.id)).id
            by_key.setdefault(key, []).append(p)
        marks[p.id] = mark
    return marks


def _open(e: Posting, departures: dict[str, tuple], at: str) -> bool:
    left = departures.get(e.id)
    left_at = left[1] if left is not None and left[0] in ("gone", "closed") else None
    return still_open(e.last_seen or e.first_seen, left_at, at)


def reindex(config: Config, now: datetime, parts: Sequence[str] = PARTS) -> ReindexReport:
    """Recompute the named parts over the whole history and commit what changed."""
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise UsageError(f"nothing to reindex called {', '.join(map(repr, unknown))}",
                         hint=f"parts: {', '.join(PARTS)}")  # fmt: skip
    store = Store(config.data_dir)
    report = ReindexReport()
    names = CompanyNames(config.companies.aliases)
    with store.lock():
        postings = list(store.iter_postings())
        report.postings = len(postings)
        departures = store.departures()
        index = store.read_index()
        marks = duplicate_marks(postings, departures, names)
        at = iso(now)
        events = [{"event": "updated", "at": at, "id": p.id,
                   "changes": {"duplicate_of": marks[p.id]}}
                  for p in postings if marks[p.id] != p.duplicate_of]  # fmt: skip
        report.changed["duplicates"] = len(events)
        report.now_duplicates = sum(1 for m in marks.values() if m)
        new_index = None
        if index is not None:
            by_id = {p.id: p for p in postings}
            new_index = {}
            for pid, e in index.items():
                p = by_id.get(pid)
                key = stored_key(p, names) if p is not None else e.key
                report.keys_changed += key != e.key
                new_index[pid] = IndexEntry(e.id, e.feed, e.first_seen, key, e.hashes)
        if events or report.keys_changed:
            store.commit(Batch(month=at[:7], events=events,
                               index=new_index if report.keys_changed else None))  # fmt: skip
    return report
