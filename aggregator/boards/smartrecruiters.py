"""SmartRecruiters' public Posting API (api.smartrecruiters.com/v1/companies/ID/postings).

A whole board, paged by `offset` and `limit` (at most 100 a page) up to `totalFound`:
`Pager` describes the pages and aggregator/paging.py reads them, as Workday's. A read
that stops short must never close live jobs, so `incomplete` says so and that night
closes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aggregator.boards import _json
from aggregator.models import Posting
from aggregator.paging import Request
from foundation.config import FeedConfig

PAGE_SIZE = 100  # the API's largest page


class Pager:
    """The pages of one company's postings (aggregator.paging.Pager)."""

    board = "SmartRecruiters"
    search = None

    def __init__(self, feed: FeedConfig) -> None:
        parts = urlsplit(feed.url)
        self._parts = parts
        self._query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("offset", "limit")]
        limit = dict(parse_qsl(parts.query)).get("limit", "")
        self.page_size = (
            int(limit) if limit.isdigit() and 0 < int(limit) <= PAGE_SIZE else PAGE_SIZE
        )

    def page(self, offset: int) -> Request:
        if offset == 0:
            return Request(urlunsplit(self._parts))  # the address as configured
        query = urlencode([*self._query, ("limit", str(self.page_size)), ("offset", str(offset))])
        return Request(urlunsplit(self._parts._replace(query=query)))

    def jobs(self, data: Any) -> list[Any]:
        return _json.job_list(data, "SmartRecruiters", key="content")

    def total(self, data: Any) -> int | None:
        return _json.count(data, "totalFound")

    def key(self, job: Any) -> str | None:
        if not isinstance(job, dict):
            return None
        return _json.text(job.get("id")).strip() or None

    def detail(self, job: Any) -> Request | None:
        return None  # the listing has every field read here

    def combine(self, first: Any, jobs: list[Any], details: dict[str, Any]) -> Any:
        return {**first, "offset": 0, "limit": len(jobs), "content": jobs}


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "SmartRecruiters", key="content")
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def incomplete(data: Any) -> str | None:
    """Why this answer is not the whole board (more found than listed), or None."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        return None
    found, listed = _json.count(data, "totalFound"), len(data["content"])
    if found is not None and found > listed:
        return (f"read {listed} of the {found} postings SmartRecruiters lists; "
                "none closes until a night reads them all")  # fmt: skip
    return None


def _label(value: Any) -> str:
    """SmartRecruiters' {"id": ..., "label": ...} pairs, or a bare string."""
    return _json.text(value.get("label")) if isinstance(value, dict) else _json.text(value)


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    place = job.get("location")
    place = place if isinstance(place, dict) else {}
    parts = (place.get("city"), place.get("region"), place.get("country"))
    shown = _json.text(place.get("fullLocation")) or ", ".join(
        _json.unique(_json.text(p).strip() for p in parts)
    )
    firm = job.get("company")
    firm = firm if isinstance(firm, dict) else {}
    ident = _json.text(firm.get("identifier")).strip()
    mode = "hybrid" if place.get("hybrid") is True else None
    if mode is None and place.get("remote") is True:
        mode = "remote"
    key = _json.text(job.get("id")).strip()
    # The listing carries no page address; the public job page is made from both ids.
    url = job.get("postingUrl") or (
        f"https://jobs.smartrecruiters.com/{ident}/{key}" if ident and key else None
    )
    return _json.posting(
        feed,
        now,
        source_id=key,
        url=url,
        title=job.get("name"),
        company=_json.text(firm.get("name")).strip() or feed.name,
        location=shown,
        locations=[shown],
        department=_label(job.get("department")) or None,
        work_mode=mode or _json.work_mode(job.get("locationType")),
        employment_type=_json.employment_type(_label(job.get("typeOfEmployment"))),
        published=job.get("releasedDate"),
    )
