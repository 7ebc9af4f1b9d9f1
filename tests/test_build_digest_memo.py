"""The freshness digest's memo of history files: a digest from the memo equals a fresh one,
and any change to a history file changes the digest."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from foundation.config import load_config
from stayready.site import freshness
from tests.conftest import write_config

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def config(project: Path):
    write_config(project, "feeds: []\n")
    postings, events = project / "data" / "postings", project / "data" / "events"
    postings.mkdir(parents=True)
    events.mkdir()
    (postings / "2026-02.jsonl").write_text('{"id":"a"}\n{"id":"b"}\n', encoding="utf-8")
    (postings / "2026-03.jsonl").write_text('{"id":"c"}\n', encoding="utf-8")
    (events / "2026-03.jsonl").write_text('{"event":"gone","ids":["a"]}\n', encoding="utf-8")
    return load_config(project / "stayready.yml")


def fresh(config) -> str:
    (config.cache_dir / freshness.MEMO).unlink(missing_ok=True)
    return freshness.digest(config, NOW)


def test_a_digest_from_the_memo_equals_a_fresh_one(config, monkeypatch):
    first = fresh(config)
    assert (config.cache_dir / freshness.MEMO).is_file()
    read: list[Path] = []
    real = freshness._read

    def counted(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr(freshness, "_read", counted)
    assert freshness.digest(config, NOW) == first
    assert not [p for p in read if p.suffix == ".jsonl"]  # no month or events file read
    assert fresh(config) == first


def test_any_change_to_a_history_file_changes_the_digest(config):
    month = config.data_dir / "postings" / "2026-03.jsonl"
    before = fresh(config)
    with month.open("a", encoding="utf-8") as f:  # a night appends
        f.write('{"id":"d"}\n')
    after = freshness.digest(config, NOW)
    assert after != before and after == fresh(config)
    # The same size, another content, the same time: not the store's way, but a time
    # that moves on makes the memo read the file again.
    st = month.stat()
    month.write_text(month.read_text(encoding="utf-8").replace("d", "e"), encoding="utf-8")
    os.utime(month, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    changed = freshness.digest(config, NOW)
    assert changed not in (before, after) and changed == fresh(config)
    (config.data_dir / "events" / "2026-03.jsonl").unlink()
    gone = freshness.digest(config, NOW)
    assert gone != changed and gone == fresh(config)
