"""The Trends page's figures: one unit per kind, the months said once, and suggestions
drawn from the person's own field rather than the whole market."""

from __future__ import annotations

from types import SimpleNamespace

from stayready.site import figures


def _posting(*terms: str) -> SimpleNamespace:
    return SimpleNamespace(requirements={"terms": list(terms)})


def _gap(term: str, area: str, change: float) -> dict:
    return {"term": term, "area": area, "windows": ["month_on_month"], "to_share": 0.2,
            "change": change, "to_count": 9}  # fmt: skip


def test_rising_and_not_in_your_skills_is_one_list_from_the_persons_own_field():
    postings = (
        [_posting("Python", "Docker", "AWS")] * 4
        + [_posting("Figma", "UI design")] * 3
        + [_posting("Teaching certificate", "ESL")] * 20
        + [_posting("Patient care", "AWS")] * 30
    )
    gaps = [
        _gap("Teaching certificate", "Remote", 0.30),
        _gap("Patient care", "Chicago, IL", 0.25),
        _gap("Docker", "Remote", 0.05),
        _gap("UI design", "Austin, TX", 0.08),
        _gap("Docker", "Austin, TX", 0.12),
        _gap("AWS", "Remote", 0.20),  # named in the field, but more often elsewhere
    ]
    rows, field = figures.field_gaps(gaps, postings, ("Python", "Figma"))
    assert field == 7
    assert [r["term"] for r in rows] == ["Docker", "UI design"]  # largest change first
    assert rows[0]["areas"] == "Remote; Austin, TX"  # one row a term
    assert rows[0]["change"] == "+12.0 pts"


def test_nothing_is_suggested_without_skills():
    rows, field = figures.field_gaps([_gap("Docker", "Remote", 0.1)], [_posting("Docker")], ())
    assert rows == [] and field == 0


def test_rising_tables_say_their_months_once_and_changes_in_points():
    rows = [
        {"term": t, "area": None, "window": "month_on_month", "from_month": "2026-10",
         "to_month": "2026-11", "from_share": 0.1, "to_share": 0.15, "change": 0.05,
         "to_count": 9}
        for t in ("Go", "Rust")
    ]  # fmt: skip
    [(label, months, table, by_area)] = figures.movers(rows)
    assert by_area == ""  # every row is for all areas
    assert label == "Month on month" and months == "2026-10 to 2026-11"
    assert "2026" not in table  # not on every row
    assert "&#43;5.0 pts" in table and "10.0%" in table
