"""Monthly term shares over a replayed two-year history with known counts."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from aggregator.trends import compute_trends

HERE = Path(__file__).parent / "fixtures" / "trends"
_spec = importlib.util.spec_from_file_location("trends_history", HERE / "history.py")
H = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(H)


@pytest.fixture(scope="module")
def report():
    return compute_trends(H.history(), now=H.NOW, skills=["Python", "golang"], min_count=5)


def _expected_records():
    """(term, month, area) -> (count, share, partial), straight from the formulas."""
    out = {}
    for k in range(H.MONTHS):
        month, counts = H.month_name(k), H.expected_counts(k)
        all_total = sum(total for total, _ in counts.values())
        all_terms: dict[str, int] = {}
        for area, (total, terms) in counts.items():
            for term, n in terms.items():
                all_terms[term] = all_terms.get(term, 0) + n
                if area is not None:
                    out[(term, month, area)] = (n, n / total, k == H.MONTHS - 1)
        for term, n in all_terms.items():
            out[(term, month, None)] = (n, n / all_total, k == H.MONTHS - 1)
    return out


def test_every_share_is_exact_per_area_and_overall(report):
    got = {(r.term, r.month, r.area): (r.count, r.share, r.partial) for r in report.terms}
    assert got == _expected_records()


def test_hand_checked_values(report):
    # tests/fixtures/trends/expected.json holds a few values worked out by hand
    expected = json.loads((HERE / "expected.json").read_text())
    got = {(r.term, r.month, r.area): r for r in report.terms}
    for e in expected["terms"]:
        r = got[(e["term"], e["month"], e["area"])]
        assert (r.count, r.partial) == (e["count"], e["partial"])
        assert r.share == pytest.approx(e["share"], abs=1e-9)


def test_only_the_current_month_is_partial(report):
    partial = {r.month for r in report.terms if r.partial}
    assert partial == {"2026-03"}


def test_duplicates_are_left_out_and_counted(report):
    n_dups = sum(1 for p in H.history() if p.duplicate_of)
    assert report.history["duplicates"] == n_dups
    total = sum(t for k in range(H.MONTHS) for t, _ in H.expected_counts(k).values())
    assert report.history["postings"] == total


def test_month_rule_used_both_dates(report):
    h = report.history
    assert h["from_published"] > 0 and h["from_first_seen"] > 0
    assert h["from_published"] + h["from_first_seen"] == h["postings"]
    assert (h["first_month"], h["last_month"]) == ("2024-03", "2026-03")
    assert h["areas"] == ["design", "software"]
