"""Fetching: every due feed over HTTP at once, revalidated through the SQLite cache.

One `FetchResult` per feed; a feed's failure is data, never an exception. The transport
(cached sessions, the body cap, error wording) is in `aggregator.transport`; a feed whose
cached copy is plain is revalidated without requests-cache (`aggregator.revalidate`).
Nothing here prints.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Container, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import datetime, timedelta
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aggregator.models import FeedState, FetchResult
from aggregator.revalidate import NotModified, Sessions, Stored
from aggregator.transport import (
    CACHE_FILE,
    USER_AGENT,
    BodyRejected,
    describe,
    network_cause,
    on_next_send,
    retry_after_seconds,
)
from foundation.clock import iso, parse_instant
from foundation.config import FeedConfig, FetchConfig
from foundation.errors import StayReadyError
from foundation.sources import PAGED_KINDS

if TYPE_CHECKING:
    from requests import Response

__all__ = [
    "CACHE_FILE",
    "USER_AGENT",
    "fetch_all",
    "next_attempt_after",
    "retry_after_seconds",
]

# Waits inside one run stay short: a feed that asks for longer is left to a later run
# (its FetchResult carries retry_after, and next_attempt_after honours it).
MAX_RETRY_WAIT = 5.0
RETRY_BACKOFF = 0.5  # first in-run retry wait in seconds; doubles each time
PERMANENT_REDIRECTS = (301, 308)


def fetch_all(
    feeds: Sequence[FeedConfig],
    states: Mapping[str, FeedState],
    *,
    cache_dir: Path,
    settings: FetchConfig,
    now: datetime,
    progress: Callable[[FeedConfig, FetchResult], None] | None = None,
    meanwhile: Callable[[], None] | None = None,
    problems: list[StayReadyError] | None = None,
    force: Container[str] = (),
) -> list[FetchResult]:
    """Fetch every feed that is due; one result per feed, in the order of `feeds`.

    A feed whose `next_attempt` lies ahead of `now` is "deferred" without a request, and
    so is an API feed asked too recently for its terms (POLITE_INTERVAL), unless its id is
    in `force` (named with `fetch --feed`, or its settings just changed).
    `progress` is called in the calling thread as each feed finishes. `meanwhile` is
    called once, in the calling thread, as soon as the first round of requests is on its
    way (at once when no feed is due): work the requests do not need, done while their
    answers are awaited instead of before they leave. Header names in the results are
    lower case. Trouble that is no one feed's (cache sessions that would not open) is
    appended to `problems`.
    """
    results: dict[int, FetchResult] = {}
    due: list[int] = []
    for i, feed in enumerate(feeds):
        state = states.get(feed.id)
        if _deferred(state, now):
            results[i] = FetchResult(feed_id=feed.id, outcome="deferred")
        elif feed.id not in force and (polite := _too_soon(feed, state, now)):
            results[i] = FetchResult(feed_id=feed.id, outcome="deferred", not_before=polite)
        else:
            due.append(i)
            continue
        if progress:
            progress(feed, results[i])

    if not due:
        if meanwhile:
            meanwhile()
    else:
        due = _in_order_of_start(feeds, due)
        workers = min(settings.concurrency, len(due))
        # A paged board is never cached (_fetch_paged): it needs no cached session.
        cacheable = [feeds[i].url for i in due if feeds[i].kind not in PAGED_KINDS]
        pool = Sessions(cache_dir, settings, workers, cacheable)
        # Set when a feed's request leaves (or the feed is done without one).
        sent = {i: threading.Event() for i in due}
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="fetch") as threads:
                futures = {
                    threads.submit(
                        _fetch_one,
                        pool,
                        feeds[i],
                        settings,
                        _up_to_date(states.get(feeds[i].id)),
                        sent[i].set,
                        states.get(feeds[i].id),
                    ): i
                    for i in due
                }
                if meanwhile:
                    # Until the requests that can be in flight together have left, the
                    # threads preparing them (cache lookups, all CPU) need the interpreter;
                    # after that it is idle for a whole round trip.
                    for i in due[:workers]:
                        sent[i].wait()
                    meanwhile()
                for future in as_completed(futures):
                    i = futures[future]
                    results[i] = future.result()
                    if progress:
                        progress(feeds[i], results[i])
        finally:
            pool.close()
            opened = pool.pool
            if opened is not None and opened.problem is not None and problems is not None:
                problems.append(StayReadyError(
                    f"only {opened.opened} of {opened.size} HTTP cache sessions opened "
                    f"({opened.problem}), so feeds were fetched fewer at a time",
                    file=opened.path,
                    hint="check the disk and the cache folder; deleting the file only "
                    "costs one full download of each feed",
                ))  # fmt: skip
        if pool.error is not None:
            # Opened late (every feed had a copy to revalidate, and one then needed the
            # cache) and failed: the fetch stops as it would have had they opened first.
            raise pool.error
    return [results[i] for i in range(len(feeds))]


def _in_order_of_start(feeds: Sequence[FeedConfig], due: list[int]) -> list[int]:
    """The order the thread pool starts the due feeds in: plain feeds first, then paged
    boards, the first of each host before the second of any. A board waits for the one
    before it on its host (aggregator.paging), holding a thread meanwhile: last in line,
    it holds none that another feed could use."""
    if not any(feeds[i].kind in PAGED_KINDS for i in due):
        return due
    from aggregator.paging import host_of

    plain = [i for i in due if feeds[i].kind not in PAGED_KINDS]
    seen: dict[str | None, int] = {}
    paged = []
    for i in due:
        if feeds[i].kind in PAGED_KINDS:
            host = host_of(feeds[i])
            seen[host] = seen.get(host, -1) + 1
            paged.append((seen[host], i))
    return plain + [i for _, i in sorted(paged)]


def next_attempt_after(
    consecutive_failures: int,
    now: datetime,
    *,
    max_backoff_hours: float,
    retry_after: float | None = None,
) -> datetime:
    """When a failing feed may be tried again: 1 h, 2 h, 4 h... capped at max_backoff_hours.

    A server's Retry-After (seconds) lengthens the wait, within the same cap: a feed is
    always tried again, never given up for good.
    """
    cap = max(0.0, max_backoff_hours) * 3600.0
    failures = max(0, consecutive_failures)
    delay = 0.0 if failures == 0 else 3600.0 * 2.0 ** min(failures - 1, 32)
    if retry_after:
        delay = max(delay, retry_after)
    return now + timedelta(seconds=min(delay, cap))


def _up_to_date(state: FeedState | None) -> bool:
    """Whether the history holds this feed's cached body: its last attempt parsed fine."""
    return state is not None and state.ok is True and state.last_success is not None


