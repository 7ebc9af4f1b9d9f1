"""The fetch layer against a real HTTP server on loopback: no mocks of the HTTP stack."""

from __future__ import annotations

import dataclasses
import gzip
import socket
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aggregator.fetch import (
    CACHE_FILE,
    USER_AGENT,
    fetch_all,
    next_attempt_after,
    retry_after_seconds,
)
from aggregator.models import FeedState, FetchResult
from foundation.clock import iso
from foundation.config import FeedConfig, FetchConfig

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fetch"
FEED = (FIXTURES / "jobs.rss").read_bytes()
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
# Generous timeouts so a busy CI machine does not fail a test; the slow-feed test sets
# its own short one.
SETTINGS = FetchConfig(
    connect_timeout=2, read_timeout=2, max_bytes=64 * 1024, concurrency=4, retries=1
)
ETAG = '"jobs-v1"'
LAST_MODIFIED = "Sun, 01 Mar 2026 14:05:00 GMT"


@pytest.fixture
def server(loopback_server: HTTPServer) -> Iterator[HTTPServer]:
    yield loopback_server
    loopback_server.clear()


def feed(server: HTTPServer, path: str, feed_id: str | None = None) -> FeedConfig:
    name = feed_id or path.strip("/")
    return FeedConfig(id=name, name=name, url=server.url_for(path))


def run(feeds: list[FeedConfig], cache: Path, states=None, **settings) -> list[FetchResult]:
    config = dataclasses.replace(SETTINGS, **settings)
    return fetch_all(feeds, states or {}, cache_dir=cache, settings=config, now=NOW)


def succeeded(*feeds: FeedConfig) -> dict[str, FeedState]:
    """The state the pipeline keeps after a successful parse."""
    return {
        f.id: FeedState(feed_id=f.id, name=f.name, url=f.url, ok=True, last_success=iso(NOW))
        for f in feeds
    }


def conditional(request: Request) -> Response:
    """A well-behaved feed server: ETag and Last-Modified, 304 when nothing changed."""
    if request.headers.get("If-None-Match") == ETAG:
        return Response(status=304, headers={"ETag": ETAG})
    headers = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
    return Response(FEED, content_type="application/rss+xml", headers=headers)


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [req for req, _ in server.log if req.path == path]


def cached_urls(cache: Path) -> list[str]:
    """The URLs the HTTP cache in `cache` holds a response for."""
    import requests_cache

    backend = requests_cache.SQLiteCache(cache / CACHE_FILE)
    try:
        return sorted(r.url for r in backend.responses.values())
    finally:
        backend.close()


# --- revalidation -------------------------------------------------------------------


def test_second_run_revalidates_and_downloads_no_body(server, tmp_path):
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    jobs = feed(server, "/jobs.rss", "jobs")

    [first] = run([jobs], tmp_path)
    assert first.outcome == "fetched"
    assert first.status == 200
    assert first.body == FEED
    assert first.bytes_downloaded == len(FEED)
    assert first.headers["content-type"].startswith("application/rss+xml")
    assert first.headers["etag"] == ETAG
    assert first.final_url == jobs.url
    assert first.elapsed > 0

    [second] = run([jobs], tmp_path, succeeded(jobs))
    assert second.outcome == "not_modified"
    assert second.status == 304
    assert second.body is None
    assert second.bytes_downloaded == 0

    [_, again] = requests_to(server, "/jobs.rss")
    assert again.headers["If-None-Match"] == ETAG
    assert again.headers["If-Modified-Since"] == LAST_MODIFIED
    assert [resp.status_code for _, resp in server.log] == [200, 304]


def test_every_request_names_the_project(server, tmp_path):
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    run([feed(server, "/jobs.rss")], tmp_path)
    [request] = requests_to(server, "/jobs.rss")
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("StayReady/")


def test_changed_feed_is_fetched_again(server, tmp_path):
    versions = iter([(b"<rss>one</rss>", '"1"'), (b"<rss>two</rss>", '"2"')])

    def changing(request: Request) -> Response:
        body, etag = next(versions)
        return Response(body, headers={"ETag": etag})

    server.expect_request("/jobs.rss").respond_with_handler(changing)
    jobs = feed(server, "/jobs.rss")
    run([jobs], tmp_path)
    [second] = run([jobs], tmp_path, succeeded(jobs))
    assert (second.outcome, second.body) == ("fetched", b"<rss>two</rss>")
    assert requests_to(server, "/jobs.rss")[1].headers["If-None-Match"] == '"1"'


