"""Hacker News "Who is hiring" style: `Company | Role | Location | REMOTE | $salary | URL`.

hnrss.org puts the comment in the description and a generic "New comment by ..." title,
so the pipe line is looked for in the title first, then in the description's first line.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards.rsscommon import employment_type, feed_link, is_hiring, work_mode
from aggregator.normalize import html_to_text, parse_salary_text, plain
from foundation.config import FeedConfig

_PIPES = re.compile(r"\s*[|│]\s*")
_URL = re.compile(
    r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|io|ai|co|org|net|dev|app)(?:/\S*)?$", re.I
)
_MONEY = re.compile(r"[$€£]\s?\d|\d\s?[kK]\b|\b(?:USD|EUR|GBP)\b|\bequity\b", re.I)
# A part made only of these words says how or where-from one works, not a place or a role.
# Word sets, not one alternation regex: "remote (" repeated made that regex exponential.
_WORD = re.compile(r"[a-z0-9%]+")
_MODE_WORDS = frozenset(("remote", "onsite", "hybrid", "office"))
_MODE_EXTRA = frozenset(
    "in fully 100% us eu uk usa global only ok friendly optional within timezone "
    "timezones time zone zones or and".split()
)
_TYPE_WORDS = frozenset(
    "full part time contract contractor intern interns internship internships freelance ft pt "
    "visa sponsorship".split()
)


def _mode_only(part: str) -> bool:
    part = part.lower().replace("on-site", "onsite").replace("on site", "onsite")
    words = set(_WORD.findall(part))
    return bool(words & _MODE_WORDS) and words <= _MODE_WORDS | _MODE_EXTRA


def _type_only(part: str) -> bool:
    words = set(_WORD.findall(part.lower()))
    return bool(words) and words <= _TYPE_WORDS


_ROLE_WORDS = re.compile(
    r"\b(?:engineers?|developers?|programmers?|designers?|scientists?|managers?|leads?|heads?|"
    r"director|architects?|analysts?|researchers?|sre|devops|founding|cto|vp|intern|"
    r"specialist|consultant|administrator|recruiter|writer|marketer|product|staff|senior|"
    r"junior|principal|full[- ]?stack|frontend|backend|front[- ]end|back[- ]end|ml|ai|data)\b",
    re.I,
)
_SEVERAL = re.compile(r"\s+(?:/|or|&)\s+|\s*;\s*")
_WHO_IS_HIRING = re.compile(r"who\s+is\s+hiring|whoishiring", re.I)
# "PermitFlow (YC W22)", "Courted (https://courted.io)", "Acme (Series A)": the name only.
_COMPANY_NOISE = re.compile(
    r"\s*\((?:https?://[^)]*|www\.[^)]*|[\w-]+\.(?:com|io|ai|co|dev|org|net|app)/?|"
    r"YC\s*[A-Z]?\d{2,4}|Series\s+[A-Z]|Seed|Pre-Seed|"
    r"Funded|Angel)\)|\s+https?://\S+$",
    re.I,
)


def matches(parsed: Any, feed: FeedConfig) -> bool:
    link = feed_link(parsed, feed)
    if "ycombinator.com" in link or "hnrss" in link:
        return True
    if _WHO_IS_HIRING.search(parsed.get("feed", {}).get("title") or ""):
        return True
    titles = [e.get("title") or "" for e in (parsed.get("entries") or [])[:10]]
    return bool(titles) and sum(t.count("|") >= 2 for t in titles) * 2 > len(titles)


def _pipe_line(entry: Any) -> str:
    title = plain(entry.get("title"), 600)
    if title.count("|") >= 2:
        return title
    summary = entry.get("summary") or ""
    first = html_to_text(summary[:2000], limit=600).split("\n", 1)[0]
    return first if first.count("|") >= 1 else ""


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    line = _pipe_line(entry)
    if not line:
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
    parts = [p for p in _PIPES.split(line) if p]
    company, rest = _COMPANY_NOISE.sub("", parts[0]).strip(), parts[1:]
    role = location = ""
    salary = None
    modes: list[str] = []
    kinds: list[str] = []
    others: list[str] = []
    for part in rest:
        if _URL.match(part):
            continue
        if salary is None and _MONEY.search(part):
            salary = parse_salary_text(part)
            if salary is not None:
                continue
        if _mode_only(part):
            modes.append(part)
        elif _type_only(part):
            kinds.append(part)
        else:
            others.append(part)
    # The role is the first part that sounds like one; the next free part is the place.
    for part in others:
        if not role and _ROLE_WORDS.search(part):
            role = part
        elif not location:
            location = part
    if not role and others:
        role = others[0]
        location = others[1] if len(others) > 1 else ""  # the loop took others[0] as place
    if not location and modes:
        location = modes[0]
    locations = [p.strip(" ,") for p in _SEVERAL.split(location) if p.strip(" ,")]
    return {
        "title": role,
        "company": company,
        "location": location,
        "locations": locations,
        "salary": salary,
        "work_mode": work_mode(*modes, location),
        "employment_type": employment_type(*kinds),
    }
