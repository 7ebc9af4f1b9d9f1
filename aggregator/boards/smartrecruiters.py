"""SmartRecruiters' public Posting API (api.smartrecruiters.com/v1/companies/ID/postings).

A whole board, but paged (at most 100 a page, `totalFound` in all). Only the first page
is read: a company with more postings than that is read short, and a short read must
never close live jobs, so `incomplete` says so and that night closes nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "SmartRecruiters", key="content")
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def incomplete(data: Any) -> str | None:
    """Why this answer is not the whole board (more found than listed), or None."""
    if not isinstance(data, dict) or not isinstance(data.get("content"), list):
        return None
    found, listed = data.get("totalFound"), len(data["content"])
    if isinstance(found, int) and not isinstance(found, bool) and found > listed:
        return (f"read {listed} of the {found} postings SmartRecruiters lists (one page); "
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
