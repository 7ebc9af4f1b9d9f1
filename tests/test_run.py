"""A whole fetch run against feeds on a loopback server: history, failures, duplicates, closing."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aggregator.run import UNCOMMITTED, run_fetch
from aggregator.store import Store
from foundation.clock import iso
from foundation.config import Config, load_config
from tests.conftest import write_config

T1 = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
T2 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
T3 = datetime(2026, 3, 3, 6, 0, tzinfo=UTC)
S1, S2, S3 = "2026-03-01T06:00:00Z", "2026-03-02T06:00:00Z", "2026-03-03T06:00:00Z"


class Feeds:
    """A loopback job-board host: RSS and Greenhouse-shaped feeds with ETags and 304s."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.bodies: dict[str, bytes] = {}
        self.status: dict[str, int] = {}
        self.hang: dict[str, threading.Event] = {}
        self.redirect: dict[str, str] = {}  # path -> new path, 301
        self.full_bodies = 0  # 200 responses sent
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        path = request.path
        if path in self.hang:
            self.hang[path].wait(30)
        if path in self.redirect:
            return Response(status=301, headers={"Location": self.redirect[path]})
        if path in self.status:
            return Response("broken", status=self.status[path])
        body = self.bodies.get(path)
        if body is None:
            return Response("not found", status=404)
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        self.full_bodies += 1
        kind = "application/json" if path.endswith(".json") else "application/rss+xml"
        return Response(body, content_type=kind, headers={"ETag": etag})

    def rss(self, path: str, jobs: list[tuple[str, ...]]) -> str:
        """jobs: (guid, role, company, place[, description])."""
        items = "".join(
            f"<item><title>{escape(f'{j[1]} at {j[2]} ({j[3]})')}</title>"
            f"<link>https://jobs.example/{j[0]}?utm_source=feed</link><guid>{j[0]}</guid>"
            f"<description>{escape(j[4] if len(j) > 4 else 'Join us. 3+ years of Python.')}"
            "</description></item>"
            for j in jobs
        )
        self.bodies[path] = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title>'
            f"<link>https://jobs.example/</link><description>d</description>{items}"
            "</channel></rss>"
        ).encode()
        return self.server.url_for(path)

    def greenhouse(self, path: str, jobs: list[tuple[int, str]]) -> str:
        data = {
            "jobs": [
                {
                    "id": i,
                    "title": t,
                    "absolute_url": f"https://acme.example/{i}",
                    "location": {"name": "Berlin"},
                    "content": "&lt;p&gt;Go&lt;/p&gt;",
                    "company_name": "Acme",
                }
                for i, t in jobs
            ]
        }
        self.bodies[path] = json.dumps(data).encode()
        return self.server.url_for(path)


@pytest.fixture
def feeds(loopback_server: HTTPServer) -> Iterator[Feeds]:
    host = Feeds(loopback_server)
    yield host
    for event in host.hang.values():
        event.set()
    loopback_server.clear()


def configure(folder: Path, feeds: list[dict], extra: str = "") -> Config:
    lines = ["fetch: {retries: 0, connect_timeout: 2, read_timeout: 2}", "feeds:"]
    for f in feeds:
        lines.append("  - " + json.dumps(f))
    return load_config(write_config(folder, "\n".join(lines) + "\n" + extra))


def by_title(config: Config) -> dict[str, object]:
    return {p.title: p for p in Store(config.data_dir).load().postings.values()}


def test_two_nights_first_seen_last_seen_and_304(project: Path, feeds: Feeds) -> None:
    url = feeds.rss(
        "/a.rss",
        [("1", "Staff Nurse", "Mercy", "Austin, TX"), ("2", "Welder", "Steelworks", "Gary, IN")],
    )
    config = configure(project, [{"name": "Jobs A", "url": url, "area": "Midwest"}])
    first = run_fetch(config, T1)
    assert [(f.outcome, f.new) for f in first.feeds] == [("fetched", 2)]
    assert sorted(p.title for p in first.new_postings) == ["Staff Nurse", "Welder"]
    second = run_fetch(config, T2)
    assert [(f.outcome, f.new, f.unchanged) for f in second.feeds] == [("not_modified", 0, 2)]
    assert feeds.full_bodies == 1  # the second night downloaded no body
    nurse = by_title(config)["Staff Nurse"]
    assert (nurse.first_seen, nurse.last_seen) == (S1, S2)
    assert (nurse.company, nurse.location, nurse.area) == ("Mercy", "Austin, TX", "Midwest")
    assert nurse.url == "https://jobs.example/1"  # tracking parameter gone
    state = Store(config.data_dir).feed_states()["jobs-a"]
    assert (state.ok, state.last_success, state.http_status, state.items) == (True, S2, 304, 2)


