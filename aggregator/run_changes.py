"""The changes one fetch run makes, gathered feed by feed: new postings, updates, postings
that left or came back, feed health. aggregator/run.py drives it and commits the result.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Container
from datetime import datetime
from typing import Any

from aggregator.filters import passes
from aggregator.models import FeedState, FetchResult, Posting
from aggregator.run_report import FeedReport, RunReport
from aggregator.store import (
    CONTENT_FIELDS,
    IndexEntry,
    Store,
    changed_fields,
    content_hashes,
    storage_record,
    storage_values,
)
from foundation.clock import iso
from foundation.config import Config, FeedConfig
from foundation.errors import StayReadyError
from foundation.sources import DETAIL_FIELDS

_REQ = CONTENT_FIELDS.index("requirements")
EMPTY_BOARD = "the board listed no jobs at all"


class Night:
    """The changes of one run, gathered feed by feed."""

    def __init__(self, config: Config, now: datetime, store: Store,
                 states: dict[str, FeedState], index: dict[str, IndexEntry],
                 report: RunReport) -> None:  # fmt: skip
        self.config, self.now, self.store, self.report = config, now, store, report
        self.at = iso(now)
        self.old_states = states
        self.states: dict[str, FeedState] = {}
        self.failing: set[str] = set()
        self.index = dict(index)
        self.index_changed = False
        self.new: list[Posting] = []
        # Each new posting's storage record, built once: its hashes go in the index and the
        # same dict is the month file's line (Batch.records).
        self.new_records: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self._by_key: dict[str, list[IndexEntry]] | None = None
        self._names: Any = None  # companies.CompanyNames, built on first use
        # Built on first use: a night of 304s never imports the extractor (start-up matters).
        self._extract: Callable[[Posting], dict] | None | bool = False

    def feed(self, feed: FeedConfig, result: FetchResult) -> None:
        old = self.old_states.get(feed.id) or FeedState(feed.id, feed.name, feed.url)
        st = dataclasses.replace(old, name=feed.name, url=feed.url, live_ids=list(old.live_ids))
        fr = FeedReport(feed.id, feed.name, result.outcome, http_status=result.status,
                        redirect=result.permanent_redirect)  # fmt: skip
        self.report.feeds.append(fr)
        if result.outcome == "deferred":
            fr.next_attempt, fr.unchanged = old.next_attempt, len(old.live_ids)
            fr.polite_until = result.not_before
            if result.not_before:
                from aggregator.fetch import polite_why

                fr.polite_why = polite_why(feed.kind)
            if old.ok is False:
                fr.error = old.last_error or "failing"
            return
        if result.outcome in ("failed", "gone"):
            return self._fail(feed, st, fr, result, result.error or result.outcome)
        if result.outcome == "not_modified":
            fr.unchanged = len(st.live_ids)
            return self._succeed(feed, st, result)
        try:
            from aggregator.parse import parse_feed

            parsed = parse_feed(feed, result.body or b"", result.headers, self.now)
        except Exception as exc:  # a parser bug must not stop the other feeds
            return self._fail(feed, st, fr, result, f"could not be read: {exc}")
        if parsed.error and not parsed.postings:
            return self._fail(feed, st, fr, result, parsed.error)
        # The paging layer knows best why a read stopped short; the parser, a one-page read.
        short = result.incomplete or parsed.incomplete
        if (feed.whole_board and not parsed.postings and old.live_ids and not short
                and not (old.last_error or "").startswith(EMPTY_BOARD)):  # fmt: skip
            # A board API that glitches to an empty list would close every open job and
            # cut their lifetimes short; an empty board is believed when it is seen twice.
            return self._fail(feed, st, fr, result, f"{EMPTY_BOARD} (it had "
                              f"{len(old.live_ids)}); they stay open unless the next run "
                              "finds it empty too")  # fmt: skip
        # Postings whose own page was read tonight, and those whose page's fields the
        # history already holds: a listing's thinner text never replaces the latter.
        tonight = _described(feed, result.described)
        held = set(old.described) - tonight
        self._compare(feed, st, fr, parsed.postings, short, held)
        if tonight or st.described:
            st.described = sorted((held | tonight) & set(st.live_ids))
        st.items = len(parsed.postings)
        st.title_shape = parsed.title_shape
        st.incomplete = fr.incomplete = short
        st.board_size, st.pages = result.board_size, result.pages
        st.board_note = fr.board_note = result.board_note
        self._succeed(feed, st, result)

    def _succeed(self, feed: FeedConfig, st: FeedState, result: FetchResult) -> None:
        st.ok, st.last_attempt, st.last_success = True, self.at, self.at
        st.consecutive_failures, st.last_error, st.next_attempt, st.gone = 0, None, None, False
        st.http_status, st.redirected_to = result.status, result.permanent_redirect
        self.states[feed.id] = st

    def _fail(self, feed: FeedConfig, st: FeedState, fr: FeedReport, result: FetchResult,
              error: str) -> None:  # fmt: skip
        from aggregator.fetch import next_attempt_after

        st.ok, st.last_attempt, st.last_error = False, self.at, error
        st.consecutive_failures += 1
        st.http_status, st.gone = result.status, result.outcome == "gone"
        st.redirected_to = result.permanent_redirect or st.redirected_to
        st.next_attempt = iso(next_attempt_after(
            st.consecutive_failures, self.now,
            max_backoff_hours=self.config.fetch.max_backoff_hours,
            retry_after=result.retry_after))  # fmt: skip
        fr.error, fr.next_attempt = error, st.next_attempt
        self.states[feed.id] = st
        self.failing.add(feed.id)

    def _compare(self, feed: FeedConfig, st: FeedState, fr: FeedReport,
                 postings: list[Posting], incomplete: str | None = None,
                 held: Container[str] = ()) -> None:  # fmt: skip
        present: dict[str, Posting] = {}
        for p in postings:
            if p.id in present:
                continue
            p.feed_id, p.feed = feed.id, feed.name
            if p.area is None:
                p.area = feed.area
            if not passes(p, self.config.filters, feed):
                fr.filtered += 1
                continue
            present[p.id] = p
        seen: Container[str] | None = None
        for p in present.values():
            entry = self.index.get(p.id)
            if entry is not None:
                self._maybe_update(p, entry, fr, DETAIL_FIELDS.get(feed.kind, ()),
                                   held=p.id in held)  # fmt: skip
                continue
            if seen is None:
                seen = self._seen(feed.id, st)
            if p.id in seen:
                self._back(feed, p, fr)
            else:
                self._new(p)
                fr.new += 1
        listed = {p.id for p in postings}
        gone = set(st.live_ids) - present.keys()
        # A short read (one page of a paged board) did not see the rest: unread jobs stay
        # live, neither closed nor gone, until a night that reads the whole board.
        unread = gone - listed if incomplete else set()
        gone -= unread
        # Only a whole board's own removal closes a job; one the filters now drop has not.
        closed = sorted(gone - listed) if feed.whole_board else []
        for kind, ids in (("closed", closed), ("gone", sorted(gone - set(closed)))):
            if ids:
                last_seen = st.last_success or self.at
                self.events.append({"event": kind, "at": self.at, "feed": feed.id,
                                    "last_seen": last_seen, "ids": ids})  # fmt: skip
        for pid in gone:
            self.index.pop(pid, None)
            self.index_changed = True
        fr.left = len(gone)
        st.live_ids = sorted(present.keys() | unread)

    def _maybe_update(self, p: Posting, entry: IndexEntry, fr: FeedReport,
                      detail_fields: tuple[str, ...] = (), held: bool = False) -> None:  # fmt: skip
        hashes = content_hashes(storage_record(p)).split()
        old = entry.hashes.split()
        kept = False
        if len(old) == len(hashes):
            hashes[_REQ] = old[_REQ]  # requirements are re-extracted only when text changed
            # What only a posting's own page gives is kept when that page was read before
            # and not tonight (`held`): the listing's version ("Madison, WI" for three
            # places) is thinner, not a change. Without a page ever read, the listing's
            # own values count, but an empty field there is no change either.
            # Its requirements stay too: they were read from the description kept.
            values = storage_values(p) if detail_fields else {}
            for name in detail_fields:
                if held or _empty(values[name]):
                    i = CONTENT_FIELDS.index(name)
                    hashes[i] = old[i]
                    kept = kept or name == "description"
        changed = [n for n, a, b in zip(CONTENT_FIELDS, old, hashes, strict=False) if a != b]
        if not changed and len(old) == len(hashes):
            fr.unchanged += 1
            return
        if not kept:  # the text changed: its requirements are read again
            self._requirements(p)
            hashes[_REQ] = content_hashes(storage_record(p)).split()[_REQ]
        self._record_update(p, entry.first_seen, entry.key, old, " ".join(hashes))
        fr.updated += 1

    def _record_update(self, p: Posting, first_seen: str, key: str, old: list[str],
                       hashes: str | None = None,
                       keep: set[str] | None = None) -> None:  # fmt: skip
        """`hashes`: the posting's own, where some fields keep their stored values;
        `keep`: fields not written (their stored values stand)."""
        values = storage_values(p)
        hashes = hashes or content_hashes(storage_record(p))
        changed = changed_fields(" ".join(old), hashes)
        if keep:
            changed = [n for n in changed if n not in keep]
        if changed:
            self.events.append({"event": "updated", "at": self.at, "id": p.id,
                                "changes": {n: values[n] for n in changed}})  # fmt: skip
        self.index[p.id] = IndexEntry(p.id, p.feed_id, first_seen, key, hashes)
        self.index_changed = True

    def _back(self, feed: FeedConfig, p: Posting, fr: FeedReport) -> None:
        # Its old content is in an old month; writing the full current fields is rarer
        # and cheaper than reading that month.
        self.events.append({"event": "back", "at": self.at, "feed": feed.id, "ids": [p.id]})
        # What only its own page gives, left empty tonight (the night's cap of job pages
        # reached), is not written over what was stored, nor what was read from it.
        values = storage_values(p)
        empty = {n for n in DETAIL_FIELDS.get(feed.kind, ()) if _empty(values[n])}
        if "description" in empty:
            empty.add("requirements")
        else:
            self._requirements(p)
        self._record_update(p, self.at, self._key(p), [], keep=empty)
        fr.back += 1

    def _new(self, p: Posting) -> None:
        p.first_seen = p.last_seen = self.at
        p.closed = None
        self._requirements(p)
        key = self._key(p)
        if key:
            by_key = self._keys()
            # The same job on another feed while that listing is open is one posting;
            # anything else is a re-listing (aggregator/relisting.py, the one rule).
            others = [e for e in by_key.get(key, ()) if e.feed != p.feed_id and self._open(e)]
            if others:
                p.duplicate_of = min(others, key=lambda e: (e.first_seen, e.id)).id
        record = storage_record(p)
        entry = IndexEntry(p.id, p.feed_id, self.at, key, content_hashes(record))
        self.index[p.id] = entry
        if key:
            self._keys().setdefault(key, []).append(entry)
        self.index_changed = True
        self.new.append(p)
        self.new_records.append(record)

    def _key(self, p: Posting) -> str:
        from aggregator.relisting import stored_key

        if self._names is None:
            from aggregator.companies import CompanyNames

            self._names = CompanyNames(self.config.companies.aliases)
        return stored_key(p, self._names)

    def _open(self, e: IndexEntry) -> bool:
        """Whether a live posting of another feed is still open tonight (relisting.py)."""
        from aggregator.relisting import still_open

        st = self.states.get(e.feed) or self.old_states.get(e.feed)
        return still_open(st.last_success if st else None, None, self.at)

    def _keys(self) -> dict[str, list[IndexEntry]]:
        if self._by_key is None:
            self._by_key = {}
            for e in self.index.values():
                if e.key:
                    self._by_key.setdefault(e.key, []).append(e)
        return self._by_key

    def _seen(self, feed_id: str, st: FeedState) -> Container[str]:
        seen = self.store.seen_ids(feed_id)
        if seen is None and st.last_success:
            self.store.rebuild_seen()
            seen = self.store.seen_ids(feed_id)
        return seen if seen is not None else set()

    def _requirements(self, p: Posting) -> None:
        if self._extract is False:
            self._extract = _extractor(self.config, self.report)
        p.requirements = self._extract(p) if self._extract else {}


def _empty(value: Any) -> bool:
    """A field the source left out (only a posting's own page gives it)."""
    return value in (None, "", [], {})


def _described(feed: FeedConfig, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    from aggregator.normalize import posting_id

    return {posting_id(feed.id, key) for key in keys}


def _extractor(config: Config, report: RunReport) -> Callable[[Posting], dict] | None:
    try:
        from aggregator.requirements import extract
    except ImportError:
        return None
    terms = tuple(config.profile.terms)
    failures: list[str] = []

    def run(p: Posting) -> dict:
        try:
            found = extract(p.title, p.description, salary=p.salary, extra_terms=terms)
            return dict(found) if found else {}
        except Exception as exc:  # a posting the extractor trips on is stored without them
            if not failures:
                message = f"requirements could not be extracted for posting {p.id}: {exc!r}"
                report.problems.append(StayReadyError(message))
            failures.append(p.id)
            return {}

    return run
