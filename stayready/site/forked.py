"""Run a function in a forked child and take its (picklable) result back over a pipe.

For the parts of a build that need nothing from each other (site/data.py). A child
that fails, or cannot start, gives None: the caller then does the work itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from typing import Any

Child = tuple[Any, Any]  # the process and the end of the pipe it answers on


def can_fork() -> bool:
    """Whether forking is sound and worth it: fork exists, two cores, and no other
    threads running (as under serve, whose server threads a fork would copy mid-lock)."""
    if threading.active_count() > 1 or not _alone():
        return False
    try:
        multiprocessing.get_context("fork")
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, ValueError):
        return False


def os_threads() -> int | None:
    """How many threads the OS runs for this process, where it says (Linux); else None.

    threading does not see threads started with _thread, such as the store's fsync waits
    (aggregator/store_sync.py), which release the commit a moment before they exit."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return None


def _alone(wait: float = 0.1) -> bool:
    # A thread that has done its work is gone within microseconds; one still running
    # after a tenth of a second is not about to leave, and a fork would copy it mid-work.
    deadline = time.monotonic() + wait
    while (n := os_threads()) is not None and n > 1:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def start(fn: Callable[..., Any], *args: Any) -> Child | None:
    """A forked process computing fn(*args); None if it cannot start."""
    try:
        ctx: Any = multiprocessing.get_context("fork")
        ours, theirs = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=child_main, args=(fn, args, theirs), daemon=False)
        proc.start()
    except (AttributeError, ValueError, OSError):
        return None
    theirs.close()  # so that a child dying before it answers gives EOF, not a hang
    return proc, ours


def child_main(fn: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send(fn(*args))
    except Exception:  # the parent does the work itself
        conn.send(None)
    finally:
        conn.close()


def finish(child: Child) -> Any:
    """The child's result, or None if it failed."""
    proc, conn = child
    try:
        got = conn.recv()
    except (EOFError, OSError):
        got = None
    finally:
        conn.close()
        proc.join()
    return got
