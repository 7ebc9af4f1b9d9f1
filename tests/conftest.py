"""Shared fixtures: a fresh project folder per test, and the real repository's paths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytest_httpserver import HTTPServer

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Real job-board captures beside the repository, when that folder exists.
SAMPLES = REPO.parent / "shared" / "samples"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder as the working directory, with a fixed clock."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    return tmp_path


def write_config(folder: Path, text: str) -> Path:
    path = folder / "stayready.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def loopback_server() -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1 for a test module. Threaded: the fetch layer sends
    several requests at once. One per module: stopping a threaded server takes half a
    second. Each test clears its expectations (`server.clear()`) when done."""
    from pytest_httpserver import HTTPServer

    srv = HTTPServer(host="127.0.0.1", threaded=True)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(autouse=True)
def _no_real_now(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never depend on the wall clock unless they set STAYREADY_NOW themselves.
    if "STAYREADY_NOW" in os.environ:
        monkeypatch.delenv("STAYREADY_NOW")
