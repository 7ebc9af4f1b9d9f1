"""`stayready demo` end to end: loopback boards, replayed nights, a history with known size."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from stayready.cli import main
from stayready.demo.boards import DEMO_FEEDS
from stayready.demo.market import build_market, live

DAYS = 12
TODAY = date(2026, 3, 14)


def expected_postings() -> int:
    """Every (feed, listing) pair any feed showed on any replayed night."""
    first = TODAY - timedelta(days=DAYS - 1)
    listings = build_market(first, TODAY)
    seen: set[tuple[str, str]] = set()
    for n in range(DAYS):
        showing = live(listings, first + timedelta(days=n))
        for feed in DEMO_FEEDS:
            seen |= {(feed.path, li.key) for li in feed.shows(showing)}
    return len(seen)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "stayready-demo"
    mp = pytest.MonkeyPatch()
    mp.setenv("STAYREADY_NOW", f"{TODAY.isoformat()}T12:00:00Z")
    try:
        assert main(["demo", "--dir", str(folder), "--days", str(DAYS), "--no-site"]) == 0
    finally:
        mp.undo()
    return folder


def test_history_holds_every_listing_each_feed_showed(demo: Path, capsys) -> None:
    assert main(["export", "postings", "--config", str(demo / "stayready.yml")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == expected_postings()
    assert len({r["id"] for r in rows}) == len(rows)
    # Every board shape was split into company and title, and links lost their tracking.
    assert all(r["company"] and r["title"] for r in rows)
    assert not any("utm_" in r["url"] or "fbclid" in r["url"] for r in rows)
    # The same job on two feeds is linked, not counted twice.
    assert any(r["duplicate_of"] for r in rows)


def test_every_feed_is_healthy_and_the_notebook_is_valid(
    demo: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAYREADY_NOW", f"{TODAY.isoformat()}T12:00:00Z")
    cfg = str(demo / "stayready.yml")
    assert main(["status", "--json", "--config", cfg]) == 0
    health = json.loads(capsys.readouterr().out)
    assert len(health) == len(DEMO_FEEDS) and all(f["ok"] for f in health)
    assert main(["check", "--config", cfg]) == 0
    capsys.readouterr()
    assert main(["today", "--json", "--config", cfg]) == 0
    today = json.loads(capsys.readouterr().out)
    assert today["week"] == "2026-03-09" and len(today["letters"]) >= 2
    assert len(today["people"]) == 2


def test_demo_is_repeatable(demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STAYREADY_NOW", f"{TODAY.isoformat()}T12:00:00Z")
    again = tmp_path / "again"
    assert main(["demo", "--dir", str(again), "--days", str(DAYS), "--no-site"]) == 0
    # Same day, same market: the same postings with the same stable ids.
    assert sorted(_ids(demo)) == sorted(_ids(again))


def _rows(folder: Path):
    for path in sorted((folder / "data" / "postings").glob("*.jsonl")):
        for line in path.read_text().splitlines()[1:]:
            yield json.loads(line)


def _ids(folder: Path) -> list[str]:
    return [r["id"] for r in _rows(folder)]


def test_check_reports_a_corrupted_history_line_and_changes_nothing(
    demo: Path, tmp_path: Path, capsys
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(demo, copy)
    month = sorted((copy / "data" / "postings").glob("*.jsonl"))[-1]
    lines = month.read_text().splitlines(keepends=True)
    lines[1] = lines[1][: len(lines[1]) // 2] + "\n"  # a truncated hand edit
    month.write_text("".join(lines))
    before = month.read_bytes()
    assert main(["check", "--config", str(copy / "stayready.yml")]) == 1
    out = capsys.readouterr().out
    assert f"{month}:2:" in out and "no file was changed" in out
    assert month.read_bytes() == before


def test_demo_refuses_a_folder_it_did_not_make(tmp_path: Path, capsys) -> None:
    mine = tmp_path / "mine"
    (mine / "data").mkdir(parents=True)
    (mine / "stayready.yml").write_text("feeds: []\n")
    (mine / "data" / "keep.jsonl").write_text("precious\n")
    assert main(["demo", "--dir", str(mine), "--days", "2", "--no-site"]) == 2
    assert "not made by `stayready demo`" in capsys.readouterr().err
    assert (mine / "stayready.yml").read_text() == "feeds: []\n"
    assert (mine / "data" / "keep.jsonl").read_text() == "precious\n"


def test_demo_applications_point_at_real_postings(demo: Path) -> None:
    from aggregator.store import Store
    from foundation.config import load_config
    from journal import load_notebook

    cfg = load_config(demo / "stayready.yml")
    ids = set(Store(cfg.data_dir).load().postings)
    apps = load_notebook(cfg.notebook).applications
    assert apps and set(apps) <= ids


def test_the_demo_runs_again_in_its_own_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    # The README's first command, run twice: the replay clears docs/ but keeps the
    # project's mkdocs.yml, and the second build must still find its home page.
    monkeypatch.setenv("STAYREADY_NOW", f"{TODAY.isoformat()}T12:00:00Z")
    folder = tmp_path / "stayready-demo"
    assert main(["demo", "--dir", str(folder), "--days", "3"]) == 0
    mkdocs_yml = folder / "mkdocs.yml"
    mkdocs_yml.write_text(mkdocs_yml.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    assert main(["demo", "--dir", str(folder), "--days", "3"]) == 0, capsys.readouterr().err
    assert (folder / "site" / "index.html").is_file()
    assert (folder / "docs" / "index.md").is_file()
    assert mkdocs_yml.read_text(encoding="utf-8").endswith("# mine\n")  # never overwritten


def test_the_private_today_page_counts_the_day_where_the_person_is(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    # Sunday 2026-11-22, 21:00 in Chicago (the demo's site.timezone), already Monday in
    # UTC: the page must show the same week as `stayready today`, not the next one.
    monkeypatch.setenv("STAYREADY_NOW", "2026-11-23T03:00:00Z")
    folder = tmp_path / "stayready-demo"
    assert main(["demo", "--dir", str(folder), "--days", "3", "--no-site"]) == 0
    monkeypatch.chdir(folder)
    capsys.readouterr()
    assert main(["today", "--json"]) == 0
    week = json.loads(capsys.readouterr().out)["week"]
    assert week == "2026-11-16"
    assert main(["build", "--private"]) == 0
    page = (folder / ".private" / "docs" / "generated" / "today.md").read_text(encoding="utf-8")
    assert f"## This week (from {week})" in page
    # The rest of the page agrees with the command too (the same notebook, the same day).
    capsys.readouterr()
    assert main(["today", "--json"]) == 0
    today = json.loads(capsys.readouterr().out)
    assert f"**Letters of the alphabet sweep:** {', '.join(today['letters'])}" in page
    assert (f"**Helping minutes this week:** {today['helping_minutes']} of "
            f"{today['helping_goal']}") in page  # fmt: skip


def test_the_workday_employer_is_read_page_by_page_with_lifetimes(demo: Path) -> None:
    # St. Brigid's career site is a Workday board on loopback: a whole board, so its
    # postings close, and the Companies page has their lifetimes.
    from aggregator.store import Store

    store = Store(demo / "data")
    brigid = [p for p in store.load().postings.values() if p.feed_id == "st-brigid-medical-center"]
    assert brigid and all(p.company == "St. Brigid Medical Center" for p in brigid)
    assert any(p.closed for p in brigid) and all(p.description for p in brigid)
    state = store.feed_states()["st-brigid-medical-center"]
    assert state.ok and state.pages >= 1 and state.board_size == len(state.live_ids)
