"""The site's data from the real modules: a history store, trends and a notebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foundation.clock import parse_instant
from foundation.config import load_config
from stayready.site import editions
from stayready.site.data import _live_postings, gather
from tests.conftest import REPO

NOW = parse_instant("2026-03-02T06:00:00Z")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from aggregator.trends.synthetic import write_store

    root = tmp_path_factory.mktemp("real-data")
    write_store(root / "data", 1500, now=NOW, months=3, seed=3)
    shutil.copytree(REPO / "journal" / "demo_notebook", root / "notebook")
    (root / "stayready.yml").write_text(
        "site:\n  title: Real data\nnotebook:\n  path: notebook\n"
        "profile:\n  skills: [Python, SQL]\npublic:\n  index: true\n"
    )
    return root


def test_open_postings_read_fast_are_the_ones_the_store_gives(project):
    from aggregator.store import Store

    store = Store(project / "data")
    live = {pid for st in store.feed_states().values() for pid in st.live_ids}
    assert live
    fast = {p.id: p for p in _live_postings(store, live)}
    slow = {p.id: p for p in store.iter_postings() if p.id in live}
    assert fast == slow


def test_open_postings_skip_odd_lines(tmp_path):
    from aggregator.store import Store
    from aggregator.trends.synthetic import write_store

    write_store(tmp_path / "data", 200, now=NOW, months=2, seed=4)
    store = Store(tmp_path / "data")
    live = {pid for st in store.feed_states().values() for pid in st.live_ids}
    expected = {p.id: p for p in _live_postings(store, live)}
    month = sorted((tmp_path / "data" / "postings").glob("*.jsonl"))[-1]
    with open(month, "ab") as f:  # a torn line, a blank one, a line that is no posting
        f.write(b'\n{"id":"unterminated\n\n[1, 2]\n{"id":"')
    got = {p.id: p for p in _live_postings(store, live | {"unterminated"})}
    assert got == expected and expected


def test_open_postings_are_kept_until_the_store_changes(tmp_path, monkeypatch):
    from aggregator.store import Batch, Store
    from aggregator.trends.synthetic import write_store
    from stayready.site import data as site_data

    root = tmp_path / "p"
    write_store(root / "data", 300, now=NOW, months=2, seed=6)
    (root / "stayready.yml").write_text("site:\n  title: Kept\n")
    config = load_config(root / "stayready.yml")
    first = gather(config, NOW, with_notebook=False)
    real = site_data._live_postings

    def refuse(store, wanted):
        raise AssertionError("the month files were read")

    monkeypatch.setattr(site_data, "_live_postings", refuse)
    monkeypatch.setattr(site_data, "can_fork", lambda: False)  # the patch must apply here
    again = gather(config, NOW, with_notebook=False)
    assert again.postings == first.postings and again.feeds == first.feeds and first.postings
    store = Store(root / "data")
    with store.lock():  # a commit: a posting's title is corrected
        store.commit(Batch(month="2026-03", events=[{
            "event": "updated", "at": "2026-03-02T06:00:00Z", "id": first.postings[0].id,
            "changes": {"title": "Corrected title"}}]))  # fmt: skip
    monkeypatch.setattr(site_data, "_live_postings", real)
    after = gather(config, NOW, with_notebook=False)
    fresh = site_data.SiteData(now=NOW, config=config)
    (config.cache_dir / "site" / "open-postings.pickle").unlink()
    site_data._load_history(config, fresh)
    assert after.postings == fresh.postings != first.postings
    assert "Corrected title" in {p.title for p in after.postings}


def test_gather_reads_history_trends_and_notebook(project):
    config = load_config(project / "stayready.yml")
    data = gather(config, NOW)
    assert data.postings and all(not p.closed and not p.duplicate_of for p in data.postings)
    assert data.feeds and all(f.last_success for f in data.feeds)
    assert data.trends["schema"] == 1 and data.trends["terms"]
    assert data.contacts and data.entries and data.today["week"]
    assert any(e.public for e in data.entries) and any(not e.public for e in data.entries)
    assert data.private_strings


def test_parts_from_the_forked_children_are_the_ones_read_here(project, monkeypatch):
    from stayready.site import data as site_data

    config = load_config(project / "stayready.yml")
    forked = gather(config, NOW)
    monkeypatch.setattr(site_data, "can_fork", lambda: False)
    here = gather(config, NOW)
    assert forked.trends == here.trends and forked.trends["terms"]
    assert forked.postings == here.postings and forked.postings
    assert forked.feeds == here.feeds and forked.problems == here.problems


def test_a_child_that_dies_leaves_its_part_to_this_process(project, monkeypatch):
    from stayready.site import forked

    if not forked.can_fork():
        pytest.skip("no fork here (one core, or threads running): nothing is forked")
    config = load_config(project / "stayready.yml")
    expected = gather(config, NOW)
    # Nothing kept, so both parts go to children; they crash before answering: the
    # parent reads EOF and does the parts itself.
    shutil.rmtree(config.cache_dir, ignore_errors=True)
    monkeypatch.setattr(forked, "child_main", lambda fn, args, conn: conn.close())
    got = gather(config, NOW)
    assert got.trends == expected.trends and got.postings == expected.postings


def test_a_rebuild_reads_kept_parts_here_and_forks_only_for_the_rest(project, monkeypatch):
    from stayready.site import data as site_data
    from stayready.site import forked

    config = load_config(project / "stayready.yml")
    shutil.rmtree(config.cache_dir, ignore_errors=True)
    expected = gather(config, NOW)  # keeps the open postings and the report
    started: list[str] = []

    def counting(fn, load, *args):
        started.append(load.__name__)
        return None  # as if it could not start: the part is then read here

    monkeypatch.setattr(forked, "start", counting)
    monkeypatch.setattr(site_data, "can_fork", lambda: True)
    again = gather(config, NOW)
    assert started == []
    assert again.trends == expected.trends and again.postings == expected.postings
    assert again.feeds == expected.feeds and again.problems == expected.problems
    (config.cache_dir / "trends" / "report.pickle").unlink()  # say, another day's
    assert gather(config, NOW).trends == expected.trends
    assert started == ["_load_trends"]


def test_both_editions_build_from_real_data(project):
    config = load_config(project / "stayready.yml")
    pub = editions.public(config, NOW)
    priv = editions.private(config, NOW)
    assert pub.files_checked > 10 and pub.pages <= 80 and priv.pages <= 80
    site = project / "site"
    jobs = (site / "generated" / "jobs" / "index.html").read_text()
    assert "<table>" in jobs
    trends = (site / "generated" / "trends" / "index.html").read_text()
    assert '<svg class="sr-chart sr-wide"' in trends
    network = (project / ".private" / "site" / "generated" / "network" / "index.html").read_text()
    data = gather(config, NOW)
    for c in data.contacts:
        assert c.name.replace("'", "&#39;") in network or c.name in network, c.name
    # Public: no contact who did not agree to be named, anywhere.
    text = "\n".join(p.read_text(errors="replace") for p in site.rglob("*.html"))
    for c in data.contacts:
        if not c.may_be_named:
            assert c.name not in text, c.name


def test_open_postings_are_read_from_the_months_the_live_index_names(tmp_path, monkeypatch):
    from aggregator.store import Batch, IndexEntry, Store
    from aggregator.store_files import View
    from aggregator.trends.synthetic import write_store

    write_store(tmp_path / "data", 600, now=NOW, months=3, seed=6)
    store = Store(tmp_path / "data")
    live = {pid for st in store.feed_states().values() for pid in st.live_ids}
    slow = [p for p in store.iter_postings() if p.id in live]
    months = {p.id: p.first_seen[:7] for p in slow}
    assert len(set(months.values())) > 1
    # The index as a run writes it, except one entry naming the wrong month (damage):
    # that posting is still found, in the other months, and the order is the store's.
    wrong = sorted(live)[0]
    index = {pid: IndexEntry(pid, "f", f"{m}-01T06:00:00Z", "", "-") for pid, m in months.items()}
    index[wrong] = IndexEntry(wrong, "f", "2026-03-01T06:00:00Z" if months[wrong] != "2026-03"
                              else "2026-01-01T06:00:00Z", "", "-")  # fmt: skip
    with store.lock():
        store.commit(Batch(month="2026-03", index=index))
    read: list[str] = []
    real = View.read_bytes

    def spy(self, rel):  # type: ignore[no-untyped-def]
        read.append(rel)
        return real(self, rel)

    monkeypatch.setattr(View, "read_bytes", spy)
    assert _live_postings(store, live) == slow
    named = [r for r in read if r.startswith("postings/")]
    assert named[: len(set(months.values()))] == sorted({f"postings/{m}.jsonl"
                                                        for m in months.values()})  # fmt: skip
    # without the damaged entry, no other month is read
    index[wrong] = IndexEntry(wrong, "f", f"{months[wrong]}-01T06:00:00Z", "", "-")
    with store.lock():
        store.commit(Batch(month="2026-03", index=index))
    every = {f"postings/{r.name}" for r in (tmp_path / "data" / "postings").glob("*.jsonl")}
    read.clear()
    assert _live_postings(store, live) == slow
    named = {r for r in read if r.startswith("postings/")}
    assert named == {f"postings/{m}.jsonl" for m in months.values()}
    assert every - named  # a month with no open posting, not read
