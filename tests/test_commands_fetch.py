"""The market-watch commands end to end: fetch, status, export and feeds, on loopback feeds."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from stayready.cli import main
from tests.conftest import FIXTURES, REPO, write_config
from tests.test_run import Feeds
from tests.test_store import HOLDER

ISSUE_FIELDS = {
    "id",
    "feed",
    "feed_id",
    "url",
    "title",
    "company",
    "location",
    "locations",
    "area",
    "published",
    "first_seen",
    "last_seen",
    "description",
    "duplicate_of",
    "requirements",
}


@pytest.fixture
def host(loopback_server):  # type: ignore[no-untyped-def]
    feeds = Feeds(loopback_server)
    yield feeds
    loopback_server.clear()


def setup(project: Path, feeds: Feeds, count: int = 1) -> None:
    lines = ["fetch: {retries: 0, connect_timeout: 2, read_timeout: 2}", "feeds:"]
    for n in range(count):
        url = feeds.rss(
            f"/{n}.rss",
            [
                (f"{n}-1", "Staff Nurse", "Mercy", "Austin, TX"),
                (f"{n}-2", "Welder", "Steel & Co", "Gary, IN"),
            ],
        )
        lines += [f"  - name: Feed {n}", f"    url: {url}", "    area: Texas"]
    write_config(project, "\n".join(lines) + "\n")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_fetch_twice_then_status_and_export(project, host, capsys, monkeypatch) -> None:
    setup(project, host)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-01T06:00:00Z")
    status, out, err = run(capsys, "fetch")
    assert status == 0 and err == ""  # no progress display when stderr is not a terminal
    assert "Feed 0  new 2, updated 0, unchanged 0" in out
    assert out.rstrip().endswith("2 new postings; 0 of 1 feeds failing")
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    status, out, _ = run(capsys, "fetch", "--quiet")
    assert status == 0 and "new 0, updated 0, unchanged 2 (not modified)" in out

    status, out, _ = run(capsys, "export", "postings")
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(records) == 2
    assert all(ISSUE_FIELDS <= r.keys() for r in records)
    welder = next(r for r in records if r["title"] == "Welder")
    assert (welder["company"], welder["location"], welder["area"]) == (
        "Steel & Co",
        "Gary, IN",
        "Texas",
    )
    assert (welder["first_seen"], welder["last_seen"]) == (
        "2026-03-01T06:00:00Z",
        "2026-03-02T06:00:00Z",
    )
    assert welder["feed"] == "Feed 0" and welder["feed_id"] == "feed-0"
    assert "Python" in welder["requirements"]["terms"]

    status, out, _ = run(capsys, "status", "--json")
    [record] = json.loads(out)
    assert status == 0
    assert {"name": "Feed 0", "ok": True, "error": None}.items() <= record.items()
    assert "live_ids" not in record and record["live_postings"] == 2
    assert record["last_success"] == "2026-03-02T06:00:00Z" and record["http_status"] == 304
    status, out, _ = run(capsys, "status")
    assert status == 0 and "Feed 0" in out and "ok" in out and "2026-03-02 06:00" in out


def test_failures_are_reported_and_too_many_exit_non_zero(project, host, capsys, monkeypatch):
    setup(project, host, count=3)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-01T06:00:00Z")
    assert run(capsys, "fetch")[0] == 0
    host.status["/1.rss"] = 500
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    status, out, _ = run(capsys, "fetch")
    assert status == 0 and "Feed 1  failed: HTTP 500" in out
    status, out, _ = run(capsys, "status", "--json")
    failing = next(r for r in json.loads(out) if r["name"] == "Feed 1")
    assert failing["ok"] is False and failing["error"].startswith("HTTP 500")
    assert failing["consecutive_failures"] == 1 and failing["next_attempt"]

    before = {p: p.read_bytes() for p in (project / "data").rglob("*.jsonl")}
    host.status["/0.rss"] = host.status["/2.rss"] = 503
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-03T06:00:00Z")
    status, out, err = run(capsys, "fetch", "--feed", "feed-0", "--feed", "feed-2")
    assert status == 1 and "2 of 2 feeds failed\n" in err and "2 x HTTP 503" in err
    assert {p: p.read_bytes() for p in (project / "data").rglob("*.jsonl")} == before


def test_a_corrupted_line_is_reported_and_kept(project, host, capsys, monkeypatch) -> None:
    setup(project, host)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-01T06:00:00Z")
    run(capsys, "fetch")
    month = project / "data" / "postings" / "2026-03.jsonl"
    lines = month.read_text().splitlines(keepends=True)
    lines[1] = lines[1][:40] + "\n"  # a bad hand edit of the first posting
    month.write_text("".join(lines))
    status, out, err = run(capsys, "export", "postings")
    assert status == 0 and len(out.splitlines()) == 1
    assert f"{month}:2: line does not parse" in err
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    assert run(capsys, "fetch")[0] == 0
    assert month.read_text().startswith("".join(lines))  # still there for the next commit


def test_unknown_feed_id_is_a_usage_error(project, host, capsys) -> None:
    setup(project, host)
    status, _, err = run(capsys, "fetch", "--feed", "nope")
    assert status == 2 and "no feed with id 'nope'" in err and "feed-0" in err


def test_feeds_import_and_export_opml(project, capsys) -> None:
    write_config(project, "# mine\nfeeds:\n  - name: A  # first\n    url: https://a.example/rss\n")
    status, out, _ = run(capsys, "feeds", "import-opml", str(FIXTURES / "opml/reader-export.opml"))
    assert status == 0 and out.rstrip().endswith("4 added, 0 skipped")
    assert (
        (project / "stayready.yml").read_text().startswith("# mine\nfeeds:\n  - name: A  # first\n")
    )
    status, out, _ = run(capsys, "feeds", "export-opml")
    assert (
        status == 0 and out.count("<outline ") == 5 and "Nursing &amp; Health &lt;Austin&gt;" in out
    )

    before = (project / "stayready.yml").read_text()
    status, _, err = run(capsys, "feeds", "import-opml", str(FIXTURES / "opml/broken.opml"))
    assert status == 1 and "broken.opml:7: not a valid OPML file" in err
    assert (project / "stayready.yml").read_text() == before


@pytest.mark.parametrize("command", [["fetch"], ["status"], ["export", "postings"]])
def test_invalid_config_touches_no_data(project, capsys, command) -> None:
    write_config(project, "feeds:\n  - name: A\n    url: nope\n")
    status, _, err = run(capsys, *command)
    assert status == 1 and "stayready.yml:3: feeds[0].url: not an http(s) URL" in err
    assert not (project / "data").exists()


def _stayready(project: Path, *argv: str, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "STAYREADY_NOW": "2026-03-01T06:00:00Z"}
    return subprocess.Popen([sys.executable, "-m", "stayready", *argv], cwd=project, env=env, **kw)


def test_progress_is_shown_on_a_terminal_only(project, host) -> None:
    setup(project, host, count=2)
    leader, follower = pty.openpty()
    child = _stayready(project, "fetch", stdout=subprocess.PIPE, stderr=follower)
    out, _ = child.communicate(timeout=60)
    os.close(follower)
    shown = _drain(leader)
    assert child.returncode == 0
    assert "[1/2] fetched: Feed" in shown and "[2/2] fetched: Feed" in shown
    assert "\r\x1b[K" in shown and "[1/2]" not in out.decode()
    leader, follower = pty.openpty()
    child = _stayready(project, "fetch", "--quiet", stdout=subprocess.PIPE, stderr=follower)
    child.communicate(timeout=60)
    os.close(follower)
    assert child.returncode == 0 and "[1/2]" not in _drain(leader)


def _drain(fd: int) -> str:
    import select

    text = ""
    while select.select([fd], [], [], 0)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        text += chunk.decode()
    os.close(fd)
    return text


def test_a_second_fetch_while_one_runs_fails_clearly(project, host, capsys) -> None:
    setup(project, host)
    hold = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project / "data")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert hold.stdout.readline().strip() == "locked"
        status, out, err = run(capsys, "fetch")
        assert status == 1 and out == ""
        assert (
            f"data/.lock: another stayready run is writing the job history (pid {hold.pid}" in err
        )
    finally:
        hold.kill()
        hold.wait()
    assert run(capsys, "fetch")[0] == 0  # the killed holder left no stuck lock


def test_a_store_that_does_not_load_stops_the_run_before_any_request(
    project, host, capsys, monkeypatch
) -> None:
    setup(project, host)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-01T06:00:00Z")
    run(capsys, "fetch")
    feeds_json = project / "data" / "feeds.json"
    feeds_json.write_text(feeds_json.read_text().replace('"ok": true', '"ok": tru', 1))
    before = _history_bytes(project)
    asked = len(host.server.log)
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-02T06:00:00Z")
    status, out, err = run(capsys, "fetch")
    assert status == 1 and out == ""
    assert f"{feeds_json}:9: the feed states do not load" in err and "git checkout" in err
    assert len(host.server.log) == asked
    assert _history_bytes(project) == before


def _history_bytes(project) -> dict:
    """Every history file's bytes; the lock files (git-ignored, naming the run that holds
    them and when) are not history."""
    return {
        p: p.read_bytes()
        for p in (project / "data").rglob("*")
        if p.is_file() and not p.name.endswith(".lock")
    }


def test_fetch_collects_no_garbage_until_its_requests_are_out(project, host, capsys, monkeypatch):
    # Start-up (imports, config, the store's state) runs without the cyclic collector; from
    # the wait for the answers on it runs again; the caller gets it back as it was.
    import gc

    from aggregator.store import Store

    setup(project, host, count=2)
    seen: dict[str, bool] = {}
    for name in ("feed_states", "commit"):
        real = getattr(Store, name)

        def spy(self, *a, _name=name, _real=real, **kw):  # type: ignore[no-untyped-def]
            seen[_name] = gc.isenabled()
            return _real(self, *a, **kw)

        monkeypatch.setattr(Store, name, spy)
    assert gc.isenabled()
    status, out, _ = run(capsys, "fetch", "--quiet")
    assert status == 0 and "4 new postings" in out
    assert seen == {"feed_states": False, "commit": True}
    assert gc.isenabled() and gc.get_freeze_count() == 0

    gc.disable()  # a caller that turned it off keeps it off
    try:
        assert run(capsys, "fetch", "--quiet")[0] == 0
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