# The public remote-job APIs ask to be polled sparingly. Remotive asks for about four
# calls a day (and delays its listings a day anyway); the others publish no number, so
# once an hour at most. A nightly run never meets these; a person running `fetch` again
# and again does, and the feed waits with a line that says until when.
POLITE_INTERVAL = {
    "remotive": timedelta(hours=6),
    # A paged board's full read is many requests (Workday 20 postings a page, SmartRecruiters
    # 100), none of them conditional (aggregator/paging.py): four a day at most.
    "workday": timedelta(hours=6),
    "smartrecruiters": timedelta(hours=6),
    "remoteok": timedelta(hours=1),
    "himalayas": timedelta(hours=1),
    "jobicy": timedelta(hours=1),
}


# Why a feed waits, as the run's line says it: the API's own terms, or our politeness.
_POLITE_WHY = dict.fromkeys(("workday", "smartrecruiters"),
                            "a full read of the board is many requests")  # fmt: skip


def polite_why(kind: str) -> str:
    """Why a feed of this kind is asked at most every POLITE_INTERVAL."""
    return _POLITE_WHY.get(kind, "the API asks for few requests")


def _too_soon(feed: FeedConfig, state: FeedState | None, now: datetime) -> str | None:
    """When this API feed may be asked again, if its last request was too recent."""
    interval = POLITE_INTERVAL.get(feed.kind)
    # A failing feed already waits (capped backoff), and a first fetch has nothing to wait on.
    if interval is None or state is None or not state.last_attempt or state.ok is False:
        return None
    try:
        after = parse_instant(state.last_attempt, source="last_attempt") + interval
    except StayReadyError:
        return None
    return iso(after) if after > now else None


