"""The per-month cache: unchanged months come from it, changed ones are read again."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest

from aggregator.models import Posting
from aggregator.store import Batch, Store
from aggregator.trends import parallel, reader, report
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


def test_an_entry_of_another_cache_version_or_python_is_read_again(history, parsed,
                                                                   monkeypatch):  # fmt: skip
    from aggregator.trends import cache as month_cache

    data, cache = history
    first = list(iter_trend_rows(data, cache_dir=cache))
    parsed.clear()
    # the rows are kept with marshal, whose format belongs to the Python version
    monkeypatch.setattr(month_cache, "VERSION", month_cache.VERSION + "-other")
    assert list(iter_trend_rows(data, cache_dir=cache)) == first
    assert len(parsed) == len(list((data / "postings").glob("*.jsonl")))


def _a_new_night(data) -> None:  # type: ignore[no-untyped-def]
    """Commit one new posting into the March month file, as a night would."""
    p = Posting(id="new", feed_id="f", feed="F", url="https://x.example/", title="Nurse",
                company="Acme", first_seen="2026-03-01T06:00:00Z", description="d",
                requirements={"terms": ["BLS"]})  # fmt: skip
    store = Store(data)
    with store.lock():
        store.commit(Batch(month="2026-03", new=[p]))


def test_a_new_night_rereads_only_its_month(history, parsed):
    data, cache = history
    before = list(iter_trend_rows(data, cache_dir=cache))
    parsed.clear()
    _a_new_night(data)
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


# --- the whole-history counters (cache.HISTORY) -----------------------------------


def _no_rows(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the history was read")

    monkeypatch.setattr(parallel, "month_entries", refuse)
    monkeypatch.setattr(reader, "_events", refuse)


def test_the_same_day_with_nothing_committed_reads_no_file(history, monkeypatch):
    data, cache = history
    cold = trends_from_store(data, now=NOW, cache_dir=cache, skills=["Python"]).to_json()
    _no_rows(monkeypatch)
    later = NOW + timedelta(hours=5)
    warm = trends_from_store(data, now=later, cache_dir=cache, skills=["Python"]).to_json()
    assert warm["generated"] == "2026-03-02T11:00:00Z"
    assert {**warm, "generated": cold["generated"]} == cold


def test_parameters_apply_to_the_kept_counters(history, monkeypatch):
    data, cache = history
    trends_from_store(data, now=NOW, cache_dir=cache)
    expected = trends_from_store(data, now=NOW, skills=["SQL"], min_count=2, areas=["design"])
    _no_rows(monkeypatch)
    got = trends_from_store(data, now=NOW, cache_dir=cache, skills=["SQL"], min_count=2,
                            areas=["design"])  # fmt: skip
    assert got.to_json() == expected.to_json()


def test_a_commit_or_a_new_day_computes_again(history):
    data, cache = history
    trends_from_store(data, now=NOW, cache_dir=cache)
    tomorrow = NOW + timedelta(days=1)
    assert (trends_from_store(data, now=tomorrow, cache_dir=cache).to_json()
            == trends_from_store(data, now=tomorrow).to_json())  # fmt: skip
    store = Store(data)
    with store.lock():  # only an event: a posting leaves its feed
        store.commit(Batch(month="2026-03", events=[{
            "event": "gone", "at": "2026-03-02T06:00:00Z", "feed": "f",
            "last_seen": "2026-03-01T06:00:00Z",
            "ids": [r.id for r in iter_trend_rows(data)][:50]}]))  # fmt: skip
    assert (trends_from_store(data, now=tomorrow, cache_dir=cache).to_json()
            == trends_from_store(data, now=tomorrow).to_json())  # fmt: skip


def test_damaged_kept_counters_are_ignored(history):
    data, cache = history
    expected = trends_from_store(data, now=NOW).to_json()
    trends_from_store(data, now=NOW, cache_dir=cache)
    (cache / "trends" / "history.pickle").write_bytes(b"not a pickle")
    assert trends_from_store(data, now=NOW, cache_dir=cache).to_json() == expected


def test_new_code_counts_the_history_again(history, monkeypatch):
    """The kept whole-history counters belong to the code that counted them: after an
    upgrade, a rerun on the same day with nothing committed counts from the files."""
    from aggregator.trends import cache as kept

    data, cache = history
    trends_from_store(data, now=NOW, cache_dir=cache)
    monkeypatch.setattr(kept, "report_version", lambda: "other code")
    _no_rows(monkeypatch)
    with pytest.raises(AssertionError, match="the history was read"):
        trends_from_store(data, now=NOW, cache_dir=cache)


# --- the whole report (cache.REPORT), as a rebuild on the same day takes it ---------


def test_a_rebuild_takes_the_kept_report_with_the_time_of_now(history, monkeypatch):
    data, cache = history
    later = NOW + timedelta(hours=5)
    expected = trends_from_store(data, now=later, skills=["Python"]).to_json()
    cold = parallel.trends_json_from_store(data, now=NOW, cache_dir=cache, skills=["Python"])
    assert cold == {**expected, "generated": "2026-03-02T06:00:00Z"}
    _no_rows(monkeypatch)

    def refuse(*args, **kwargs):
        raise AssertionError("the report was built again")

    monkeypatch.setattr(report, "report_from", refuse)
    warm = parallel.trends_json_from_store(data, now=later, cache_dir=cache, skills=["Python"])
    assert warm == expected and warm["generated"] == "2026-03-02T11:00:00Z"


@pytest.mark.parametrize("change", [{"skills": ["SQL"]}, {"min_count": 2}, {"areas": ["design"]}])
def test_other_parameters_are_not_answered_from_the_kept_report(history, change):
    data, cache = history
    parallel.trends_json_from_store(data, now=NOW, cache_dir=cache)
    got = parallel.trends_json_from_store(data, now=NOW, cache_dir=cache, **change)
    assert got == trends_from_store(data, now=NOW, **change).to_json()


def test_a_commit_a_new_day_or_new_code_builds_the_report_again(history, monkeypatch):
    from aggregator.trends import cache as kept

    data, cache = history
    parallel.trends_json_from_store(data, now=NOW, cache_dir=cache)
    tomorrow = NOW + timedelta(days=1)
    assert (parallel.trends_json_from_store(data, now=tomorrow, cache_dir=cache)
            == trends_from_store(data, now=tomorrow).to_json())  # fmt: skip
    _a_new_night(data)
    fresh = trends_from_store(data, now=tomorrow).to_json()
    assert parallel.trends_json_from_store(data, now=tomorrow, cache_dir=cache) == fresh
    (cache / "trends" / "report.pickle").write_bytes(b"not a pickle")
    assert parallel.trends_json_from_store(data, now=tomorrow, cache_dir=cache) == fresh
    monkeypatch.setattr(kept, "report_version", lambda: "other code")
    monkeypatch.setattr(report, "report_from", lambda *a, **k: (_ for _ in ()).throw(
        AssertionError("built")))  # fmt: skip
    with pytest.raises(AssertionError, match="built"):  # new code: not the kept report
        parallel.trends_json_from_store(data, now=tomorrow, cache_dir=cache)


def test_a_grown_month_parses_only_its_new_lines(history, parsed):
    data, cache = history
    list(iter_trend_rows(data, cache_dir=cache))
    march = data / "postings" / "2026-03.jsonl"
    size = march.stat().st_size
    parsed.clear()
    _a_new_night(data)
    with open(march, "a", encoding="utf-8") as f:
        f.write("not json\n")  # a bad line after it: reported with its own line number
    lines = len(march.read_text().splitlines())
    problems: list[str] = []
    got = list(iter_trend_rows(data, problems, cache_dir=cache))
    assert parsed == [march.stat().st_size - size]  # only the appended bytes
    cold: list[str] = []
    assert got == list(iter_trend_rows(data, cold)) and got[-1].id == "new"
    assert problems == cold == [f"postings/2026-03.jsonl:{lines}: line does not parse; skipped"]


def test_a_month_rewritten_longer_is_parsed_whole(history, parsed):
    data, cache = history
    list(iter_trend_rows(data, cache_dir=cache))
    march = data / "postings" / "2026-03.jsonl"
    text = march.read_text()
    at = text.index('"title":"') + len('"title":"')
    other = "Q" if text[at] != "Q" else "R"
    edited = text[:at] + other + text[at + 1 :]  # an earlier line changed, lines as long
    march.write_text(edited + text.splitlines(True)[-1])
    parsed.clear()
    got = list(iter_trend_rows(data, cache_dir=cache))
    assert parsed == [march.stat().st_size]
    assert got == list(iter_trend_rows(data))
