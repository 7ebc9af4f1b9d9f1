"""`stayready init`: a person's own site that checks, builds, pins this version in its
nightly, passes the workflow linters, and never overwrites anything."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from foundation import __version__
from stayready.cli import main
from stayready.home import source_url
from stayready.site import shipped
from tests import test_workflows

NOW = "2026-12-07T12:00:00Z"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STAYREADY_NOW", NOW)
    folder = tmp_path / "my-site"
    argv = ["init", str(folder), "--area", "Remote", "--area", "Austin, TX"]
    assert main([*argv, "--timezone", "Europe/Lisbon"]) == 0
    return folder


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_init_writes_a_site_that_checks_and_builds(home: Path, capsys) -> None:
    files = _files(home)
    assert set(files) == {
        "stayready.yml", "mkdocs.yml", "docs/index.md", ".gitignore", "README.md",
        "notebook/contacts/sam-example.md", "notebook/entries/2026/2026-12-07-welcome.md",
        ".github/workflows/nightly.yml", ".github/workflows/capture.yml",
        ".github/ISSUE_TEMPLATE/log.yml",
    }  # fmt: skip
    config = files["stayready.yml"]
    assert "#   - Remote\n#   - Austin, TX\n" in config and "timezone: Europe/Lisbon" in config
    assert "feeds: []" in config and "feeds add" in config
    assert files["mkdocs.yml"] == shipped.HOME_MKDOCS
    assert files["docs/index.md"] == shipped.home_page().read_text(encoding="utf-8")
    assert ".private/" in files[".gitignore"].splitlines()
    cfg = str(home / "stayready.yml")
    assert main(["check", "--config", cfg]) == 0
    assert "ok: 1 contacts, 1 entries" in capsys.readouterr().out
    assert main(["build", "--config", cfg]) == 0
    assert main(["build", "--private", "--config", cfg]) == 0
    assert (home / "site" / "index.html").is_file()
    network = home / ".private" / "site" / "generated" / "network" / "index.html"
    assert "Sam Example" in network.read_text(encoding="utf-8")


def test_each_build_takes_the_theme_and_stylesheet_from_the_installed_package(
    home: Path,
) -> None:
    # As a site made by an older version finds them after an upgrade.
    base, css = home / shipped.BASE_CONFIG, home / "docs" / shipped.STYLESHEET
    base.parent.mkdir(parents=True, exist_ok=True)
    css.parent.mkdir(parents=True, exist_ok=True)
    base.write_text("INHERIT: nowhere.yml\n", encoding="utf-8")
    css.write_text("/* old */\n", encoding="utf-8")
    mine = home / "mkdocs.yml"
    mine.write_text(mine.read_text(encoding="utf-8") + "copyright: Mine\n", encoding="utf-8")
    assert main(["build", "--config", str(home / "stayready.yml")]) == 0
    assert base.read_text(encoding="utf-8").endswith(
        shipped.base_config().read_text(encoding="utf-8")
    )
    shipped_css = shipped.stylesheets() / "stayready.css"
    assert css.read_text(encoding="utf-8") == shipped_css.read_text(encoding="utf-8")
    assert mine.read_text(encoding="utf-8").endswith("copyright: Mine\n")  # theirs, kept
    page = (home / "site" / "index.html").read_text(encoding="utf-8")
    assert "Mine" in page and "stylesheets/stayready.css" in page


@pytest.mark.parametrize("marker", ["stayready.yml", "mkdocs.yml", shipped.BASE_CONFIG])
def test_init_refuses_a_folder_that_holds_a_site(tmp_path: Path, marker: str, capsys) -> None:
    (tmp_path / marker).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / marker).write_text("mine\n", encoding="utf-8")
    before = _files(tmp_path)
    assert main(["init", str(tmp_path)]) == 2
    assert "already holds a Stay Ready site" in capsys.readouterr().err
    assert _files(tmp_path) == before


def test_init_never_overwrites_a_file(tmp_path: Path, capsys) -> None:
    # A repository freshly made on GitHub, with a README, a .gitignore and a contact.
    (tmp_path / "README.md").write_text("# mine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("node_modules/\n.cache/\n", encoding="utf-8")
    contact = tmp_path / "notebook" / "contacts" / "sam-example.md"
    contact.parent.mkdir(parents=True)
    contact.write_text("---\nname: Sam Mine\n---\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "next: cd" in out and "stayready check" in out  # says what to do next
    assert "kept   README.md" in out and "kept   notebook/contacts/sam-example.md" in out
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "# mine\n"
    assert contact.read_text(encoding="utf-8") == "---\nname: Sam Mine\n---\n"
    ignore = (tmp_path / ".gitignore").read_text(encoding="utf-8")
    assert ignore.startswith("node_modules/\n.cache/\n")  # only added to
    assert ignore.count(".cache/") == 1 and ".private/" in ignore.splitlines()
    assert (tmp_path / "stayready.yml").is_file()


def _install_steps(path: Path) -> list[str]:
    workflow = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "pip install" in step.get("run", "")
    ]


def test_the_nightly_installs_the_installed_version_from_its_git_tag(home: Path) -> None:
    assert version("stayready") == __version__  # one source of truth
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", source_url())
    steps = _install_steps(home / ".github" / "workflows" / "nightly.yml")
    assert len(steps) == 2  # the update job and the build job
    capture = _install_steps(home / ".github" / "workflows" / "capture.yml")
    assert len(capture) == 1  # log from a phone installs the same release
    pin = f"stayready @ git+{source_url()}@v{__version__}"
    for run in steps + capture:
        assert run == f'python -m pip install -q "{pin}"'  # never the bare name, never -e .


def test_the_scaffolded_workflows_pass_zizmor_and_githubs_schema(home: Path) -> None:
    import subprocess

    folder = home / ".github" / "workflows"
    done = subprocess.run(
        [test_workflows._tool("zizmor"), "--offline", "--no-progress", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "No findings" in done.stdout + done.stderr, done.stdout
    for path in sorted(folder.glob("*.yml")):
        done = subprocess.run(
            [test_workflows._tool("check-jsonschema"), "--builtin-schema",
             "vendor.github-workflows", str(path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        test_workflows.test_least_privilege_and_bounded_jobs(path)
