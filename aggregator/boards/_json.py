"""Shared pieces of the JSON source kinds: finding the job list, building a Posting, and
reading salaries, work modes and employment types the way every board spells them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from aggregator.models import Posting, Salary
from aggregator.normalize import clean_url, html_to_text, parse_date, plain, posting_id
from foundation.clock import iso
from foundation.config import FeedConfig

Job = dict[str, Any]


def _shape(data: Any) -> str:
    if isinstance(data, dict):
        return "a JSON object"
    if isinstance(data, list):
        return "a JSON list"
    if isinstance(data, str):
        return "a JSON string"
    if data is None:
        return "null"
    return f"a JSON {type(data).__name__}"


def _board_error(data: dict[str, Any]) -> str:
    """The reason a board gave inside an error object ({"ok": false, "error": ...})."""
    for key in ("error", "errors", "message", "msg", "detail"):
        value = data.get(key)
        if isinstance(value, list) and value:
            value = value[0]  # Ashby: {"success": false, "errors": ["..."]}
        if isinstance(value, str) and value.strip():
            return f": the board answered {plain(value, 120)!r}"
        if isinstance(value, dict) and isinstance(value.get("message"), str):
            return f": the board answered {plain(value['message'], 120)!r}"
    return ""


def job_list(data: Any, board: str, *, key: str | None = "jobs", bare: bool = False) -> list[Any]:
    """The list of jobs in a response: under `key` in an object, or the whole body when
    `bare` (the board answers with a plain list). Anything else is not this board's answer.
    """
    if bare and isinstance(data, list):
        return data
    if key and isinstance(data, dict) and isinstance(data.get(key), list):
        return data[key]
    wanted = " or ".join(
        w for w in (f"an object with a {key!r} list" if key else "", "a list" if bare else "") if w
    )
    reason = _board_error(data) if isinstance(data, dict) else ""
    raise ValueError(f"not a job list from {board}: expected {wanted}, got {_shape(data)}{reason}")


# Fields only one kind's jobs carry, in one of these sets at least: what tells a Remotive
# response from a Jobicy one when a feed names the wrong kind.
_SIGNATURES: dict[str, tuple[frozenset[str], ...]] = {
    "remotive": (frozenset({"candidate_required_location"}),
                 frozenset({"company_name", "publication_date"})),
    "jobicy": (frozenset({"jobTitle"}), frozenset({"jobGeo"}), frozenset({"jobSlug"})),
    "himalayas": (frozenset({"applicationLink"}), frozenset({"locationRestrictions"})),
    "ashby": (frozenset({"jobUrl"}), frozenset({"isListed"})),
    "greenhouse": (frozenset({"absolute_url"}),),
    "lever": (frozenset({"hostedUrl"}), frozenset({"text", "categories"})),
    "remoteok": (frozenset({"position", "slug"}), frozenset({"position", "epoch"})),
    "workable": (frozenset({"shortcode", "application_url"}),
                 frozenset({"shortcode", "telecommuting"})),
    "recruitee": (frozenset({"careers_url"}), frozenset({"employment_type_code"})),
    "smartrecruiters": (frozenset({"releasedDate"}), frozenset({"typeOfEmployment"})),
    "workday": (frozenset({"externalPath", "postedOn"}),
                frozenset({"externalPath", "bulletFields"})),
}  # fmt: skip
# Where a board's answer keeps its jobs: most under "jobs", Recruitee under "offers",
# SmartRecruiters under "content", Workday under "jobPostings".
_LIST_KEYS = ("jobs", "offers", "content", "jobPostings")


def looks_like(data: Any) -> str | None:
    """The kind whose response `data` looks like, by its jobs' own fields, or None.

    A JSON Feed says so in its `version`; a board's jobs are told apart by fields only
    that board sends. The kind most jobs match wins; fewer than half matching is no guess.
    """
    if isinstance(data, dict) and "jsonfeed.org" in text(data.get("version")):
        return "jsonfeed"
    jobs = data if isinstance(data, list) else None
    if isinstance(data, dict):
        jobs = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
    if not isinstance(jobs, list):
        return None
    dicts = [job for job in jobs if isinstance(job, dict)]
    if not dicts:
        return None
    counts = {
        kind: sum(1 for job in dicts if any(sig <= job.keys() for sig in sigs))
        for kind, sigs in _SIGNATURES.items()
    }
    kind, best = max(counts.items(), key=lambda kv: kv[1])
    return kind if best * 2 >= len(dicts) and best > 0 else None


def text(value: Any) -> str:
    """A field as a string: numbers become text, anything else (lists, objects, null) empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def count(data: Any, key: str) -> int | None:
    """A whole number the answer gives under `key` (a board's total), else None."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def strings(value: Any) -> list[str]:
    """A list field as its non-empty strings; a lone string counts as a list of one."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [v for v in (text(x).strip() for x in value) if v]


def unique(values: Iterable[str]) -> list[str]:
    """Values in order, without blanks or case-insensitive repeats."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


# RemoteOK (among others) sends UTF-8 that was decoded as Latin-1 once: "â\x80\x93" for "–".
_MOJIBAKE = re.compile(r"[\xc2-\xf4][\x80-\xbf]{1,3}")


def repair_mojibake(value: str) -> str:
    """Undo UTF-8 read as Latin-1, sequence by sequence, leaving real accents alone."""

    def fix(match: re.Match[str]) -> str:
        try:
            return match.group().encode("latin-1").decode("utf-8")
        except UnicodeError:
            return match.group()

    return _MOJIBAKE.sub(fix, value) if value else value


# --- salaries, modes, types --------------------------------------------------------------

_PERIODS = (
    ("hour", "hour"), ("day", "day"), ("daily", "day"), ("week", "week"), ("month", "month"),
    ("year", "year"), ("annual", "year"), ("yearly", "year"),
)  # fmt: skip


def period(raw: Any) -> str | None:
    """year/month/week/day/hour from a board's wording: "per-year-salary", "1 YEAR", "hourly"."""
    word = text(raw).casefold()
    if "hour" in word:
        return "hour"
    for needle, name in _PERIODS:
        if needle in word:
            return name
    return None


