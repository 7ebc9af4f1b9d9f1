"""Read one journal entry: its front matter, its `interactions` list and its body lines.

Each problem is recorded on the notebook with file, line and hint; whatever is valid
still loads, so one typo never hides the rest of the entry.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

from foundation.errors import NotebookError
from journal.bodylines import parse_body
from journal.frontmatter import Document, date_field, read, str_list, unopened
from journal.model import (
    IMPLIED_GIVE,
    INTERACTION_TYPES,
    OPPORTUNITY_TYPES,
    ORIGINS,
    VISIBILITIES,
    Entry,
    FollowUp,
    Interaction,
    Notebook,
)

INTERACTION_KEYS = (
    "with",
    "type",
    "date",
    "channel",
    "initiated_by",
    "give",
    "minutes",
    "summary",
    "follow_up",
    "origin",
    "postings",
)
_FILE_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
# The keys of an entry's front matter: one of them tells front matter missing its
# opening `---` from a body that happens to start with "Note: ...".
ENTRY_KEYS = ("date", "title", "visibility", "tags", "interactions")


def _problem(nb: Notebook, message: str, path: Path, line: int | None, hint: str | None = None):
    nb.problems.append(NotebookError(message, file=path, line=line, hint=hint))


def read_entry(path: Path, raw: bytes | None = None) -> Document:
    """An entry file as frontmatter.read reads it; front matter missing its opening `---`
    is refused like front matter that is not closed, rather than read as body text (where
    it would be published, and its date, visibility and interactions ignored)."""
    doc = read(path, raw)
    if doc.data is None and unopened(doc.text, ENTRY_KEYS):
        raise NotebookError(
            "the front matter has no opening ---",
            file=path,
            line=1,
            hint="add a line `---` before the front matter",
        )
    return doc


def load_entry(nb: Notebook, path: Path, raw: bytes | None = None) -> None:
    """Append the entry in `path` (or `raw`, its bytes already read) and its problems."""
    try:
        doc: Document | None = read_entry(path, raw)
    except NotebookError as exc:
        nb.problems.append(exc)
        doc = None
    fm = doc.data if doc is not None else None
    when: date | None = None
    if fm is not None and fm.get("date") is not None:
        when = date_field(nb.problems, doc, fm, "date", "date")
        if when is None:
            return
    elif m := _FILE_DATE.match(path.name):
        try:
            when = date.fromisoformat(m.group(1))
        except ValueError:
            pass
    if when is None:
        if doc is not None:
            _problem(
                nb,
                "the entry has no date",
                path,
                1,
                "add date: YYYY-MM-DD to the front matter, or start the file name with it",
            )
        return
    if doc is None:
        return  # the YAML error is reported; its interactions cannot be trusted
    fm = fm or {}
    visibility = str(fm.get("visibility") or "private").strip().lower()
    if visibility not in VISIBILITIES:
        _problem(
            nb,
            f"visibility {visibility!r} is neither private nor public",
            path,
            doc.line_of(fm, "visibility"),
            "anything but `public` stays private",
        )
        visibility = "private"
    entry = Entry(
        path=path,
        date=when,
        title=str(fm.get("title") or ""),
        visibility=visibility,
        tags=str_list(fm.get("tags")),
        body=doc.body,
    )
    raw = fm.get("interactions")
    if raw is not None and not isinstance(raw, list):
        _problem(
            nb,
            "interactions: expected a list",
            path,
            doc.line_of(fm, "interactions"),
            "write each interaction as an item starting with '- with: ...'",
        )
        raw = []
    for i, item in enumerate(raw or []):
        found = _interaction(nb, doc, raw, i, item, when)
        if found is not None:
            entry.interactions.append(found)
    body_found, problems = parse_body(doc.body, body_start=doc.body_start, path=path, when=when)
    entry.interactions.extend(body_found)
    nb.problems.extend(problems)
    nb.entries.append(entry)


def _interaction(
    nb: Notebook, doc: Document, seq: Any, i: int, item: Any, when: date
) -> Interaction | None:
    path, line = doc.path, doc.line_of(seq, i)
    if not isinstance(item, dict):
        _problem(
            nb,
            f"interactions[{i}]: expected a mapping",
            path,
            line,
            "e.g. - with: jane-doe\\n    type: call",
        )
        return None
    ok = True
    for key in item:
        if key not in INTERACTION_KEYS:
            near = difflib.get_close_matches(str(key), INTERACTION_KEYS, n=1)
            _problem(
                nb,
                f"interactions[{i}]: unknown key {key!r}",
                path,
                doc.line_of(item, key),
                f"did you mean '{near[0]}'?" if near else f"keys: {', '.join(INTERACTION_KEYS)}",
            )
    kind = str(item.get("type") or "").strip().lower()
    if kind not in INTERACTION_TYPES:
        near = difflib.get_close_matches(kind, INTERACTION_TYPES, n=1)
        _problem(
            nb,
            f"interactions[{i}]: unknown type {item.get('type')!r}",
            path,
            doc.line_of(item, "type") if "type" in item else line,
            (f"did you mean '{near[0]}'? " if near else "")
            + f"types: {', '.join(INTERACTION_TYPES)}",
        )
        ok = False
    ids = tuple(s.lstrip("@") for s in str_list(item.get("with")))
    origin = item.get("origin")
    if origin is not None and origin not in ORIGINS:
        _problem(
            nb,
            f"interactions[{i}]: unknown origin {origin!r}",
            path,
            doc.line_of(item, "origin"),
            f"one of: {', '.join(ORIGINS)}",
        )
        origin = None
    if kind in OPPORTUNITY_TYPES and origin is None:
        origin = "network" if ids else None
        if origin is None:
            _problem(
                nb,
                f"interactions[{i}]: an {kind} with nobody needs its origin",
                path,
                line,
                "add origin: stranger or origin: own-writing",
            )
    if not ids and origin not in ("stranger", "own-writing"):
        _problem(
            nb,
            f"interactions[{i}]: missing `with`",
            path,
            line,
            "name one or more contact ids: with: [jane-doe, sam-lee]",
        )
        ok = False
    give = item.get("give")
    if give is not None and not isinstance(give, bool):
        _problem(
            nb,
            f"interactions[{i}]: give must be true or false",
            path,
            doc.line_of(item, "give"),
            "true: you gave or helped; false: you asked",
        )
        give = None
    if give is None:
        give = IMPLIED_GIVE.get(kind)
    minutes = item.get("minutes") or 0
    if isinstance(minutes, str) and (m := re.fullmatch(r"\s*(\d+)\s*m(in)?\s*", minutes)):
        minutes = int(m.group(1))
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        _problem(
            nb,
            f"interactions[{i}]: minutes must be a whole number",
            path,
            doc.line_of(item, "minutes"),
            "e.g. minutes: 45",
        )
        minutes = 0
    if item.get("date") is not None:
        when = date_field(nb.problems, doc, item, "date", f"interactions[{i}].date") or when
    follow = None
    fu = item.get("follow_up")
    if fu is not None:
        if isinstance(fu, dict) and fu.get("due") is not None:
            due = date_field(nb.problems, doc, fu, "due", f"interactions[{i}].follow_up.due")
            if due is not None:
                follow = FollowUp(
                    due=due,
                    what=str(fu.get("what") or ""),
                    with_ids=ids,
                    since=when,
                    done=_done(nb, doc, fu, i),
                    file=path,
                    line=doc.line_of(item, "follow_up"),
                )
        else:
            _problem(
                nb,
                f"interactions[{i}]: follow_up needs a due date",
                path,
                doc.line_of(item, "follow_up"),
                "follow_up: {due: 2026-03-20, what: ...}",
            )
    postings = tuple(str_list(item.get("postings")))
    if kind == "pass-along" and not postings:
        _problem(
            nb,
            f"interactions[{i}]: a pass-along needs its postings",
            path,
            line,
            "postings: [POSTING_ID] (the id from the job tables, or the posting's URL)",
        )
    if not ok:
        return None
    return Interaction(
        with_ids=ids,
        type=kind,
        date=when,
        give=give,
        minutes=minutes,
        summary=str(item.get("summary") or ""),
        channel=str(item.get("channel") or ""),
        initiated_by=str(item.get("initiated_by") or ""),
        origin=origin,
        follow_up=follow,
        postings=postings,
        source="front-matter",
        file=path,
        line=line,
    )


def _done(nb: Notebook, doc: Document, fu: dict, i: int) -> bool:
    """`done: true` or `done: DATE` (the day it was done); anything else is a problem, so
    a typo never leaves a follow-up open, or closed, without a word."""
    value = fu.get("done")
    if value is None or value is False:
        return False
    if value is True:
        return True
    return date_field(nb.problems, doc, fu, "done", f"interactions[{i}].follow_up.done") is not None
