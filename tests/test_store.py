"""The history store: round trips, events, bad lines kept and reported, crash safety, locks."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from aggregator.models import FeedState, Posting, Salary
from aggregator.store import DESCRIPTION_CAP, Batch, Store
from aggregator.store_files import PENDING, View
from foundation.errors import StoreError
from tests.conftest import FIXTURES, REPO

T1, T2, T3 = "2026-03-01T06:00:00Z", "2026-03-02T06:00:00Z", "2026-03-03T06:00:00Z"


def posting(pid: str, feed: str = "f", **kw) -> Posting:
    values = dict(
        url=f"https://jobs.example/{pid}", title=f"Job {pid}", company="Acme", first_seen=T1
    )
    values.update(kw)
    return Posting(id=pid, feed_id=feed, feed=feed.upper(), **values)


def state(feed: str, live: list[str], last_success: str = T1) -> FeedState:
    return FeedState(
        feed,
        feed.upper(),
        f"https://{feed}.example/rss",
        ok=True,
        last_attempt=last_success,
        last_success=last_success,
        live_ids=live,
    )


def first_night(store: Store) -> None:
    with store.lock():
        store.commit(
            Batch(
                month="2026-03",
                new=[
                    posting(
                        "p1",
                        salary=Salary(50000, 60000, "USD", "year"),
                        requirements={"terms": ["Python"]},
                        locations=["Austin", "Remote"],
                    ),
                    posting("p2", description="x" * (DESCRIPTION_CAP + 500)),
                ],
                feeds={"f": state("f", ["p1", "p2"])},
            )
        )


def test_round_trip_keeps_every_field_and_derives_last_seen(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    history = store.load()
    assert history.problems == []
    p1 = history.postings["p1"]
    assert p1.salary == Salary(50000, 60000, "USD", "year")
    assert p1.requirements == {"terms": ["Python"]}
    assert p1.locations == ["Austin", "Remote"]
    assert (p1.first_seen, p1.last_seen) == (T1, T1)
    assert len(history.postings["p2"].description) == DESCRIPTION_CAP
    # A later night that only revalidates moves last_seen without touching any month.
    month = (tmp_path / "data/postings/2026-03.jsonl").read_bytes()
    with store.lock():
        store.commit(Batch(month="2026-03", feeds={"f": state("f", ["p1", "p2"], T2)}))
    assert store.load().postings["p1"].last_seen == T2
    assert (tmp_path / "data/postings/2026-03.jsonl").read_bytes() == month
    assert [p.id for p in store.iter_postings()] == ["p1", "p2"]


def test_layout_is_versioned_line_oriented_and_self_describing(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    data = tmp_path / "data"
    lines = (data / "postings/2026-03.jsonl").read_text().splitlines()
    assert json.loads(lines[0]) == {"schema": "stayready.postings", "version": 1}
    assert [json.loads(x)["id"] for x in lines[1:]] == ["p1", "p2"]
    assert "last_seen" not in lines[1] and "closed" not in lines[1]  # derived, not stored
    assert json.loads((data / "feeds.json").read_text())["version"] == 1
    assert "postings/YYYY-MM.jsonl" in (data / "README.md").read_text()
    assert ".lock" in (data / ".gitignore").read_text().split()
    # The README is written once: a person's edits stay.
    (data / "README.md").write_text("mine\n")
    with store.lock():
        store.commit(Batch(month="2026-04", new=[posting("p3", first_seen=T3)]))
    assert (data / "README.md").read_text() == "mine\n"
    assert (data / "postings/2026-04.jsonl").read_text().startswith('{"schema"')


def test_events_apply_in_order(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    with store.lock():
        store.commit(
            Batch(
                month="2026-03",
                events=[
                    {
                        "event": "updated",
                        "at": T2,
                        "id": "p1",
                        "changes": {"title": "Senior Job", "salary": None},
                    },
                    {"event": "closed", "at": T2, "feed": "f", "last_seen": T1, "ids": ["p2"]},
                ],
                feeds={"f": state("f", ["p1"], T2)},
            )
        )
    postings = store.load().postings
    assert postings["p1"].title == "Senior Job" and postings["p1"].salary is None
    assert (postings["p2"].last_seen, postings["p2"].closed) == (T1, T2)
    with store.lock():
        store.commit(
            Batch(
                month="2026-03",
                events=[
                    {"event": "back", "at": T3, "feed": "f", "ids": ["p2"]},
                ],
                feeds={"f": state("f", ["p1", "p2"], T3)},
            )
        )
    p2 = store.load().postings["p2"]
    assert (p2.last_seen, p2.closed) == (T3, None)


def test_handmade_history_with_bad_lines_loads_and_reports_them(tmp_path: Path) -> None:
    case = FIXTURES / "store" / "handmade"
    data = tmp_path / "data"
    shutil.copytree(case, data, ignore=shutil.ignore_patterns("expected.json"))
    expected = json.loads((case / "expected.json").read_text())
    history = Store(data).load()
    got = {
        pid: {k: getattr(p, k) for k in ("title", "first_seen", "last_seen", "closed")}
        for pid, p in history.postings.items()
    }
    assert got == expected["postings"]
    where = [f"{Path(e.file).relative_to(data)}:{e.line}" for e in history.problems]
    assert sorted(where) == sorted(expected["problems"])
    assert all("kept in the file" in str(e) for e in history.problems)
    assert history.postings["c1"].salary.max == 80000


def test_a_bad_line_is_never_dropped_by_later_writes(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    month = tmp_path / "data/postings/2026-03.jsonl"
    with open(month, "a") as f:  # a hand edit, and a torn last line without newline
        f.write('{"id": "p9", oops}\n{"id":"p8","feed_id":"f","tit')
    assert [e.line for e in store.load().problems] == [4, 5]
    with store.lock():
        store.commit(Batch(month="2026-03", new=[posting("p3", first_seen=T2)]))
    text = month.read_text()
    assert '{"id": "p9", oops}\n{"id":"p8","feed_id":"f","tit\n{"id":"p3"' in text
    history = store.load()
    assert set(history.postings) == {"p1", "p2", "p3"}
    assert [e.line for e in history.problems] == [4, 5]


def test_unloadable_store_is_an_error_with_file_and_line(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    feeds = tmp_path / "data/feeds.json"
    feeds.write_text(feeds.read_text().replace('"feeds": [', '"feeds": [,', 1))
    with pytest.raises(StoreError) as info:
        store.load()
    assert info.value.file == str(feeds) and info.value.line == 4
    assert "git checkout" in str(info.value)
    feeds.write_text('{"schema": "stayready.feeds", "version": 99, "feeds": []}')
    with pytest.raises(StoreError, match="newer Stay Ready"):
        store.load()


def test_an_empty_folder_is_an_empty_history(tmp_path: Path) -> None:
    history = Store(tmp_path / "nothing-yet").load()
    assert (history.postings, history.feeds, history.problems) == ({}, {}, [])
    assert not (tmp_path / "nothing-yet").exists()  # reading never creates anything


def test_interrupted_commit_reads_as_committed_and_is_finished_by_the_next_writer(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    data = tmp_path / "data"
    before = store.load()
    # Stop a commit after its redo record: simulate the kill by keeping a copy of the
    # record, letting the commit finish, then undoing half of what it did.
    with store.lock():
        store.commit(
            Batch(
                month="2026-03",
                new=[posting("p3", first_seen=T2)],
                feeds={"f": state("f", ["p1", "p2", "p3"], T2)},
            )
        )
    after = {p: (v.last_seen, v.title) for p, v in store.load().postings.items()}
    month = data / "postings/2026-03.jsonl"
    full = month.read_bytes()
    record = {
        "appends": [
            {
                "file": "postings/2026-03.jsonl",
                "offset": len(full) - 150,
                "text": full[-150:].decode(),
            }
        ],
        "renames": ["feeds.json"],
    }
    (data / "feeds.json.new").write_bytes((data / "feeds.json").read_bytes())
    (data / PENDING).write_text(json.dumps(record))
    month.write_bytes(full[:-90])  # half-appended: a torn line at the end
    assert len(before.postings) == 2
    reread = {p: (v.last_seen, v.title) for p, v in store.load().postings.items()}
    assert reread == after and store.problems == []  # readers replay in memory
    with store.lock():
        pass
    assert month.read_bytes() == full and not (data / PENDING).exists()
    assert not (data / "feeds.json.new").exists()


def test_a_replay_cuts_whatever_lies_past_its_offset(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    data = tmp_path / "data"
    with store.lock():
        store.commit(Batch(month="2026-03", new=[posting("p3", first_seen=T2)]))
    month = data / "postings/2026-03.jsonl"
    full = month.read_bytes()
    record = {
        "appends": [
            {"file": "postings/2026-03.jsonl", "offset": len(full) - 150,
             "text": full[-150:].decode()}
        ],
        "renames": [],
    }  # fmt: skip
    (data / PENDING).write_text(json.dumps(record))
    month.write_bytes(full + b'{"id": "half-written by a killed repl')  # longer than the record
    with store.lock():
        pass
    assert month.read_bytes() == full and not (data / PENDING).exists()


def test_the_lock_names_its_holder_and_nothing_older(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / ".lock").write_text("pid 1 since 2001-01-01T00:00:00Z\n" + "left by a longer line " * 9)
    store = Store(data)
    with store.lock():
        holder = (data / ".lock").read_text()
        commit_holder = (data / ".commit.lock").read_text()
    assert holder.startswith(f"pid {os.getpid()} since ") and holder.count("\n") == 1
    assert holder.endswith("Z\n") and len(holder) < 60
    assert commit_holder.startswith(f"pid {os.getpid()} since ")


def test_uncommitted_leftovers_are_dropped(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    first_night(store)
    data = tmp_path / "data"
    (data / "feeds.json.new").write_text("half")  # killed before its redo record
    (data / "index.jsonl.tmp").write_text("half")
    assert set(store.load().postings) == {"p1", "p2"}
    with store.lock():
        pass
    assert not (data / "feeds.json.new").exists() and not (data / "index.jsonl.tmp").exists()


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from aggregator.models import FeedState, Posting
    from aggregator.store import Batch, Store
    store = Store(Path(sys.argv[1]))
    with store.lock():
        for night in range(1000):
            new = [Posting(id=f"n{night}-{i}", feed_id="f", feed="F", url="https://x/",
                           title="t", company="c", first_seen="2026-03-01T06:00:00Z",
                           description=str(night) * 3000) for i in range(100)]
            ids = [p.id for p in new]
            print(night, flush=True)
            store.commit(Batch(month="2026-03", new=new, feeds={"f": FeedState(
                "f", "F", "https://x/", ok=True, last_success="2026-03-01T06:00:00Z",
                live_ids=ids)}, events=[{"event": "gone", "at": "2026-03-01T06:00:00Z",
                "feed": "f", "last_seen": "2026-03-01T06:00:00Z", "ids": ids}]))
""")


