"""The public build reads the data and renders in a forked child while MkDocs starts.

What a person sees must not change: the same pages as a build in one process, and the
same error, naming the same file, when the data is refused. The builds run as the
person runs them, in a process of their own (a test process may have threads running,
and then nothing is forked).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from foundation.clock import parse_instant
from foundation.config import load_config
from stayready.site import editions
from tests.conftest import FIXTURES

NOW = "2026-03-02T06:00:00Z"


def _project(tmp: Path) -> Path:
    shutil.copytree(FIXTURES / "notebook", tmp / "notebook")
    cfg = tmp / "stayready.yml"
    cfg.write_text("notebook:\n  path: notebook\npublic:\n  index: false\n", encoding="utf-8")
    return cfg


def _build(cfg: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stayready", "build", "--config", str(cfg)],
                          capture_output=True, text=True, cwd=cfg.parent,
                          env={**os.environ, "STAYREADY_NOW": NOW}, timeout=120)  # fmt: skip


def _pages(docs: Path) -> dict[str, str]:
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((docs / "generated").rglob("*")) if p.is_file()}  # fmt: skip


def test_the_pages_are_those_of_a_build_in_one_process(tmp_path):
    cfg = _project(tmp_path)
    run = _build(cfg)
    assert run.returncode == 0, run.stderr
    assert "public edition: data read in" in run.stdout
    built = _pages(tmp_path / "docs")
    assert (tmp_path / "site" / "index.html").is_file() and built
    shutil.rmtree(tmp_path / "docs" / "generated")
    editions.public(load_config(cfg), parse_instant(NOW), build=False)  # here, no child
    assert _pages(tmp_path / "docs") == built


def test_a_public_entry_naming_a_private_contact_fails_as_before(tmp_path):
    cfg = _project(tmp_path)
    entry = tmp_path / "notebook" / "entries" / "2026" / "2026-01-20-writing.md"
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text + "\nLunch with Ana Costa after.\n", encoding="utf-8")
    run = _build(cfg)
    assert run.returncode == 1
    line = len(entry.read_text(encoding="utf-8").splitlines())  # the line just added
    assert f"{entry}:{line}: public entry contains the name of contact 'ana-costa'" in run.stderr
    assert not (tmp_path / "site").exists() and not (tmp_path / "docs" / "generated").exists()
