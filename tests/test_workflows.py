"""The GitHub workflows: zizmor and GitHub's schema find nothing, and the safety rules hold."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is a test dependency (pip install -e '.[test]')"
    return found


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text())


def test_there_are_nightly_and_test_workflows() -> None:
    assert {p.name for p in WORKFLOWS} >= {"nightly.yml", "tests.yml"}


def test_zizmor_finds_nothing() -> None:
    done = subprocess.run(
        [_tool("zizmor"), "--offline", "--no-progress", str(REPO / ".github" / "workflows")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path: Path) -> None:
    done = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_bounded_jobs(path: Path) -> None:
    wf = _load(path)
    assert wf["permissions"] == {}, "no permissions at the top; each job asks for its own"
    for name, job in wf["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), f"{name}: timeout-minutes"
        assert "permissions" in job, f"{name}: permissions"
        pushes = job.get("permissions", {}).get("contents") == "write"
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{uses} not pinned"
            if uses and uses.startswith("actions/checkout@") and not pushes:
                assert step["with"]["persist-credentials"] is False, f"{name}: credentials"


def test_nightly_shape() -> None:
    wf = _load(REPO / ".github" / "workflows" / "nightly.yml")
    triggers = wf.get("on") or wf.get(True)  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers
    minute = triggers["schedule"][0]["cron"].split()[0]
    assert minute not in ("0", "*"), "an off-peak minute, not the top of the hour"
    assert wf["concurrency"]["cancel-in-progress"] is False
    jobs = wf["jobs"]
    assert jobs["build"]["needs"] == "update" and jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    text = (REPO / ".github" / "workflows" / "nightly.yml").read_text()
    assert "actions/cache/restore@" in text and "actions/cache/save@" in text
    assert "restore-keys: http-cache-" in text and "${{ github.run_id }}" in text
    # Untrusted context values reach shell steps only through env, never inline in run:.
    for job in jobs.values():
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), step.get("run")
