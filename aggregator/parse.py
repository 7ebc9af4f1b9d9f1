"""Turn one fetched body into postings: RSS/Atom through feedparser and a board profile, JSON
and XML kinds through their board module. A body that is not a feed is an error result,
never an exception.
"""

from __future__ import annotations

import importlib
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

from aggregator.boards import JSON_KINDS, PROFILES, XML_KINDS
from aggregator.cdata import as_cdata
from aggregator.models import Posting
from aggregator.normalize import clean_url, html_to_text, parse_date, plain, posting_id
from foundation.clock import iso
from foundation.config import FeedConfig


@dataclass
class ParseResult:
    postings: list[Posting]
    error: str | None = None  # why the body gave no postings, in plain words
    title: str | None = None  # the feed's own title
    warning: str | None = None  # a feed that parsed despite a fault (feedparser's "bozo")
    # How titles were read: a generic feed's sniffed shape (boards/shapes.py, "none" when
    # no shape explains most titles), "title_pattern" when the feed's regex is set, None
    # for board profiles and JSON kinds. Shown by `stayready status --json`.
    title_shape: str | None = None
    # Why the postings are not the whole board (a paged API read one page): set, the
    # run closes nothing of this feed tonight, since unread jobs are not closed jobs.
    incomplete: str | None = None


_PROFILE_MODULES: dict[str, ModuleType] = {}
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_BOM = b"\xef\xbb\xbf"


def _profile(name: str) -> ModuleType:
    module = _PROFILE_MODULES.get(name)
    if module is None:
        module = _PROFILE_MODULES[name] = importlib.import_module(PROFILES[name])
    return module


def _profile_order() -> list[str]:
    # Specific boards first in registry order; generic matches everything, so it goes last.
    return [name for name in PROFILES if name != "generic"] + ["generic"]


def pick_profile(parsed: Any, feed: FeedConfig) -> str:
    """The profile name for a parsed feed: the configured one, else the first that matches."""
    if feed.profile:
        return feed.profile
    for name in _profile_order():
        if _profile(name).matches(parsed, feed):
            return name
    return "generic"


def parse_feed(
    feed: FeedConfig, body: bytes, headers: Mapping[str, str], now: datetime
) -> ParseResult:
    """Postings from one fetched body. Failures come back as `ParseResult.error`."""
    if not body or not body.strip():
        return ParseResult([], error="empty response")
    if feed.kind in JSON_KINDS:
        return _parse_json(feed, body, now)
    if feed.kind in XML_KINDS:
        return _parse_board_xml(feed, body, now)
    return _parse_xml(feed, body, headers, now)


# --- XML board kinds ---------------------------------------------------------------------


def _parse_board_xml(feed: FeedConfig, body: bytes, now: datetime) -> ParseResult:
    """A board whose API answers XML of its own (not RSS): its module reads the bytes."""
    head = body.removeprefix(_BOM)[:2048]
    if _HTML_START.match(head):
        return ParseResult([], error="the server sent an HTML page, not the board's XML")
    if head.lstrip()[:1] in (b"{", b"["):
        return ParseResult([], error=_json_not_a_feed(body).replace("not a feed", "not XML"))
    module = importlib.import_module(XML_KINDS[feed.kind])
    try:
        postings = module.parse(feed, body, now)
    except Exception as exc:  # one board's surprise must not stop the other feeds
        return ParseResult([], error=f"could not read the {feed.kind} response: {exc}")
    return ParseResult(_unique(postings))


# --- JSON kinds -------------------------------------------------------------------------


def _parse_json(feed: FeedConfig, body: bytes, now: datetime) -> ParseResult:
    head = body.removeprefix(_BOM)[:2048]
    if _HTML_START.match(head):
        return ParseResult([], error="the server sent an HTML page, not JSON")
    if head.lstrip().startswith(b"<"):
        return ParseResult(
            [], error=f"the server sent XML, not JSON (an RSS feed? remove `kind: {feed.kind}`)"
        )
    try:
        data = json.loads(body)
    except UnicodeDecodeError as exc:
        return ParseResult([], error=f"not valid JSON: not UTF-8 text ({exc.reason})")
    except json.JSONDecodeError as exc:
        return ParseResult([], error=f"not valid JSON: {exc.msg} at line {exc.lineno}")
    try:
        module = importlib.import_module(JSON_KINDS[feed.kind])
    except ImportError:
        return ParseResult([], error=f"no reader for kind {feed.kind!r} is installed")
    from aggregator.boards._json import looks_like

    try:
        postings = module.parse(feed, data, now)
    except Exception as exc:  # one board's surprise must not stop the other feeds
        error = f"could not read the {feed.kind} response: {exc}"
        other = looks_like(data)
        if other and other != feed.kind:
            error += f"; it looks like a {other} response: set `kind: {other}`"
        return ParseResult([], error=error)
    if not postings and (other := looks_like(data)) and other != feed.kind:
        # Another kind's jobs read as this kind's give no posting at all: that is a
        # wrong `kind`, not a healthy board with nothing listed.
        error = (f"the response looks like {other}'s, not {feed.kind}'s: none of its jobs "
                 f"reads as a {feed.kind} job; set `kind: {other}`")  # fmt: skip
        return ParseResult([], error=error)
    short = getattr(module, "incomplete", None)
    return ParseResult(_unique(postings), incomplete=short(data) if short else None)


