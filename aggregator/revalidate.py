"""The warm night's fast path: revalidating a feed's cached copy without requests-cache.

requests-cache keeps each response in its SQLite file as a pickled dict of plain values.
For a feed whose cached copy is a plain 200 (no redirect, no Vary, a validator), the
validators are read here with the standard library, the conditional GET goes out through
a plain requests session, and a 304 is answered from that copy, left as it is:
requests-cache would import about 0.1 s of modules first, then write the whole entry
(body included) back on every 304 because its Date changed. Whatever else the server
answers goes to requests-cache's own storage rules (`Sessions.store`), as before.

requests-cache's key for a URL is not recomputed here: the slow path records the key
each response came under in a table of ours in the same file (`stayready_feed_keys`).
A cache written before that table existed (or one whose entries this module cannot read)
takes the slow path once and is then read here. Nothing here prints.
"""

from __future__ import annotations

import io
import pickle
import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aggregator.transport import CACHE_FILE, CACHED_STATUSES, SessionPool, plain_session
from foundation.config import FetchConfig
from foundation.errors import StayReadyError

if TYPE_CHECKING:
    from requests import Response, Session
    from requests_cache import CachedSession

KEYS_TABLE = "stayready_feed_keys"
VALIDATORS = ("etag", "last-modified")


@dataclass(frozen=True, slots=True)
class Stored:
    """A feed's cached 200 as requests-cache wrote it: its key, headers and body.

    `body` is None when the body was left in the file (see `read_stored`): `content`
    then reads it, which a night of 304s for feeds the history holds never does."""

    key: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    reason: str
    path: Path | None = None

    @property
    def content(self) -> bytes:
        if self.body is not None:
            return self.body
        entry = _read_entry(self.path, self.url, self.key) if self.path else None
        if entry is None or entry.body is None:
            raise sqlite3.DatabaseError(f"the cached copy of {self.url} could not be read again")
        return entry.body

    def header(self, name: str) -> str | None:
        lower = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lower), None)

    def conditional_headers(self) -> dict[str, str]:
        """What requests-cache sends to revalidate this copy."""
        headers = {}
        if etag := self.header("ETag"):
            headers["If-None-Match"] = etag
        if modified := self.header("Last-Modified"):
            headers["If-Modified-Since"] = modified
        return headers


class NotModified:
    """A 304 answered from the stored copy, as requests-cache answers it: the copy's
    status, URL and body, its headers updated with the 304's; `from_cache` is set."""

    from_cache = True
    revalidated = True
    history: list[Any] = []

    def __init__(self, stored: Stored, response: Response) -> None:
        from requests.structures import CaseInsensitiveDict

        headers = CaseInsensitiveDict(stored.headers)
        headers.update(response.headers)
        # requests-cache's rule: a 304's Content-Length is not the stored body's length.
        if "Content-Length" in headers and "Transfer-Encoding" in headers:
            del headers["Content-Length"]
        self.headers = headers
        self.status_code = 200
        self.reason = stored.reason
        self.url = stored.url
        self.cache_key = stored.key
        self._stored = stored

    @property
    def content(self) -> bytes:
        """The stored body, read only when asked for (a feed the history lacks)."""
        return self._stored.content

    def validators_changed(self, stored: Stored) -> bool:
        """Whether the 304 brought validators other than the stored ones: then the stored
        copy is rewritten, as requests-cache would, or the next request would be
        conditional on stale ones. (A Date or an Expires alone is not worth a write.)"""
        return any(
            (new := self.headers.get(name)) is not None and new != stored.header(name)
            for name in VALIDATORS
        )


