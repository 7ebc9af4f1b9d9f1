"""File safety for the history store: atomic replaces, a redo log for appends, flock locks.

A commit writes every replaced file beside itself (`X.new`), then a redo record
(`.pending.json`, itself written atomically) listing the appends (file, offset, text)
and the renames, then applies them and deletes the record. A run killed at any moment
leaves either no record (nothing happened: stray `.new` files are dropped) or a
complete one, which the next writer replays (truncate to the offset, append, rename)
and which readers apply in memory meanwhile. So the store always reads as the last
completed commit.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aggregator.store_sync import TMP_SUFFIX, folder_fd, fsync_dir, sync_together
from foundation.errors import StoreError

PENDING = ".pending.json"
NEW_SUFFIX = ".new"


GITIGNORE = """\
# Written by Stay Ready: run-time files that must never be committed.
.lock
.commit.lock
.pending.json
*.new
*.tmp
"""


class SeenIds:
    """Membership in a seen/<feed>.txt file without building a set: a night asks about a
    few ids, and a year of a busy feed holds tens of thousands."""

    def __init__(self, data: bytes) -> None:
        self._data = data if data.endswith(b"\n") else data + b"\n"

    def __contains__(self, pid: object) -> bool:
        line = f"{pid}\n".encode()
        return self._data.startswith(line) or b"\n" + line in self._data


# --- locks ---------------------------------------------------------------------------


@contextlib.contextmanager
def flock(
    path: Path,
    *,
    exclusive: bool,
    timeout: float = 0.0,
    busy: str = "another stayready run is writing the job history",
) -> Iterator[None]:
    """Hold an flock on `path`. The kernel releases it when the process dies, so a killed
    run never leaves a stuck lock. Waits up to `timeout` seconds, then raises StoreError."""
    if exclusive:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:
        if exclusive:
            raise StoreError("cannot write the job history", file=path.parent,
                             hint="check the folder's permissions") from None  # fmt: skip
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            # A read-only checkout that no run ever wrote to: nobody to lock out.
            yield
            return
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
                    raise StoreError(
                        busy + (f" ({holder})" if holder else ""),
                        file=path,
                        hint="wait for it to finish and run again; a killed run releases "
                        "the lock by itself, so never delete this file to get past it",
                    ) from None
                time.sleep(0.05)
        if exclusive:
            since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            holder = f"pid {os.getpid()} since {since}\n".encode()
            # Written only when it differs (a run takes this lock again within the same
            # second): a write or truncate waits on the file system's journal, which on a
            # busy disk cost milliseconds.
            old = os.pread(fd, 256, 0)
            if old != holder:
                os.pwrite(fd, holder, 0)
                if len(old) > len(holder):
                    os.ftruncate(fd, len(holder))
        yield
    finally:
        os.close(fd)  # closing releases the lock


# --- the redo log --------------------------------------------------------------------


@dataclass
class Append:
    """Text appended to a file at a known offset (replayable)."""

    file: str  # relative to the store's folder
    offset: int  # the file's size before this commit
    text: str


@dataclass
class Pending:
    """A commit's redo record: its appends and renames."""

    appends: list[Append] = field(default_factory=list)
    renames: list[str] = field(default_factory=list)


def read_pending(root: Path) -> Pending | None:
    path = root / PENDING
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
        return Pending(
            appends=[Append(a["file"], int(a["offset"]), a["text"]) for a in data["appends"]],
            renames=[str(r) for r in data["renames"]],
        )
    except (ValueError, KeyError, TypeError) as exc:
        # It is only ever written whole (temp + rename), so this is a hand edit.
        raise StoreError(
            f"the record of an unfinished write is damaged ({exc})",
            file=path,
            hint="if no run is going on, delete it: the history is then as of the last "
            "completed run",
        ) from None


def commit(root: Path, appends: dict[str, str], replaces: dict[str, bytes]) -> None:
    """Append text to files and replace others, all or nothing (call under the write lock)."""
    if not appends and not replaces:
        return
    record = Pending(renames=sorted(replaces))
    for rel, text in sorted(appends.items()):
        path = root / rel
        size = path.stat().st_size if path.exists() else 0
        if size and not _ends_with_newline(path, size):
            # A torn or hand-edited last line stays a line of its own, reported by load.
            text = "\n" + text
        record.appends.append(Append(rel, size, text))
    payload = {
        "appends": [{"file": a.file, "offset": a.offset, "text": a.text} for a in record.appends],
        "renames": record.renames,
    }
    # ASCII escapes: the C encoder's fastest path for the appended lines (a third faster
    # here); the record is only ever read back by json.loads.
    files = {root / (rel + NEW_SUFFIX): data for rel, data in replaces.items()}
    files[root / (PENDING + TMP_SUFFIX)] = json.dumps(payload).encode("ascii")
    # Every replacement and the record are durable (synced together) before the rename
    # that makes the record count: the commit point. The folder syncs after it make the
    # record's name and the replacements' names durable before anything is applied.
    fds: list[int] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fds.append(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644))
            _write_all(fds[-1], data)
        sync_together(fds)
    finally:
        for fd in fds:
            os.close(fd)
    os.replace(root / (PENDING + TMP_SUFFIX), root / PENDING)
    for folder in sorted({path.parent for path in files}):
        fsync_dir(folder)
    apply(root, record)


