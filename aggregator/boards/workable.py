"""Workable's public widget API (apply.workable.com/api/v1/widget/accounts/ACCOUNT).

A whole board in one request: the account's name, then every published job with its
places (`locations`, or the older city/state/country fields) and `telecommuting`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Workable")
    # The widget names the account: the employer, when the feed is named otherwise.
    company = _json.text(data.get("name")).strip() or feed.name
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now, company))


def _place(parts: dict[str, Any]) -> str:
    """The place as "Athens, Attica, Greece": city, region/state and country; blanks left out."""
    names = [_json.text(parts.get(k)).strip() for k in ("city", "region", "state", "country")]
    return ", ".join(_json.unique(n for n in names if n))


def _one(feed: FeedConfig, job: _json.Job, now: datetime, company: str) -> Posting | None:
    listed = [
        _place(p) for p in job.get("locations") or [] if isinstance(p, dict) and not p.get("hidden")
    ]
    places = _json.unique(p for p in listed if p) or [_place(job)]
    mode = _json.work_mode(job.get("workplace") or job.get("workplace_type"))
    if mode is None and job.get("telecommuting") is True:
        mode = "remote"
    return _json.posting(
        feed,
        now,
        # The shortcode is the job's own key (its page and apply links are made from it);
        # a job without one is another board's, and the wrong `kind` is then named.
        source_id=job.get("shortcode"),
        url=job.get("url") or job.get("shortlink") or job.get("application_url"),
        title=job.get("title"),
        company=company,
        locations=places,
        department=job.get("department"),
        work_mode=mode or _json.mode_from_places(places),
        employment_type=_json.employment_type(job.get("employment_type")),
        published=job.get("published_on") or job.get("created_at"),
        # With `?details=true` the widget adds the texts; without, the posting has none.
        description=_json.describe(
            job.get("description"), job.get("requirements"), job.get("benefits")
        ),
    )
