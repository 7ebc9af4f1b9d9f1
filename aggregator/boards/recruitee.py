"""Recruitee's careers-site API (ACCOUNT.recruitee.com/api/offers/).

A whole board: every published offer with its places, remote/hybrid/on-site flags, an
employment code ("fulltime_permanent") and, where the company shows it, a salary.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting, Salary
from foundation.config import FeedConfig

# "2026-07-10 09:30:00 UTC": read as midnight by the date parser unless made ISO first.
_UTC_STAMP = re.compile(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC$")


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Recruitee", key="offers")
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _stamp(value: Any) -> Any:
    m = _UTC_STAMP.match(_json.text(value).strip())
    return f"{m.group(1)}T{m.group(2)}Z" if m else value


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    if _json.text(job.get("status")) not in ("", "published"):
        return None  # drafts and closed offers are not open jobs
    listed = []
    for place in job.get("locations") or []:
        if isinstance(place, dict):
            parts = (place.get("city"), place.get("state") or place.get("state_name"),
                     place.get("country"))  # fmt: skip
            listed.append(", ".join(_json.unique(_json.text(p).strip() for p in parts)))
    shown = _json.text(job.get("location"))
    places = _json.unique(p for p in listed if p) or [shown]
    return _json.posting(
        feed,
        now,
        source_id=job.get("id") or job.get("slug"),
        url=job.get("careers_url") or job.get("careers_apply_url"),
        title=job.get("title"),
        company=_json.text(job.get("company_name")).strip() or feed.name,
        location=shown,
        locations=places,
        department=job.get("department"),
        work_mode=_mode(job) or _json.mode_from_places([shown, *places]),
        employment_type=_json.employment_type(job.get("employment_type_code")),
        salary=_salary(job.get("salary")),
        published=_stamp(job.get("published_at") or job.get("created_at")),
        updated=_stamp(job.get("updated_at")),
        description=_json.describe(job.get("description"), job.get("requirements")),
        tags=_json.strings(job.get("tags")),
    )


def _mode(job: _json.Job) -> str | None:
    """Recruitee's three flags; hybrid wins over remote, as a hybrid job also lists both."""
    if job.get("hybrid") is True:
        return "hybrid"
    if job.get("remote") is True:
        return "remote"
    if job.get("on_site") is True:
        return "onsite"
    return None


def _salary(pay: Any) -> Salary | None:
    if not isinstance(pay, dict):
        return None
    return _json.salary(
        pay.get("min"), pay.get("max"), pay.get("currency"), _json.period(pay.get("period"))
    )
