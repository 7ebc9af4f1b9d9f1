"""Pass-alongs over a replayed history with known answers (issue 13): a real feed on
loopback fetched night by night, a notebook of wishes, `today --json` compared with
tests/fixtures/passalong/expected.json, then a logged pass-along and the private pages.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from aggregator.store import Store
from stayready.cli import main
from tests.conftest import FIXTURES, write_config
from tests.test_run import Feeds

HERE = FIXTURES / "passalong"
NIGHTS = json.loads((HERE / "nights.json").read_text())
EXPECTED = json.loads((HERE / "expected.json").read_text())


@pytest.fixture(scope="module")
def replayed(
    loopback_server: HTTPServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, dict[str, str]]]:
    """The project after every night, g13 marked hidden; and guid -> posting id."""
    root = tmp_path_factory.mktemp("passalong")
    feeds = Feeds(loopback_server)
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    shutil.copytree(HERE / "notebook", root / "notebook")
    url = loopback_server.url_for("/texas.rss")
    write_config(
        root,
        "fetch: {retries: 0, connect_timeout: 2, read_timeout: 2}\n"
        "site: {timezone: UTC}\n"
        f"feeds:\n  - {{name: Texas jobs, url: '{url}', area: Texas}}\n",
    )
    for night in NIGHTS["nights"]:
        jobs = [(g, *NIGHTS["jobs"][g]) for g in night["feed"]]
        feeds.rss("/texas.rss", jobs)
        mp.setenv("STAYREADY_NOW", night["now"])
        assert main(["fetch"]) == 0
    ids = {p.url.rsplit("/", 1)[-1]: p.id for p in Store(root / "data").load().postings.values()}
    mp.setenv("STAYREADY_NOW", NIGHTS["today"])
    for guid in NIGHTS["hidden"]:
        assert main(["mark", ids[guid][:8], "hidden"]) == 0
    yield root, ids
    mp.undo()
    loopback_server.clear()


@pytest.fixture
def at_today(
    replayed: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, str]]:
    """The replayed project on nights.json's today (conftest clears the clock per test)."""
    monkeypatch.setenv("STAYREADY_NOW", NIGHTS["today"])
    monkeypatch.chdir(replayed[0])
    return replayed


def today_json(capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert main(["today", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def as_guids(data: dict, ids: dict[str, str]) -> dict[str, list[list[str]]]:
    guid = {v: k for k, v in ids.items()}
    return {
        rec["contact"]: [[guid[p["id"]], p["why"]] for p in rec["postings"]]
        for rec in data["pass_alongs"]
    }


def test_today_json_gives_exactly_the_expected_pass_alongs(at_today, capsys) -> None:
    root, ids = at_today
    data = today_json(capsys)
    assert as_guids(data, ids) == EXPECTED["before_log"]
    first = data["pass_alongs"][0]
    assert first["name"] == "Ana Quintero"
    assert set(first["postings"][0]) == {"id", "title", "company", "location", "url", "why"}
    assert first["postings"][0]["url"] == "https://jobs.example/g14"


def test_a_logged_pass_along_leaves_that_list_and_counts_as_a_give(at_today, capsys) -> None:
    root, ids = at_today
    before = [r for r in today_json(capsys)["pass_alongs"] if r["contact"] == "raj-patel"]
    line = EXPECTED["log"].replace("g14", ids["g14"][:7])  # a unique prefix, as mark takes
    assert main(["log", line]) == 0
    written = capsys.readouterr().out
    assert f"pass-along @ana-quintero: {ids['g14']}" in written  # the whole id is written
    data = today_json(capsys)
    got = as_guids(data, ids)
    assert got["ana-quintero"] == EXPECTED["after_log"]["ana-quintero"]
    assert got["lee-chen"] == EXPECTED["before_log"]["lee-chen"]  # passed to Ana only
    assert [r for r in data["pass_alongs"] if r["contact"] == "raj-patel"] == before
    import journal
    from foundation.config import load_config

    cfg = load_config(root / "stayready.yml")
    nb = journal.load_notebook(cfg.notebook)
    assert journal.ledger(nb).row("ana-quintero").gives == 1
    assert journal.ledger(nb).row("ana-quintero").give_minutes == 0  # no minutes given
    states = {s.id: s for s in journal.contact_states(nb, cfg.notebook, nb.entries[-1].date)}
    assert states["ana-quintero"].last_contact == nb.entries[-1].date  # contact for cadences


def test_an_unknown_posting_id_writes_nothing(at_today, capsys) -> None:
    root, _ = at_today
    before = sorted(p.read_bytes() for p in (root / "notebook").rglob("*.md"))
    assert main(["log", "pass-along @kim-lindqvist: 0000000000"]) == 1
    err = capsys.readouterr().err
    assert "not in the job history" in err and "give its URL" in err
    assert sorted(p.read_bytes() for p in (root / "notebook").rglob("*.md")) == before


def test_today_text_has_a_pass_along_block_with_ready_log_lines(at_today, capsys) -> None:
    _, ids = at_today
    capsys.readouterr()
    assert main(["today"]) == 0
    out = capsys.readouterr().out
    assert "Pass along:" in out
    assert f'stayready log "pass-along @kim-lindqvist: {ids["g12"]}"' in out


def test_private_pages_list_them_and_the_public_edition_never_shows_them(at_today) -> None:
    root, ids = at_today
    assert main(["build", "--private"]) == 0
    generated = root / ".private" / "docs" / "generated"
    today = (generated / "today.md").read_text()
    block = today.split("## Pass along", 1)[1].split("\n## ", 1)[0]
    assert "[ICU Nurse](https://jobs.example/g12)" in block
    assert f'`stayready log "pass-along @kim-lindqvist: {ids["g12"]}"`' in block
    assert "nurse in Denver, CO" in block and "Kim Lindqvist" in block
    assert ids["g13"] not in block  # hidden
    network = (generated / "network.md").read_text()
    rows = network.split("## Pass-alongs", 1)[1]
    assert "| Mia Rossi | nurse · until 2026&#45;03&#45;01 | nothing yet |" in rows  # escaped
    assert "| Ana Quintero | data engineer · Austin · not intern |" in rows
    assert "[Data Engineer](https://jobs.example/g14)" in rows  # logged by the test above
    # The public edition: built (its privacy scan passed) and without a trace of them.
    assert main(["build"]) == 0
    names = [p.read_text().split("name: ", 1)[1].split("\n")[0]
             for p in (root / "notebook" / "contacts").glob("*.md")]  # fmt: skip
    for page in (root / "site").rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".xml", ".txt"):
            text = page.read_text(errors="replace")
            for word in ("Pass along", "pass-along", "pass_along", "Asked for", *names):
                assert word not in text, (page, word)
