"""Remotive API (remotive.com/api/remote-jobs): remote jobs from many companies.

`salary` is free text ("$120 - $170 /hour"), so it stays in the description, where the
requirements extractor reads salaries, rather than being guessed into numbers here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    # The live API wraps the list ({"0-legal-notice": ..., "jobs": [...]}); copies may not.
    jobs = _json.job_list(data, "Remotive", bare=True)
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    shown = _json.text(job.get("candidate_required_location"))
    pay = _json.text(job.get("salary")).strip()
    category = _json.text(job.get("category"))
    return _json.posting(
        feed,
        now,
        source_id=job.get("id"),
        url=job.get("url"),
        title=job.get("title"),
        company=job.get("company_name"),
        location=shown,
        # A list of regions and countries: "Europe, Canada, South Africa".
        locations=shown.split(","),
        department=category or None,
        work_mode="remote",
        employment_type=_json.employment_type(job.get("job_type")),
        published=job.get("publication_date"),
        # Put the salary first so the description's length cap never cuts it off.
        description=_json.describe(
            _json.from_plain(f"Salary: {pay}" if pay else ""), job.get("description")
        ),  # fmt: skip
        tags=_json.strings(job.get("tags")),
    )
