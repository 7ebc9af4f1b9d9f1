"""Reading a board page by page (Workday, SmartRecruiters): the one paging layer.

A board module describes its pages (`Pager`: the request for an offset, where the jobs
and the total are, a job's key, a job's own page); `read_board` asks them one after
another, with a pause between two requests, and hands the parser one body holding every
job read. Where it stops says whether the board was read whole: the total reached or an
empty page is; the page cap, a page that repeats jobs already read (Workday stops paging
at offset 2,000 and repeats), a failed page or a `search` narrowing the listing is not,
and then `incomplete` says why, so that night closes nothing. Nothing here prints; the
requests themselves are `aggregator.fetch`'s (retries, Retry-After, the size cap).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Collection, Container
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

from aggregator.models import FetchResult
from aggregator.transport import on_next_send
from foundation.config import FeedConfig, FetchConfig


@dataclass(frozen=True, slots=True)
class Request:
    """One request of a paged read: a GET, or a POST with a JSON body."""

    url: str
    method: str = "GET"
    json: dict[str, Any] | None = None


class Pager(Protocol):
    """What a paged board module gives `read_board` (aggregator/boards/workday.py)."""

    board: str  # the source's name, as messages say it
    page_size: int
    search: str | None  # the listing narrowed by the board's own search, if it is

    def page(self, offset: int) -> Request: ...
    def jobs(self, data: Any) -> list[Any]: ...  # raises ValueError: not this board's page
    def total(self, data: Any) -> int | None: ...
    def key(self, job: Any) -> str | None: ...  # the job's own id on the board
    def detail(self, job: Any) -> Request | None: ...  # the job's own page, if asked
    def combine(self, first: Any, jobs: list[Any], details: dict[str, Any]) -> Any: ...


Send = Callable[[Request], FetchResult]


@dataclass(frozen=True, slots=True)
class Limits:
    """How politely a board is read: `fetch.page_pause`, `max_pages`, `max_details` (their
    defaults are FetchConfig's, the one place they are set)."""

    pause: float
    max_pages: int
    max_details: int

    @classmethod
    def of(cls, settings: FetchConfig) -> Limits:
        return cls(settings.page_pause, settings.max_pages, settings.max_details)


def read_board(
    pager: Pager,
    send: Send,
    limits: Limits,
    *,
    known: Callable[[str], bool] = lambda _key: False,
    listed: Callable[[str], bool] = lambda _key: False,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchResult:
    """Every page of a board, as one "fetched" result whose body holds all jobs read.

    A first page that fails is the feed's failure, as for any feed; a first page that is
    not the board's shape is handed on as it came, for the parser to say what it is.
    `known(key)` tells a job whose own page the history already holds: only the others'
    pages are asked (`detail`), at most `limits.max_details` a night: first the jobs new
    tonight, then those `listed(key)` before, each in listing order. So postings over one
    night's cap, or whose page failed or was cut short by a 429, are asked on later nights.
    """
    first = send(pager.page(0))
    if first.outcome != "fetched":
        return first
    data = _json(first.body)
    try:
        jobs = pager.jobs(data)
    except ValueError:
        return first
    total = pager.total(data)
    read: dict[str, Any] = {}
    loose: list[Any] = []  # jobs without a key: the parser drops them, none is lost here
    _add(pager, jobs, read, loose)
    pages, wire, why = 1, first.bytes_downloaded, None
    # A total lower than the board (seen: a first page saying 20 of 45) must not end the
    # read early: when the page that reaches it is full, one more page is asked, and if
    # it brings new jobs the total is set aside and the read goes on to an empty page.
    probing = over = False
    while True:
        if not jobs:
            break
        if total is not None and not over and len(read) + len(loose) >= total:
            if len(jobs) < pager.page_size or pages >= limits.max_pages:
                break
            probing = True
        elif pages >= limits.max_pages:
            why = f"stopped at the page cap (fetch.max_pages: {limits.max_pages})"
            break
        sleep(limits.pause)
        offset = pages * pager.page_size
        result = send(pager.page(offset))
        pages += 1
        wire += result.bytes_downloaded
        if result.outcome != "fetched":
            why = f"page {pages} failed ({result.error or result.outcome})"
            break
        try:
            jobs = pager.jobs(_json(result.body))
        except ValueError:
            why = f"page {pages} was not a {pager.board} job list"
            break
        added = _add(pager, jobs, read, loose) if jobs else 0
        if jobs and not added:
            if not probing:  # past the total, a repeat only confirms it
                why = f"it repeats jobs already read from offset {offset}"
            break
        if probing and added:
            probing, over = False, True
    count = len(read) + len(loose)
    if why is None and total is not None and count < total:
        why = f"page {pages} came back empty"
    incomplete = note = None
    if over:
        end = "an empty page" if why is None else "where the read stopped"
        note = f"{pager.board} said it had {total} postings but lists more: {count} read, to {end}"
    if why is not None:
        if total is None:
            of = f"{len(read)} postings ({pager.board} gave no total)"
        elif over:
            of = f"{len(read)} postings, more than the {total} {pager.board} says it has"
        else:
            of = f"{len(read)} of the {total} postings {pager.board} lists"
        incomplete = f"read {of}: {why}; none closes until a night reads them all"
    elif pager.search:
        incomplete = (f"narrowed by search {pager.search!r} (read {len(read)} postings), "
                      "so not the whole board: none closes while it is narrowed")  # fmt: skip
    details, asked = _details(pager, send, limits, read, known, listed, sleep)
    body = pager.combine(data, [*read.values(), *loose], details)
    return replace(
        first,
        body=json.dumps(body, ensure_ascii=False).encode(),
        bytes_downloaded=wire + asked,
        pages=pages,
        board_size=max(total, count) if total is not None and over else total,
        incomplete=incomplete,
        board_note=note,
        described=list(details),
    )


def _json(body: bytes | None) -> Any:
    try:
        return json.loads(body or b"")
    except ValueError:
        return None


def _add(pager: Pager, jobs: list[Any], read: dict[str, Any], loose: list[Any]) -> int:
    """Add a page's jobs; how many with a key were new (0: the page repeats what was
    read, or holds no job this board's parser can read)."""
    added = 0
    for job in jobs:
        key = pager.key(job)
        if key is None:
            loose.append(job)
        elif key not in read:
            read[key] = job
            added += 1
    return added


def _details(
    pager: Pager,
    send: Send,
    limits: Limits,
    read: dict[str, Any],
    known: Callable[[str], bool],
    listed: Callable[[str], bool],
    sleep: Callable[[float], None],
) -> tuple[dict[str, Any], int]:
    """The own pages of jobs not yet described, new ones first, up to the night's cap,
    by key; and the bytes they took. A page that fails is left out (the posting is stored without
    what only it gives); a server asking to wait ends the round."""
    found: dict[str, Any] = {}
    wire = 0
    wanted = [(key, req) for key, job in read.items()
              if not known(key) and (req := pager.detail(job)) is not None]  # fmt: skip
    wanted.sort(key=lambda pair: listed(pair[0]))  # stable: listing order within each
    for key, req in wanted[: limits.max_details]:
        sleep(limits.pause)
        result = send(req)
        wire += result.bytes_downloaded
        if result.outcome == "fetched" and isinstance(data := _json(result.body), dict):
            found[key] = data
        elif result.retry_after is not None or result.status == 429:
            break
    return found, wire


def keys_known(ids: Container[str], posting_id: Callable[[str], str]) -> Callable[[str], bool]:
    """`known` for read_board: a board key whose posting id is among `ids` (those whose
    page's fields are stored: FeedState.described)."""
    return lambda key: posting_id(key) in ids


# --- the fetch of one paged feed ----------------------------------------------------------

# One lock per host: two feeds of one host (two sites or two searches of a Workday
# tenant; every SmartRecruiters company, all on api.smartrecruiters.com) are read one
# after the other, never side by side, with the page pause between them too.
_HOSTS: dict[str, _Host] = {}
_HOSTS_LOCK = threading.Lock()
JSON_ACCEPT = "application/json"
Attempts = Callable[[Callable[[str, tuple[float, float]], Any], str], FetchResult]


class _Host:
    """A host's lock, and when the last board read from it had its last answer."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done_at: float | None = None  # time.monotonic()


def pager_of(feed: FeedConfig) -> Pager:
    """The feed's kind's `Pager`: ValueError for an address the kind cannot page."""
    import importlib

    from aggregator.boards import JSON_KINDS

    return importlib.import_module(JSON_KINDS[feed.kind]).Pager(feed)


def host_of(feed: FeedConfig) -> str | None:
    """The host a paged feed's pages are asked of (None: not a paged feed it can read)."""
    try:
        return _host_name(pager_of(feed).page(0).url)
    except (KeyError, ValueError):
        return None


def _host_name(url: str) -> str:
    return (urlsplit(url).netloc or url).lower()


def _host(url: str) -> _Host:
    with _HOSTS_LOCK:
        return _HOSTS.setdefault(_host_name(url), _Host())


def fetch_board(
    feed: FeedConfig,
    settings: FetchConfig,
    described_ids: Collection[str],
    live_ids: Collection[str],
    plain: Callable[[], AbstractContextManager[Any]],
    attempts: Attempts,
    sent: Callable[[], None],
) -> FetchResult:
    """Read a paged feed (its kind's `Pager`) on a plain session from `plain()`, each
    request through `attempts(get, url)` (aggregator.fetch: retries, Retry-After, the
    size cap). Pages are not cached: Workday's listing is a POST, and a 304 for one page
    says nothing of the others, so a paged board is read whole each time it is due
    (Workday at most every 6 hours: fetch.POLITE_INTERVAL). `sent` is called when the
    first request leaves, or while the feed waits on another of its host."""
    from aggregator.normalize import posting_id

    try:
        pager = pager_of(feed)
    except ValueError as exc:
        return FetchResult(feed_id=feed.id, outcome="failed", error=str(exc))
    described = set(described_ids)
    known = keys_known(described, lambda key: posting_id(feed.id, key))
    listed = keys_known(set(live_ids), lambda key: posting_id(feed.id, key))
    limits = Limits.of(settings)
    host = _host(pager.page(0).url)
    lock = host.lock
    if not lock.acquire(blocking=False):
        sent()  # waiting on another feed of the host: the fetch need not wait with it
        lock.acquire()
    try:
        if host.done_at is not None:  # the pause after the last answer, whichever board's
            time.sleep(max(0.0, host.done_at + limits.pause - time.monotonic()))
        with plain() as session:
            on_next_send(session, sent)

            def send(request: Request) -> FetchResult:
                def get(url: str, timeout: tuple[float, float]) -> Any:
                    return session.request(request.method, url, json=request.json,
                                           timeout=timeout,
                                           headers={"Accept": JSON_ACCEPT})  # fmt: skip

                return attempts(get, request.url)

            try:
                return read_board(pager, send, limits, known=known, listed=listed)
            finally:
                on_next_send(session, None)
    finally:
        host.done_at = time.monotonic()
        lock.release()