def _deferred(state: FeedState | None, now: datetime) -> bool:
    if state is None or not state.next_attempt:
        return False
    try:
        moment = parse_instant(state.next_attempt, source="next_attempt")
    except StayReadyError:
        return False  # a hand-edited state must not silence a feed
    # Nightly schedules drift (a cron job may start later one night than the next), so a
    # retry time just ahead of now counts as due: a feed backed off for 24 h is tried the
    # next night, not the one after. The slack is a tenth of the wait, at most an hour.
    slack = timedelta(0)
    if state.last_attempt:
        try:
            wait = moment - parse_instant(state.last_attempt, source="last_attempt")
            slack = min(timedelta(hours=1), max(timedelta(0), wait / 10))
        except StayReadyError:
            pass
    return moment - slack > now


# --- one feed -----------------------------------------------------------------------


def _fetch_one(
    pool: Sessions,
    feed: FeedConfig,
    settings: FetchConfig,
    up_to_date: bool,
    sent: Callable[[], None] = lambda: None,
    state: FeedState | None = None,
) -> FetchResult:
    """One feed's attempts; `sent` is called when its first request leaves, or at the end."""
    start = time.monotonic()
    try:
        result = None
        if feed.kind in PAGED_KINDS:
            result = _fetch_paged(pool, feed, settings, state, sent)
        stored = None if result is not None else pool.stored.get(feed.url)
        if stored is not None:
            result = _revalidate(pool, stored, feed, settings, up_to_date, sent)
        if result is None:  # no copy the fast path can use, or the feed now redirects
            with pool.cached() as session:
                on_next_send(session, sent)

                def get(url: str, timeout: tuple[float, float]) -> Any:
                    response = session.get(url, timeout=timeout)
                    pool.note(url, response)
                    return response

                try:
                    result = _attempts(get, feed, settings, up_to_date)
                finally:
                    on_next_send(session, None)
    except Exception as exc:  # a bug or a cache fault must not stop the other feeds
        result = _failed(feed, describe(exc, settings))
    finally:
        sent()
    result.elapsed = round(time.monotonic() - start, 4)
    return result


class _Redirected(Exception):
    """The fast path met a redirect: requests-cache follows it, as it always has."""


def _revalidate(
    pool: Sessions,
    stored: Stored,
    feed: FeedConfig,
    settings: FetchConfig,
    up_to_date: bool,
    sent: Callable[[], None],
) -> FetchResult | None:
    """The fast path (`aggregator.revalidate`): the same attempts, each a conditional GET
    on a plain session; None when the feed now redirects (the slow path asks again, the
    one extra request of the night a feed starts redirecting)."""

    def get(url: str, timeout: tuple[float, float]) -> Any:
        with pool.plain() as session:
            on_next_send(session, sent)
            try:
                response = session.get(url, timeout=timeout, allow_redirects=False,
                                       headers=stored.conditional_headers())  # fmt: skip
            finally:
                on_next_send(session, None)
        if response.status_code == 304:
            answer = NotModified(stored, response)
            if answer.validators_changed(stored):
                pool.refresh(stored, response)
            return answer
        if response.is_redirect:
            raise _Redirected
        pool.store(stored, response)
        return response

    try:
        return _attempts(get, feed, settings, up_to_date)
    except _Redirected:
        return None