def test_a_feed_never_parsed_gets_the_body_even_when_its_url_is_cached(server, tmp_path):
    # The cache is keyed by URL; a second feed with the same address must still be parsed.
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    old = feed(server, "/jobs.rss", "old")
    new = feed(server, "/jobs.rss", "new")
    run([old], tmp_path)
    old_result, new_result = run([old, new], tmp_path, succeeded(old))
    assert old_result.outcome == "not_modified"
    assert (new_result.outcome, new_result.body, new_result.bytes_downloaded) == (
        "fetched",
        FEED,
        0,
    )
    assert new_result.status == 304


def test_a_feed_that_failed_last_time_gets_its_cached_body_again(server, tmp_path):
    # Say the body did not parse last night: a 304 must not turn that into "fine".
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    jobs = feed(server, "/jobs.rss", "jobs")
    run([jobs], tmp_path)
    state = succeeded(jobs)
    state["jobs"].ok = False
    [result] = run([jobs], tmp_path, state)
    assert (result.outcome, result.body, result.bytes_downloaded) == ("fetched", FEED, 0)
    assert requests_to(server, "/jobs.rss")[1].headers["If-None-Match"] == ETAG


def test_a_feed_without_validators_is_downloaded_every_run(server, tmp_path):
    server.expect_request("/plain.rss").respond_with_data(FEED)
    plain = feed(server, "/plain.rss")
    run([plain], tmp_path)
    [second] = run([plain], tmp_path, succeeded(plain))
    assert (second.outcome, second.body) == ("fetched", FEED)
    assert len(requests_to(server, "/plain.rss")) == 2


# --- isolation and faults -----------------------------------------------------------


def test_a_slow_feed_times_out_while_the_others_succeed(server, tmp_path):
    release = threading.Event()
    calls = []

    def slow(request: Request) -> Response:
        calls.append(request)
        release.wait(10)  # far beyond the 0.5 s read timeout
        return Response(FEED)

    server.expect_request("/slow.rss").respond_with_handler(slow)
    server.expect_request("/a.rss").respond_with_handler(conditional)
    server.expect_request("/b.rss").respond_with_handler(conditional)
    try:
        feeds = [feed(server, p) for p in ("/a.rss", "/slow.rss", "/b.rss")]
        results = run(feeds, tmp_path, read_timeout=0.5)
    finally:
        release.set()
    assert [r.outcome for r in results] == ["fetched", "failed", "fetched"]
    assert "timed out" in results[1].error
    assert results[1].body is None
    # A read timeout is not retried inside the run: the feed is tried again next run.
    assert len(calls) == 1


def test_server_error_is_retried_then_reported(server, tmp_path):
    server.expect_request("/broken.rss").respond_with_data("oops", status=500)
    [result] = run([feed(server, "/broken.rss")], tmp_path, retries=2)
    assert result.outcome == "failed"
    assert result.status == 500
    assert result.error == "HTTP 500 Internal Server Error (after 3 attempts)"
    assert len(requests_to(server, "/broken.rss")) == 3


def test_429_with_retry_after_waits_then_succeeds(server, tmp_path):
    calls = []

    def limited(request: Request) -> Response:
        calls.append(request)
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "1"})
        return Response(FEED)

    server.expect_request("/busy.rss").respond_with_handler(limited)
    [result] = run([feed(server, "/busy.rss")], tmp_path)
    assert (result.outcome, result.body) == ("fetched", FEED)
    assert len(calls) == 2
    assert result.elapsed >= 0.9  # it waited as asked


def test_a_long_retry_after_is_left_to_a_later_run(server, tmp_path):
    server.expect_request("/busy.rss").respond_with_data(
        "slow down", status=503, headers={"Retry-After": "3600"}
    )
    [result] = run([feed(server, "/busy.rss")], tmp_path, retries=3)
    assert result.outcome == "failed"
    assert result.retry_after == 3600
    assert "3600 s" in result.error
    assert len(requests_to(server, "/busy.rss")) == 1
    later = next_attempt_after(1, NOW, max_backoff_hours=24, retry_after=result.retry_after)
    assert later == NOW + timedelta(hours=1)
    later = next_attempt_after(1, NOW, max_backoff_hours=24, retry_after=5 * 3600)
    assert later == NOW + timedelta(hours=5)


