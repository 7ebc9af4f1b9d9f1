"""`stayready nightly` end to end: a loopback feed server, a real git repository, two nights."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from stayready.cli import main
from stayready.nightly import private_notebook_files

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title>
<link>https://jobs.example/</link><description>d</description>{items}</channel></rss>"""
ITEM = """<item><title>{title} at {company}</title><link>https://jobs.example/{n}</link>
<guid>https://jobs.example/{n}</guid><description>We need Python and SQL.</description>
<pubDate>Mon, 02 Mar 2026 08:00:00 GMT</pubDate></item>"""


def _feed(*jobs: tuple[int, str, str]) -> str:
    return RSS.format(items="".join(ITEM.format(n=n, title=t, company=c) for n, t, c in jobs))


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(
        ["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def repo(tmp_path: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "mine"
    repo.mkdir()
    (repo / "stayready.yml").write_text(
        "feeds:\n"
        f"  - {{name: Austin jobs, url: '{httpserver.url_for('/a.rss')}', area: 'Austin, TX'}}\n"
        f"  - {{name: Remote jobs, url: '{httpserver.url_for('/b.rss')}', area: Remote}}\n"
        "fetch: {retries: 0, read_timeout: 5}\n"
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "stayready.yml")
    git(repo, "commit", "-qm", "config")
    for var, value in {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }.items():
        monkeypatch.setenv(var, value)
    monkeypatch.chdir(repo)
    return repo


def _serve_three_jobs(httpserver: HTTPServer) -> None:
    """Two feeds, three jobs: the night the tests replay."""
    httpserver.expect_request("/a.rss").respond_with_data(
        _feed((1, "Nurse", "St. Mary"), (2, "Welder", "Acme")), content_type="application/rss+xml"
    )
    httpserver.expect_request("/b.rss").respond_with_data(
        _feed((3, "Python Developer", "Zephyr")), content_type="application/rss+xml"
    )


def test_two_nights_commit_only_what_changed(
    repo: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve_three_jobs(httpserver)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    summary = repo / "summary.md"
    assert main(["nightly", "--no-build", "--summary", str(summary)]) == 0

    log = git(repo, "log", "--format=%s").splitlines()
    assert log[0] == "data: 3 new postings"
    changed = git(repo, "show", "--name-only", "--format=", "HEAD").split()
    assert changed and all(name.startswith("data/") for name in changed)
    text = summary.read_text()
    assert "3 new postings" in text and "Python Developer" in text

    # Night two: the same feeds. Nothing new: only feed health (last success) changes,
    # and the message says so.
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-03T06:00:00Z")
    assert main(["nightly", "--no-build"]) == 0
    log2 = git(repo, "log", "--format=%s").splitlines()
    assert log2[0] == "data: no new postings; feed health updated"
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == ["data/feeds.json"]

    # The same night replayed changes nothing, so no empty commit.
    assert main(["nightly", "--no-build"]) == 0
    assert git(repo, "log", "--format=%s").splitlines() == log2


def test_more_than_half_failing_commits_feed_health_and_fails(
    repo: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    httpserver.expect_request("/a.rss").respond_with_data("oops", status=500)
    httpserver.expect_request("/b.rss").respond_with_data(
        "<html><body>Not a feed</body></html>", content_type="text/html"
    )
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    summary = repo / "summary.md"
    assert main(["nightly", "--summary", str(summary)]) == 1
    # The failures are recorded (and pushed by the workflow); the site is not built.
    log = git(repo, "log", "--format=%s").splitlines()
    assert log[0] == "data: no new postings; 2 feeds failing (Austin jobs, Remote jobs)"
    assert not (repo / "site").exists()
    err = capsys.readouterr().err
    assert "2 of 2 feeds failed" in err and "HTML page" in err and "check your network" not in err
    assert "Most feeds failed" in summary.read_text()


def test_public_repository_with_private_notes_refuses_to_build(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    contacts = repo / "notebook" / "contacts"
    contacts.mkdir(parents=True)
    (contacts / "jane-doe.md").write_text("---\nname: Jane Doe\nid: jane-doe\n---\n")
    public = repo / "notebook" / "entries" / "2026"
    public.mkdir(parents=True)
    (public / "2026-03-01-talk.md").write_text("---\ndate: 2026-03-01\nvisibility: public\n---\n")
    assert private_notebook_files(repo / "notebook") == [contacts / "jane-doe.md"]

    monkeypatch.setenv("STAYREADY_REPO_VISIBILITY", "public")
    assert main(["nightly", "--no-fetch"]) == 1
    err = capsys.readouterr().err
    assert "refusing to build" in err and "notebook/contacts/jane-doe.md" in err
    assert "private repository" in err and "separate public" in err and "git-ignored" in err
    assert not (repo / "site").exists()


def test_the_build_reports_a_corrupted_history_line_in_the_summary(
    repo: Path, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve_three_jobs(httpserver)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    assert main(["nightly", "--no-build"]) == 0
    month = repo / "data" / "postings" / "2026-03.jsonl"
    lines = month.read_text().splitlines(keepends=True)
    lines[2] = lines[2][:40] + "\n"  # a hand edit gone wrong
    month.write_text("".join(lines))
    summary = repo / "summary.md"
    assert main(["nightly", "--no-fetch", "--summary", str(summary)]) == 0
    text = summary.read_text()
    assert "Problems to look at" in text and "2026-03.jsonl:3" in text
    assert (repo / "site" / "index.html").exists()
