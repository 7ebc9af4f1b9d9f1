"""Trends read from the store in parallel processes equal one pass over the postings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aggregator.store import Store
from aggregator.trends import compute_trends
from aggregator.trends import parallel as P
from aggregator.trends.synthetic import write_store

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    root = tmp_path_factory.mktemp("history")
    assert write_store(root, 1500, now=NOW, months=14, seed=3) == 1500
    return root


def test_parallel_equals_one_pass(history, monkeypatch):
    monkeypatch.setattr(P, "PARALLEL_FROM_BYTES", 0)
    assert len(P._split(*_snap(history), 3)) == 3
    serial = compute_trends(Store(history).iter_postings(), now=NOW, skills=["Python"])
    both = P.trends_from_store(history, now=NOW, skills=["Python"], workers=3)
    assert both.to_json() == serial.to_json()
    assert both.history["postings"] + both.history["duplicates"] == 1500
    one = P.trends_from_store(history, now=NOW, skills=["Python"], workers=1)
    assert one.to_json() == serial.to_json()


def test_small_history_stays_in_one_process(history):
    (only,) = P._split(*_snap(history), 2)
    assert len(only) > 2  # every month file in one part


def _snap(root):
    from aggregator.trends.reader import _opened

    with _opened(root) as snap:
        return snap, root


def test_a_warm_cache_runs_in_one_process(history, tmp_path, monkeypatch):
    monkeypatch.setattr(P, "PARALLEL_FROM_BYTES", 0)
    cache = tmp_path / "cache"
    cold = P.trends_from_store(history, now=NOW, workers=2, cache_dir=cache)
    snap, root = _snap(history)
    assert len(P._split(snap, root, 2, cache)) == 1
    assert (
        P.trends_from_store(history, now=NOW, workers=2, cache_dir=cache).to_json()
        == cold.to_json()
    )


def test_the_generator_never_writes_over_a_history(history):
    with pytest.raises(ValueError, match="already holds a history"):
        write_store(history, 10, now=NOW)
