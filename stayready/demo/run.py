"""`stayready demo`: a project folder, sample boards on loopback, N replayed days, a site.

Each replayed day publishes that day's feeds, sets the clock (STAYREADY_NOW) and runs
the real fetch; unchanged feeds answer 304 exactly as a real board would.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from foundation.errors import UsageError
from stayready.demo.boards import DEMO_FEEDS, feeds_for_day
from stayready.demo.market import build_market
from stayready.demo.server import FeedServer, serving

MARKER = ".stayready-demo"


@dataclass
class DemoResult:
    folder: Path
    days: int
    postings: int = 0
    site: Path | None = None
    private_site: Path | None = None
    day_lines: list[str] = field(default_factory=list)


def write_config(folder: Path, server: FeedServer) -> Path:
    """A stayready.yml whose feeds point at the loopback server."""
    lines = [
        "# The offline demo's configuration: the feeds are served on loopback.",
        "site:",
        "  title: Stay Ready demo",
        "  timezone: America/Chicago",
        "feeds:",
    ]
    for feed in DEMO_FEEDS:
        lines.append(f"  - name: {feed.config['name']}")
        for key, value in feed.config.items():
            if key != "name":
                lines.append(f"    {key}: {value}")
        lines.append(f"    url: {server.url(feed.path)}")
    lines += [
        "fetch:",
        "  read_timeout: 10",
        "  retries: 0",
        "  page_pause: 0  # loopback: no host to be polite to",
        "  max_details: 200",
        "profile:",
        "  skills: [Python, PostgreSQL, Figma, Excel]",
        "public:",
        "  index: false",
        "",
    ]
    path = folder / "stayready.yml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@contextmanager
def _clock(moment: datetime) -> Iterator[None]:
    old = os.environ.get("STAYREADY_NOW")
    os.environ["STAYREADY_NOW"] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("STAYREADY_NOW", None)
        else:
            os.environ["STAYREADY_NOW"] = old


def run_demo(
    folder: Path,
    *,
    days: int,
    today: datetime,
    build: bool = True,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Create (or refresh) the demo project in `folder` and replay `days` nights up to `today`."""
    from aggregator.run import run_fetch
    from foundation.config import load_config

    say = progress or (lambda _line: None)
    marker = folder / MARKER
    if folder.exists() and any(folder.iterdir()) and not marker.exists():
        # The demo clears data/, site/ and more: never do that to a real project.
        raise UsageError(
            f"{folder} is not empty and was not made by `stayready demo`; nothing was changed",
            hint="choose an empty or new folder with --dir",
        )
    folder.mkdir(parents=True, exist_ok=True)
    marker.write_text("made by `stayready demo`; it may clear and rewrite this folder\n")
    # A demo always starts from a clean history so replayed days stay in order.
    for stale in ("data", ".cache", "site", ".private", "docs"):
        shutil.rmtree(folder / stale, ignore_errors=True)
    notebook = folder / "notebook"
    if not notebook.exists():
        from journal.demo import write_demo_notebook

        # The demo notebook's dates move with the demo's day, so it never looks stale.
        write_demo_notebook(notebook, today.date())

    # Nights run at 06:00 UTC; the last one replayed is the latest not in the future.
    last = today.date() if today.hour >= 6 else today.date() - timedelta(days=1)
    first = last - timedelta(days=days - 1)
    listings = build_market(first, last)
    result = DemoResult(folder=folder, days=days)
    server = FeedServer()
    with serving(server):
        write_config(folder, server)
        config = load_config(folder / "stayready.yml")
        for n in range(days):
            day = first + timedelta(days=n)
            night = datetime.combine(day, time(6, 0), tzinfo=UTC)
            types = {f.path: f.content_type for f in DEMO_FEEDS}
            for path, body in feeds_for_day(listings, day).items():
                # A Workday job's own page is JSON, as its listing.
                kind = types.get(path, "application/json")
                server.put(path, body, kind, night.timestamp() - 3600)
            with _clock(night):
                report = run_fetch(config, night)
            new = len(report.new_postings)
            failed = len(report.failed_feeds)
            line = f"{day.isoformat()}: {new} new postings" + (
                f", {failed} feeds failed" if failed else ""
            )
            result.day_lines.append(line)
            say(line)
        with _clock(datetime.combine(last, time(6, 0), tzinfo=UTC)):
            from aggregator.store import Store

            postings = Store(config.data_dir).load().postings
            result.postings = len(postings)
            _link_applications(notebook / "applications.yml", postings)
            if build:
                from stayready.site import editions

                say("building the public and private editions of the site ...")
                moment = datetime.combine(last, time(6, 0), tzinfo=UTC)
                result.site = editions.public(config, moment).site_dir
                result.private_site = editions.private(config, moment).site_dir
    return result


# The demo notebook tracks three applications by placeholder ids; after the replay they
# point at real postings of the replayed market, so the private pages can show them.
_PLACEHOLDERS = {
    "demo-platform-engineer": ("Site Reliability Engineer", "Backend Engineer"),
    "demo-data-engineer": ("Data Engineer", "Staff Engineer"),
    "demo-sales-lead": ("Accountant", "Budget Analyst"),
}


def _link_applications(path: Path, postings: dict) -> None:
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    ranked = sorted(postings.values(), key=lambda p: (p.first_seen, p.id), reverse=True)
    for placeholder, titles in _PLACEHOLDERS.items():
        match = next((p for p in ranked if p.title in titles and not p.duplicate_of), None)
        if match is not None:
            text = text.replace(placeholder, match.id)
    path.write_text(text, encoding="utf-8")
