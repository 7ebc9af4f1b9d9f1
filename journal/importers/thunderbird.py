"""Thunderbird's address book CSV: First Name, Last Name, Display Name, Nickname, Primary
Email, Secondary Email, Screen Name, Work Phone, Home Phone, Fax Number, Pager Number,
Mobile Number, addresses, Job Title, Department, Organization, Web Page 1 and 2, birth
date columns, Custom 1-4, Notes. It shares `Job Title` with Outlook, so it is told apart
by `Primary Email`, which only Thunderbird writes.
"""

from __future__ import annotations

from journal.importers.base import Record, csv_rows, joined_name, linkedin_url
from journal.names import family_from_export


def looks_like(header: list[str]) -> bool:
    names = {h.lower() for h in header}
    return "primary email" in names or {"display name", "screen name"} <= names


def parse(text: str) -> list[Record]:
    _, rows = csv_rows(text)
    out = []
    for line, r in rows:
        sites = [r.get("Web Page 1", ""), r.get("Web Page 2", "")]
        out.append(
            Record(
                name=joined_name(r.get("First Name", ""), r.get("Last Name", ""))
                or r.get("Display Name", ""),
                emails=[e for e in (r.get("Primary Email"), r.get("Secondary Email")) if e],
                phones=[
                    p
                    for p in (r.get("Mobile Number"), r.get("Work Phone"), r.get("Home Phone"))
                    if p
                ],
                org=r.get("Organization", ""),
                title=r.get("Job Title", ""),
                linkedin=next((u for u in map(linkedin_url, sites) if u), ""),
                notes=r.get("Notes", ""),
                line=line,
                family=family_from_export(r.get("Last Name", "")),
            )
        )
    return out
