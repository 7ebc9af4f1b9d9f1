"""What a fetch does while its requests are in flight, and how its cache sessions open.

A warm night is mostly waiting: work the requests do not need is done during the wait,
and the HTTP cache's sessions open while the first requests are already out. Against a
real HTTP server on loopback; no mocks of the HTTP stack.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import aggregator.fetch as fetch_module
from aggregator import transport
from aggregator.fetch import fetch_all
from aggregator.models import FeedState, FetchResult
from aggregator.run import run_fetch
from aggregator.store import Store
from foundation.config import FeedConfig, FetchConfig, load_config
from tests.conftest import write_config

FEED = (Path(__file__).resolve().parent / "fixtures" / "fetch" / "jobs.rss").read_bytes()
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
SETTINGS = FetchConfig(connect_timeout=2, read_timeout=5, concurrency=4, retries=0)


class Held:
    """Feeds whose answers wait until `release` is set (3 s at most), counting arrivals;
    `in_time` says, for each answer, whether it was released rather than timed out."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.release = threading.Event()
        self.arrived = 0
        self.in_time: list[bool] = []
        self._lock = threading.Lock()
        self._all_here = threading.Condition(self._lock)

    def _handle(self, request: Request) -> Response:
        with self._lock:
            self.arrived += 1
            self._all_here.notify_all()
        released = self.release.wait(3)
        with self._lock:
            self.in_time.append(released)
        return Response(FEED, headers={"ETag": '"v1"'})

    def feeds(self, n: int) -> list[FeedConfig]:
        out = []
        for i in range(n):
            self.server.expect_request(f"/held{i}.rss").respond_with_handler(self._handle)
            url = self.server.url_for(f"/held{i}.rss")
            out.append(FeedConfig(id=f"f{i}", name=f"f{i}", url=url))
        return out

    def wait_for(self, n: int) -> int:
        """How many requests have arrived, waiting up to 3 s for `n` of them."""
        with self._all_here:
            self._all_here.wait_for(lambda: self.arrived >= n, timeout=3)
            return self.arrived


@pytest.fixture
def held(loopback_server: HTTPServer) -> Iterator[Held]:
    host = Held(loopback_server)
    yield host
    host.release.set()
    loopback_server.clear()


def _in_time(work, seconds: float = 20):  # type: ignore[no-untyped-def]
    """Run `work` in a thread; fail the test instead of hanging it."""
    box: list = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"still running after {seconds} s"
    return box[0]


# --- meanwhile ------------------------------------------------------------------------


def test_meanwhile_runs_while_the_answers_are_awaited(held, tmp_path):
    # The answers wait for meanwhile: had it run only after them, every feed would have
    # waited out the 3 s hold, and meanwhile would find the answers given.
    feeds = held.feeds(4)
    calls: list[int] = []

    def meanwhile() -> None:
        calls.append(held.wait_for(4))  # every request reached the server on its own
        held.release.set()

    results = _in_time(lambda: fetch_all(feeds, {}, cache_dir=tmp_path, settings=SETTINGS,
                                         now=NOW, meanwhile=meanwhile))  # fmt: skip
    assert calls == [4]
    assert [r.outcome for r in results] == ["fetched"] * 4
    assert held.in_time == [True] * 4  # no answer waited out the hold


def test_meanwhile_waits_for_the_first_round_only(held, tmp_path):
    # Two at a time: the third and fourth requests leave only when an answer has come,
    # so meanwhile must not wait for them.
    feeds = held.feeds(4)
    calls: list[int] = []

    def meanwhile() -> None:
        calls.append(held.wait_for(2))
        held.release.set()

    results = _in_time(lambda: fetch_all(
        feeds, {}, cache_dir=tmp_path, settings=FetchConfig(read_timeout=5, concurrency=2,
        retries=0), now=NOW, meanwhile=meanwhile))  # fmt: skip
    assert calls == [2]
    assert [r.outcome for r in results] == ["fetched"] * 4


def test_meanwhile_runs_once_when_no_feed_is_due(tmp_path):
    feed = FeedConfig(id="a", name="a", url="http://127.0.0.1:9/a.rss")
    later = {"a": FeedState("a", "a", feed.url, next_attempt="2026-03-03T06:00:00Z")}
    calls: list[str] = []
    results = fetch_all([feed], later, cache_dir=tmp_path, settings=SETTINGS, now=NOW,
                        meanwhile=lambda: calls.append("ran"))  # fmt: skip
    assert calls == ["ran"]
    assert [r.outcome for r in results] == ["deferred"]
    assert not (tmp_path / transport.CACHE_FILE).exists()  # no request, no cache


def test_meanwhile_runs_when_a_request_never_leaves(held, tmp_path):
    # A broken URL fails before anything is sent; the run must not wait for it forever.
    feeds = [FeedConfig(id="bad", name="bad", url="http://"), *held.feeds(1)]
    calls: list[str] = []

    def meanwhile() -> None:
        calls.append("ran")
        held.release.set()

    results = _in_time(lambda: fetch_all(feeds, {}, cache_dir=tmp_path, settings=SETTINGS,
                                         now=NOW, meanwhile=meanwhile))  # fmt: skip
    assert calls == ["ran"]
    assert [r.outcome for r in results] == ["failed", "fetched"]