# --- RSS / Atom -------------------------------------------------------------------------


def _json_not_a_feed(body: bytes) -> str:
    """JSON where a feed was expected: name the kind it looks like when it can be told."""
    from aggregator.boards._json import looks_like

    try:
        other = looks_like(json.loads(body))
    except ValueError:
        other = None
    if other:
        return f"the server sent JSON, not a feed: it looks like {other}'s (set `kind: {other}`)"
    return "the server sent JSON, not a feed (set the feed's kind to its board)"


def _not_a_feed(body: bytes, parsed: Any) -> str:
    """Why a body with no entries is not a feed, in words a person understands."""
    head = body.removeprefix(_BOM)[:2048]
    if _HTML_START.match(head):
        return "the server sent an HTML page, not a feed"
    if head.lstrip()[:1] in (b"{", b"["):
        return _json_not_a_feed(body)
    if b"<" not in head:
        words = plain(head.decode("utf-8", "replace"), 80)
        return f"the server sent plain text, not a feed: {words!r}"
    exc = parsed.get("bozo_exception")
    if exc is not None and hasattr(exc, "getLineNumber"):
        return f"not valid XML: {_xml_fault(exc, head)}"
    if exc is not None and parsed.get("version"):
        return f"not a readable feed: {exc}"
    if exc is not None:
        return f"not valid XML: {exc}"
    return "not an RSS or Atom feed"


def _xml_fault(exc: Any, head: bytes) -> str:
    """An XML error as 'mismatched tag at line 4', the line counted in the body as sent."""
    if not hasattr(exc, "getLineNumber"):
        return str(exc)
    line = exc.getLineNumber()
    # feedparser puts an XML declaration on its own line before a body without one.
    if not head.lstrip().startswith(b"<?xml"):
        line = max(1, line - 1)
    return f"{exc.getMessage()} at line {line}"


def _parse_xml(
    feed: FeedConfig, body: bytes, headers: Mapping[str, str], now: datetime
) -> ParseResult:
    import feedparser  # deferred: a run where every feed answered 304 never needs it

    if _HTML_START.match(body.removeprefix(_BOM)[:2048]):
        return ParseResult([], error="the server sent an HTML page, not a feed")
    # feedparser looks headers up in lower case only ("content-type").
    lower = {k.lower(): v for k, v in headers.items()}

    def read(data: bytes) -> Any:
        return feedparser.parse(io.BytesIO(data), response_headers=lower,
                                sanitize_html=False, resolve_relative_uris=False)  # fmt: skip

    try:
        # Escaped HTML as CDATA halves feedparser's time (see aggregator/cdata.py); a body
        # with a fault is read as sent, so faults and fallbacks are the original's.
        quick = as_cdata(body, lower)
        parsed = read(quick) if quick is not None else None
        if parsed is None or parsed.get("bozo"):
            parsed = read(body)
    except Exception as exc:  # feedparser records faults itself; this is the last guard
        return ParseResult([], error=f"could not read the feed: {exc}")
    title = plain(parsed.feed.get("title")) or None
    entries = parsed.entries
    if not entries:
        if parsed.get("version") and not parsed.get("bozo"):
            return ParseResult([], title=title)  # a well-formed feed with nothing listed
        return ParseResult([], error=_not_a_feed(body, parsed), title=title)
    warning = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        fault = _xml_fault(exc, body.removeprefix(_BOM)[:2048]) if exc else "unknown"
        warning = f"the feed has faults but was read: {fault}"
    # What a truncated body leaves behind: an entry with nothing in it is not a posting.
    # Plain dict copies: FeedParserDict's Python-level key mapping cost a third of the
    # per-entry time, and its "updated" silently falls back to "published".
    entries = [e for e in map(dict, entries) if _has_content(e)]
    if not entries:
        return ParseResult([], error=_not_a_feed(body, parsed), title=title)
    name = pick_profile(parsed, feed)
    profile = _profile(name)
    shape = None
    if feed.title_pattern is not None:
        shape = "title_pattern"
    elif name == "generic":
        from aggregator.boards.shapes import of_feed

        shape = of_feed(parsed)
    stamp = iso(now)
    postings: list[Posting] = []
    skipped: list[str] = []
    for entry in entries:
        try:
            postings.append(_posting(entry, parsed, feed, profile, now, stamp))
        except Exception as exc:  # one odd entry must not cost the feed its other postings
            skipped.append(f"{type(exc).__name__}: {exc}")
    if skipped:
        note = f"{len(skipped)} entries could not be read (first: {skipped[0]})"
        warning = f"{warning}; {note}" if warning else note
        if not postings:
            return ParseResult([], error=note, title=title, title_shape=shape)
    return ParseResult(_unique(postings), title=title, warning=warning, title_shape=shape)