def test_retry_after_as_an_http_date():
    date = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    headers = {
        "Retry-After": format_datetime(date + timedelta(seconds=120), usegmt=True),
        "Date": format_datetime(date, usegmt=True),
    }
    assert retry_after_seconds(headers) == 120
    assert retry_after_seconds({"Retry-After": "7"}) == 7
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    assert retry_after_seconds({}) is None


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "streamed"])
def test_a_body_over_the_cap_fails_and_is_not_cached(server, tmp_path, announced):
    big = b"<rss>" + b"x" * 200_000 + b"</rss>"
    state = {"big": True}

    def handler(request: Request) -> Response:
        headers = {"ETag": '"big"'} if state["big"] else {"ETag": '"small"'}
        if not state["big"]:
            return Response(FEED, headers=headers)
        if announced:
            return Response(big, headers=headers)
        # Chunked, no Content-Length: the cap must be counted while reading.
        return Response((big[i : i + 8192] for i in range(0, len(big), 8192)), headers=headers)

    server.expect_request("/huge.rss").respond_with_handler(handler)
    huge = feed(server, "/huge.rss")
    [result] = run([huge], tmp_path)
    assert result.outcome == "failed"
    assert result.error.startswith("too large")
    assert "64.0 KB" in result.error
    assert result.status == 200
    assert result.body is None
    assert cached_urls(tmp_path) == []

    state["big"] = False
    [result] = run([huge], tmp_path)
    assert (result.outcome, result.body) == ("fetched", FEED)
    # Nothing of the big body was kept to revalidate against.
    assert "If-None-Match" not in requests_to(server, "/huge.rss")[1].headers
    assert cached_urls(tmp_path) == [huge.url]


def test_a_compressed_body_is_capped_by_its_unpacked_size(server, tmp_path):
    bomb = gzip.compress(b"\0" * 2_000_000)  # 2 MB of zeros in about 2 KB
    server.expect_request("/bomb.rss").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})
    [result] = run([feed(server, "/bomb.rss")], tmp_path)
    assert result.outcome == "failed"
    assert result.error.startswith("too large")


def test_a_failing_server_is_a_failure_even_with_a_cached_copy(server, tmp_path):
    answers = iter([conditional, lambda request: Response("down", status=503)])
    server.expect_request("/jobs.rss").respond_with_handler(lambda r: next(answers)(r))
    jobs = feed(server, "/jobs.rss")
    run([jobs], tmp_path)
    [result] = run([jobs], tmp_path, succeeded(jobs), retries=0)
    assert (result.outcome, result.status, result.body) == ("failed", 503, None)


def test_permanent_redirect_is_followed_and_reported(server, tmp_path):
    new_url = server.url_for("/new.rss")
    server.expect_request("/old.rss").respond_with_response(
        Response(status=301, headers={"Location": new_url})
    )
    server.expect_request("/new.rss").respond_with_handler(conditional)
    old = feed(server, "/old.rss")
    [result] = run([old], tmp_path)
    assert (result.outcome, result.body) == ("fetched", FEED)
    assert result.permanent_redirect == new_url
    assert result.final_url == new_url

    # Next run: still reported, and the revalidation goes through the redirect.
    [result] = run([old], tmp_path, succeeded(old))
    assert result.outcome == "not_modified"
    assert result.permanent_redirect == new_url


def test_temporary_redirect_is_followed_silently(server, tmp_path):
    server.expect_request("/today.rss").respond_with_response(
        Response(status=302, headers={"Location": server.url_for("/jobs.rss")})
    )
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    [result] = run([feed(server, "/today.rss")], tmp_path)
    assert (result.outcome, result.permanent_redirect) == ("fetched", None)
    assert result.final_url == server.url_for("/jobs.rss")


def test_410_marks_the_feed_gone(server, tmp_path):
    server.expect_request("/closed.rss").respond_with_data("", status=410)
    [result] = run([feed(server, "/closed.rss")], tmp_path)
    assert (result.outcome, result.status) == ("gone", 410)
    assert len(requests_to(server, "/closed.rss")) == 1


def test_404_fails_without_retrying(server, tmp_path):
    server.expect_request("/missing.rss").respond_with_data("", status=404)
    [result] = run([feed(server, "/missing.rss")], tmp_path, retries=3)
    assert (result.outcome, result.status, result.error) == ("failed", 404, "HTTP 404 Not Found")
    assert len(requests_to(server, "/missing.rss")) == 1


