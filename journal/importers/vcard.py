"""vCard 2.1, 3.0 and 4.0 (.vcf): folded lines, `;`-separated structured values, escapes.

3.0 requires N and FN, 4.0 only FN; a card with neither name is skipped by the merge.
2.1 is what phones still export (Android's "Export to .vcf", older Outlook): names and
notes outside ASCII come as `ENCODING=QUOTED-PRINTABLE` with a `CHARSET`, and a long
quoted-printable value continues on the next line after a trailing `=` (a soft break),
not after a leading space. Japanese phones write `CHARSET=SHIFT_JIS` on values that are
not quoted-printable, in 2.1 and in 3.0 files alike.

The card is read as bytes: each value is decoded in the charset its own `CHARSET`
declares, else in the file's (UTF-8 when the whole file is UTF-8, else the first charset
a value declares, else Windows-1252). A value that its declared charset cannot decode,
or that would decode to C1 control characters, is refused with the card's name and line.
"""

from __future__ import annotations

import codecs
import quopri
import re

from foundation.errors import NotebookError
from journal.importers.base import Record, joined_name, linkedin_url
from journal.names import family_from_export

# A parameter value may be quoted and hold `:` or `;` (TYPE="work,voice";X-LABEL="a:b").
_LINE = re.compile(r'^(?:[\w-]+\.)?([A-Za-z0-9-]+)((?:;(?:"[^"]*"|[^";:])*)*):(.*)$', re.S)
# 2.1 allows a bare `;QUOTED-PRINTABLE` as well as `;ENCODING=QUOTED-PRINTABLE`.
_QP = re.compile(r";\s*(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*(?=;|:|$)", re.I)
_CHARSET = re.compile(r";\s*CHARSET\s*=\s*\"?([\w.-]+)", re.I)
_BREAK = re.compile(r"\r\n|\r|\n")  # not str.splitlines: byte 0x85 is a Shift-JIS byte
# Labels so often put on Windows-1252 or UTF-8 text that those are tried after them.
_WESTERN = {"utf-8", "utf8", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}
# C1 controls come from a wrong charset (Shift-JIS read as Latin-1); the C0 ones a
# value may hold are removed later, with every other format's (base.clean).
_C1 = re.compile(r"[\x7f-\x9f]")


def looks_like(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False
    return True


def file_charset(data: bytes) -> str:
    """The charset of values that declare none: UTF-8 when the whole file is, else the
    first charset a value declares (a Shift-JIS 3.0 file says so on its N or FN), else
    Windows-1252."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    for m in _CHARSET.finditer(data.decode("latin-1")):
        if _known(m.group(1)) and codecs.lookup(m.group(1)).name != "utf-8":
            return m.group(1)
    return "cp1252"


def _decode(data: bytes, declared: str, default: str) -> str | None:
    """`data` in its declared charset, or None when it cannot be read. Western labels are
    often wrong, so UTF-8 and Windows-1252 are tried after them; a declared Japanese,
    Chinese or Cyrillic charset that fails is not guessed at."""
    if declared and _known(declared):
        charsets = [declared]
        if declared.lower() in _WESTERN:
            charsets += ["utf-8", "cp1252"]
    else:
        charsets = [default, "utf-8", "cp1252"]
    for charset in charsets:
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            continue
        if not _C1.search(text):
            return text.replace("\r\n", "\n")
    return None


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with the file line each starts on: a line starting with a space or
    tab continues the previous one (RFC 2425 folding); a quoted-printable line ending in
    `=` continues with the next line as it is (vCard 2.1)."""
    lines: list[tuple[int, str]] = []
    soft_break = False
    quoted = False  # whether the current property is quoted-printable
    for n, raw in enumerate(_BREAK.split(text), start=1):
        if soft_break and lines:
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + raw)
        elif raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif raw.strip():
            lines.append((n, raw))
            # Decided once, from the property's first line: matching the whole value again
            # for each folded line made a card with a long base64 photo quadratic.
            m = _LINE.match(raw)
            quoted = bool(m and _QP.search(m.group(2)))
        else:
            soft_break = False
            continue
        soft_break = quoted and raw.endswith("=")
    return lines


class _Card:
    """The card being read, and how to decode its values."""

    def __init__(self, number: int, line: int, default: str) -> None:
        self.number = number
        self.record = Record(line=line)
        self.default = default
        self.n_name = ""
        self.notes: list[str] = []

    def text(self, value: str, params: str, prop: str, line: int) -> str:
        """One value (`value` holds the file's bytes as Latin-1 characters)."""
        data = value.encode("latin-1")
        if _QP.search(params):
            data = quopri.decodestring(data)
        m = _CHARSET.search(params)
        text = _decode(data, m.group(1) if m else "", self.default)
        if text is None:
            who = self.record.name or self.n_name or "no name read yet"
            raise NotebookError(
                f"card {self.number} ({who}, from line {self.record.line}): its {prop} "
                f"cannot be read as {m.group(1) if m else self.default}; nothing was imported",
                line=line,
                hint="export the contacts again as UTF-8 (vCard 3.0 or 4.0)",
            )
        return text

    def parts(self, value: str, params: str, prop: str, line: int) -> list[str]:
        if _QP.search(params):
            # Split before decoding: a `;` inside a decoded value is text, not a separator.
            pieces = re.split(r"(?<!\\);", value)
            return [_unescape(self.text(p, params, prop, line)) for p in pieces]
        # Decode before splitting: a Shift-JIS character may end in the byte of `\`.
        text = self.text(value, params, prop, line)
        return [_unescape(p) for p in re.split(r"(?<!\\);", text)]


def parse(data: bytes) -> list[Record]:
    """Every card of a .vcf file given as bytes (UTF-16 files come re-encoded as UTF-8)."""
    default = file_charset(data)
    out: list[Record] = []
    card: _Card | None = None
    for n, raw in _logical_lines(data.decode("latin-1")):
        m = _LINE.match(raw)
        if not m:
            continue
        prop, params, value = m.group(1).upper(), m.group(2), m.group(3)
        if prop == "BEGIN":
            card = _Card(len(out) + 1, n, default)
            continue
        if card is None:
            continue
        r = card.record
        if prop == "END":
            r.name = r.name or card.n_name
            r.notes = "\n\n".join(card.notes)  # every NOTE of the card is kept
            out.append(r)
            card = None
        elif prop == "FN":
            r.name = _unescape(card.text(value, params, prop, n)).strip()
        elif prop == "N":
            p = card.parts(value, params, prop, n) + [""] * 5
            card.n_name = joined_name(p[1], p[2], p[0], p[4])
            r.family = family_from_export(p[0])
        elif prop == "EMAIL":
            r.emails.append(_unescape(card.text(value, params, prop, n)).strip())
        elif prop == "TEL":
            r.phones.append(
                _unescape(card.text(value, params, prop, n)).strip().removeprefix("tel:")
            )
        elif prop == "ORG":
            r.org = card.parts(value, params, prop, n)[0].strip()
        elif prop == "TITLE":
            r.title = _unescape(card.text(value, params, prop, n)).strip()
        elif prop in ("URL", "X-SOCIALPROFILE") and not r.linkedin:
            r.linkedin = linkedin_url(_unescape(card.text(value, params, prop, n)))
        elif prop == "NOTE":
            note = _unescape(card.text(value, params, prop, n)).strip()
            if note and note not in card.notes:
                card.notes.append(note)
    return out
