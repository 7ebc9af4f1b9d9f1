"""log, mark and rename through the command line: round trips on real files, atomic,
never losing or rewriting what the person wrote."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import journal
from stayready.cli import main
from tests.conftest import write_config
from tests.journal_support import copy_sample, settings, snapshot

NOW = "2026-03-04T15:00:00Z"
TODAY = date(2026, 3, 4)


@pytest.fixture
def sample(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("STAYREADY_NOW", NOW)
    nb = copy_sample(project)
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    return cfg, nb


def run(cfg: Path, *args: str) -> int:
    return main(["--config", str(cfg), *args])


def test_log_creates_then_appends_to_the_days_entry(project: Path, capsys) -> None:
    nb = project / "notebook"
    (nb / "contacts").mkdir(parents=True)
    (nb / "contacts" / "jane-doe.md").write_text("---\nname: Jane Doe\n---\n", encoding="utf-8")
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    assert run(cfg, "log", "meal @jane-doe 60m +give: passed along her resume") == 0
    path = nb / "entries" / "2026" / "2026-03-02-notes.md"
    assert path.read_text(encoding="utf-8") == (
        "---\ndate: 2026-03-02\ntitle: Notes for 2026-03-02\nvisibility: private\n---\n\n"
        "- meal @jane-doe 60m +give: passed along her resume\n"
    )
    assert run(cfg, "log", "- call @jane-doe 10m") == 0
    assert path.read_text(encoding="utf-8").endswith("resume\n- call @jane-doe 10m\n")
    loaded = journal.load_notebook(settings(nb))
    assert loaded.problems == []
    assert [(i.type, i.minutes, i.give) for i in loaded.entries[0].interactions] == [
        ("meal", 60, True),
        ("call", 10, None),
    ]


def test_log_appends_to_an_existing_entry_byte_for_byte(sample, capsys) -> None:
    cfg, nb = sample
    path = nb / "entries" / "2026" / "2026-03-04-yuki.md"
    # The person's own bytes: CRLF line endings and no final newline.
    original = b"---\r\ndate: 2026-03-04\r\n---\r\nMy words, exactly.\r\n- call @yuki-tanaka 30m"
    path.write_bytes(original)
    assert run(cfg, "log", "message @ana-costa: thanks") == 0
    assert path.read_bytes() == original + b"\r\n- message @ana-costa: thanks\r\n"


def test_log_never_appends_to_a_public_post(sample) -> None:
    cfg, nb = sample
    public = nb / "entries" / "2026" / "2026-03-04-a-post.md"
    public.write_text("---\ndate: 2026-03-04\nvisibility: public\n---\nMy post.\n", "utf-8")
    (nb / "entries" / "2026" / "2026-03-04-yuki.md").unlink()
    before = public.read_bytes()
    assert run(cfg, "log", "call @ana-costa: private") == 0
    assert public.read_bytes() == before
    private = nb / "entries" / "2026" / "2026-03-04-notes.md"
    assert "visibility: private" in private.read_text("utf-8")
    assert journal.load_notebook(settings(nb)).problems == []


def test_log_rejects_an_unknown_id_and_writes_nothing(sample, capsys) -> None:
    cfg, nb = sample
    before = snapshot(nb)
    assert run(cfg, "log", "call @ana-cost 20m: typo") == 1
    err = capsys.readouterr().err
    assert "unknown contact @ana-cost" in err and "did you mean @ana-costa" in err
    assert run(cfg, "log", "call @dmitri: by first name") == 1
    assert "@dmitri-ivanov" in capsys.readouterr().err
    assert run(cfg, "log", "coffee @ana-costa") == 2
    assert snapshot(nb) == before


def test_log_to_someone_whose_contact_file_is_broken_names_that_file(sample, capsys) -> None:
    cfg, nb = sample
    contact = nb / "contacts" / "ana-costa.md"
    contact.write_text(contact.read_text("utf-8").replace("name:", "name: [unclosed", 1), "utf-8")
    before = snapshot(nb)
    assert run(cfg, "log", "call @ana-costa 20m: hi") == 1
    err = capsys.readouterr().err
    assert "@ana-costa's contact file has a problem" in err and "ana-costa.md" in err
    assert "add the person first" not in err
    assert snapshot(nb) == before


@pytest.mark.parametrize(
    "when,file",
    [("yesterday", "2026-03-03-yuki.md"), ("2025-12-24", "2025-12-24-notes.md")],
)
def test_log_dates(sample, when: str, file: str) -> None:
    cfg, nb = sample
    assert run(cfg, "log", "message @ana-costa", "--date", when) == 0
    text = (nb / "entries" / file[:4] / file).read_text(encoding="utf-8")
    assert text.endswith("- message @ana-costa\n")


@pytest.mark.parametrize("when,words", [("03-15", "has no year"), ("2026-03-05", "in the future")])
def test_log_refuses_unclear_dates(sample, capsys, when: str, words: str) -> None:
    cfg, nb = sample
    before = snapshot(nb)
    assert run(cfg, "log", "message @ana-costa", "--date", when) == 2
    assert words in capsys.readouterr().err
    assert snapshot(nb) == before


def _states(nb: Path) -> dict:
    loaded = journal.load_notebook(settings(nb))
    return {s.id: s for s in journal.contact_states(loaded, settings(nb), TODAY)}


def test_log_moves_last_contact_forward_only(sample) -> None:
    cfg, nb = sample
    assert str(_states(nb)["raj-rao"].last_contact) == "2025-12-01"
    run(cfg, "log", "call @raj-rao", "--date", "2025-06-01")  # an old call, logged late
    assert str(_states(nb)["raj-rao"].last_contact) == "2025-12-01"
    run(cfg, "log", "call @raj-rao")
    assert str(_states(nb)["raj-rao"].last_contact) == "2026-03-04"
    assert _states(nb)["raj-rao"].state == "ok"


def test_before_an_ask_log_shows_balance_and_last_contact(sample, capsys) -> None:
    cfg, _ = sample
    assert run(cfg, "log", "ask @dmitri-ivanov: an intro to his team lead") == 0
    out = capsys.readouterr().out
    assert "Before asking Дмитрий Иванов: balance +3 (3 given, 0 asked)" in out
    assert "last contact 2026-03-01 (3 days ago)" in out


def test_logging_the_sweep_person_completes_the_week(sample, capsys) -> None:
    cfg, _ = sample
    run(cfg, "today", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["people"] == ["yuki-tanaka"]
    assert run(cfg, "today") == 0
    assert "田中 雪 (done)" in capsys.readouterr().out


def test_mark_appends_history_and_keeps_the_file(sample, capsys) -> None:
    cfg, nb = sample
    path = nb / "applications.yml"
    original = path.read_bytes()
    # No job history in this sample: the postings were seen elsewhere.
    assert run(cfg, "mark", "p-100", "interviewing", "--note", "call with: the CTO #1",
               "--elsewhere") == 0  # fmt: skip
    assert run(cfg, "mark", "p-300", "applied", "--date", "yesterday", "--elsewhere") == 0
    assert path.read_bytes().startswith(original)
    apps = journal.load_notebook(settings(nb)).applications
    assert apps["p-100"].state == "interviewing"
    assert apps["p-100"].notes == ["referred by Ana", "call with: the CTO #1"]
    assert [e.state for e in apps["p-100"].history] == ["interesting", "applied", "interviewing"]
    assert (apps["p-300"].state, str(apps["p-300"].updated)) == ("applied", "2026-03-03")


def test_mark_refuses_a_broken_applications_file(sample, capsys) -> None:
    cfg, nb = sample
    path = nb / "applications.yml"
    path.write_text("- posting: p-1\n  state: [applied\n", encoding="utf-8")
    before = path.read_bytes()
    assert run(cfg, "mark", "p-2", "applied", "--elsewhere") == 1
    assert "applications.yml" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_rename_changes_every_reference_and_nothing_else(sample, capsys) -> None:
    cfg, nb = sample
    # Every way of writing a reference, next to an id that merely starts the same.
    (nb / "contacts" / "ana-costa-2.md").write_text("---\nname: Ana Costa Jr\n---\n", "utf-8")
    entry = nb / "entries" / "2026" / "2026-02-27-forms.md"
    entry.write_text(
        "---\ndate: 2026-02-27\ninteractions:\n"
        "  - with: ana-costa\n    type: call\n"
        "  - with:\n      - ana-costa-2\n      - 'ana-costa'\n    type: meal\n"
        "  - with: [bruno-almeida, ana-costa]   # a comment stays\n    type: email\n"
        "---\nProse about ana-costa stays prose.\n- call @ana-costa @ana-costa-2: both\n",
        encoding="utf-8",
    )
    before = snapshot(nb)
    states_before = {k: (s.last_contact, s.balance, s.interactions) for k, s in _states(nb).items()}
    assert run(cfg, "contacts", "rename", "ana-costa", "ana-silva") == 0
    assert "6 reference(s)" in capsys.readouterr().out
    assert entry.read_text("utf-8") == (
        "---\ndate: 2026-02-27\ninteractions:\n"
        "  - with: ana-silva\n    type: call\n"
        "  - with:\n      - ana-costa-2\n      - 'ana-silva'\n    type: meal\n"
        "  - with: [bruno-almeida, ana-silva]   # a comment stays\n    type: email\n"
        "---\nProse about ana-costa stays prose.\n- call @ana-silva @ana-costa-2: both\n"
    )
    assert not (nb / "contacts" / "ana-costa.md").exists()
    moved = (nb / "contacts" / "ana-silva.md").read_bytes()
    assert moved == before["contacts/ana-costa.md"].replace(b"id: ana-costa", b"id: ana-silva")
    after = snapshot(nb)
    changed = {k for k in after if after[k] != before.get(k)}
    assert changed == {
        "contacts/ana-silva.md",
        "entries/2026/2026-02-27-forms.md",
        "entries/2025/2025-05-20-ana.md",
        "entries/2026/2026-02-05-ana.md",
    }
    loaded = journal.load_notebook(settings(nb))
    assert loaded.problems == []
    states_after = {k: (s.last_contact, s.balance, s.interactions) for k, s in _states(nb).items()}
    assert states_after.pop("ana-silva") == states_before.pop("ana-costa")
    assert states_after == states_before


@pytest.mark.parametrize(
    "old,new,words,status",
    [
        # A notebook fact is an error (1); a malformed argument is a usage error (2).
        ("ana-costa", "bruno-almeida", "already exists", 1),
        ("ana-costa", "Ana Costa", "not a valid id", 2),
        ("nobody", "somebody", "no contact 'nobody'", 1),
    ],
)
def test_rename_refuses_and_changes_nothing(
    sample, capsys, old: str, new: str, words: str, status: int
) -> None:
    cfg, nb = sample
    before = snapshot(nb)
    assert run(cfg, "contacts", "rename", old, new) == status
    assert words in capsys.readouterr().err
    assert snapshot(nb) == before


def test_rename_stops_before_writing_when_an_entry_is_broken(sample, capsys) -> None:
    cfg, nb = sample
    bad = nb / "entries" / "2026" / "2026-02-28-bad.md"
    bad.write_text("---\ndate: 2026-02-28\nwith: [ana-costa\n---\n", encoding="utf-8")
    before = snapshot(nb)
    assert run(cfg, "contacts", "rename", "ana-costa", "ana-silva") == 1
    assert "2026-02-28-bad.md:" in capsys.readouterr().err
    assert snapshot(nb) == before
