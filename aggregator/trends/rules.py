"""Terms by the current rules for a history stored under older ones.

Requirements are extracted once, at ingest, and stored; trends read the stored terms. When
the rules change (models.REQUIREMENTS_RULES), a history stored before (its rules.json
says older rules, or it has none) would keep the old answers for ever. So the lean
reader asks `stale()` once per read and, for such a history, finds each posting's terms
again from its stored title and description with the shipped taxonomy (in
`current_terms`; an `updated` event's requirements in `updated_terms`). A person's own
terms (profile.terms) are not in the shipped taxonomy: those stored are kept as they were.

This costs a scan of every description once per month file: the trends cache keeps
the rows it gives (its version carries the rules), so later runs pay it only for a
month that changed. The stored description is capped at 4,000 characters, so a term
named only past the cap is not found again.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import msgspec

from aggregator.models import REQUIREMENTS_RULES


class _Text(msgspec.Struct, gc=False):
    """What the terms are found in, beside what the lean reader kept (the title)."""

    id: str | None = None
    description: str | None = None


_DECODER = msgspec.json.Decoder(_Text)
_TERMS = 10  # where the lean tuple keeps the terms (reader._line_tuples)
_TITLE = 2


def stale(view: Any) -> bool:
    """Whether the store's postings were extracted under rules older than the current."""
    from aggregator.store import RULES, rules_of

    return rules_of(view.read_bytes(RULES)) < REQUIREMENTS_RULES


def current_terms(buf: bytes | bytearray, n: int, tuples: list[tuple]) -> list[tuple]:
    """The lean tuples of the month file in buf[:n], with their terms found again."""
    texts = _descriptions(buf, n)
    out: list[tuple] = []
    for t in tuples:
        description = texts.get(t[0])
        if description is None:  # a line the reader took whole: keep what it has
            out.append(t)
            continue
        out.append(_with_terms(t, description))
    return out


def updated_terms(before: tuple, after: tuple, changes: list[dict]) -> tuple:
    """`after` (a lean tuple with an update's fields applied) with its terms by the current
    rules: found in the update's description when it brought one, else those found in the
    month's text (`before`), which the update left as it was."""
    description = None
    for change in changes:
        if isinstance(change.get("description"), str):
            description = change["description"]
    if description is None:
        return (*after[:_TERMS], before[_TERMS], *after[_TERMS + 1 :])
    return _with_terms(after, description)


def _with_terms(t: tuple, description: str) -> tuple:
    """The lean tuple with the terms the current rules find in its title and description,
    then the person's own terms it had (not in the shipped taxonomy)."""
    from aggregator.requirements.details import find_terms

    terms = find_terms(t[_TITLE] or "", description)
    shipped = _shipped_names()
    own = [x for x in t[_TERMS] if isinstance(x, str) and x not in shipped and x not in terms]
    return (*t[:_TERMS], tuple(terms + own), *t[_TERMS + 1 :])


@functools.lru_cache(maxsize=1)
def _shipped_names() -> frozenset[str]:
    from aggregator.requirements.terms import shipped_terms

    return frozenset(t.name for t in shipped_terms())


def _descriptions(buf: bytes | bytearray, n: int) -> dict[str, str]:
    """Each posting id's stored description (the first line with that id wins, as in the
    reader); a line that does not decode is read with json.loads or skipped."""
    texts: dict[str, str] = {}
    with memoryview(buf) as whole, whole[:n] as view:
        try:
            lines = _DECODER.decode_lines(view)
        except msgspec.DecodeError:
            lines = [_line(raw) for raw in bytes(view).split(b"\n") if raw.strip()]
    for s in lines:
        if s is not None and isinstance(s.id, str) and s.id not in texts:
            texts[s.id] = s.description if isinstance(s.description, str) else ""
    return texts


def _line(raw: bytes) -> _Text | None:
    try:
        return _DECODER.decode(raw)
    except msgspec.DecodeError:
        pass
    try:
        d = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(d, dict):
        return None
    pid, description = d.get("id"), d.get("description")
    return _Text(pid if isinstance(pid, str) else None,
                 description if isinstance(description, str) else None)  # fmt: skip
