"""One rule for a role listed twice, over a replayed history with known answers.

Two generic feeds titled `Company: Role (Place)` (no board profile: the company comes
from the sniffed title shape), spellings of one company that differ by feed, a feed
removed from the config, and a history stored under the old rule that `stayready
reindex` brings to today's answers. Real loopback HTTP, real store, real trends.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pytest

from aggregator.companies import CompanyNames
from aggregator.relisting import REPOST_WITHIN_DAYS, is_repost, still_open
from aggregator.run import run_fetch
from aggregator.store import Store
from aggregator.trends.parallel import trends_from_store
from stayready.cli import main
from tests.test_run import Feeds, configure

N1 = datetime(2026, 1, 5, 6, 0, tzinfo=UTC)
N2 = datetime(2026, 1, 20, 6, 0, tzinfo=UTC)
N3 = datetime(2026, 3, 5, 6, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)

A1 = ("a1", "Acme Inc.: Data Engineer (Austin, TX)")
A2 = ("a2", "Acme Inc.: Senior Data Engineer (Austin, TX)")  # another level
A3 = ("a3", "Acme Inc.: Data Engineer (Dallas, TX)")  # another city
AG = ("ag", "Globex: Nurse (Denver, CO)")
B1 = ("b1", "ACME: Data Engineer (Austin, TX)")  # a1 on feed B while a1 is open
BI = ("bi", "Initech: Cook (Austin, TX)")
B3 = ("b3", "The Acme Company: Data Engineer (Austin, TX)")  # a1's role, two months on
B4 = ("b4", "Umbrella: Pharmacist (Denver, CO)")  # c1's role; C is no longer watched
C1 = ("c1", "Umbrella: Pharmacist (Denver, CO)")
C2 = ("c2", "Umbrella: Cashier (Denver, CO)")


def _rss(feeds: Feeds, path: str, items: list[tuple[str, str]]) -> str:
    body = "".join(f"<item><title>{escape(t)}</title><guid>{g}</guid>"
                   f"<link>https://jobs.example/{g}</link><description>Join us.</description>"
                   "</item>" for g, t in items)  # fmt: skip
    feeds.bodies[path] = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs'
                          f"</title><link>https://jobs.example/</link>{body}</channel></rss>"
                          ).encode()  # fmt: skip
    return feeds.server.url_for(path)


def _replay(project: Path, feeds: Feeds) -> dict[str, str]:
    """Three nights; returns the feeds' URLs by name."""
    urls = {"A": _rss(feeds, "/a.rss", [A1, A2, A3, AG]), "B": _rss(feeds, "/b.rss", [B1, BI]),
            "C": _rss(feeds, "/c.rss", [C1, C2])}  # fmt: skip
    everything = [{"name": n, "url": u} for n, u in urls.items()]
    run_fetch(configure(project, everything), N1)
    _rss(feeds, "/a.rss", [A2, A3, AG])  # a1 scrolled off
    _rss(feeds, "/b.rss", [BI])
    without_c = [f for f in everything if f["name"] != "C"]
    run_fetch(configure(project, without_c), N2)
    _rss(feeds, "/b.rss", [BI, B3, B4])
    run_fetch(configure(project, without_c), N3)
    return urls


@pytest.fixture
def feeds(loopback_server):  # type: ignore[no-untyped-def]
    host = Feeds(loopback_server)
    yield host
    loopback_server.clear()


def _by_guid(project: Path) -> dict[str, object]:
    postings = Store(project / "data").load().postings.values()
    return {p.url.rsplit("/", 1)[1]: p for p in postings}


def _companies(project: Path) -> dict[str, tuple[int, int, dict]]:
    report = trends_from_store(project / "data", now=NOW, names=CompanyNames(), workers=1)
    return {c.company: (c.postings, c.reposts, c.cadence) for c in report.companies}


EXPECTED = {
    "Acme Inc.": (4, 1, {"2026-01": 3, "2026-03": 1}),  # b1 is a1; b3 re-lists a1
    "Umbrella": (3, 1, {"2026-01": 2, "2026-03": 1}),  # b4 re-lists c1
    "Globex": (1, 0, {"2026-01": 1}),
    "Initech": (1, 0, {"2026-01": 1}),
}


def test_replayed_history_gives_known_answers(project: Path, feeds: Feeds) -> None:
    _replay(project, feeds)
    p = _by_guid(project)
    assert p["a1"].company == "Acme Inc." and p["a1"].title == "Data Engineer"
    assert p["b1"].duplicate_of == p["a1"].id  # same job, other feed, a1 still open
    assert p["b3"].duplicate_of is None  # a1 had left A: a re-listing, not a copy
    assert p["b4"].duplicate_of is None  # C is no longer watched: c1 is not known open
    assert p["a2"].duplicate_of is None and p["a3"].duplicate_of is None
    assert _companies(project) == EXPECTED
    states = json.loads((project / "data" / "feeds.json").read_text())["feeds"]
    assert {s["feed_id"]: s["title_shape"] for s in states} == {
        "a": "Company: Role", "b": "Company: Role", "c": "Company: Role"}  # fmt: skip


