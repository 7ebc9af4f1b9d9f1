"""The revalidation fast path (aggregator/revalidate.py) against requests-cache's own path.

A feed whose cached copy is a plain 200 is revalidated without requests-cache; every
answer a server can give must come out as requests-cache made it: the same FetchResult,
the same requests on the wire, the same cache afterwards. The slow path is had by
dropping our table of keys, which is also exactly a cache written before the fast path
existed. Against a real HTTP server on loopback; no mocks of the HTTP stack.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aggregator import revalidate
from aggregator.fetch import CACHE_FILE, fetch_all
from aggregator.models import FeedState, FetchResult
from aggregator.revalidate import KEYS_TABLE
from foundation.clock import iso
from foundation.config import FeedConfig, FetchConfig

REPO = Path(__file__).resolve().parents[1]
FEED = (Path(__file__).resolve().parent / "fixtures" / "fetch" / "jobs.rss").read_bytes()
NEWER = FEED.replace(b"</channel>", b"<item><title>Cook</title></item></channel>")
NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
SETTINGS = FetchConfig(connect_timeout=2, read_timeout=5, concurrency=4, retries=1)
V1, V2 = '"v1"', '"v2"'
LM1 = "Sun, 01 Mar 2026 14:05:00 GMT"


class Site:
    """A feed server whose answer is chosen by `phase`; it logs the validators it got."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.phase = "v1"
        self.asked: list[tuple[str, str | None, str | None]] = []
        server.expect_request("/jobs.rss").respond_with_handler(self._jobs)
        server.expect_request("/moved.rss").respond_with_handler(self._moved)

    def feed(self, feed_id: str = "jobs") -> FeedConfig:
        return FeedConfig(id=feed_id, name=feed_id, url=self.server.url_for("/jobs.rss"))

    def _jobs(self, request: Request) -> Response:
        self.asked.append(("/jobs.rss", request.headers.get("If-None-Match"),
                           request.headers.get("If-Modified-Since")))  # fmt: skip
        return ANSWERS[self.phase](self, request)

    def _moved(self, request: Request) -> Response:
        self.asked.append(("/moved.rss", request.headers.get("If-None-Match"),
                           request.headers.get("If-Modified-Since")))  # fmt: skip
        return _conditional(request, FEED, V1)


def _conditional(request: Request, body: bytes, etag: str, **extra: str) -> Response:
    if request.headers.get("If-None-Match") == etag:
        return Response(status=304, headers={"ETag": etag, **extra})
    return Response(body, content_type="application/rss+xml",
                    headers={"ETag": etag, "Last-Modified": LM1, **extra})  # fmt: skip


ANSWERS: dict[str, Callable[[Site, Request], Response]] = {
    "v1": lambda site, r: _conditional(r, FEED, V1),
    "changed": lambda site, r: _conditional(r, NEWER, V2),
    # A 304 that brings a new validator (allowed: it updates the stored headers).
    "new etag on 304": lambda site, r: (
        Response(status=304, headers={"ETag": V2})
        if r.headers.get("If-None-Match") in (V1, V2)
        else _conditional(r, FEED, V2)
    ),  # fmt: skip
    "no validators": lambda site, r: Response(NEWER, content_type="application/rss+xml"),
    "down": lambda site, r: Response("down", status=503),
    "gone": lambda site, r: Response("", status=410),
    "moved": lambda site, r: Response(
        status=301, headers={"Location": site.server.url_for("/moved.rss")}
    ),
    "temporarily elsewhere": lambda site, r: Response(
        status=302, headers={"Location": site.server.url_for("/moved.rss")}
    ),
}


# requests-cache writes a body of 64 KB or more outside pickle's frames, where the fast
# path leaves it in the file until it is needed (revalidate._entry_without_body).
RECORDS = b"<description>" + b"Keeps the records. " * 4000 + b"</description>"
LARGE = FEED.replace(b"</channel>", b"<item><title>Archivist</title>" + RECORDS
                     + b"</item></channel>")  # fmt: skip


