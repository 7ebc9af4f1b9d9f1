"""Shared pieces of the benchmarks: sizes, result rows, timed subprocesses."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Sizes:
    feeds: int
    items: int
    latency: float
    history: int  # postings in the nightly and site benchmarks' history
    trends: int  # postings for the trends benchmark
    entries: int  # journal entries for the site benchmark
    contacts: int
    reps: int  # repetitions of the costlier measurements
    reps_cheap: int  # repetitions of sub-second commands
    workday_pages: int = 100  # pages of 20 in the Workday board read (row 1c)


FULL = Sizes(feeds=12, items=100, latency=0.2, history=300_000, trends=1_000_000,
             entries=365, contacts=120, reps=3, reps_cheap=5)  # fmt: skip
SMOKE = Sizes(feeds=3, items=10, latency=0.05, history=2_000, trends=5_000,
              entries=12, contacts=8, reps=1, reps_cheap=2, workday_pages=10)  # fmt: skip


@dataclass
class Row:
    """One figure: measured against its floor, with the target it must meet."""

    name: str
    measured: float
    floor: float | None
    unit: str
    target: str
    ok: bool | None  # None: reported only
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.measured / self.floor


@dataclass
class Ran:
    wall: float
    cpu: float  # user + system seconds of the child
    stdout: str
    stderr: str


def stayready_cmd(*args: str) -> list[str]:
    """The installed console script when there is one (what a person runs), else -m."""
    exe = shutil.which("stayready", path=str(Path(sys.executable).parent))
    return [exe, *args] if exe else [sys.executable, "-m", "stayready", *args]


def run_cmd(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
            check: bool = True) -> Ran:  # fmt: skip
    """Run a command to completion; wall time and the child's CPU time."""
    full_env = {**os.environ, **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=full_env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if check and proc.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd[:4])} ... exited {proc.returncode}:\n{proc.stderr[-2000:]}"
        )
    return Ran(wall, cpu, proc.stdout, proc.stderr)


def machine() -> str:
    """`nproc`, the CPU model and Python, for the table's heading."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the start"
    return (f"{os.cpu_count()} CPUs ({model}), Python {sys.version.split()[0]}, "
            f"{sys.platform}{load}")  # fmt: skip