class _PlainValues(pickle.Unpickler):
    """Unpickles only plain values: requests-cache's entries hold nothing else, and
    anything else means a format this module does not know (then the slow path)."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"not a plain value: {module}.{name}")


def read_stored(path: Path, urls: Iterable[str]) -> tuple[dict[str, Stored], dict[str, str]]:
    """The cached copies the fast path can revalidate, by URL, and every key recorded
    for these URLs. Anything unreadable is simply not there (the slow path copes)."""
    wanted = sorted(set(urls))
    if not wanted or not path.is_file():
        return {}, {}
    try:
        db = sqlite3.connect(str(path), timeout=30)
    except sqlite3.Error:
        return {}, {}
    stored = {}
    try:
        marks = ",".join("?" * len(wanted))
        keys = dict(db.execute(f"SELECT url, key FROM {KEYS_TABLE} WHERE url IN ({marks})",
                               wanted).fetchall())  # fmt: skip
        rows = db.execute(
            f"SELECT k.url, r.key, r.rowid FROM {KEYS_TABLE} k JOIN responses r "
            f"ON r.key = k.key WHERE k.url IN ({marks})",
            wanted,
        ).fetchall()
        for url, key, rowid in rows:
            entry = _entry_without_body(db, path, url, key, rowid)
            if entry is None:  # a small body, or a shape not known here: read it all
                entry = _read_entry_from(db, path, url, key)
            if entry is not None:
                stored[url] = entry
    except sqlite3.Error:  # no table of ours yet, a damaged file, a lock held too long
        return {}, {}
    finally:
        db.close()
    return stored, keys


# requests-cache (1.x, pickle protocol 4) writes a response as a dict whose first item is
# its body; a body of 64 KB or more stands outside pickle's frames, right after this head
# and its 4-byte length. Reading the head and what follows the body, with the body's
# length set to 0, gives the same entry without copying megabytes a night of 304s never
# uses (about 10 ms for 12 feeds of 400 KB). Anything else is read whole.
_BODY_HEAD = b"\x80\x04\x95\x0e\x00\x00\x00\x00\x00\x00\x00}\x94(\x8c\x08_content\x94B"
_BODY_AT = len(_BODY_HEAD) + 4


def _entry_without_body(db: sqlite3.Connection, path: Path, url: str, key: str,
                        rowid: int) -> Stored | None:  # fmt: skip
    try:
        with db.blobopen("responses", "value", rowid, readonly=True) as blob:
            head = blob.read(_BODY_AT)
            if len(head) != _BODY_AT or not head.startswith(_BODY_HEAD):
                return None
            size = int.from_bytes(head[len(_BODY_HEAD) :], "little")
            if _BODY_AT + size >= len(blob):
                return None
            blob.seek(_BODY_AT + size)
            rest = blob.read()
    except (sqlite3.Error, AttributeError):  # AttributeError: an SQLite without blob I/O
        return None
    entry = _plain_entry(url, key, _BODY_HEAD + bytes(4) + rest)
    if entry is None:
        return None
    return Stored(entry.key, entry.url, entry.headers, None, entry.reason, path)


def _read_entry(path: Path, url: str, key: str) -> Stored | None:
    """A cached entry read whole, body included, on a connection of its own."""
    db = sqlite3.connect(str(path), timeout=30)
    try:
        return _read_entry_from(db, path, url, key)
    finally:
        db.close()


def _read_entry_from(db: sqlite3.Connection, path: Path, url: str, key: str) -> Stored | None:
    row = db.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
    return _plain_entry(url, key, row[0]) if row is not None else None


def _plain_entry(url: str, key: str, value: Any) -> Stored | None:
    """The entry as a `Stored`, if it is a plain cached 200 for exactly this URL."""
    try:
        data = _PlainValues(io.BytesIO(value)).load()
    except Exception:  # another format, a newer requests-cache: the slow path
        return None
    if not isinstance(data, dict):
        return None
    request, headers, content = data.get("request"), data.get("headers"), data.get("_content")
    plain = (
        data.get("status_code") == 200
        and not data.get("history")
        and data.get("url") == url
        and isinstance(request, dict)
        and request.get("url") == url
        and request.get("method") == "GET"
        # An entry without an expiry is one requests-cache would serve without asking.
        and bool(data.get("expires"))
        and isinstance(headers, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in headers.items())
        and isinstance(content, bytes)
    )
    if not plain:
        return None
    names = {k.lower() for k in headers}
    if "vary" in names or not names & set(VALIDATORS):
        return None
    reason = data.get("reason")
    return Stored(key, url, dict(headers), content, reason if isinstance(reason, str) else "")


def remember_keys(path: Path, keys: dict[str, str]) -> None:
    """Record the key each feed URL's response is cached under, for the fast path."""
    if not keys or not path.is_file():
        return
    try:
        db = sqlite3.connect(str(path), timeout=30)
        try:
            with db:
                db.execute(f"CREATE TABLE IF NOT EXISTS {KEYS_TABLE} "
                           "(url TEXT PRIMARY KEY, key TEXT NOT NULL)")  # fmt: skip
                db.executemany(f"INSERT OR REPLACE INTO {KEYS_TABLE} (url, key) VALUES (?, ?)",
                               sorted(keys.items()))  # fmt: skip
        finally:
            db.close()
    except sqlite3.Error:
        pass  # only costs the slow path next time, which tries again


