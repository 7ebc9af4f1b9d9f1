"""We Work Remotely: `Company: Role` titles; `region`, `country`, `state`, `skills`, `type`."""

from __future__ import annotations

from typing import Any

from aggregator.boards.rsscommon import employment_type, feed_link, split_list, text
from foundation.config import FeedConfig


def matches(parsed: Any, feed: FeedConfig) -> bool:
    if "weworkremotely.com" in feed_link(parsed, feed):
        return True
    entries = parsed.get("entries") or []
    return bool(entries) and all(
        "region" in e and ": " in (e.get("title") or "") for e in entries[:5]
    )


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    raw = text(entry, "title")
    company, sep, title = raw.partition(": ")
    if not sep:
        company, title = "", raw
    region = text(entry, "region")
    place = ", ".join(p for p in (text(entry, "state"), text(entry, "country")) if p)
    locations = [p for p in dict.fromkeys((region, place)) if p]
    kind = text(entry, "type")
    return {
        "title": title.strip(),
        "company": company.strip(),
        "location": " · ".join(locations),
        "locations": locations,
        "work_mode": "remote",  # the whole board is remote jobs
        "employment_type": employment_type(kind) or (kind.lower() or None),
        "tags": split_list(text(entry, "skills", 2000)),
    }
