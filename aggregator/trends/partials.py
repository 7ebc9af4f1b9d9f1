"""Counters kept per month file, so that a night counts again only the months it touched.

The whole history's counters (accumulate.Accumulator) are the merge, in file order, of
the counters of consecutive month files (the merge parallel.py relies on). A month's
counters depend on its rows (the file's size and time), on the events and live ids of
its postings (last seen, closed, updates), on the current month (windows), on today only
through dates later than today, on the company aliases and on the code.

A night appends postings to the current month and events about postings that were live
(gone, closed, updated), and moves the live postings' last-seen stamps. So
`<cache>/trends/months/` keeps: the leading months that hold no live posting merged
into one (`prefix.pickle`), each later month on its own, each with the ids of its
postings; and a manifest of what they were counted against (each events file's size and
CRC-32, the month of each live posting's last-seen stamp, and the events of the postings
after the prefix). The next count reads only the lines appended to the events files
since (the store only appends to them) and compares the live ids: the kept counters of
months none of whose postings changed are taken as they are, and the others are counted
again with the kept events brought up to date, so that the whole events history is read
only when the prefix itself must be counted again (an old posting listed again, a new
month). Anything unexpected (an events file rewritten, or appended to before a later
one, a damaged store with an id in two months) counts again, or gives None and the
caller counts the whole history as before.
"""

from __future__ import annotations

import pickle
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

from aggregator.trends import cache
from aggregator.trends.months import DayReader, month_of

VERSION = 1
_DIR = "months"
_MANIFEST = "manifest.pickle"
_PREFIX = "prefix.pickle"
_FAR = 1 << 40  # a horizon no day reaches: counters good for their own day only


def count(snap: Any, root: Path, now: datetime, cache_dir: Path | None,
          names: Any = None) -> Any:  # fmt: skip
    """The whole history's Accumulator from kept counters and recounted months (kept
    again), or None when they cannot be used (see the module docstring)."""
    from aggregator.trends.accumulate import Accumulator
    from aggregator.trends.reader import Deriver, read_events

    if cache_dir is None or snap.view.pending is not None:
        return None
    where = Path(cache_dir) / "trends" / _DIR
    context = _context(now, names, snap.stale)
    events = _events_state(snap)
    if events is None:
        return None
    days = DayReader()
    live = {pid: _live_mark(days, stamp) for pid, stamp in snap.live.items()}
    before = _load(where / _MANIFEST) or {}
    since = _since(before, context, events, live, snap)
    if since is None:
        before = {}
    changed = since.changed if since is not None else set()
    now_day = now.date().toordinal()
    files = snap.files
    stats = {rel: _stat(root / rel) for rel in files}
    derive = Deriver()
    # The leading months that hold no live posting (those a night changes: its last-seen
    # stamp, then a gone or closed event), merged in one: one load, and no merging.
    prefix = None
    held = before.get("prefix")
    if held == []:  # kept by workers (count_months): every month on its own
        prefix = {"acc": Accumulator(now, names), "ids": set(), "horizon": 0, "day": now_day,
                  "months": [], "loaded": True}  # fmt: skip
    elif isinstance(held, list) and files[: len(held)] == held:  # still the leading months
        prefix = _load_part(where / _PREFIX, _prefix_key(context, held, stats), now_day, changed)
    if prefix is None or since is None or since.updates is None:
        read_events(snap)  # a month to count may have events anywhere: all of them
        ended = _Ended(snap.updates, snap.left)
    else:  # later months only: their events as kept, then those appended since
        ended = _Ended(since.updates, since.left)
    if prefix is None:
        prefix = _new_prefix(snap, files, Accumulator(now, names), cache_dir, derive, ended)
        prefix["day"] = now_day
    parts = [prefix]
    kept = set()  # months whose own counters are kept as of this count
    for rel in files[len(prefix["months"]) :]:
        part = None
        if rel in before.get("months", ()):
            part = _load_part(where / _name(rel), (context, rel, stats[rel]), now_day, changed)
        if part is None:
            part = _count_part(snap, rel, Accumulator(now, names), cache_dir, derive, ended)
            part["day"] = now_day
            if stats[rel] is not None and _save(where / _name(rel), (context, rel, stats[rel]),
                                                part):  # fmt: skip
                kept.add(rel)
        else:
            kept.add(rel)
        parts.append(part)
    # Months that no longer hold a live posting join the prefix (never the last month).
    grow = 0
    for part in parts[1:]:
        if len(prefix["months"]) + grow >= len(files) - 1 or not part["ids"].isdisjoint(live):
            break
        grow += 1
    held = prefix["months"]
    if not prefix.get("loaded") and grow == 0:  # new: kept for the next count
        held = _keep_prefix(where, context, stats, prefix)
    total = prefix["acc"]
    seen = set(prefix["ids"])
    settled = [(part["horizon"], part["day"]) for part in parts]
    for i, part in enumerate(parts[1:], start=1):
        if not seen.isdisjoint(part["ids"]):
            return None  # an id stored in two months: one pass counts it once
        seen |= part["ids"]
        total.merge(part["acc"])
        if i == grow:  # kept now: the next merges change `total`
            grown = {"acc": total, "ids": seen, "day": now_day,
                     "horizon": _joined(settled[: i + 1]),
                     "months": [rel for p in parts[: i + 1] for rel in p["months"]]}  # fmt: skip
            held = _keep_prefix(where, context, stats, grown)
    # Kept counters may come from an earlier day of the month: the report is today's.
    total.now = now
    total.dater.now_day = now_day
    later = set().union(*(part["ids"] for part in parts[grow + 1 :]))
    _save_manifest(where / _MANIFEST, {
        "version": VERSION, "context": context, "events": events, "live": live,
        "months": kept, "prefix": held,
        # the events of the postings after the prefix, for the next count
        "updates": {pid: ended.updates[pid] for pid in later if pid in ended.updates},
        "left": {pid: ended.left[pid] for pid in later if pid in ended.left},
    })  # fmt: skip
    return total


