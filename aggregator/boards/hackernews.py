"""Hacker News "Who is hiring" style: `Company | Role | Location | REMOTE | $salary | URL`.

hnrss.org puts the comment in the description and a generic "New comment by ..." title,
so the first line is looked for in the title first, then in the description's first line.
The line itself is read by aggregator/boards/pipes.py, which also serves generic feeds
titled that way: one reader for the shape, whatever the month's small variations.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards.pipes import read_parts, split_line
from aggregator.boards.rsscommon import feed_link, is_hiring, work_mode
from aggregator.normalize import html_to_text, plain
from foundation.config import FeedConfig

# "Who is hiring?", "Who's hiring", "Who is Hiring (March 2019)", "whoishiring".
_WHO_IS_HIRING = re.compile(r"who(?:\s*is|'s|’s)?\s*hiring", re.I)
_SNIFF_ENTRIES = 12


def matches(parsed: Any, feed: FeedConfig) -> bool:
    link = feed_link(parsed, feed)
    if "ycombinator.com" in link or "hnrss" in link:
        return True
    if _WHO_IS_HIRING.search(parsed.get("feed", {}).get("title") or ""):
        return True
    # No telling name or address (a mirror, a replay, an archive): the comments themselves,
    # whose pipe line opens the description. A feed whose *titles* are pipe lines is left
    # to the generic profile's shape sniffing, which reads them with the same parser.
    entries = (parsed.get("entries") or [])[:_SNIFF_ENTRIES]
    # hnrss titles each comment 'New comment by x in "Ask HN: Who is hiring? (May 2019)"'.
    named = sum(bool(_WHO_IS_HIRING.search(e.get("title") or "")) for e in entries)
    lines = sum(bool(_comment_line(e)) for e in entries)
    return bool(entries) and max(named, lines) * 2 > len(entries)


def _comment_line(entry: Any) -> list[str]:
    summary = entry.get("summary") or ""
    return split_line(html_to_text(summary[:2000], limit=600).split("\n", 1)[0])


def _pipe_line(entry: Any) -> list[str]:
    parts = split_line(plain(entry.get("title"), 600))
    return parts if len(parts) >= 3 else _comment_line(entry)


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    parts = _pipe_line(entry)
    if not parts:
        # hnrss.org/jobs: YC companies' job stories, "Acme (YC S21) Is Hiring a Role".
        title = plain(entry.get("title"))
        hiring = is_hiring(title)
        if hiring is None:
            return {"title": title, "company": ""}
        company, role, place = hiring
        return {
            "title": role,
            "company": company,
            "location": place,
            "locations": [place] if place else [],
            "work_mode": work_mode(place),
        }
    return read_parts(parts)
