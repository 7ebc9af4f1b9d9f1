"""NEOGOV public-sector feeds: the employer is the channel title, details in `joblisting:` elements.

feedparser exposes `<joblisting:location>` as `entry["joblisting_location"]`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from aggregator.boards.rsscommon import feed_link, text
from aggregator.models import Salary
from foundation.clock import iso
from foundation.config import FeedConfig

_STATE_SUFFIX = re.compile(r",\s*[A-Z]{2}$")
_NUMBER = re.compile(r"^\s*\$?\s*(\d[\d,]*(?:\.\d+)?)\s*$")
_PERIODS = {
    "hour": "hour",
    "hourly": "hour",
    "year": "year",
    "annually": "year",
    "annual": "year",
    "month": "month",
    "monthly": "month",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
}
# Pay periods outside the model's year/month/week/day/hour, as (period, factor).
_SCALED = {
    "biweekly": ("week", 0.5),
    "bi-weekly": ("week", 0.5),
    "semimonthly": ("month", 2.0),
    "semi-monthly": ("month", 2.0),
}
# NEOGOV's pubDate is "2013-04-12 15:52:34.19": local time without an offset.
_LOCAL_STAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?$")


def matches(parsed: Any, feed: FeedConfig) -> bool:
    channel = parsed.get("feed", {})
    if "neogov" in (channel.get("generator") or "").lower():
        return True
    if "governmentjobs.com" in feed_link(parsed, feed):
        return True
    entries = parsed.get("entries") or []
    return bool(entries) and any(key.startswith("joblisting_") for key in entries[0])


def _number(raw: str) -> float | None:
    match = _NUMBER.match(raw)  # "Not Displayed", "" and "DOE" are not amounts
    return float(match[1].replace(",", "")) if match else None


def _salary(entry: Any) -> Salary | None:
    low = _number(text(entry, "joblisting_minimumsalary"))
    high = _number(text(entry, "joblisting_maximumsalary"))
    if low is None and high is None:
        return None
    interval = text(entry, "joblisting_salaryinterval").lower()
    period: str | None = _PERIODS.get(interval, interval or None)
    if interval in _SCALED:
        period, factor = _SCALED[interval]
        low = round(low * factor, 2) if low is not None else None
        high = round(high * factor, 2) if high is not None else None
    return Salary(
        min=low,
        max=high,
        currency=text(entry, "joblisting_salarycurrency").upper() or None,
        period=period,
    )


def _published(entry: Any, parsed: Any) -> str | None:
    raw = (entry.get("published") or "").strip()
    offset = (parsed.get("feed", {}).get("joblisting_utcoffset") or "").strip()
    if not _LOCAL_STAMP.match(raw) or not offset:
        return None
    try:
        hours = float(offset)
        local = datetime.fromisoformat(raw)
    except ValueError:
        return None
    if not -14 <= hours <= 14:
        return None
    # parse.py still checks the result is plausible against its own `now`.
    return iso((local - timedelta(hours=hours)).replace(tzinfo=UTC))


def fields(entry: Any, parsed: Any, feed: FeedConfig) -> dict[str, Any]:
    employer = text(parsed.get("feed", {}), "title")
    city = text(entry, "joblisting_location")
    state = text(entry, "joblisting_state")
    location = ", ".join(p for p in (city, state) if p)
    out: dict[str, Any] = {
        "title": text(entry, "title"),
        "company": _STATE_SUFFIX.sub("", employer),
        "location": location,
        "locations": [location] if location else [],
        "department": text(entry, "joblisting_department") or None,
        "employment_type": text(entry, "joblisting_jobtype") or None,
        "salary": _salary(entry),
        "source_id": text(entry, "joblisting_jobid") or None,
    }
    published = _published(entry, parsed)
    if published:
        out["published"] = published
    return out