def count_months(snap: Any, files: list[str], now: datetime, cache_dir: Path,
                 names: Any = None) -> tuple[Any, set[str]] | None:  # fmt: skip
    """Count consecutive month files each on its own, keep each month's counters, and
    merge them (in a forked worker of parallel.py, the events read): the merged counters
    and the months kept; None for an id stored in two of them (one pass counts it once)."""
    from aggregator.trends.accumulate import Accumulator
    from aggregator.trends.reader import Deriver

    where = Path(cache_dir) / "trends" / _DIR
    context = _context(now, names, snap.stale)
    now_day = now.date().toordinal()
    derive, ended = Deriver(), _Ended(snap.updates, snap.left)
    total, seen, kept = None, set(), set()
    for rel in files:
        stat = _stat(snap.view.root / rel)
        part = _count_part(snap, rel, Accumulator(now, names), cache_dir, derive, ended)
        part["day"] = now_day
        if not seen.isdisjoint(part["ids"]):
            return None
        seen |= part["ids"]
        if stat is not None and _save(where / _name(rel), (context, rel, stat), part):
            kept.add(rel)
        if total is None:
            total = part["acc"]
        else:
            total.merge(part["acc"])
    return (total if total is not None else Accumulator(now, names)), kept


def keep_manifest(snap: Any, now: datetime, cache_dir: Path, names: Any,
                  months: set[str]) -> None:  # fmt: skip
    """The manifest of months kept by count_months: no prefix, each month on its own,
    and no events kept (the next count reads them all)."""
    events = _events_state(snap)
    if events is None or snap.view.pending is not None:
        return
    days = DayReader()
    live = {pid: _live_mark(days, stamp) for pid, stamp in snap.live.items()}
    _save_manifest(Path(cache_dir) / "trends" / _DIR / _MANIFEST, {
        "version": VERSION, "context": _context(now, names, snap.stale), "events": events,
        "live": live, "months": months, "prefix": [], "updates": None, "left": None,
    })  # fmt: skip


