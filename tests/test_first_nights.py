"""The first nights at home (issue 21), each over a real loopback server: no network, then
back; a first feed list with bad addresses; a wrong kind; an OPML round trip; times in
site.timezone; an empty feed list; `contacts add`; `serve` on a busy port.

"Network down" uses addresses that really fail: a closed loopback port (refused) and
hosts under `.invalid` (no DNS answer, RFC 2606).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from aggregator.store import Store
from stayready.cli import main
from tests.conftest import FIXTURES, REPO, write_config
from tests.test_run import Feeds

FAST = "fetch: {retries: 0, connect_timeout: 2, read_timeout: 2}\n"
REMOTIVE = FIXTURES / "boards" / "remotive" / "response.json"


@pytest.fixture
def host(loopback_server: HTTPServer) -> Iterator[Feeds]:
    feeds = Feeds(loopback_server)
    yield feeds
    loopback_server.clear()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def closed_port() -> int:
    """A loopback port nothing listens on: a connection there is refused at once."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def feed_lines(urls: dict[str, str]) -> str:
    return "feeds:\n" + "".join(f"  - {{name: {n}, url: '{u}'}}\n" for n, u in urls.items())


def states(project: Path) -> dict:
    return Store(project / "data").feed_states()


# --- 1. network down for every feed, then back ------------------------------------------------


def test_network_down_backs_no_feed_off_and_the_next_fetch_asks_every_feed(
    project: Path, capsys, monkeypatch
) -> None:
    port = closed_port()
    urls = {f"Feed {n}": f"http://127.0.0.1:{port}/{n}.rss" for n in range(3)}
    write_config(project, FAST + feed_lines(urls))
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    status, out, err = run(capsys, "fetch")
    assert status == 1
    # Said once, not once a feed, and not blamed on the feeds.
    assert err.count("the network is down") == 1 and "connection refused" in err
    assert "no feed was backed off" in err and "Feed 0" not in out
    assert not any(s.next_attempt or s.consecutive_failures for s in states(project).values())

    # Back online (the same addresses now answer): ten minutes later every feed is asked.
    server = HTTPServer(host="127.0.0.1", port=port, threaded=True)
    server.start()
    try:
        feeds = Feeds(server)
        for n in range(3):
            feeds.rss(f"/{n}.rss", [(f"{n}-1", "Nurse", "Mercy", "Austin")])
        monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:10:00Z")
        status, out, err = run(capsys, "fetch")
        assert status == 0, err
        assert sorted(r.path for r, _ in server.log) == ["/0.rss", "/1.rss", "/2.rss"]
        assert out.rstrip().endswith("3 new postings; 0 of 3 feeds failing")
    finally:
        server.stop()


def test_no_dns_for_any_feed_is_the_network_too(project: Path, capsys) -> None:
    urls = {"A": "http://jobs-a.invalid/a.rss", "B": "http://jobs-b.invalid/b.rss"}
    write_config(project, FAST + feed_lines(urls))
    status, _, err = run(capsys, "fetch")
    assert status == 1 and "the network is down" in err and "DNS" in err
    assert states(project) == {}  # nothing stored, nothing backed off
    # The nightly says the same, and commits nothing.
    status, out, err = run(capsys, "nightly", "--no-build")
    assert status == 1 and "the network is down" in err and "no data commit" in out


def test_one_feed_refused_among_working_ones_is_that_feeds_failure(
    project: Path, host: Feeds, capsys
) -> None:
    urls = {
        "Good": host.rss("/good.rss", [("1", "Nurse", "Mercy", "Austin")]),
        "Other": host.rss("/other.rss", [("2", "Cook", "Diner", "Austin")]),
        "Dead": f"http://127.0.0.1:{closed_port()}/dead.rss",
    }
    write_config(project, FAST + feed_lines(urls))
    status, out, err = run(capsys, "fetch")
    assert status == 0 and "network" not in err
    assert "Dead   failed: connection refused" in out
    assert states(project)["dead"].consecutive_failures == 1
    assert states(project)["dead"].next_attempt


def test_all_failing_for_different_reasons_is_not_the_network(
    project: Path, host: Feeds, capsys
) -> None:
    urls = {"Missing": host.server.url_for("/missing.rss"),
            "Dead": f"http://127.0.0.1:{closed_port()}/dead.rss"}  # fmt: skip
    write_config(project, FAST + feed_lines(urls))
    status, _, err = run(capsys, "fetch")
    assert status == 1 and "network is down" not in err
    assert "HTTP 404" in err and "connection refused" in err  # the real causes, as the hint
    assert all(s.next_attempt for s in states(project).values())


# --- 2. fetch --now and --force ----------------------------------------------------------------


