"""The lean reader: the history store's files straight into TrendRows, skipping descriptions.

Depends on the store's layout (aggregator/store.py, schema 1): `postings/YYYY-MM.jsonl`
written with compact separators in `Posting` field order, `events/*.jsonl` applied in
order, `feeds.json` live ids; it reads through `store_files.View` under the shared commit
lock, as `Store.iter_postings` does, and yields the same values for the fields trends use
(a test checks this against the store).

How: each month file is decoded in one call by msgspec into a Struct that declares only
the fields trends use, so descriptions and the other requirement fields are skipped
without building Python objects for them (measured here: 2.5x faster than json.loads
of each line, for 4,000-character descriptions with line breaks and accents). A file
with a line that does not fit (bad JSON, an odd type, a line without an id) is read
again line by line, and only such lines are parsed whole with json.loads: odd lines
cost time, never correctness. Month files are read into one reused buffer (no page
faults for a fresh 100 MB each time), and each file's rows can be kept in the cache
(cache.py).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from aggregator.trends import rules
from aggregator.trends.months import DayReader
from aggregator.trends.rows import TrendRow

_HEADER = b'{"schema"'


class _Requirements(msgspec.Struct, gc=False):
    """The requirement fields trends read; the extractor's others are skipped."""

    terms: tuple[str, ...] | None = None
    salary: dict[str, Any] | None = None
    employment_type: str | None = None


class _Line(msgspec.Struct, gc=False):
    """The fields of a stored posting that trends read (gc=False: no cycles, and a month
    holds tens of thousands)."""

    id: str | None = None
    company: str | None = None
    title: str | None = None
    location: str | None = None
    area: str | None = None
    published: str | None = None
    first_seen: str | None = None
    duplicate_of: str | None = None
    salary: dict[str, Any] | None = None
    employment_type: str | None = None
    requirements: _Requirements | None = None
    schema: Any = msgspec.UNSET  # set only on a file's header line


_DECODER = msgspec.json.Decoder(_Line)


def _parse(raw: bytes) -> dict[str, Any] | None:
    """A line parsed whole: the way for lines that do not fit `_Line`."""
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _events(view: Any) -> tuple[dict[str, list[dict]], dict[str, tuple]]:
    updates: dict[str, list[dict]] = {}
    left: dict[str, tuple] = {}
    for rel in view.listing("events", ".jsonl"):
        apply_event_lines(view.read_bytes(rel) or b"", updates, left)
    return updates, left


def apply_event_lines(data: bytes, updates: dict[str, list[dict]],
                      left: dict[str, tuple]) -> None:  # fmt: skip
    """Apply the event lines in `data` (in order) to the updates and ended postings."""
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            ev = json.loads(raw)
            kind = ev.get("event")
            if kind == "updated":
                updates.setdefault(ev["id"], []).append(ev["changes"])
            elif kind in ("gone", "closed", "back"):
                gone = (kind, ev["at"], ev.get("last_seen"))
                try:  # in C: a history of a million postings has as many of these
                    left.update(dict.fromkeys(ev["ids"], gone))
                except TypeError:  # an odd id: as many as come before it, as before
                    for pid in ev["ids"]:
                        left[pid] = gone
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # the store reports bad lines; trends only skip them


@dataclass
class _Snapshot:
    """The store as of the last commit: its view, events and live ids, and month files."""

    view: Any
    live: dict[str, str | None]
    updates: dict[str, list[dict]]
    left: dict[str, tuple]
    files: list[str]
    stale: bool = False  # stored under older requirement rules: terms are found again
    events_read: bool = False  # updates and left hold every event (read_events)


@contextlib.contextmanager
def _opened(data_dir: str | Path, *, events: bool = True) -> Iterator[_Snapshot | None]:
    """The store under its shared commit lock; `events=False` leaves the events unread
    (`read_events` reads them), for a caller that may not need them."""
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
        snap = _Snapshot(view, live, {}, {}, view.listing("postings", ".jsonl"))
        snap.stale = bool(snap.files) and rules.stale(view)
        if events:
            read_events(snap)
        yield snap


def read_events(snap: _Snapshot) -> None:
    if not snap.events_read:
        snap.updates, snap.left = _events(snap.view)
        snap.events_read = True


