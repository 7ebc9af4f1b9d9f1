"""The GitHub workflows: zizmor and GitHub's schema find nothing, and the safety rules hold."""

from __future__ import annotations

import os
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


def _push_step() -> str:
    steps = _load(REPO / ".github" / "workflows" / "nightly.yml")["jobs"]["update"]["steps"]
    return next(s["run"] for s in steps if s.get("id") == "push")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.parametrize("accepts", [True, False])
def test_the_push_step_fails_when_the_data_commit_cannot_be_pushed(tmp_path, accepts) -> None:
    # The step's own script, as GitHub runs it (bash -eo pipefail), against a real remote
    # that takes or refuses the push; `git pull --rebase` between attempts succeeds.
    remote, work = tmp_path / "remote.git", tmp_path / "work"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    _git(tmp_path, "init", "-q", "-b", "main", str(work))
    for key, value in (("user.name", "t"), ("user.email", "t@example.org")):
        _git(work, "config", key, value)
    (work / "data.txt").write_text("night 1\n")
    _git(work, "add", "data.txt")
    _git(work, "commit", "-q", "-m", "data")
    _git(work, "remote", "add", "origin", str(remote))
    _git(work, "push", "-q", "origin", "main")  # last night's data is there already
    (work / "data.txt").write_text("night 2\n")
    _git(work, "commit", "-q", "-am", "data")
    if not accepts:  # as a protected branch would, every time
        hook = remote / "hooks" / "pre-receive"
        hook.write_text("#!/bin/sh\necho refused >&2\nexit 1\n")
        hook.chmod(0o755)
    output = tmp_path / "github_output"
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", _push_step()], cwd=work,
                          capture_output=True, text=True, env=env)  # fmt: skip
    if accepts:
        assert done.returncode == 0, done.stderr
        assert output.read_text().startswith("sha=")
    else:
        assert done.returncode != 0
        assert "could not be pushed after 3 attempts" in done.stdout
        assert not output.exists()


def test_a_night_where_most_feeds_fail_still_pushes_its_data_commit() -> None:
    # `stayready nightly` exits 1 after committing what the good feeds brought: the push
    # step must run after that failure (GitHub skips a step after a failed one unless its
    # `if:` says otherwise), while the job stays failed so nothing is built or deployed.
    jobs = _load(REPO / ".github" / "workflows" / "nightly.yml")["jobs"]
    steps = jobs["update"]["steps"]
    fetch = next(s for s in steps if s.get("id") == "fetch")
    push = next(s for s in steps if s.get("id") == "push")
    assert "stayready nightly --no-build" in fetch["run"]
    assert steps.index(fetch) < steps.index(push)
    condition = push.get("if", "")
    assert "!cancelled()" in condition and "steps.fetch.outcome == 'failure'" in condition
    assert "continue-on-error" not in fetch  # the run still fails loudly
    assert jobs["build"]["needs"] == "update"