def test_fetch_now_asks_feeds_in_backoff_and_force_the_polite_apis(
    project: Path, host: Feeds, capsys, monkeypatch
) -> None:
    host.bodies["/api.json"] = REMOTIVE.read_bytes()
    urls = {
        "Flaky": host.rss("/flaky.rss", [("1", "Nurse", "Mercy", "Austin")]),
        "Fine": host.rss("/fine.rss", [("2", "Cook", "Diner", "Austin")]),
    }
    api = host.server.url_for("/api.json")
    write_config(project, FAST + feed_lines(urls) + f"  - {{name: API, kind: remotive, "
                 f"url: '{api}'}}\n")  # fmt: skip
    host.status["/flaky.rss"] = 500
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    assert run(capsys, "fetch")[0] == 0
    host.status.clear()

    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:05:00Z")
    asked = len(host.server.log)
    status, out, _ = run(capsys, "fetch")
    paths = [r.path for r, _ in host.server.log[asked:]]
    assert status == 0 and paths == ["/fine.rss"] and "Flaky  skipped: failing" in out

    asked = len(host.server.log)
    status, out, _ = run(capsys, "fetch", "--now")
    paths = sorted(r.path for r, _ in host.server.log[asked:])
    assert status == 0 and paths == ["/fine.rss", "/flaky.rss"]  # the API's terms still hold
    assert "API    skipped: asked recently" in out and "`fetch --force` asks now" in out

    asked = len(host.server.log)
    assert run(capsys, "fetch", "--force")[0] == 0
    assert "/api.json" in [r.path for r, _ in host.server.log[asked:]]


# --- 3. a first feed list with bad addresses -----------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


@pytest.fixture
def git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.setenv(var, "t")
    for var in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
        monkeypatch.setenv(var, "t@example.org")


def test_a_first_list_with_bad_addresses_stores_and_commits_the_good_feeds(
    project: Path, host: Feeds, capsys, git_identity
) -> None:
    host.bodies["/careers"] = b"<!DOCTYPE html><html><body><h1>Careers</h1></body></html>"
    host.bodies["/remote-jobs"] = REMOTIVE.read_bytes()  # a JSON API without its kind
    urls = {
        "Nurses": host.rss("/nurses.rss", [("1", "Nurse", "Mercy", "Austin")]),
        "Cooks": host.rss("/cooks.rss", [("2", "Cook", "Diner", "Austin")]),
        "Careers page": host.server.url_for("/careers"),
        "Typo": host.server.url_for("/jobs.rsss"),
        "Remote API": host.server.url_for("/remote-jobs"),
    }
    # A Greenhouse board under a wrong name: the API answers 404.
    board = host.server.url_for("/v1/boards/acme-typo/jobs")
    write_config(project, FAST + feed_lines(urls) + f"  - {{name: Acme, kind: greenhouse, "
                 f"board: acme-typo, url: '{board}'}}\n")  # fmt: skip
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "stayready.yml")
    git(project, "commit", "-qm", "config")

    summary = project / "summary.md"
    status, out, err = run(capsys, "nightly", "--no-build", "--summary", str(summary))
    assert status == 1
    # The good feeds' postings are in the history, committed for the workflow to push.
    assert git(project, "log", "-1", "--format=%s").startswith("data: 2 new postings; 4 feeds")
    committed = git(project, "show", "--name-only", "--format=", "HEAD").split()
    assert "data/feeds.json" in committed and any(p.startswith("data/postings/") for p in committed)
    found = states(project)
    assert found["nurses"].ok and found["cooks"].ok and found["nurses"].live_ids
    # The hint names the real causes, not the network.
    assert "check your network" not in err and "network is down" not in err
    assert "HTML page" in err and "HTTP 404" in err and "set `kind: remotive`" in err
    assert "2 x HTTP 404" in err  # the typo and the wrong board name
    assert "Most feeds failed" in summary.read_text()
    # `status` shows the good feeds as fine, not "never run".
    status, out, _ = run(capsys, "status")
    nurses = next(line for line in out.splitlines() if line.startswith("Nurses"))
    assert " ok " in nurses


# --- 4. a JSON response of another kind ------------------------------------------------------


@pytest.mark.parametrize("kind", ["jobicy", "himalayas", "ashby", "workable"])
def test_a_remotive_response_under_another_kind_fails_naming_remotive(
    project: Path, host: Feeds, capsys, kind: str
) -> None:
    host.bodies["/api.json"] = REMOTIVE.read_bytes()
    good = host.rss("/good.rss", [("1", "Nurse", "Mercy", "Austin")])
    other = host.rss("/other.rss", [("2", "Cook", "Diner", "Austin")])
    write_config(project, FAST + feed_lines({"Good": good, "Other": other}) +
                 f"  - {{name: API, kind: {kind}, board: x, "
                 f"url: '{host.server.url_for('/api.json')}'}}\n")  # fmt: skip
    status, out, _ = run(capsys, "fetch")
    line = next(x for x in out.splitlines() if x.startswith("API"))
    assert status == 0 and "failed:" in line and "looks like remotive's" in line
    assert "set `kind: remotive`" in line
    assert states(project)["api"].ok is False


def test_a_mistyped_kind_is_refused_with_a_hint(project: Path, capsys) -> None:
    write_config(project, "feeds:\n  - {name: API, kind: remotve}\n")
    status, out, _ = run(capsys, "check")
    assert status == 1 and "unknown kind 'remotve'" in out and "did you mean 'remotive'" in out


