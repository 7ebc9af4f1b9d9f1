"""The HTTP transport under `aggregator.fetch`: revalidating cached sessions, a body cap
enforced while the body streams in, Retry-After, and network errors in plain words.

requests and requests_cache are imported inside functions so that the command line
starts fast. Nothing here prints.
"""

from __future__ import annotations

import errno
import queue
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foundation import __version__
from foundation.config import FetchConfig
from foundation.errors import StayReadyError

if TYPE_CHECKING:
    from requests import Response
    from requests_cache import CachedSession

USER_AGENT = f"StayReady/{__version__} (personal job-market watcher; one visit a night)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
CACHE_FILE = "http.sqlite"
# The only responses cached: what a feed's next request is made conditional on.
CACHED_STATUSES = (200,)
MAX_REDIRECTS = 10
CHUNK = 64 * 1024
# The read timeout bounds each pause, not the whole body: without a deadline a server
# dripping a byte at a time could hold a worker for ever.
MIN_BODY_DEADLINE = 60.0


class BodyRejected(Exception):
    """A body refused while it streamed in (too large, too slow). Raised below
    requests-cache, so such a body is never stored."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class SessionPool:
    """One CachedSession per worker thread, each with its own SQLite connection.

    requests-cache shares one sqlite3 connection between threads and reads from it without
    a lock; concurrent use of one connection can crash the interpreter (requests-cache
    issue #1008). Here a session serves one thread at a time, and SQLite's own file
    locking (WAL, busy timeout) orders the writes of different connections.

    The first session is opened at once: it sets the database up (or finds it damaged,
    or unwritable, and says so). The others are opened one after another by a helper
    thread, so two never set the database up at once, while the first requests already
    go out: about a millisecond each, much of it in SQLite with the interpreter free.
    Should one fail to open, the workers share the sessions already open.
    """

    def __init__(self, cache_dir: Path, settings: FetchConfig, size: int) -> None:
        path = cache_dir / CACHE_FILE
        self._free: queue.SimpleQueue[CachedSession] = queue.SimpleQueue()
        self._all: list[CachedSession] = []
        self._closing = threading.Event()
        self.path = cache_dir / CACHE_FILE
        self.size = size
        # Why the helper stopped opening sessions, if it did: the run reports it.
        self.problem: Exception | None = None
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            first = _open_session(path, settings)
        except (OSError, sqlite3.Error) as exc:
            raise StayReadyError(
                f"cannot open the HTTP cache: {exc}",
                file=path,
                hint="check that its folder is writable; deleting the file only costs "
                "one full download of each feed",
            ) from exc
        self._all.append(first)
        self._free.put(first)
        self._opener = threading.Thread(
            target=self._open_more, args=(path, settings, size - 1), name="fetch-sessions"
        )
        self._opener.start()

    def _open_more(self, path: Path, settings: FetchConfig, count: int) -> None:
        for _ in range(count):
            if self._closing.is_set():
                return
            try:
                # No damaged-file recovery here: the first session found the file sound,
                # and deleting it under open connections would lose their writes.
                session = _cached_session(path, settings)
            except Exception as exc:  # a cache fault: the workers share the sessions open
                self.problem = exc
                return
            self._all.append(session)
            self._free.put(session)

    @contextmanager
    def session(self) -> Iterator[CachedSession]:
        session = self._free.get()
        try:
            yield session
        finally:
            self._free.put(session)

    @property
    def opened(self) -> int:
        return len(self._all)

    def close(self) -> None:
        self._closing.set()
        self._opener.join()
        for session in self._all:
            session.close()


def on_next_send(session: CachedSession, callback: Callable[[], None] | None) -> None:
    """Have `callback` called once, just before the session's next request goes out on the
    network (after requests-cache has looked it up), or never if it is None."""
    for adapter in {session.get_adapter("http://"), session.get_adapter("https://")}:
        adapter.before_send = callback


def _open_session(path: Path, settings: FetchConfig) -> CachedSession:
    try:
        return _cached_session(path, settings)
    except sqlite3.OperationalError:
        raise  # locked or unwritable: not ours to delete
    except sqlite3.DatabaseError:
        # A damaged cache (a truncated file restored by CI, say) costs one full download.
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return _cached_session(path, settings)


def _cached_session(path: Path, settings: FetchConfig) -> CachedSession:
    from requests_cache import CachedSession

    session = CachedSession(
        str(path),
        backend="sqlite",
        wal=True,
        busy_timeout=30_000,
        # Ask the server every run: with the default expiry a cached feed is never
        # revalidated. A response without ETag/Last-Modified is then not stored at all.
        expire_after=0,
        always_revalidate=True,
        cache_control=False,  # a max-age must not stop tonight's check
        stale_if_error=False,  # a failure is reported as one, never as an old copy
        allowable_codes=CACHED_STATUSES,
        allowable_methods=("GET",),
    )
    return _configured(session, settings)


def plain_session(settings: FetchConfig) -> Any:
    """A requests session set up as the cached ones are (the same headers, redirect limit
    and body cap), without the cache: for the revalidation fast path."""
    import requests

    return _configured(requests.Session(), settings)


def _configured(session: Any, settings: FetchConfig) -> Any:
    session.headers["User-Agent"] = USER_AGENT
    session.headers["Accept"] = ACCEPT
    session.max_redirects = MAX_REDIRECTS
    adapter = _capped_adapter(settings)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _capped_adapter(settings: FetchConfig) -> Any:
    """An HTTPAdapter that reads each body itself, stopping at settings.max_bytes.

    requests-cache reads the whole body before returning, even with stream=True (its issue
    #878), so the cap has to sit below it, in the transport. An error raised here reaches
    requests-cache before it saves anything.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import ReadTimeoutError

    cap = settings.max_bytes
    deadline_after = max(MIN_BODY_DEADLINE, 4 * settings.read_timeout)

    class CappedAdapter(HTTPAdapter):
        before_send: Callable[[], None] | None = None

        def send(self, request, stream=False, **kwargs):  # type: ignore[override]
            if self.before_send:
                callback, self.before_send = self.before_send, None
                callback()
            response = super().send(request, stream=True, **kwargs)
            try:
                _read_capped(response, cap, deadline_after)
            except requests.ConnectionError as exc:
                response.close()
                if caused_by(exc, ReadTimeoutError):  # a pause in the middle of the body
                    raise requests.ReadTimeout(exc, request=request) from exc
                raise
            except BaseException:
                response.close()
                raise
            return response

    return CappedAdapter()


def _read_capped(response: Response, cap: int, deadline_after: float) -> None:
    status = response.status_code
    length = response.headers.get("Content-Length", "")
    # A 304 may repeat the full entity's length, but it has no body.
    if length.isdigit() and int(length) > cap and status not in (204, 304):
        raise BodyRejected(
            f"too large: the server announces {_size(int(length))}, "
            f"over the {_size(cap)} cap (fetch.max_bytes)",
            status,
        )
    deadline = time.monotonic() + deadline_after
    chunks: list[bytes] = []
    total = 0
    # iter_content decompresses: the cap counts what would sit in memory, so a small
    # gzip bomb is stopped too.
    for chunk in response.iter_content(CHUNK):
        total += len(chunk)
        if total > cap:
            raise BodyRejected(f"too large: over the {_size(cap)} cap (fetch.max_bytes)", status)
        if time.monotonic() > deadline:
            raise BodyRejected(f"too slow: the body took over {deadline_after:g} s", status)
        chunks.append(chunk)
    response._content = b"".join(chunks)
    response._content_consumed = True
    # Bytes off the wire (compressed, if it was), for the report.
    response.wire_bytes = getattr(response.raw, "tell", lambda: total)()  # type: ignore[attr-defined]
    response.close()  # the connection goes back to the pool


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """A Retry-After header in seconds, from either form: `120` or an HTTP date."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    when = _http_date(value)
    if when is None:
        return None
    # Measured against the server's own clock where it sends one: no skew.
    reference = _http_date(headers.get("Date") or "") or datetime.now(UTC)
    return max(0.0, (when - reference).total_seconds())


def _http_date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def describe(exc: BaseException, settings: FetchConfig) -> str:
    """A network failure in words a person understands."""
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError

    if isinstance(exc, BodyRejected):
        return str(exc)
    if isinstance(exc, requests.ConnectTimeout):
        return f"timed out connecting (no answer within {settings.connect_timeout:g} s)"
    if isinstance(exc, requests.ReadTimeout) or caused_by(exc, ReadTimeoutError):
        return f"timed out: the server sent nothing for {settings.read_timeout:g} s"
    if isinstance(exc, requests.TooManyRedirects):
        return f"too many redirects (more than {MAX_REDIRECTS})"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS/SSL error: {_innermost(exc)}"
    invalid = (
        requests.exceptions.InvalidURL,
        requests.exceptions.MissingSchema,
        requests.exceptions.InvalidSchema,
    )
    if isinstance(exc, invalid):
        return "not a valid http(s) URL"
    cause = network_cause(exc, settings)
    if cause is not None:
        return cause
    if caused_by(exc, ConnectionResetError):
        return "connection reset by the server"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return "could not decompress the response"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError) or caused_by(exc, ProtocolError):
        return "the connection broke off in the middle of the response"
    if isinstance(exc, requests.ConnectionError):
        return f"could not connect: {_innermost(exc)}"
    if isinstance(exc, sqlite3.Error):
        return f"HTTP cache error: {exc} (deleting {CACHE_FILE} costs only one full download)"
    return f"{type(exc).__name__}: {exc}"


_NO_ROUTE = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN}


def network_cause(exc: BaseException, settings: FetchConfig) -> str | None:
    """Why no server was reached, when the reason is the network itself: no DNS, no route,
    refused, no answer to the connection. None for anything a server said or did.

    Every feed failing with the same one of these means the machine is offline (or its
    network blocks the way out): the feeds are not to blame and are not backed off.
    """
    import requests

    if isinstance(exc, requests.ConnectTimeout):
        return f"timed out connecting (no answer within {settings.connect_timeout:g} s)"
    if caused_by(exc, ConnectionRefusedError):
        return "connection refused"
    if caused_by(exc, socket.gaierror):
        return "host not found (DNS lookup failed)"
    if any(isinstance(e, OSError) and e.errno in _NO_ROUTE for e in _chain(exc)):
        return "no route to the host (the network is unreachable)"
    return None


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (requests and urllib3 nest them in args)."""
    seen: set[int] = set()
    todo: list[Any] = [exc]
    while todo:
        e = todo.pop(0)
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend([*e.args, getattr(e, "reason", None), e.__cause__, e.__context__])


def caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    return any(isinstance(e, kind) for e in _chain(exc))


def _innermost(exc: BaseException) -> str:
    *_, last = _chain(exc)
    return str(last) or type(last).__name__


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"
