"""The notebook's parsed files kept in .cache/: the same notebook, edits always seen.

A build reads the notebook each time; an unchanged file comes from the kept results
(journal/filecache.py). What a person needs from that: every edit, rename and deletion
shows up at once, and a file with a mistake is reported on every build, not only the
first.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from foundation.config import load_config
from journal import filecache, frontmatter
from journal.notebook import load_folder
from stayready.cli import main
from stayready.site.notebook_view import notebook_cache
from tests.conftest import FIXTURES

GOOD = FIXTURES / "notebook"
BROKEN = FIXTURES / "notebook_broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))["problems"]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files whose YAML was parsed (the rest came from the kept results)."""
    calls: list[str] = []
    real = frontmatter.parse_yaml

    def counting(text: str, path: Path, start: int = 0):
        calls.append(Path(path).name)
        return real(text, path, start)

    monkeypatch.setattr(frontmatter, "parse_yaml", counting)
    return calls


def _copy(tmp: Path, source: Path) -> tuple[Path, Path]:
    shutil.copytree(source, tmp / "notebook")
    return tmp / "notebook", tmp / ".cache" / "notebook"


def _view(nb) -> tuple:
    problems = [(p.file, p.line, p.message, p.hint) for p in nb.problems]
    return nb.contacts, nb.entries, nb.applications, problems


@pytest.mark.parametrize("source", [GOOD, BROKEN], ids=["good", "broken"])
def test_kept_results_give_the_same_notebook_and_parse_nothing(tmp_path, parsed, source):
    root, cache = _copy(tmp_path, source)
    plain = _view(load_folder(root))
    cold = _view(load_folder(root, cache_dir=cache))
    assert (cache / filecache.FILE).is_file()
    parsed.clear()
    warm = _view(load_folder(root, cache_dir=cache))
    assert plain == cold == warm
    assert parsed == [], "an unchanged notebook is not parsed again"


def test_a_file_with_mistakes_is_reported_on_every_load(tmp_path):
    root, cache = _copy(tmp_path, BROKEN)
    plain = _view(load_folder(root))[3]
    for _ in range(3):  # cold, then twice from the kept results
        problems = _view(load_folder(root, cache_dir=cache))[3]
        assert problems == plain  # the same problems, in the same order
        got = [(Path(f).relative_to(root).as_posix(), line, message, hint or "")
               for f, line, message, hint in problems]  # fmt: skip
        assert len(got) == len(EXPECTED)
        for file, line, message, hint in EXPECTED:
            assert any((f, n) == (file, line) and message in m and hint in h
                       for f, n, m, h in got), (file, line, message)  # fmt: skip


def test_an_edit_shows_up_even_with_the_same_size_and_time(tmp_path, parsed):
    root, cache = _copy(tmp_path, GOOD)
    contact = root / "contacts" / "ana-costa.md"
    before = load_folder(root, cache_dir=cache).contacts["ana-costa"].name
    text = contact.read_text(encoding="utf-8")
    renamed = "X" * len(before)
    st = contact.stat()
    contact.write_text(text.replace(f"name: {before}", f"name: {renamed}", 1), encoding="utf-8")
    os.utime(contact, ns=(st.st_atime_ns, st.st_mtime_ns))  # saved within one clock tick
    assert contact.stat().st_size == st.st_size
    parsed.clear()
    assert load_folder(root, cache_dir=cache).contacts["ana-costa"].name == renamed
    assert parsed == ["ana-costa.md"], "only the edited file is parsed again"


def test_a_renamed_entry_is_read_under_its_new_name(tmp_path, parsed):
    root, cache = _copy(tmp_path, GOOD)
    first = load_folder(root, cache_dir=cache)
    old = first.entries[-1].path
    new = old.with_name(old.stem + "-renamed.md")  # the date in its name kept
    old.rename(new)
    parsed.clear()
    after = load_folder(root, cache_dir=cache)
    paths = [e.path for e in after.entries]
    assert paths.count(new) == 1 and old not in paths
    moved = after.entries[paths.index(new)]
    assert moved.interactions and all(i.file == new for i in moved.interactions)
    assert parsed == [new.name]
    assert _view(after) == _view(load_folder(root))


