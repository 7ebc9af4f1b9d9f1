"""Python.org Jobs: titles `Role, Company`; the description starts with `City, Region, Country`."""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards.rsscommon import feed_link, text, work_mode
from aggregator.normalize import plain
from foundation.config import FeedConfig

# "Engineer, Acme, Inc.": a legal suffix after the last comma belongs to the company.
_SUFFIX = re.compile(r"^(?:inc|llc|ltd|gmbh|corp|co|plc|s\.?a|ag|b\.?v)\.?$", re.I)


def matches(parsed: Any, feed: FeedConfig) -> bool:
    if "python.org/jobs" in feed_link(parsed, feed):
        return True
    return (parsed.get("feed", {}).get("title") or "").startswith("Python.org Jobs")


def _split(title: str) -> tuple[str, str]:
    parts = title.split(", ")
    if len(parts) < 2:
        return title, ""
    cut = len(parts) - 1
    if cut > 1 and _SUFFIX.match(parts[-1]):
        cut -= 1
    return ", ".join(parts[:cut]), ", ".join(parts[cut:])


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    role, company = _split(text(entry, "title"))
    # The description starts with the place on a line of its own, before the HTML.
    summary = entry.get("summary") or ""
    first = summary.lstrip().split("\n", 1)[0]
    place = plain(first, 120) if "<" not in first[:1] and len(first) <= 200 else ""
    return {
        "title": role,
        "company": company,
        "location": place,
        "locations": [place] if place else [],
        "work_mode": work_mode(place, role),
    }
