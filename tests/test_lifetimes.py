"""Posting lifetimes: eight replayed days (STAYREADY_NOW) against a loopback Greenhouse board and
a plain RSS feed, through the real fetch run and the history store.

Only a whole board says a job closed: a job that leaves it gets `closed`; an RSS item that
scrolls off the latest-N list never does; a failed fetch closes nothing.
"""

from __future__ import annotations

import hashlib
import json
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from werkzeug import Request, Response

from aggregator.models import FeedState
from aggregator.run import run_fetch
from aggregator.store import Store
from aggregator.trends.rehiring import Lifetimes
from aggregator.trends.report import compute_trends
from foundation import clock
from foundation.clock import parse_instant
from foundation.config import Config, load_config
from tests.conftest import write_config

DAYS = {n: f"2026-03-0{n + 1}T06:00:00Z" for n in range(1, 9)}  # day 1 = 2026-03-02


def _greenhouse_job(n: int, title: str, place: str, published: str) -> dict[str, Any]:
    job_id = 5012345100 + n
    return {
        "absolute_url": f"https://boards.greenhouse.io/northwind/jobs/{job_id}?gh_jid={job_id}",
        "internal_job_id": 4470001100 + n,
        "location": {"name": place},
        "metadata": None,
        "id": job_id,
        "updated_at": "2026-02-20T09:00:00-05:00",
        "requisition_id": str(n),
        "title": title,
        "company_name": "Northwind Robotics",
        "first_published": published,
        "language": "en",
        "content": f"&lt;p&gt;{escape(title)} at Northwind.&lt;/p&gt;",
        "departments": [{"id": 1, "name": "Engineering", "child_ids": [], "parent_id": None}],
        "offices": [
            {"id": 2, "name": place, "location": place, "child_ids": [], "parent_id": None}
        ],
    }


BOARD = {
    "A": _greenhouse_job(1, "Robotics Engineer", "Berlin", "2026-02-20T09:00:00-05:00"),
    "B": _greenhouse_job(2, "Data Engineer", "Berlin; Munich", "2026-02-20T09:00:00-05:00"),
    "C": _greenhouse_job(3, "Field Technician", "Munich", "2026-02-20T09:00:00-05:00"),
    "D": _greenhouse_job(4, "Office Manager", "Berlin", "2026-02-24T09:00:00+01:00"),
}
ITEMS = {k: f"{k.lower()} role" for k in "WXYZ"}

# What each side serves on each day: job letters, or a failure.
SCHEDULE: dict[int, dict[str, Any]] = {
    1: {"board": "ABCD", "rss": "XY"},
    2: {"board": "AB", "rss": "YZ"},  # C and D leave the board; X scrolls off the RSS list
    3: {"board": 500, "rss": "YZ"},  # the board fails: nothing may close
    4: {"board": "html", "rss": "ZW"},  # an HTML page where JSON belongs: same
    5: {"board": "list", "rss": "ZW"},  # JSON of the wrong shape (a list): same
    6: {"board": "A", "rss": "ZW"},  # B has gone since the board last answered properly
    7: {"board": "AC", "rss": "ZW"},  # C is listed again
    8: {"board": "AC", "rss": "ZW"},  # nothing changed: the board answers 304
}
FAILURES = {3: "500", 4: "HTML", 5: "not a job list from Greenhouse"}


def _rss(letters: str, day: int) -> bytes:
    stamp = format_datetime(parse_instant(DAYS[day]))
    items = "".join(
        f"<item><title>{escape(ITEMS[k].title())} at Harbor Clinic</title>"
        f"<link>https://jobs.example.org/{k}</link><guid>https://jobs.example.org/{k}</guid>"
        f"<description>A job at Harbor Clinic.</description><pubDate>{stamp}</pubDate></item>"
        for k in letters
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        "<title>Berlin jobs</title><link>https://jobs.example.org/</link>"
        f"<description>Latest jobs</description>{items}</channel></rss>"
    ).encode()


class Week:
    """The loopback boards' answers for the day being replayed, and the run of each day."""

    def __init__(self, config: Config, monkeypatch: pytest.MonkeyPatch) -> None:
        self.config, self.monkeypatch = config, monkeypatch
        self.store = Store(config.data_dir)
        self.today = 1

    def board(self, request: Request) -> Response:
        plan = SCHEDULE[self.today]["board"]
        if plan == 500:
            return Response("upstream error", status=500)
        if plan == "html":
            page = "<!DOCTYPE html><html><body><h1>Down for maintenance</h1></body></html>"
            return Response(page, content_type="text/html")
        if plan == "list":
            return Response(json.dumps([BOARD["A"]]), content_type="application/json")
        body = json.dumps({"jobs": [BOARD[k] for k in plan], "meta": {"total": len(plan)}})
        # Greenhouse sends an ETag: an unchanged board is answered 304, with no body.
        tag = f'"{hashlib.sha1(body.encode()).hexdigest()}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304, headers={"ETag": tag})
        return Response(body, content_type="application/json", headers={"ETag": tag})

    def rss(self, request: Request) -> Response:
        body = _rss(SCHEDULE[self.today]["rss"], self.today)
        return Response(body, content_type="application/rss+xml")

    def day(self, n: int) -> dict[str, dict[str, Any]]:
        """Run day n's fetch; every posting in the history afterwards, by title."""
        self.today = n
        self.monkeypatch.setenv("STAYREADY_NOW", DAYS[n])
        report = run_fetch(self.config, clock.now())
        assert not report.too_many_failed
        history = self.store.load()
        assert history.problems == []
        return {p.title: p.to_dict() for p in history.postings.values()}

    def figures(self) -> tuple[dict[str, tuple[int, float | None]], list[Lifetimes]]:
        """The trends report's lifetimes: per company (count, median days) and per area."""
        report = compute_trends(self.store.iter_postings(), now=clock.now(), min_count=2)
        per_company = {c.company: (c.lifetimes, c.lifetime_median_days) for c in report.companies}
        return per_company, report.lifetimes

    def health(self, name: str) -> FeedState:
        return next(st for st in self.store.feed_states().values() if st.name == name)


