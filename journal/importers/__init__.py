"""Contact importers, one module a format; the format is detected from the content."""

from __future__ import annotations

from pathlib import Path

from foundation.errors import NotebookError
from journal.importers import google, linkedin, outlook, thunderbird, vcard
from journal.importers.base import Record, csv_rows, decode, normalize
from journal.importers.merge import merge
from journal.importers.summary import ImportSummary

__all__ = ["ImportSummary", "Record", "detect", "import_file", "read_records"]


def detect(text: str) -> str:
    """'vcard', 'linkedin', 'google', 'thunderbird' or 'outlook', from the content alone."""
    if vcard.looks_like(text):
        return "vcard"
    header, _ = csv_rows(text)
    # Order matters: Google's newer header also has First Name and Last Name, and
    # Thunderbird's has Outlook's Job Title.
    for name, module in (
        ("linkedin", linkedin),
        ("google", google),
        ("thunderbird", thunderbird),
        ("outlook", outlook),
    ):
        if module.looks_like(header):
            return name
    raise NotebookError(
        "not a contact export this tool knows",
        hint="use LinkedIn Connections.csv, Outlook, Google or Thunderbird CSV, or a vCard (.vcf)",
    )


def read_records(path: Path) -> tuple[str, list[Record]]:
    """The export's format and its people, each cleaned for the notebook (addresses out
    of `"Name" <address>`, no control characters)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotebookError("file not found", file=path) from None
    text = decode(data)
    try:
        kind = detect(text)
        if kind == "vcard":
            # vCards are read as bytes, so each value's own CHARSET decides; a UTF-16
            # file is one charset throughout.
            utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
            raw = text.encode("utf-8") if utf16 else data.removeprefix(b"\xef\xbb\xbf")
            records = vcard.parse(raw)
        else:
            module = {"linkedin": linkedin, "google": google, "outlook": outlook,
                      "thunderbird": thunderbird}[kind]  # fmt: skip
            records = module.parse(text)
    except NotebookError as exc:
        exc.file = str(path)
        raise
    return kind, [normalize(r) for r in records]


def import_file(root: Path, path: Path) -> ImportSummary:
    """Import one export into notebook/contacts/, idempotently."""
    kind, records = read_records(path)
    return merge(root, records, source=kind, file=path)
