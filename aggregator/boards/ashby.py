"""Ashby job board API (api.ashbyhq.com/posting-api/job-board/NAME?includeCompensation=true).

A whole board; compensation comes as components (Salary, Equity...) per tier.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aggregator.boards import _json
from aggregator.models import Posting, Salary
from foundation.config import FeedConfig


def parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    jobs = _json.job_list(data, "Ashby")
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now))


def _one(feed: FeedConfig, job: _json.Job, now: datetime) -> Posting | None:
    if job.get("isListed") is False:
        return None  # unlisted jobs are not public, even when the API returns them
    shown = _json.text(job.get("location"))
    others = [
        _json.text(s.get("location")) if isinstance(s, dict) else _json.text(s)
        for s in job.get("secondaryLocations") or []
    ]
    mode = _json.work_mode(job.get("workplaceType"))
    if mode is None and job.get("isRemote") is True:
        mode = "remote"
    comp = job.get("compensation")
    comp = comp if isinstance(comp, dict) else {}
    pay = _salary(comp)
    summary = _json.text(
        comp.get("compensationTierSummary") or comp.get("scrapeableCompensationSalarySummary")
    )
    # A summary without figures stays in the text, for the requirements extractor.
    summary = f"Compensation: {summary}" if summary and not pay else ""
    body = _json.text(job.get("descriptionHtml")) or _json.from_plain(job.get("descriptionPlain"))
    return _json.posting(
        feed,
        now,
        source_id=job.get("id"),
        url=job.get("jobUrl") or job.get("applyUrl"),
        title=job.get("title"),
        # The job board API names no company: the feed's name is the employer.
        company=feed.name,
        location=shown,
        locations=[shown, *others],
        department=job.get("department") or job.get("team"),
        work_mode=mode,
        employment_type=_json.employment_type(job.get("employmentType")),
        salary=pay,
        published=job.get("publishedAt"),
        updated=job.get("updatedAt"),
        description=_json.describe(_json.from_plain(summary), body),
    )


def _salary(comp: dict[str, Any]) -> Salary | None:
    """The base salary range: the summary's Salary component, else the span of all tiers."""
    summary = [c for c in comp.get("summaryComponents") or [] if _is_salary(c)]
    tiers = [
        c
        for tier in comp.get("compensationTiers") or []
        if isinstance(tier, dict)
        for c in tier.get("components") or []
        if _is_salary(c)
    ]
    parts = summary or tiers
    if not parts:
        return None
    currencies = {c.get("currencyCode") for c in parts}
    intervals = {_json.period(c.get("interval")) for c in parts}
    if len(currencies) > 1 or len(intervals) > 1:
        parts = parts[:1]  # tiers in different units cannot be spanned; keep the first
    lows = [v for v in (_json.amount(c.get("minValue")) for c in parts) if v is not None]
    highs = [v for v in (_json.amount(c.get("maxValue")) for c in parts) if v is not None]
    first = parts[0]
    return _json.salary(
        min(lows, default=None),
        max(highs, default=None),
        first.get("currencyCode"),
        _json.period(first.get("interval")),
    )


def _is_salary(component: Any) -> bool:
    return isinstance(component, dict) and _json.text(component.get("compensationType")) == "Salary"