def _read(snap: _Snapshot, rel: str, buf: bytearray) -> int:
    """Read a month file into the reused buffer; its length. Reusing one buffer spares
    the page faults of a fresh 100 MB allocation per file (a third of the reading time)."""
    view = snap.view
    if view.pending is not None:  # a commit was cut short: the view replays it
        data = view.read_bytes(rel) or b""
        buf[: len(data)] = data
        return len(data)
    try:
        with open(view.root / rel, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if len(buf) < size:
                buf.extend(bytes(size - len(buf)))
            return f.readinto(memoryview(buf)[:size]) or 0
    except FileNotFoundError:
        return 0


class Deriver:
    """Fields every later read needs, computed once per line and kept in the cache: the
    role key parts (normalize.job_key) and the (day, month) of published and first_seen.

    Memoized per distinct value as (the shared string, what is derived from it): a month
    holds tens of thousands of lines but only thousands of companies, titles, places
    and timestamps, so most lines cost one dict lookup per field.
    """

    def __init__(self) -> None:
        from aggregator.trends.rehiring import RehiringIndex

        self.days = DayReader()
        self.parts = RehiringIndex(0).key  # memoized per part
        self.companies: dict[str, tuple[str, str]] = {}
        self.titles: dict[str, tuple[str, str]] = {}
        self.places: dict[str, tuple[str, str]] = {}
        self.stamps: dict[str | None, tuple[str | None, tuple[int, int] | None]] = {}

    def company(self, text: str) -> tuple[str, str]:
        value = self.companies[text] = (text, self.parts(text, "", "")[0])
        return value

    def title(self, text: str) -> tuple[str, str]:
        value = self.titles[text] = (text, self.parts("", text, "")[1])
        return value

    def place(self, text: str) -> tuple[str, str]:
        value = self.places[text] = (text, self.parts("", "", text)[2])
        return value

    def stamp(self, text: str | None) -> tuple[str | None, tuple[int, int] | None]:
        value = self.stamps[text] = (text, self.days.read(text))
        return value


def _lean_tuple(d: dict[str, Any], canon: dict[Any, Any], derive: Deriver) -> tuple:
    """The fields trends read, before events, then the derived ones; equal strings shared
    (`canon`), so a cached month pickles and loads each distinct value once."""
    req = d.get("requirements") or {}
    terms = req.get("terms") or ()
    get = canon.setdefault
    company, title = d.get("company") or "", d.get("title") or ""
    location, published = d.get("location") or "", d.get("published")
    first_seen = d.get("first_seen") or ""
    c, t, p = derive.parts(company, title, location)
    return (
        d["id"], get(company, company), get(title, title), get(location, location),
        get(d.get("area"), d.get("area")), get(published, published),
        get(first_seen, first_seen), d.get("duplicate_of"), d.get("salary") or None,
        get(d.get("employment_type"), d.get("employment_type")),
        get(tuple(terms), tuple(terms)), req.get("salary") or None,
        get(req.get("employment_type"), req.get("employment_type")),
        c, t, p, derive.days.read(published), derive.days.read(first_seen),
    )  # fmt: skip


_TUPLE_FIELDS = ("id", "company", "title", "location", "area", "published", "first_seen",
                 "duplicate_of", "salary", "employment_type")  # fmt: skip


Parsed = tuple[list[tuple], list[tuple[int, str]]]


def _line_tuple(s: _Line, canon: dict[Any, Any], derive: Deriver) -> tuple:
    """`_lean_tuple` of a decoded `_Line`: the same values, read as attributes, the
    strings and derived fields from the Deriver's memos (this runs a million times)."""
    req = s.requirements
    if req is None:
        terms: Any = ()
        rsalary = retype = None
    else:
        terms, rsalary, retype = req.terms or (), req.salary or None, req.employment_type
    get = canon.setdefault
    company, title, location = s.company or "", s.title or "", s.location or ""
    co = derive.companies.get(company) or derive.company(company)
    ti = derive.titles.get(title) or derive.title(title)
    pl = derive.places.get(location) or derive.place(location)
    pub = derive.stamps.get(s.published) or derive.stamp(s.published)
    seen = derive.stamps.get(s.first_seen or "") or derive.stamp(s.first_seen or "")
    area, etype, terms = s.area, s.employment_type, tuple(terms)
    return (
        s.id, co[0], ti[0], pl[0], get(area, area), pub[0], seen[0], s.duplicate_of,
        s.salary or None, get(etype, etype), get(terms, terms), rsalary, get(retype, retype),
        co[1], ti[1], pl[1], pub[1], seen[1],
    )  # fmt: skip


def _line_tuples(lines: list[_Line], canon: dict[Any, Any], derive: Deriver) -> list[tuple]:
    """`_line_tuple` of each line with an id, written out in one loop (a million lines)."""
    out: list[tuple] = []
    append = out.append
    get = canon.setdefault
    companies, titles, places, stamps = (derive.companies, derive.titles, derive.places,
                                         derive.stamps)  # fmt: skip
    company_of, title_of, place_of, stamp_of = (derive.company, derive.title, derive.place,
                                                derive.stamp)  # fmt: skip
    for s in lines:
        pid = s.id
        if pid is None:
            continue
        req = s.requirements
        if req is None:
            terms: Any = ()
            rsalary = retype = None
        else:
            terms, rsalary, retype = req.terms or (), req.salary or None, req.employment_type
        company, title, location = s.company or "", s.title or "", s.location or ""
        co = companies.get(company) or company_of(company)
        ti = titles.get(title) or title_of(title)
        pl = places.get(location) or place_of(location)
        published, first_seen = s.published, s.first_seen or ""
        pub = stamps.get(published) or stamp_of(published)
        seen = stamps.get(first_seen) or stamp_of(first_seen)
        area, etype = s.area, s.employment_type
        append((
            pid, co[0], ti[0], pl[0], get(area, area), pub[0], seen[0], s.duplicate_of,
            s.salary or None, get(etype, etype), get(terms, terms), rsalary, get(retype, retype),
            co[1], ti[1], pl[1], pub[1], seen[1],
        ))  # fmt: skip
    return out


def parse_month_file(buf: bytes | bytearray, n: int, derive: Deriver | None = None) -> Parsed:
    """Lean tuples of every line of a month file held in buf[:n], and the bad lines."""
    derive = derive or Deriver()
    canon: dict[Any, Any] = {}
    with memoryview(buf) as whole, whole[:n] as view:
        try:
            lines: list[_Line] | None = _DECODER.decode_lines(view)
        except msgspec.DecodeError:  # ValidationError is one too
            lines = None
        if lines is not None and _plain(lines, buf, n):
            return _line_tuples(lines, canon, derive), []
        return _by_line(buf, view, n, canon, derive)


def _plain(lines: list[_Line], buf: bytes | bytearray, n: int) -> bool:
    """Whether the lines are postings with ids and at most the file's header (its first
    line, starting `{"schema"`, which the line-by-line reading skips): no line to report.

    A line starting `{"schema"` decodes with `schema` set, so when the only such struct
    is the one and the file starts with the header, that struct is the header line.
    """
    headers = 0
    for s in lines:
        if s.schema is msgspec.UNSET:
            if s.id is None:
                return False
        elif s.id is None:
            headers += 1
        else:
            return False
    return headers == 0 or (headers == 1 and buf.startswith(_HEADER, 0, n))


def _by_line(buf: bytes | bytearray, view: memoryview, n: int, canon: dict[Any, Any],
             derive: Deriver) -> Parsed:  # fmt: skip
    """parse_month_file one line at a time, for a file with an odd line."""
    out: list[tuple] = []
    bad: list[tuple[int, str]] = []
    find, decode, number, pos = buf.find, _DECODER.decode, 0, 0
    while pos < n:
        nl = find(b"\n", pos, n)
        if nl < 0:
            nl = n
        number += 1
        start, pos = pos, nl + 1
        if nl == start or buf.startswith(_HEADER, start):
            continue
        try:
            s: _Line | None = decode(view[start:nl])
        except msgspec.DecodeError:
            s = None
        if s is not None and s.id is not None:
            out.append(_line_tuple(s, canon, derive))
            continue
        raw = bytes(buf[start:nl])
        d = _parse(raw)
        if d is None or "id" not in d:
            if raw.strip():
                bad.append((number, "line does not parse; skipped"))
            continue
        out.append(_lean_tuple(d, canon, derive))
    return out, bad


def month_entries(snap: _Snapshot, files: list[str], problems: list[str] | None,
                  cache_dir: Path | None = None,
                  derive: Deriver | None = None) -> Iterator[list[tuple]]:  # fmt: skip
    """Each given month file's lean rows (parse_month_file's, from the cache when it has
    them), in file order, before events; bad lines go to `problems`."""
    from aggregator.trends import cache

    use_cache = cache_dir is not None and snap.view.pending is None
    derive = derive or Deriver()
    buf = bytearray()
    for rel in files:
        entry = cache.load(cache_dir, snap.view.root, rel) if use_cache else None
        if entry is None:
            n = _read(snap, rel, buf)
            grown = cache.load_grown(cache_dir, snap.view.root, rel, buf, n) if use_cache else None
            if grown is not None:  # a night appended lines: only those are parsed
                (rows, bad), start, lines = grown
                tail = bytes(buf[start:n])
                more, more_bad = parse_month_file(tail, len(tail), derive)
                if snap.stale:
                    more = rules.current_terms(tail, len(tail), more)
                entry = (rows + more, bad + [(lines + k, why) for k, why in more_bad])
            else:
                entry = parse_month_file(buf, n, derive)
                if snap.stale:  # stored under older requirement rules: terms found again
                    entry = (rules.current_terms(buf, n, entry[0]), entry[1])
            if use_cache:
                cache.save(cache_dir, snap.view.root, rel, buf, n, entry)
        tuples, bad = entry
        if problems is not None:
            problems.extend(f"{rel}:{number}: {why}" for number, why in bad)
        yield tuples


def _file_rows(snap: _Snapshot, files: list[str], problems: list[str] | None,
               cache_dir: Path | None = None) -> Iterator[tuple]:  # fmt: skip
    """Extended rows of the given month files: TrendRow's 13 fields, then the role key
    parts and the (day, month) of published and of first_seen (see Deriver).
    (accumulate.Accumulator.feed_lean does the same, inlined.)"""
    updates, left, live = snap.updates, snap.left, snap.live
    derive = Deriver()
    seen: set[str] = set()
    for tuples in month_entries(snap, files, problems, cache_dir, derive):
        for t in tuples:
            pid = t[0]
            if pid in seen:
                continue
            seen.add(pid)
            if updates:
                changes = updates.get(pid)
                if changes:  # rare: rebuild the record, apply the updates, cut it again
                    t = _updated(t, changes, derive, snap.stale)
            (_, company, title, location, area, published, first_seen, dup, salary, etype,
             terms, rsalary, retype, c, k, p, pub, when) = t  # fmt: skip
            closed = None
            # Same rule as Accumulator's inlined copy (accumulate.py): kept inline in both
            # because a call per posting costs about a second over a million of them.
            last_seen = live.get(pid, _NOT_LIVE)
            if last_seen is _NOT_LIVE:
                gone = left.get(pid)
                if gone is not None and gone[0] != "back":
                    last_seen = gone[2] or first_seen
                    if gone[0] == "closed":
                        closed = gone[1]
                else:
                    last_seen = first_seen
            elif not last_seen:
                last_seen = first_seen
            yield (pid, company, title, location, area, published, first_seen, last_seen,
                   dup, closed, terms, rsalary or salary, retype or etype,
                   c, k, p, pub, when)  # fmt: skip


_NOT_LIVE = object()


def updater(derive: Deriver, stale: bool = False) -> Any:
    """`_updated` with the given Deriver, for accumulate.Accumulator.feed_lean."""
    return lambda t, changes: _updated(t, changes, derive, stale)


def _updated(t: tuple, changes: list[dict], derive: Deriver, stale: bool = False) -> tuple:
    d: dict[str, Any] = dict(zip(_TUPLE_FIELDS, t, strict=False))
    d["requirements"] = {"terms": t[10], "salary": t[11], "employment_type": t[12]}
    for change in changes:
        for name, value in change.items():
            if name not in ("id", "first_seen"):
                d[name] = value
    if stale and any("requirements" in change for change in changes):
        return rules.updated_terms(t, _lean_tuple(d, {}, derive), changes)
    return _lean_tuple(d, {}, derive)


def iter_trend_rows(data_dir: str | Path, problems: list[str] | None = None,
                    cache_dir: Path | None = None) -> Iterator[TrendRow]:  # fmt: skip
    """Every stored posting as a TrendRow, events applied; bad lines go to `problems`.

    With `cache_dir`, each month file's lean rows are kept there (see cache.py) and a
    later read parses only the files that changed.
    """
    make = TrendRow._make
    with _opened(data_dir) as snap:
        if snap is not None:
            for t in _file_rows(snap, snap.files, problems, cache_dir):
                yield make(t[:13])
