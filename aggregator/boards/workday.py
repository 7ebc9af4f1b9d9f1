"""Workday career sites (TENANT.wdN.myworkdayjobs.com/SITE), read through their listing
API: `POST /wday/cxs/TENANT/SITE/jobs` with {limit, offset, searchText, appliedFacets},
20 a page, `total` on the first page only (later pages often say 0).

The listing gives each job's title, its page's path (`externalPath`), its places as
text ("Madison, WI" or "3 Locations"), a relative date ("Posted 3 Days Ago") and the
requisition id (`bulletFields`). A job's own page (`/wday/cxs/TENANT/SITE/job/...`)
adds the description, every place, the time type and the work mode: it is asked once
for each job, a few a night (aggregator/paging.py). `aggregator.fetch` reads the
pages; `parse` reads the body they make together.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from aggregator.paging import Request
from foundation.clock import iso
from foundation.config import FeedConfig
from foundation.sources import workday_api, workday_site

PAGE_SIZE = 20
DETAILS = "stayready_details"  # the combined body's own key: job pages by requisition id


class Pager:
    """The pages of one Workday listing (aggregator.paging.Pager)."""

    board = "Workday"
    page_size = PAGE_SIZE

    def __init__(self, feed: FeedConfig) -> None:
        api = workday_api(feed.url)
        if api is None:  # the configuration refuses these; a hand-made FeedConfig may not
            raise ValueError(f"{feed.url} is not a Workday career site")
        self.api = api
        self.root = api.removesuffix("/jobs")
        self.search = feed.search

    def page(self, offset: int) -> Request:
        body = {"appliedFacets": {}, "limit": PAGE_SIZE, "offset": offset,
                "searchText": self.search or ""}  # fmt: skip
        return Request(self.api, "POST", body)

    def jobs(self, data: Any) -> list[Any]:
        return _json.job_list(data, "Workday", key="jobPostings")

    def total(self, data: Any) -> int | None:
        return _json.count(data, "total")

    def key(self, job: Any) -> str | None:
        return requisition(job) or None

    def detail(self, job: Any) -> Request | None:
        path = _json.text(job.get("externalPath")).strip() if isinstance(job, dict) else ""
        # Only a path of this site's own (/job/...), never an address elsewhere.
        if not path.startswith("/job/") or "//" in path or ".." in path:
            return None
        return Request(self.root + path)

    def combine(self, first: Any, jobs: list[Any], details: dict[str, Any]) -> Any:
        return {"total": self.total(first), "jobPostings": jobs, DETAILS: details}


# A requisition id: a short prefix of letters, then digits and letters in parts joined by
# "-", "_" or "." (R12345, R-24017, JR-0042, REQ_118, JR0041170); a bare number of 5+ digits.
_REQUISITION = re.compile(r"[A-Za-z]{0,6}[-_]?\d[A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*")
# Bullets that look like one but are not: a date, or a number with a unit (40hrs, 3.5k).
_NOT_REQUISITION = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d[\d.,]*\s*[A-Za-z%]+"
)


def _id_like(bullet: str) -> bool:
    if len(bullet) > 32 or _NOT_REQUISITION.fullmatch(bullet):
        return False
    return bool(_REQUISITION.fullmatch(bullet)) and (not bullet.isdigit() or len(bullet) >= 5)


def requisition(job: Any) -> str:
    """The requisition id: the first bullet field that reads as one, else the tail of the
    job's path after its last "_" (Workday's paths end in _R-12345 or _JR0012345)."""
    if not isinstance(job, dict):
        return ""
    for bullet in _json.strings(job.get("bulletFields")):
        if _id_like(bullet):
            return bullet
    path = _json.text(job.get("externalPath")).strip().rstrip("/")
    tail = path.rsplit("/", 1)[-1]
    return tail.rsplit("_", 1)[-1] if "_" in tail else tail


_RELATIVE = re.compile(
    r"^posted\s+(?:(?P<today>today)|(?P<yesterday>yesterday)|"
    r"(?P<days>\d+)\s+days?\s+ago)\s*$",
    re.IGNORECASE,
)


def posted(text: Any, now: datetime) -> str | None:
    """The day a relative "Posted ..." means, against the fetch time; None where the text
    is vague ("Posted 30+ Days Ago") or unknown: then the day first seen is the truth."""
    m = _RELATIVE.match(_json.text(text).strip())
    if not m:
        return None
    days = 0 if m.group("today") else 1 if m.group("yesterday") else int(m.group("days"))
    if days > 60:
        return None
    day = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    return iso(day)


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Workday", key="jobPostings")
    details = data.get(DETAILS) if isinstance(data, dict) else None
    details = details if isinstance(details, dict) else {}
    site = _site(feed.url)
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now, site, details))


def _site(url: str) -> str:
    """The public site's address (https://host/SITE) that job paths are read under."""
    site = workday_site(url)
    return site.public if site else url


# "3 Locations": the listing's way of saying several; the job's own page names them.
_SEVERAL = re.compile(r"^\d+\s+locations?$", re.IGNORECASE)


def _one(
    feed: FeedConfig, job: _json.Job, now: datetime, site: str, details: dict[str, Any]
) -> Posting | None:
    key = requisition(job)
    path = _json.text(job.get("externalPath")).strip()
    if not key or not path.startswith("/job/"):
        return None
    page = details.get(key)
    info = page.get("jobPostingInfo") if isinstance(page, dict) else None
    info = info if isinstance(info, dict) else {}
    listed = _json.text(job.get("locationsText")).strip()
    places = _json.unique([_json.text(info.get("location")).strip(),
                           *_json.strings(info.get("additionalLocations"))])  # fmt: skip
    if not places and listed and not _SEVERAL.match(listed):
        places = [listed]
    mode = _json.work_mode(_descriptor(info.get("remoteType") or job.get("remoteType")))
    return _json.posting(
        feed,
        now,
        source_id=key,
        url=site + path,
        title=job.get("title") or info.get("title"),
        # The listing never names the employer: the feed's name is the company.
        company=feed.name,
        locations=places,
        work_mode=mode or _json.mode_from_places(places),
        employment_type=_json.employment_type(_descriptor(info.get("timeType"))),
        published=_json.text(info.get("startDate")) or posted(job.get("postedOn"), now),
        description=_json.describe(info.get("jobDescription")),
    )


def _descriptor(value: Any) -> str:
    """Workday's {"descriptor": "Hybrid"} objects, or a bare string."""
    return _json.text(value.get("descriptor")) if isinstance(value, dict) else _json.text(value)
