"""vCard 3.0 and 4.0 (.vcf): folded lines, `;`-separated structured values, escapes.

3.0 requires N and FN, 4.0 only FN; a card with neither name is skipped by the merge.
"""

from __future__ import annotations

import re

from journal.importers.base import Record, joined_name, linkedin_url

_LINE = re.compile(r"^(?:[\w-]+\.)?([A-Za-z-]+)((?:;[^:]*)?):(.*)$")


def looks_like(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _parts(value: str) -> list[str]:
    return [_unescape(p) for p in re.split(r"(?<!\\);", value)]


def parse(text: str) -> list[Record]:
    # Unfold: a line starting with a space or tab continues the previous one.
    lines: list[tuple[int, str]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((n, raw))
    out: list[Record] = []
    card: Record | None = None
    n_name = ""
    for n, raw in lines:
        m = _LINE.match(raw)
        if not m:
            continue
        prop, value = m.group(1).upper(), m.group(3)
        if prop == "BEGIN":
            card, n_name = Record(line=n), ""
        elif card is None:
            continue
        elif prop == "END":
            card.name = card.name or n_name
            out.append(card)
            card = None
        elif prop == "FN":
            card.name = _unescape(value).strip()
        elif prop == "N":
            p = _parts(value) + [""] * 5
            n_name = joined_name(p[1], p[2], p[0], p[4])
        elif prop == "EMAIL":
            card.emails.append(_unescape(value).removeprefix("mailto:").strip())
        elif prop == "TEL":
            card.phones.append(_unescape(value).removeprefix("tel:").strip())
        elif prop == "ORG":
            card.org = _parts(value)[0].strip()
        elif prop == "TITLE":
            card.title = _unescape(value).strip()
        elif prop in ("URL", "X-SOCIALPROFILE") and not card.linkedin:
            card.linkedin = linkedin_url(_unescape(value))
        elif prop == "NOTE":
            card.notes = _unescape(value).strip()
    return out