@pytest.fixture(params=["small", "large"])
def site(request, loopback_server: HTTPServer, monkeypatch) -> Iterator[Site]:
    if request.param == "large":
        monkeypatch.setitem(globals(), "FEED", LARGE)
        monkeypatch.setitem(globals(), "NEWER", LARGE.replace(b"</channel>",
                            b"<item><title>Cook</title></item></channel>"))  # fmt: skip
    yield Site(loopback_server)
    loopback_server.clear()


def fine(*feeds: FeedConfig) -> dict[str, FeedState]:
    return {f.id: FeedState(f.id, f.name, f.url, ok=True, last_success=iso(NOW)) for f in feeds}


def run(feeds: list[FeedConfig], cache: Path, states: dict | None = None) -> list[FetchResult]:
    return fetch_all(feeds, states or {}, cache_dir=cache, settings=SETTINGS, now=NOW)


def forget_keys(cache: Path) -> None:
    """Make the cache one written before the fast path: requests-cache's tables alone."""
    with sqlite3.connect(cache / CACHE_FILE) as db:
        db.execute(f"DROP TABLE IF EXISTS {KEYS_TABLE}")
    db.close()


def keys(cache: Path) -> dict[str, str]:
    db = sqlite3.connect(cache / CACHE_FILE)
    try:
        return dict(db.execute(f"SELECT url, key FROM {KEYS_TABLE}").fetchall())
    except sqlite3.OperationalError:
        return {}
    finally:
        db.close()


def raw_entries(cache: Path) -> dict[str, bytes]:
    db = sqlite3.connect(cache / CACHE_FILE)
    try:
        return dict(db.execute("SELECT key, value FROM responses").fetchall())
    finally:
        db.close()


def cached(cache: Path) -> dict[str, tuple]:
    """What requests-cache itself reads from the cache: URL -> status, body, validators."""
    import requests_cache

    backend = requests_cache.SQLiteCache(cache / CACHE_FILE)
    try:
        return {r.url: (r.status_code, r.content, r.headers.get("ETag"),
                        r.headers.get("Last-Modified"), [h.url for h in r.history])
                for r in backend.responses.values()}  # fmt: skip
    finally:
        backend.close()


def comparable(result: FetchResult) -> dict:
    data = dataclasses.asdict(result)
    data.pop("elapsed")
    # The Date header is the second the server answered in, on either path.
    data["headers"] = {k: v for k, v in data["headers"].items() if k != "date"}
    return data


# --- the fast path itself ----------------------------------------------------------------


def test_a_304_leaves_the_cached_copy_as_it_was(site, tmp_path):
    jobs = site.feed()
    [first] = run([jobs], tmp_path)
    assert first.outcome == "fetched"
    assert keys(tmp_path) == {jobs.url: next(iter(raw_entries(tmp_path)))}
    before = raw_entries(tmp_path)
    [second] = run([jobs], tmp_path, fine(jobs))
    assert (second.outcome, second.status, second.body) == ("not_modified", 304, None)
    assert raw_entries(tmp_path) == before  # requests-cache rewrote it, body and all
    assert site.asked[-1] == ("/jobs.rss", V1, LM1)


def test_a_cache_from_before_the_fast_path_is_read_on_and_then_taken_up(site, tmp_path):
    jobs = site.feed()
    run([jobs], tmp_path)
    forget_keys(tmp_path)
    [second] = run([jobs], tmp_path, fine(jobs))  # requests-cache's path, as before
    assert second.outcome == "not_modified"
    assert site.asked[-1] == ("/jobs.rss", V1, LM1)
    assert jobs.url in keys(tmp_path)
    before = raw_entries(tmp_path)
    [third] = run([jobs], tmp_path, fine(jobs))  # the fast path from now on
    assert third.outcome == "not_modified"
    assert raw_entries(tmp_path) == before
    assert len(site.asked) == 3


