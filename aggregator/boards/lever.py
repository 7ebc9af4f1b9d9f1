"""Lever postings API (api.lever.co/v0/postings/COMPANY?mode=json).

A whole board, answered as a bare list; `createdAt` is in milliseconds.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Lever", key=None, bare=True)
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    cats = job.get("categories")
    cats = cats if isinstance(cats, dict) else {}
    shown = _json.text(cats.get("location"))
    pay = job.get("salaryRange")
    pay = pay if isinstance(pay, dict) else {}
    # The requirements live in `lists` ("What we're looking for"), so they join the text.
    sections = [
        f"<h3>{_json.text(s.get('text'))}</h3><ul>{_json.text(s.get('content'))}</ul>"
        for s in job.get("lists") or []
        if isinstance(s, dict)
    ]
    body = _json.text(job.get("description")) or _json.from_plain(job.get("descriptionPlain"))
    extra = _json.text(job.get("additional")) or _json.from_plain(job.get("additionalPlain"))
    return _json.posting(
        feed,
        now,
        source_id=job.get("id"),
        url=job.get("hostedUrl") or job.get("applyUrl"),
        title=job.get("text"),
        # The postings API names no company: the feed's name is the employer.
        company=feed.name,
        location=shown,
        locations=[shown, *_json.strings(cats.get("allLocations"))],
        department=cats.get("department") or cats.get("team"),
        work_mode=_json.work_mode(job.get("workplaceType")) or _json.mode_from_places([shown]),
        employment_type=_json.employment_type(cats.get("commitment")),
        salary=_json.salary(
            pay.get("min"), pay.get("max"), pay.get("currency"), _json.period(pay.get("interval"))
        ),  # fmt: skip
        published=job.get("createdAt"),
        updated=job.get("updatedAt"),
        description=_json.describe(body, *sections, extra),
        tags=_json.strings(job.get("tags")),
    )
