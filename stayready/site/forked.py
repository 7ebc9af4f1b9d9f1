"""Run a function in a forked child and take its (picklable) result back over a pipe.

For the parts of a build that need nothing from each other (site/data.py). A child
that fails, or cannot start, gives None: the caller then does the work itself.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any

Child = tuple[Any, Any]  # the process and the end of the pipe it answers on


def can_fork() -> bool:
    """Whether forking is sound and worth it: fork exists, two cores, and no other
    threads running (as under serve, whose server threads a fork would copy mid-lock)."""
    if threading.active_count() > 1:
        return False
    try:
        multiprocessing.get_context("fork")
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, ValueError):
        return False


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
