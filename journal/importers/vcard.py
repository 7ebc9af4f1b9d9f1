"""vCard 2.1, 3.0 and 4.0 (.vcf): folded lines, `;`-separated structured values, escapes.

3.0 requires N and FN, 4.0 only FN; a card with neither name is skipped by the merge.
2.1 is what phones still export (Android's "Export to .vcf", older Outlook): names and
notes outside ASCII come as `ENCODING=QUOTED-PRINTABLE` with a `CHARSET`, and a long
quoted-printable value continues on the next line after a trailing `=` (a soft break),
not after a leading space.
"""

from __future__ import annotations

import codecs
import quopri
import re

from journal.importers.base import Record, joined_name, linkedin_url

_LINE = re.compile(r"^(?:[\w-]+\.)?([A-Za-z-]+)((?:;[^:]*)?):(.*)$")
# 2.1 allows a bare `;QUOTED-PRINTABLE` as well as `;ENCODING=QUOTED-PRINTABLE`.
_QP = re.compile(r";\s*(?:ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*(?=;|:|$)", re.I)
_CHARSET = re.compile(r";\s*CHARSET\s*=\s*\"?([\w.:-]+)", re.I)


def looks_like(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCARD")


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _quoted_printable(value: str, params: str) -> str:
    """A quoted-printable value in its declared charset. A charset no codec knows, or one
    the bytes do not decode in, falls back the way whole files do (UTF-8, then
    Windows-1252, then Latin-1), so no byte is lost. A wrong single-byte charset decodes
    anything, so its text comes out garbled, not refused."""
    data = quopri.decodestring(value.encode("utf-8"))
    m = _CHARSET.search(params)
    charsets = [m.group(1)] if m else []
    for charset in [*charsets, "utf-8", "cp1252"]:
        try:
            codecs.lookup(charset)
            return data.decode(charset).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1").replace("\r\n", "\n")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with the file line each starts on: a line starting with a space or
    tab continues the previous one (RFC 2425 folding); a quoted-printable line ending in
    `=` continues with the next line as it is (vCard 2.1)."""
    lines: list[tuple[int, str]] = []
    soft_break = False
    quoted = False  # whether the current property is quoted-printable
    for n, raw in enumerate(text.splitlines(), start=1):
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


def parse(text: str) -> list[Record]:
    out: list[Record] = []
    card: Record | None = None
    n_name = ""
    for n, raw in _logical_lines(text):
        m = _LINE.match(raw)
        if not m:
            continue
        prop, params, value = m.group(1).upper(), m.group(2), m.group(3)
        qp = bool(_QP.search(params))

        def text_of(v: str, params: str = params, qp: bool = qp) -> str:
            return _unescape(_quoted_printable(v, params) if qp else v)

        def parts(v: str) -> list[str]:
            # Split before decoding: a `;` inside a decoded value is text, not a separator.
            return [text_of(p) for p in re.split(r"(?<!\\);", v)]

        if prop == "BEGIN":
            card, n_name = Record(line=n), ""
        elif card is None:
            continue
        elif prop == "END":
            card.name = card.name or n_name
            out.append(card)
            card = None
        elif prop == "FN":
            card.name = text_of(value).strip()
        elif prop == "N":
            p = parts(value) + [""] * 5
            n_name = joined_name(p[1], p[2], p[0], p[4])
        elif prop == "EMAIL":
            card.emails.append(text_of(value).removeprefix("mailto:").strip())
        elif prop == "TEL":
            card.phones.append(text_of(value).removeprefix("tel:").strip())
        elif prop == "ORG":
            card.org = parts(value)[0].strip()
        elif prop == "TITLE":
            card.title = text_of(value).strip()
        elif prop in ("URL", "X-SOCIALPROFILE") and not card.linkedin:
            card.linkedin = linkedin_url(text_of(value))
        elif prop == "NOTE":
            card.notes = text_of(value).strip()
    return out
