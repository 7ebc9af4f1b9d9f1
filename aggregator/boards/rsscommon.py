"""Helpers shared by the RSS/Atom board profiles: entry text, list splitting, work mode, employer.

Profiles receive an entry (a plain dict copy of feedparser's) and the parsed result.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.normalize import plain

_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.I)
_REMOTE = re.compile(r"\b(?:remote|anywhere|wfh|work from home|distributed)\b", re.I)
_NOT_REMOTE = re.compile(r"\b(?:no remote|not remote|non[- ]remote)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(?:on[- ]?site|in[- ]office|in[- ]person)\b", re.I)
_EMPLOYMENT = (
    (re.compile(r"\bfull[- ]?time\b", re.I), "full-time"),
    (re.compile(r"\bpart[- ]?time\b", re.I), "part-time"),
    (re.compile(r"\b(?:contract|contractor|freelance|temporary|temp)\b", re.I), "contract"),
    (re.compile(r"\b(?:intern|internship)\b", re.I), "internship"),
)
# A single employer's own feed: "Acme Careers", "Jobs at Acme", "Acme - Open positions".
_EMPLOYER_TITLE = (
    re.compile(
        r"^(?:jobs|careers|open (?:positions|roles)|job openings)\s+(?:at|@)\s+(?P<c>.+)$", re.I
    ),
    re.compile(
        # Not "X Jobs": "Python Jobs" and "Remote Writing Jobs" are boards, not employers.
        r"^(?P<c>.+?)\s*[-–|:]?\s*(?:careers|career opportunities|employment opportunities)$",
        re.I,
    ),
)


def text(entry: Any, key: str, limit: int = 300) -> str:
    """One element's value as one line of plain text ('' when absent)."""
    value = entry.get(key)
    if isinstance(value, dict):  # an element with attributes only
        return ""
    return plain(value, limit) if value else ""


def split_list(value: str) -> list[str]:
    """'A, B and C, and D' -> ['A', 'B and C', 'D']: an "and" inside a name stays."""
    seen: dict[str, None] = {}
    for part in _LIST_SPLIT.split(value):
        part = _LEADING_AND.sub("", part.strip(" ."))
        if part:
            seen.setdefault(part, None)
    return list(seen)


def work_mode(*texts: str) -> str | None:
    """remote / hybrid / onsite when one of the texts says so plainly."""
    joined = " ".join(t for t in texts if t)
    if not joined:
        return None
    if _HYBRID.search(joined):
        return "hybrid"
    if _REMOTE.search(joined) and not _NOT_REMOTE.search(joined):
        return "remote"
    if _ONSITE.search(joined) or _NOT_REMOTE.search(joined):
        return "onsite"
    return None


def employment_type(*texts: str) -> str | None:
    joined = " ".join(t for t in texts if t)
    for rx, name in _EMPLOYMENT:
        if rx.search(joined):
            return name
    return None


def feed_employer(parsed: Any) -> str:
    """The employer named by a single employer's feed title, or ''."""
    title = plain(parsed.get("feed", {}).get("title"), 200)
    for rx in _EMPLOYER_TITLE:
        match = rx.match(title)
        if match:
            return match["c"].strip(" -–|:")
    return ""


def feed_link(parsed: Any, feed: Any) -> str:
    """The feed's configured URL and its own link, lowercased, for board detection."""
    own = parsed.get("feed", {}).get("link") or ""
    return f"{feed.url} {own}".lower()


# "Acme (YC S21) Is Hiring a Senior Engineer in Berlin", "Globex is hiring engineers (Remote)".
_IS_HIRING = re.compile(
    r"^(?P<company>[^|]+?)\s+(?:\((?:YC\s*)?[A-Z]?\d{2,4}\)\s+)?(?:is|are)\s+hiring\b[:\s-]*"
    r"(?:(?:an?|the|our|its|for)\s+)?(?P<title>.*?)"
    r"(?:\s+in\s+(?P<place>[A-Z][^()]*?)|\s*\((?P<paren>[^()]+)\))?[.!]?$",
    re.I,
)
_NOT_AN_EMPLOYER = re.compile(r"\bwho$|\bask hn\b|^new comment\b|\bwho'?s$", re.I)
_YC_BATCH = re.compile(r"\s*\((?:YC\s*)?[A-Z]?\d{2,4}\)$", re.I)


def is_hiring(title: str) -> tuple[str, str, str] | None:
    """(company, role, place) from a "Company is hiring a Role in Place" title, else None."""
    match = _IS_HIRING.match(title)
    if match is None:
        return None
    company = _YC_BATCH.sub("", match["company"]).strip()
    if _NOT_AN_EMPLOYER.search(company):  # "Ask HN: Who is hiring?" names no company
        return None
    role = match["title"].strip(" .,-:")
    place = (match["place"] or match["paren"] or "").strip()
    if match["place"] and match["place"][:1].islower():  # "in machine learning" is no place
        role, place = f"{role} in {match['place']}", ""
    if role[:1].islower():
        role = role[0].upper() + role[1:]
    return company, role, place
