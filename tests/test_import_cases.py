"""Real-shaped exports, one folder each under tests/fixtures/imports/cases/, with what the
import must do beside the input in expected.json: the records read, the summary printed,
the warnings, and the contacts the notebook then holds (a `notebook/` folder, where there
is one, is the notebook imported into). Every case is imported twice: the second time
changes no byte."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from foundation.errors import NotebookError
from journal.importers import import_file, read_records
from journal.notebook import load_folder
from journal.sweep import letter_of
from tests.conftest import FIXTURES
from tests.journal_support import snapshot

CASES = FIXTURES / "imports" / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").is_file())


def _case(name: str) -> tuple[dict, Path]:
    expected = json.loads((CASES / name / "expected.json").read_text(encoding="utf-8"))
    return expected, CASES / name / expected["input"]


def _notebook(tmp_path: Path, name: str) -> Path:
    root = tmp_path / "notebook"
    if (CASES / name / "notebook").is_dir():
        shutil.copytree(CASES / name / "notebook", root)
    return root


def test_every_case_folder_has_its_expectation() -> None:
    folders = sorted(p.name for p in CASES.iterdir() if p.is_dir())
    assert folders == NAMES and len(NAMES) >= 12


@pytest.mark.parametrize("name", NAMES)
def test_the_export_reads_as_expected(name: str) -> None:
    expected, path = _case(name)
    if "error" in expected:
        with pytest.raises(NotebookError) as exc:
            read_records(path)
        assert (exc.value.message, exc.value.line) == (
            expected["error"]["message"],
            expected["error"]["line"],
        )
        assert exc.value.file == str(path)
        return
    kind, records = read_records(path)
    assert kind == expected["format"]
    got = []
    for r in records:
        d = asdict(r)
        d["met"] = d["met"].isoformat() if d["met"] else None
        got.append({k: d[k] for k in expected["records"][0]})
    assert got == expected["records"]


@pytest.mark.parametrize("name", NAMES)
def test_the_import_says_what_it_did_and_a_second_changes_nothing(
    tmp_path: Path, name: str
) -> None:
    expected, path = _case(name)
    root = _notebook(tmp_path, name)
    before = snapshot(root) if root.exists() else {}
    if "error" in expected:
        with pytest.raises(NotebookError):
            import_file(root, path)
        assert (snapshot(root) if root.exists() else {}) == before
        return
    summary = import_file(root, path)
    assert [line.replace(str(path), "{file}") for line in summary.lines()] == expected["summary"]
    assert [w.replace(str(path), "{file}") for w in summary.problems] == expected["warnings"]
    nb = load_folder(root)
    assert nb.problems == []
    got = {
        c.id: {
            "name": c.name,
            "sort_name": c.sort_name,
            "letter": letter_of(c),
            "emails": c.emails,
            "phones": c.phones,
            "org": c.org,
            "title": c.title,
            "linkedin": c.linkedin,
            "notes": c.notes.strip(),
        }
        for c in sorted(nb.contacts.values(), key=lambda c: c.id)
    }
    assert got == expected["contacts"]
    files = snapshot(root)
    for text in files.values():
        # Not one control character reaches the notebook (tab and line breaks aside).
        assert not any(b < 0x20 and b not in b"\t\r\n" for b in text)
        assert not any(0x80 <= ord(ch) < 0xA0 for ch in text.decode("utf-8"))
    again = import_file(root, path)
    assert (again.added, again.merged, again.twins) == ([], {}, {})
    assert again.skipped == summary.skipped
    assert snapshot(root) == files


def test_a_typed_in_contact_keeps_every_byte_it_had(tmp_path: Path) -> None:
    root = _notebook(tmp_path, "merge_existing")
    before = (root / "contacts" / "john-doe.md").read_text(encoding="utf-8")
    import_file(root, CASES / "merge_existing" / "contacts.vcf")
    after = (root / "contacts" / "john-doe.md").read_text(encoding="utf-8")
    added = (
        "  - john@doe-family.example\n",
        ', "+1 555 0151"',
        "sort_name: Doe\nsources: [vcard]\n",
        "\nPlays chess on Thursdays.\n",
    )
    for piece in added:
        assert after.count(piece) == 1
        after = after.replace(piece, "", 1)
    assert after == before
