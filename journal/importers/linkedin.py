"""LinkedIn Connections.csv: a "Notes:" preamble, then First Name, Last Name, URL,
Email Address, Company, Position, Connected On (`15 Mar 2024`; exports from 2018 have no
URL column and write `1/8/18, 6:14 PM`). Emails are mostly empty, so the profile URL is the
best key. Last Name often carries credentials and pronouns ("Nayak, MSc, MBA, PHR"): the
family name is read without them.
"""

from __future__ import annotations

from datetime import date, datetime

from journal.importers.base import Record, csv_rows, joined_name, linkedin_url
from journal.names import family_from_export


def looks_like(header: list[str]) -> bool:
    names = {h.lower() for h in header}
    return "connected on" in names or {"url", "position"} <= names


def _date(text: str) -> date | None:
    day = text.split(",")[0].strip()  # 2018: "1/8/18, 6:14 PM"; the time is not needed
    for fmt in ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return datetime.strptime(day, fmt).date()
        except ValueError:
            continue
    return None


def parse(text: str) -> list[Record]:
    _, rows = csv_rows(text)
    out = []
    for line, r in rows:
        email = r.get("Email Address", "")
        out.append(
            Record(
                name=joined_name(r.get("First Name", ""), r.get("Last Name", "")),
                emails=[email] if email else [],
                org=r.get("Company", ""),
                title=r.get("Position", ""),
                linkedin=linkedin_url(r.get("URL", "")),
                met=_date(r.get("Connected On", "")),
                line=line,
                family=family_from_export(r.get("Last Name", "")),
            )
        )
    return out