def test_changes_are_new_updated_and_left_with_the_right_dates(project: Path, feeds) -> None:
    url = feeds.rss(
        "/a.rss",
        [
            ("1", "Nurse", "Mercy", "Austin"),
            ("2", "Welder", "Steel", "Gary"),
            ("3", "Baker", "Bread Co", "Reno"),
        ],
    )
    config = configure(project, [{"name": "A", "url": url}])
    run_fetch(config, T1)
    run_fetch(config, T2)
    feeds.rss(
        "/a.rss",
        [
            ("1", "Head Nurse", "Mercy", "Austin"),
            ("3", "Baker", "Bread Co", "Reno"),
            ("4", "Driver", "Trucks", "Reno"),
        ],
    )
    report = run_fetch(config, T3)
    fr = report.feeds[0]
    assert (fr.new, fr.updated, fr.unchanged, fr.left) == (1, 1, 1, 1)
    assert fr.summary() == "new 1, updated 1, unchanged 1, left 1"
    postings = by_title(config)
    assert (postings["Head Nurse"].first_seen, postings["Head Nurse"].last_seen) == (S1, S3)
    welder = postings["Welder"]
    assert (welder.last_seen, welder.closed) == (S2, None)  # a latest-N feed never closes
    assert (postings["Driver"].first_seen, postings["Driver"].last_seen) == (S3, S3)
    month = (config.data_dir / "postings/2026-03.jsonl").read_text().splitlines()
    assert len(month) == 1 + 4  # header + one line per posting, never rewritten
    events = [json.loads(x) for x in (config.data_dir / "events/2026-03.jsonl").open()][1:]
    assert [e["event"] for e in events] == ["updated", "gone"]
    assert events[0]["changes"] == {"title": "Head Nurse"}


def test_whole_board_feeds_close_postings_that_leave(project: Path, feeds: Feeds) -> None:
    url = feeds.greenhouse("/acme.json", [(1, "Engineer"), (2, "Designer")])
    config = configure(
        project, [{"name": "Acme", "kind": "greenhouse", "board": "acme", "url": url}]
    )
    run_fetch(config, T1)
    feeds.greenhouse("/acme.json", [(1, "Engineer")])
    run_fetch(config, T2)
    designer = by_title(config)["Designer"]
    assert (designer.last_seen, designer.closed) == (S1, S2)
    feeds.greenhouse("/acme.json", [(1, "Engineer"), (2, "Designer")])  # reopened
    report = run_fetch(config, T3)
    assert (report.feeds[0].new, report.feeds[0].back) == (0, 1)
    designer = by_title(config)["Designer"]
    assert (designer.first_seen, designer.last_seen, designer.closed) == (S1, S3, None)
    month = (config.data_dir / "postings/2026-03.jsonl").read_text().splitlines()
    assert len(month) == 1 + 2  # back, not written twice


def three_feeds(project: Path, feeds: Feeds) -> Config:
    """Feeds A, B and C with one posting each: a Nurse, a Welder and a Baker."""
    a = feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin")])
    b = feeds.rss("/b.rss", [("2", "Welder", "Steel", "Gary")])
    c = feeds.rss("/c.rss", [("3", "Baker", "Bread", "Reno")])
    return configure(
        project, [{"name": "A", "url": a}, {"name": "B", "url": b}, {"name": "C", "url": c}]
    )


