"""The first build after a night, from what earlier builds kept in .cache/ (trends counters
per month, the month rows, open postings, notebook, templates), publishes what a build
with no .cache/ publishes: replayed nights against a loopback Greenhouse board (whose
removals close jobs) and an RSS feed (whose items scroll off and come back), then a night
with a new posting, a closed one, one back, and an application's status changed."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from werkzeug import Request, Response

from foundation.clock import iso
from stayready.cli import main
from tests.conftest import write_config

FIRST = datetime(2025, 12, 1, 6, 0, tzinfo=UTC)
NIGHTS = [FIRST + timedelta(days=9 * n) for n in range(11)]  # to 2026-03-02
LAST = NIGHTS[-1]


def _job(n: int) -> dict:
    job_id = 7100 + n
    return {"id": job_id, "title": ["Robotics Engineer", "Data Engineer", "Technician"][n % 3],
            "absolute_url": f"https://boards.greenhouse.io/northwind/jobs/{job_id}",
            "location": {"name": ["Berlin", "Munich"][n % 2]},
            "updated_at": "2025-11-20T09:00:00Z", "first_published": None,
            "company_name": "Northwind Robotics",
            "content": f"&lt;p&gt;Python and SQL, job {n}.&lt;/p&gt;"}  # fmt: skip


class Boards:
    """What the board and the feed list on the night being replayed."""

    def __init__(self) -> None:
        self.jobs: list[int] = []
        self.items: list[int] = []
        self.night = FIRST

    def board(self, request: Request) -> Response:
        body = json.dumps({"jobs": [_job(n) for n in self.jobs],
                           "meta": {"total": len(self.jobs)}})  # fmt: skip
        tag = f'"{hashlib.sha1(body.encode()).hexdigest()}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304, headers={"ETag": tag})
        return Response(body, content_type="application/json", headers={"ETag": tag})

    def rss(self, request: Request) -> Response:
        stamp = format_datetime(self.night)
        items = "".join(
            f"<item><title>{['Nurse', 'Teacher', 'Accountant'][n % 3]} at Harbor Clinic"
            f"</title><link>https://jobs.example.org/{n}</link>"
            f"<guid>https://jobs.example.org/{n}</guid><description>Job {n}: BLS, Excel."
            f"</description><pubDate>{stamp}</pubDate></item>"
            for n in self.items
        )
        body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Berlin jobs</title>'
                "<link>https://jobs.example.org/</link><description>d</description>"
                f"{items}</channel></rss>")  # fmt: skip
        return Response(body, content_type="application/rss+xml")


@pytest.fixture
def replayed(project: Path, httpserver, monkeypatch: pytest.MonkeyPatch):
    boards = Boards()
    httpserver.expect_request("/boards/northwind/jobs").respond_with_handler(boards.board)
    httpserver.expect_request("/berlin.rss").respond_with_handler(boards.rss)
    write_config(project, f"""\
fetch: {{retries: 0}}
feeds:
  - {{name: Northwind Robotics, kind: greenhouse, board: northwind, area: Berlin,
      url: '{httpserver.url_for("/boards/northwind/jobs")}'}}
  - {{name: Berlin jobs, url: '{httpserver.url_for("/berlin.rss")}', area: Berlin}}
notebook: {{path: notebook}}
public: {{index: false}}
""")  # fmt: skip
    (project / "notebook" / "contacts").mkdir(parents=True)
    (project / "notebook" / "contacts" / "ana-costa.md").write_text("---\nname: Ana Costa\n---\n")

    def night(when: datetime, jobs: list[int], items: list[int]) -> None:
        boards.night, boards.jobs, boards.items = when, jobs, items
        monkeypatch.setenv("STAYREADY_NOW", iso(when))
        assert main(["fetch", "--now", "--force"]) == 0

    # Each night one job and one item come, and older ones leave: December's are all
    # gone by March, a few of February's and March's are live.
    for n, when in enumerate(NIGHTS):
        night(when, [n - 1, n] if n else [0], [n - 2, n - 1, n] if n > 1 else list(range(n + 1)))
    return project, night


def _generated(root: Path) -> dict[str, str]:
    base = root / "docs" / "generated"
    return {str(p.relative_to(base)): p.read_text(encoding="utf-8")
            for p in sorted(base.rglob("*")) if p.is_file()}  # fmt: skip


def _cold_copy(root: Path, to: Path) -> Path:
    """The project as a fresh clone has it: its files, no .cache/, no site."""
    shutil.copytree(root, to, ignore=shutil.ignore_patterns(".cache", "site", ".site-*",
                                                            "generated"))  # fmt: skip
    return to


def _live_ids(root: Path) -> list[str]:
    feeds = json.loads((root / "data" / "feeds.json").read_text())["feeds"]
    return sorted(pid for f in feeds for pid in f["live_ids"])


def _trends(capsys) -> dict:
    capsys.readouterr()
    assert main(["trends", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _as_a_clone_builds(root: Path, clone: Path, monkeypatch, capsys) -> None:
    """The pages and the report this build made, against a fresh clone's build."""
    after = _generated(root)
    figures = _trends(capsys)  # the report the build made, kept in .cache/
    _cold_copy(root, clone)
    monkeypatch.chdir(clone)
    assert main(["build"]) == 0
    assert _generated(clone) == after
    assert _trends(capsys) == figures
    site, cold = root / "site" / "generated", clone / "site" / "generated"
    for page in ("jobs/index.html", "trends/index.html", "companies/index.html"):
        assert (site / page).read_text() == (cold / page).read_text(), page
    monkeypatch.chdir(root)


def test_the_first_build_after_a_night_is_the_cold_build(replayed, tmp_path, monkeypatch,
                                                         capsys):  # fmt: skip
    root, night = replayed
    assert main(["build"]) == 0
    assert main(["build", "--force"]) == 0  # a warm build: everything kept
    manifest = root / ".cache" / "trends" / "months" / "manifest.pickle"
    with open(manifest, "rb") as f:
        kept = pickle.load(f)
    # the months whose postings are all gone are kept merged; March's live ones are not
    assert kept["prefix"][0] == "postings/2025-12.jsonl"
    assert "postings/2026-03.jsonl" not in kept["prefix"]
    before = _generated(root)

    # A night about live postings only: job 10 leaves the board (closed), item 8 scrolls
    # off the feed (gone), a new job and a new item come; then an application.
    night(LAST + timedelta(days=1), [11], [9, 10, 11])
    events = (root / "data" / "events" / "2026-03.jsonl").read_text()
    assert '"event":"closed"' in events and '"event":"gone"' in events
    assert main(["mark", _live_ids(root)[0], "applied"]) == 0
    assert main(["build"]) == 0
    assert _generated(root) != before
    _as_a_clone_builds(root, tmp_path / "clone1", monkeypatch, capsys)

    # A night about an old posting: item 2, first seen in December and long gone, is
    # listed again (the merged months are counted again).
    night(LAST + timedelta(days=2), [11, 12], [2, 10, 11, 12])
    assert '"event":"back"' in (root / "data" / "events" / "2026-03.jsonl").read_text()
    assert main(["build"]) == 0
    _as_a_clone_builds(root, tmp_path / "clone2", monkeypatch, capsys)
