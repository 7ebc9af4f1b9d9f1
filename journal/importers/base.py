"""What every importer shares: the imported record, decoding Windows exports, CSV rows.

Columns are always looked up by name, never by position: exports reorder them.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from foundation.errors import NotebookError


@dataclass
class Record:
    """One person as an export describes them; empty fields are simply empty."""

    name: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    org: str = ""
    title: str = ""
    linkedin: str = ""
    met: date | None = None
    notes: str = ""
    line: int | None = None  # where the record starts in the file


def decode(data: bytes) -> str:
    """Text from an export: UTF-16 or UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1")


_HEADER_NAMES = {"first name", "last name", "name", "given name", "family name"}


def csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header row (found after any preamble) and each data row keyed by column name,
    with the file line where that row starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if header is None:
            cells = {c.strip().lower() for c in row}
            if len(row) >= 3 and cells & _HEADER_NAMES:
                header = [c.strip() for c in row]
            continue
        if not any(c.strip() for c in row):
            continue
        rows.append(
            (start, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)})
        )
    if header is None:
        raise NotebookError(
            "no header row with a name column found",
            hint="export contacts as CSV with a header (First Name, Last Name, ...)",
        )
    return header, rows


def split_multi(value: str) -> list[str]:
    """Google joins several values in one cell with ' ::: '."""
    return [v.strip() for v in value.split(":::") if v.strip()]


def joined_name(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def linkedin_url(value: str) -> str:
    """A LinkedIn profile URL in one canonical form, or '' if it is not one."""
    v = value.strip()
    if "linkedin.com/" not in v.lower():
        return ""
    v = re.sub(r"^(https?://)?(www\.|[a-z]{2}\.)?", "", v, flags=re.I)
    return "https://www." + v.rstrip("/").split("?")[0]