def test_a_failing_feed_changes_nothing_of_its_postings(project: Path, feeds: Feeds) -> None:
    config = three_feeds(project, feeds)
    run_fetch(config, T1)
    feeds.status["/b.rss"] = 500
    feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin"), ("4", "Cook", "Diner", "Austin")])
    report = run_fetch(config, T2)
    assert report.too_many_failed is False
    assert [f.name for f in report.failed_feeds] == ["B"]
    assert report.failed_feeds[0].summary().startswith("failed: HTTP 500")
    postings = by_title(config)
    assert (postings["Welder"].last_seen, postings["Welder"].closed) == (S1, None)
    assert postings["Cook"].first_seen == S2 and postings["Nurse"].last_seen == S2
    state = Store(config.data_dir).feed_states()["b"]
    assert (state.ok, state.consecutive_failures, state.last_success) == (False, 1, S1)
    assert state.live_ids == [postings["Welder"].id] and state.next_attempt > S2


@pytest.mark.parametrize(
    ("broken", "says"),
    [
        (b'<?xml version="1.0"?><rss><channel><item><title>Half', "not valid XML"),
        (b"", "empty"),
        (b"<!doctype html><html><body><h1>Jobs</h1></body></html>", "HTML page"),
    ],
)
def test_a_feed_that_sends_junk_fails_and_keeps_its_postings(
    project: Path, feeds: Feeds, broken: bytes, says: str
) -> None:
    # Broken XML, an empty body or a web page where the feed was, over loopback: the
    # feed fails with words that say which, and what it listed before stays as it was.
    config = three_feeds(project, feeds)
    run_fetch(config, T1)
    before = {p: p.read_bytes() for p in (config.data_dir / "postings").rglob("*.jsonl")}
    feeds.bodies["/b.rss"] = broken
    report = run_fetch(config, T2)
    assert [f.name for f in report.failed_feeds] == ["B"]
    assert says.lower() in report.failed_feeds[0].summary().lower()
    assert {p: p.read_bytes() for p in (config.data_dir / "postings").rglob("*.jsonl")} == before
    welder = by_title(config)["Welder"]
    assert (welder.last_seen, welder.closed) == (S1, None)


def test_more_than_half_failing_still_stores_what_the_good_feeds_brought(
    project: Path, feeds: Feeds
) -> None:
    config = three_feeds(project, feeds)
    run_fetch(config, T1)
    feeds.status["/b.rss"] = feeds.status["/c.rss"] = 503
    feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin"), ("4", "Cook", "Diner", "Austin")])
    report = run_fetch(config, T2)
    assert report.too_many_failed and len(report.failed_feeds) == 2
    assert [p.title for p in report.new_postings] == ["Cook"]
    assert report.feeds[0].summary() == "new 1, updated 0, unchanged 1"
    states = Store(config.data_dir).feed_states()
    assert states["a"].last_success == S2  # the one that worked is stored
    assert states["b"].consecutive_failures == 1 and states["b"].live_ids  # kept open
    assert not (config.cache_dir / UNCOMMITTED).exists()
    assert "HTTP 503" in report.failure_causes()[0] and "2 x" in report.failure_causes()[0]


def test_filters_and_cross_feed_duplicates(project: Path, feeds: Feeds) -> None:
    a = feeds.rss(
        "/a.rss",
        [("1", "Data Analyst", "Acme", "Austin, TX"), ("2", "Sales Intern", "Acme", "Austin, TX")],
    )
    b = feeds.rss(
        "/b.rss",
        [("x", "Data Analyst", "ACME", "Austin, TX"), ("y", "Nurse", "Mercy", "Austin, TX")],
    )
    config = configure(
        project,
        [{"name": "A", "url": a}, {"name": "B", "url": b, "filters": {"keep": ["analyst"]}}],
        "filters:\n  block:\n    - title: intern\n",
    )
    run_fetch(config, T1)
    postings = Store(config.data_dir).load().postings
    assert sorted((p.feed_id, p.title) for p in postings.values()) == [
        ("a", "Data Analyst"),
        ("b", "Data Analyst"),
    ]
    original = next(p for p in postings.values() if p.feed_id == "a")
    copy = next(p for p in postings.values() if p.feed_id == "b")
    assert (original.duplicate_of, copy.duplicate_of) == (None, original.id)


