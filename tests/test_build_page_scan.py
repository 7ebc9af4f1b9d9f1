"""Pages checked for private strings in a forked child while MkDocs builds.

The check must stay what it was: every file of the public output looked at, a page's
finding taken from the child only for the very text on disk, a leak failing the build
with site/ left as it was. The builds run as the person runs them, in a process of
their own (a test process may have threads running, and then nothing is forked).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from foundation.errors import PrivacyError
from stayready.site import privacy
from stayready.site.data import Contact
from stayready.site.editions import ROBOTS_META

NOW = "2026-03-02T06:00:00Z"
QUILL = "---\nname: Quill Harbor\nemails: [quill@harbor.example]\n---\nA private note.\n"


def _project(tmp: Path, home: str | None = None) -> Path:
    (tmp / "notebook" / "contacts").mkdir(parents=True)
    (tmp / "notebook" / "contacts" / "quill.md").write_text(QUILL, encoding="utf-8")
    (tmp / "stayready.yml").write_text("notebook:\n  path: notebook\npublic:\n  index: false\n",
                                       encoding="utf-8")  # fmt: skip
    if home is not None:
        (tmp / "docs").mkdir()
        (tmp / "docs" / "index.md").write_text(home, encoding="utf-8")
    return tmp / "stayready.yml"


def _build(cfg: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "stayready", "build", "--config", str(cfg)],
                          capture_output=True, text=True, cwd=cfg.parent,
                          env={**os.environ, "STAYREADY_NOW": NOW}, timeout=120)  # fmt: skip


def test_a_name_on_a_page_fails_the_build_and_keeps_the_old_site(tmp_path):
    cfg = _project(tmp_path, home="# Welcome\n\nNothing private here.\n")
    ok = _build(cfg)
    assert ok.returncode == 0, ok.stderr
    before = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages and all(p.read_text(encoding="utf-8").count(ROBOTS_META) == 1 for p in pages)
    (tmp_path / "docs" / "index.md").write_text("# Welcome\n\nLunch with quill  HARBOR.\n",
                                               encoding="utf-8")  # fmt: skip
    leak = _build(cfg)
    assert leak.returncode == 1
    assert f"{tmp_path / 'site' / 'index.html'}: the public edition contains the name of " \
           "contact 'quill'" in leak.stderr  # fmt: skip
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == before


_CHILD = """
import json, sys
from stayready.site.data import Contact
from stayready.site.page_scan import PageScan
from stayready.site.privacy import Needles
needles = Needles.build([Contact(id="q", name="Quill Harbor", phones=("+44 20 7946 0958",))])
scan = PageScan(needles)
assert scan._conn is not None, "no child started"
for rel, html in json.loads(sys.argv[1]):
    scan.page(rel, html)
print(json.dumps({rel: found for rel, (_, found) in scan.findings().items()}))
"""


def test_the_child_finds_what_the_check_finds_in_each_page():
    pages = {
        "index.html": "<p>Quill&nbsp;Harbor</p>",
        "generated/jobs/a/index.html": "<td>Quill</td><td>Harbor</td>",
        "journal/index.html": "<p>call +44 (20) 7946-0958</p>",
        "generated/trends/index.html": "<p>nothing</p>",
    }
    run = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(list(pages.items()))],
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert run.returncode == 0, run.stderr
    needles = privacy.Needles.build([Contact(id="q", name="Quill Harbor",
                                             phones=("+44 20 7946 0958",))])  # fmt: skip
    expected = {}
    for rel, html in pages.items():
        text, _ = privacy.readable_parts(Path(rel), html)
        expected[rel] = needles.find(text, posting_page=rel.startswith(privacy.POSTING_PAGES))
    assert json.loads(run.stdout) == expected
    assert sum(v is not None for v in expected.values()) == 3


def test_a_page_that_differs_from_what_was_checked_is_checked_again(tmp_path):
    needles = privacy.Needles.build([Contact(id="q", name="Quill Harbor")])
    (tmp_path / "index.html").write_text("<p>Quill Harbor</p>", encoding="utf-8")
    (tmp_path / "other.html").write_text("<p>fine</p>", encoding="utf-8")
    # What the child saw (a clean page) is not what the file holds: the file is read.
    stale = {"index.html": ("<p>fine</p>", None), "other.html": ("<p>fine</p>", None)}
    with pytest.raises(PrivacyError) as err:
        privacy.check_site(tmp_path, needles, checked=stale)
    assert err.value.file == str(tmp_path / "index.html")
    # The very text the child checked: its finding stands, and every file still counts.
    same = {"index.html": ("<p>Quill Harbor</p>", "the name of contact 'q'")}
    with pytest.raises(PrivacyError, match="contact 'q'"):
        privacy.check_site(tmp_path, needles, checked=same)
    (tmp_path / "index.html").write_text("<p>clean</p>", encoding="utf-8")
    assert privacy.check_site(tmp_path, needles, checked={}) == 2


def test_a_build_that_fails_stops_the_child_quietly(tmp_path):
    cfg = _project(tmp_path, home="# Welcome\n\n[gone](missing.md)\n")
    run = _build(cfg)
    assert run.returncode == 1
    assert "contains a link 'missing.md'" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site-build-*"))
