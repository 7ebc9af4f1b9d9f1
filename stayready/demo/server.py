"""A small loopback HTTP server for feeds held in memory, with ETag/Last-Modified and 304s.

Used by the demo and the benchmarks; `latency` adds a delay to every response so
network-bound behaviour (parallel fetching, revalidation) can be observed offline. A
resource holding a Workday listing (`{"total", "jobPostings"}`) also answers Workday's
paged POST: the request's `limit` jobs from its `offset`, `total` on the first page only.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: str


@dataclass
class FeedServer:
    """Serves `resources` (path -> Resource); counts requests and body bytes sent."""

    latency: float = 0.0
    resources: dict[str, Resource] = field(default_factory=dict)
    requests: int = 0
    bytes_sent: int = 0
    port: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def put(self, path: str, body: bytes, content_type: str, modified: float) -> None:
        """Publish a new version; the validators change only when the bytes do."""
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        old = self.resources.get(path)
        if old is not None and old.etag == etag:
            return
        self.resources[path] = Resource(body, content_type, etag, formatdate(modified, usegmt=True))

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if server.latency:
                time.sleep(server.latency)
            with server._lock:
                server.requests += 1
            res = server.resources.get(self.path)
            if res is None:
                self.send_error(404)
                return
            if self.headers.get("If-None-Match") == res.etag or (
                not self.headers.get("If-None-Match")
                and self.headers.get("If-Modified-Since") == res.last_modified
            ):
                self.send_response(304)
                self.send_header("ETag", res.etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", res.content_type)
            self.send_header("Content-Length", str(len(res.body)))
            self.send_header("ETag", res.etag)
            self.send_header("Last-Modified", res.last_modified)
            self.end_headers()
            self.wfile.write(res.body)
            with server._lock:
                server.bytes_sent += len(res.body)

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            if server.latency:
                time.sleep(server.latency)
            with server._lock:
                server.requests += 1
            length = int(self.headers.get("Content-Length") or 0)
            try:
                asked = json.loads(self.rfile.read(length) or b"{}")
                listing = json.loads(server.resources[self.path].body)
                offset, limit = int(asked["offset"]), int(asked["limit"])
                jobs = listing["jobPostings"]
            except (KeyError, ValueError, TypeError):
                self.send_error(404)
                return
            page = {"total": len(jobs) if offset == 0 else 0,
                    "jobPostings": jobs[offset : offset + limit], "facets": []}  # fmt: skip
            body = json.dumps(page).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            with server._lock:
                server.bytes_sent += len(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the demo prints its own progress

    return Handler


class _Listener(ThreadingHTTPServer):
    # A fetch asks a dozen feeds at once. socketserver's backlog of 5 drops the rest of
    # such a burst, and each connection dropped waits a second for its SYN to be sent
    # again: a stall no real feed host (backlogs in the hundreds) puts on a night.
    request_queue_size = 64


@contextmanager
def serving(server: FeedServer) -> Iterator[FeedServer]:
    """Run `server` on 127.0.0.1 (a free port) for the duration of the block."""
    httpd = _Listener(("127.0.0.1", 0), _handler(server))
    httpd.daemon_threads = True
    server.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