# --- cache sessions -------------------------------------------------------------------


def test_sessions_that_fail_to_open_leave_the_feeds_to_the_ones_open(held, tmp_path, monkeypatch):
    # The first session opens; the others fail (a full disk, say). Every feed is still
    # fetched, one after another through the session that did open.
    real = transport._cached_session
    opened: list[int] = []

    def first_only(path, settings):  # type: ignore[no-untyped-def]
        opened.append(1)
        if len(opened) > 1:
            raise sqlite3.OperationalError("disk I/O error")
        return real(path, settings)

    monkeypatch.setattr(transport, "_cached_session", first_only)
    held.release.set()
    problems: list = []
    results = _in_time(lambda: fetch_all(held.feeds(4), {}, cache_dir=tmp_path, now=NOW,
                                         settings=SETTINGS, problems=problems))  # fmt: skip
    assert [r.outcome for r in results] == ["fetched"] * 4
    assert len(opened) == 2  # the helper stopped at its first failure
    # Said, not swallowed: the run prints it as a warning.
    assert [p.message for p in problems] == [
        "only 1 of 4 HTTP cache sessions opened (disk I/O error), so feeds were fetched "
        "fewer at a time"
    ]


def test_a_cache_that_cannot_be_opened_at_all_stops_the_fetch(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    feed = FeedConfig(id="a", name="a", url="http://127.0.0.1:9/a.rss")
    with pytest.raises(Exception, match="cannot open the HTTP cache"):
        fetch_all([feed], {}, cache_dir=blocker, settings=SETTINGS, now=NOW)


def test_a_second_warm_fetch_sends_every_request_conditionally(held, tmp_path):
    # Sessions opened by the helper thread share the cache the first one set up.
    feeds = held.feeds(4)
    held.release.set()
    first = fetch_all(feeds, {}, cache_dir=tmp_path, settings=SETTINGS, now=NOW)
    assert [r.outcome for r in first] == ["fetched"] * 4
    asked: list[str | None] = []

    def conditional(request: Request) -> Response:
        asked.append(request.headers.get("If-None-Match"))
        return Response(status=304, headers={"ETag": '"v1"'})

    held.server.clear()
    for i in range(4):
        held.server.expect_request(f"/held{i}.rss").respond_with_handler(conditional)
    fine = {f.id: FeedState(f.id, f.name, f.url, ok=True, last_success="2026-03-01T06:00:00Z")
            for f in feeds}  # fmt: skip
    second = fetch_all(feeds, fine, cache_dir=tmp_path, settings=SETTINGS, now=NOW)
    assert [r.outcome for r in second] == ["not_modified"] * 4
    assert asked == ['"v1"'] * 4


# --- the run --------------------------------------------------------------------------


def test_a_run_reads_its_live_index_while_the_answers_are_awaited(held, project, monkeypatch):
    # Reading the index waits for the requests to reach the server: read before they
    # leave (the old order), it would wait in vain and the answers would be held 3 s.
    feeds = held.feeds(3)
    config = load_config(write_config(project, "fetch: {retries: 0, read_timeout: 5}\nfeeds:\n"
                                      + "".join(f"  - {{name: {f.name}, url: '{f.url}'}}\n"
                                                for f in feeds)))  # fmt: skip
    real = Store.read_index
    seen: list[int] = []

    def read_index(self):  # type: ignore[no-untyped-def]
        seen.append(held.wait_for(3))
        held.release.set()
        return real(self)

    monkeypatch.setattr(Store, "read_index", read_index)
    report = _in_time(lambda: run_fetch(config, NOW))
    assert seen == [3]
    assert held.in_time == [True] * 3
    assert [f.outcome for f in report.feeds] == ["fetched"] * 3
    assert len(report.new_postings) > 0


def test_a_run_whose_fetch_skips_meanwhile_still_reads_its_index(project, monkeypatch):
    # The ingest benchmark hands the run bodies without fetching; the run still works.
    # fetch_all is replaced here on purpose, as the benchmark does: this is about the
    # run's order of work, and fetching itself is tested over loopback above.
    config = load_config(write_config(project, "feeds:\n  - {name: Jobs, url: "
                                      "'http://127.0.0.1:9/jobs.rss'}\n"))  # fmt: skip

    def fetched(feeds, states, **_kw):  # type: ignore[no-untyped-def]
        rss = {"content-type": "application/rss+xml"}
        return [FetchResult(f.id, "fetched", status=200, body=FEED, headers=rss) for f in feeds]

    monkeypatch.setattr(fetch_module, "fetch_all", fetched)
    first = run_fetch(config, NOW)
    again = run_fetch(config, NOW)
    assert len(first.new_postings) > 0 and not again.new_postings
    assert [f.outcome for f in again.feeds] == ["fetched"]