@pytest.mark.parametrize("moment", ["serializing", "feeds.json.new", PENDING])
def test_a_writer_killed_mid_commit_leaves_a_loadable_store(tmp_path: Path, moment: str) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data)], stdout=subprocess.PIPE, env=env, text=True
    )
    for _ in range(3):
        child.stdout.readline()  # the child is starting its third commit now
    if moment != "serializing":
        # SIGKILL the moment the commit's file shows up: mid-write, by construction.
        while not (data / moment).exists():
            assert child.poll() is None, "the writer finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    store = Store(data)
    history = store.load()
    assert history.problems == []
    # All or nothing: every commit wrote 100 postings and listed exactly those as live.
    assert len(history.postings) % 100 == 0 and len(history.postings) >= 200
    live = history.feeds["f"].live_ids
    assert live and all(history.postings[pid].last_seen for pid in live)
    with store.lock():
        store.commit(Batch(month="2026-03", new=[posting("after")]))
    again = store.load()
    assert again.problems == [] and len(again.postings) == len(history.postings) + 1
    assert not (data / PENDING).exists()


HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from aggregator.store import Store
    with Store(Path(sys.argv[1])).lock():
        print("locked", flush=True)
        time.sleep(600)
""")


def test_a_second_writer_gets_a_clear_error_and_a_killed_one_leaves_no_lock(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data)], stdout=subprocess.PIPE, env=env, text=True
    )
    try:
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError) as info:
            with Store(data).lock():
                pass
        assert "another stayready run" in str(info.value) and f"pid {child.pid}" in str(info.value)
        assert Store(data).load().postings == {}  # reading is not blocked by a running fetch
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with Store(data).lock():
        pass


def test_view_lists_files_a_pending_record_creates(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / PENDING).write_text(
        json.dumps(
            {
                "appends": [{"file": "postings/2026-05.jsonl", "offset": 0, "text": "{}\n"}],
                "renames": [],
            }
        )
    )
    view = View(data)
    assert view.listing("postings", ".jsonl") == ["postings/2026-05.jsonl"]
    assert view.read_bytes("postings/2026-05.jsonl") == b"{}\n"
