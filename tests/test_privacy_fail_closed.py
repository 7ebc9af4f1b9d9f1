"""Fail closed: a contact file that cannot be read in full never opens the door.

Each kind of broken contact file is planted beside a public entry that names the
person (and beside no entry at all); no command may publish the name while exiting 0,
and each refusal names the file, and the line where there is one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.clock import parse_instant
from foundation.config import load_config
from foundation.errors import PrivacyError
from stayready.cli import main
from stayready.site import editions
from tests.conftest import write_config

NAME = "Raj Rao"
GOOD = b"---\nname: Raj Rao\norg: Hirewell\n---\nMet at the meetup.\n"
# (what is wrong, the file's bytes, the 1-based line the problem is reported at)
BROKEN = [
    ("unquoted colon", b"---\nname: Raj Rao\norg: Hirewell: agency\n---\n", 3),
    ("tab", b"---\nname: Raj Rao\ntags:\n\t- ops\n---\n", 4),
    ("duplicate key", b"---\nname: Raj Rao\ntier: B\ntier: C\n---\n", 4),
    ("not UTF-8", "---\nname: Raj Rao\norg: Café Nord\n---\n".encode("latin-1"), None),
    ("no closing fence", b"---\nname: Raj Rao\norg: Hirewell\nMet at the meetup.\n", 1),
    ("no front matter", b"Raj Rao\nMet at the meetup.\n", 1),
]
IDS = [b[0] for b in BROKEN]
ENTRY = (
    "---\ndate: 2026-02-20\ntitle: Lunch\nvisibility: public\n---\nHad lunch with Raj Rao today.\n"
)


def _project(root: Path, contact: bytes, *, entry: bool) -> Path:
    contacts = root / "notebook" / "contacts"
    contacts.mkdir(parents=True)
    (contacts / "raj-rao.md").write_bytes(contact)
    (contacts / "ana-costa.md").write_text("---\nname: Ana Costa\n---\n", encoding="utf-8")
    if entry:
        entries = root / "notebook" / "entries" / "2026"
        entries.mkdir(parents=True)
        (entries / "2026-02-20-lunch.md").write_text(ENTRY, encoding="utf-8")
    # A site from an earlier night: a refused build must leave it as it was.
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<p>last night's site</p>", encoding="utf-8")
    return write_config(root, "notebook:\n  path: notebook\n")


def _published(root: Path) -> list[str]:
    """Files of the public output (site/ and the rendered pages) that hold the name."""
    found = []
    for folder in (root / "site", root / "docs" / "generated"):
        for path in folder.rglob("*") if folder.is_dir() else ():
            if (
                path.is_file()
                and NAME.lower() in path.read_bytes().decode("utf-8", "replace").lower()
            ):
                found.append(str(path))
    return found


def _where(root: Path, line: int | None) -> str:
    file = root / "notebook" / "contacts" / "raj-rao.md"
    return f"{file}:{line}" if line else str(file)


@pytest.mark.parametrize("entry", [True, False], ids=["public entry names him", "no entry"])
@pytest.mark.parametrize(("kind", "raw", "line"), BROKEN, ids=IDS)
def test_build_refuses_while_a_contact_file_is_broken(project, capsys, kind, raw, line, entry):
    cfg = _project(project, raw, entry=entry)
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert f"{_where(project, line)}: the public edition is not built" in err, err
    assert (project / "site" / "index.html").read_text() == "<p>last night's site</p>"
    assert _published(project) == []


@pytest.mark.parametrize(("kind", "raw", "line"), BROKEN, ids=IDS)
def test_nightly_refuses_and_its_summary_names_the_file(project, capsys, kind, raw, line):
    cfg = _project(project, raw, entry=True)
    summary = project / "summary.md"
    status = main(["nightly", "--no-fetch", "--summary", str(summary), "--config", str(cfg)])
    assert status == 1
    assert _where(project, line) in capsys.readouterr().err
    text = summary.read_text(encoding="utf-8")
    assert "Site not built" in text and "raj-rao.md" in text
    assert NAME not in text
    assert _published(project) == []


@pytest.mark.parametrize(("kind", "raw", "line"), BROKEN, ids=IDS)
def test_check_and_serve_public_agree(project, capsys, kind, raw, line):
    cfg = _project(project, raw, entry=True)
    assert main(["check", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    assert f"{_where(project, line)}:" in out
    assert "the public edition will not be built while 1 contact file(s)" in out
    # `serve --public` renders through the same stage, without the site build.
    config = load_config(cfg)
    with pytest.raises(PrivacyError, match="cannot be read"):
        editions.public(config, parse_instant("2026-03-02T06:00:00Z"), build=False)
    assert _published(project) == []


def test_the_same_notebook_builds_once_the_file_is_mended(project, capsys):
    cfg = _project(project, BROKEN[0][1], entry=False)
    assert main(["build", "--config", str(cfg)]) == 1
    (project / "notebook" / "contacts" / "raj-rao.md").write_bytes(GOOD)
    assert main(["build", "--config", str(cfg)]) == 0, capsys.readouterr().err
    assert "last night's site" not in (project / "site" / "index.html").read_text()


def test_a_mended_file_with_a_public_entry_is_caught_as_a_leak(project, capsys):
    """Mended, the name is known again and the scan catches the entry, as before."""
    cfg = _project(project, GOOD, entry=True)
    assert main(["build", "--config", str(cfg)]) == 1
    err = capsys.readouterr().err
    assert "public entry contains the name of contact 'raj-rao'" in err
    assert _published(project) == []


def test_an_impossible_date_is_a_bad_field_and_every_problem_shows_at_once(project, capsys):
    raw = b"---\nname: Raj Rao\nmet: 2026-13-45\ntier: Z\nfavourite: tea\n---\n"
    cfg = _project(project, raw, entry=True)
    assert main(["check", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    file = project / "notebook" / "contacts" / "raj-rao.md"
    assert f"{file}:3: met: 2026-13-45 is not a real date" in out
    assert f"{file}:4: unknown tier 'Z'" in out
    assert f"{file}:5: unknown key 'favourite'" in out
    assert "will not be built" not in out  # the file was read: only the field is ignored
    import journal

    nb = journal.load_notebook(load_config(cfg).notebook)
    assert nb.contacts["raj-rao"].name == NAME and nb.contacts["raj-rao"].met is None
    # The contact stays, so the scan still knows the name and the public entry fails.
    assert main(["build", "--config", str(cfg)]) == 1
    assert "public entry contains the name of contact 'raj-rao'" in capsys.readouterr().err
    assert _published(project) == []


def test_an_entry_points_at_the_broken_contact_file(project, capsys):
    cfg = _project(project, BROKEN[0][1], entry=False)
    entries = project / "notebook" / "entries" / "2026"
    entries.mkdir(parents=True)
    entry = entries / "2026-02-21-call.md"
    entry.write_text("---\ndate: 2026-02-21\n---\n- call @raj-rao 20m: caught up\n")
    assert main(["check", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    assert f"{entry}:4: @raj-rao: {_where(project, 3)} has a problem" in out
    assert "unknown contact id 'raj-rao'" not in out


def test_a_second_file_with_a_taken_id_keeps_its_name_private(project, capsys):
    """The duplicate is not listed as a contact, but whoever it names is still protected."""
    cfg = _project(project, GOOD, entry=False)
    (project / "notebook" / "contacts" / "raj-copy.md").write_text(
        "---\nid: raj-rao\nname: Rajesh Rao\n---\n", encoding="utf-8"
    )
    entries = project / "notebook" / "entries" / "2026"
    entries.mkdir(parents=True)
    (entries / "2026-02-20-lunch.md").write_text(ENTRY.replace(NAME, "Rajesh Rao"))
    assert main(["build", "--config", str(cfg)]) == 1
    assert "a private name" in capsys.readouterr().err
