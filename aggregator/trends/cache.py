"""A cache of each month file's lean rows, so a night re-reads only the months that changed.

Lives in `<cache_dir>/trends/` (`.cache/` beside stayready.yml: never committed; losing
it costs one full read). One file per month file (a pickled header, then the rows in
marshal's format) holds the fields trends read, before events are applied (events and
live ids are read fresh every time, so gone, closed and updated postings are always
current). An entry is used when the month file has the size it had and the same
modification time, or, when only the time differs (a fresh clone, a restored CI
cache), the same CRC-32 of its bytes. Month files only grow: when a night has appended
postings, the entry's bytes are checked (CRC-32 again) and only the lines after them are
parsed.

Beside them, `history.pickle` keeps the accumulated counters of the whole history
(accumulate.Accumulator) with the size and modification time of every file they came
from (month files, events, feeds.json) and the day they were computed for (the
counters depend on today: plausible dates, windows). When none of that changed (a
second build on the same day, `stayready serve` rebuilding after a journal edit,
`stayready trends` after a build) the report is drawn from them without reading the
history; after any commit to the store they are computed again, from the month cache.
`report.pickle` keeps the report drawn from them (for the same key, skills, areas and
min_count, and the same code), so that a rebuild on the same day skips building it too.
"""

from __future__ import annotations

import functools
import marshal
import os
import pickle
import sys
import zlib
from pathlib import Path

from aggregator.models import REQUIREMENTS_RULES as RULES

# 2: lean rows carry the derived role key and dates; 3: the rows are kept with marshal
# (twice as fast to write as pickle: the first run writes every month), whose format
# belongs to the Python version, hence the version in the key; 4: company keys from
# aggregator/companies.py; and the requirement rules, as the terms of a history stored
# under older ones are found again by the current ones
VERSION = f"4-py{sys.version_info[0]}.{sys.version_info[1]}-m{marshal.version}-r{RULES}"
HISTORY_VERSION = 1
HISTORY = "history.pickle"
Entry = tuple[list[tuple], list[tuple[int, str]]]


def _path(cache_dir: Path, rel: str) -> Path:
    return Path(cache_dir) / "trends" / (rel.replace("/", "__") + ".pickle")


def load(cache_dir: Path | None, root: Path, rel: str) -> Entry | None:
    if cache_dir is None:
        return None
    where = _path(cache_dir, rel)
    try:
        st = (root / rel).stat()
        with open(where, "rb") as f:
            # The cache is ours, in the person's own folder: pickle is safe to load here.
            head = pickle.load(f)
            if head.get("version") != VERSION or head.get("size") != st.st_size:
                return None
            if head.get("mtime_ns") != st.st_mtime_ns:
                if head.get("crc") != zlib.crc32((root / rel).read_bytes()):
                    return None
                _touch(where, head, st.st_mtime_ns)
            entry = marshal.loads(f.read())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
        return None
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return None
    return entry


def load_grown(cache_dir: Path | None, root: Path, rel: str, buf: bytes | bytearray,
               n: int) -> tuple[Entry, int, int] | None:  # fmt: skip
    """The entry of the file as it was before lines were appended to it (buf[:n] holds
    it now): the entry, the size it had and its number of lines; None when the file
    did not only grow (its earlier bytes differ from those the entry came from)."""
    if cache_dir is None:
        return None
    try:
        with open(_path(cache_dir, rel), "rb") as f:
            head = pickle.load(f)
            size = head.get("size")
            if (head.get("version") != VERSION or not isinstance(size, int)
                    or not 0 < size < n or buf[size - 1] != 0x0A
                    or head.get("crc") != zlib.crc32(memoryview(buf)[:size])):  # fmt: skip
                return None
            entry = marshal.loads(f.read())
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
        return None
    if not (isinstance(entry, tuple) and len(entry) == 2):
        return None
    return entry, size, buf.count(b"\n", 0, size)


def fresh(cache_dir: Path | None, root: Path, rel: str) -> bool:
    """Whether an entry for the file is there with its size and time (no checksum)."""
    if cache_dir is None:
        return False
    try:
        st = (root / rel).stat()
        with open(_path(cache_dir, rel), "rb") as f:
            head = pickle.load(f)
        return (head.get("version"), head.get("size"), head.get("mtime_ns")) == (
            VERSION,
            st.st_size,
            st.st_mtime_ns,
        )
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError):
        return False


