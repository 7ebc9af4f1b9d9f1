"""Making writes durable: fsync of files and folders, several files synced together, and
atomic replaces. The store's commit (store_files.commit) is built on these.
"""

from __future__ import annotations

import _thread
import os
from collections.abc import Callable, Container
from pathlib import Path
from typing import Any

TMP_SUFFIX = ".tmp"


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in `folder` survive a power cut."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some file systems refuse directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def sync_together(fds: list[int], folders: Container[int] = ()) -> None:
    """fsync several open files (and `folders`, a subset) and return when all are durable.

    Started together, the waits overlap: the file system writes them out in one journal
    commit instead of one after another, which on a busy disk is most of a commit's time.
    Each barrier of the commit (see `commit`) is still passed only when all are synced.
    A folder that refuses fsync is let be, as fsync_dir does.
    """
    errors: list[OSError] = []

    def sync(fd: int) -> None:
        try:
            os.fsync(fd)
        except OSError as exc:
            if fd not in folders:
                errors.append(exc)

    # Each wait runs on a thread of its own, started with _thread: threading's start()
    # waits for the new thread to be scheduled, which on a loaded two-core machine cost
    # more than the fsyncs (2.3-4.3 ms against 1.3 ms for six files here). Threads kept
    # for the next barrier were quicker still, but would outlive the commit, and a site
    # build after a fetch forks only when no other thread runs: each of these has done
    # its work, holding nothing, when this returns.
    outcomes: list[BaseException | None] = []
    locks: list[Any] = []
    for fd in fds[1:]:
        lock = _thread.allocate_lock()
        lock.acquire()
        locks.append(lock)
        _thread.start_new_thread(_run_then_release, (sync, fd, lock, outcomes))
    try:
        if fds:
            sync(fds[0])  # one in this thread: a single file needs no other thread
    finally:
        for lock in locks:
            lock.acquire()  # released by its thread once its fsync has returned
    failure = next((o for o in outcomes if o is not None), None)
    if failure is not None:
        raise failure
    if errors:
        raise errors[0]


def _run_then_release(
    fn: Callable[[int], None], fd: int, lock: Any, outcomes: list[BaseException | None]
) -> None:
    try:
        fn(fd)
        outcomes.append(None)
    except BaseException as exc:  # handed to the caller, not lost in this thread
        outcomes.append(exc)
    finally:
        lock.release()


def folder_fd(folder: Path) -> int | None:
    try:
        return os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some file systems refuse directory handles
        return None


def write_synced(path: Path, data: bytes) -> None:
    """Write a whole file and fsync it (not atomic by itself: see atomic_write)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: temporary file, fsync, rename, fsync the folder."""
    tmp = path.with_name(path.name + TMP_SUFFIX)
    write_synced(tmp, data)
    os.replace(tmp, path)
    fsync_dir(path.parent)