def _has_content(entry: Any) -> bool:
    return any((entry.get(key) or "").strip() for key in ("title", "link", "id", "summary"))


def _entry_url(entry: Any) -> str:
    url = clean_url(entry.get("link"))
    if url:
        return url
    for link in entry.get("links") or ():
        url = clean_url(link.get("href")) if link.get("rel", "alternate") == "alternate" else None
        if url:
            return url
    if entry.get("guidislink"):
        return clean_url(entry.get("id")) or ""
    # A posting with no web address is still a posting (it counts in trends); the site
    # shows it without a link rather than with a javascript: or relative one.
    return ""


def _description(entry: Any) -> str:
    summary = entry.get("summary") or ""
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if len(value) > len(summary):
            summary = value
    return html_to_text(summary)


def _tags(entry: Any, extra: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in entry.get("tags") or ():
        term = plain(tag.get("term") or tag.get("label"), 80)
        if term:
            seen.setdefault(term, None)
    for term in extra:
        seen.setdefault(plain(term, 80), None)
    seen.pop("", None)
    return list(seen)


def _apply_pattern(feed: FeedConfig, entry: Any, values: dict[str, Any]) -> None:
    match = feed.title_pattern.search(plain(entry.get("title"))) if feed.title_pattern else None
    if match is None:
        return
    for group, value in match.groupdict().items():
        if group in ("company", "title", "location") and value and value.strip():
            values[group] = value.strip()
            if group == "location":
                values["locations"] = [value.strip()]


def _posting(
    entry: Any, parsed: Any, feed: FeedConfig, profile: ModuleType, now: datetime, stamp: str
) -> Posting:
    values = profile.fields(entry, parsed, feed)
    _apply_pattern(feed, entry, values)
    published = values.get("published")
    published = parse_date(
        published
        or entry.get("published_parsed")
        or entry.get("published")
        or entry.get("updated_parsed")
        or entry.get("updated"),
        now,
    )
    updated = (
        parse_date(entry.get("updated_parsed") or entry.get("updated"), now)
        if "updated" in entry
        else None
    )
    url = _entry_url(entry)
    source_id = (
        values.get("source_id")
        or entry.get("id")
        or entry.get("link")
        or f"{entry.get('title', '')}\x1f{entry.get('published') or entry.get('updated') or ''}"
    )
    location = plain(values.get("location"))
    locations = [plain(p) for p in values.get("locations") or () if p] or (
        [location] if location else []
    )
    return Posting(
        id=posting_id(feed.id, str(source_id)),
        feed_id=feed.id,
        feed=feed.name,
        url=url,
        title=plain(values.get("title")) or plain(entry.get("title")),
        company=plain(values.get("company")),
        location=location,
        locations=locations,
        area=feed.area,
        published=published,
        updated=updated if updated != published else None,
        first_seen=stamp,
        last_seen=stamp,
        description=_description(entry),
        department=plain(values.get("department")) or None,
        work_mode=values.get("work_mode"),
        employment_type=values.get("employment_type"),
        salary=values.get("salary"),
        tags=_tags(entry, values.get("tags") or []),
        requirements={},
    )


def _unique(postings: list[Posting]) -> list[Posting]:
    """One posting per id within a feed; the last one listed wins, in first-seen order."""
    by_id: dict[str, Posting] = {}
    for posting in postings:
        by_id[posting.id] = posting
    return list(by_id.values())
