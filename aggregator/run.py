"""One fetch run: fetch every due feed, parse, filter, compare with the history, store.

The run holds the store's lock throughout. It reads only feeds.json, the live index
and (for feeds with unknown ids) that feed's seen ids, so its cost follows what changed,
not the size of the history. When more than half the feeds fail, no posting is stored:
only the failing feeds' health is recorded, and the report says `too_many_failed`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from aggregator.filters import passes
from aggregator.models import FeedState, FetchResult, Posting
from aggregator.store import (
    CONTENT_FIELDS,
    Batch,
    IndexEntry,
    Store,
    changed_fields,
    content_hashes,
    key_hash,
    storage_record,
    storage_values,
)
from stayready.clock import iso
from stayready.config import Config, FeedConfig
from stayready.errors import StayReadyError, StoreError, UsageError

# Left in the HTTP cache folder while a run has fetched but not yet stored: if a run dies
# (or stores nothing), the next one drops the cache, since a 304 would otherwise hide a
# body that never reached the history.
UNCOMMITTED = "uncommitted-run"
_REQ = CONTENT_FIELDS.index("requirements")


@dataclass
class FeedReport:
    """What happened to one feed in this run."""

    feed_id: str
    name: str
    outcome: str  # fetched / not_modified / failed / gone / deferred
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    back: int = 0  # listed again after having left
    left: int = 0  # no longer listed (closed, for whole-board feeds)
    filtered: int = 0  # dropped by keep/block rules
    error: str | None = None
    http_status: int | None = None
    redirect: str | None = None  # the new URL after a permanent redirect
    next_attempt: str | None = None
    stored: bool = True

    @property
    def failed(self) -> bool:
        return self.error is not None

    def summary(self) -> str:
        """The final line for this feed, e.g. "new 3, updated 1, unchanged 96"."""
        if self.outcome == "deferred":
            text = f"skipped: failing, next try after {self.next_attempt}"
            if self.error:
                text += f" (last error: {self.error})"
        elif self.outcome == "gone":
            text = f"gone: {self.error}; remove it from stayready.yml"
        elif self.error:
            text = f"failed: {self.error}"
        elif not self.stored:
            text = "fetched, but not stored: too many feeds failed"
        else:
            parts = [f"new {self.new}", f"updated {self.updated}", f"unchanged {self.unchanged}"]
            parts += [f"{n} {v}" for n, v in (("back", self.back), ("left", self.left),
                                                ("filtered out", self.filtered)) if v]  # fmt: skip
            text = ", ".join(parts)
            if self.outcome == "not_modified":
                text += " (not modified)"
        if self.redirect:
            text += f"; moved permanently to {self.redirect}: update stayready.yml"
        return text


@dataclass
class RunReport:
    feeds: list[FeedReport] = field(default_factory=list)
    new_postings: list[Posting] = field(default_factory=list)
    total_feeds: int = 0
    too_many_failed: bool = False
    problems: list[StayReadyError] = field(default_factory=list)

    @property
    def failed_feeds(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.failed]


Progress = Callable[[FeedConfig, FetchResult], None]


def run_fetch(
    config: Config,
    now: datetime,
    *,
    only: Sequence[str] = (),
    progress: Progress | None = None,
) -> RunReport:
    """Fetch the configured feeds (or `only` those ids) and update the history."""
    from aggregator.fetch import fetch_all

    feeds = _select(config, only)
    store = Store(config.data_dir)
    report = RunReport(total_feeds=len(feeds))
    with store.lock():
        states = store.feed_states()  # a store that does not load stops the run here
        index = _live_index(store, states, report)
        _forget_uncommitted(config.cache_dir)
        results = fetch_all(feeds, states, cache_dir=config.cache_dir, settings=config.fetch,
                            now=now, progress=progress)  # fmt: skip
        night = _Night(config, now, store, states, index, report)
        by_id = {r.feed_id: r for r in results}
        for feed in feeds:
            night.feed(feed, by_id.get(feed.id) or FetchResult(feed.id, "deferred"))
        failed = len(report.failed_feeds)
        report.too_many_failed = failed * 2 > len(feeds) > 0
        if report.too_many_failed:
            for fr in report.feeds:
                fr.stored = fr.failed
            # Feed health is still worth keeping; postings of the few that worked are not.
            health = {**states, **{k: v for k, v in night.states.items()
                                   if k in night.failing}}  # fmt: skip
            store.commit(Batch(month=night.at[:7], feeds=health))
            return report
        store.commit(
            Batch(
                month=night.at[:7],
                new=night.new,
                events=night.events,
                feeds={**states, **night.states},
                index=night.index if night.index_changed else None,
            )
        )
        (config.cache_dir / UNCOMMITTED).unlink(missing_ok=True)
        report.new_postings = night.new
    return report


def _select(config: Config, only: Sequence[str]) -> list[FeedConfig]:
    if not only:
        return list(config.feeds)
    known = {f.id for f in config.feeds}
    unknown = [o for o in only if o not in known]
    if unknown:
        raise UsageError(f"no feed with id {', '.join(map(repr, unknown))}", file=config.path,
                         hint=f"feed ids: {', '.join(sorted(known)) or '(none)'}")  # fmt: skip
    return [f for f in config.feeds if f.id in set(only)]


def _live_index(
    store: Store, states: dict[str, FeedState], report: RunReport
) -> dict[str, IndexEntry]:
    index = store.read_index()
    live = {pid for st in states.values() for pid in st.live_ids}
    if index is None or not live <= index.keys():
        if not live:
            return {}
        report.problems.append(StoreError(
            "the live index was missing or damaged; rebuilt it from the whole history",
            file=store.root / "index.jsonl"))  # fmt: skip
        index = store.rebuild_index(states)
    return {k: v for k, v in index.items() if k in live}


def _forget_uncommitted(cache_dir: Path) -> None:
    from aggregator.fetch import CACHE_FILE

    marker = cache_dir / UNCOMMITTED
    if marker.exists():
        for name in (CACHE_FILE, CACHE_FILE + "-wal", CACHE_FILE + "-shm"):
            (cache_dir / name).unlink(missing_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("a run fetched feeds and has not stored them yet\n", encoding="utf-8")


class _Night:
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
        self.events: list[dict[str, Any]] = []
        self._by_key: dict[str, list[IndexEntry]] | None = None
        self._extract = _extractor(config, report)

    def feed(self, feed: FeedConfig, result: FetchResult) -> None:
        old = self.old_states.get(feed.id) or FeedState(feed.id, feed.name, feed.url)
        st = dataclasses.replace(old, name=feed.name, url=feed.url, live_ids=list(old.live_ids))
        fr = FeedReport(feed.id, feed.name, result.outcome, http_status=result.status,
                        redirect=result.permanent_redirect)  # fmt: skip
        self.report.feeds.append(fr)
        if result.outcome == "deferred":
            fr.next_attempt, fr.unchanged = old.next_attempt, len(old.live_ids)
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
        self._compare(feed, st, fr, parsed.postings)
        st.items = len(parsed.postings)
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
                 postings: list[Posting]) -> None:  # fmt: skip
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
                self._maybe_update(p, entry, fr)
                continue
            if seen is None:
                seen = self._seen(feed.id, st)
            if p.id in seen:
                self._back(feed, p, fr)
            else:
                self._new(p)
                fr.new += 1
        left = sorted(set(st.live_ids) - present.keys())
        if left:
            kind = "closed" if feed.whole_board else "gone"
            self.events.append({"event": kind, "at": self.at, "feed": feed.id,
                                "last_seen": st.last_success or self.at, "ids": left})  # fmt: skip
            for pid in left:
                self.index.pop(pid, None)
            self.index_changed = True
            fr.left = len(left)
        st.live_ids = sorted(present)

    def _maybe_update(self, p: Posting, entry: IndexEntry, fr: FeedReport) -> None:
        hashes = content_hashes(storage_record(p)).split()
        old = entry.hashes.split()
        if len(old) == len(hashes):
            hashes[_REQ] = old[_REQ]  # requirements are re-extracted only when text changed
        changed = [n for n, a, b in zip(CONTENT_FIELDS, old, hashes, strict=False) if a != b]
        if not changed and len(old) == len(hashes):
            fr.unchanged += 1
            return
        self._requirements(p)
        self._record_update(p, entry.first_seen, entry.key, old)
        fr.updated += 1

    def _record_update(self, p: Posting, first_seen: str, key: str, old: list[str]) -> None:
        values = storage_values(p)
        hashes = content_hashes(storage_record(p))
        changed = changed_fields(" ".join(old), hashes)
        if changed:
            self.events.append({"event": "updated", "at": self.at, "id": p.id,
                                "changes": {n: values[n] for n in changed}})  # fmt: skip
        self.index[p.id] = IndexEntry(p.id, p.feed_id, first_seen, key, hashes)
        self.index_changed = True

    def _back(self, feed: FeedConfig, p: Posting, fr: FeedReport) -> None:
        # Its old content is in an old month; writing the full current fields is rarer
        # and cheaper than reading that month.
        self.events.append({"event": "back", "at": self.at, "feed": feed.id, "ids": [p.id]})
        self._requirements(p)
        self._record_update(p, self.at, self._key(p), [])
        fr.back += 1

    def _new(self, p: Posting) -> None:
        p.first_seen = p.last_seen = self.at
        p.closed = None
        self._requirements(p)
        key = self._key(p)
        if key:
            by_key = self._keys()
            others = [e for e in by_key.get(key, ()) if e.feed != p.feed_id]
            if others:
                p.duplicate_of = min(others, key=lambda e: (e.first_seen, e.id)).id
        entry = IndexEntry(p.id, p.feed_id, self.at, key, content_hashes(storage_record(p)))
        self.index[p.id] = entry
        if key:
            self._keys().setdefault(key, []).append(entry)
        self.index_changed = True
        self.new.append(p)

    def _key(self, p: Posting) -> str:
        if not (p.company or "").strip():
            return ""  # without a company, two titles alike say nothing
        from aggregator.normalize import job_key

        return key_hash(job_key(p.company, p.title, p.location))

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
        p.requirements = self._extract(p) if self._extract else {}


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
