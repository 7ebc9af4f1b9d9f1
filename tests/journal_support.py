"""Helpers shared by the journal tests: the sample notebook and its known answers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from foundation.config import NotebookConfig
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "notebook"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text(encoding="utf-8"))


def settings(path: Path = SAMPLE, **kw) -> NotebookConfig:
    return NotebookConfig(path=path, **kw)


def copy_sample(dest: Path) -> Path:
    """A writable copy of the sample notebook."""
    target = dest / "notebook"
    shutil.copytree(SAMPLE, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
