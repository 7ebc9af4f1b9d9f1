"""`stayready serve`: the private edition on loopback, re-rendered when the notebook changes."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _until(check, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


def test_serve_shows_an_edited_entry(tmp_path: Path):
    shutil.copytree(REPO / "journal" / "demo_notebook", tmp_path / "notebook")
    (tmp_path / "stayready.yml").write_text("site:\n  title: Served\nnotebook:\n  path: notebook\n")
    port = _free_port()
    env = {**os.environ, "STAYREADY_NOW": "2026-03-02T06:00:00Z"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "stayready", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _until(lambda: _get(base + "generated/today/") is not None, 120), "never served"
        assert "Today" in (_get(base + "generated/today/") or "")
        entry = tmp_path / "notebook" / "entries" / "2026" / "2026-01-20-lunch-with-priya.md"
        entry.write_text(entry.read_text() + "\nZebracorn sighting at lunch.\n")
        page = base + "generated/notes/2026-01/"
        assert _until(lambda: "Zebracorn" in (_get(page) or ""), 60), "edit never shown"
        # Served on loopback only, and the public folders were not touched.
        assert not (tmp_path / "site").exists()
        assert not (tmp_path / "docs" / "generated" / "today.md").exists()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