@pytest.fixture
def week(project: Path, httpserver, monkeypatch: pytest.MonkeyPatch) -> Week:
    path = write_config(
        project,
        f"""\
fetch:
  retries: 0
feeds:
  - name: Northwind Robotics
    kind: greenhouse
    board: northwind
    url: {httpserver.url_for("/boards/northwind/jobs")}
    area: Berlin
  - name: Berlin jobs
    url: {httpserver.url_for("/berlin.rss")}
    area: Berlin
""",
    )
    replay = Week(load_config(path), monkeypatch)
    httpserver.expect_request("/boards/northwind/jobs").respond_with_handler(replay.board)
    httpserver.expect_request("/berlin.rss").respond_with_handler(replay.rss)
    return replay


def _days(start: str, end: str) -> float:
    return (parse_instant(end) - parse_instant(start)).total_seconds() / 86400


def test_a_week_of_board_history(week: Week) -> None:
    first = week.day(1)
    board = {t: p for t, p in first.items() if p["feed"] == "Northwind Robotics"}
    rss = {t: p for t, p in first.items() if p["feed"] == "Berlin jobs"}
    assert sorted(board) == [
        "Data Engineer", "Field Technician", "Office Manager", "Robotics Engineer",
    ]  # fmt: skip
    assert sorted(rss) == ["X Role", "Y Role"]
    assert all(p["closed"] is None and p["first_seen"] == DAYS[1] for p in first.values())

    # Day 2: C and D left the board, so they closed; X only scrolled off the RSS list.
    second = week.day(2)
    c = second["Field Technician"]
    assert (c["closed"], c["last_seen"]) == (DAYS[2], DAYS[1])
    assert _days(c["first_seen"], c["closed"]) == 1
    x = second["X Role"]
    assert (x["closed"], x["last_seen"]) == (None, DAYS[1])
    assert second["Data Engineer"]["closed"] is None
    assert second["Office Manager"]["closed"] == DAYS[2]
    # The figures count from the board's own first_published to the closing:
    # C from Feb 20 to Mar 3 (11 days), D from Feb 24 to Mar 3 (7 days).
    per_company, _ = week.figures()
    assert per_company["Northwind Robotics"] == (2, 9.0)
    assert per_company["Harbor Clinic"] == (0, None)  # an RSS feed never closes a posting

    # Days 3 to 5: the board fails three ways: nothing closes, nothing moves.
    for n in (3, 4, 5):
        during = week.day(n)
        assert during["Robotics Engineer"]["closed"] is None
        assert during["Data Engineer"]["closed"] is None
        assert during["Data Engineer"]["last_seen"] == DAYS[2]  # the last success
        assert during["Field Technician"]["closed"] == DAYS[2]
        failing = week.health("Northwind Robotics")
        assert failing.ok is False and FAILURES[n] in (failing.last_error or "")

    # Day 6: B is missing from a board that answered: closed now, last seen on day 2.
    sixth = week.day(6)
    assert week.health("Northwind Robotics").ok is True
    b = sixth["Data Engineer"]
    assert (b["closed"], b["last_seen"]) == (DAYS[6], DAYS[2])
    assert _days(b["first_seen"], b["closed"]) == 5
    assert sixth["Robotics Engineer"]["closed"] is None
    assert sixth["Robotics Engineer"]["last_seen"] == DAYS[6]
    # Y scrolled off on day 4: gone from the list, never closed.
    assert (sixth["Y Role"]["closed"], sixth["Y Role"]["last_seen"]) == (None, DAYS[3])

    # Day 7: C is listed again under the same id: open, seen today, first seen on day 1.
    seventh = week.day(7)
    c = seventh["Field Technician"]
    assert (c["closed"], c["last_seen"], c["first_seen"]) == (None, DAYS[7], DAYS[1])
    assert seventh["Data Engineer"]["closed"] == DAYS[6]
    assert [t for t, p in seventh.items() if p["feed"] == "Berlin jobs" and p["closed"]] == []

    # Day 8: the board answers 304 Not Modified: everything stays open and is seen today.
    eighth = week.day(8)
    assert week.health("Northwind Robotics").http_status == 304
    for title in ("Robotics Engineer", "Field Technician"):
        assert (eighth[title]["closed"], eighth[title]["last_seen"]) == (None, DAYS[8])
    assert eighth["Data Engineer"]["closed"] == DAYS[6]

    # C reopened, so it no longer counts: D's 7 days and B's 15 (Feb 20 to Mar 7).
    per_company, by_area = week.figures()
    assert per_company["Northwind Robotics"] == (2, 11.0)
    assert per_company["Harbor Clinic"] == (0, None)
    assert [(a.area, a.count, a.median_days) for a in by_area] == [(None, 2, 11.0),
                                                                  ("Berlin", 2, 11.0)]  # fmt: skip
