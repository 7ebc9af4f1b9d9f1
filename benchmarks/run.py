"""Run every benchmark and write a markdown table: `python benchmarks/run.py [--smoke]`.

Each figure is a ratio against a floor measured in the same run (absolute times differ from
machine to machine, and from minute to minute on a shared one). `--smoke` runs everything
at tiny sizes in well under a minute and never fails on targets, only on errors.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_data  # noqa: E402
import bench_fetch  # noqa: E402
from common import FULL, SMOKE, Row, Sizes, machine  # noqa: E402
from gen_feeds import config_yaml, feed_set  # noqa: E402

NAMES = ("startup", "fetch", "workday", "ingest", "nightly", "trends", "site", "night")


def run_all(sizes: Sizes, tmp: Path, only: set[str]) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    errors: list[str] = []

    def step(name: str, fn) -> None:
        if only and name not in only:
            return
        t = time.perf_counter()
        print(f"[{name}] ...", file=sys.stderr, flush=True)
        try:
            got = fn()
        except Exception as exc:
            errors.append(f"{name}: {exc}")
            traceback.print_exc()
            rows.append(Row(f"{name}: error", 0.0, None, "", "", False,
                            note=str(exc).splitlines()[0][:200]))  # fmt: skip
            return
        rows.extend(got)
        print(f"[{name}] {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)

    step("startup", lambda: bench_fetch.startup(sizes))
    step("fetch", lambda: bench_fetch.fetch(tmp, sizes))
    step("workday", lambda: bench_fetch.workday(tmp, sizes))
    step("ingest", lambda: bench_fetch.ingest(tmp, sizes))
    step("nightly", lambda: bench_fetch.nightly(tmp, sizes))
    feeds = feed_set(sizes.feeds, 2, day=bench_fetch.DAY0)
    feeds_yaml = config_yaml(feeds, lambda path: "https://jobs.example.com" + path)
    step("trends", lambda: bench_data.trends(tmp, sizes, feeds_yaml))
    step("site", lambda: bench_data.site(tmp, sizes, feeds_yaml))
    step("night", lambda: bench_fetch.whole_night(tmp, sizes))
    order = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5}
    rows.sort(key=lambda r: order.get(r.name[:1], 9))
    return rows, errors


def _num(value: float, unit: str) -> str:
    if unit == "GB":
        return f"{value:.2f} GB"
    return f"{value:.3f} {unit}".strip() if value < 10 else f"{value:.1f} {unit}".strip()


def table(rows: list[Row], *, smoke: bool, started: datetime, seconds: float) -> str:
    mode = "smoke run (tiny sizes; targets not enforced)" if smoke else "full run"
    lines = [
        f"Benchmarks, {mode}, {started:%Y-%m-%d %H:%M} UTC, {seconds:.0f} s in all.",
        f"Machine: {machine()}.",
        "",
        "| Figure | Measured | Floor | Ratio | Target | Result | Notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        floor = _num(r.floor, r.unit) if r.floor is not None else "-"
        ratio = f"{r.ratio:.2f}x" if r.ratio is not None else "-"
        result = "pass" if r.ok else ("-" if r.ok is None else "**miss**")
        if smoke and r.ok is False and not r.name.endswith("error"):
            result = "(miss)"
        note = r.note.replace("|", "\\|")
        lines.append(f"| {r.name} | {_num(r.measured, r.unit)} | {floor} | {ratio} | "
                     f"{r.target} | {result} | {note} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def precompile() -> None:
    """Compile the project's modules to bytecode before anything is timed.

    An installed project runs from .pyc files after its first run. Where
    PYTHONDONTWRITEBYTECODE is set (as on this project's shared machines) none are ever
    written, so every timed command would compile the project from source (about 65 ms
    of CPU a command) while its dependencies, compiled by pip, would not: a cost no user
    pays. compileall writes them whatever that variable says."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("foundation", "stayready", "aggregator", "journal"):
        compileall.compile_dir(root / package, quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true",
                        help="tiny sizes, quick; targets not enforced")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.md"),
                        help="where to write the table (default: benchmarks/results.md)",
                        )  # fmt: skip
    parser.add_argument("--only", action="append", choices=NAMES, default=[],
                        help="run only this benchmark (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = SMOKE if args.smoke else FULL
    precompile()
    started = datetime.now(UTC)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stayready-bench-") as tmp:
        rows, errors = run_all(sizes, Path(tmp), set(args.only))
    text = table(rows, smoke=args.smoke, started=started, seconds=time.perf_counter() - t)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    if errors:
        print("benchmarks failed to run: " + "; ".join(errors), file=sys.stderr)
        return 1
    if not args.smoke and any(r.ok is False for r in rows):
        return 1  # a missed target fails a full run; the table says which
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