# --- 5. OPML round trip -------------------------------------------------------------------


def test_export_then_import_opml_adds_nothing(project: Path, capsys) -> None:
    write_config(project, "feeds:\n"
                 "  - {name: Nurses, url: 'https://jobs.example/nurses.rss'}\n"
                 "  - {name: Acme, kind: greenhouse, board: acme}\n"
                 "  - {name: Remotive, kind: remotive}\n")  # fmt: skip
    status, opml, _ = run(capsys, "feeds", "export-opml")
    assert status == 0 and "boards-api.greenhouse.io/v1/boards/acme/jobs" in opml
    (project / "feeds.opml").write_text(opml)
    before = (project / "stayready.yml").read_text()
    status, out, _ = run(capsys, "feeds", "import-opml", "feeds.opml")
    assert status == 0 and out.rstrip().endswith("0 added, 3 skipped")
    assert (project / "stayready.yml").read_text() == before


# --- 6. times in site.timezone -------------------------------------------------------------


def test_fetch_shows_times_in_the_site_timezone_and_json_stays_utc(
    project: Path, host: Feeds, capsys, monkeypatch
) -> None:
    urls = {"Flaky": host.rss("/flaky.rss", [("1", "Nurse", "Mercy", "Austin")]),
            "Fine": host.rss("/fine.rss", [("2", "Cook", "Diner", "Austin")])}  # fmt: skip
    write_config(project, "site: {timezone: America/Chicago}\n" + FAST + feed_lines(urls))
    host.status["/flaky.rss"] = 500
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    assert run(capsys, "fetch")[0] == 0
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:10:00Z")
    _, out, _ = run(capsys, "fetch")
    # Backed off an hour: 07:00 UTC is 01:00 in Chicago, as `status` shows it.
    assert "next try after 2026-03-02 01:00 CST" in out and "T07:00:00Z" not in out
    _, out, _ = run(capsys, "status")
    assert "(next try 2026-03-02 01:00)" in out
    _, out, _ = run(capsys, "status", "--json")
    flaky = next(r for r in json.loads(out) if r["name"] == "Flaky")
    assert flaky["next_attempt"] == "2026-03-02T07:00:00Z"


# --- 7. an empty feed list ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "site: {title: Mine}\n", "feeds: []\n"])
def test_an_empty_feed_list_is_a_warning_with_what_to_do(project: Path, capsys, text) -> None:
    write_config(project, text)
    status, out, err = run(capsys, "fetch")
    assert status == 0 and "0 of 0" not in out
    assert "warning: no feeds in stayready.yml" in err and "import-opml" in err
    status, out, err = run(capsys, "check")
    assert status == 0 and "warning: no feeds" in err


# --- 8. contacts add -----------------------------------------------------------------------


def test_contacts_add_writes_a_contact_and_never_overwrites(project: Path, capsys) -> None:
    write_config(project, "notebook: {path: notebook}\n")
    status, out, _ = run(capsys, "contacts", "add", "José Núñez", "--org", "Acme", "--tier", "b")
    path = project / "notebook" / "contacts" / "jose-nunez.md"
    assert status == 0 and "notebook/contacts/jose-nunez.md" in out and "@jose-nunez" in out
    assert path.read_text() == "---\nid: jose-nunez\nname: José Núñez\norg: Acme\ntier: B\n---\n"
    path.write_text(path.read_text() + "Met at the meetup.\n")  # the person's own notes
    mine = path.read_text()
    status, _, err = run(capsys, "contacts", "add", "Jose Nunez")
    assert status == 1 and "exists already; nothing was written" in err and "--id" in err
    assert path.read_text() == mine
    assert run(capsys, "contacts", "add", "Jose Nunez", "--id", "jose-nunez-2")[0] == 0
    status, out, _ = run(capsys, "check")
    assert status == 0 and "ok: 2 contacts" in out
    assert run(capsys, "log", "call @jose-nunez 20m: caught up")[0] == 0


# --- 9. serve says "serving" only once it serves ----------------------------------------------


@pytest.mark.slow
def test_serve_on_a_busy_port_never_says_serving(tmp_path: Path) -> None:
    write_config(tmp_path, "site: {title: Served}\nnotebook: {path: notebook}\n")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "STAYREADY_NOW": "2026-03-02T06:00:00Z", "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "stayready", "serve", "--port", str(port)],
                              cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "serving" not in done.stdout
    assert f"cannot serve on 127.0.0.1:{port}" in done.stderr and "--port" in done.stderr


@pytest.mark.slow
def test_serve_says_serving_once_the_port_answers(tmp_path: Path) -> None:
    write_config(tmp_path, "site: {title: Served}\nnotebook: {path: notebook}\n")
    port = closed_port()
    env = {**os.environ, "STAYREADY_NOW": "2026-03-02T06:00:00Z", "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "stayready", "serve", "--port", str(port)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # blocks until the line is printed
        assert first.startswith(f"serving the private edition on http://127.0.0.1:{port}/")
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # already answering when it said so
    finally:
        proc.terminate()
        proc.wait(timeout=30)
