"""The history store's line format: what a posting line holds, and the content hashes
that let a run tell an unchanged posting from an updated one without reading old months.

Trends' fast reader (aggregator/trends/reader.py) relies on this shape: compact
separators, Posting field order, empty fields left out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, fields
from typing import Any

from aggregator.models import SCHEMA_VERSION, Posting, Salary

DESCRIPTION_CAP = 4000  # characters: enough to re-extract requirements, small in git
# Fields whose change is an "update"; published/updated are left out because some feeds
# restamp them every night.
CONTENT_FIELDS = (
    "url", "title", "company", "location", "locations", "description", "department",
    "work_mode", "employment_type", "salary", "tags", "requirements",
)  # fmt: skip
POSTING_FIELDS = {f.name: f for f in fields(Posting)}
_SALARY_FIELDS = {f.name for f in fields(Salary)}
_REQUIRED = ("id", "feed_id", "feed", "url", "title", "company")
_KEEP = frozenset(_REQUIRED) | {"first_seen"}


def storage_values(p: Posting) -> dict[str, Any]:
    """Every stored field of a posting: the description capped, last_seen left out."""
    d = asdict(p)
    d.pop("last_seen", None)
    if len(d.get("description") or "") > DESCRIPTION_CAP:
        d["description"] = d["description"][: DESCRIPTION_CAP - 1].rstrip() + "…"
    return d


def storage_record(p: Posting) -> dict[str, Any]:
    """A posting as written in a month file: empty and default fields left out."""
    keep = _KEEP
    return {k: v for k, v in storage_values(p).items() if k in keep or v not in (None, "", [], {})}


def content_hashes(record: dict[str, Any]) -> str:
    return " ".join(_short_hash(record.get(name)) for name in CONTENT_FIELDS)


def changed_fields(old_hashes: str, new_hashes: str) -> list[str]:
    old = old_hashes.split()
    if len(old) != len(CONTENT_FIELDS):
        return list(CONTENT_FIELDS)
    return [n for n, a, b in zip(CONTENT_FIELDS, old, new_hashes.split(), strict=True) if a != b]


def key_hash(job_key: str) -> str:
    return _short_hash(job_key, 8) if job_key else ""


def _short_hash(value: Any, size: int = 4) -> str:
    if value in (None, "", [], {}):
        return "-"
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=size).hexdigest()


def posting_from_record(record: dict[str, Any]) -> Posting:
    salary = record.get("salary")
    if isinstance(salary, dict):
        record = {**record, "salary": Salary(**{k: v for k, v in salary.items()
                                                if k in _SALARY_FIELDS})}  # fmt: skip
    try:
        return Posting(**record)  # the fast path: a line this store wrote
    except TypeError:
        return Posting(**{k: v for k, v in record.items() if k in POSTING_FIELDS})


def header(kind: str) -> str:
    return json.dumps({"schema": f"stayready.{kind}", "version": SCHEMA_VERSION}) + "\n"


def json_line(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def apply_events(
    p: Posting, changes: list[dict] | None, left: tuple | None, live: dict[str, str | None]
) -> Posting:
    for change in changes or ():
        for name, value in change.items():
            if name in POSTING_FIELDS and name not in ("id", "first_seen"):
                if name == "salary" and isinstance(value, dict):
                    value = Salary(**{k: v for k, v in value.items() if k in _SALARY_FIELDS})
                setattr(p, name, value)
    if p.id in live:
        p.last_seen = live[p.id] or p.first_seen
        p.closed = None
    elif left is not None and left[0] != "back":
        p.last_seen = left[2] or p.first_seen
        p.closed = left[1] if left[0] == "closed" else None
    else:  # a feed no longer in feeds.json, or a hand-edited state
        p.last_seen = p.first_seen
    return p
