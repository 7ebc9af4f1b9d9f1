"""An address as a person copies it from the browser, turned into a feed to watch.

A career board's page (Greenhouse, Lever, Ashby, Workable, SmartRecruiters; Recruitee,
Personio and Workday by their host name) names the board: its API is asked, as a whole board.
Any other address is fetched once by the caller and read here: a feed (RSS, Atom, a JSON
Feed or a job API whose shape names its kind) is taken as it is; an HTML page that
announces a feed (`<link rel="alternate">`) gives that feed; anything else is refused
with the reason, so a wrong address never reaches stayready.yml.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from foundation.errors import StayReadyError

# Career-board pages: the board name is the first path segment (or `for=` on Greenhouse's
# embed page). Job pages under a board (`/acme/jobs/123`, `/acme/<uuid>`) name it too.
_BOARDS = (
    ("greenhouse", re.compile(r"^(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io$")),
    ("lever", re.compile(r"^jobs(?:\.eu)?\.lever\.co$")),
    ("ashby", re.compile(r"^jobs\.ashbyhq\.com$")),
    ("workable", re.compile(r"^apply\.workable\.com$")),
    ("smartrecruiters", re.compile(r"^(?:careers|jobs)\.smartrecruiters\.com$")),
)
# Career sites on the account's own subdomain: acme.recruitee.com, acme.jobs.personio.de.
_HOSTED = (
    ("recruitee", re.compile(r"^(?P<board>[a-z0-9-]+)\.recruitee\.com$")),
    ("personio", re.compile(r"^(?P<board>[a-z0-9-]+)\.jobs\.personio\.(?:de|com)$")),
)
# First path segments that are no board name: Workable's job links (/j/SHORTCODE) and
# its API, whose account comes after /api/v1/widget/accounts/.
_NOT_BOARDS = {"embed", "j", "api"}
_FEED_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "rss",
    "application/rdf+xml": "rss",
    "application/feed+json": "jsonfeed",
    "application/json": "jsonfeed",
}


class AddressError(StayReadyError):
    """An address that is not a feed, nor a page that names one, nor a career board."""


@dataclass(frozen=True)
class FoundFeed:
    """What goes into stayready.yml: a name, and either a URL or a kind and its board."""

    name: str
    kind: str = "rss"
    url: str | None = None
    board: str | None = None


def board_of(url: str) -> FoundFeed | None:
    """The career board a page address belongs to, or None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.endswith(".myworkdayjobs.com"):
        return _workday(url)
    for kind, pattern in _HOSTED:
        m = pattern.match(host)
        if m and m.group("board") not in ("www", "api", "app"):
            return FoundFeed(name=m.group("board"), kind=kind, board=m.group("board"))
    for kind, pattern in _BOARDS:
        if pattern.match(host):
            query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
            segments = [s for s in parts.path.split("/") if s]
            board = query.get("for") if segments[:2] == ["embed", "job_board"] else None
            if segments[:4] == ["api", "v1", "widget", "accounts"]:
                board = board or (segments[4] if len(segments) > 4 else None)
            board = board or (segments[0] if segments and segments[0] not in _NOT_BOARDS else None)
            if not board or not re.fullmatch(r"[\w.-]+", board):
                raise AddressError(
                    f"{url} is a {kind} address without a board name",
                    hint=f"copy the board's own page, e.g. https://{host}/acme",
                )
            return FoundFeed(name=board, kind=kind, board=board)
    return None


def _workday(url: str) -> FoundFeed:
    """A Workday career site: the feed is the site's own address (its locale, if it has
    one, and its name), read through its listing API (foundation.sources.workday_site)."""
    from foundation.sources import workday_site

    site = workday_site(url)
    if site is None:
        raise AddressError(f"{url} is a Workday address without a career site's name",
                           hint="copy the site's page, e.g. "
                           "https://acme.wd5.myworkdayjobs.com/en-US/Careers")  # fmt: skip
    return FoundFeed(name=site.tenant, kind="workday", url=site.page)


def read_response(url: str, body: bytes, content_type: str) -> FoundFeed:
    """The feed an address's response is, or announces; AddressError why not."""
    head = body[:2048].lstrip().lower()
    ctype = content_type.split(";")[0].strip().lower()
    if ctype.endswith("json") or head[:1] in (b"{", b"["):
        return _json(url, body)
    if head.startswith(b"<?xml") or re.match(rb"<(rss|feed|rdf:rdf)\b", head):
        return FoundFeed(name=_feed_title(body) or _host(url), url=url)
    if b"<html" in head or b"<!doctype html" in head or ctype == "text/html":
        return _announced(url, body)
    raise AddressError(
        f"{url} is neither a feed nor a web page ({ctype or 'no content type'})",
        hint="copy the address of the job board's page or of its RSS feed",
    )


def _json(url: str, body: bytes) -> FoundFeed:
    from aggregator.boards._json import looks_like

    try:
        data = json.loads(body)
    except ValueError:
        raise AddressError(f"{url} answers broken JSON", hint="check the address") from None
    kind = looks_like(data)
    if kind is None:
        raise AddressError(
            f"{url} answers JSON that is no job feed this tool reads",
            hint="kinds read: JSON Feed, greenhouse, lever, ashby, workable, recruitee, "
            "smartrecruiters, workday, remoteok, remotive, himalayas, jobicy",
        )
    title = data.get("title") if isinstance(data, dict) else None
    return FoundFeed(name=str(title or _host(url)), kind=kind, url=url)


def _feed_title(body: bytes) -> str:
    m = re.search(rb"<title[^>]*>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</title>", body[:65536], re.S)
    if not m:
        return ""
    from aggregator.normalize import plain

    return plain(m.group(1).decode("utf-8", "replace"), 120)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


class _Links(HTMLParser):
    """The page's <title> and its <link rel="alternate"> feeds, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.feeds: list[tuple[str, str, str]] = []  # (href, type, title)
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "link" and "alternate" in a.get("rel", "").lower().split():
            kind = a.get("type", "").lower()
            if kind in _FEED_TYPES and a.get("href"):
                self.feeds.append((a["href"], kind, a.get("title", "")))
        self._in_title = tag == "title" and not self.title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False


def _announced(url: str, body: bytes) -> FoundFeed:
    links = _Links()
    links.feed(body[:1_000_000].decode("utf-8", "replace"))
    for href, kind, title in links.feeds:
        feed_url = urljoin(url, href.strip())
        if re.match(r"^https?://[^\s/]+", feed_url):
            from aggregator.normalize import plain

            name = plain(title or links.title, 120) or _host(url)
            return FoundFeed(name=name, kind=_FEED_TYPES[kind], url=feed_url)
    raise AddressError(
        f"{url} is a web page that names no feed",
        hint="look on the page for an RSS link, or use the board's own page if it is on "
        "Greenhouse, Lever, Ashby, Workable, Recruitee, Personio, SmartRecruiters or Workday",
    )
