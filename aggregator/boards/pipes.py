"""The one reader of `Company | Role | Place | ...` lines, shared by the Hacker News profile
and the title-shape sniffer of generic feeds (aggregator/boards/shapes.py).

Hacker News "Who is hiring" comments start with such a line, but each month's posters
vary it: other separators (`•`, `·`, ` - `, ` – `), missing parts (no place, no role),
links in it (`Acme (https://acme.com)`, a bare URL as a part), salary and work-mode parts
in any order. Splitting and reading the parts lives here once so both users agree.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards.rsscommon import employment_type, work_mode
from aggregator.normalize import parse_salary_text

# Separators in order of trust: pipes are unambiguous; bullets nearly so; a spaced dash
# is one only when the line has no pipe or bullet (inside a part it is just a dash).
_PIPES = re.compile(r"\s*[|│｜¦]\s*")
_BULLETS = re.compile(r"\s+[•·∙●▪]\s+")
_DASHES = re.compile(r"\s+(?:-{1,2}|–|—)\s+")
_URL = re.compile(
    r"^(?:https?://|www\.)\S+$|^[\w.-]+\.(?:com|io|ai|co|org|net|dev|app|xyz|tech|so)(?:/\S*)?$",
    re.I,
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
ROLE_WORDS = re.compile(
    r"\b(?:engineers?|developers?|programmers?|designers?|scientists?|managers?|leads?|heads?|"
    r"director|architects?|analysts?|researchers?|sre|devops|founding|cto|vp|intern|"
    r"specialist|consultant|administrator|recruiter|writer|marketer|product|staff|senior|"
    r"junior|principal|full[- ]?stack|frontend|backend|front[- ]end|back[- ]end|ml|ai|data)\b",
    re.I,
)
# What only a place has: "Austin, TX", "Remote (US)", "NYC / London".
_PLACE_HINT = re.compile(r",|\b(?:remote|onsite|on-site|hybrid|nyc|sf|bay area)\b| / ", re.I)
_SEVERAL = re.compile(r"\s+(?:/|or|&)\s+|\s*;\s*")
# "PermitFlow (YC W22)", "Courted (https://courted.io)", "Acme (Series A)": the name only.
_COMPANY_NOISE = re.compile(
    r"\s*\((?:https?://[^)]*|www\.[^)]*|[\w.-]+\.(?:com|io|ai|co|dev|org|net|app)(?:/[^)]*)?|"
    r"YC\s*[A-Z]?\d{2,4}|Series\s+[A-Z]|Seed|Pre-Seed|"
    r"Funded|Angel)\)|\s+(?:https?://|www\.)\S+$",
    re.I,
)


def split_line(line: str) -> list[str]:
    """The parts of a `Company | Role | Place` line, or [] when it is not one.

    A line is one when it has a pipe, or (without pipes) a bullet, or two spaced dashes;
    one spaced dash is too weak alone ("Acme - the best place to work").
    """
    for rx, least in ((_PIPES, 1), (_BULLETS, 1), (_DASHES, 2)):
        if len(rx.findall(line)) >= least:
            parts = [p.strip() for p in rx.split(line)]
            parts = [p for p in parts if p]
            return parts if len(parts) >= 2 else []
    return []


def company_name(part: str) -> str:
    """A company part without its links, YC batch or funding stage."""
    return _COMPANY_NOISE.sub("", part).strip(" -–—,:")


def mode_only(part: str) -> bool:
    part = part.lower().replace("on-site", "onsite").replace("on site", "onsite")
    words = set(_WORD.findall(part))
    return bool(words & _MODE_WORDS) and words <= _MODE_WORDS | _MODE_EXTRA


def type_only(part: str) -> bool:
    words = set(_WORD.findall(part.lower()))
    return bool(words) and words <= _TYPE_WORDS


def is_url(part: str) -> bool:
    return bool(_URL.match(part))


def read_parts(parts: list[str]) -> dict[str, Any]:
    """Company, role, place, salary, work mode and employment type from split parts.

    The first part that is not a link is the company. Of the rest, links are dropped,
    the first amount is the salary, work-mode and job-type parts are noted; the first
    free part that sounds like a role is the role and the next free part the place.
    """
    parts = list(parts)
    while len(parts) > 1 and is_url(parts[0]):
        parts.pop(0)
    company, rest = company_name(parts[0]) if parts else "", parts[1:]
    role = location = ""
    salary = None
    modes: list[str] = []
    kinds: list[str] = []
    others: list[str] = []
    for part in rest:
        if is_url(part):
            continue
        if salary is None and _MONEY.search(part):
            salary = parse_salary_text(part)
            if salary is not None:
                continue
        if mode_only(part):
            modes.append(part)
        elif type_only(part):
            kinds.append(part)
        else:
            others.append(part)
    for part in others:
        if not role and ROLE_WORDS.search(part):
            role = part
        elif not location:
            location = part
    if not role and others:
        if len(others) == 1 and _PLACE_HINT.search(others[0]):
            location = others[0]  # "Acme | Austin, TX | Full-time": no role given
        else:
            role = others[0]
            location = others[1] if len(others) > 1 else ""  # the loop took others[0]
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
