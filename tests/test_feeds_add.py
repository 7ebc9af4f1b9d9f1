"""`stayready feeds add URL`: an address as a person copies it from the browser becomes the
right feed in stayready.yml (a career board as its kind and board; a page's announced
feed; a feed as it is), and anything else is refused with a reason and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from foundation.config import load_config, slugify
from stayready.cli import main
from tests.conftest import FIXTURES, write_config

CONFIG = (
    "# my feeds, commented\nsite: {title: Mine}\nfeeds:\n"
    "  - name: City jobs  # keep me\n    url: https://city.example/jobs.rss\n"
)
PAGE = """<!doctype html><html><head><title>Acme careers</title>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="Acme jobs" href="/jobs.rss">
</head><body>Jobs</body></html>"""
RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Harbor jobs</title>
<link>https://harbor.example/</link><description>d</description></channel></rss>"""


@pytest.fixture
def cfg(project: Path) -> Path:
    return write_config(project, CONFIG)


def _add(cfg: Path, *args: str) -> int:
    return main(["feeds", "add", *args, "--config", str(cfg)])


@pytest.mark.parametrize(
    ("address", "kind", "board"),
    [
        ("https://boards.greenhouse.io/acme", "greenhouse", "acme"),
        ("https://job-boards.greenhouse.io/acme/jobs/4012345?gh_src=abc", "greenhouse", "acme"),
        ("https://boards.greenhouse.io/embed/job_board?for=globex", "greenhouse", "globex"),
        (
            "https://jobs.lever.co/northwind/5f2c1e2a-0c1d-4f7b-9a55-2f0b7c1c9e10",
            "lever",
            "northwind",
        ),
        ("https://jobs.ashbyhq.com/quillstone", "ashby", "quillstone"),
        ("https://apply.workable.com/harbor-health/", "workable", "harbor-health"),
        ("https://apply.workable.com/harbor-health/j/4F1B2C3D9E/", "workable", "harbor-health"),
        ("https://stadtwerke-nord.recruitee.com/o/data-engineer", "recruitee", "stadtwerke-nord"),
        ("https://korn.jobs.personio.de/job/1187453?language=de", "personio", "korn"),
        ("https://korn.jobs.personio.com/", "personio", "korn"),
        (
            "https://careers.smartrecruiters.com/LakesideUniversity",
            "smartrecruiters",
            "LakesideUniversity",
        ),
        (
            "https://jobs.smartrecruiters.com/LakesideUniversity/744000067123451",
            "smartrecruiters",
            "LakesideUniversity",
        ),
    ],
)
def test_a_career_board_page_becomes_its_kind_and_board(cfg, capsys, address, kind, board):
    assert _add(cfg, address, "--area", "Remote") == 0
    feed = load_config(cfg).feed(slugify(board))  # the id is the name made a slug
    assert (feed.kind, feed.board, feed.area) == (kind, board, "Remote")
    text = cfg.read_text(encoding="utf-8")
    assert text.startswith(CONFIG)  # comments and the rest kept, the new feed added after
    assert f"kind: {kind}" in text and f"board: {board}" in text and address not in text
    assert main(["check", "--config", str(cfg)]) == 0


def test_a_page_that_announces_its_feed_adds_that_feed(cfg, capsys, httpserver: HTTPServer):
    httpserver.expect_request("/careers").respond_with_data(PAGE, content_type="text/html")
    assert _add(cfg, httpserver.url_for("/careers")) == 0
    feed = load_config(cfg).feeds[-1]
    assert (feed.name, feed.url, feed.kind) == ("Acme jobs", httpserver.url_for("/jobs.rss"), "rss")


def test_a_feed_is_taken_as_it_is_and_a_second_add_changes_nothing(cfg, capsys, httpserver):
    httpserver.expect_request("/h.rss").respond_with_data(RSS, content_type="application/xml")
    assert _add(cfg, httpserver.url_for("/h.rss")) == 0
    assert load_config(cfg).feeds[-1].name == "Harbor jobs"
    before = cfg.read_bytes()
    assert _add(cfg, httpserver.url_for("/h.rss")) == 0
    assert "already there" in capsys.readouterr().out
    assert cfg.read_bytes() == before


@pytest.mark.parametrize("kind", ["remotive", "workable", "recruitee", "smartrecruiters"])
def test_a_job_api_is_added_with_the_kind_its_answer_has(cfg, capsys, httpserver, kind):
    body = (FIXTURES / "boards" / kind / "response.json").read_bytes()
    httpserver.expect_request("/api").respond_with_data(body, content_type="application/json")
    assert _add(cfg, httpserver.url_for("/api"), "--name", "Board") == 0
    feed = load_config(cfg).feeds[-1]
    assert (feed.name, feed.kind, feed.url) == ("Board", kind, httpserver.url_for("/api"))


@pytest.mark.parametrize(
    ("path", "body", "ctype", "status", "said"),
    [
        (
            "/plain",
            "<!doctype html><html><title>Jobs</title></html>",
            "text/html",
            200,
            "a web page that names no feed",
        ),
        ("/gone", "not here", "text/html", 404, "answered HTTP 404"),
        ("/data", '{"users": [1, 2]}', "application/json", 200, "no job feed this tool reads"),
        ("/pic", "GIF89a", "image/gif", 200, "neither a feed nor a web page"),
    ],
)
def test_anything_else_is_refused_with_a_reason_and_nothing_written(
    cfg, capsys, httpserver, path, body, ctype, status, said
):
    httpserver.expect_request(path).respond_with_data(body, status=status, content_type=ctype)
    before = cfg.read_bytes()
    assert _add(cfg, httpserver.url_for(path)) == 1
    assert said in capsys.readouterr().err
    assert cfg.read_bytes() == before


@pytest.mark.parametrize(
    "address", ["https://jobs.lever.co/", "https://apply.workable.com/j/4F1B2C3D9E"]
)
def test_a_board_address_without_a_board_is_refused(cfg, capsys, address):
    before = cfg.read_bytes()
    assert _add(cfg, address) == 1
    assert "without a board name" in capsys.readouterr().err
    assert cfg.read_bytes() == before
