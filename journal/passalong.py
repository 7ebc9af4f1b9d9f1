"""Pass-alongs on the journal's side: a contact's `pass_along` section (what they asked
to hear about) and the postings already passed to each contact.

Matching wishes against postings needs the job history, which the journal never reads:
the application does it (stayready/passalong.py) from what this module gives it.

    pass_along:
      roles: [data engineer, analytics engineer]   # whole words in the title, any case
      areas: [Austin, Remote]                      # the posting's area or places
      skills: [Python, dbt]                        # taxonomy names or aliases
      companies: [Northwind]                       # one name per company, as warm paths
      exclude: [intern, contract]                  # any of these words rules a posting out
      until: 2026-06-30                            # the wish expires after this day
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

from foundation.errors import NotebookError
from journal.frontmatter import Document, date_field, str_list
from journal.model import Notebook, PassAlong

PASS_ALONG_KEYS = ("roles", "areas", "skills", "companies", "exclude", "until")
# What a body line names a posting by: its id (16 hex digits, or a 6+ prefix of it as
# `stayready mark` takes) or its address, each followed by a space, a comma or the end.
_LEADING = re.compile(r"([0-9a-f]{6,16}|https?://[^\s,]+)(?:[\s,]+|$)")


def read_pass_along(problems: list[NotebookError], doc: Document, fm: dict) -> PassAlong | None:
    """The contact's `pass_along` section, or None; each problem is recorded with its line
    (an unknown key gets a did-you-mean: a typo such as `role:` would match everything)."""
    raw = fm.get("pass_along")
    if raw is None:
        return None
    line = doc.line_of(fm, "pass_along")
    if not isinstance(raw, dict):
        problems.append(NotebookError(
            "pass_along: expected a mapping", file=doc.path, line=line,
            hint=f"keys: {', '.join(PASS_ALONG_KEYS)}, e.g. pass_along: {{roles: [data engineer]}}",
        ))  # fmt: skip
        return None
    for key in raw:
        if key not in PASS_ALONG_KEYS:
            near = difflib.get_close_matches(str(key), PASS_ALONG_KEYS, n=1)
            problems.append(NotebookError(
                f"pass_along: unknown key {key!r}", file=doc.path, line=doc.line_of(raw, key),
                hint=f"did you mean '{near[0]}'?" if near
                else f"pass_along keys: {', '.join(PASS_ALONG_KEYS)}",
            ))  # fmt: skip
    lists: dict[str, tuple[str, ...]] = {}
    for key in PASS_ALONG_KEYS[:-1]:
        value = raw.get(key)
        if value is not None and not isinstance(value, (str, list)):
            problems.append(NotebookError(
                f"pass_along.{key}: expected a list of words", file=doc.path,
                line=doc.line_of(raw, key), hint=f"e.g. {key}: [first, second]",
            ))  # fmt: skip
            value = None
        lists[key] = tuple(str_list(value))
    until = date_field(problems, doc, raw, "until", "pass_along.until")
    return PassAlong(**lists, until=until, line=line)


def split_refs(summary: str) -> tuple[tuple[str, ...], str]:
    """A pass-along line's summary as (posting ids or URLs, the rest): `3f2a91c0 a fit
    for her` -> (("3f2a91c0",), "a fit for her"). Separators: spaces and commas."""
    refs: list[str] = []
    rest = summary.strip()
    while m := _LEADING.match(rest):
        refs.append(m.group(1))
        rest = rest[m.end() :]
    return tuple(refs), rest.strip()


def passed(notebook: Notebook, until: date | None = None) -> dict[str, list[tuple[date, str]]]:
    """Per contact, each posting (id or URL as written) passed along, with its day,
    oldest first; only interactions on or before `until` when it is given."""
    out: dict[str, list[tuple[date, str]]] = {}
    for it in notebook.interactions():
        if it.type != "pass-along" or (until is not None and it.date > until):
            continue
        for cid in it.with_ids:
            out.setdefault(cid, []).extend((it.date, ref) for ref in it.postings)
    return out


def wishes(notebook: Notebook, day: date) -> dict[str, PassAlong]:
    """The contacts who may be written to and whose wish has not expired on `day`."""
    out = {}
    for c in notebook.contacts.values():
        snoozed = bool(c.snooze_until and c.snooze_until > day)
        if c.pass_along is not None and c.reachable and not snoozed and c.pass_along.active(day):
            out[c.id] = c.pass_along
    return out


def describe(p: PassAlong) -> str:
    """The wish in words, for the Network page: 'data engineer · Austin, Remote · not intern'."""
    parts: list[Iterable[str]] = [p.roles, p.areas, p.skills, p.companies]
    text = " · ".join(", ".join(x) for x in parts if x)
    if p.exclude:
        text += (" · " if text else "") + "not " + ", ".join(p.exclude)
    if p.until:
        text += (" · " if text else "") + f"until {p.until.isoformat()}"
    return text or "anything"
