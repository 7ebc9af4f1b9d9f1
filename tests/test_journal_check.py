"""`stayready check`: every notebook problem with file, line and hint; exit 1; no file changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from stayready.cli import main
from tests.conftest import FIXTURES, write_config
from tests.journal_support import SAMPLE, snapshot

BROKEN = FIXTURES / "notebook_broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))["problems"]


def _project(tmp: Path, notebook: Path) -> Path:
    shutil.copytree(notebook, tmp / "notebook")
    return write_config(tmp, "notebook:\n  path: notebook\n")


def test_check_reports_every_problem_with_file_line_and_hint(project: Path, capsys) -> None:
    cfg = _project(project, BROKEN)
    before = snapshot(project)
    assert main(["check", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    for file, line, message, hint in EXPECTED:
        where = f"{project / 'notebook' / file}:{line}: "
        matching = [b for b in out.split("\n") if b.startswith(where) and message in b]
        assert matching, f"missing: {where}{message}\n{out}"
        # The hint is printed on the line after the problem.
        lines = out.split("\n")
        assert hint in lines[lines.index(matching[0]) + 1]
    assert f"{len(EXPECTED)} problem(s)" in out
    assert snapshot(project) == before  # check never changes a file


def test_check_passes_on_the_sample(project: Path, capsys) -> None:
    cfg = _project(project, SAMPLE)
    assert main(["check", "--config", str(cfg)]) == 0
    assert "ok: 15 contacts, 25 entries, 2 applications" in capsys.readouterr().out


def test_check_reports_config_problems(project: Path, capsys) -> None:
    cfg = write_config(project, "notebook:\n  path: notebook\n  helping_goal: 90\n")
    assert main(["check", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out
    assert f"{cfg}:3: notebook.helping_goal: unknown key" in out
    assert "helping_goal_minutes" in out


def test_broken_files_still_let_the_rest_load() -> None:
    from journal.notebook import load_folder

    nb = load_folder(BROKEN)
    assert set(nb.contacts) == {"pat-quinn", "kim-lee"}
    assert nb.contacts["pat-quinn"].path.name == "pat-quinn.md"  # the copy is the duplicate
    # The one well-formed body line of the 01-08 entry still counts.
    body = [e for e in nb.entries if e.path.name == "2026-01-08-body.md"][0]
    assert [(i.type, i.minutes) for i in body.interactions] == [("call", 20)]


def test_a_mistyped_contact_key_is_reported_with_a_suggestion(tmp_path) -> None:
    from foundation.config import NotebookConfig
    from journal import load_notebook

    contacts = tmp_path / "contacts"
    contacts.mkdir()
    (contacts / "raj-rao.md").write_text("---\nname: Raj Rao\nid: raj-rao\npublic: true\n---\n")
    problems = load_notebook(NotebookConfig(path=tmp_path)).problems
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (4, "unknown key 'public'", "did you mean 'public_ok'?")
    ]
