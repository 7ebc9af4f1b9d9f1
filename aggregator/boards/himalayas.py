"""Himalayas API (himalayas.app/jobs/api): remote jobs; `pubDate` is in seconds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Himalayas", bare=True)
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    places = [
        _json.text(p.get("name") or p.get("country")) if isinstance(p, dict) else _json.text(p)
        for p in job.get("locationRestrictions") or []
    ]
    places = _json.unique(p.strip() for p in places)
    parents = _json.strings(job.get("parentCategories"))
    link = job.get("applicationLink") or job.get("guid")
    return _json.posting(
        feed,
        now,
        source_id=job.get("guid") or job.get("id") or link,
        url=link,
        title=job.get("title"),
        company=job.get("companyName"),
        location=", ".join(places),
        locations=places,
        department=parents[0] if parents else None,
        work_mode="remote",
        employment_type=_json.employment_type(job.get("employmentType")),
        salary=_json.salary(
            job.get("minSalary"),
            job.get("maxSalary"),
            job.get("currency") or job.get("salaryCurrency"),
            _json.period(job.get("salaryPeriod")) or "year",
        ),  # fmt: skip
        published=job.get("pubDate"),
        description=_json.describe(job.get("description") or job.get("excerpt")),
        # Categories are slugs ("Account-Manager"): shown as words.
        tags=[c.replace("-", " ") for c in _json.strings(job.get("categories"))],
    )