class _Ended:
    """The updates and ended postings a count applies (all, or those of later months)."""

    __slots__ = ("updates", "left")

    def __init__(self, updates: dict[str, list[dict]], left: dict[str, tuple]) -> None:
        self.updates, self.left = updates, left


class _Since:
    """What changed since the manifest: the ids, and (when the manifest kept them) the
    events of the months after its prefix brought up to date."""

    __slots__ = ("changed", "updates", "left")

    def __init__(self, changed: set[str], updates: dict | None, left: dict | None) -> None:
        self.changed, self.updates, self.left = changed, updates, left


def _keep_prefix(where: Path, context: tuple, stats: dict, prefix: dict) -> list[str] | None:
    """Save the prefix; its months, or None if it could not be kept."""
    key = _prefix_key(context, prefix["months"], stats)
    return prefix["months"] if _save(where / _PREFIX, key, prefix) else None


def _prefix_key(context: tuple, months: list[str], stats: dict) -> tuple:
    return (context, months, {rel: stats[rel] for rel in months})


def _joined(parts: list[tuple[int, int]]) -> int:
    """The horizon of counters joined from parts (horizon, day) that all hold today:
    they hold on another day when every part's dates are no later than its own day
    and that day (see _holds); else today only."""
    if all(horizon <= day for horizon, day in parts):
        return max(horizon for horizon, _ in parts)
    return _FAR


def _new_prefix(snap: Any, files: list[str], acc: Any, cache_dir: Path | None,
                derive: Any, ended: _Ended) -> dict:  # fmt: skip
    """Count the leading months without a live posting (never the last) into one."""
    from aggregator.trends.reader import month_entries

    part = {"acc": acc, "ids": set(), "horizon": 0, "months": []}
    for rel in files[:-1]:
        problems: list[str] = []
        rows = list(month_entries(snap, [rel], problems, cache_dir, derive))
        ids = [row[0] for batch in rows for row in batch]
        # A month with a live posting, or (a damaged store) one repeating an id, is not
        # merged: the months' ids are checked apart, and the count given up (see count).
        if not part["ids"].isdisjoint(ids) or any(pid in snap.live for pid in ids):
            break
        acc.problems.extend(problems)
        _count_part(snap, rel, acc, cache_dir, derive, ended, part, rows)
    return part


def _count_part(snap: Any, rel: str, acc: Any, cache_dir: Path | None, derive: Any,
                ended: _Ended, part: dict | None = None,
                rows: list | None = None) -> dict:  # fmt: skip
    """Count a month file into `acc` (as parallel._count; `rows`: its batches, already
    read), with the ids of its postings and the latest published or first-seen day among
    them (see _holds)."""
    from aggregator.trends.reader import month_entries, updater

    part = part if part is not None else {"acc": acc, "ids": set(), "horizon": 0, "months": []}
    new: set[str] = set()
    if rows is None:
        rows = list(month_entries(snap, [rel], acc.problems, cache_dir, derive))
    for batch in rows:
        new.update([row[0] for row in batch])
        days = [w[0] for row in batch for w in (row[16], row[17]) if w is not None]
        part["horizon"] = max(part["horizon"], max(days, default=0))
    acc.feed_lean(rows, snap.live, ended.left, ended.updates, updater(derive, snap.stale))
    if not new.isdisjoint(ended.updates):
        part["horizon"] = _FAR  # an updated posting's dates are read as it is counted
    part["ids"] |= new
    part["months"].append(rel)
    return part


def _load_part(path: Path, key: tuple, now_day: int, changed: set[str]) -> dict | None:
    """Kept counters stored under `key`, if they still hold (see _holds)."""
    try:
        with open(path, "rb") as f:
            # The cache is ours, in the person's own folder: pickle is safe to load here.
            if pickle.load(f) != key:
                return None
            value = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError,
            ImportError, IndexError):  # fmt: skip
        return None
    if not _holds(value, now_day, changed):
        return None
    value["loaded"] = True
    return value


