"""Zensical, the successor of mkdocs-material (which reaches end of life on 2027-05-05),
reads the same mkdocs.yml. A person who switches runs a plain `zensical build` in their
project: it must give the public edition and nothing private, and the private edition must
build from `.private/`. The demo project stands in for theirs: it has contacts, private
entries and public ones, and postings on every page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foundation.clock import parse_instant
from foundation.config import load_config
from foundation.errors import PrivacyError
from stayready.cli import main
from stayready.site import privacy
from stayready.site.data import gather
from stayready.site.render import render

NOW = "2026-11-20T12:00:00Z"
ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which(
    "zensical"
)


def zensical_build(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert ZENSICAL, "zensical is a test dependency: pip install -e '.[test]'"
    # Strict: a warning (a broken link, a missing nav target) fails the build, as ours do.
    return subprocess.run(
        [ZENSICAL, "build", "--strict", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("zensical") / "stayready-demo"
    mp = pytest.MonkeyPatch()
    mp.setenv("STAYREADY_NOW", NOW)
    try:
        # `stayready demo` renders both editions into docs/ and .private/ (and builds them
        # with mkdocs, which zensical then replaces).
        assert main(["demo", "--dir", str(folder), "--days", "30"]) == 0
    finally:
        mp.undo()
    return folder


@pytest.fixture(scope="module")
def needles(project: Path) -> privacy.Needles:
    """What the build's own check looks for, built the way `stayready build` builds it."""
    config = load_config(project / "stayready.yml")
    data = gather(config, parse_instant(NOW))
    assert data.contacts, "the demo has contacts, or this test would prove nothing"
    found = privacy.Needles.build(data.contacts, data.private_strings)
    scratch = project.parent / "scratch-docs"
    found.excuse_postings(render(data, scratch, edition="public").posting_texts)
    return found


def test_a_plain_zensical_build_gives_the_public_edition_and_nothing_private(
    project: Path, needles: privacy.Needles
) -> None:
    shutil.rmtree(project / "site")
    done = zensical_build(project)
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    jobs = (site / "generated" / "jobs" / "index.html").read_text(encoding="utf-8")
    assert "<table" in jobs  # the postings are there, as a table
    assert (site / "generated" / "trends" / "index.html").is_file()
    assert (site / "generated" / "journal" / "index.html").is_file()  # public entries
    assert not (site / "generated" / "network").exists()
    assert not (site / "generated" / "notes").exists()
    # The same scan `stayready build` runs on its own output; it raises on a leak.
    assert privacy.check_site(site, needles) > 10


def test_the_private_edition_builds_with_zensical_from_its_own_folder(
    project: Path, needles: privacy.Needles
) -> None:
    done = zensical_build(project, "--config-file", ".private/mkdocs.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / ".private" / "site"
    assert (site / "generated" / "network" / "index.html").is_file()
    # The scan is not vacuous: on the private edition it finds the people.
    with pytest.raises(PrivacyError):
        privacy.check_site(site, needles)
