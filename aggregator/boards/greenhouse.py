"""Greenhouse job board API (boards-api.greenhouse.io/v1/boards/TOKEN/jobs?content=true).

A whole board: every open job of one company, so a job that leaves it has closed.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting
from aggregator.normalize import html_to_text
from foundation.config import FeedConfig

# "Berlin; London; Munich" or "New York | Remote": one location field naming several places.
_SEVERAL = re.compile(r"\s*[;|]\s*")
_TYPE_FIELD = re.compile(r"employment|job type|time type|contract", re.IGNORECASE)


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Greenhouse")
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    place = job.get("location")
    shown = _json.text(place.get("name")) if isinstance(place, dict) else _json.text(place)
    offices = [_json.text(o.get("name")) for o in job.get("offices") or [] if isinstance(o, dict)]
    places = [p for p in _SEVERAL.split(shown) if p] + offices
    departments = [
        _json.text(d.get("name")) for d in job.get("departments") or [] if isinstance(d, dict)
    ]
    return _json.posting(
        feed,
        now,
        source_id=job.get("id"),
        url=job.get("absolute_url"),
        title=job.get("title"),
        company=_json.text(job.get("company_name")).strip() or feed.name,
        location=shown,
        locations=places,
        department=next((d for d in departments if d.strip()), None),
        work_mode=_json.mode_from_places([shown, *offices]),
        employment_type=_metadata_type(job.get("metadata")),
        # Some boards send no first_published: better no date than the last edit's.
        published=job.get("first_published"),
        updated=job.get("updated_at"),
        # `content` is HTML escaped twice ("&lt;p&gt;"); html_to_text undoes both layers.
        description=html_to_text(_json.text(job.get("content"))),
    )


def _metadata_type(metadata: Any) -> str | None:
    """Boards may carry custom fields such as {"name": "Employment Type", "value": "Full-time"}."""
    for field in metadata if isinstance(metadata, list) else []:
        if isinstance(field, dict) and _TYPE_FIELD.search(_json.text(field.get("name"))):
            found = _json.employment_type(field.get("value"))
            if found:
                return found
    return None
