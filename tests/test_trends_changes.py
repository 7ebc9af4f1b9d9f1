"""Rising and falling terms, new terms, the min_count noise floor and the skills gap."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from aggregator.trends import compute_trends

HERE = Path(__file__).parent / "fixtures" / "trends"
_spec = importlib.util.spec_from_file_location("trends_history", HERE / "history.py")
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)


@pytest.fixture(scope="module")
def report():
    return compute_trends(H.history(), now=H.NOW, skills=["python", "Go"], min_count=5)


def _find(records, term, area, window):
    hits = [r for r in records if (r.term, r.area, r.window) == (term, area, window)]
    return hits[0] if hits else None


def test_month_on_month_in_software(report):
    # k=22 (2026-01): 32 postings, Python 4; k=23 (2026-02): 33 postings, Python 5
    r = _find(report.rising, "Python", "software", "month_on_month")
    assert (r.from_month, r.to_month, r.from_count, r.to_count) == ("2026-01", "2026-02", 4, 5)
    assert r.change == 5 / 33 - 4 / 32
    # Go stays at 7 mentions while postings grow: a falling share
    f = _find(report.falling, "Go", "software", "month_on_month")
    assert (f.from_share, f.to_share) == (7 / 32, 7 / 33)


def test_three_months_and_year_on_year(report):
    r = _find(report.rising, "Go", "software", "three_months")  # k=20: 6 of 30
    assert (r.from_month, r.from_share, r.to_share) == ("2025-11", 6 / 30, 7 / 33)
    y = _find(report.rising, "Kubernetes", "software", "year_on_year")  # k=11: none of 21
    assert (y.from_month, y.from_count, y.to_count) == ("2025-02", 0, 6)


def test_min_count_keeps_noise_from_ranking(report):
    # Rust: one mention in 2026-02 only
    assert not [r for r in report.rising + report.falling if r.term == "Rust"]
    for r in report.rising:
        assert r.to_count >= 5
    for r in report.falling:
        assert r.from_count >= 5
    loose = compute_trends(H.history(), now=H.NOW, min_count=1)
    assert _find(loose.rising, "Rust", "software", "month_on_month") is not None


def test_rising_is_ordered_by_change(report):
    changes = [r.change for r in report.rising if r.area == "software"]
    assert changes == sorted(changes, reverse=True)
    assert all(r.change > 0 for r in report.rising)
    assert all(r.change < 0 for r in report.falling)


def test_new_terms(report):
    new = {(n.term, n.area): n for n in report.new_terms}
    assert (new[("Kubernetes", "software")].first_month, new[("Kubernetes", "software")].count) == (
        "2026-01",
        18,
    )
    assert ("Kubernetes", None) in new
    assert not [n for n in report.new_terms if n.term == "Rust"]  # below min_count
    loose = compute_trends(H.history(), now=H.NOW, min_count=1)
    assert ("Rust", "software") in {(n.term, n.area) for n in loose.new_terms}
    # Python was there from the start: never new
    assert not [n for n in loose.new_terms if n.term == "Python"]


def test_skills_gap_in_the_persons_areas():
    r = compute_trends(
        H.history(), now=H.NOW, skills=["python", "Go"], min_count=5, areas=["software"]
    )
    gap = {g.term: g for g in r.skills_gap}
    assert "Kubernetes" in gap and gap["Kubernetes"].area == "software"
    assert set(gap["Kubernetes"].windows) == {"three_months", "year_on_year"}
    assert "Python" not in gap and "Go" not in gap  # in the profile (any case)
    assert {g.area for g in r.skills_gap} == {"software"}


def test_skill_aliases_use_the_extractor():
    req = pytest.importorskip("aggregator.requirements")
    if not hasattr(req, "extract"):
        pytest.skip("the requirement extractor has not landed")
    r = compute_trends(
        H.history(), now=H.NOW, skills=["python", "k8s"], min_count=5, areas=["software"]
    )
    assert "Kubernetes" not in {g.term for g in r.skills_gap}
