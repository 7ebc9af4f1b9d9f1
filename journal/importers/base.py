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
    family: str = ""  # the family name column or field, as the export gives it


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


# Name columns, in English and as Outlook and Thunderbird translate them.
_HEADER_NAMES = {
    "first name", "last name", "name", "given name", "family name", "display name",
    "vorname", "nachname", "nombre", "apellidos", "prénom", "nom",
}  # fmt: skip
_DELIMITERS = ",;\t"


def _delimiter(line: str) -> str:
    """The delimiter of a header line. csv.Sniffer is given the header line alone: on a
    whole LinkedIn file (a preamble, then quoted commas) it cannot decide."""
    try:
        return csv.Sniffer().sniff(line, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return max(_DELIMITERS, key=line.count)


def _header_at(line: str) -> tuple[str, list[str]] | None:
    """(delimiter, cells) when `line` is a header row naming a name column."""
    if not line.strip():
        return None
    delimiter = _delimiter(line)
    cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter), [])]
    if len(cells) >= 2 and {c.lower() for c in cells} & _HEADER_NAMES:
        return delimiter, cells
    return None


def csv_rows(text: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header row (found after any preamble) and each data row keyed by column name,
    with the file line where that row starts. Commas, semicolons (Excel and Outlook in
    German, Spanish or French) and tabs all separate columns."""
    lines = text.splitlines(keepends=True)
    found = next(((i, h) for i, line in enumerate(lines[:200]) if (h := _header_at(line))), None)
    if found is None:
        raise NotebookError(
            "no header row with a name column found",
            hint="export contacts as CSV with a header (First Name, Last Name, ...)",
        )
    i, (delimiter, header) = found
    reader = csv.reader(io.StringIO("".join(lines[i + 1 :]), newline=""), delimiter=delimiter)
    rows: list[tuple[int, dict[str, str]]] = []
    line_no = i + 2
    for row in reader:
        start, line_no = line_no, i + 2 + reader.line_num
        if not any(c.strip() for c in row):
            continue
        rows.append(
            (start, {h: (row[k].strip() if k < len(row) else "") for k, h in enumerate(header)})
        )
    return header, rows


def split_multi(value: str) -> list[str]:
    """Google joins several values in one cell with ' ::: '."""
    return [v.strip() for v in value.split(":::") if v.strip()]


def address(value: str) -> tuple[str, str]:
    """(address, display name) of an e-mail cell: `"Omega" <omega@example.com>` is the
    address omega@example.com shown as Omega; a bare address has no display name."""
    from email.utils import parseaddr

    text = value.strip().removeprefix("mailto:").strip()
    if "<" in text and ">" in text:
        display, addr = parseaddr(text)
        if "@" in addr:
            return addr.strip(), display.strip()
    return text, ""


_CONTROL = {c: None for c in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]}
_CONTROL_IN_TEXT = {c: None for c in _CONTROL if c not in (0x09, 0x0A)}


def clean(value: str, *, multiline: bool = False) -> str:
    """`value` without control characters (and lone surrogates), which the notebook's
    YAML reader refuses: a Windows-1252 misreading leaves C1 controls in a name. A
    single-line field also loses its line breaks, which become spaces."""
    if multiline:
        text = value.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_IN_TEXT)
    else:
        text = " ".join(re.sub(r"[\t\r\n]", " ", value).translate(_CONTROL).split())
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def normalize(r: Record) -> Record:
    """The record as the notebook may hold it: control characters out of every field,
    addresses out of `"Name" <address>` (the display name becomes the name only where
    there is none), repeated e-mails and phones once."""
    emails: list[str] = []
    for cell in r.emails:
        addr, display = address(clean(cell))
        if addr and addr.lower() not in {e.lower() for e in emails}:
            emails.append(addr)
        if display and not r.name.strip():
            r.name = display
    r.emails = emails
    r.phones = list(dict.fromkeys(p for p in (clean(x) for x in r.phones) if p))
    for key in ("name", "org", "title", "linkedin", "family"):
        setattr(r, key, clean(getattr(r, key)))
    r.notes = clean(r.notes, multiline=True).strip()
    return r


def joined_name(*parts: str) -> str:
    return re.sub(r"\s+", " ", " ".join(p for p in parts if p)).strip()


def linkedin_url(value: str) -> str:
    """A LinkedIn profile URL in one canonical form, or '' if it is not one."""
    v = value.strip()
    if "linkedin.com/" not in v.lower():
        return ""
    v = re.sub(r"^(https?://)?(www\.|[a-z]{2}\.)?", "", v, flags=re.I)
    return "https://www." + v.rstrip("/").split("?")[0]