class Sessions:
    """The sessions a fetch uses: plain ones for the fast path, and requests-cache's
    (`SessionPool`) for everything else, opened at once when a feed due has no copy the
    fast path can use, otherwise only when first needed (a night of 304s needs none).

    Opening requests-cache's sessions late can fail as opening them early does; the
    error is kept in `error` for the caller to raise once the requests are answered.
    """

    def __init__(self, cache_dir: Path, settings: FetchConfig, size: int,
                 urls: list[str]) -> None:  # fmt: skip
        self.cache_dir = cache_dir
        self.path = cache_dir / CACHE_FILE
        self.settings = settings
        self.size = size
        self.stored, self._keys = read_stored(self.path, urls)
        self._new_keys: dict[str, str] = {}
        self._plain: queue.SimpleQueue[Session] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self.error: StayReadyError | None = None
        self._pool: SessionPool | None = None
        if any(url not in self.stored for url in urls):
            self._pool = SessionPool(cache_dir, settings, size)

    @property
    def pool(self) -> SessionPool | None:
        """requests-cache's sessions, if they were opened."""
        return self._pool

    def _cached_pool(self) -> SessionPool:
        with self._lock:
            if self._pool is None:
                if self.error is not None:
                    raise self.error
                try:
                    self._pool = SessionPool(self.cache_dir, self.settings, self.size)
                except StayReadyError as exc:
                    self.error = exc
                    raise
            return self._pool

    @contextmanager
    def cached(self) -> Iterator[CachedSession]:
        """One of requests-cache's sessions, for this thread alone while the block runs."""
        with self._cached_pool().session() as session:
            yield session

    @contextmanager
    def plain(self) -> Iterator[Session]:
        try:
            session = self._plain.get_nowait()
        except queue.Empty:
            session = plain_session(self.settings)
        try:
            yield session
        finally:
            self._plain.put(session)

    def note(self, url: str, response: Any) -> None:
        """Record the cache key a slow-path response for `url` came from or went under."""
        key = getattr(response, "cache_key", None)
        if isinstance(key, str) and key and self._keys.get(url) != key:
            self._new_keys[url] = key

    def store(self, stored: Stored, response: Response) -> None:
        """What requests-cache does with a response to its conditional request: store a
        new copy under the feed's key by its own rules (a 200 with a validator)."""
        if response.status_code not in CACHED_STATUSES:
            return  # never stored: no need to open requests-cache to be told so
        from requests_cache.policy.actions import CacheActions

        with self.cached() as session:
            actions = CacheActions.from_request(stored.key, response.request, session.settings)
            actions.update_from_response(response)
            if not actions.skip_write:
                session.cache.save_response(response, stored.key, actions.expires)

    def refresh(self, stored: Stored, response: Response) -> None:
        """Rewrite the stored copy with a 304's headers (new validators), as
        requests-cache does after revalidating."""
        from requests_cache.policy.actions import CacheActions

        with self.cached() as session:
            cached = session.cache.get_response(stored.key)
            if cached is None:
                return
            actions = CacheActions.from_request(stored.key, response.request, session.settings)
            actions.update_from_response(response)
            cached = actions.update_revalidated_response(response, cached)
            session.cache.save_response(cached, stored.key, actions.expires)

    def close(self) -> None:
        while True:
            try:
                self._plain.get_nowait().close()
            except queue.Empty:
                break
        if self._pool is not None:
            self._pool.close()
        remember_keys(self.path, self._new_keys)