def test_a_warm_fetch_of_304s_does_not_import_requests_cache(site, tmp_path):
    jobs = site.feed()
    run([jobs], tmp_path)
    script = (
        "import json, sys\n"
        "from datetime import UTC, datetime\n"
        "from pathlib import Path\n"
        "from aggregator.fetch import fetch_all\n"
        "from aggregator.models import FeedState\n"
        "from foundation.config import FeedConfig, FetchConfig\n"
        f"feed = FeedConfig(id='jobs', name='jobs', url={jobs.url!r})\n"
        "state = {'jobs': FeedState('jobs', 'jobs', feed.url, ok=True,\n"
        "                          last_success='2026-03-01T06:00:00Z')}\n"
        f"[r] = fetch_all([feed], state, cache_dir=Path({str(tmp_path)!r}),\n"
        "                settings=FetchConfig(retries=0), now=datetime.now(UTC))\n"
        "print(json.dumps([r.outcome, 'requests_cache' in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60)  # fmt: skip
    assert json.loads(out.stdout) == ["not_modified", False]


def test_a_large_body_stays_in_the_file_until_it_is_needed(site, tmp_path):
    jobs = site.feed()
    run([jobs], tmp_path)
    stored, _ = revalidate.read_stored(tmp_path / CACHE_FILE, [jobs.url])
    copy = stored[jobs.url]
    assert (copy.body is None) == (len(FEED) >= 64 * 1024)
    whole = revalidate._read_entry(tmp_path / CACHE_FILE, jobs.url, copy.key)
    assert whole is not None and whole.body == FEED == copy.content
    assert (copy.key, copy.url, copy.headers, copy.reason) == (
        whole.key, whole.url, whole.headers, whole.reason)  # fmt: skip


def test_two_feeds_at_one_address_share_the_copy(site, tmp_path):
    old, new = site.feed("old"), site.feed("new")
    run([old], tmp_path)
    a, b = run([old, new], tmp_path, fine(old))
    assert (a.outcome, b.outcome, b.body, b.status) == ("not_modified", "fetched", FEED, 304)


# --- the fast path against requests-cache's, answer by answer ------------------------------


@pytest.mark.parametrize("up_to_date", [True, False], ids=["parsed last time", "not parsed"])
@pytest.mark.parametrize("phase", [p for p in ANSWERS if p != "v1"])
def test_each_answer_comes_out_as_requests_cache_makes_it(site, tmp_path, phase, up_to_date,
                                                         monkeypatch):  # fmt: skip
    jobs = site.feed()
    opened: list[Path] = []
    real_pool = revalidate.SessionPool

    def pool(cache_dir, settings, size):  # type: ignore[no-untyped-def]
        opened.append(cache_dir)
        return real_pool(cache_dir, settings, size)

    monkeypatch.setattr(revalidate, "SessionPool", pool)
    states = fine(jobs) if up_to_date else {}
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    run([jobs], fast)
    run([jobs], slow)
    forget_keys(slow)
    assert keys(fast) and not keys(slow)

    site.phase = phase
    opened.clear()
    outcomes = {}
    for name, cache in (("fast", fast), ("slow", slow)):
        start = len(site.asked)
        [result] = run([jobs], cache, states)
        outcomes[name] = (comparable(result), site.asked[start:], cached(cache))
    f_result, f_asked, f_cached = outcomes["fast"]
    s_result, s_asked, s_cached = outcomes["slow"]
    assert f_result == s_result
    assert f_cached == s_cached
    # The fast path was taken: requests-cache opened only to store what it stores, or to
    # follow a redirect.
    needs_cache = phase in ("changed", "new etag on 304", "no validators", "moved",
                            "temporarily elsewhere")  # fmt: skip
    assert opened == ([fast] if needs_cache else []) + [slow]
    if phase in ("moved", "temporarily elsewhere"):
        # The fast path does not follow redirects: it hands the feed to requests-cache,
        # which asks again. One request more, the night a feed starts redirecting.
        assert f_asked == [s_asked[0], *s_asked]
    else:
        assert f_asked == s_asked

    # And the night after: the same conditional requests, the same outcome.
    for name, cache in (("fast", fast), ("slow", slow)):
        start = len(site.asked)
        [result] = run([jobs], cache, fine(jobs))
        outcomes[name] = (comparable(result), site.asked[start:], cached(cache))
    assert outcomes["fast"] == outcomes["slow"]
