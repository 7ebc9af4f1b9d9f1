"""Journal bodies as a reader sees them: the body-line shorthand written out.

`- meeting @yuki-tanaka 30m +give: talked about her move` is quick to type and hard to
read on a page, so the pages show `- **Meeting** with Yuki Tanaka, 30 min, gave: talked
about her move`. Only lines the journal reads as interactions change (journal.bodylines,
the same grammar, code blocks left alone); anything else is the person's markdown as they
wrote it. A mention of someone not in the notebook keeps its @id.
"""

from __future__ import annotations

from collections.abc import Mapping

from foundation.errors import NotebookError
from journal.bodylines import interaction_lines, parse_line
from stayready.site import safety

_ORIGIN = {"stranger": "from a stranger", "own-writing": "from my writing"}


def readable(body: str, names: Mapping[str, str]) -> str:
    """`body` with each interaction line written out; `names` maps contact ids to names."""
    out: list[str] = []
    for raw, marked in interaction_lines(body.split("\n")):
        if not marked:
            out.append(raw)
            continue
        try:
            p = parse_line(raw)
        except NotebookError:  # reported by `check`; shown as written
            out.append(raw)
            continue
        bits = [f"**{p.type.replace('-', ' ').capitalize()}**"]
        # Names come from imports (text other people chose): escaped like any table cell.
        # An @id is safe as it is: the grammar allows only [a-z0-9_-] in it.
        people = [safety.md(names[i], 80) if i in names else f"@{i}" for i in p.ids]
        if people:
            bits[0] += " with " + _joined(people)
        if p.minutes:
            bits.append(f"{p.minutes} min")
        if p.give is True:
            bits.append("gave")
        elif p.give is False:
            bits.append("asked")
        if p.origin in _ORIGIN:
            bits.append(_ORIGIN[p.origin])
        indent = raw[: len(raw) - len(raw.lstrip())]
        line = f"{indent}- " + ", ".join(bits)
        out.append(f"{line}: {p.summary}" if p.summary else line)
    return "\n".join(out)


def _joined(people: list[str]) -> str:
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
