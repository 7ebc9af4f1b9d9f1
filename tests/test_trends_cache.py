"""The per-month cache: unchanged months come from it, changed ones are read again."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest

from aggregator.models import Posting
from aggregator.store import Batch, Store
from aggregator.trends import reader
from aggregator.trends.parallel import trends_from_store
from aggregator.trends.reader import iter_trend_rows
from aggregator.trends.synthetic import write_store

NOW = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


@pytest.fixture
def history(tmp_path):
    write_store(tmp_path / "data", 400, now=NOW, months=4, seed=5)
    return tmp_path / "data", tmp_path / ".cache"


@pytest.fixture
def parsed(monkeypatch):
    """The month files the reader had to parse (the rest came from the cache)."""
    calls: list[int] = []
    real = reader.parse_month_file

    def counting(buf, n, *rest):
        calls.append(n)
        return real(buf, n, *rest)

    monkeypatch.setattr(reader, "parse_month_file", counting)
    return calls


def test_second_read_comes_from_the_cache(history, parsed):
    data, cache = history
    first = list(iter_trend_rows(data, cache_dir=cache))
    months = len(list((data / "postings").glob("*.jsonl")))
    assert len(parsed) == months and len(list((cache / "trends").iterdir())) == months
    assert list(iter_trend_rows(data, cache_dir=cache)) == first
    assert len(parsed) == months  # nothing parsed the second time
    assert first == list(iter_trend_rows(data))  # and the same as no cache at all


def test_a_new_night_rereads_only_its_month(history, parsed):
    data, cache = history
    before = list(iter_trend_rows(data, cache_dir=cache))
    parsed.clear()
    p = Posting(id="new", feed_id="f", feed="F", url="https://x.example/", title="Nurse",
                company="Acme", first_seen="2026-03-01T06:00:00Z", description="d",
                requirements={"terms": ["BLS"]})  # fmt: skip
    store = Store(data)
    with store.lock():
        store.commit(Batch(month="2026-03", new=[p]))
    after = list(iter_trend_rows(data, cache_dir=cache))
    assert len(parsed) == 1 and after[-1].id == "new" and after[:-1] == before


def test_same_size_edit_is_caught_by_its_checksum(history, parsed):
    data, cache = history
    list(iter_trend_rows(data, cache_dir=cache))
    month = sorted((data / "postings").glob("*.jsonl"))[0]
    text = month.read_text()
    title = text.split('"title":"', 2)[1].split('"', 1)[0]
    other = "X" * len(title)
    month.write_text(text.replace(f'"title":"{title}"', f'"title":"{other}"', 1))
    parsed.clear()
    rows = list(iter_trend_rows(data, cache_dir=cache))
    assert len(parsed) == 1 and other in {r.title for r in rows}


def test_a_fresh_clone_keeps_the_cache(history, parsed):
    data, cache = history
    list(iter_trend_rows(data, cache_dir=cache))
    for f in (data / "postings").glob("*.jsonl"):  # new modification times, same bytes
        os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    parsed.clear()
    list(iter_trend_rows(data, cache_dir=cache))
    assert parsed == []


def test_report_is_the_same_cold_and_warm(history):
    data, cache = history
    cold = trends_from_store(data, now=NOW, cache_dir=cache).to_json()
    warm = trends_from_store(data, now=NOW, cache_dir=cache).to_json()
    assert cold == warm == trends_from_store(data, now=NOW).to_json()


def test_a_damaged_cache_entry_is_ignored(history):
    data, cache = history
    expected = list(iter_trend_rows(data, cache_dir=cache))
    for f in (cache / "trends").iterdir():
        f.write_bytes(b"not a pickle")
    assert list(iter_trend_rows(data, cache_dir=cache)) == expected
