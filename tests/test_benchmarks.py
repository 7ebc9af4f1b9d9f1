"""The benchmark script's smoke run works and reports every figure (not a timed test)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIGURES = [
    "1a. Fetch cold",
    "1b. Fetch warm",
    "1c. Fetch a Workday board",
    "2. Ingest",
    "3a. Nightly update",
    "3b. Trends",
    "3c. Trends",
    "3d. Trends",
    "4a. Site",
    "4b. Site",
    "4c. Site: the first build after a night",
    "5. Start-up",
    "6a. Whole night, nothing new",
    "6b. Whole night, one feed changed",
]


@pytest.mark.slow
def test_smoke_run_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = out.read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    for figure in FIGURES:
        assert sum(r.startswith(f"| {figure}") for r in rows) >= 1, f"no row for {figure}"
    assert len(rows) == len(FIGURES) + 1  # the heading row, then one per figure
    assert "error" not in table.lower().replace("errors", "")
    assert "Machine:" in table