def amount(value: Any) -> float | None:
    """A positive salary figure; 0, negatives, blanks and words mean "not given"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.replace(",", "").strip()
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, (int, float)) and value > 0 and value == value and value < 1e12:
        return float(value)
    return None


def salary(low: Any, high: Any, currency: Any = None, per: str | None = None) -> Salary | None:
    """A structured salary from the feed's own fields, or None when neither end is given."""
    lo, hi = amount(low), amount(high)
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    code = text(currency).strip().upper()
    return Salary(min=lo, max=hi, currency=code if re.fullmatch(r"[A-Z]{3}", code) else None,
                  period=per, source="feed")  # fmt: skip


_MODES = (("hybrid", "hybrid"), ("remote", "remote"), ("on-site", "onsite"),
          ("onsite", "onsite"), ("on site", "onsite"), ("in office", "onsite"),
          ("in-office", "onsite"), ("office", "onsite"))  # fmt: skip


def work_mode(raw: Any) -> str | None:
    """remote / hybrid / onsite from "OnSite", "on-site", "Hybrid"...; None when unspecified."""
    word = text(raw).casefold()
    for needle, mode in _MODES:
        if needle in word:
            return mode
    return None


def mode_from_places(places: Iterable[str]) -> str | None:
    """A work mode the locations state outright ("Remote - US", "Hybrid, Berlin")."""
    found = {m for m in (work_mode(p) for p in places) if m in ("remote", "hybrid")}
    return "hybrid" if "hybrid" in found else ("remote" if found else None)


_TYPES = (
    ("full", "full-time"), ("part", "part-time"), ("contract", "contract"),
    ("freelance", "contract"), ("intern", "internship"), ("temp", "temporary"),
    ("volunteer", "volunteer"), ("apprentice", "apprenticeship"), ("seasonal", "temporary"),
)  # fmt: skip


def employment_type(raw: Any) -> str | None:
    """full-time, part-time, contract, internship, temporary... from any board's spelling
    ("FullTime", "full_time", "Full-Time", ["Full-Time"]); other wording is kept as is.
    """
    values = strings(raw)
    if not values:
        return None
    word = re.sub(r"[\s_-]+", "", values[0].casefold())
    for needle, name in _TYPES:
        if word.startswith(needle) or needle in word:
            return name
    return plain(values[0], 60).lower() or None


# --- building postings -------------------------------------------------------------------


def posting(
    feed: FeedConfig,
    now: datetime,
    *,
    source_id: Any,
    url: Any,
    title: Any,
    company: Any,
    location: Any = "",
    locations: Iterable[str] = (),
    department: Any = None,
    work_mode: str | None = None,
    employment_type: str | None = None,
    salary: Salary | None = None,
    published: Any = None,
    updated: Any = None,
    description: str = "",
    tags: Iterable[str] = (),
) -> Posting | None:
    """A Posting from one job's fields, or None when it lacks an id, a title or an http(s) URL."""
    key = text(source_id).strip()
    link = clean_url(text(url).strip())
    name = plain(text(title))
    if not key or not link or not name:
        return None
    places = unique(plain(p, 200) for p in locations)
    shown = plain(text(location), 300) or "; ".join(places)
    seen = iso(now)
    return Posting(
        id=posting_id(feed.id, key),
        feed_id=feed.id,
        feed=feed.name,
        url=link,
        title=name,
        company=plain(text(company), 200),
        location=shown,
        locations=places or ([shown] if shown else []),
        area=feed.area,
        published=parse_date(published, now),
        updated=parse_date(updated, now),
        first_seen=seen,
        last_seen=seen,
        description=description,
        department=plain(text(department), 200) or None,
        work_mode=work_mode,
        employment_type=employment_type,
        salary=salary,
        tags=unique(plain(t, 80) for t in tags),
    )


def parse_jobs(jobs: list[Any], one: Callable[[Job], Posting | None]) -> list[Posting]:
    """Map every job with `one`; a job that is not an object or breaks the mapping is
    skipped so the rest of the board still parses. The same id twice counts once.
    """
    out: list[Posting] = []
    ids: set[str] = set()
    for job in jobs:
        if not isinstance(job, dict):
            continue
        try:
            mapped = one(job)
        except (AttributeError, KeyError, TypeError, ValueError, IndexError, OverflowError):
            continue  # one malformed job never costs the others
        if mapped is not None and mapped.id not in ids:
            ids.add(mapped.id)
            out.append(mapped)
    return out


# Rich-text editors (Ashby's among them) wrap each list item in a paragraph: <li><p>...</p></li>.
_ITEM_PARAGRAPH = re.compile(r"(<li\b[^>]*>)\s*<p\b[^>]*>|</p>\s*(</li>)", re.IGNORECASE)


def from_plain(value: Any) -> str:
    """Plain text as HTML for describe(): escaped, its line breaks kept as <br>."""
    return html.escape(text(value)).replace("\n", "<br>")


def describe(*parts: Any, limit: int = 4000) -> str:
    """Plain text of several HTML pieces, one paragraph each (plain text: from_plain first)."""
    markup = "".join(f"<div>{p}</div>" for p in (text(x) for x in parts) if p.strip())
    # Without this a list item reads "-" on one line and its text on the next.
    markup = _ITEM_PARAGRAPH.sub(lambda m: m.group(1) or m.group(2), markup)
    return html_to_text(markup, limit) if markup else ""
