"""The fallback profile: company from an element, `Role at Company (Place)`, `Company is hiring
a Role`, the author, or a single employer's feed title.

It matches every feed, so it is always tried last.
"""

from __future__ import annotations

import re
from typing import Any

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
# "Senior Engineer at Acme (Berlin)": the last " at " before a capitalized name.
_AT = re.compile(
    r"^(?P<title>.+\S)\s+(?:at|@)\s+(?P<company>[A-Z0-9][^()]*?)\s*(?:\((?P<location>[^()]+)\))?$"
)
_NOT_COMPANY = re.compile(r"^(?:home|night|scale|the office|least|large)\b", re.I)
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
    if not company:
        match = _AT.match(title)
        hiring = None if match else is_hiring(title)
        if match and not _NOT_COMPANY.match(match["company"]):
            title, company = match["title"], match["company"].strip()
            location = location or (match["location"] or "").strip()
        elif hiring and hiring[1]:
            company, title = hiring[0], hiring[1]
            location = location or hiring[2]
    company = company or _author(entry) or feed_employer(parsed)
    locations = [p for p in _SEVERAL.split(location) if p] if location else []
    salary_text = _first(entry, _SALARY_KEYS)
    kind = _first(entry, _TYPE_KEYS)
    return {
        "title": title,
        "company": company,
        "location": location,
        "locations": locations,
        "salary": parse_salary_text(salary_text) if salary_text else None,
        "work_mode": work_mode(location, title),
        "employment_type": employment_type(kind, title),
        "tags": split_list(text(entry, "skills", 2000)) if "skills" in entry else [],
    }
