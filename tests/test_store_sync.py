"""Syncing a commit's files together (store_sync.sync_together): every file is durable
before the barrier passes, and a failure is not lost in a thread."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest

import aggregator.store_sync as store_sync
from aggregator.store import Batch, Store
from aggregator.store_sync import sync_together
from stayready.site.forked import os_threads


def test_every_descriptor_is_synced_before_it_returns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(store_sync.os, "fsync", lambda fd: (real(fd), synced.append(fd)))
    fds = [os.open(tmp_path / f"f{i}", os.O_WRONLY | os.O_CREAT, 0o644) for i in range(4)]
    try:
        sync_together(fds)
    finally:
        for fd in fds:
            os.close(fd)
    assert sorted(synced) == sorted(fds)


def test_a_file_that_fails_to_sync_fails_the_commit(tmp_path: Path) -> None:
    good = os.open(tmp_path / "good", os.O_WRONLY | os.O_CREAT, 0o644)
    bad = os.open(tmp_path / "bad", os.O_WRONLY | os.O_CREAT, 0o644)
    os.close(bad)  # a closed descriptor: fsync raises EBADF, in whichever thread runs it
    try:
        with pytest.raises(OSError):
            sync_together([good, bad])
        with pytest.raises(OSError):
            sync_together([bad, good])
    finally:
        os.close(good)


def test_a_folder_that_refuses_to_sync_is_let_be(tmp_path: Path) -> None:
    good = os.open(tmp_path / "good", os.O_WRONLY | os.O_CREAT, 0o644)
    refusing = os.open(tmp_path / "gone", os.O_WRONLY | os.O_CREAT, 0o644)
    os.close(refusing)
    try:
        sync_together([good, refusing], folders={refusing})
    finally:
        os.close(good)


def test_nothing_to_sync_is_fine() -> None:
    sync_together([])


def test_no_thread_outlives_a_commit(tmp_path: Path) -> None:
    # A site build after a fetch, in the same process, forks only when no other thread
    # runs (stayready/site/forked.py). threading cannot see the fsync waits (they are
    # _thread threads), so the OS's count is the one that matters, where there is one.
    running = threading.active_count()
    before = os_threads()
    store = Store(tmp_path / "data")
    with store.lock():
        for k in range(3):
            gone = {"event": "gone", "at": f"t{k}", "feed": "f", "ids": [f"p{k}"]}
            store.commit(Batch(month="2026-03", events=[gone]))
    assert (tmp_path / "data" / "events" / "2026-03.jsonl").read_text().count("gone") == 3
    assert threading.active_count() == running
    assert not (tmp_path / "data" / ".pending.json").exists()
    if before is not None:
        deadline = time.monotonic() + 2.0
        while (os_threads() or 0) > before and time.monotonic() < deadline:
            time.sleep(0.001)
        assert (os_threads() or 0) <= before


def _sync_in_child(folder: str) -> None:
    fds = [os.open(os.path.join(folder, f"c{i}"), os.O_WRONLY | os.O_CREAT, 0o644)
           for i in range(3)]  # fmt: skip
    sync_together(fds)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_can_still_sync(tmp_path: Path) -> None:
    # The child inherits the parent's waiting threads as objects only; it must start its own.
    fd = os.open(tmp_path / "parent", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        sync_together([fd, fd, fd])
    finally:
        os.close(fd)
    child = multiprocessing.get_context("fork").Process(target=_sync_in_child,
                                                        args=(str(tmp_path),))  # fmt: skip
    child.start()
    child.join(timeout=20)
    if child.is_alive():
        child.kill()
        child.join()
        pytest.fail("the forked child hung waiting for threads it does not have")
    assert child.exitcode == 0
