"""RemoteOK API (remoteok.com/api): a list whose first element is a legal notice, not a job.

Its terms ask for a link back to the job on RemoteOK, so the posting's URL is RemoteOK's
own page (`url`), never the employer's `apply_url`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from aggregator.normalize import html_to_text
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "RemoteOK", key=None, bare=True)
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    if "legal" in job and "position" not in job:
        return None  # {"last_updated": ..., "legal": "API Terms of Service: ..."}
    slug = _json.text(job.get("slug")).strip()
    url = job.get("url") or (f"https://remoteok.com/remote-jobs/{slug}" if slug else None)
    shown = _fix(job.get("location"))
    return _json.posting(
        feed,
        now,
        source_id=job.get("id") or slug,
        url=url,
        title=_fix(job.get("position")),
        company=_fix(job.get("company")),
        location=shown,
        locations=[shown],
        work_mode="remote",
        # RemoteOK asks employers for a yearly figure in US dollars; 0 means "not given".
        salary=_json.salary(job.get("salary_min"), job.get("salary_max"), "USD", "year"),
        published=job.get("epoch") or job.get("date"),
        description=html_to_text(_fix(job.get("description"))),
        tags=_json.strings(job.get("tags")),
    )


def _fix(value: Any) -> str:
    return _json.repair_mojibake(_json.text(value))
