"""The job history: JSON Lines under data/, committed to git, appended to each night.

Layout (schema version 1; every .jsonl starts with a `{"schema": ..., "version": 1}` line):

- `postings/YYYY-MM.jsonl`: a posting written once, in the month it was first seen. Empty
  and default fields are left out; `last_seen` is never stored (see below).
- `events/YYYY-MM.jsonl`: what happened later, appended in order:
  `updated` {id, changes: {field: new value}}; `gone` / `closed` {feed, last_seen, ids}
  (a posting left its feed; `closed` only for whole-board kinds, setting Posting.closed);
  `back` {feed, ids} (a posting that had left is listed again). Each has `at`.
- `feeds.json`: every feed's FeedState, incl. `live_ids`, and per feed a hash of the
  settings it was parsed and filtered with; rewritten each run (small).
- `index.jsonl`: one line per live posting (feed, first_seen, job key hash, per-field
  content hashes), so a night compares what it fetched without reading old months.
- `seen/<feed>.txt`: every posting id a feed ever had, one per line, append-only, so a
  posting that comes back is not written twice.
- `rules.json`: the requirement rules (models.REQUIREMENTS_RULES) every stored posting's
  requirements follow; written with a new store's first commit, or by a Batch that says
  so. A history without it was stored under the first rules, so trends recompute its
  terms (aggregator/trends/rules.py).

`last_seen` of a live posting is its feed's last success; of one that left, the
`last_seen` recorded in its event. A night's git diff is the new lines plus the changed
lines of feeds.json and index.jsonl. The line format is in store_format; writes go
through store_files (atomic, replayable, under flock);
a line that does not parse stays where it is, is skipped and reported in
History.problems with its file and line (never dropped from a commit: months are never
rewritten).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from aggregator.models import REQUIREMENTS_RULES, SCHEMA_VERSION, FeedState, Posting
from aggregator.store_files import GITIGNORE, SeenIds, View, commit, flock, json_lines, recover
from aggregator.store_format import (  # noqa: F401  (re-exported for the run and tools)
    CONTENT_FIELDS,
    DESCRIPTION_CAP,
    apply_events,
    changed_fields,
    content_hashes,
    header,
    json_line,
    key_hash,
    posting_from_record,
    storage_record,
    storage_values,
)
from foundation.errors import StayReadyError, StoreError

LOCK = ".lock"  # held for a whole run
COMMIT_LOCK = ".commit.lock"  # held by a commit (exclusive) and by readers (shared)
FEEDS = "feeds.json"
INDEX = "index.jsonl"
RULES = "rules.json"
_BUSY = "the job history stayed locked for a minute by another process reading or writing it"


@dataclass
class History:
    """The whole history as loaded: postings, feeds and what did not load."""

    postings: dict[str, Posting]
    feeds: dict[str, FeedState]
    problems: list[StayReadyError] = field(default_factory=list)


@dataclass
class IndexEntry:
    """What a run needs to know about a live posting without reading its month."""

    id: str
    feed: str
    first_seen: str
    key: str  # hash of relisting.posting_key: the job's key across feeds ("" if none)
    hashes: str  # one short hash per CONTENT_FIELDS entry, space-separated


@dataclass
class Batch:
    """Everything one run writes, committed all at once."""

    month: str  # YYYY-MM of the run
    new: list[Posting] = field(default_factory=list)
    # storage_record of each of `new`, when the caller has built them already (the run
    # has, for the index hashes); None: built here.
    records: list[dict[str, Any]] | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    feeds: dict[str, FeedState] | None = None  # the complete new feeds.json
    index: dict[str, IndexEntry] | None = None  # the complete new index.jsonl
    # Per feed, a hash of the settings its postings were parsed and filtered with.
    settings: dict[str, str] | None = None
    # The requirement rules every stored posting now follows (a tool that rewrote them
    # all); None: unchanged, except that a new store starts with the current rules.
    rules: int | None = None


class Store:
    """The job history under one data folder. Readers never write; a run writes under lock()."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir)
        self.problems: list[StayReadyError] = []  # from the last load / iter_postings

    # --- locking ----------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, timeout: float = 0.0) -> Iterator[None]:
        """The write lock for one run; finishes a killed run's commit on entry."""
        with flock(self.root / LOCK, exclusive=True, timeout=timeout):
            with flock(self.root / COMMIT_LOCK, exclusive=True, timeout=60.0, busy=_BUSY):
                recover(self.root)
            yield

    @contextlib.contextmanager
    def _reading(self) -> Iterator[View]:
        if not self.root.is_dir():
            yield View(self.root)
            return
        with flock(self.root / COMMIT_LOCK, exclusive=False, timeout=60.0, busy=_BUSY):
            yield View(self.root)

    # --- reading ----------------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        with self._reading() as view:
            return self._feeds(view)

    def load(self) -> History:
        """Every posting with its events applied; bad lines are listed in `problems`."""
        self.problems = []
        with self._reading() as view:
            feeds = self._feeds(view)
            postings = {p.id: p for p in self._postings(view, feeds)}
        return History(postings=postings, feeds=feeds, problems=list(self.problems))

    def posting_ids(self) -> set[str]:
        """Every posting id the history ever stored: the feeds' seen lists, or the
        postings themselves where a feed's list is missing."""
        ids: set[str] = set()
        missing = False
        with self._reading() as view:
            for feed_id in self._feeds(view):
                data = view.read_bytes(self._seen_file(feed_id))
                if data is None:
                    missing = True
                else:
                    ids.update(data.decode("utf-8", "replace").split())
        if missing or not ids:
            ids.update(p.id for p in self.iter_postings())
        return ids

    def iter_postings(self) -> Iterator[Posting]:
        """Stream every posting (events applied); problems land in self.problems."""
        self.problems = []
        with self._reading() as view:
            yield from self._postings(view, self._feeds(view))

    def _postings(self, view: View, feeds: dict[str, FeedState]) -> Iterator[Posting]:
        live: dict[str, str | None] = {}
        for st in feeds.values():
            for pid in st.live_ids:
                live[pid] = st.last_success
        updates, left = self._events(view)
        seen: set[str] = set()
        for rel in view.listing("postings", ".jsonl"):
            for number, record in self._records(view, rel, "postings"):
                try:
                    posting = posting_from_record(record)
                except (TypeError, ValueError) as exc:
                    self._problem(rel, number, f"not a posting ({exc})")
                    continue
                if posting.id in seen:
                    self._problem(rel, number, f"posting {posting.id} is stored twice; "
                                  "this later line is ignored")  # fmt: skip
                    continue
                seen.add(posting.id)
                yield apply_events(posting, updates.get(posting.id), left.get(posting.id), live)

    def departures(self) -> dict[str, tuple]:
        """id -> (event, at, last_seen) of each posting's last gone / closed / back event."""
        with self._reading() as view:
            return self._events(view)[1]

    def feed_settings(self) -> dict[str, str]:
        """The settings hash each feed was last processed with (see Batch.settings)."""
        with self._reading() as view:
            return self._feeds(view, settings=True)  # type: ignore[return-value]

    def _feeds(self, view: View, settings: bool = False) -> dict[str, Any]:
        data = view.read_bytes(FEEDS)
        if data is None:
            return {}
        try:
            doc = json.loads(data)
            self._check_version(doc, FEEDS)
            if settings:
                return {str(k): str(v) for k, v in (doc.get("settings") or {}).items()}
            return {d["feed_id"]: FeedState.from_dict(d) for d in doc["feeds"]}
        except StoreError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            line = getattr(exc, "lineno", None)
            raise StoreError(
                f"the feed states do not load ({exc})",
                file=self.root / FEEDS,
                line=line,
                hint="it is rewritten by every run: restore it with "
                "`git checkout -- data/feeds.json`, or delete it to start the feeds afresh",
            ) from None

    def _events(self, view: View) -> tuple[dict[str, list[dict]], dict[str, tuple]]:
        updates: dict[str, list[dict]] = {}
        left: dict[str, tuple] = {}  # id -> (event, at, last_seen), one tuple per line
        for rel in view.listing("events", ".jsonl"):
            for number, ev in self._records(view, rel, "events"):
                kind = ev.get("event")
                try:
                    if kind == "updated":
                        updates.setdefault(ev["id"], []).append(ev["changes"])
                    elif kind in ("gone", "closed", "back"):
                        state = (kind, ev["at"], ev.get("last_seen"))
                        try:  # in C: a year of history has hundreds of thousands
                            left.update(dict.fromkeys(ev["ids"], state))
                        except TypeError:  # an odd id: those before it, then the error
                            for pid in ev["ids"]:
                                left[pid] = state
                    else:
                        self._problem(rel, number, f"unknown event {kind!r}")
                except (KeyError, TypeError) as exc:
                    self._problem(rel, number, f"event without {exc}")
        return updates, left

    def _records(self, view: View, rel: str, kind: str) -> Iterator[tuple[int, dict]]:
        data = view.read_bytes(rel) or b""
        for number, value, error in json_lines(data, self.root / rel):
            if error is not None or not isinstance(value, dict):
                self._problem(rel, number, f"line does not parse ({error or 'not an object'})")
            elif "schema" in value:
                self._check_version(value, rel)
            else:
                yield number, value

    def _check_version(self, doc: dict, rel: str) -> None:
        version = doc.get("version", SCHEMA_VERSION)
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreError(
                f"written by a newer Stay Ready (schema version {version!r})",
                file=self.root / rel,
                hint="upgrade stayready (pip install -U) before reading this history",
            )

    def _problem(self, rel: str, number: int, message: str) -> None:
        self.problems.append(
            StoreError(
                f"{message}; skipped, and kept in the file",
                file=self.root / rel,
                line=number,
                hint="fix or delete the line by hand; `git log -p` shows how it was",
            )
        )

    # --- the run's side (call under lock()) -------------------------------------------

    def read_index(self) -> dict[str, IndexEntry] | None:
        """The live index, or None when it is missing or damaged (then rebuild_index)."""
        data = View(self.root).read_bytes(INDEX)
        if data is None:
            return None
        index: dict[str, IndexEntry] = {}
        for _number, value, error in json_lines(data, self.root / INDEX):
            if error is not None or not isinstance(value, dict):
                return None
            if "schema" in value:
                if value.get("version") != SCHEMA_VERSION:
                    return None
                continue
            try:
                index[value["id"]] = IndexEntry(value["id"], value["feed"],
                                                value["first_seen"], value.get("key", ""),
                                                value["h"])  # fmt: skip
            except (KeyError, TypeError):
                return None
        return index

    def rebuild_index(self, feeds: dict[str, FeedState],
                      names: Any = None) -> dict[str, IndexEntry]:  # fmt: skip
        """Recompute the live index from the whole history (slow; only after damage).

        `names`: the run's companies.CompanyNames (the aliases), for the job keys."""
        from aggregator.companies import NO_ALIASES
        from aggregator.relisting import stored_key

        live = {pid for st in feeds.values() for pid in st.live_ids}
        index = {}
        for p in self.iter_postings():
            if p.id in live:
                record = storage_record(p)
                index[p.id] = IndexEntry(p.id, p.feed_id, p.first_seen,
                                         stored_key(p, names or NO_ALIASES),
                                         content_hashes(record))  # fmt: skip
        return index

    def seen_ids(self, feed_id: str) -> SeenIds | None:
        """Every id the feed ever stored; None when the file is missing."""
        data = View(self.root).read_bytes(self._seen_file(feed_id))
        return None if data is None else SeenIds(data)

    def rebuild_seen(self) -> None:
        """Rewrite seen/<feed>.txt from the postings (after a lost or damaged file)."""
        by_feed: dict[str, list[str]] = {}
        for p in self.iter_postings():
            by_feed.setdefault(p.feed_id, []).append(p.id)
        files = {self._seen_file(f): ("\n".join(ids) + "\n").encode() for f, ids in by_feed.items()}
        with flock(self.root / COMMIT_LOCK, exclusive=True, timeout=60.0, busy=_BUSY):
            commit(self.root, {}, files)

    def commit(self, batch: Batch) -> None:
        """Write one run's changes atomically (call under lock())."""
        appends: dict[str, str] = {}
        replaces: dict[str, bytes] = {}
        if batch.new:
            rel = f"postings/{batch.month}.jsonl"
            records = batch.records
            if records is None or len(records) != len(batch.new):
                records = [storage_record(p) for p in batch.new]
            text = "".join(map(json_line, records))
            appends[rel] = self._withheader(rel, "postings", text)
            by_feed: dict[str, list[str]] = {}
            for p in batch.new:
                by_feed.setdefault(p.feed_id, []).append(p.id)
            for fid, ids in by_feed.items():
                appends[self._seen_file(fid)] = "".join(i + "\n" for i in ids)
        if batch.events:
            rel = f"events/{batch.month}.jsonl"
            appends[rel] = self._withheader(rel, "events", "".join(map(json_line, batch.events)))
        if batch.feeds is not None:
            doc = {"schema": "stayready.feeds", "version": SCHEMA_VERSION,
                   "feeds": [_state_dict(batch.feeds[k]) for k in sorted(batch.feeds)],
                   "settings": dict(sorted((batch.settings or {}).items()))}  # fmt: skip
            replaces[FEEDS] = (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode()
        if batch.index is not None:
            lines = [header("index")] + [
                json_line(
                    {
                        "id": e.id,
                        "feed": e.feed,
                        "first_seen": e.first_seen,
                        "key": e.key,
                        "h": e.hashes,
                    }
                )  # fmt: skip
                for _, e in sorted(batch.index.items())
            ]
            replaces[INDEX] = "".join(lines).encode("utf-8")
        rules = batch.rules
        if rules is None and not (self.root / RULES).exists() and not self._has_postings():
            rules = REQUIREMENTS_RULES  # a new store: every posting is extracted by these
        if rules is not None:
            doc = {"schema": "stayready.rules", "version": SCHEMA_VERSION, "requirements": rules}
            replaces[RULES] = (json.dumps(doc) + "\n").encode()
        if not (self.root / "README.md").exists():
            replaces["README.md"] = README.encode("utf-8")
        if not (self.root / ".gitignore").exists():
            replaces[".gitignore"] = GITIGNORE.encode("utf-8")
        self.root.mkdir(parents=True, exist_ok=True)
        # Readers hold this lock shared while they read, so none sees half a commit.
        try:
            with flock(self.root / COMMIT_LOCK, exclusive=True, timeout=60.0, busy=_BUSY):
                commit(self.root, appends, replaces)
        except OSError as exc:
            raise StoreError(
                f"could not write the job history: {exc.strerror or exc}",
                file=exc.filename or self.root,
                hint="free disk space or fix permissions and run again; the history stays as "
                "of the last completed run",
            ) from None

    def _has_postings(self) -> bool:
        try:
            return any(e.name.endswith(".jsonl") for e in (self.root / "postings").iterdir())
        except OSError:
            return False

    def rules(self) -> int:
        """The requirement rules the stored postings follow (1: stored before rules.json)."""
        with self._reading() as view:
            return rules_of(view.read_bytes(RULES))

    def _withheader(self, rel: str, kind: str, text: str) -> str:
        path = self.root / rel
        if not path.exists() or path.stat().st_size == 0:
            return header(kind) + text
        return text

    @staticmethod
    def _seen_file(feed_id: str) -> str:
        return "seen/" + (re.sub(r"[^A-Za-z0-9._-]+", "_", feed_id).lstrip(".") or "_") + ".txt"


def rules_of(raw: bytes | None) -> int:
    """rules.json's rules; 1 (the first rules) when it is missing or unreadable."""
    try:
        value = json.loads(raw or b"{}").get("requirements", 1)
    except (ValueError, AttributeError):
        return 1
    return value if isinstance(value, int) else 1


_STATE_FIELDS = tuple(f.name for f in fields(FeedState))


def _state_dict(state: FeedState) -> dict[str, Any]:
    """FeedState.to_dict() for a document serialized at once: asdict's deep copy of every
    live id was most of a night of 304s spent in the store."""
    return {name: getattr(state, name) for name in _STATE_FIELDS}


# The data/README.md written on first use (never overwritten: the person may edit it).
README = (Path(__file__).parent / "store_readme.md").read_text(encoding="utf-8")
