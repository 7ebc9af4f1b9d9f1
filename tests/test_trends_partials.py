"""Counters kept per month (aggregator/trends/partials.py): after each kind of night, the
report from kept counters is the report counted from nothing, and only the months the
night touched were counted again."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from aggregator.models import FeedState, Posting
from aggregator.store import Batch, Store
from aggregator.trends import partials
from aggregator.trends.parallel import trends_json_from_store
from foundation.clock import iso

START = date(2025, 12, 1)
NOW = datetime(2026, 3, 20, 6, 0, tzinfo=UTC)
COMPANIES = ["Acme", "Globex", "Initech", "Hooli"]
TITLES = ["Data Engineer", "Nurse", "Math Teacher"]
TERMS = [["Python", "SQL"], ["BLS", "RN"], ["ESL"]]


class History:
    """A store filled night by night, as the nightly run fills it: new postings (live on
    feed f), then gone, closed, back and updated events, and feeds.json's live ids."""

    def __init__(self, root: Path) -> None:
        self.store = Store(root)
        self.live: set[str] = set()
        self.n = 0

    def posting(self, at: datetime, k: int, published: str | None = None) -> Posting:
        self.n += 1
        return Posting(
            id=f"p{self.n:05d}", feed_id="f", feed="F", url=f"https://jobs.example/{self.n}",
            title=TITLES[k % 3], company=COMPANIES[k % 4], location="Austin, TX",
            area="Austin", first_seen=iso(at), published=published or iso(at),
            description="Python, SQL, BLS, RN and ESL.",
            requirements={"terms": TERMS[k % 3],
                          "salary": {"min": 50000 + 1000 * (k % 7), "max": 90000,
                                     "currency": "USD", "period": "year"} if k % 2 else None},
        )  # fmt: skip

    def night(self, at: datetime, *, new: int = 0, gone: list[str] = (),
              closed: list[str] = (), back: list[str] = (), updated: dict | None = None,
              published: str | None = None) -> list[str]:  # fmt: skip
        stamp = iso(at)
        postings = [self.posting(at, self.n + i, published) for i in range(new)]
        events = []
        for kind, ids in (("gone", gone), ("closed", closed), ("back", back)):
            if ids:
                events.append({"event": kind, "at": stamp, "feed": "f",
                               "last_seen": stamp, "ids": sorted(ids)})  # fmt: skip
        for pid, changes in (updated or {}).items():
            events.append({"event": "updated", "at": stamp, "feed": "f", "id": pid,
                           "changes": changes})  # fmt: skip
        self.live = (self.live | {p.id for p in postings} | set(back)) - set(gone) - set(closed)
        feeds = {"f": FeedState("f", "F", "https://jobs.example/f", ok=True,
                                last_attempt=stamp, last_success=stamp,
                                live_ids=sorted(self.live))}  # fmt: skip
        with self.store.lock():
            self.store.commit(Batch(month=stamp[:7], new=postings, events=events, feeds=feeds))
        return [p.id for p in postings]