def save(cache_dir: Path | None, root: Path, rel: str, buf: bytes | bytearray, n: int,
         entry: Entry) -> None:  # fmt: skip
    """Write an entry for the file whose bytes are buf[:n]; a failure only costs speed."""
    if cache_dir is None:
        return
    where = _path(cache_dir, rel)
    try:
        st = (root / rel).stat()
        if st.st_size != n:
            return  # the file changed while we read it
        head = {"version": VERSION, "size": n, "mtime_ns": st.st_mtime_ns,
                "crc": zlib.crc32(memoryview(buf)[:n])}  # fmt: skip
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
        # Lines are JSON values (str, numbers, None, lists, dicts) in tuples: marshal
        # takes all of them, and shares an object met twice as pickle does.
        body = marshal.dumps(entry, marshal.version)
        with open(tmp, "wb") as f:
            pickle.dump(head, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.write(body)
        os.replace(tmp, where)
    except (OSError, ValueError):  # ValueError: a value marshal cannot keep (none here)
        return


def _touch(where: Path, head: dict, mtime_ns: int) -> None:
    """Record the new modification time so the next run skips the CRC."""
    try:
        with open(where, "rb") as f:
            pickle.load(f)
            body = f.read()
        head = dict(head, mtime_ns=mtime_ns)
        tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(head, f, protocol=pickle.HIGHEST_PROTOCOL)
            f.write(body)
        os.replace(tmp, where)
    except OSError:
        return


def history_key(root: Path, rels: list[str], day: str) -> tuple | None:
    """What the whole-history counters depend on: every input file's size and time, and
    the code that counts them (a same-day rerun after an upgrade must not reuse them)."""
    parts: list[tuple[str, int, int] | tuple[str, None, None]] = []
    for rel in rels:
        try:
            st = (root / rel).stat()
        except FileNotFoundError:
            parts.append((rel, None, None))
            continue
        except OSError:
            return None
        parts.append((rel, st.st_size, st.st_mtime_ns))
    return (HISTORY_VERSION, RULES, report_version(), day, tuple(parts))


def load_history(cache_dir: Path | None, key: tuple | None) -> object | None:
    if cache_dir is None:
        return None
    return load_kept(Path(cache_dir) / "trends" / HISTORY, key)


def save_history(cache_dir: Path | None, key: tuple | None, value: object) -> None:
    if cache_dir is not None:
        save_kept(Path(cache_dir) / "trends" / HISTORY, key, value)


REPORT = "report.pickle"
# What the report is built by: the trends package, the requirements extractor (the
# skills gap runs the person's skills through it) and what they lean on.
_REPORT_CODE = ("trends/*.py", "requirements/*", "normalize.py", "models.py", "companies.py",
                "relisting.py")  # fmt: skip


@functools.lru_cache(maxsize=1)  # Once a process: the code it runs is the code it first read.
def report_version() -> str:
    """A digest of the code a report comes from, so that new code builds it again."""
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    base = Path(__file__).resolve().parent.parent
    for pattern in _REPORT_CODE:
        for path in sorted(base.glob(pattern)):
            if path.is_file():
                try:
                    h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
                except OSError:
                    h.update(path.name.encode() + b"\0unreadable\0")
    return f"{HISTORY_VERSION}-{sys.version_info[0]}.{sys.version_info[1]}-{h.hexdigest()}"


def has_report(cache_dir: Path | None, key: tuple | None) -> bool:
    return cache_dir is not None and has_kept(Path(cache_dir) / "trends" / REPORT, key)


def load_report(cache_dir: Path | None, key: tuple | None) -> object | None:
    if cache_dir is None:
        return None
    return load_kept(Path(cache_dir) / "trends" / REPORT, key)


def save_report(cache_dir: Path | None, key: tuple | None, value: object) -> None:
    if cache_dir is not None:
        save_kept(Path(cache_dir) / "trends" / REPORT, key, value)


def load_kept(where: Path, key: tuple | None) -> object | None:
    """The value kept at `where` for exactly this key (see history_key), else None."""
    if key is None:
        return None
    try:
        with open(where, "rb") as f:
            # The cache is ours, in the person's own folder: pickle is safe to load here.
            if pickle.load(f) != key:
                return None
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError,
            ImportError, IndexError):  # fmt: skip
        return None


def has_kept(where: Path, key: tuple | None) -> bool:
    """Whether `where` keeps a value for exactly this key (only the key is read)."""
    if key is None:
        return False
    try:
        with open(where, "rb") as f:
            return bool(pickle.load(f) == key)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError,
            ImportError, IndexError):  # fmt: skip
        return False


def save_kept(where: Path, key: tuple | None, value: object) -> None:
    """Keep the value for `key`; a failure only costs speed."""
    if key is not None:
        write_pickles(where, key, value)


def write_pickles(where: Path, *values: object) -> bool:
    """Write the values one after another into `where`, whole or not at all (a file
    beside it, then renamed); False if that failed, which only costs speed."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        tmp = where.with_name(f"{where.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            for value in values:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where)
    except (OSError, pickle.PicklingError):
        return False
    return True
