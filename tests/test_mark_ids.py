"""Ids that exist: `stayready mark` takes a whole id or a unique prefix of 6+ characters,
refuses an unknown or ambiguous one with nothing written, and `check` reports marks of
postings the history never held (unless the mark says the posting was seen elsewhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aggregator.posting_ids import resolve
from foundation.errors import PostingIdError
from stayready.cli import main

NOW = "2026-03-14T12:00:00Z"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ids") / "stayready-demo"
    mp = pytest.MonkeyPatch()
    mp.setenv("STAYREADY_NOW", NOW)
    try:
        assert main(["demo", "--dir", str(folder), "--days", "3", "--no-site"]) == 0
    finally:
        mp.undo()
    return folder


@pytest.fixture
def here(demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(demo)
    monkeypatch.setenv("STAYREADY_NOW", NOW)
    apps = demo / "notebook" / "applications.yml"
    before = apps.read_bytes()
    yield demo
    apps.write_bytes(before)  # each test starts from the demo's own marks


def _ids(folder: Path, capsys) -> list[str]:
    capsys.readouterr()
    assert main(["export", "postings"]) == 0
    return [json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()]


def _marks(folder: Path) -> dict[str, str]:
    """Each marked posting's state, as the notebook reads applications.yml."""
    import journal
    from foundation.config import load_config

    nb = journal.load_notebook(load_config(folder / "stayready.yml").notebook)
    return {pid: app.state for pid, app in nb.applications.items()}


def test_a_unique_prefix_is_stored_as_the_whole_id(here, capsys):
    ids = _ids(here, capsys)
    pid = next(i for i in ids if sum(j.startswith(i[:8]) for j in ids) == 1)
    assert main(["mark", pid[:8], "interviewing"]) == 0
    assert capsys.readouterr().out.startswith(f"{pid}: interviewing")
    assert _marks(here)[pid] == "interviewing"
    assert main(["check"]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("typed", ["deadbeefdeadbeef", "deadbe", "f4"])
def test_an_unknown_id_is_an_error_that_writes_nothing(here, capsys, typed):
    apps = here / "notebook" / "applications.yml"
    before = apps.read_bytes()
    assert main(["mark", typed, "applied"]) == 1
    assert "is not in the job history" in capsys.readouterr().err
    assert apps.read_bytes() == before


def test_a_posting_seen_elsewhere_is_kept_when_the_person_says_so(here, capsys):
    assert main(["mark", "acme-careers-42", "applied", "--elsewhere"]) == 0
    assert _marks(here)["acme-careers-42"] == "applied"
    assert "elsewhere: true" in (here / "notebook" / "applications.yml").read_text()
    assert main(["check"]) == 0, capsys.readouterr().out


def test_check_reports_a_hand_written_mark_the_history_never_held(here, capsys):
    apps = here / "notebook" / "applications.yml"
    lines = apps.read_text(encoding="utf-8")
    apps.write_text(lines + "- posting: deadbeefdeadbeef\n  state: applied\n  date: 2026-03-10\n")
    line = len(lines.splitlines()) + 1
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"{apps}:{line}: posting 'deadbeefdeadbeef' is not in the job history" in out


def test_resolve_lists_the_candidates_of_an_ambiguous_prefix():
    known = {"abcdef0123456789", "abcdef9876543210", "0123456789abcdef"}
    assert resolve("0123456789abcdef", known) == "0123456789abcdef"
    assert resolve("012345", known) == "0123456789abcdef"
    with pytest.raises(PostingIdError, match="ambiguous: 2 postings") as err:
        resolve("abcdef", known)
    assert "abcdef0123456789, abcdef9876543210" in str(err.value)
    with pytest.raises(PostingIdError, match="not in the job history") as short:
        resolve("abc", known)
    assert "at least 6 characters" in str(short.value)
