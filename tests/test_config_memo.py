"""The config memo: a load from the memo equals a parse, and anything that could change
the parse (the bytes, the code, the file's place) parses again."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from foundation import config_memo, config_yaml
from foundation.config import load_config
from foundation.errors import ConfigError, StayReadyError
from stayready.cli import main
from tests.conftest import write_config

TEXT = """\
site: {title: Memo test, timezone: Europe/Berlin}
feeds:
  - name: City jobs
    url: https://example.org/jobs.rss
    area: Austin, TX
    title_pattern: '^(?P<title>.+) - (?P<location>.+)$'
    filters: {block: [{title: '\\bintern(ship)?\\b'}]}
  - {name: Acme, kind: greenhouse, board: acme}
filters:
  keep: [{title: 'nurse|teacher|engineer'}]
profile: {skills: [Python], terms: [{name: Tableau Prep, aliases: [tableau prep]}]}
public: {sections: [jobs, trends], index: false}
companies: {aliases: {Acme: [Acme Rockets]}}
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every YAML parse load_config does, by file."""
    seen: list[Path] = []
    real = config_yaml.read_yaml

    def counting(path: Path):
        seen.append(path)
        return real(path)

    monkeypatch.setattr(config_yaml, "read_yaml", counting)
    return seen


def _with_cache(folder: Path, text: str = TEXT) -> Path:
    (folder / ".cache").mkdir(exist_ok=True)
    return write_config(folder, text)


def test_a_load_from_the_memo_equals_a_parse(project: Path, parses: list[Path]) -> None:
    path = _with_cache(project)
    first = load_config(path, memo=True)
    again = load_config(path, memo=True)
    assert len(parses) == 1  # the second came from the memo
    assert again == first == load_config(path)
    assert again is not first
    assert again.feeds[0].title_pattern.pattern == first.feeds[0].title_pattern.pattern
    assert (project / ".cache" / config_memo.MEMO_NAME).is_file()


def test_an_edited_file_is_parsed_again(project: Path, parses: list[Path]) -> None:
    path = _with_cache(project)
    load_config(path, memo=True)
    path.write_text(TEXT.replace("Memo test", "Edited"), encoding="utf-8")
    assert load_config(path, memo=True).site.title == "Edited"
    assert load_config(path, memo=True).site.title == "Edited"
    assert len(parses) == 2
    # Back to the first bytes: parsed again (the memo holds one version), never stale.
    path.write_text(TEXT, encoding="utf-8")
    assert load_config(path, memo=True).site.title == "Memo test"
    assert len(parses) == 3


def test_changed_code_is_a_miss(project: Path, parses: list[Path], tmp_path_factory,
                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    code = tmp_path_factory.mktemp("code") / "config_sections.py"
    code.write_text("# v1\n", encoding="utf-8")
    monkeypatch.setattr(config_memo, "_code_files", lambda: [str(code)])
    path = _with_cache(project)
    load_config(path, memo=True)
    load_config(path, memo=True)
    assert len(parses) == 1
    code.write_text("# version 2\n", encoding="utf-8")  # an upgrade of the reading code
    load_config(path, memo=True)
    assert len(parses) == 2


def test_the_key_covers_the_foundation_modules_ruamel_and_anyascii() -> None:
    files = config_memo._code_files()
    names = {Path(f).name for f in files}
    assert {"config.py", "config_schema.py", "config_sections.py", "config_yaml.py",
            "sources.py"} <= names  # fmt: skip
    assert any(Path(f).parts[-3:-1] == ("ruamel", "yaml") for f in files)
    # anyascii gives the ids of feeds without one, so its version is part of the result
    assert any(Path(f).parts[-2:] == ("anyascii", "__init__.py") for f in files)


def test_a_memo_moved_with_its_folder_is_not_used(project: Path, parses: list[Path]) -> None:
    (project / "a").mkdir()
    path = _with_cache(project / "a")
    load_config(path, memo=True)
    moved = project / "b"
    shutil.copytree(project / "a", moved)
    cfg = load_config(moved / "stayready.yml", memo=True)
    assert len(parses) == 2
    assert cfg.path == moved / "stayready.yml"
    assert cfg.data_dir == moved / "data"


@pytest.mark.parametrize("damage", ["truncated", "garbage", "foreign"])
def test_a_damaged_or_foreign_memo_is_ignored(project: Path, parses: list[Path],
                                              damage: str) -> None:  # fmt: skip
    path = _with_cache(project)
    expected = load_config(path, memo=True)
    memo = project / ".cache" / config_memo.MEMO_NAME
    stored = memo.read_bytes()
    head = stored[: stored.index(b"\n", len(config_memo._FORMAT)) + 1]
    if damage == "truncated":
        memo.write_bytes(stored[: len(stored) // 2])
    elif damage == "garbage":
        memo.write_bytes(head + b"not a pickle")
    else:  # a valid key over a pickle that would run code: refused, not loaded

        class Boom:
            def __reduce__(self):
                return (os.system, ("echo pwned > pwned.txt",))

        memo.write_bytes(head + pickle.dumps(Boom()))
    assert load_config(path, memo=True) == expected
    assert len(parses) == 2
    assert not (project / "pwned.txt").exists()
    load_config(path, memo=True)  # the parse rewrote a good memo
    assert len(parses) == 2


def test_no_cache_folder_no_memo(project: Path, parses: list[Path]) -> None:
    path = write_config(project, TEXT)
    load_config(path, memo=True)
    load_config(path, memo=True)
    assert len(parses) == 2
    assert not (project / ".cache").exists()  # reading a config creates nothing


def test_an_invalid_file_is_reported_every_time(project: Path, parses: list[Path]) -> None:
    path = _with_cache(project, TEXT.replace("greenhouse", "greenhose"))
    for _ in range(2):
        with pytest.raises(ConfigError, match="unknown kind"):
            load_config(path, memo=True)
    assert not (project / ".cache" / config_memo.MEMO_NAME).exists()
    path.unlink()
    with pytest.raises(StayReadyError, match="file not found"):
        load_config(path, memo=True)


def test_the_command_line_uses_the_memo(project: Path, parses: list[Path], capsys) -> None:
    _with_cache(project)
    assert main(["check"]) == 0
    assert main(["check"]) == 0
    assert len(parses) == 1
    path = project / "stayready.yml"
    path.write_text(TEXT.replace("greenhouse", "greenhose"), encoding="utf-8")
    assert main(["check"]) == 1
    assert "unknown kind" in capsys.readouterr().out  # check reports on stdout


def test_a_file_rewritten_while_parsed_is_not_memoized(project: Path, monkeypatch) -> None:
    path = _with_cache(project)
    real = config_yaml.read_yaml

    def rewriting(file: Path):
        parsed = real(file)
        file.write_text(TEXT.replace("Memo test", "Newer"), encoding="utf-8")
        return parsed

    monkeypatch.setattr(config_yaml, "read_yaml", rewriting)
    assert load_config(path, memo=True).site.title == "Memo test"
    assert not (project / ".cache" / config_memo.MEMO_NAME).exists()
