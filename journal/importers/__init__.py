"""Contact importers, one module a format; the format is detected from the content."""

from __future__ import annotations

from pathlib import Path

from foundation.errors import NotebookError
from journal.importers import google, linkedin, outlook, vcard
from journal.importers.base import Record, csv_rows, decode
from journal.importers.merge import ImportSummary, merge

__all__ = ["ImportSummary", "Record", "detect", "import_file", "read_records"]


def detect(text: str) -> str:
    """'vcard', 'linkedin', 'google' or 'outlook', from the content alone."""
    if vcard.looks_like(text):
        return "vcard"
    header, _ = csv_rows(text)
    # Order matters: Google's newer header also has First Name and Last Name.
    for name, module in (("linkedin", linkedin), ("google", google), ("outlook", outlook)):
        if module.looks_like(header):
            return name
    raise NotebookError(
        "not a contact export this tool knows",
        hint="use LinkedIn Connections.csv, Outlook or Google Contacts CSV, or a vCard (.vcf)",
    )


def read_records(path: Path) -> tuple[str, list[Record]]:
    try:
        text = decode(path.read_bytes())
    except FileNotFoundError:
        raise NotebookError("file not found", file=path) from None
    try:
        kind = detect(text)
    except NotebookError as exc:
        exc.file = str(path)
        raise
    module = {"vcard": vcard, "linkedin": linkedin, "google": google, "outlook": outlook}[kind]
    return kind, module.parse(text)


def import_file(root: Path, path: Path) -> ImportSummary:
    """Import one export into notebook/contacts/, idempotently."""
    kind, records = read_records(path)
    return merge(root, records, source=kind, file=path)