def test_connection_refused(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    nobody = FeedConfig(id="nobody", name="Nobody", url=f"http://127.0.0.1:{port}/jobs.rss")
    [result] = run([nobody], tmp_path)
    assert result.outcome == "failed"
    assert result.error == "connection refused (after 2 attempts)"
    assert result.status is None


def test_a_broken_url_is_a_failure_not_an_exception(tmp_path):
    [result] = run([FeedConfig(id="bad", name="Bad", url="http://")], tmp_path)
    assert result.outcome == "failed"
    assert result.error


def test_a_damaged_cache_file_costs_only_a_download(server, tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    [result] = run([feed(server, "/jobs.rss")], tmp_path)
    assert (result.outcome, result.body) == ("fetched", FEED)
    sqlite3.connect(tmp_path / CACHE_FILE).execute("select count(*) from responses").fetchone()


# --- scheduling ---------------------------------------------------------------------


def test_a_feed_in_backoff_is_deferred_without_a_request(server, tmp_path):
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    waiting = feed(server, "/jobs.rss", "waiting")
    state = FeedState(
        feed_id="waiting",
        name="waiting",
        url=waiting.url,
        consecutive_failures=3,
        last_attempt=iso(NOW - timedelta(hours=1)),
        next_attempt=iso(NOW + timedelta(hours=3)),
    )
    [result] = run([waiting], tmp_path, {"waiting": state})
    assert result.outcome == "deferred"
    assert server.log == []

    state.next_attempt = iso(NOW - timedelta(minutes=1))
    [result] = run([waiting], tmp_path, {"waiting": state})
    assert result.outcome == "fetched"


def test_a_nightly_run_that_starts_a_little_early_still_retries(server, tmp_path):
    server.expect_request("/jobs.rss").respond_with_handler(conditional)
    jobs = feed(server, "/jobs.rss", "jobs")
    state = FeedState(
        feed_id="jobs",
        name="jobs",
        url=jobs.url,
        consecutive_failures=6,
        last_attempt=iso(NOW - timedelta(hours=23, minutes=30)),
        next_attempt=iso(NOW + timedelta(minutes=30)),  # 24 h after the last attempt
    )
    [result] = run([jobs], tmp_path, {"jobs": state})
    assert result.outcome == "fetched"


def test_backoff_doubles_and_is_capped():
    def hours(failures: int, **kw) -> float:
        kw.setdefault("max_backoff_hours", 24)
        return (next_attempt_after(failures, NOW, **kw) - NOW).total_seconds() / 3600

    assert [hours(n) for n in range(1, 8)] == [1, 2, 4, 8, 16, 24, 24]
    assert hours(0) == 0
    assert hours(10_000) == 24  # never overflows, never gives up
    assert hours(3, max_backoff_hours=2) == 2
    assert hours(1, retry_after=3 * 3600) == 3
    assert hours(1, retry_after=10 * 24 * 3600) == 24  # a server's wish is capped too


# --- concurrency --------------------------------------------------------------------


def test_feeds_are_fetched_in_parallel(server, tmp_path):
    # Each answer waits until all requests are in flight at once: a serial fetcher
    # breaks the barrier (after its timeout) and every feed fails.
    n = 4
    barrier = threading.Barrier(n, timeout=3)

    def together(request: Request) -> Response:
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            return Response("not in parallel", status=409)
        return Response(FEED)

    feeds = []
    for i in range(n):
        server.expect_request(f"/f{i}.rss").respond_with_handler(together)
        feeds.append(feed(server, f"/f{i}.rss"))
    seen: list[str] = []
    results = fetch_all(
        feeds,
        {},
        cache_dir=tmp_path,
        settings=FetchConfig(read_timeout=5, concurrency=n, retries=0),
        now=NOW,
        progress=lambda f, r: seen.append(f.id),
    )
    assert [r.feed_id for r in results] == [f.id for f in feeds]
    assert [r.outcome for r in results] == ["fetched"] * n
    assert sorted(seen) == sorted(f.id for f in feeds)


def test_concurrency_setting_bounds_requests_in_flight(server, tmp_path):
    lock = threading.Lock()
    in_flight = [0, 0]  # now, most
    pairs = threading.Barrier(2, timeout=3)

    def counted(request: Request) -> Response:
        with lock:
            in_flight[0] += 1
            in_flight[1] = max(in_flight[1], in_flight[0])
        try:
            pairs.wait()  # two at a time meet here; a third would have to wait its turn
        finally:
            with lock:
                in_flight[0] -= 1
        return Response(FEED)

    feeds = []
    for i in range(4):
        server.expect_request(f"/c{i}.rss").respond_with_handler(counted)
        feeds.append(feed(server, f"/c{i}.rss"))
    results = run(feeds, tmp_path, concurrency=2, read_timeout=5, retries=0)
    assert [r.outcome for r in results] == ["fetched"] * 4
    assert in_flight[1] == 2
