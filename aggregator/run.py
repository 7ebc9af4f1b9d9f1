"""One fetch run: fetch every due feed, parse, filter, compare with the history, store.

The run holds the store's lock throughout. It reads only feeds.json, the live index
and (for feeds with unknown ids) that feed's seen ids, so its cost follows what changed,
not the size of the history. When more than half the feeds fail, what the others
brought is still stored (a failed feed never closes or changes a posting) and the report
says `too_many_failed`. When every feed asked fails for the same network-level reason,
the machine is offline: the report says `network_down` and no feed is backed off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from aggregator.models import FeedState, FetchResult
from aggregator.run_report import FeedReport, RunReport  # noqa: F401  (part of this API)
from aggregator.store import Batch, IndexEntry, Store
from foundation.config import Config, FeedConfig
from foundation.errors import StoreError, UsageError

# Left in the HTTP cache folder while a run has fetched but not yet stored: if a run dies
# (or stores nothing), the next one drops the cache, since a 304 would otherwise hide a
# body that never reached the history.
UNCOMMITTED = "uncommitted-run"


Progress = Callable[[FeedConfig, FetchResult], None]


def run_fetch(
    config: Config,
    now: datetime,
    *,
    only: Sequence[str] = (),
    progress: Progress | None = None,
    meanwhile: Callable[[], None] | None = None,
    every: bool = False,
    force: bool = False,
) -> RunReport:
    """Fetch the configured feeds (or `only` those ids) and update the history.

    `meanwhile` is called once, while the first requests' answers are awaited (or when
    nothing is fetched): the caller's own work that must not delay the requests.
    `every` (`fetch --now`) asks every feed now, backoff or not; the public APIs' polling
    terms still hold unless `force` (`fetch --force`, which implies `every`).
    """
    from aggregator.fetch import fetch_all

    feeds = _select(config, only)
    store = Store(config.data_dir)
    report = RunReport(total_feeds=len(feeds))
    with store.lock():
        states = store.feed_states()  # a store that does not load stops the run here
        old_settings = store.feed_settings()
        settings = {f.id: _settings_hash(config, f) for f in feeds}
        # A feed now parsed or filtered differently must be read again in full, not 304'd.
        redo = any(old_settings.get(k, v) != v for k, v in settings.items())
        _forget_uncommitted(config.cache_dir, force=redo)
        # Backoff waits out a failing feed, but not one the person just named (`--feed`)
        # or changed in stayready.yml: they want to know now whether it works.
        fresh = {f.id for f in feeds if f.id in only or old_settings.get(f.id, settings[f.id])
                 != settings[f.id] or (f.id in states and states[f.id].url != f.url)}  # fmt: skip
        if force:
            fresh = {f.id for f in feeds}
        now_ids = {f.id for f in feeds} if every or force else fresh
        asked = {k: dataclasses.replace(v, next_attempt=None) if k in now_ids else v
                 for k, v in states.items()}  # fmt: skip
        # What the requests do not need is read while their answers are awaited. Should
        # that read fail (an unreadable index), the error surfaces once every request has
        # been answered, not before any leaves; the cache they wrote is dropped by the next
        # run, as for any run that did not commit (UNCOMMITTED).
        later = _Later(lambda: _live_index(store, states, report, config), meanwhile)
        results = fetch_all(feeds, asked, cache_dir=config.cache_dir, settings=config.fetch,
                            now=now, progress=progress, meanwhile=later,
                            problems=report.problems, force=fresh)  # fmt: skip
        index, index_stale = later.result()
        from aggregator.run_changes import Night

        night = Night(config, now, store, states, index, report)
        night.index_changed = index_stale
        by_id = {r.feed_id: r for r in results}
        report.network_down = network_down(results)
        for feed in feeds:
            result = by_id.get(feed.id) or FetchResult(feed.id, "deferred")
            if report.network_down and result.outcome == "failed":
                # Not the feed's fault: its health and backoff stay as they were, so the
                # first run back online asks it (Miniflux's feeds, backed off for an
                # outage, were never asked again).
                report.feeds.append(FeedReport(feed.id, feed.name, "failed",
                                               error=result.error))  # fmt: skip
            else:
                night.feed(feed, result)
        failed = len(report.failed_feeds)
        report.too_many_failed = failed * 2 > len(feeds) > 0
        if report.network_down:
            # Nothing came in and nothing changed: no commit, and no body in the cache
            # that the history lacks.
            (config.cache_dir / UNCOMMITTED).unlink(missing_ok=True)
            return report
        # Even when most feeds failed, what the others brought is kept: a failed feed
        # changes none of its postings, so storing the good ones loses nothing, while
        # withholding them made a first night with a few bad addresses store nothing.
        store.commit(
            Batch(
                month=night.at[:7],
                new=night.new,
                records=night.new_records,
                events=night.events,
                feeds={**states, **night.states},
                index=night.index if night.index_changed else None,
                settings={
                    **old_settings,
                    **{k: settings[k] for k in night.states if k not in night.failing},
                },  # fmt: skip
            )
        )
        (config.cache_dir / UNCOMMITTED).unlink(missing_ok=True)
        report.new_postings = night.new
    return report


def network_down(results: Sequence[FetchResult]) -> str | None:
    """The one network-level reason every feed asked failed for, when there is one.

    Two feeds at least: one feed that cannot be reached says nothing about the network.
    """
    asked = [r for r in results if r.outcome != "deferred"]
    causes = {r.network_error if r.outcome == "failed" else None for r in asked}
    if len(asked) < 2 or len(causes) != 1:
        return None
    return causes.pop()


class _Later:
    """Work run once: when `fetch_all` finds time for it, or when its result is needed.
    The caller's own `first` runs just before it."""

    def __init__(self, work: Callable[[], Any], first: Callable[[], None] | None) -> None:
        self._work = work
        self._first = first
        self._done = False
        self._result: Any = None

    def __call__(self) -> None:
        if not self._done:
            if self._first:
                self._first()
            # The rest of the run's code is imported here too, off the requests' path.
            import aggregator.run_changes  # noqa: F401

            self._result = self._work()
            self._done = True

    def result(self) -> Any:
        self()
        return self._result


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
    store: Store, states: dict[str, FeedState], report: RunReport, config: Config
) -> tuple[dict[str, IndexEntry], bool]:
    """The index of live postings, and whether the file needs writing again."""
    index = store.read_index()
    live = {pid for st in states.values() for pid in st.live_ids}
    if index is None or not live <= index.keys():
        if not live:
            return {}, index is not None and bool(index)
        report.problems.append(StoreError(
            "the live index was missing or damaged; rebuilt it from the whole history",
            file=store.root / "index.jsonl"))  # fmt: skip
        from aggregator.companies import CompanyNames

        return store.rebuild_index(states, CompanyNames(config.companies.aliases)), True
    kept = {k: v for k, v in index.items() if k in live}
    return kept, len(kept) != len(index)


def _settings_hash(config: Config, feed: FeedConfig) -> str:
    def rules(filters: Any) -> list:
        return [[[r.field, r.pattern.pattern] for r in filters.keep],
                [[r.field, r.pattern.pattern] for r in filters.block]]  # fmt: skip

    pattern = feed.title_pattern.pattern if feed.title_pattern else None
    raw = [feed.kind, feed.profile, pattern, rules(config.filters), rules(feed.filters)]
    return hashlib.blake2b(json.dumps(raw).encode(), digest_size=6).hexdigest()


def _forget_uncommitted(cache_dir: Path, *, force: bool = False) -> None:
    """Drop the HTTP cache when it may hold bodies the history has not seen."""
    from aggregator.fetch import CACHE_FILE

    marker = cache_dir / UNCOMMITTED
    if force or marker.exists():
        for name in (CACHE_FILE, CACHE_FILE + "-wal", CACHE_FILE + "-shm"):
            (cache_dir / name).unlink(missing_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text("a run fetched feeds and has not stored them yet\n", encoding="utf-8")
