"""A job history of any size, written straight in the store's JSON Lines format (schema 1).

The postings' content comes from `aggregator.trends.synthetic` (Zipf-like companies,
drifting terms, salaries, cross-feed copies); this module only spreads them over the
months before `now`, over the given feeds, and writes what a year of nightly runs would
have left: month files, gone/closed events, seen ids, and (through the store's own
`commit`) feeds.json with each feed's live postings and the live index. The result loads
with `Store.load` and `iter_trend_rows`; a million postings take well under a minute.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from aggregator.models import REQUIREMENTS_RULES, SCHEMA_VERSION, FeedState, Posting
from aggregator.store import (
    Batch,
    IndexEntry,
    Store,
    content_hashes,
    key_hash,
    posting_from_record,
    storage_record,
)
from aggregator.trends.synthetic import synthetic_dicts

_TEMPLATES = 4096  # distinct posting bodies; ids, feeds and dates vary per posting


@dataclass
class HistoryInfo:
    postings: int
    live: int
    bytes: int
    seconds: float


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _header(kind: str) -> str:
    return json.dumps({"schema": f"stayready.{kind}", "version": SCHEMA_VERSION}) + "\n"


def _dump(value: dict) -> str:
    # The store's own line format (compact, UTF-8 kept), which the lean trends reader expects.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


class _Template:
    """A stored posting serialized once, with holes for the fields that vary per posting."""

    _HOLE = "\ue000"

    def __init__(self, record: dict) -> None:
        record = dict(record)
        record.pop("closed", None)  # set by events, never stored with the posting
        for key in ("id", "feed_id", "feed", "url", "first_seen", "published", "duplicate_of"):
            if key in record:
                record[key] = f"{self._HOLE}{key}{self._HOLE}"
        text = _dump(record)
        self.parts: list[str] = []
        self.keys: list[str] = []
        pieces = text.split(f'"{self._HOLE}')
        self.parts.append(pieces[0])
        for piece in pieces[1:]:
            key, rest = piece.split(f'{self._HOLE}"', 1)
            self.keys.append(key)
            self.parts.append(rest)

    def fill(self, values: dict[str, str]) -> str:
        """The line with each hole replaced by its JSON literal from `values`."""
        out = [self.parts[0]]
        for key, part in zip(self.keys, self.parts[1:], strict=True):
            out.append(values[key])
            out.append(part)
        return "".join(out)


def write_history(
    data_dir: Path,
    n: int,
    *,
    now: datetime,
    feeds: list[tuple[str, str, bool]],
    months: int = 12,
    live_per_feed: int = 100,
    seed: int = 0,
    description_chars: int = 1500,
) -> HistoryInfo:
    """Write `n` postings first seen over the `months` before `now` into `data_dir`.

    `feeds` is (feed_id, name, whole_board) per feed; posting i belongs to feed i mod
    len(feeds). The newest `live_per_feed` postings of each feed are live (listed in
    feeds.json and the index); the others left their feed 3 to 60 days after they
    appeared, recorded as `closed` (whole-board feeds) or `gone` events.
    """
    start_clock = time.perf_counter()
    root = Path(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    templates = [
        _Template(storage_record(Posting.from_dict(d)))
        for d in synthetic_dicts(
            min(max(n, 1), _TEMPLATES),
            now=now,
            months=months,
            seed=seed,
            description_chars=description_chars,
        )  # fmt: skip
    ]
    nf = len(feeds)
    feed_json = [(json.dumps(fid), json.dumps(name, ensure_ascii=False)) for fid, name, _ in feeds]
    first = (now - timedelta(days=int(months * 30.4))).replace(hour=6, minute=30, second=0,
                                                                microsecond=0)  # fmt: skip
    days = max(1, (now - first).days)
    live_from = max(0, n - live_per_feed * nf)  # the newest postings of every feed are live
    leaving: dict[tuple[str, str], list[str]] = defaultdict(list)
    seen: dict[str, list[str]] = defaultdict(list)
    live: dict[str, list[str]] = defaultdict(list)
    live_records: list[dict] = []
    stamps = [_stamp(first + timedelta(days=k)) for k in range(days + 80)]
    hours = [[_stamp(first + timedelta(days=k, hours=-h)) for h in range(1, 41)]
             for k in range(days + 1)]  # fmt: skip
    last_day = _stamp((now - timedelta(days=1)).replace(hour=6, minute=30, second=0))
    written = 0
    month, out = None, None
    prev_id = "0" * 16
    try:
        for i in range(n):
            fid, _fname, _whole = feeds[i % nf]
            day = days * i // max(n, 1)
            stamp = stamps[day]
            pid = f"{seed:02x}{i:014x}"
            template = templates[(i * 2654435761) % len(templates)]
            line = template.fill({
                "id": f'"{pid}"', "feed_id": feed_json[i % nf][0], "feed": feed_json[i % nf][1],
                "url": f'"https://jobs.example.com/{pid}"', "first_seen": f'"{stamp}"',
                "published": f'"{hours[day][i % 40]}"', "duplicate_of": f'"{prev_id}"',
            })  # fmt: skip
            prev_id = pid
            if stamp[:7] != month:
                if out is not None:
                    out.close()
                month = stamp[:7]
                path = root / "postings" / f"{month}.jsonl"
                path.parent.mkdir(parents=True, exist_ok=True)
                out = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed on month change
                out.write(_header("postings"))
            written += len(line)
            out.write(line)
            seen[fid].append(pid)
            if i >= live_from:
                live[fid].append(pid)
                live_records.append(json.loads(line))
            else:
                left = min(stamps[day + 3 + (i * 7919) % 58], last_day)
                leaving[(left, fid)].append(pid)
    finally:
        if out is not None:
            out.close()
    written += _write_events(root, leaving, {f[0]: f[2] for f in feeds})
    for fid, ids in seen.items():
        path = root / Store._seen_file(fid)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(i + "\n" for i in ids), encoding="utf-8")
    _commit_live(root, now, feeds, live, live_records)
    return HistoryInfo(n, len(live_records), written, time.perf_counter() - start_clock)


def _write_events(root: Path, leaving: dict[tuple[str, str], list[str]],
                  whole: dict[str, bool]) -> int:  # fmt: skip
    written = 0
    by_month: dict[str, list[str]] = defaultdict(list)
    for (at, fid), ids in sorted(leaving.items()):
        last_seen = _stamp(datetime.fromisoformat(at.replace("Z", "+00:00")) - timedelta(days=1))
        event = {"event": "closed" if whole[fid] else "gone", "at": at, "feed": fid,
                 "last_seen": last_seen, "ids": ids}  # fmt: skip
        by_month[at[:7]].append(_dump(event))
    for month, lines in by_month.items():
        path = root / "events" / f"{month}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = _header("events") + "".join(lines)
        path.write_text(text, encoding="utf-8")
        written += len(text)
    return written


def _commit_live(root: Path, now: datetime, feeds: list[tuple[str, str, bool]],
                 live: dict[str, list[str]], records: list[dict]) -> None:  # fmt: skip
    """feeds.json and index.jsonl through the store itself, so their format is its own."""
    from aggregator.normalize import job_key

    index = {}
    for r in records:
        p = posting_from_record(r)
        key = key_hash(job_key(p.company, p.title, p.location)) if p.company else ""
        index[p.id] = IndexEntry(p.id, p.feed_id, p.first_seen, key, content_hashes(r))
    stamp = _stamp(now.replace(hour=6, minute=0, second=0, microsecond=0))
    states = {
        fid: FeedState(fid, name, f"https://jobs.example.com/{fid}.rss", ok=True,
                       last_attempt=stamp, last_success=stamp, http_status=200,
                       items=len(live.get(fid, ())), live_ids=sorted(live.get(fid, ())))
        for fid, name, _whole in feeds
    }  # fmt: skip
    store = Store(root)
    with store.lock():
        # Its month files were written here, not by the store: say they follow the current
        # requirement rules, as a history the nightly wrote would (else trends would find
        # every posting's terms again: aggregator/trends/rules.py).
        store.commit(Batch(month=stamp[:7], feeds=states, index=index, rules=REQUIREMENTS_RULES))


def history_feeds(config) -> list[tuple[str, str, bool]]:
    """(id, name, whole_board) for each feed of a loaded Config."""
    return [(f.id, f.name, bool(getattr(f, "whole_board", False))) for f in config.feeds]
