"""Follow-ups stay until they are done (issue 13): a later interaction about something
else leaves them open with a "you met on DATE: done?" hint; `done: true`, `done: DATE`
or `stayready done WHAT` closes them. Over the sample notebook (tests/fixtures/notebook),
whose expected.json lists the follow-ups open on its day."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import journal
from journal.notebook import load_folder
from stayready.cli import main
from tests.conftest import write_config
from tests.journal_support import EXPECTED, SAMPLE, copy_sample, settings, snapshot

NOW = date.fromisoformat(EXPECTED["now"])


def test_a_later_call_about_something_else_keeps_the_follow_up_with_a_hint() -> None:
    nb = load_folder(SAMPLE)
    found = {f.what: f for f in journal.open_follow_ups(nb, NOW)}
    slides = found["share the slides"]  # 2026-02-10, due 02-15; both met again since
    assert slides.met_since == date(2026, 3, 1)  # the latest, not the planned 03-10 lunch
    assert found["send updated resume"].met_since is None  # Raj not heard from since
    assert "thank her" not in found  # `done: true`


def test_today_lists_overdue_and_due_within_seven_days_only() -> None:
    nb = load_folder(SAMPLE)
    t = journal.today(nb, settings(), NOW)
    dues = [f.due for f in t.follow_ups]
    assert dues == sorted(dues) and all((d - NOW).days <= 7 for d in dues)
    assert any(d < NOW for d in dues)  # overdue ones stay
    assert "send a holiday card" not in [f.what for f in t.follow_ups]  # due in April
    row = next(f for f in t.to_json()["follow_ups"] if f["what"] == "share the slides")
    assert row["met_since"] == "2026-03-01"


@pytest.fixture
def sample(project: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-04T15:00:00Z")
    nb = copy_sample(project)
    return write_config(project, "notebook:\n  path: notebook\n"), nb


def _open(nb: Path) -> list[str]:
    return [f.what for f in journal.open_follow_ups(load_folder(nb), date(2026, 3, 4))]


def test_today_says_you_met_on_date_done(sample, capsys) -> None:
    cfg, _ = sample
    assert main(["--config", str(cfg), "today"]) == 0
    out = capsys.readouterr().out
    assert "share the slides (Дмитрий Иванов, Maria Núñez); you met on 2026-03-01: done?" in out
    assert "stayready done" in out


@pytest.mark.parametrize(
    ("what", "file"),
    [
        ("slides", "entries/2026/2026-02-10-study-group.md"),  # flow style
        ("updated resume", "entries/2025/2025-12-01-raj.md"),  # block style
    ],
)
def test_stayready_done_writes_done_date_and_nothing_else(sample, capsys, what, file) -> None:
    cfg, nb = sample
    before = snapshot(nb)
    assert main(["--config", str(cfg), "done", what, "--date", "yesterday"]) == 0
    assert "done on 2026-03-03" in capsys.readouterr().out
    after = snapshot(nb)
    assert [k for k in after if after[k] != before[k]] == [file]
    old, new = before[file].decode().splitlines(), after[file].decode().splitlines()
    changed = [ln for ln in new if ln not in old]
    assert len(changed) == 1 and "done: 2026-03-03" in changed[0]
    assert len(new) - len(old) in (0, 1)  # one key added, in place
    assert not any(what in w for w in _open(nb))
    assert not load_folder(nb).problems or all(
        str(p.file) != str(nb / file) for p in load_folder(nb).problems
    )


def test_done_refuses_an_unknown_or_ambiguous_follow_up(sample, capsys) -> None:
    cfg, nb = sample
    before = snapshot(nb)
    assert main(["--config", str(cfg), "done", "no such thing"]) == 2
    assert "open ones:" in capsys.readouterr().err
    assert main(["--config", str(cfg), "done", "s"]) == 2  # several say "s"
    assert "type more of its words" in capsys.readouterr().err
    assert snapshot(nb) == before


def test_done_as_a_date_in_front_matter_closes_it(tmp_path: Path) -> None:
    entries = tmp_path / "entries" / "2026"
    entries.mkdir(parents=True)
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "ana.md").write_text("---\nname: Ana\n---\n")
    (entries / "2026-03-01-a.md").write_text(
        "---\ndate: 2026-03-01\ninteractions:\n  - with: [ana]\n    type: call\n"
        "    follow_up: {due: 2026-03-05, what: send it, done: 2026-03-02}\n"
        "  - with: [ana]\n    type: call\n"
        "    follow_up: {due: 2026-03-05, what: call back, done: someday}\n---\n"
    )
    nb = load_folder(tmp_path)
    assert [f.what for f in journal.open_follow_ups(nb, date(2026, 3, 4))] == ["call back"]
    assert [p.message for p in nb.problems] == [
        "interactions[1].follow_up.done: 'someday' is not a date"
    ]


def test_today_json_keeps_its_keys_and_adds_pass_alongs(sample, capsys) -> None:
    cfg, _ = sample
    assert main(["--config", str(cfg), "today", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[-1] == "pass_alongs" and data["pass_alongs"] == []
