"""A night that changes nothing the site shows leaves site/ as it is; any change rebuilds.

Real nights over loopback: a feed that answers 304 to a conditional request, then one
that gains a posting; a notebook edit, a template edit, a config edit and a new day.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from stayready.cli import main
from tests.conftest import REPO

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title>
<link>https://jobs.example/</link><description>d</description>{items}</channel></rss>"""
ITEM = """<item><title>{title} at Acme</title><link>https://jobs.example/{n}</link>
<guid>https://jobs.example/{n}</guid><description>Python and SQL.</description>
<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>"""
UNCHANGED = "nothing it shows changed since the last build"


class Board:
    """A feed with an ETag: a request that sends the current one gets a 304."""

    def __init__(self) -> None:
        self.titles = ["Data Engineer", "Nurse"]
        self.answers: list[int] = []

    def body(self) -> str:
        return RSS.format(
            items="".join(ITEM.format(n=i, title=t) for i, t in enumerate(self.titles))
        )

    def __call__(self, request: Request) -> Response:
        etag = f'"v{len(self.titles)}"'
        if request.headers.get("If-None-Match") == etag:
            self.answers.append(304)
            return Response(status=304, headers={"ETag": etag})
        self.answers.append(200)
        return Response(self.body(), headers={"ETag": etag, "Content-Type": "application/rss+xml"})


@pytest.fixture
def night(project: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch):
    board = Board()
    httpserver.expect_request("/jobs.rss").respond_with_handler(board)
    url = httpserver.url_for("/jobs.rss")
    (project / "stayready.yml").write_text(
        f"feeds:\n  - {{name: Austin jobs, url: '{url}', area: Austin}}\n"
        "fetch: {retries: 0, read_timeout: 5}\nnotebook: {path: notebook}\n",
        encoding="utf-8",
    )
    (project / "notebook" / "contacts").mkdir(parents=True)
    (project / "notebook" / "contacts" / "ana-costa.md").write_text("---\nname: Ana Costa\n---\n")
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    assert main(["fetch"]) == 0
    assert main(["build"]) == 0
    return project, board


def _build(capsys) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["build"])
    return status, capsys.readouterr().out


def _site_stamp(root: Path) -> int:
    return (root / "site" / "index.html").stat().st_mtime_ns


def test_a_night_of_304s_leaves_the_site_as_it_is(night, capsys, monkeypatch):
    root, board = night
    before = _site_stamp(root)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T18:00:00Z")  # that evening, same day
    assert main(["fetch"]) == 0
    assert board.answers[-1] == 304
    status, out = _build(capsys)
    assert status == 0 and UNCHANGED in out
    assert _site_stamp(root) == before


def test_a_new_posting_rebuilds(night, capsys):
    root, board = night
    before = _site_stamp(root)
    board.titles.append("Teacher")
    assert main(["fetch"]) == 0 and board.answers[-1] == 200
    status, out = _build(capsys)
    assert status == 0 and UNCHANGED not in out
    assert _site_stamp(root) != before
    assert "Teacher" in (root / "site" / "generated" / "jobs" / "index.html").read_text()


@pytest.mark.parametrize("change", ["notebook", "template", "config", "new day", "site gone"])
def test_anything_the_site_is_made_from_rebuilds(night, capsys, monkeypatch, change):
    root, _ = night
    status, out = _build(capsys)
    assert status == 0 and UNCHANGED in out  # nothing yet
    if change == "notebook":
        (root / "notebook" / "contacts" / "raj-rao.md").write_text("---\nname: Raj Rao\n---\n")
    elif change == "template":
        shutil.copytree(REPO / "site_templates", root / "site_templates")
        page = root / "site_templates" / "health.md.j2"
        page.write_text(page.read_text() + "\nChecked by hand.\n")
    elif change == "config":
        cfg = root / "stayready.yml"
        cfg.write_text(cfg.read_text() + "site: {title: My market}\n")
    elif change == "new day":
        monkeypatch.setenv("STAYREADY_NOW", "2026-03-03T06:00:00Z")
    else:
        shutil.rmtree(root / "site")
    status, out = _build(capsys)
    assert status == 0 and UNCHANGED not in out, out
    if change == "template":
        assert (
            "Checked by hand."
            in (root / "site" / "generated" / "health" / "index.html").read_text()
        )
    status, out = _build(capsys)
    assert UNCHANGED in out  # and the next one, with nothing new, skips again


def test_a_skipped_build_still_warns_of_the_notebooks_problems(night, capsys):
    root, _ = night
    bad = root / "notebook" / "contacts" / "ana-costa.md"
    bad.write_text("---\nname: Ana Costa\ntier: Z\n---\n")
    for _ in range(2):
        capsys.readouterr()
        assert main(["build"]) == 0
        out, err = capsys.readouterr()
        assert f"{bad}:3: unknown tier 'Z'" in err
    assert UNCHANGED in out


def test_nightly_says_the_site_is_unchanged(night, capsys):
    root, board = night
    summary = root / "summary.md"
    assert main(["nightly", "--summary", str(summary)]) == 0
    assert board.answers[-1] == 304
    assert "site unchanged" in capsys.readouterr().out
    assert "Site unchanged" in summary.read_text()