def test_the_same_link_on_two_feeds_without_a_company_is_a_duplicate(
    project: Path, feeds: Feeds
) -> None:
    item = ("<item><title>Night Nurse</title><guid>g1</guid>"
            "<link>https://jobs.example/42?utm_source=a</link></item>")  # fmt: skip
    other = (
        "<item><title>Night Nurse</title><guid>g2</guid><link>https://jobs.example/43</link></item>"
    )
    for path, items in (("/a.rss", item), ("/b.rss", item + other)):
        feeds.bodies[path] = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title>'
            f"<link>https://jobs.example/</link><description>d</description>{items}"
            "</channel></rss>"
        ).encode()
    config = configure(project, [{"name": "A", "url": feeds.server.url_for("/a.rss")},
                                 {"name": "B", "url": feeds.server.url_for("/b.rss")}])  # fmt: skip
    run_fetch(config, T1)
    postings = Store(config.data_dir).load().postings.values()
    by = {(p.feed_id, p.url): p for p in postings}
    assert all(not p.company for p in postings)
    first = by[("a", "https://jobs.example/42")]
    assert by[("b", "https://jobs.example/42")].duplicate_of == first.id
    # Alike titles with different links stay apart: without a company they say nothing.
    assert by[("b", "https://jobs.example/43")].duplicate_of is None


def test_an_empty_board_closes_jobs_only_when_seen_twice(project: Path, feeds: Feeds) -> None:
    url = feeds.greenhouse("/acme.json", [(1, "Engineer"), (2, "Designer")])
    config = configure(project, [{"name": "Acme", "kind": "greenhouse", "url": url}])
    run_fetch(config, T1)
    feeds.greenhouse("/acme.json", [])  # an API glitch, or a company with no openings
    first = run_fetch(config, T2)
    assert first.feeds[0].error.startswith("the board listed no jobs at all (it had 2)")
    assert {t: p.closed for t, p in by_title(config).items()} == {
        "Engineer": None,
        "Designer": None,
    }
    run_fetch(config, T3)  # empty again: now it is believed
    assert {t: p.closed for t, p in by_title(config).items()} == {"Engineer": S3, "Designer": S3}