@pytest.fixture
def history(tmp_path: Path) -> tuple[History, Path, Path]:
    """Four months: the postings of the first three all gone, some of March's live."""
    h = History(tmp_path / "data")
    day = START
    while day < NOW.date():
        at = datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC)
        h.night(at, new=3)
        # postings leave their feed after a few days; one in three closes instead
        old = sorted(h.live)[:-6]
        h.night(at + timedelta(hours=1), gone=old[1:], closed=old[:1])
        day += timedelta(days=3)
    return h, tmp_path / "data", tmp_path / ".cache"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The month files counted again (the others came from kept counters)."""
    months: list[str] = []
    real = partials._count_part

    def spy(snap, rel, *args, **kwargs):  # type: ignore[no-untyped-def]
        months.append(rel)
        return real(snap, rel, *args, **kwargs)

    monkeypatch.setattr(partials, "_count_part", spy)
    return months


def _kept(data: Path, cache: Path, now: datetime = NOW) -> dict:
    return trends_json_from_store(data, now=now, cache_dir=cache, skills=["Python"])


def _cold(data: Path, now: datetime = NOW) -> dict:
    return trends_json_from_store(data, now=now, skills=["Python"])


def _same(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _first_id(data: Path, month: str) -> str:
    lines = (data / "postings" / f"{month}.jsonl").read_text().splitlines()
    return json.loads(lines[1])["id"]  # after the header line


def _months(data: Path) -> list[str]:
    return sorted(f"postings/{p.name}" for p in (data / "postings").glob("*.jsonl"))


def test_the_history_has_a_prefix_and_live_postings(history, counted):
    h, data, cache = history
    assert len(_months(data)) == 4 and h.live
    assert _same(_kept(data, cache), _cold(data))
    manifest = partials._load(cache / "trends" / "months" / "manifest.pickle")
    # the months before the first live posting are merged into one kept prefix
    assert manifest["prefix"] and manifest["prefix"] == _months(data)[: len(manifest["prefix"])]
    assert _months(data)[-1] not in manifest["prefix"]


NIGHT = NOW + timedelta(hours=20)


@pytest.mark.parametrize("kind", ["new posting", "gone", "closed", "updated live",
                                  "nothing new"])  # fmt: skip
def test_a_night_about_live_postings_counts_only_their_months(history, counted, kind):
    h, data, cache = history
    _kept(data, cache)  # the first count keeps the months
    live = sorted(h.live)
    if kind == "new posting":
        h.night(NIGHT, new=2)
    elif kind == "gone":
        h.night(NIGHT, gone=live[:2])
    elif kind == "closed":
        h.night(NIGHT, closed=live[:1])
    elif kind == "updated live":
        h.night(NIGHT, updated={live[0]: {"title": "Night Nurse", "company": "Umbrella"}})
    else:
        h.night(NIGHT)
    counted.clear()
    got = _kept(data, cache)
    assert _same(got, _cold(data)), kind
    manifest = partials._load(cache / "trends" / "months" / "manifest.pickle")
    assert set(counted) <= set(_months(data)) - set(manifest["prefix"])
    assert counted == [_months(data)[-1]] or (kind == "nothing new" and counted == [])


@pytest.mark.parametrize("kind", ["back", "updated old", "closed old"])
def test_a_night_about_an_old_posting_counts_its_months_again(history, counted, kind):
    h, data, cache = history
    _kept(data, cache)
    old = _first_id(data, "2025-12")  # long gone
    if kind == "back":
        h.night(NIGHT, back=[old])
    elif kind == "updated old":
        h.night(NIGHT, updated={old: {"requirements": {"terms": ["Rust"]}}})
    else:
        h.night(NIGHT, closed=[old])
    counted.clear()
    assert _same(_kept(data, cache), _cold(data)), kind
    assert "postings/2025-12.jsonl" in counted  # the prefix holding it was counted again
    # and the next night is cheap again
    h.night(NIGHT + timedelta(hours=1), new=1)
    counted.clear()
    assert _same(_kept(data, cache), _cold(data))
    assert counted == [_months(data)[-1]]


def test_a_live_posting_seen_into_a_new_month_and_a_new_month(history, counted):
    h, data, cache = history
    _kept(data, cache)
    april = datetime(2026, 4, 2, 6, 0, tzinfo=UTC)
    h.night(april, new=1)  # live postings' last seen moves to April, a new month file
    counted.clear()
    assert _same(_kept(data, cache, april), _cold(data, april))
    assert counted  # another month: every window moved, all counted again
    h.night(april + timedelta(days=1), new=1)
    counted.clear()
    later = april + timedelta(days=1)
    assert _same(_kept(data, cache, later), _cold(data, later))
    assert counted == ["postings/2026-04.jsonl"]


def test_a_date_after_yesterday_is_read_again_on_a_new_day(history, counted):
    h, data, cache = history
    # published tomorrow: today it is not plausible (later than now), tomorrow it is
    h.night(NOW - timedelta(hours=1), new=1, published=iso(NOW + timedelta(days=1)))
    _kept(data, cache)
    tomorrow = NOW + timedelta(days=1, hours=1)
    counted.clear()
    assert _same(_kept(data, cache, tomorrow), _cold(data, tomorrow))
    assert "postings/2026-03.jsonl" in counted
    # a new day with no date beyond the day before keeps every month
    counted.clear()
    after = tomorrow + timedelta(days=1)
    assert _same(_kept(data, cache, after), _cold(data, after))
    assert counted == []


def test_a_rewritten_events_file_counts_everything_again(history, counted):
    h, data, cache = history
    _kept(data, cache)
    events = data / "events" / "2026-03.jsonl"
    lines = events.read_text().splitlines(keepends=True)
    gone = next(i for i, line in enumerate(lines) if '"gone"' in line)
    events.write_text("".join(lines[:gone] + lines[gone + 1 :]))  # not an append
    counted.clear()
    assert _same(_kept(data, cache), _cold(data))
    assert "postings/2025-12.jsonl" in counted


def test_an_id_in_two_months_is_counted_once_as_in_one_pass(history, counted):
    h, data, cache = history
    _kept(data, cache)
    first = (data / "postings" / "2025-12.jsonl").read_text().splitlines(keepends=True)[1]
    with open(data / "postings" / "2026-03.jsonl", "a", encoding="utf-8") as f:
        f.write(first.replace("Austin, TX", "Boston, MA"))  # a damaged store
    assert _same(_kept(data, cache), _cold(data))


def test_damaged_kept_counters_are_counted_again(history, counted):
    h, data, cache = history
    _kept(data, cache)
    h.night(NIGHT, new=1)
    for f in (cache / "trends" / "months").iterdir():
        f.write_bytes(b"not a pickle")
    assert _same(_kept(data, cache), _cold(data))


def test_a_posting_live_again_or_no_longer_without_an_event(history, counted):
    h, data, cache = history
    _kept(data, cache)
    february = _first_id(data, "2026-02")  # long gone
    h.live.add(february)  # listed again without a "back" event (a hand-edited state)
    h.night(NIGHT)
    counted.clear()
    assert _same(_kept(data, cache), _cold(data))
    assert "postings/2026-02.jsonl" in counted
    h.live.discard(february)  # and off the list again, still without an event
    h.night(NIGHT + timedelta(hours=1))
    counted.clear()
    assert _same(_kept(data, cache), _cold(data))
    assert "postings/2026-02.jsonl" in counted


def test_a_night_replayed_before_the_first_month(history, counted):
    h, data, cache = history
    _kept(data, cache)
    h.night(datetime(2025, 11, 20, 6, 0, tzinfo=UTC), new=2)  # a clock set back
    counted.clear()
    assert _months(data)[0] == "postings/2025-11.jsonl"
    assert _same(_kept(data, cache), _cold(data))
    assert "postings/2025-11.jsonl" in counted and "postings/2025-12.jsonl" in counted


def test_a_first_count_in_workers_keeps_each_month(history, counted, monkeypatch):
    from aggregator.trends import parallel

    h, data, cache = history
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)  # as a year of history is
    first = trends_json_from_store(data, now=NOW, cache_dir=cache, skills=["Python"],
                                   workers=2, keep_months=True)  # fmt: skip
    assert _same(first, _cold(data))
    manifest = partials._load(cache / "trends" / "months" / "manifest.pickle")
    assert manifest["prefix"] == [] and manifest["months"] == set(_months(data))
    h.night(NIGHT, new=2, gone=sorted(h.live)[:1])
    counted.clear()
    assert _same(_kept(data, cache), _cold(data))
    assert counted == [_months(data)[-1]]  # the others were kept by the workers
    manifest = partials._load(cache / "trends" / "months" / "manifest.pickle")
    assert manifest["prefix"] == _months(data)[: len(manifest["prefix"])] != []
    h.night(NIGHT + timedelta(hours=1), closed=sorted(h.live)[:1])
    counted.clear()
    assert _same(_kept(data, cache), _cold(data))
    assert counted == [_months(data)[-1]]


def test_workers_count_an_id_in_two_months_once(history, monkeypatch):
    from aggregator.trends import parallel

    h, data, cache = history
    first = (data / "postings" / "2025-12.jsonl").read_text().splitlines(keepends=True)[1]
    with open(data / "postings" / "2026-01.jsonl", "a", encoding="utf-8") as f:
        f.write(first.replace("Austin, TX", "Boston, MA"))  # a damaged store
    expected = _cold(data)  # one pass: the later copy is skipped
    assert _same(_kept(data, cache), expected)  # merged months are checked too
    shutil.rmtree(cache)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 0)
    # two workers, December and January in the first one's share
    assert parallel._split(*_snapshot(data), 2)[0][:2] == _months(data)[:2]
    got = trends_json_from_store(data, now=NOW, cache_dir=cache, skills=["Python"],
                                 workers=2, keep_months=True)  # fmt: skip
    assert _same(got, expected)
    h.night(NIGHT, new=1)
    assert _same(_kept(data, cache), _cold(data))


def _snapshot(data: Path) -> tuple:
    from aggregator.trends.reader import _opened

    with _opened(data) as snap:
        return snap, data
