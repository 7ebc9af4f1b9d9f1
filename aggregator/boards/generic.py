"""The fallback profile: company from an element, the feed's title shape (shapes.py:
`Company: Role`, `Role at Company`, ... decided per feed), `Company is hiring a Role`,
the author, or a single employer's feed title.

It matches every feed, so it is always tried last.
"""

from __future__ import annotations

import re
from typing import Any

from aggregator.boards import shapes
from aggregator.boards.rsscommon import (
    employment_type,
    feed_employer,
    is_hiring,
    split_list,
    text,
    work_mode,
)
from aggregator.normalize import parse_salary_text
from foundation.config import FeedConfig

# Elements that boards use for the employer and the place (feedparser lowercases names
# and joins a namespace prefix with "_": <job:company> -> job_company).
_COMPANY_KEYS = (
    "company",
    "job_company",
    "hiringorganization",
    "employer",
    "companyname",
    "company_name",
    "job_listing_company",
    "author_company",
)
_LOCATION_KEYS = (
    "location",
    "job_location",
    "joblocation",
    "job_listing_location",
    "city",
    "region",
    "jobs_location",
)
_SALARY_KEYS = ("salary", "job_salary", "compensation", "job_listing_salary")
_TYPE_KEYS = ("type", "job_type", "jobtype", "employmenttype", "job_listing_job_type")
_EMAIL = re.compile(r"\S+@\S+\.\S+|^\S+@\S+$")
_SEVERAL = re.compile(r"\s*(?:;|\|)\s*")


def matches(parsed: Any, feed: FeedConfig) -> bool:
    return True


def _first(entry: Any, keys: tuple[str, ...]) -> str:
    for key in keys:
        if key in entry:
            value = text(entry, key)
            if value:
                return value
    return ""


def _author(entry: Any) -> str:
    detail = entry.get("author_detail") or {}
    name = text(detail, "name") or text(entry, "author")
    # "jobs@acme.com (Acme)" is split by feedparser; a bare address is no company name.
    if not name or _EMAIL.search(name):
        return ""
    return name


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    title = text(entry, "title")
    company = _first(entry, _COMPANY_KEYS)
    location = _first(entry, _LOCATION_KEYS)
    extra: dict[str, Any] = {}
    shape = shapes.of_feed(parsed)
    said = shapes.split(shape, title) if shape != shapes.NONE else None
    if said is not None:
        title = said["title"] or title
        company = company or said["company"]
        location = location or said["location"]
        extra = {k: said[k] for k in ("salary", "work_mode", "employment_type") if said.get(k)}
    elif not company:
        hiring = is_hiring(title)
        if hiring and hiring[1]:
            company, title = hiring[0], hiring[1]
            location = location or hiring[2]
    company = company or _author(entry) or feed_employer(parsed)
    locations = [p for p in _SEVERAL.split(location) if p] if location else []
    salary_text = _first(entry, _SALARY_KEYS)
    kind = _first(entry, _TYPE_KEYS)
    values = {
        "title": title,
        "company": company,
        "location": location,
        "locations": locations,
        "salary": parse_salary_text(salary_text) if salary_text else None,
        "work_mode": work_mode(location, title),
        "employment_type": employment_type(kind, title),
        "tags": split_list(text(entry, "skills", 2000)) if "skills" in entry else [],
    }
    for key, value in extra.items():  # salary, work mode, type from a pipe-shaped title
        if not values.get(key):
            values[key] = value
    return values
