"""Title shapes of feeds no board profile claims, decided per feed from its own titles.

A generic feed titles its items one way: `Acme: Data Engineer (Austin, TX)`, `Data
Engineer at Acme`, `Data Engineer - Acme - Austin`, `Acme | Data Engineer | Austin`,
or `Data Engineer (Austin, TX)` with the company given elsewhere. Read one title alone,
`Engineer: Backend` or `Lead - Platform` look like a company and a role; read with the
feed's other titles they do not. So a shape is chosen only when it explains most of the
feed's titles plausibly (the company side is a name, not a job word or a place), and
otherwise none is: the company is left empty rather than guessed. The chosen shape is
shown as the feed's `title_shape` in `stayready status --json`; a feed's `title_pattern`
in stayready.yml overrides it.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards.pipes import read_parts, split_line
from aggregator.boards.rsscommon import feed_employer, is_hiring
from aggregator.normalize import plain

COMPANY_ROLE = "Company: Role"
ROLE_AT_COMPANY = "Role at Company"
ROLE_DASH_COMPANY = "Role - Company"
PIPES = "Company | Role | Place"
ROLE_PLACE = "Role (Place)"
NONE = "none"  # no shape explains most titles: company only from elements or the feed
# In order of preference when two explain as many titles (one that names a company wins).
SHAPES = (PIPES, COMPANY_ROLE, ROLE_AT_COMPANY, ROLE_DASH_COMPANY, ROLE_PLACE)
MOST = 2 / 3  # "most of the feed's titles"
_MEMO = "stayready_title_shape"  # kept in the parsed feed: decided once per feed

_PAREN_PLACE = re.compile(r"^(?P<rest>.*\S)\s*\((?P<place>[^()]{2,80})\)$")
_DASHES = re.compile(r"\s+(?:-|–|—)\s+")
_AT = re.compile(r"^(?P<title>.+\S)\s+(?:at|@)\s+(?P<company>\S.*)$")
_WORD = re.compile(r"[a-z0-9+#]+")
# Words that make a role, a level or a team, never a company on their own.
_JOB_WORDS = frozenset(
    "senior sr junior jr lead leads principal staff head chief vp director directors manager "
    "managers engineer engineers engineering developer developers dev programmer architect "
    "analyst analysts designer designers scientist scientists researcher consultant "
    "specialist coordinator assistant associate administrator admin officer technician "
    "intern internship nurse teacher driver representative rep agent clerk executive "
    "backend frontend front back end fullstack full stack platform infrastructure data "
    "software hardware product design marketing sales support operations ops devops sre "
    "ml ai qa security cloud mobile web ios android embedded systems network remote "
    "hybrid onsite contract part time temporary i ii iii iv v team new job jobs role "
    "position opening openings hiring urgent wanted the a an and of for".split()
)
# "Senior Engineer at Scale", "Work at Home", "at Night": the guards of the generic profile.
_NOT_COMPANY = re.compile(r"^(?:home|night|scale|the office|least|large|heart|risk)\b", re.I)
_PLACE_LIKE = re.compile(r",\s*[A-Z]{2}\b|\bremote\b|\banywhere\b", re.I)


def _company_ok(name: str) -> bool:
    """Whether a title's company side reads as a company name."""
    name = name.strip()
    if not name or len(name) > 60 or len(name.split()) > 6:
        return False
    if not (name[0].isupper() or name[0].isdigit()):
        return False
    if _NOT_COMPANY.match(name) or _PLACE_LIKE.search(name):
        return False
    words = _WORD.findall(name.lower())
    return bool(words) and not all(w in _JOB_WORDS for w in words)


def _tail_place(text: str) -> tuple[str, str]:
    """'Role (Austin, TX)' -> ('Role', 'Austin, TX'); 'Role - Austin' -> ('Role', 'Austin')."""
    m = _PAREN_PLACE.match(text)
    if m:
        return m["rest"].strip(), m["place"].strip()
    parts = _DASHES.split(text)
    if len(parts) == 2 and parts[0] and parts[1]:
        words = _WORD.findall(parts[1].lower())
        if words and not all(w in _JOB_WORDS for w in words):  # "- Backend" is no place
            return parts[0].strip(), parts[1].strip()
    return text.strip(), ""


def split(shape: str, title: str) -> dict[str, Any] | None:
    """What one title says in the given shape, or None when the shape does not explain it.

    The result has `title`, `company` and `location` (and salary, work mode and
    employment type for the pipe shape, read by aggregator/boards/pipes.py).
    """
    if shape == COMPANY_ROLE:
        company, sep, rest = title.partition(": ")
        if not sep or not _company_ok(company):
            return None
        role, place = _tail_place(rest)
        return {"title": role, "company": company.strip(), "location": place} if role else None
    if shape == ROLE_AT_COMPANY:
        m = _AT.match(title)
        if m is None:
            return None
        company, place = _tail_place(m["company"])
        if not _company_ok(company):
            return None
        return {"title": m["title"].strip(), "company": company, "location": place}
    if shape == ROLE_DASH_COMPANY:
        parts = [p.strip() for p in _DASHES.split(title)]
        if not 2 <= len(parts) <= 3 or not all(parts) or not _company_ok(parts[1]):
            return None
        company, place = _tail_place(parts[1])
        place = parts[2] if len(parts) == 3 else place
        return {"title": parts[0], "company": company, "location": place}
    if shape == PIPES:
        if "|" not in title and "│" not in title and "•" not in title and "·" not in title:
            return None
        parts = split_line(title)
        values = read_parts(parts) if len(parts) >= 2 else None
        if not values or not values["title"] or not _company_ok(values["company"]):
            return None
        return values
    if shape == ROLE_PLACE:
        m = _PAREN_PLACE.match(title)
        if m is None or _WORD.findall(m["place"].lower()) in (["m", "f", "d"], ["m", "w", "d"]):
            return None
        return {"title": m["rest"].strip(), "company": "", "location": m["place"].strip()}
    return None


def sniff(titles: list[str], company_elsewhere: bool = False) -> str:
    """The shape that explains most (two thirds) of the titles, else NONE.

    `company_elsewhere`: the feed names its employer (its title, or an author or company
    element on most items); then `Role - X` is read as a role and its unit or place
    ("Registered Nurse - ICU"), never as a company.
    """
    titles = [t for t in titles if t and is_hiring(t) is None]  # those explain themselves
    if not titles:
        return NONE
    need = -(-len(titles) * 2 // 3)  # ceil(2/3 n)
    best, best_n = NONE, 0
    for shape in SHAPES:
        # One title shows no repetition: only a shape whose company side is told apart by
        # its own separator (":", " at ", pipes) may read it; "Nurse - Austin" may not.
        if shape == ROLE_DASH_COMPANY and (company_elsewhere or len(titles) == 1):
            continue
        n = sum(1 for t in titles if split(shape, t) is not None)
        if n >= need and n > best_n:
            best, best_n = shape, n
    return best


def of_feed(parsed: Any) -> str:
    """The parsed feed's shape, decided once from its entries' titles and kept in it."""
    shape = parsed.get(_MEMO)
    if shape is None:
        entries = parsed.get("entries") or []
        named = sum(1 for e in entries if e.get("author") or e.get("company"))
        elsewhere = bool(feed_employer(parsed)) or named * 2 > len(entries)
        shape = sniff([plain(e.get("title")) for e in entries], elsewhere)
        try:
            parsed[_MEMO] = shape
        except TypeError:  # a read-only mapping: decided again next time
            pass
    return shape
