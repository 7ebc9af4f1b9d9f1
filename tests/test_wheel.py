"""Stay Ready as a person installs it: a wheel built from this checkout, installed into a
fresh virtual environment outside it, run from a folder of its own with the checkout not
importable (no PYTHONPATH, another working directory, the fresh environment's python).

`stayready init` makes a site there, and `check`, a `fetch` against a loopback feed,
`build`, `build --private` and `demo` all run from what the wheel carries. Slow (a wheel
build, a venv and an install from the local package index: 40-90 s here) but part of the
default run: it is the only test that catches a file left out of the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foundation import __version__
from tests.conftest import REPO
from tests.test_run import Feeds

pytestmark = pytest.mark.slow
NOW = "2026-12-07T12:00:00Z"


def _source_copy(dest: Path) -> Path:
    """The checkout's files as git sees them (tracked or new, not ignored), so the wheel is
    built from a clean tree: no stale build/ and no local caches reach it."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for rel in filter(None, listed):
        src = REPO / rel
        if src.is_file():  # a tracked file deleted in the work tree is not listed as one
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")}  # fmt: skip
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["STAYREADY_NOW"] = NOW
    return env


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed (dependencies from the package
    index pip is configured with; this machine's serves them locally)."""
    work = tmp_path_factory.mktemp("wheel")
    src = _source_copy(work / "src")
    dist = work / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
        cwd=work, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("stayready-*.whl")
    assert wheel.name.startswith(f"stayready-{__version__}-")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)],
        cwd=work, capture_output=True, text=True, timeout=900, env=_env(venv),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return venv


def _run(venv: Path, cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [str(venv / "bin" / "stayready"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=600, env=_env(venv),
    )  # fmt: skip
    assert done.returncode == 0, f"stayready {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done.stdout


def test_the_checkout_is_not_what_runs(venv: Path, tmp_path: Path) -> None:
    probe = (
        "import json, stayready, foundation\n"
        "from stayready.site import shipped\n"
        "print(json.dumps([stayready.__file__, str(shipped.root()), foundation.__version__]))"
    )
    done = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=tmp_path,
                          capture_output=True, text=True, env=_env(venv), check=True)  # fmt: skip
    package, root, installed = json.loads(done.stdout)
    site_packages = str(venv / "lib")
    assert package.startswith(site_packages) and root.startswith(site_packages)
    assert Path(root).name == "shipped" and installed == __version__
    assert not root.startswith(str(REPO) + os.sep)


def test_init_then_check_fetch_build_and_demo_from_the_wheel(
    venv: Path, tmp_path: Path, loopback_server
) -> None:
    feeds = Feeds(loopback_server)
    try:
        url = feeds.rss("/jobs.rss", [("1", "Staff Nurse", "Mercy", "Austin, TX"),
                                      ("2", "Data Engineer", "Acme", "Remote")])  # fmt: skip
        out = _run(venv, tmp_path, "init", "home", "--area", "Austin, TX", "--area", "Remote")
        home = tmp_path / "home"
        assert "git+https://github.com/" in out and f"@v{__version__}" in out
        nightly = (home / ".github" / "workflows" / "nightly.yml").read_text(encoding="utf-8")
        assert f'@v{__version__}"' in nightly and "-e ." not in nightly
        assert "ok: 1 contacts" in _run(venv, home, "check")
        # A person adds a feed by editing stayready.yml.
        config = home / "stayready.yml"
        text = config.read_text(encoding="utf-8")
        feed = f"feeds:\n  - name: Loopback jobs\n    url: {url}\n    area: Austin, TX\n"
        config.write_text(
            text.replace("feeds: []\n", feed)
            + "fetch: {retries: 0, connect_timeout: 2, read_timeout: 5}\n",
            encoding="utf-8",
        )
        _run(venv, home, "check")
        _run(venv, home, "fetch", "--quiet")
        assert feeds.full_bodies == 1
        rows = _run(venv, home, "export", "postings").splitlines()
        assert len(rows) == 2
        _run(venv, home, "build")
        jobs = (home / "site" / "generated" / "jobs" / "index.html").read_text(encoding="utf-8")
        assert "Staff Nurse" in jobs
        assert (home / "site" / "stylesheets" / "stayready.css").is_file()
        _run(venv, home, "build", "--private")
        assert (home / ".private" / "site" / "generated" / "network" / "index.html").is_file()
        out = _run(venv, tmp_path, "demo", "--dir", str(tmp_path / "demo"), "--days", "3")
        assert "public site:" in out and "private site:" in out
        assert (tmp_path / "demo" / "site" / "index.html").is_file()
    finally:
        loopback_server.clear()
