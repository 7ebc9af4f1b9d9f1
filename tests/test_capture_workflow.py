"""The capture workflow: its shape, and its capture-and-commit step run as GitHub runs it
(bash -eo pipefail) by the installed `stayready`, in a real git clone of a real remote.

zizmor and GitHub's workflow schema check it with the others (tests/test_workflows.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import FIXTURES, REPO
from tests.journal_support import SAMPLE

WORKFLOW = REPO / ".github" / "workflows" / "capture.yml"
EVENTS = FIXTURES / "capture"
ENTRY = "notebook/entries/2026/2026-03-02-issue-12.md"


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _steps() -> list[dict]:
    return _load(WORKFLOW)["jobs"]["capture"]["steps"]


def _step(step_id: str) -> dict:
    return next(s for s in _steps() if s.get("id") == step_id)


def test_trigger_and_least_privilege() -> None:
    wf = _load(WORKFLOW)
    assert (wf.get("on") or wf.get(True)) == {"issues": {"types": ["opened"]}}
    assert wf["permissions"] == {}
    assert wf["concurrency"]["cancel-in-progress"] is False
    [(name, job)] = wf["jobs"].items()
    assert job["permissions"] == {"contents": "write", "issues": "write"}
    assert job["if"] == "github.event.repository.private"
    checkout = job["steps"][0]
    assert checkout["with"]["ref"] == "${{ github.event.repository.default_branch }}"


def test_stay_ready_is_installed_as_the_nightly_installs_it() -> None:
    nightly = _load(REPO / ".github" / "workflows" / "nightly.yml")["jobs"]["update"]["steps"]

    def setup(steps: list[dict]) -> list:
        return [(s.get("uses"), s.get("with"), s.get("run")) for s in steps
                if str(s.get("uses", "")).startswith("actions/setup-python")
                or s.get("name") == "Install Stay Ready"]  # fmt: skip

    assert setup(_steps()) == setup(nightly) and len(setup(nightly)) == 2


def test_context_values_reach_the_shell_only_through_env() -> None:
    for step in _steps():
        assert "${{" not in step.get("run", ""), step.get("name")
    close = next(s for s in _steps() if s.get("name") == "Close the issue")
    assert "gh issue close" in close["run"] and "written" in close["if"]
    fix = next(s for s in _steps() if s.get("name") == "Say what to fix")
    assert "gh issue comment" in fix["run"] and "'fix'" in fix["if"]
    assert "close" not in fix["run"]  # the issue stays open until it is fixed


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> tuple[Path, Path]:
    """A bare remote whose main holds a project with the sample notebook, and a clone."""
    remote, seed, work = tmp_path / "remote.git", tmp_path / "seed", tmp_path / "work"
    _git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    seed.mkdir()
    shutil.copytree(SAMPLE, seed / "notebook")
    (seed / "stayready.yml").write_text(
        "site: {timezone: America/Chicago}\nnotebook: {path: notebook}\n", encoding="utf-8"
    )
    _git(seed, "init", "-q", "-b", "main")
    _git(seed, "add", "-A")
    _git(seed, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "seed")
    _git(seed, "push", "-q", str(remote), "main")
    _git(tmp_path, "clone", "-q", str(remote), str(work))
    return remote, work


def _run_step(work: Path, event: Path) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    step = _step("capture")
    temp = work.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    output = temp / "github_output"
    output.unlink(missing_ok=True)
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(work.parent),
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_OUTPUT": str(output),
        "RUNNER_TEMP": str(temp),
        **{k: str(v) for k, v in step["env"].items()},
    }
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=work,
                          capture_output=True, text=True, env=env)  # fmt: skip
    lines = output.read_text().splitlines() if output.exists() else []
    return done, dict(line.split("=", 1) for line in lines)


def test_the_step_commits_the_entry_once_and_names_no_contact(checkout) -> None:
    remote, work = checkout
    event = EVENTS / "owner-form" / "event.json"
    done, out = _run_step(work, event)
    assert done.returncode == 0, done.stderr
    message = "notebook: 1 interaction from issue #12"
    assert out == {
        "result": "written",
        "message": message,
        "sha": _git(remote, "rev-parse", "main"),
    }
    assert _git(remote, "log", "-1", "--format=%s%n%b", "main") == message
    assert _git(remote, "show", "--name-only", "--format=", "main") == ENTRY
    assert "ana" not in message + ENTRY  # the contact is in the entry, nowhere else
    assert "with: [ana-costa]" in _git(remote, "show", f"main:{ENTRY}")
    assert _git(work, "status", "--porcelain") == ""
    # Delivered again: nothing to commit, and the issue is closed as already logged.
    head = _git(remote, "rev-parse", "main")
    done, out = _run_step(work, event)
    assert done.returncode == 0, done.stderr
    assert out == {"result": "already"}
    assert _git(remote, "rev-parse", "main") == head


def test_the_step_rebases_on_a_concurrent_push(checkout, tmp_path: Path) -> None:
    remote, work = checkout
    other = tmp_path / "other"
    _git(tmp_path, "clone", "-q", str(remote), str(other))
    (other / "data").mkdir()
    (other / "data" / "night.txt").write_text("the nightly's data\n")
    _git(other, "add", "-A")
    _git(other, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "data")
    _git(other, "push", "-q", "origin", "main")
    done, out = _run_step(work, EVENTS / "owner-plain" / "event.json")
    assert done.returncode == 0, done.stderr
    assert out["result"] == "written"
    log = _git(remote, "log", "--format=%s", "main").splitlines()
    assert log == ["notebook: 2 interactions from issue #14", "data", "seed"]


def test_a_bad_line_leaves_a_comment_to_post_and_commits_nothing(checkout) -> None:
    remote, work = checkout
    head = _git(remote, "rev-parse", "main")
    done, out = _run_step(work, EVENTS / "bad-lines" / "event.json")
    assert done.returncode == 0, done.stderr
    assert out == {"result": "fix"}
    comment = (work.parent / "runner-temp" / "capture-comment.md").read_text()
    assert 'line 2, "- call @ana-cost 20m: typo": unknown contact @ana-cost' in comment
    assert "did you mean @ana-costa" in comment and "did you mean 'call'?" in comment
    assert "stayready capture: error:" not in comment
    assert "Open a new issue" in comment
    assert _git(remote, "rev-parse", "main") == head
    assert _git(work, "status", "--porcelain") == ""


@pytest.mark.parametrize("case", ["stranger", "public-repo"])
def test_a_refused_issue_is_left_alone(checkout, case: str) -> None:
    remote, work = checkout
    head = _git(remote, "rev-parse", "main")
    done, out = _run_step(work, EVENTS / case / "event.json")
    assert done.returncode == 0, done.stderr
    assert out == {"result": "refused"}
    assert "::notice::not captured:" in done.stdout
    assert not (work.parent / "runner-temp" / "capture-comment.md").exists()
    assert _git(remote, "rev-parse", "main") == head
    assert _git(work, "status", "--porcelain") == ""


def test_a_broken_configuration_fails_the_step(checkout) -> None:
    remote, work = checkout
    (work / "stayready.yml").write_text("notebok: {path: notebook}\n", encoding="utf-8")
    done, out = _run_step(work, EVENTS / "owner-form" / "event.json")
    assert done.returncode == 1 and out == {}
    assert "::error::stayready capture failed (exit 1)" in done.stdout
    assert "did you mean 'notebook'?" in done.stderr
