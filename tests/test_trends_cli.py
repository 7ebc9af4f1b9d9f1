"""`stayready trends` and `stayready trends --json` against a real history store."""

from __future__ import annotations

import json

import pytest

from aggregator.models import FeedState, Posting
from aggregator.store import Batch, Store
from stayready.cli import main
from tests.conftest import write_config

CONFIG = """\
feeds:
  - name: HN jobs
    id: hn
    url: https://hn.example/rss
    area: software
  - name: WWR
    id: wwr
    url: https://wwr.example/rss
    area: software
profile:
  skills: [Python]
"""


def _p(pid, feed, seen, *, title="Senior Engineer", place="Austin, TX", dup=None, terms=()):
    return Posting(id=pid, feed_id=feed, feed=feed, url=f"https://x.example/{pid}",
                   title=title, company="X Corp", location=place, area="software",
                   first_seen=f"{seen}T06:00:00Z", duplicate_of=dup, description="text",
                   requirements={"terms": list(terms)})  # fmt: skip


@pytest.fixture
def store(project):
    write_config(project, CONFIG)
    s = Store(project / "data")
    with s.lock():
        # Jan 5 listed, gone, listed again Feb 20 with a new id (a repost); the Feb
        # listing is also on the second feed (a duplicate); Boston is another role.
        s.commit(Batch(month="2026-01", new=[
            _p("a", "hn", "2026-01-05", terms=["Python", "Go"]),
            _p("c", "hn", "2026-01-06", place="Boston, MA", terms=["Go"])]))  # fmt: skip
        s.commit(Batch(month="2026-01", events=[
            {"event": "gone", "at": "2026-01-25T06:00:00Z", "feed": "hn",
             "last_seen": "2026-01-24T06:00:00Z", "ids": ["a"]}]))  # fmt: skip
        s.commit(Batch(month="2026-02", new=[
            _p("b", "hn", "2026-02-20", terms=["Python"]),
            _p("b2", "wwr", "2026-02-20", dup="b", terms=["Python", "Rust"])]))  # fmt: skip
        s.commit(Batch(month="2026-03", feeds={
            "hn": FeedState("hn", "HN jobs", "https://hn.example/rss", ok=True,
                            last_success="2026-03-01T06:00:00Z", live_ids=["b", "c"]),
            "wwr": FeedState("wwr", "WWR", "https://wwr.example/rss", ok=True,
                             last_success="2026-03-01T06:00:00Z", live_ids=["b2"])}))  # fmt: skip
    return project


def test_json_keys_types_and_known_answers(store, capsys):
    assert main(["trends", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    for key in ("schema", "generated", "month", "min_count", "history", "terms", "rising",
                "falling", "new_terms", "skills_gap", "salaries", "companies", "flags",
                "lifetimes", "notes"):  # fmt: skip
        assert key in doc, key
    assert doc["month"] == "2026-03" and doc["generated"] == "2026-03-02T06:00:00Z"
    for r in doc["terms"]:
        assert set(r) == {"term", "month", "area", "count", "share", "partial"}
        assert isinstance(r["term"], str) and isinstance(r["count"], int)
        assert len(r["month"]) == 7 and r["month"][4] == "-"
        assert r["area"] is None or isinstance(r["area"], str)
        assert isinstance(r["share"], float) and 0 < r["share"] <= 1
        assert isinstance(r["partial"], bool)
    terms = {(r["term"], r["month"], r["area"]): r for r in doc["terms"]}
    assert terms[("Go", "2026-01", None)]["share"] == 1.0  # 2 of 2 postings
    assert terms[("Python", "2026-02", "software")]["count"] == 1  # the copy counts once
    assert ("Rust", "2026-02", None) not in terms  # only the copy mentioned it
    (company,) = doc["companies"]
    assert {k: company[k] for k in ("company", "postings", "reposts", "months_active")} == {
        "company": "X Corp",
        "postings": 3,
        "reposts": 1,
        "months_active": 2,
    }
    assert isinstance(company["months_active"], int)
    assert doc["history"]["duplicates"] == 1
    assert set(doc["notes"]) >= {
        "terms",
        "rising",
        "falling",
        "new_terms",
        "skills_gap",
        "salaries",
        "companies",
        "reposts",
        "flags",
        "lifetimes",
    }
    assert all(isinstance(v, str) and v for v in doc["notes"].values())


def test_headline_tables(store, capsys):
    assert main(["trends"]) == 0
    out = capsys.readouterr().out
    assert "Trends as of 2026-03 (this month is partial): 3 postings" in out
    assert "1 cross-feed duplicates counted once" in out
    assert "Companies posting most" in out and "X Corp" in out


def test_empty_history(project, capsys):
    write_config(project, CONFIG)
    assert main(["trends"]) == 0
    assert "No postings yet" in capsys.readouterr().out
    assert main(["trends", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["terms"] == [] and doc["companies"] == [] and doc["history"]["postings"] == 0


def test_a_history_of_one_unfinished_month_says_why_no_terms_show(project, capsys, monkeypatch):
    monkeypatch.setenv("STAYREADY_NOW", "2026-03-20T12:00:00Z")
    write_config(project, CONFIG)
    s = Store(project / "data")
    with s.lock():
        s.commit(Batch(month="2026-03", new=[_p("a", "hn", "2026-03-05", terms=["Python"])]))
    assert main(["trends"]) == 0
    out = capsys.readouterr().out
    assert "Terms: no whole month yet (2026-03 is under way)" in out
    assert "Most asked for" not in out