def test_status_json_shows_the_chosen_shape(project: Path, feeds: Feeds, capsys) -> None:
    _replay(project, feeds)
    assert main(["status", "--json", "--config", str(project / "stayready.yml")]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["feed_id"]: r["title_shape"] for r in records if r["configured"]} == {
        "a": "Company: Role", "b": "Company: Role"}  # fmt: skip


def test_aliases_merge_and_split_in_trends(project: Path, feeds: Feeds) -> None:
    _replay(project, feeds)
    names = CompanyNames({"Acme (Texas)": ["Acme"], "Umbrella Pharmacy": ["Umbrella"]})
    report = trends_from_store(project / "data", now=NOW, names=names, workers=1)
    got = {c.company: (c.postings, c.reposts) for c in report.companies}
    assert got["Acme (Texas)"] == (4, 1) and got["Umbrella Pharmacy"] == (3, 1)
    split = CompanyNames({"Acme Holdings": ["The Acme Company"]})  # b3 is another company
    report = trends_from_store(project / "data", now=NOW, names=split, workers=1)
    got = {c.company: (c.postings, c.reposts) for c in report.companies}
    assert got["Acme Inc."] == (3, 0) and got["Acme Holdings"] == (1, 0)


def _old_rule_history(project: Path) -> None:
    """What the old rule stored: any live same-key posting on another feed made a copy,
    so b4 (c1 still in C's live ids) was marked a duplicate of c1."""
    p = _by_guid(project)
    month = project / "data" / "postings" / "2026-03.jsonl"
    lines = month.read_text("utf-8").splitlines(keepends=True)
    marked = [line.replace('"duplicate_of":null', "").replace(
        f'"id":"{p["b4"].id}",', f'"id":"{p["b4"].id}","duplicate_of":"{p["c1"].id}",')
        for line in lines]  # fmt: skip
    assert marked != lines
    month.write_text("".join(marked), "utf-8")


def test_an_old_history_gets_the_new_answers_after_reindex(
    project: Path, feeds: Feeds, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-10T12:00:00Z")
    _replay(project, feeds)
    _old_rule_history(project)
    old = _companies(project)
    assert old["Umbrella"] == (2, 0, {"2026-01": 2})  # the old answer: b4 left out
    config = str(project / "stayready.yml")
    assert main(["trends", "--json", "--config", config]) == 0  # fills the trends cache
    before = json.loads(capsys.readouterr().out)["companies"]
    assert {c["company"]: c["reposts"] for c in before}["Umbrella"] == 0
    assert main(["reindex", "--config", config]) == 0
    out = capsys.readouterr().out
    assert "duplicates: 1 of 10 postings changed" in out
    assert _companies(project) == EXPECTED
    assert main(["reindex", "--config", config]) == 0  # a second run changes nothing
    assert "duplicates: 0 of 10 postings changed" in capsys.readouterr().out
    assert main(["trends", "--json", "--config", config]) == 0
    companies = {c["company"]: c["reposts"] for c in json.loads(capsys.readouterr().out)
                 ["companies"]}  # fmt: skip
    assert companies["Umbrella"] == 1


def test_the_nightly_and_reindex_apply_the_same_rule(project: Path, feeds: Feeds) -> None:
    from aggregator.reindex import reindex
    from foundation.config import load_config

    _replay(project, feeds)
    report = reindex(load_config(project / "stayready.yml"), NOW)
    assert report.changed == {"duplicates": 0} and report.keys_changed == 0
    assert report.now_duplicates == 1


def test_reindex_of_an_unknown_part_is_a_usage_error(project: Path, feeds: Feeds,
                                                     capsys) -> None:  # fmt: skip
    _rss(feeds, "/a.rss", [A1, A2])
    configure(project, [{"name": "A", "url": feeds.server.url_for("/a.rss")}])
    assert main(["reindex", "--part", "requirement", "--config",
                 str(project / "stayready.yml")]) == 2  # fmt: skip
    assert "parts: duplicates" in capsys.readouterr().err


def test_the_rule_itself() -> None:
    at = "2026-03-05T06:00:00Z"
    assert still_open("2026-03-04T06:00:00Z", None, at)  # seen last night
    assert not still_open("2026-01-05T06:00:00Z", None, at)  # a feed silent since January
    assert not still_open("2026-03-04T06:00:00Z", "2026-03-05T06:00:00Z", at)  # left tonight
    assert still_open("2026-03-04T06:00:00Z", "2026-03-06T06:00:00Z", at)  # left later
    assert is_repost(100, 100 + REPOST_WITHIN_DAYS) and not is_repost(100, 100)
    assert not is_repost(100, 101 + REPOST_WITHIN_DAYS)