def test_a_run_killed_while_fetching_is_completed_by_the_next(project: Path, feeds) -> None:
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO

    a = feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin")])
    b = feeds.rss("/b.rss", [("2", "Welder", "Steel", "Gary")])
    config = configure(project, [{"name": "A", "url": a}, {"name": "B", "url": b}])
    run_fetch(config, T1)
    feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin"), ("4", "Cook", "Diner", "Austin")])
    feeds.hang["/b.rss"] = threading.Event()
    served = feeds.full_bodies
    env = {**os.environ, "PYTHONPATH": str(REPO), "STAYREADY_NOW": S2}
    child = subprocess.Popen(
        [sys.executable, "-m", "stayready", "fetch", "-q"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while feeds.full_bodies == served or not _cached(config, a, feeds.bodies["/a.rss"]):
            assert child.poll() is None  # wait until A's new body is in the child's cache
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    feeds.hang.pop("/b.rss").set()
    assert (config.cache_dir / UNCOMMITTED).exists()
    assert "Cook" not in by_title(config)
    report = run_fetch(config, T3)
    assert [p.title for p in report.new_postings] == ["Cook"]


def _cached(config: Config, url: str, body: bytes) -> bool:
    import sqlite3

    import requests_cache

    from aggregator.fetch import CACHE_FILE

    try:
        backend = requests_cache.SQLiteCache(config.cache_dir / CACHE_FILE)
        try:
            return any(r.url == url and r.content == body for r in backend.responses.values())
        finally:
            backend.close()
    except sqlite3.OperationalError:  # the child is writing it right now
        return False


def test_redirect_gone_and_backoff_are_reported(project: Path, feeds: Feeds) -> None:
    new_url = feeds.rss("/new.rss", [("1", "Nurse", "Mercy", "Austin")])
    feeds.redirect["/old.rss"] = "/new.rss"
    feeds.rss("/dead.rss", [("2", "Welder", "Steel", "Gary")])
    feeds.rss("/flaky.rss", [("3", "Baker", "Bread", "Reno")])
    config = configure(
        project,
        [
            {"name": "Moved", "url": feeds.server.url_for("/old.rss")},
            {"name": "Dead", "url": feeds.server.url_for("/dead.rss")},
            {"name": "Flaky", "url": feeds.server.url_for("/flaky.rss")},
            {"name": "Fine", "url": feeds.rss("/fine.rss", [("4", "Cook", "Diner", "Reno")])},
        ],
    )
    run_fetch(config, T1)
    feeds.status["/dead.rss"], feeds.status["/flaky.rss"] = 410, 500
    report = run_fetch(config, T2)
    moved, dead, flaky, _ = report.feeds
    assert moved.summary() == (
        "new 0, updated 0, unchanged 1 (not modified); "
        f"moved permanently to {new_url}: update stayready.yml"
    )
    assert dead.summary().startswith("gone: HTTP 410") and dead.summary().endswith(
        "remove it from stayready.yml"
    )
    states = Store(config.data_dir).feed_states()
    assert states["moved"].redirected_to == new_url
    assert states["dead"].gone and states["dead"].last_success == S1
    # An hour later the failing feeds wait out their backoff: no request, still failing.
    asked = len(feeds.server.log)
    later = run_fetch(config, datetime(2026, 3, 2, 6, 30, tzinfo=UTC))
    outcomes = [f.outcome for f in later.feeds]
    assert outcomes == ["not_modified", "deferred", "deferred", "not_modified"]
    assert later.feeds[2].summary().startswith("skipped: failing, next try after 2026-03-02T07:")
    assert [f.name for f in later.failed_feeds] == ["Dead", "Flaky"]
    assert not any(r.path in ("/dead.rss", "/flaky.rss") for r, _ in feeds.server.log[asked:])
    # Naming a feed (`stayready fetch --feed flaky`) asks it now, backoff or not.
    feeds.status.pop("/flaky.rss")
    named = run_fetch(config, datetime(2026, 3, 2, 6, 40, tzinfo=UTC), only=["flaky"])
    assert [(f.name, f.outcome, f.error) for f in named.feeds] == [
        ("Flaky", "fetched", None)  # after a failure a 304 is parsed again, never trusted
    ]
    assert Store(config.data_dir).feed_states()["flaky"].ok is True


def test_a_damaged_index_or_lost_seen_file_is_rebuilt(project: Path, feeds: Feeds) -> None:
    url = feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin"), ("2", "Welder", "Steel", "Gary")])
    config = configure(project, [{"name": "A", "url": url}])
    run_fetch(config, T1)
    index = config.data_dir / "index.jsonl"
    index.write_text(index.read_text()[:-30])
    (config.data_dir / "seen" / "a.txt").unlink()
    feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin"), ("3", "Cook", "Diner", "Reno")])
    report = run_fetch(config, T2)
    assert [f"{p.file}: {p.message}" for p in report.problems] == [
        f"{index}: the live index was missing or damaged; rebuilt it from the whole history"
    ]
    fr = report.feeds[0]
    assert (fr.new, fr.updated, fr.unchanged, fr.left) == (1, 0, 1, 1)
    feeds.rss("/a.rss", [("1", "Nurse", "Mercy", "Austin"), ("2", "Welder", "Steel", "Gary")])
    report = run_fetch(config, T3)
    assert report.problems == []  # rebuilt once, then kept up to date
    fr = report.feeds[0]
    assert (fr.new, fr.back, fr.unchanged, fr.left) == (0, 1, 1, 1)
    assert sorted(by_title(config)) == ["Cook", "Nurse", "Welder"]
    assert len((config.data_dir / "postings/2026-03.jsonl").read_text().splitlines()) == 1 + 3


def test_a_new_filter_drops_postings_without_closing_them(project: Path, feeds: Feeds) -> None:
    url = feeds.greenhouse("/acme.json", [(1, "Engineer"), (2, "Designer")])
    board = {"name": "Acme", "kind": "greenhouse", "url": url}
    run_fetch(configure(project, [board]), T1)
    config = configure(project, [{**board, "filters": {"block": [{"title": "designer"}]}}])
    report = run_fetch(config, T2)
    assert (report.feeds[0].left, report.feeds[0].filtered) == (1, 1)
    designer = by_title(config)["Designer"]
    assert (designer.last_seen, designer.closed) == (S1, None)


NIGHT = st.dictionaries(st.sampled_from("abcdef"), st.sampled_from(["Nurse", "Welder", "Cook"]))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nights=st.lists(NIGHT, min_size=1, max_size=4), whole_board=st.booleans())
def test_replayed_nights_give_the_dates_a_person_expects(
    loopback_server: HTTPServer, nights: list[dict[str, str]], whole_board: bool
) -> None:
    """Whatever the feed shows night after night, each job is stored once, first seen the
    first night it was listed, last seen the last night it was, with its latest title."""
    host = Feeds(loopback_server)
    try:
        with tempfile.TemporaryDirectory() as folder:
            jobs = {g: n for n, g in enumerate("abcdef")}
            board = {"name": "Board", "kind": "greenhouse", "board": "x"} if whole_board else {}
            url = loopback_server.url_for("/board.json" if whole_board else "/feed.rss")
            config = configure(Path(folder), [{"name": "Board", **board, "url": url}])
            stamps = [T1 + timedelta(days=n) for n in range(len(nights))]
            for night, at in zip(nights, stamps, strict=True):
                if whole_board:
                    host.greenhouse("/board.json", [(jobs[g], t) for g, t in sorted(night.items())])
                else:
                    host.rss(
                        "/feed.rss", [(g, t, "Acme", "Reno") for g, t in sorted(night.items())]
                    )
                run_fetch(config, at)
            history = Store(config.data_dir).load()
            assert history.problems == []
            got = {(p.url.rsplit("/", 1)[-1]): p for p in history.postings.values()}
            expected_ids = {g for night in nights for g in night}
            assert set(got) == {str(jobs[g]) if whole_board else g for g in expected_ids}
            # A whole board that suddenly lists nothing is believed only on the second
            # empty night in a row; the night before counts as a failed fetch.
            believed, live, doubted = [], False, False
            for night in nights:
                doubt = whole_board and not night and live and not doubted
                believed.append(not doubt)
                doubted = doubt
                live = live if doubt else bool(night)
            for g in expected_ids:
                p = got[str(jobs[g]) if whole_board else g]
                present = [n for n, night in enumerate(nights) if g in night]
                assert p.first_seen == iso(stamps[present[0]])
                assert p.last_seen == iso(stamps[present[-1]])
                assert p.title == nights[present[-1]][g]
                after = [n for n in range(present[-1] + 1, len(nights)) if believed[n]]
                assert p.closed == (iso(stamps[after[0]]) if whole_board and after else None)
    finally:
        loopback_server.clear()


def test_a_nights_diff_is_proportional_to_what_changed(project: Path, feeds: Feeds) -> None:
    jobs = [(str(n), f"Role {n}", f"Company {n}", "Reno") for n in range(60)]
    url = feeds.rss("/a.rss", jobs)
    config = configure(project, [{"name": "A", "url": url}])
    run_fetch(config, T1)
    run_fetch(config, T2)  # every posting seen again: 304
    before = _snapshot(config.data_dir)
    feeds.rss("/a.rss", jobs[1:] + [("new", "Cook", "Diner", "Reno")])  # one left, one new
    run_fetch(config, T3)
    after = _snapshot(config.data_dir)
    changed = 0
    for name in before.keys() | after.keys():
        old, new = before.get(name, []), after.get(name, [])
        diff = difflib.unified_diff(old, new, n=0, lineterm="")
        changed += sum(1 for d in diff if d[:1] in "+-" and d[:3] not in ("+++", "---"))
    # new posting + seen id + gone event + index line in and out + live_ids in and out
    # + last_attempt/last_success/http_status in and out, and nothing of the other 59.
    assert changed <= 16, changed


def _snapshot(folder: Path) -> dict[str, list[str]]:
    return {
        str(p.relative_to(folder)): p.read_text().splitlines()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