def test_a_deleted_contact_is_gone_and_its_mentions_are_reported(tmp_path):
    root, cache = _copy(tmp_path, GOOD)
    first = load_folder(root, cache_dir=cache)
    mentioned = {c for e in first.entries for c in e.contact_ids}
    gone = sorted(mentioned)[0]
    (root / "contacts" / f"{gone}.md").unlink()
    after = load_folder(root, cache_dir=cache)
    assert gone not in after.contacts
    assert any(f"unknown contact id {gone!r}" in p.message for p in after.problems)
    assert _view(after) == _view(load_folder(root))
    (root / "contacts" / f"{gone}.md").write_bytes((GOOD / "contacts" / f"{gone}.md").read_bytes())
    assert gone in load_folder(root, cache_dir=cache).contacts  # and back again


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path, parsed, monkeypatch):
    root, cache = _copy(tmp_path, GOOD)
    expected = _view(load_folder(root, cache_dir=cache))
    (cache / filecache.FILE).write_bytes(b"not a pickle")
    assert _view(load_folder(root, cache_dir=cache)) == expected
    parsed.clear()
    # Results of other code (another version of the reader) are never handed back.
    monkeypatch.setattr(filecache, "code_version", lambda: "other code")
    assert _view(load_folder(root, cache_dir=cache)) == expected
    files = [*(root / "contacts").rglob("*.md"), *(root / "entries").rglob("*.md")]
    assert sorted(parsed) == sorted(p.name for p in files)


def _project(tmp: Path, notebook: Path, extra: str = "") -> Path:
    shutil.copytree(notebook, tmp / "notebook")
    cfg = tmp / "stayready.yml"
    cfg.write_text("notebook:\n  path: notebook\npublic:\n  index: false\n" + extra,
                   encoding="utf-8")  # fmt: skip
    return cfg


def test_the_build_warns_of_a_kept_files_mistake_every_time(tmp_path, capsys):
    cfg = _project(tmp_path, GOOD)
    bad = tmp_path / "notebook" / "entries" / "2026" / "2026-02-30-oops.md"
    bad.write_text("---\ndate: 2026-02-30\n---\nA day that never was.\n", encoding="utf-8")
    warnings = []
    for _ in range(2):
        assert main(["build", "--config", str(cfg)]) == 0
        err = capsys.readouterr().err
        warnings.append([line for line in err.splitlines() if str(bad) in line])
    assert (tmp_path / ".cache" / "notebook" / filecache.FILE).is_file()
    assert warnings[0] == warnings[1] == [f"warning: {bad}:2: date: 2026-02-30 is not a real date"]


def test_the_kept_notes_never_reach_site_docs_or_data(tmp_path):
    cfg = _project(tmp_path, GOOD)
    assert main(["build", "--config", str(cfg)]) == 0
    kept = tmp_path / ".cache" / "notebook" / filecache.FILE
    assert kept.is_file()
    for folder in ("site", "docs", "data"):
        names = {p.name for p in (tmp_path / folder).rglob("*")}
        assert filecache.FILE not in names and "notebook" not in names


@pytest.mark.parametrize("cache", ["docs/cache", "site/cache", "data/cache", "notebook/.c"])
def test_a_cache_folder_inside_what_is_published_or_committed_keeps_nothing(tmp_path, cache):
    cfg = _project(tmp_path, GOOD, extra=f"paths:\n  cache: {cache}\n")
    config = load_config(cfg)
    assert notebook_cache(config) is None
    assert main(["build", "--config", str(cfg)]) == 0
    assert not (tmp_path / cache / "notebook").exists()
    assert notebook_cache(load_config(_project(tmp_path / "p2", GOOD))) is not None
