"""Trends straight from the history store, parsing month files in parallel processes.

Each worker reads a consecutive run of month files with the lean reader and fills its
own Accumulator; the parent merges them in file order, which gives exactly what one
pass gives. Workers are forked, so they share the events and live ids the parent read
under the store's commit lock. Only months to parse count: months in the cache are
cheaper to read in one process than to hand back from a worker, so a warm night, a
small history or a platform without fork runs in one process. A posting id stored
twice in two workers' shares (only a damaged store has that) would count twice; one
process skips the later line, as the store does.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aggregator.trends.reader import (
    Deriver,
    _opened,
    _Snapshot,
    month_entries,
    read_events,
    updater,  # fmt: skip
)

if TYPE_CHECKING:
    from aggregator.trends.accumulate import Accumulator
    from aggregator.trends.report import TrendsReport

PARALLEL_FROM_BYTES = 64 * 1024 * 1024  # below this, forking costs more than it saves
_JOB: tuple[_Snapshot, list[list[str]], datetime, Path | None, Any, bool] | None = None


def trends_from_store(
    data_dir: str | Path,
    *,
    now: datetime,
    skills: Sequence[str] = (),
    min_count: int = 5,
    areas: Sequence[str] | None = None,
    workers: int | None = None,
    problems: list[str] | None = None,
    cache_dir: Path | None = None,
    names: Any = None,
) -> TrendsReport:
    """compute_trends over the store's postings; bad lines are appended to `problems`.

    With `cache_dir` (the config's `.cache/`), month files that did not change since the
    last run are read from the cache of lean rows, and when no file of the store changed
    since a run on the same day, the counters come whole from the cache (cache.py).
    """
    from aggregator.trends import report
    from aggregator.trends.accumulate import Accumulator

    acc = Accumulator(now, names)
    with _opened(data_dir, events=False) as snap:
        if snap is not None:
            key = _history_key(snap, now, names) if cache_dir is not None else None
            acc = _counted(snap, Path(data_dir), now, key, workers, cache_dir, names)
    if problems is not None:
        problems.extend(acc.problems)
    return report.report_from(acc, skills=skills, min_count=min_count, areas=areas)


def trends_json_from_store(
    data_dir: str | Path,
    *,
    now: datetime,
    skills: Sequence[str] = (),
    min_count: int = 5,
    areas: Sequence[str] | None = None,
    workers: int | None = None,
    problems: list[str] | None = None,
    cache_dir: Path | None = None,
    names: Any = None,
    keep_months: bool = False,
) -> dict[str, Any]:
    """trends_from_store(...).to_json(), kept whole in the cache beside the counters.

    `keep_months`: a first count in forked workers keeps each month's counters too
    (partials.py), as the nightly site build wants (the next night then counts one
    month); otherwise only a count in one process keeps them.

    Within a day the report depends only on the counters, skills, areas and min_count,
    and its time stamp: when none of them changed (a second build, `stayready serve`
    after a journal edit) it comes from the cache with the time stamp made current,
    instead of being built again from the counters (a year of history: 0.3 s).
    """
    # Only what the kept report needs is imported before it is looked for: the counting
    # and reporting code is a tenth of a second of imports.
    from aggregator.trends import cache
    from foundation.clock import iso

    acc = None
    report_key = None
    with _opened(data_dir, events=False) as snap:
        if snap is not None:
            key = _history_key(snap, now, names) if cache_dir is not None else None
            report_key = _report_key(key, skills, min_count, areas)
            kept = cache.load_report(cache_dir, report_key)
            if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], dict):
                out, found = kept
                out["generated"] = iso(now)
                if problems is not None:
                    problems.extend(found)
                return out
            acc = _counted(snap, Path(data_dir), now, key, workers, cache_dir, names,
                           keep_months)  # fmt: skip
    from aggregator.trends import report
    from aggregator.trends.accumulate import Accumulator

    if acc is None:  # no store
        acc = Accumulator(now, names)
    if problems is not None:
        problems.extend(acc.problems)
    out = report.report_from(acc, skills=skills, min_count=min_count, areas=areas).to_json()
    cache.save_report(cache_dir, report_key, (out, list(acc.problems)))
    return out


def report_is_kept(
    data_dir: str | Path,
    *,
    now: datetime,
    skills: Sequence[str] = (),
    min_count: int = 5,
    areas: Sequence[str] | None = None,
    cache_dir: Path | None = None,
    names: Any = None,
) -> bool:
    """Whether trends_json_from_store would take the report from the cache now (so
    that a caller can tell a second's work from a hundredth's before starting it)."""
    from aggregator.trends import cache

    if cache_dir is None:
        return False
    with _opened(data_dir, events=False) as snap:
        key = _history_key(snap, now, names) if snap is not None else None
    return cache.has_report(cache_dir, _report_key(key, skills, min_count, areas))


def _report_key(key: tuple | None, skills: Sequence[str], min_count: int,
                areas: Sequence[str] | None) -> tuple | None:  # fmt: skip
    """What a kept report depends on: the counters' key, the parameters, the code."""
    from aggregator.trends import cache

    if key is None:
        return None
    return (cache.report_version(), key, tuple(skills), min_count,
            None if areas is None else tuple(areas))  # fmt: skip


def _counted(snap: _Snapshot, root: Path, now: datetime, key: tuple | None,
             workers: int | None, cache_dir: Path | None,
             names: Any = None, keep_months: bool = False) -> Accumulator:  # fmt: skip
    """The whole history's counters: kept for `key`, or counted (and kept)."""
    from aggregator.trends import cache
    from aggregator.trends.accumulate import Accumulator

    kept = cache.load_history(cache_dir, key)
    if isinstance(kept, Accumulator):
        kept.now = now  # the same day: only the report's time stamp differs
        return kept
    parts = _split(snap, root, _workers(workers), cache_dir)
    if len(parts) > 1:
        read_events(snap)
        acc = _in_parallel(snap, parts, now, cache_dir, names, keep_months)
    else:
        # A night: each month's counters kept, recounting only the months it touched
        # (reading the events only when it needs them all).
        from aggregator.trends import partials

        acc = partials.count(snap, root, now, cache_dir, names)
        if acc is None:
            read_events(snap)
            acc = Accumulator(now, names)
            _count(acc, snap, snap.files, cache_dir)
    cache.save_history(cache_dir, key, acc)
    return acc


def _history_key(snap: _Snapshot, now: datetime, names: Any = None) -> tuple | None:
    """The whole-history counters' key (cache.history_key), taken under the commit lock."""
    from aggregator.store import FEEDS, RULES
    from aggregator.trends import cache

    if snap.view.pending is not None:  # a commit cut short: the files are not the truth
        return None
    rels = [*snap.files, *snap.view.listing("events", ".jsonl"), FEEDS, RULES]
    key = cache.history_key(snap.view.root, rels, now.date().isoformat())
    # Companies are grouped with the person's aliases: other aliases, other counters.
    return key and (*key, names.fingerprint() if names else ())


def _workers(asked: int | None) -> int:
    if asked is not None:
        return max(1, asked)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(cores, 4)


def _split(snap: _Snapshot, root: Path, workers: int,
           cache_dir: Path | None = None) -> list[list[str]]:  # fmt: skip
    """Consecutive runs of month files with about equal parsing work, one per worker.

    Only files to parse count: reading a cached month is cheaper than handing its
    counters back from a worker, so a warm night runs in one process.
    """
    from aggregator.trends import cache

    sizes = []
    for rel in snap.files:
        try:
            size = (root / rel).stat().st_size
        except OSError:
            size = 0
        sizes.append(0 if cache.fresh(cache_dir, root, rel) else size)
    total = sum(sizes)
    if workers <= 1 or not total or total < PARALLEL_FROM_BYTES or len(snap.files) < 2:
        return [list(snap.files)]
    parts: list[list[str]] = [[]]
    done = 0
    for rel, size in zip(snap.files, sizes, strict=True):
        if done >= total * len(parts) / workers and len(parts) < workers:
            parts.append([])
        parts[-1].append(rel)
        done += size
    return [p for p in parts if p]


def _count(acc: Accumulator, snap: _Snapshot, files: list[str], cache_dir: Path | None) -> None:
    """Feed the month files' lean rows to `acc`, events applied (as reader._file_rows)."""
    derive = Deriver()
    batches = month_entries(snap, files, acc.problems, cache_dir, derive)
    acc.feed_lean(batches, snap.live, snap.left, snap.updates, updater(derive, snap.stale))


def _work(index: int) -> tuple[Accumulator, set[str]]:
    from aggregator.trends.accumulate import Accumulator

    assert _JOB is not None
    snap, parts, now, cache_dir, names, keep = _JOB
    if keep:  # each month's counters kept, then merged (partials.py)
        from aggregator.trends import partials

        kept = partials.count_months(snap, parts[index], now, cache_dir, names)
        if kept is not None:
            return kept
    acc = Accumulator(now, names)
    _count(acc, snap, parts[index], cache_dir)
    return acc, set()


def _in_parallel(snap: _Snapshot, parts: list[list[str]], now: datetime,
                 cache_dir: Path | None, names: Any = None,
                 keep: bool = False) -> Accumulator:  # fmt: skip
    import multiprocessing

    from aggregator.trends.accumulate import Accumulator

    global _JOB
    try:
        ctx: Any = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process
        acc = Accumulator(now, names)
        _count(acc, snap, [f for p in parts for f in p], cache_dir)
        return acc
    _JOB = (snap, parts, now, cache_dir, names, keep and cache_dir is not None)
    try:
        with ctx.Pool(len(parts)) as pool:
            results = pool.map(_work, range(len(parts)), chunksize=1)
    finally:
        _JOB = None
    acc = results[0][0]
    for other, _ in results[1:]:
        acc.merge(other)
    if keep and cache_dir is not None:
        from aggregator.trends import partials

        partials.keep_manifest(snap, now, cache_dir, names, set().union(*(k for _, k in results)))
    return acc
