"""JSON Feed (jsonfeed.org, versions 1 and 1.1): a feed's items as postings.

Titles are read as "Role at Company" unless the feed sets its own `title_pattern`; without
a company in the title, the item's author, then the feed's name, is the employer.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig

# The last " at " splits, so "Head of Growth at Scale at Acme" keeps its role whole.
_ROLE_AT_COMPANY = re.compile(r"^(?P<title>.+)\s+at\s+(?P<company>[^,]+?)\s*$", re.DOTALL)


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    if isinstance(data, dict) and "items" not in data and "version" not in data:
        raise ValueError(f"not a JSON Feed: an object without 'items' ({_keys(data)})")
    items = _json.job_list(data, "JSON Feed", key="items")
    return _json.parse_jobs(items, lambda item: _one(feed, item, now))


def _keys(data: dict[str, Any]) -> str:
    names = ", ".join(sorted(str(k) for k in data)[:5])
    return f"keys: {names}" if names else "empty"


def _one(feed: FeedConfig, item: _json.Job, now: datetime) -> Posting | None:
    raw_title = _json.text(item.get("title")).strip()
    title, company, location = _split(feed, raw_title)
    if not company:
        company = _author(item) or feed.name
    url = item.get("url") or item.get("external_url")
    # content_text and summary are plain text: their line breaks are kept.
    body = _json.text(item.get("content_html")) or _json.from_plain(item.get("content_text"))
    return _json.posting(
        feed,
        now,
        source_id=item.get("id") or url,
        url=url,
        title=title,
        company=company,
        location=location,
        locations=[location],
        work_mode=_json.mode_from_places([location, raw_title]),
        published=item.get("date_published"),
        updated=item.get("date_modified"),
        description=_json.describe(body or _json.from_plain(item.get("summary"))),
        tags=_json.strings(item.get("tags")),
    )


def _split(feed: FeedConfig, raw: str) -> tuple[str, str, str]:
    """(title, company, location) from an item title; blanks where the title does not say."""
    if feed.title_pattern is not None:
        found = feed.title_pattern.search(raw)
        if found:
            parts = found.groupdict()
            return (
                (parts.get("title") or raw).strip(),
                (parts.get("company") or "").strip(),
                (parts.get("location") or "").strip(),
            )
    found = _ROLE_AT_COMPANY.match(raw)
    if found:
        return found["title"].strip(), found["company"].strip(), ""
    return raw, "", ""


def _author(item: _json.Job) -> str:
    # Version 1.1 has an `authors` list; version 1 a single `author`.
    authors = item.get("authors")
    candidates = authors if isinstance(authors, list) else [item.get("author")]
    for author in candidates:
        if isinstance(author, dict) and _json.text(author.get("name")).strip():
            return _json.text(author["name"]).strip()
    return ""
