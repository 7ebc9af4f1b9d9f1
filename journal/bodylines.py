"""The body-line grammar, for people who would rather not write YAML.

    - TYPE @id [@id ...] [Nm] [+give | +ask] [+network | +stranger | +own-writing] [: summary]

A `pass-along` names its postings first in the summary, by id or URL:
`- pass-along @ana-quintero: 3f2a91c0d4e5f6a7 a fit for her`.

e.g. `- call @jane-doe 20m +give: thanked her for the intro`. A bullet that starts
like an interaction (a word, then @id) but breaks the grammar is reported, not ignored.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foundation.errors import NotebookError
from journal.model import IMPLIED_GIVE, INTERACTION_TYPES, OPPORTUNITY_TYPES, ORIGINS, Interaction
from journal.passalong import split_refs

GRAMMAR = "- TYPE @id [@id ...] [Nm] [+give | +ask] [: summary]"
_ID = re.compile(r"^@([a-z0-9][a-z0-9_-]*)$")
_MINUTES = re.compile(r"^(\d{1,4})(m|min)$")
# A bullet whose first word is followed by an @mention or a +flag looks like an
# interaction line: check it. Plain prose bullets are left alone.
_LOOKS_LIKE = re.compile(r"^\s*[-*]\s+([A-Za-z][\w-]*)\s+[@+][a-z]")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass
class ParsedLine:
    type: str
    ids: tuple[str, ...]
    minutes: int = 0
    give: bool | None = None
    origin: str | None = None
    summary: str = ""


def parse_line(text: str) -> ParsedLine:
    """Parse one interaction line (the leading '- ' is optional); raise NotebookError."""
    head, colon, summary = text.strip().partition(":")
    tokens = head.split()
    if tokens and tokens[0] in ("-", "*"):
        tokens = tokens[1:]
    if not tokens:
        raise NotebookError("empty interaction line", hint=f"write {GRAMMAR}")
    kind = tokens[0].lower()
    if kind not in INTERACTION_TYPES:
        near = difflib.get_close_matches(kind, INTERACTION_TYPES, n=1)
        raise NotebookError(
            f"unknown interaction type {tokens[0]!r}",
            hint=(f"did you mean '{near[0]}'? " if near else "")
            + f"types: {', '.join(INTERACTION_TYPES)}",
        )
    ids: list[str] = []
    minutes = 0
    give: bool | None = None
    origin: str | None = None
    for tok in tokens[1:]:
        low = tok.lower()
        if m := _ID.match(low):
            if m.group(1) not in ids:
                ids.append(m.group(1))
        elif m := _MINUTES.match(low):
            minutes = int(m.group(1))
        elif low in ("+give", "+ask"):
            if give is not None and give != (low == "+give"):
                raise NotebookError("both +give and +ask", hint="an interaction is one or other")
            give = low == "+give"
        elif low.startswith("+") and low[1:] in ORIGINS:
            origin = low[1:]
        else:
            raise NotebookError(
                f"unexpected {tok!r} before the ':'",
                hint=f"write {GRAMMAR}; put free text after the colon",
            )
    if not ids and not (kind in OPPORTUNITY_TYPES and origin in ("stranger", "own-writing")):
        raise NotebookError(
            "no @id: who was it with?",
            hint=f"write {GRAMMAR}, e.g. - call @jane-doe 20m: caught up",
        )
    if kind in OPPORTUNITY_TYPES and origin is None:
        origin = "network"
    if give is None:
        give = IMPLIED_GIVE.get(kind)
    summary = summary.strip() if colon else ""
    if kind == "pass-along" and not split_refs(summary)[0]:
        raise NotebookError(
            "a pass-along names the posting after the ':'",
            hint="write - pass-along @id: POSTING_ID (its id, 6+ characters of it, or its URL)",
        )
    return ParsedLine(kind, tuple(ids), minutes, give, origin, summary)


def format_line(p: ParsedLine) -> str:
    """The line the journal writes for `p`, which `parse_line` reads back as `p`.

    Ids are written lowercase, as parse_line keeps them: a bullet such as `- call @Jane`
    would not look like an interaction in a body (see _LOOKS_LIKE) and would be lost as
    prose. Flags the type already implies (`- ask @x +ask`) are left out.
    """
    flags = []
    if p.give is not None and IMPLIED_GIVE.get(p.type) != p.give:
        flags.append("+give" if p.give else "+ask")
    if p.origin is not None and not (p.type in OPPORTUNITY_TYPES and p.origin == "network"):
        flags.append(f"+{p.origin}")
    minutes = [f"{p.minutes}m"] if p.minutes else []
    # The word after the type must be an @id or a +flag for the line to be seen at all.
    rest = [*(f"@{i}" for i in p.ids), *minutes, *flags] if p.ids else [*flags, *minutes]
    line = " ".join(["-", p.type, *rest])
    return f"{line}: {p.summary}" if p.summary else line


def interaction_lines(lines: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """Each line, and whether it is meant as an interaction line: a bullet that starts like
    one, outside code blocks. The pages write these out (stayready/site/prose.py)."""
    in_code = False
    for raw in lines:
        if _FENCE.match(raw):
            in_code = not in_code
            yield raw, False
        else:
            yield raw, not in_code and _LOOKS_LIKE.match(raw) is not None


def parse_body(
    body: str, *, body_start: int, path: Path, when: date
) -> tuple[list[Interaction], list[NotebookError]]:
    """Every interaction line in a body, and a problem for each malformed one."""
    found: list[Interaction] = []
    problems: list[NotebookError] = []
    for offset, (raw, marked) in enumerate(interaction_lines(body.splitlines())):
        if not marked:
            continue
        line = body_start + offset
        try:
            p = parse_line(raw)
        except NotebookError as exc:
            exc.file, exc.line = str(path), line
            problems.append(exc)
            continue
        found.append(
            Interaction(
                with_ids=p.ids,
                type=p.type,
                date=when,
                give=p.give,
                minutes=p.minutes,
                summary=p.summary,
                origin=p.origin,
                postings=split_refs(p.summary)[0] if p.type == "pass-along" else (),
                source="body",
                file=path,
                line=line,
            )
        )
    return found, problems
