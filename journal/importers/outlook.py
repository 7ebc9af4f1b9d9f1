"""Outlook CSV: about 90 columns in an order that varies by version and locale,
`Job Title` (the `Title` column is Mr./Ms.), up to three e-mails, many phone columns,
often saved in Windows-1252.
"""

from __future__ import annotations

from journal.importers.base import Record, csv_rows, joined_name, linkedin_url


def looks_like(header: list[str]) -> bool:
    names = {h.lower() for h in header}
    return bool(names & {"e-mail address", "job title", "business phone", "e-mail display name"})


def parse(text: str) -> list[Record]:
    header, rows = csv_rows(text)
    email_cols = [
        h for h in header if h.lower().startswith("e-mail") and h.lower().endswith("address")
    ]
    # The assistant's and the company's numbers are not the person's.
    phone_cols = [
        h
        for h in header
        if "phone" in h.lower()
        and not any(x in h.lower() for x in ("assistant", "company main", "fax"))
    ]
    out = []
    for line, r in rows:
        web = r.get("Web Page", "")
        out.append(
            Record(
                name=joined_name(
                    r.get("First Name", ""),
                    r.get("Middle Name", ""),
                    r.get("Last Name", ""),
                    r.get("Suffix", ""),
                ),
                emails=[r[c] for c in email_cols if r.get(c) and "@" in r[c]],
                phones=[r[c] for c in phone_cols if r.get(c)],
                org=r.get("Company", ""),
                title=r.get("Job Title", ""),
                linkedin=linkedin_url(web),
                notes=r.get("Notes", ""),
                line=line,
            )
        )
    return out
