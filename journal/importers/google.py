"""Google Contacts CSV, both header generations: the older `Name, Given Name, Family Name,
Organization 1 - Name` and the newer `First Name, Last Name, Organization Name`.
Several values in one cell are joined with ` ::: `.
"""

from __future__ import annotations

import re

from journal.importers.base import Record, csv_rows, joined_name, linkedin_url, split_multi
from journal.names import family_from_export


def looks_like(header: list[str]) -> bool:
    names = {h.lower() for h in header}
    return bool(
        names
        & {
            "given name",
            "organization name",
            "organization 1 - name",
            "labels",
            "group membership",
            "e-mail 1 - value",
        }
    )


def _numbered(r: dict[str, str], pattern: str) -> list[str]:
    """Values of every column like 'E-mail 2 - Value', in column order, ' ::: ' split."""
    rx = re.compile(pattern, re.I)
    return [v for h, cell in r.items() if rx.fullmatch(h) for v in split_multi(cell)]


def parse(text: str) -> list[Record]:
    _, rows = csv_rows(text)
    out = []
    for line, r in rows:
        if "Given Name" in r:  # the older generation
            name = r.get("Name") or joined_name(
                r.get("Given Name", ""), r.get("Additional Name", ""), r.get("Family Name", "")
            )
            org = r.get("Organization 1 - Name", "")
            title = r.get("Organization 1 - Title", "")
            family = r.get("Family Name", "")
        else:
            name = joined_name(
                r.get("First Name", ""), r.get("Middle Name", ""), r.get("Last Name", "")
            )
            org = r.get("Organization Name", "")
            title = r.get("Organization Title", "")
            family = r.get("Last Name", "")
        sites = _numbered(r, r"Website \d+ - Value")
        out.append(
            Record(
                name=name,
                emails=_numbered(r, r"E-mail \d+ - Value"),
                phones=_numbered(r, r"Phone \d+ - Value"),
                org=split_multi(org)[0] if split_multi(org) else "",
                title=split_multi(title)[0] if split_multi(title) else "",
                linkedin=next((u for u in map(linkedin_url, sites) if u), ""),
                notes=r.get("Notes", ""),
                line=line,
                family=family_from_export(family),
            )
        )
    return out
