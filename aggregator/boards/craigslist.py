"""Craigslist RSS 1.0: `Title (place) $price`; `dc:source` is the item's URL, not a company."""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards.rsscommon import employment_type, feed_link, text, work_mode
from aggregator.normalize import parse_salary_text
from foundation.config import FeedConfig

# The last parenthesized group is the neighbourhood; what follows is price and size.
_TITLE = re.compile(r"^(?P<title>.*\S)\s*\((?P<place>[^()]+)\)(?P<rest>[^()]*)$")


def matches(parsed: Any, feed: FeedConfig) -> bool:
    if "craigslist.org" in feed_link(parsed, feed):
        return True
    entries = parsed.get("entries") or []
    first = entries[0] if entries else {}
    return bool(first.get("dc_source")) and first.get("dc_source") == first.get("link")


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    raw = text(entry, "title")
    title, place, rest = raw, "", ""
    match = _TITLE.match(raw)
    if match:
        title, place, rest = match["title"], match["place"].strip(), match["rest"]
    return {
        "title": title,
        "company": "",  # Craigslist names no employer; the text sometimes does
        "location": place,
        "locations": [place] if place else [],
        "salary": parse_salary_text(rest) or parse_salary_text(title),
        "work_mode": work_mode(place),
        "employment_type": employment_type(title),
    }
