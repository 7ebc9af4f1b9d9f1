"""The lean reader: the history store's files straight into TrendRows, skipping descriptions.

Depends on the store's layout (aggregator/store.py, schema 1): `postings/YYYY-MM.jsonl`
written with compact separators in `Posting` field order, `events/*.jsonl` applied in
order, `feeds.json` live ids; it reads through `store_files.View` under the shared commit
lock, as `Store.iter_postings` does, and yields the same values for the fields trends use
(a test checks this against the store).

Why it is fast: in compact JSON the two bytes `,"` never occur inside a string (every
quote in a string is escaped), so the first `,"` after `"description":"` is where the
description ends. The line is parsed without the description and without the
requirement fields trends do not use; any line that does not fit that shape is parsed
whole, so odd lines cost time, never correctness.
"""

from __future__ import annotations

import contextlib
import json
import json.scanner
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aggregator.trends.rows import TrendRow

_DESC = b',"description":"'
_REQ = b',"requirements":{'
_TERMS = b'"terms":['
_RSALARY = b'"salary":{'
_RTYPE = b'"employment_type":'


# The C scanner behind json.loads, called directly: no encoding sniffing or whitespace
# regex per call, which matter a million times over.
_scan = json.scanner.make_scanner(json.JSONDecoder())


def _slice(line: bytes, marker: bytes, start: int, close: bytes) -> bytes:
    """The JSON value after `marker` (found after `start`) up to `close`, or b"null"."""
    at = line.find(marker, start)
    if at < 0:
        return b"null"
    begin = at + len(marker) - 1
    return line[begin : line.index(close, begin) + 1]


def _lean(line: bytes) -> dict[str, Any]:
    """The stored object without its description; requirements cut to what trends use."""
    d = line.find(_DESC)
    if d < 0:
        return json.loads(line)
    e = line.find(b',"', d + len(_DESC))
    if e < 0:  # the description is the last field
        e = line.rindex(b"}")
    r = line.find(_REQ, e)
    if r < 0:
        return json.loads(line[:d] + line[e:])
    k = line.find(_RTYPE, r)
    if k >= 0:
        stop = line.find(b',"', k + len(_RTYPE))
        etype = line[k + len(_RTYPE) : stop if stop >= 0 else line.rindex(b"}", 0, -1)]
    else:
        etype = b"null"
    # One parse of [head, terms, salary, employment type]. A "]" or "}" inside a string
    # cuts a slice short; the text then fails to parse (or fails the checks below) and
    # the caller parses the whole line instead.
    text = b"".join((b"[", line[:d], line[e:r], b"},", _slice(line, _TERMS, r, b"]"), b",",
                     _slice(line, _RSALARY, r, b"}"), b",", etype, b"]")).decode()  # fmt: skip
    value, end = _scan(text, 0)
    head, terms, salary, etype_value = value
    if end != len(text) or not isinstance(head, dict) or not (
        terms is None or (isinstance(terms, list) and all(isinstance(t, str) for t in terms))
    ) or not (salary is None or isinstance(salary, dict)) or not (
        etype_value is None or isinstance(etype_value, str)
    ):  # fmt: skip
        raise ValueError("not the expected shape")
    head["requirements"] = {"terms": terms, "salary": salary, "employment_type": etype_value}
    return head


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        value = _lean(line)
    except (ValueError, UnicodeDecodeError, StopIteration, IndexError):
        try:
            value = json.loads(line)
        except (ValueError, UnicodeDecodeError):
            return None
    return value if isinstance(value, dict) else None


def _events(view: Any) -> tuple[dict[str, list[dict]], dict[str, tuple]]:
    updates: dict[str, list[dict]] = {}
    left: dict[str, tuple] = {}
    for rel in view.listing("events", ".jsonl"):
        for raw in (view.read_bytes(rel) or b"").split(b"\n"):
            if not raw.strip():
                continue
            try:
                ev = json.loads(raw)
                kind = ev.get("event")
                if kind == "updated":
                    updates.setdefault(ev["id"], []).append(ev["changes"])
                elif kind in ("gone", "closed", "back"):
                    for pid in ev["ids"]:
                        left[pid] = (kind, ev["at"], ev.get("last_seen"))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # the store reports bad lines; trends only skip them
    return updates, left


@dataclass
class _Snapshot:
    """The store as of the last commit: its view, events and live ids, and month files."""

    view: Any
    live: dict[str, str | None]
    updates: dict[str, list[dict]]
    left: dict[str, tuple]
    files: list[str]


@contextlib.contextmanager
def _opened(data_dir: str | Path) -> Iterator[_Snapshot | None]:
    from aggregator.store import COMMIT_LOCK, FEEDS
    from aggregator.store_files import View, flock

    root = Path(data_dir)
    if not root.is_dir():
        yield None
        return
    # The shared commit lock, as Store.iter_postings takes it: no commit lands mid-read.
    with flock(root / COMMIT_LOCK, exclusive=False, timeout=60.0):
        view = View(root)
        live: dict[str, str | None] = {}
        feeds_raw = view.read_bytes(FEEDS)
        if feeds_raw:
            for st in json.loads(feeds_raw).get("feeds", []):
                for pid in st.get("live_ids") or ():
                    live[pid] = st.get("last_success")
        updates, left = _events(view)
        yield _Snapshot(view, live, updates, left, view.listing("postings", ".jsonl"))


def _file_rows(snap: _Snapshot, files: list[str], problems: list[str] | None) -> Iterator[TrendRow]:
    updates, left, live = snap.updates, snap.left, snap.live
    seen: set[str] = set()
    for rel in files:
        data = snap.view.read_bytes(rel) or b""
        for number, line in enumerate(data.split(b"\n"), start=1):
            if not line or line.startswith(b'{"schema"'):
                continue
            d = _parse(line)
            if d is None or "id" not in d:
                if line.strip() and problems is not None:
                    problems.append(f"{rel}:{number}: line does not parse; skipped")
                continue
            pid = d["id"]
            if pid in seen:
                continue
            seen.add(pid)
            yield _row(d, updates.get(pid), left.get(pid), live)


def iter_trend_rows(data_dir: str | Path, problems: list[str] | None = None) -> Iterator[TrendRow]:
    """Every stored posting as a TrendRow, events applied; bad lines go to `problems`."""
    with _opened(data_dir) as snap:
        if snap is not None:
            yield from _file_rows(snap, snap.files, problems)


def _row(d: dict[str, Any], changes: list[dict] | None, left: tuple | None,
         live: dict[str, str | None]) -> TrendRow:  # fmt: skip
    if changes:
        for change in changes:
            for name, value in change.items():
                if name not in ("id", "first_seen"):
                    d[name] = value
    pid = d["id"]
    first_seen = d.get("first_seen") or ""
    closed = None
    if pid in live:
        last_seen = live[pid] or first_seen
    elif left is not None and left[0] != "back":
        last_seen = left[2] or first_seen
        closed = left[1] if left[0] == "closed" else None
    else:
        last_seen = first_seen
    req = d.get("requirements") or {}
    return TrendRow(
        pid, d.get("company") or "", d.get("title") or "", d.get("location") or "",
        d.get("area"), d.get("published"), first_seen, last_seen, d.get("duplicate_of"),
        closed, req.get("terms") or (), req.get("salary") or d.get("salary") or None,
        req.get("employment_type") or d.get("employment_type"),
    )  # fmt: skip
