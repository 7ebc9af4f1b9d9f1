"""An entry whose front matter lacks its opening `---` is reported, not read as body text."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.config import NotebookConfig
from journal import load_notebook
from stayready.cli import main
from tests.conftest import write_config
from tests.journal_support import snapshot

UNOPENED = "date: 2026-11-19\ntitle: Coffee with a stranger\nvisibility: private\n---\nbody\n"
MESSAGE = "the front matter has no opening ---"
HINT = "add a line `---` before the front matter"


def _notebook(tmp: Path, text: str, name: str = "2026-11-19-coffee.md") -> Path:
    (tmp / "notebook" / "contacts").mkdir(parents=True)
    (tmp / "notebook" / "contacts" / "jane-doe.md").write_text(
        "---\nname: Jane Doe\nid: jane-doe\n---\n", encoding="utf-8"
    )
    entry = tmp / "notebook" / "entries" / "2026" / name
    entry.parent.mkdir(parents=True)
    entry.write_bytes(text.encode("utf-8"))
    return entry


@pytest.mark.parametrize(
    "text",
    [
        UNOPENED,
        UNOPENED.replace("\n", "\r\n"),
        "\ufeff" + UNOPENED,
        "title: Coffee\ntags:\n  - coffee\n- more\n# a comment\n\nvisibility: public\n---\nbody\n",
    ],
)
def test_check_reports_it_at_line_1_with_a_hint(project, capsys, text) -> None:
    entry = _notebook(project, text)
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    before = snapshot(project)
    assert main(["check", "--config", str(cfg)]) == 1
    out = capsys.readouterr().out.splitlines()
    where = f"{entry}:1: {MESSAGE}"
    assert where in out, "\n".join(out)
    assert out[out.index(where) + 1] == f"  hint: {HINT}"
    assert snapshot(project) == before  # nothing is rewritten


def test_the_entry_is_left_out_like_other_broken_front_matter(tmp_path) -> None:
    # As with a YAML error or an unclosed fence: the problem is reported and the entry
    # is not loaded, so its front matter never reaches the Notes page as body text.
    _notebook(tmp_path, UNOPENED + "- call @jane-doe 20m +give: intro\n")
    nb = load_notebook(NotebookConfig(path=tmp_path / "notebook"))
    assert [(p.line, p.message, p.hint) for p in nb.problems] == [(1, MESSAGE, HINT)]
    assert nb.entries == []


def test_the_problem_is_kept_by_the_parsed_files_cache(tmp_path) -> None:
    _notebook(tmp_path, UNOPENED)
    settings = NotebookConfig(path=tmp_path / "notebook")
    cache = tmp_path / ".cache" / "notebook"
    first = load_notebook(settings, cache_dir=cache)
    assert (cache / "files.pickle").is_file()
    again = load_notebook(settings, cache_dir=cache)
    assert [str(p) for p in again.problems] == [str(p) for p in first.problems]
    assert [p.message for p in again.problems] == [MESSAGE]


@pytest.mark.parametrize(
    "text",
    [
        "Note: nothing much today.\n---\nA rule above.\n",  # no entry key: a body
        "date: 2026-11-19 was a good day.\n\nIt was.\n---\n",  # prose before the rule
        "date: 2026-11-19\ntitle: no fence at all\n",  # no `---` line: not this mistake
        "Just a body.\n",
    ],
)
def test_a_body_without_front_matter_still_loads(tmp_path, text) -> None:
    _notebook(tmp_path, text)
    nb = load_notebook(NotebookConfig(path=tmp_path / "notebook"))
    assert nb.problems == []
    assert [e.body for e in nb.entries] == [text]


def test_log_refuses_to_append_to_it(project, monkeypatch, capsys) -> None:
    entry = _notebook(project, UNOPENED)
    cfg = write_config(project, "notebook:\n  path: notebook\n")
    monkeypatch.setenv("STAYREADY_NOW", "2026-11-19T18:00:00Z")
    before = snapshot(project)
    assert main(["log", "--config", str(cfg), "call @jane-doe 5m: hi"]) == 1
    err = capsys.readouterr().err
    assert f"{entry}:1: {MESSAGE}" in err and HINT in err
    assert snapshot(project) == before
