"""Personio's public job feed (ACCOUNT.jobs.personio.de/xml): XML, not JSON.

A whole board: every published position with its office (and additional offices), its
schedule and contract, and `jobDescriptions` as named HTML sections. Read with defusedxml,
so a body that declares entities (a "billion laughs") is refused instead of expanded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from aggregator.boards import _json
from aggregator.models import Posting
from foundation.config import FeedConfig


def parse(feed: FeedConfig, body: bytes, now: datetime) -> list[Posting]:
    """Postings from the XML body; ValueError when it is not a Personio job feed."""
    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        root = safe_xml.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ValueError(f"refused: the XML declares a DTD or entities ({exc})") from None
    except safe_xml.ParseError as exc:
        raise ValueError(f"not valid XML: {exc}") from None
    if root.tag != "workzag-jobs":
        raise ValueError(f"not a job list from Personio: expected <workzag-jobs>, got <{root.tag}>")
    base = _site(feed)
    if not base:
        # The XML has no page addresses: they are made from the careers site's host.
        raise ValueError("a personio feed needs its `board` (or a *.jobs.personio.de url)")
    jobs = [_fields(p) for p in root.findall("position")]
    return _json.parse_jobs(jobs, lambda job: _one(feed, job, now, base))


def _site(feed: FeedConfig) -> str:
    """The careers site a position's page lives on: the feed's own host, or the board's."""
    parts = urlsplit(feed.url)
    if parts.hostname and parts.hostname.endswith((".jobs.personio.de", ".jobs.personio.com")):
        return f"https://{parts.hostname}"
    return f"https://{feed.board}.jobs.personio.de" if feed.board else ""


def _text(node: Element | None) -> str:
    return (node.text or "").strip() if node is not None else ""


def _fields(position: Element) -> dict[str, Any]:
    """One <position> as a plain dict, so the shared job mapping can guard it."""
    job: dict[str, Any] = {child.tag: _text(child) for child in position if len(child) == 0}
    job["offices"] = [_text(o) for o in position.findall("additionalOffices/office")]
    job["sections"] = [
        (_text(d.find("name")), _text(d.find("value")))
        for d in position.findall("jobDescriptions/jobDescription")
    ]
    return job


def _one(feed: FeedConfig, job: _json.Job, now: datetime, base: str) -> Posting | None:
    key = job.get("id", "")
    office = job.get("office", "")
    places = [office, *job["offices"]]
    schedule = _json.employment_type(job.get("schedule"))
    contract = _json.employment_type(job.get("employmentType"))
    # `schedule` says full- or part-time; `employmentType` says permanent, intern,
    # trainee or freelance, which matters more when it is not plain permanent.
    kind = contract if contract in ("internship", "contract", "temporary") else schedule
    sections = [f"<h3>{_json.from_plain(name)}</h3>{value}" for name, value in job["sections"]]
    return _json.posting(
        feed,
        now,
        source_id=key,
        url=f"{base}/job/{key}" if base and key else None,
        title=job.get("name"),
        company=job.get("subcompany") or feed.name,
        location=office,
        locations=places,
        department=job.get("department"),
        work_mode=_json.mode_from_places(places),
        employment_type=kind or contract,
        published=job.get("createdAt"),
        description=_json.describe(*sections),
        tags=[t.strip() for t in job.get("keywords", "").split(",")],
    )
