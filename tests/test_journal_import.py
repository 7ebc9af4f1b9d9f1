"""Contact imports on real-shaped exports: detection, column mapping, encodings, and an
idempotent merge that fills only empty fields and never rewrites what the person wrote."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

import journal
from foundation.errors import NotebookError
from journal.importers import detect, import_file, read_records
from journal.importers.base import decode
from stayready.cli import main
from tests.conftest import FIXTURES, write_config
from tests.journal_support import copy_sample, settings, snapshot

IMPORTS = FIXTURES / "imports"
EXPECTED = json.loads((IMPORTS / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(k for k in EXPECTED if not k.startswith("_"))
TODAY = date(2026, 3, 4)


@pytest.mark.parametrize("name", FILES)
def test_each_export_reads_as_expected(name: str) -> None:
    kind, records = read_records(IMPORTS / name)
    assert kind == EXPECTED[name]["format"]
    got = []
    for r in records:
        d = asdict(r)
        d["met"] = d["met"].isoformat() if d["met"] else None
        got.append(
            {k: d[k] for k in ("name", "emails", "phones", "org", "title", "linkedin", "met")}
        )
    assert got == EXPECTED[name]["records"]


@pytest.mark.parametrize("name", FILES)
def test_import_into_an_empty_notebook_then_again(tmp_path: Path, name: str) -> None:
    root = tmp_path / "notebook"
    first = import_file(root, IMPORTS / name)
    assert first.added == EXPECTED[name]["ids"]
    assert len(first.skipped) == EXPECTED[name]["skipped"]
    nb = journal.load_notebook(settings(root))
    assert nb.problems == []
    assert sorted(nb.contacts) == sorted(EXPECTED[name]["ids"])
    # Freshly imported people are "never", not cold.
    states = journal.contact_states(nb, settings(root), TODAY)
    assert {s.state for s in states} == {"never"}
    # Importing again changes nothing at all.
    before = snapshot(root)
    again = import_file(root, IMPORTS / name)
    assert (again.added, again.merged, again.twins) == ([], {}, {})
    assert again.unchanged == first.added and again.skipped == first.skipped
    assert snapshot(root) == before


def test_imported_values_round_trip_through_yaml(tmp_path: Path) -> None:
    root = tmp_path / "notebook"
    for name in FILES:
        import_file(root, IMPORTS / name)
    nb = journal.load_notebook(settings(root))
    assert nb.problems == []
    wei = nb.contacts["wei-zhang"]
    assert (wei.org, str(wei.met), wei.sources) == ("Lumen Labs, Inc.", "2025-02-28", ["linkedin"])
    tomas = nb.contacts["tomas-o-brien"]
    assert tomas.name == "Tomás O'Brien" and "Knows everyone in Dublin" in tomas.notes
    assert nb.contacts["renee-lefevre"].notes.strip() == "Budget: 5 000 €"
    assert nb.contacts["shanben-huazi"].name == "山本 花子"
    # Priya came from both Google files and Chidi from both vCards: one contact each.
    # The newer file came first; the older one filled what was still empty and added
    # her work address.
    priya = nb.contacts["priya-sharma"]
    assert (priya.emails, priya.title) == (
        ["priya@home.example", "priya@work.example"],
        "Product Manager",
    )
    assert [c for c in nb.contacts if c.startswith(("priya", "chidi"))] == [
        "chidi-okafor",
        "priya-sharma",
    ]


def test_merge_fills_only_empty_fields_and_keeps_every_byte(tmp_path: Path) -> None:
    root = copy_sample(tmp_path)
    ana = root / "contacts" / "ana-costa.md"
    before = ana.read_bytes()
    summary = import_file(root, IMPORTS / "outlook.csv")
    # Ana matched by e-mail: her org and title stay as she wrote them; her second phone
    # joins her list. Sam Wong matched by name: her file had no e-mail, phone, org or
    # title yet, and her notes gain the export's.
    assert summary.added == []
    assert summary.merged == {
        "sam-wong": [
            *("sort_name", "emails: sam@orbit.example", "phones: +1 555 0199", "org", "title"),
            *("linkedin", "sources", "note"),
        ],
        "ana-costa": ["sort_name", "phones: +1 555 0102", "sources"],
    }
    after = ana.read_bytes()
    assert (
        after.replace(b"sort_name: Costa\nsources: [outlook]\n", b"").replace(
            b', "+1 555 0102"]', b"]"
        )
        == before
    )
    # LinkedIn matches her by name and adds what is missing.
    summary = import_file(root, IMPORTS / "linkedin_Connections.csv")
    assert summary.merged["ana-costa"] == ["linkedin", "met"]
    c = journal.load_notebook(settings(root)).contacts["ana-costa"]
    assert (c.org, c.title) == ("Northwind", "Engineering Manager")
    assert c.linkedin == "https://www.linkedin.com/in/ana-costa-1a2b3c"
    assert c.notes == "\nNotes about Ana.\n"
    assert c.phones == ["+1 555 0101", "+1 555 0102"]


def test_an_empty_key_is_filled_in_place(tmp_path: Path) -> None:
    root = tmp_path / "notebook"
    (root / "contacts").mkdir(parents=True)
    path = root / "contacts" / "wei.md"
    path.write_bytes(
        b"---\r\nname: Wei Zhang  # my old boss\r\norg:\r\nemails: []\r\n---\r\n"
        b"He owes me lunch.\r\n"
    )
    summary = import_file(root, IMPORTS / "linkedin_Connections.csv")
    assert summary.merged == {"wei": ["sort_name", "org", "title", "linkedin", "met", "sources"]}
    assert path.read_bytes() == (
        b'---\r\nname: Wei Zhang  # my old boss\r\norg: "Lumen Labs, Inc."\r\nemails: []\r\n'
        b"sort_name: Zhang\r\n"
        b'title: Staff Engineer\r\nlinkedin: "https://www.linkedin.com/in/wei-zhang-88"\r\n'
        b"met: 2025-02-28\r\nsources: [linkedin]\r\n---\r\nHe owes me lunch.\r\n"
    )


def test_linkedin_url_matches_before_name(tmp_path: Path) -> None:
    root = tmp_path / "notebook"
    (root / "contacts").mkdir(parents=True)
    (root / "contacts" / "j-nunez.md").write_text(
        "---\nname: Pepe\nlinkedin: https://linkedin.com/in/JoseNunez/\n---\n", encoding="utf-8"
    )
    summary = import_file(root, IMPORTS / "linkedin_Connections.csv")
    assert "j-nunez" in summary.merged and "jose-nunez" not in summary.added


def test_import_refuses_while_a_contact_file_is_broken(tmp_path: Path) -> None:
    root = tmp_path / "notebook"
    (root / "contacts").mkdir(parents=True)
    (root / "contacts" / "ana-costa.md").write_text("---\nname: [Ana\n---\n", encoding="utf-8")
    before = snapshot(root)
    with pytest.raises(NotebookError) as exc:
        import_file(root, IMPORTS / "linkedin_Connections.csv")
    assert exc.value.file.endswith("ana-costa.md") and exc.value.line
    assert snapshot(root) == before


def test_unknown_format_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("Company,Revenue,Year\nAcme,1,2024\n", encoding="utf-8")
    with pytest.raises(NotebookError) as exc:
        read_records(bad)
    assert exc.value.file == str(bad)


def test_detection_ignores_the_file_name(tmp_path: Path) -> None:
    text = decode((IMPORTS / "google_new.csv").read_bytes())
    assert detect(text) == "google"
    renamed = tmp_path / "contacts.vcf"
    shutil.copy(IMPORTS / "outlook_cp1252.csv", renamed)
    assert read_records(renamed)[0] == "outlook"


def test_decode_windows_and_utf16() -> None:
    assert decode("Renée".encode("cp1252")) == "Renée"
    assert decode("\ufeffRenée".encode()) == "Renée"
    assert decode("Renée".encode("utf-16")) == "Renée"
    assert decode(b"caf\xe9 \x81") == "café \x81"  # undefined in cp1252: nothing is lost


def test_cli_import_prints_a_summary(project: Path, capsys) -> None:
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    assert main(["--config", str(cfg), "contacts", "import", str(IMPORTS / "google_old.csv")]) == 0
    assert "google: 2 added, 0 merged, 0 same-name twins, 0 unchanged, 0 skipped" in (
        capsys.readouterr().out
    )
    assert main(["--config", str(cfg), "contacts", "import", str(IMPORTS / "google_new.csv")]) == 0
    out = capsys.readouterr().out
    assert "google: 1 added, 0 merged, 0 same-name twins, 1 unchanged, 0 skipped" in out


def test_cli_summary_names_twins_and_skips_with_their_reasons(project: Path, capsys) -> None:
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    export = FIXTURES / "imports" / "cases" / "linkedin_twins" / "Connections.csv"
    assert main(["--config", str(cfg), "contacts", "import", str(export)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "linkedin: 6 added, 0 merged, 1 same-name twin, 1 unchanged, 1 skipped"
    assert out[1].startswith("  twin alison-hill-2: another Alison Hill: LinkedIn profile ")
    assert out[2] == f"  skipped {export}:13: no name and no e-mail"


def test_cli_refuses_an_undecodable_card_naming_it(project: Path, capsys) -> None:
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    export = FIXTURES / "imports" / "cases" / "sjis_broken" / "phone_export.vcf"
    assert main(["--config", str(cfg), "contacts", "import", str(export)]) == 1
    err = capsys.readouterr().err
    assert f"{export}:8: card 2 (no name read yet, from line 6): its N cannot be read" in err
    assert not (project / "notebook" / "contacts").exists()
