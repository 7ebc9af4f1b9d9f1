"""Jobicy API (jobicy.com/api/v2/remote-jobs): remote jobs; industry, type and level are lists
or words, salaries are yearly figures when given.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Jobicy", bare=True)
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    shown = _json.text(job.get("jobGeo"))
    industries = _json.strings(job.get("jobIndustry"))
    # Two generations of fields: annualSalaryMin/Max, then salaryMin/Max with a period.
    if job.get("salaryMin") is not None or job.get("salaryMax") is not None:
        low, high = job.get("salaryMin"), job.get("salaryMax")
        per = _json.period(job.get("salaryPeriod")) or "year"
    else:
        low, high, per = job.get("annualSalaryMin"), job.get("annualSalaryMax"), "year"
    return _json.posting(
        feed,
        now,
        source_id=job.get("id") or job.get("jobSlug"),
        url=job.get("url"),
        title=job.get("jobTitle"),
        company=job.get("companyName"),
        location=shown,
        locations=shown.split(","),
        department=industries[0] if industries else None,
        work_mode="remote",
        employment_type=_json.employment_type(job.get("jobType")),
        salary=_json.salary(low, high, job.get("salaryCurrency"), per),
        published=job.get("pubDate"),
        description=_json.describe(job.get("jobDescription") or job.get("jobExcerpt")),
        tags=industries,
    )