def apply(root: Path, record: Pending) -> None:
    """Carry out a redo record; safe to repeat after a crash at any point.

    The appends and renames are all durable (files and their folders synced together)
    before the record is deleted; until then a crash replays the record.
    """
    folders: set[Path] = set()
    fds: list[int] = []
    try:
        for a in record.appends:
            path = root / a.file
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
            fds.append(os.open(path, os.O_RDWR | os.O_CREAT, 0o644))
            # Cut what a killed replay left past the offset; a file already that long (the
            # usual case) is not truncated, which would wait on the journal for nothing.
            if os.fstat(fds[-1]).st_size != a.offset:
                os.ftruncate(fds[-1], a.offset)
            _write_all(fds[-1], a.text.encode("utf-8"), a.offset)
        for rel in record.renames:
            new = root / (rel + NEW_SUFFIX)
            if new.exists():
                os.replace(new, root / rel)
                folders.add(new.parent)
        folder_fds = [fd for fd in map(folder_fd, sorted(folders)) if fd is not None]
        fds += folder_fds
        sync_together(fds, set(folder_fds))
    finally:
        for fd in fds:
            os.close(fd)
    (root / PENDING).unlink(missing_ok=True)
    fsync_dir(root)


def _write_all(fd: int, data: bytes, offset: int = 0) -> None:
    """pwrite until every byte is written (one call may write less)."""
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def recover(root: Path) -> bool:
    """Finish a killed run's commit, or drop its uncommitted leftovers. True if replayed."""
    record = read_pending(root)
    if record is not None:
        apply(root, record)
        return True
    for leftover in list(root.rglob("*" + NEW_SUFFIX)) + list(root.rglob("*" + TMP_SUFFIX)):
        leftover.unlink(missing_ok=True)
    return False


def _ends_with_newline(path: Path, size: int) -> bool:
    with open(path, "rb") as f:
        f.seek(size - 1)
        return f.read(1) == b"\n"


class View:
    """Reads the store's files as of the last completed commit, replaying a pending
    record in memory (a reader never writes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending = read_pending(root)
        self._appends = {a.file: a for a in self.pending.appends} if self.pending else {}
        self._renames = set(self.pending.renames) if self.pending else set()

    def read_bytes(self, rel: str) -> bytes | None:
        path = self.root / rel
        if rel in self._renames and (self.root / (rel + NEW_SUFFIX)).exists():
            path = self.root / (rel + NEW_SUFFIX)
        append = self._appends.get(rel)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        if append is not None:
            data = (data or b"")[: append.offset] + append.text.encode("utf-8")
        return data

    def exists(self, rel: str) -> bool:
        return rel in self._appends or (self.root / rel).exists()

    def listing(self, folder: str, suffix: str) -> list[str]:
        """Relative names of the files in `folder` ending with `suffix`, sorted."""
        names = (
            {f"{folder}/{p.name}" for p in (self.root / folder).glob("*" + suffix) if p.is_file()}
            if (self.root / folder).is_dir()
            else set()
        )
        names |= {rel for rel in self._appends if rel.startswith(folder + "/")
                  and rel.endswith(suffix)}  # fmt: skip
        return sorted(names)


def json_lines(data: bytes, file: Path) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, parsed value or None, why it failed) for every non-blank line."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", "surrogateescape")
    numbered = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    try:
        # One C-level parse of the whole file; only a file with a bad line goes line by line.
        values = json.loads("[" + ",".join(line for _, line in numbered) + "]")
    except ValueError:
        values = None
    if values is not None and len(values) == len(numbered):
        for (number, _), value in zip(numbered, values, strict=True):
            yield number, value, None
        return
    decode = json.JSONDecoder().decode
    for number, line in numbered:
        try:
            yield number, decode(line), None
        except ValueError as exc:
            yield number, None, str(exc).split(":")[0]
