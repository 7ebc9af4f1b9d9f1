"""vCard 2.1, as phones export it: what the shared fixture table (expected.json) cannot
show, because it compares names and addresses only: notes across a soft line break,
charsets, and where each card starts in the file."""

from __future__ import annotations

from pathlib import Path

import journal
from journal.importers import import_file, read_records
from tests.conftest import FIXTURES
from tests.journal_support import settings

V21 = FIXTURES / "imports" / "contacts_v21.vcf"


def test_a_quoted_printable_note_continues_after_its_soft_line_break() -> None:
    _, records = read_records(V21)
    assert records[0].notes == (
        "Met at the Berlin meetup.\nWants a data engineer; ask again in spring – she said so."
    )


def test_each_card_starts_on_its_begin_line() -> None:
    # Base64 photo lines and CRLF endings must not shift line numbers: merge reports
    # problems as file:line.
    _, records = read_records(V21)
    lines = V21.read_bytes().decode("ascii").split("\r\n")
    begins = [n for n, line in enumerate(lines, start=1) if line == "BEGIN:VCARD"]
    assert [r.line for r in records] == begins


def test_an_unknown_or_wrong_charset_loses_no_byte(tmp_path: Path) -> None:
    path = tmp_path / "odd.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:2.1\n"
        # A charset no codec knows over UTF-8 bytes, then UTF-8 declared over Latin-1.
        "FN;CHARSET=NO-SUCH-CHARSET;ENCODING=QUOTED-PRINTABLE:Zo=C3=AB Lambert\n"
        "TITLE;CHARSET=UTF-8;QUOTED-PRINTABLE:Caf=E9 owner\n"
        "END:VCARD\n",
        encoding="ascii",
    )
    _, (record,) = read_records(path)
    assert record.name == "Zoë Lambert"
    assert record.title == "Café owner"  # not valid UTF-8, so read as Windows-1252


def test_phone_export_imports_into_a_notebook_with_its_note(tmp_path: Path) -> None:
    root = tmp_path / "notebook"
    summary = import_file(root, V21)
    assert summary.added == ["elise-muller", "jose-garcia", "ken-nakamura"]
    nb = journal.load_notebook(settings(root))
    assert nb.problems == []
    text = (root / "contacts" / "elise-muller.md").read_text(encoding="utf-8")
    assert "Élise Müller" in text
    assert "ask again in spring" in text
