"""`stayready check` finds what `build` refuses in a public entry: file, line, what matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from stayready.cli import main
from tests.conftest import write_config

JANE = (
    "---\nname: Jane Doe\nid: jane-doe\naliases: [Janie Doe-Smith]\n"
    "emails: [jd@example.com]\nphones: ['+1 312 555 0147']\n---\n"
)
NAME_HINT = "add `public_ok: true` to {file} if they agreed"


def _project(tmp: Path, body: str, *, title: str = "Writing", public: str = "public") -> Path:
    contacts = tmp / "notebook" / "contacts"
    contacts.mkdir(parents=True)
    (contacts / "jane-doe.md").write_text(JANE, encoding="utf-8")
    entries = tmp / "notebook" / "entries" / "2026"
    entries.mkdir(parents=True)
    text = f"---\ndate: 2026-11-19\ntitle: {title}\nvisibility: {public}\n---\n{body}"
    (entries / "2026-11-19-writing.md").write_text(text, encoding="utf-8")
    return write_config(tmp, "notebook:\n  path: notebook\n")


def _entry(tmp: Path) -> Path:
    return tmp / "notebook" / "entries" / "2026" / "2026-11-19-writing.md"


def _check(cfg: Path, capsys) -> tuple[int, list[str]]:
    status = main(["check", "--config", str(cfg)])
    return status, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("body", "line", "label"),
    [
        ("Thoughts.\n\nLunch with jane DOE today.\n", 8, "the name of contact 'jane-doe'"),
        ("Thoughts.\nMet Janie Doe-Smith.\n", 7, "an alias of contact 'jane-doe'"),
        ("Thoughts.\nWrite to JD@example.com.\n", 7, "an email of contact 'jane-doe'"),
        ("Call (312) 555-0147 later.\n", 6, "a phone number of contact 'jane-doe'"),
        ("Lunch with Jane\nDoe, then home.\n", 6, "the name of contact 'jane-doe'"),
    ],
)
def test_check_reports_a_private_string_in_a_public_entry(
    project, capsys, body, line, label
) -> None:
    cfg = _project(project, body)
    status, out = _check(cfg, capsys)
    assert status == 1
    where = f"{_entry(project)}:{line}: public entry contains {label}"
    assert where in out, "\n".join(out)
    hint = out[out.index(where) + 1]
    assert "make the entry private" in hint and "remove it" in hint
    contact = project / "notebook" / "contacts" / "jane-doe.md"
    if "name" in label or "alias" in label:
        assert NAME_HINT.format(file=contact) in hint
    else:  # public_ok lets a name be published, never an email or a phone number
        assert "public_ok: true` to" not in hint
    assert "1 problem(s) in notebook; no file was changed" in out


def test_an_email_holding_the_name_is_reported_as_the_email(project, capsys) -> None:
    cfg = _project(project, "Thoughts.\nWrite to jane.doe@example.org.\n")
    contact = project / "notebook" / "contacts" / "jane-doe.md"
    contact.write_text(JANE.replace("jd@example.com", "jane.doe@example.org"), encoding="utf-8")
    status, out = _check(cfg, capsys)
    assert status == 1
    assert f"{_entry(project)}:7: public entry contains an email of contact 'jane-doe'" in out


def test_the_name_in_the_title_is_reported_at_the_title_line(project, capsys) -> None:
    cfg = _project(project, "Nothing to see.\n", title="Lunch with Jane Doe")
    status, out = _check(cfg, capsys)
    assert status == 1
    assert f"{_entry(project)}:3: public entry contains the name of contact 'jane-doe'" in out


def test_check_passes_a_private_entry_or_a_contact_who_agreed(project, capsys) -> None:
    cfg = _project(project, "Lunch with Jane Doe.\n", public="private")
    assert _check(cfg, capsys)[0] == 0
    _entry(project).write_text(
        "---\ndate: 2026-11-19\nvisibility: public\n---\nLunch with Jane Doe.\n", encoding="utf-8"
    )
    contact = project / "notebook" / "contacts" / "jane-doe.md"
    contact.write_text(JANE.replace("---\nname", "---\npublic_ok: true\nname"), encoding="utf-8")
    status, out = _check(cfg, capsys)
    assert status == 0, "\n".join(out)
    assert out[-1].startswith("ok: 1 contacts, 1 entries")


def test_a_mention_is_reported_once_at_its_line(project, capsys) -> None:
    cfg = _project(project, "- call @jane-doe 10m: caught up\n")
    status, out = _check(cfg, capsys)
    assert status == 1
    assert [x for x in out if "public entry" in x] == [
        f"{_entry(project)}:6: public entry names 'jane-doe', whose file does not allow it"
    ]


def test_build_fails_with_the_message_check_gives(project, capsys) -> None:
    cfg = _project(project, "Thoughts.\n\nLunch with Jane Doe today.\n")
    assert _check(cfg, capsys)[0] == 1
    assert main(["build", "--config", str(cfg), "--no-site"]) == 1
    err = capsys.readouterr().err
    assert f"{_entry(project)}:8: public entry contains the name of contact 'jane-doe'" in err
    assert NAME_HINT.format(file=project / "notebook" / "contacts" / "jane-doe.md") in err
