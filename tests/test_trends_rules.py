"""Old history keeps old answers no more: a history stored under older requirement rules
(no rules.json, as every history written before issue 22) is counted by the current
rules, its terms found again from the stored title and description; a store that says
its postings follow the current rules is read as stored."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aggregator.models import REQUIREMENTS_RULES, Posting
from aggregator.store import RULES, Batch, Store
from aggregator.trends import iter_trend_rows
from stayready.cli import main
from tests.conftest import FIXTURES, write_config

CASE = FIXTURES / "trends" / "old-rules"
EXPECTED = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))["postings"]
CONFIG = """\
feeds:
  - {name: HN, id: hn, url: https://hn.example/rss, area: software}
  - {name: WWR, id: wwr, url: https://wwr.example/rss, area: software}
profile: {terms: [{name: Tableau Prep}]}
"""


@pytest.fixture
def old_history(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(CASE, data, ignore=shutil.ignore_patterns("expected.json"))
    return data


def _terms(data: Path, cache: Path | None = None) -> dict[str, list[str]]:
    return {r.id: list(r.terms) for r in iter_trend_rows(data, cache_dir=cache)}


def test_the_fixture_was_stored_under_the_old_rules(old_history: Path) -> None:
    assert not (old_history / RULES).exists() and Store(old_history).rules() == 1
    stored = {p.id: p.requirements["terms"] for p in Store(old_history).iter_postings()}
    assert stored == {pid: e["stored"] for pid, e in EXPECTED.items()}
    assert all(e["stored"] != e["terms"] for e in EXPECTED.values())  # each one changes


def test_trends_count_an_old_history_by_the_current_rules(old_history: Path) -> None:
    got = _terms(old_history)
    assert got == {pid: e["terms"] for pid, e in EXPECTED.items()}
    # "at the helm" and "Take the helm" were Kubernetes; "Node+React+Redux" was Redux alone;
    # o1's and o6's February updates were re-extracted by the old rules too
    assert "Kubernetes" not in got["o1"] and "Kubernetes" not in got["o6"]
    assert got["o6"] == ["Docker", "Security clearance", "Go", "Rust"]
    assert got["o2"] == ["Node.js", "React", "Redux", "AWS"]
    # a person's own term, which the shipped rules cannot find, is kept as stored
    assert "Tableau Prep" in got["o4"]


def test_the_trends_cache_keeps_the_recounted_terms(old_history: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _terms(old_history, cache)
    assert len(list((cache / "trends").glob("postings__*.pickle"))) == 2
    assert _terms(old_history, cache) == first == {p: e["terms"] for p, e in EXPECTED.items()}


def test_stayready_trends_json_shares_by_the_current_rules(
    old_history: Path, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(project, CONFIG)
    shutil.move(old_history, project / "data")
    assert main(["trends", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    counts = {(r["term"], r["month"]): r["count"] for r in doc["terms"] if r["area"] is None}
    assert ("Kubernetes", "2026-01") in counts and counts[("Kubernetes", "2026-01")] == 1  # o3
    assert ("Kubernetes", "2026-02") not in counts  # o6 said "Take the helm"
    assert counts[("AWS", "2026-01")] == 3  # "AWS", "AWS+ElasticBeanstalk", "ex-AWS"
    assert counts[("React", "2026-01")] == 1 and counts[("Scala", "2026-02")] == 1
    assert ("TypeScript", "2026-01") not in counts  # "Software Engineer (TS)"
    # o6's description was updated in February, its requirements re-extracted by the old
    # rules then: "-Docker" and "Go and Rust" count, "Take the helm" does not
    assert counts[("Docker", "2026-02")] == 1 and counts[("Rust", "2026-02")] == 1


def test_a_store_on_the_current_rules_is_read_as_stored(old_history: Path) -> None:
    with Store(old_history).lock():
        Store(old_history).commit(Batch(month="2026-03", rules=REQUIREMENTS_RULES))
    assert Store(old_history).rules() == REQUIREMENTS_RULES
    assert _terms(old_history) == {pid: e["stored"] for pid, e in EXPECTED.items()}


def _posting(pid: str) -> Posting:
    return Posting(id=pid, feed_id="f", feed="F", url=f"https://x.example/{pid}", title="T",
                   company="C", first_seen="2026-03-01T06:00:00Z", description="at the helm",
                   requirements={"terms": ["Kubernetes"]})  # fmt: skip


def test_a_new_store_starts_on_the_current_rules_and_an_old_one_stays_old(
    tmp_path: Path, old_history: Path
) -> None:
    fresh = Store(tmp_path / "fresh")
    with fresh.lock():
        fresh.commit(Batch(month="2026-03", new=[_posting("n1")]))
        fresh.commit(Batch(month="2026-03", new=[_posting("n2")]))
    assert fresh.rules() == REQUIREMENTS_RULES
    # extracted by the current rules at ingest: trusted, not found again
    assert _terms(tmp_path / "fresh") == {"n1": ["Kubernetes"], "n2": ["Kubernetes"]}
    # a night on an old history adds postings by the new rules, but the old ones are old
    old = Store(old_history)
    with old.lock():
        old.commit(Batch(month="2026-03", new=[_posting("n3")]))
    assert old.rules() == 1 and not (old_history / RULES).exists()


def test_the_benchmarks_history_follows_the_current_rules(tmp_path: Path) -> None:
    # Its month files are written directly; without the stamp, the trends figures would
    # time finding every posting's terms again instead of reading them.
    import sys
    from datetime import UTC, datetime

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        from gen_history import write_history
    finally:
        sys.path.pop(0)
    now = datetime(2026, 3, 2, 6, tzinfo=UTC)
    write_history(tmp_path / "data", 50, now=now, feeds=[("f", "F", False)], months=2)
    assert Store(tmp_path / "data").rules() == REQUIREMENTS_RULES
