"""Compiled page templates kept in .cache/templates: an edited template still shows up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

NOW = "2026-03-02T06:00:00Z"


def _render(cfg: Path) -> str:
    run = subprocess.run([sys.executable, "-m", "stayready", "build", "--no-site", "--config",
                          str(cfg)], capture_output=True, text=True, cwd=cfg.parent,
                         env={**os.environ, "STAYREADY_NOW": NOW}, timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr
    return (cfg.parent / "docs" / "generated" / "trends.md").read_text(encoding="utf-8")


def test_a_template_edited_within_one_clock_tick_is_compiled_again(tmp_path):
    shutil.copytree(REPO / "site_templates", tmp_path / "site_templates")
    cfg = tmp_path / "stayready.yml"
    cfg.write_text("public:\n  index: false\n", encoding="utf-8")
    first = _render(cfg)
    kept = list((tmp_path / ".cache" / "templates").iterdir())
    assert kept, "compiled templates are kept"
    assert _render(cfg) == first and "# Trends" in first
    template = tmp_path / "site_templates" / "trends.md.j2"
    st = template.stat()
    template.write_text(template.read_text(encoding="utf-8").replace("# Trends", "# Tronds", 1),
                        encoding="utf-8")  # fmt: skip
    os.utime(template, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same time
    assert "# Tronds" in _render(cfg)
    for folder in ("site", "docs"):  # the kept templates are not published
        assert not list((tmp_path / folder).rglob("__jinja2_*"))
