"""The data-side benchmarks: trends over a large history, and the site build with a year of data."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

from common import Row, Sizes, run_cmd, stayready_cmd
from gen_history import write_history
from gen_notebook import write_notebook

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
GB = 1024**3

# `stayready trends --json` in a fresh interpreter, so its peak RSS is the command's own.
# The command may fork workers (aggregator.trends.parallel): their peak is reported too.
_TRENDS = """
import contextlib, io, json, os, resource, sys, time
t0 = time.perf_counter()
from stayready.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    status = main(["trends", "--json", "--config", sys.argv[1]])
seconds = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
doc = json.loads(out.getvalue())
print(json.dumps({"seconds": seconds, "status": status, "rss": me.ru_maxrss * 1024,
                  "rss_child": kids.ru_maxrss * 1024, "cpu": me.ru_utime + me.ru_stime,
                  "cpu_children": kids.ru_utime + kids.ru_stime,
                  "workers": min(len(os.sched_getaffinity(0)), 4),
                  "postings": doc.get("history", {}).get("postings")}))
"""


def trends(tmp: Path, sizes: Sizes, feeds_yaml: str) -> list[Row]:
    """`stayready trends --json` over a large history: time and peak RSS."""
    from gen_history import history_feeds

    from foundation.config import load_config

    folder = tmp / "trends"
    folder.mkdir(parents=True)
    (folder / "stayready.yml").write_text(feeds_yaml, encoding="utf-8")
    config = load_config(folder / "stayready.yml")
    info = write_history(config.data_dir, sizes.trends, now=NOW, feeds=history_feeds(config),
                         months=24)  # fmt: skip
    env = {"STAYREADY_NOW": NOW.strftime("%Y-%m-%dT%H:%M:%SZ")}
    cmd = [sys.executable, "-c", _TRENDS, str(folder / "stayready.yml")]
    # The first run reads every month; the next finds unchanged months in the command's own
    # cache (.cache/), as a nightly run after the first does.
    first = json.loads(run_cmd(cmd, env=env).stdout.strip().splitlines()[-1])
    cached = sum(1 for p in config.cache_dir.rglob("*") if p.is_file())
    again = json.loads(run_cmd(cmd, env=env).stdout.strip().splitlines()[-1])
    shutil.rmtree(config.data_dir, ignore_errors=True)  # gigabytes at full size
    shutil.rmtree(config.cache_dir, ignore_errors=True)

    def rss(out: dict) -> int:
        # Forked workers share the parent's pages until written: the sum is an upper bound.
        return out["rss"] + (out["workers"] * out["rss_child"] if out["rss_child"] else 0)

    def cpu(out: dict) -> float:
        return out["cpu"] + out["cpu_children"]

    peak = max((first, again), key=rss)
    n = f"{sizes.trends:,}"
    note = (f"`stayready trends --json` in a fresh interpreter, start-up included; "
            f"{first['postings']:,} counted (copies on other feeds left out) over 24 months "
            f"({info.bytes / 1e9:.2f} GB, written in {info.seconds:.0f} s); "
            f"CPU {cpu(first):.1f} s in all")  # fmt: skip
    mem_note = (f"ru_maxrss: the command {peak['rss'] / GB:.2f} GB"
                + (f", each forked worker up to {peak['rss_child'] / GB:.2f} GB; shown: the "
                   f"command plus {peak['workers']} workers (an upper bound)"
                   if peak["rss_child"] else ", no workers forked"))  # fmt: skip
    return [
        Row(f"3b. Trends over {n} postings, first run: time", first["seconds"], None, "s",
            target="< 10 s", ok=first["seconds"] < 10 and first["status"] == 0, note=note),
        Row(f"3c. Trends over {n} postings: peak RSS", rss(peak) / GB, None,
            "GB", target="< 1.5 GB", ok=rss(peak) < 1.5 * GB, note=mem_note),
        Row(f"3d. Trends over {n} postings, next run: time", again["seconds"], None, "s",
            target="< 10 s", ok=again["seconds"] < 10 and again["status"] == 0,
            note=f"the same command again, {cached} files in its cache from the first run; "
            f"CPU {cpu(again):.1f} s"),
    ]  # fmt: skip


def site(tmp: Path, sizes: Sizes, feeds_yaml: str) -> list[Row]:
    """`stayready build` (public edition) against `mkdocs build` of the markdown it rendered."""
    from gen_history import history_feeds

    from foundation.config import load_config

    folder = tmp / "site"
    folder.mkdir(parents=True)
    (folder / "stayready.yml").write_text(feeds_yaml + "public:\n  index: false\n",
                                          encoding="utf-8")  # fmt: skip
    config = load_config(folder / "stayready.yml")
    info = write_history(config.data_dir, sizes.history, now=NOW, feeds=history_feeds(config))
    nb = write_notebook(config.notebook.path, entries=sizes.entries, contacts=sizes.contacts,
                        end=NOW.date())  # fmt: skip
    env = {"STAYREADY_NOW": NOW.strftime("%Y-%m-%dT%H:%M:%SZ")}
    # --force: every build here builds (a night that changed something), none is skipped.
    cmd = stayready_cmd("build", "--force", "--config", str(folder / "stayready.yml"))
    # The first build finds no .cache/ (a fresh clone's first build): reported, not compared.
    cold = run_cmd(cmd, cwd=folder, env=env)
    floor_cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                 str(folder / "mkdocs.yml"), "-d", str(tmp / "site-floor")]  # fmt: skip
    # Figure and floor alternate, so a burst of load on a shared machine hits both.
    builds, floors = [], []
    for _ in range(max(1, sizes.reps - 1)):
        builds.append(run_cmd(cmd, cwd=folder, env=env))
        floors.append(run_cmd(floor_cmd, cwd=folder))
    build = min(builds, key=lambda r: r.wall)
    floor = min(floors, key=lambda r: r.wall)
    m = re.search(r"rendered in ([\d.]+) s, built strict in ([\d.]+) s", build.stdout)
    render_s, mkdocs_s = (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)
    d = re.search(r"data read in ([\d.]+) s", build.stdout)
    data_s = float(d.group(1)) if d else None
    pages = sum(1 for _ in (folder / "docs").rglob("*.md"))
    other = build.wall - render_s - mkdocs_s - (data_s or 0.0)
    data_part = f"data (history, trends, notebook) {data_s:.1f} s, " if data_s is not None else ""
    note = (f"floor: `mkdocs build` of the same {pages} markdown files; {info.postings:,} "
            f"postings, {nb.entries} entries ({nb.public} public), {nb.contacts} contacts; "
            f"inside the build: {data_part}render {render_s:.1f} s, mkdocs {mkdocs_s:.1f} s, "
            f"privacy check, start-up and the rest {other:.1f} s. The best of {len(builds)} "
            "builds alternating with the floor, each finding `.cache/` kept by the one before "
            "(parsed notebook files, the trends report, open postings, compiled templates); "
            f"the first build, with no `.cache/`, took {cold.wall:.1f} s")  # fmt: skip
    nights, warm, night_data = _after_nights(folder, config, sizes, cmd, env)
    a, w = median(nights), median(warm)
    return [
        Row(
            "4a. Site: `stayready build` with a year of data, against mkdocs alone",
            build.wall,
            floor.wall,
            "s",
            target="ratio <= 1.3",
            ok=build.wall <= 1.3 * floor.wall,
            note=note,
        ),
        Row(
            "4b. Site: `stayready build` with a year of data, total",
            build.wall,
            None,
            "s",
            target="< 30 s",
            ok=build.wall < 30,
            note=f"CPU {build.cpu:.1f} s",
        ),
        Row(
            "4c. Site: the first build after a night, with a year of history",
            a,
            w,
            "s",
            target="ratio <= 2.0",
            ok=a <= 2.0 * w,
            note=f"floor: a warm `build --force` (nothing changed since the build before); "
            f"figure: `build --force` just after a night that stored {night_data} (one "
            f"month file, the events and feeds.json changed); medians of {len(nights)} "
            f"alternating pairs (after each night: {_seconds(nights)}; warm: "
            f"{_seconds(warm)})",
        ),
    ]


def _seconds(values: list[float]) -> str:
    return ", ".join(f"{v:.2f}" for v in values) + " s"


def _after_nights(folder: Path, config: Any, sizes: Sizes, cmd: list[str],
                  env: dict[str, str]) -> tuple[list[float], list[float], str]:  # fmt: skip
    """Builds just after a night that added postings to the history, each followed by a
    warm build (nothing changed since): the first build after a night against a warm one.

    The night is the nightly run itself (`run_fetch`), handed the feeds' bodies instead
    of fetching them (the network is measured in 1a/1b)."""
    from gen_feeds import feed_set

    import aggregator.fetch as fetch_module
    from aggregator.models import FetchResult
    from aggregator.run import run_fetch

    nights, warm, stored = [], [], []
    original = fetch_module.fetch_all
    try:
        for k in range(1, sizes.reps + 1):
            synth = feed_set(len(config.feeds), sizes.items,
                             day=NOW.date() + timedelta(days=3 * k))  # fmt: skip

            def fetched(feeds: Any, states: Any, synth: Any = synth, **_kw: Any) -> list:
                out = []
                for f in feeds:
                    s = next(x for x in synth if f.url.endswith(x.path))
                    out.append(FetchResult(f.id, "fetched", status=200, body=s.body,
                                           headers={"content-type": s.content_type},
                                           bytes_downloaded=len(s.body)))  # fmt: skip
                return out

            fetch_module.fetch_all = fetched
            stored.append(len(run_fetch(config, NOW).new_postings))
            fetch_module.fetch_all = original
            nights.append(run_cmd(cmd, cwd=folder, env=env).wall)
            warm.append(run_cmd(cmd, cwd=folder, env=env).wall)
    finally:
        fetch_module.fetch_all = original
    return nights, warm, f"{min(stored)}-{max(stored)} new postings"
