"""The data-side benchmarks: trends over a large history, and the site build with a year of data."""

from __future__ import annotations

import json
import re
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

from common import Row, Sizes, run_cmd, stayready_cmd
from gen_history import write_history
from gen_notebook import write_notebook

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
GB = 1024**3

# Runs in a fresh interpreter so its peak RSS is the trends' own.
_TRENDS = """
import json, resource, sys, time
from datetime import datetime
t0 = time.perf_counter()
from aggregator.trends import compute_trends
from aggregator.trends.reader import iter_trend_rows
now = datetime.fromisoformat(sys.argv[2])
report = compute_trends(iter_trend_rows(sys.argv[1]), now=now)
doc = report.to_json()
seconds = time.perf_counter() - t0
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": seconds, "rss": use.ru_maxrss * 1024,
                  "cpu": use.ru_utime + use.ru_stime,
                  "postings": doc.get("history", {}).get("postings")}))
"""


def trends(tmp: Path, sizes: Sizes) -> list[Row]:
    """Read the history and compute every trend in a subprocess: time and peak RSS."""
    data = tmp / "trends" / "data"
    feeds = [(f"feed-{i:02d}", f"Feed {i}", i % 4 == 0) for i in range(12)]
    info = write_history(data, sizes.trends, now=NOW, feeds=feeds, months=24)
    ran = run_cmd([sys.executable, "-c", _TRENDS, str(data), NOW.isoformat()])
    out = json.loads(ran.stdout.strip().splitlines()[-1])
    shutil.rmtree(data, ignore_errors=True)  # gigabytes at full size
    note = (f"{sizes.trends:,} postings over 24 months ({info.bytes / 1e9:.2f} GB, written in "
            f"{info.seconds:.0f} s); lean reader + compute_trends + to_json in a fresh "
            f"interpreter; CPU {out['cpu']:.1f} s")  # fmt: skip
    return [
        Row(f"3b. Trends over {sizes.trends:,} postings: time", out["seconds"], None, "s",
            target="< 10 s", ok=out["seconds"] < 10, note=note),
        Row(f"3c. Trends over {sizes.trends:,} postings: peak RSS", out["rss"] / GB, None,
            "GB", target="< 1.5 GB", ok=out["rss"] < 1.5 * GB,
            note="ru_maxrss of that subprocess"),
    ]  # fmt: skip


def site(tmp: Path, sizes: Sizes, feeds_yaml: str) -> list[Row]:
    """`stayready build` (public edition) against `mkdocs build` of the markdown it rendered."""
    from gen_history import history_feeds

    from stayready.config import load_config

    folder = tmp / "site"
    folder.mkdir(parents=True)
    (folder / "stayready.yml").write_text(feeds_yaml + "public:\n  index: false\n",
                                          encoding="utf-8")  # fmt: skip
    config = load_config(folder / "stayready.yml")
    info = write_history(config.data_dir, sizes.history, now=NOW, feeds=history_feeds(config))
    nb = write_notebook(config.notebook.path, entries=sizes.entries, contacts=sizes.contacts,
                        end=NOW.date())  # fmt: skip
    env = {"STAYREADY_NOW": NOW.strftime("%Y-%m-%dT%H:%M:%SZ")}
    cmd = stayready_cmd("build", "--config", str(folder / "stayready.yml"))
    builds = [run_cmd(cmd, cwd=folder, env=env) for _ in range(max(1, sizes.reps - 1))]
    build = min(builds, key=lambda r: r.wall)
    m = re.search(r"rendered in ([\d.]+) s, built strict in ([\d.]+) s", build.stdout)
    render_s, mkdocs_s = (float(m.group(1)), float(m.group(2))) if m else (0.0, 0.0)
    pages = sum(1 for _ in (folder / "docs").rglob("*.md"))
    floor_cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                 str(folder / "mkdocs.yml"), "-d", str(tmp / "site-floor")]  # fmt: skip
    floors = [run_cmd(floor_cmd, cwd=folder) for _ in range(max(1, sizes.reps - 1))]
    floor = min(floors, key=lambda r: r.wall)
    other = build.wall - render_s - mkdocs_s
    note = (f"floor: `mkdocs build` of the same {pages} markdown files; {info.postings:,} "
            f"postings, {nb.entries} entries ({nb.public} public), {nb.contacts} contacts; "
            f"inside the build: render {render_s:.1f} s, mkdocs {mkdocs_s:.1f} s, loading "
            f"history + trends + notebook, privacy check and start-up {other:.1f} s")  # fmt: skip
    return [
        Row("4a. Site: `stayready build` with a year of data", build.wall, floor.wall, "s",
            target="ratio <= 1.3", ok=build.wall <= 1.3 * floor.wall, note=note),
        Row("4b. Site: `stayready build` with a year of data", build.wall, None, "s",
            target="< 30 s", ok=build.wall < 30, note=f"CPU {build.cpu:.1f} s"),
    ]