def _holds(value: Any, now_day: int, changed: set[str]) -> bool:
    """Whether kept counters hold today, for postings none of which changed."""
    if not isinstance(value, dict) or not isinstance(value.get("ids"), set):
        return False
    # Dates are compared with today only: counters of another day serve when every
    # date of theirs is no later than either day.
    day, horizon = value.get("day"), value.get("horizon", _FAR)
    if day != now_day and not (horizon <= day and horizon <= now_day):
        return False
    return value["ids"].isdisjoint(changed)


def _since(before: dict, context: tuple, events: dict, live: dict, snap: Any) -> _Since | None:
    """What changed since the manifest; None when that cannot be told."""
    from aggregator.trends.reader import apply_event_lines

    old_events, old_live = before.get("events"), before.get("live")
    if (before.get("context") != context or not isinstance(old_events, dict)
            or not isinstance(old_live, dict) or not set(old_events) <= set(events)):  # fmt: skip
        return None  # other settings or code, or an events file went away
    updates: dict[str, list[dict]] = {}
    left: dict[str, tuple] = {}
    last = max(old_events, default="")
    for rel, (size, mtime, crc) in sorted(events.items()):
        old = old_events.get(rel)
        if old == (size, mtime, crc):
            continue
        data = snap.view.read_bytes(rel) or b""
        start = 0
        if old is not None:
            old_size, _, old_crc = old
            if len(data) < old_size or zlib.crc32(data[:old_size]) != old_crc:
                return None  # not an append: rewritten
            start = old_size
        if rel < last or not data.endswith(b"\n"):
            return None  # appended before later events (a clock set back), or cut short
        apply_event_lines(data[start:], updates, left)
    changed = updates.keys() | left.keys()
    changed |= {pid for pid in old_live.keys() | live.keys() if old_live.get(pid) != live.get(pid)}
    kept_updates, kept_left = before.get("updates"), before.get("left")
    if not isinstance(kept_updates, dict) or not isinstance(kept_left, dict):
        return _Since(changed, None, None)
    for pid, more in updates.items():
        kept_updates[pid] = kept_updates.get(pid, []) + more
    kept_left.update(left)
    return _Since(changed, kept_updates, kept_left)


def _live_mark(days: DayReader, stamp: Any) -> tuple:
    """What the counters use of a live posting's last-seen stamp: its month, or that it
    has none (then first_seen stands in)."""
    if not stamp:
        return (False, None)
    when = days.read(stamp) if isinstance(stamp, str) else None
    return (True, when[1] if when else None)


def _events_state(snap: Any) -> dict[str, tuple[int, int, int]] | None:
    """Each events file's size, time and CRC-32 (the reader has just read them)."""
    out = {}
    for rel in snap.view.listing("events", ".jsonl"):
        stat = _stat(snap.view.root / rel)
        data = snap.view.read_bytes(rel)
        if stat is None or data is None or len(data) != stat[0]:
            return None
        out[rel] = (stat[0], stat[1], zlib.crc32(data))
    return out


def _context(now: datetime, names: Any, stale: bool) -> tuple:
    """What every month's counters depend on besides its own rows and events."""
    return (VERSION, cache.VERSION, cache.report_version(), month_of(now),
            names.fingerprint() if names else (), bool(stale))  # fmt: skip


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns)


def _name(rel: str) -> str:
    return rel.replace("/", "__") + ".pickle"


def _load(path: Path) -> dict | None:
    try:
        with open(path, "rb") as f:
            value = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError,
            ImportError, IndexError):  # fmt: skip
        return None
    return value if isinstance(value, dict) and value.get("version") == VERSION else None


def _save(path: Path, key: tuple, value: object) -> bool:
    """Write key then value; False if that failed (a failure only costs speed: the
    month is not in the manifest, so what an older file holds is not used)."""
    return cache.write_pickles(path, key, value)


def _save_manifest(path: Path, manifest: dict) -> None:
    """What the kept counters were counted against (read back by _load)."""
    cache.write_pickles(path, manifest)
