"""The history store's line format: what a posting line holds, and the content hashes
that let a run tell an unchanged posting from an updated one without reading old months.

Trends' fast reader (aggregator/trends/reader.py) relies on this shape: compact
separators, Posting field order, empty fields left out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, is_dataclass
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
_SALARY_NAMES = tuple(f.name for f in fields(Salary))
_REQUIRED = ("id", "feed_id", "feed", "url", "title", "company")
_KEEP = frozenset(_REQUIRED) | {"first_seen"}
# Posting field order is the line's field order (the trends reader relies on it).
_STORED = tuple(name for name in POSTING_FIELDS if name != "last_seen")
_LEAVES = (str, int, float, bool, type(None))


def _copy(value: Any) -> Any:
    """What dataclasses.asdict makes of a value (containers copied, dataclasses as dicts),
    with a fast path for the plain JSON values a posting holds."""
    if isinstance(value, _LEAVES):
        return value
    if type(value) is list:
        return [v if isinstance(v, _LEAVES) else _copy(v) for v in value]
    if type(value) is dict:
        return {k: v if isinstance(v, _LEAVES) else _copy(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    # Tuples, subclasses and the rest: asdict's own rules, through a throwaway dataclass.
    return asdict(_Box(value))["value"]


@dataclass
class _Box:
    """A value wrapped so that asdict applies its rules to it."""

    value: Any


def storage_values(p: Posting) -> dict[str, Any]:
    """Every stored field of a posting: the description capped, last_seen left out.

    The same dict as dataclasses.asdict minus last_seen, built by hand: asdict's generic
    recursion (a deepcopy of every leaf) was a third of storing a new posting.
    """
    d = {name: getattr(p, name) for name in _STORED}
    d["locations"] = _copy(d["locations"])
    d["tags"] = _copy(d["tags"])
    d["requirements"] = _copy(d["requirements"])
    salary = d["salary"]
    if isinstance(salary, Salary):
        d["salary"] = {name: getattr(salary, name) for name in _SALARY_NAMES}
    elif salary is not None:
        d["salary"] = _copy(salary)
    description = d["description"]
    if description and len(description) > DESCRIPTION_CAP:
        d["description"] = description[: DESCRIPTION_CAP - 1].rstrip() + "…"
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


# One encoder for every hash: json.dumps with options builds a new JSONEncoder per call.
# The text (and so every stored hash) is the same as json.dumps(value, sort_keys=True,
# ensure_ascii=False, default=str).
_HASH_TEXT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str).encode
_LINE_TEXT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


_STR_TEXT = json.encoder.encode_basestring  # what the encoder above makes of one str
# And of a list or dict, without building an encoder per call: the C encoder itself, made
# with the same options (no cycle check: a posting's values are plain JSON data).
_C_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_HASH_CHUNKS = (
    _C_ENCODER(None, str, _STR_TEXT, None, ": ", ", ", True, False, True) if _C_ENCODER else None
)
# Likewise for a line, with _LINE_TEXT's options: its encode() built this per call.
_LINE_CHUNKS = (
    _C_ENCODER(None, json.JSONEncoder().default, _STR_TEXT, None, ":", ",", False, False, True)
    if _C_ENCODER
    else None
)


def _short_hash(value: Any, size: int = 4) -> str:
    if value in (None, "", [], {}):
        return "-"
    if type(value) is str:
        text = _STR_TEXT(value)
    elif _HASH_CHUNKS is not None and type(value) in (list, dict):
        text = "".join(_HASH_CHUNKS(value, 0))
    else:
        text = _HASH_TEXT(value)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).hexdigest()


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
    if _LINE_CHUNKS is not None and type(value) is dict:
        return "".join(_LINE_CHUNKS(value, 0)) + "\n"
    return _LINE_TEXT(value) + "\n"


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