def _attempts(
    get: Callable[[str, tuple[float, float]], Response],
    feed: FeedConfig,
    settings: FetchConfig,
    up_to_date: bool,
    url: str | None = None,
) -> FetchResult:
    import requests

    timeout = (settings.connect_timeout, settings.read_timeout)
    attempt = 0
    while True:
        attempt += 1
        retries_left = attempt <= settings.retries
        try:
            response = get(url or feed.url, timeout)
        # A slow or oversized feed will be so again in a second: leave it to a later run.
        except BodyRejected as exc:
            return _failed(feed, str(exc), exc.status)
        except requests.ReadTimeout as exc:
            return _failed(feed, describe(exc, settings))
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            if retries_left:
                time.sleep(_backoff(attempt))
                continue
            result = _failed(feed, describe(exc, settings) + _tries(attempt))
            result.network_error = network_cause(exc, settings)
            return result
        status = response.status_code
        if status == 429 or status >= 500:
            wait = retry_after_seconds(response.headers)
            said = _status_words(response)
            if wait is not None and wait > MAX_RETRY_WAIT:
                said += f"; the server asks to wait {wait:g} s"
                return _failed(feed, said, status, retry_after=wait)
            if retries_left:
                time.sleep(_backoff(attempt) if wait is None else wait)
                continue
            return _failed(feed, said + _tries(attempt), status, retry_after=wait)
        return _classify(feed, response, up_to_date)


def _fetch_paged(
    pool: Sessions,
    feed: FeedConfig,
    settings: FetchConfig,
    state: FeedState | None,
    sent: Callable[[], None],
) -> FetchResult:
    """A paged board (aggregator/paging.py), each request with this module's attempts
    (retries, Retry-After, the size cap) on a plain session: its pages are not cached."""
    from aggregator.paging import fetch_board

    def attempts(get: Callable[[str, tuple[float, float]], Response], url: str) -> FetchResult:
        return _attempts(get, feed, settings, False, url)

    described, live = (state.described, state.live_ids) if state is not None else ((), ())
    return fetch_board(feed, settings, described, live, pool.plain, attempts, sent)


def _classify(feed: FeedConfig, response: Response, up_to_date: bool) -> FetchResult:
    status = response.status_code
    common: dict[str, Any] = {
        "feed_id": feed.id,
        "headers": {k.lower(): str(v) for k, v in response.headers.items()},
        "final_url": response.url,
        "permanent_redirect": _permanent_redirect(response),
    }
    if getattr(response, "from_cache", False):
        # Every entry is stored already expired, so a cached answer means the server
        # just said 304 (requests-cache marks it revalidated): no body came, none to parse.
        # Unless the history may not hold that body: the feed is new (the cache is keyed by
        # URL, and another feed with the same address, or redirected to it, may have
        # filled it), or its last attempt failed (a body that did not parse then must be
        # judged again, not reported as fine). The cached body is the feed's current
        # content, handed over without a download.
        if up_to_date:
            return FetchResult(outcome="not_modified", status=304, **common)
        return FetchResult(outcome="fetched", status=304, body=response.content, **common)
    if status == 410:
        error = "HTTP 410 Gone: the server says this feed was removed"
        return FetchResult(outcome="gone", status=status, error=error, **common)
    if 200 <= status < 300:
        body = response.content or b""
        wire = getattr(response, "wire_bytes", len(body))
        return FetchResult(
            outcome="fetched", status=status, body=body, bytes_downloaded=wire, **common
        )
    error = _status_words(response)
    if status == 304:
        error += " without a cached copy to reuse"
    return FetchResult(outcome="failed", status=status, error=error, **common)


def _failed(
    feed: FeedConfig, error: str, status: int | None = None, retry_after: float | None = None
) -> FetchResult:
    return FetchResult(
        feed_id=feed.id, outcome="failed", status=status, error=error, retry_after=retry_after
    )


def _status_words(response: Response) -> str:
    """'HTTP 503 Service Unavailable', in the standard words whatever the server wrote."""
    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:
        phrase = response.reason or ""
    return f"HTTP {response.status_code} {phrase}".strip()


def _backoff(attempt: int) -> float:
    return min(MAX_RETRY_WAIT, RETRY_BACKOFF * 2 ** (attempt - 1))


def _tries(attempt: int) -> str:
    return f" (after {attempt} attempts)" if attempt > 1 else ""


def _permanent_redirect(response: Response) -> str | None:
    """The URL to write in the config: the end of the run of 301/308s the chain starts with."""
    hops = list(response.history)
    new_url = None
    for i, hop in enumerate(hops):
        if hop.status_code not in PERMANENT_REDIRECTS:
            break
        new_url = hops[i + 1].url if i + 1 < len(hops) else response.url
    return new_url
