"""`stayready trends`' plain-text summary says no more than the history holds."""

from __future__ import annotations

from stayready.commands.trends import TOP_COMPANIES, headline


def _doc(flags: int = 0) -> dict:
    pay = {"by": "area", "area": None, "currency": "USD", "period": "year", "count": 9,
           "median": 100000.0, "p25": 90000.0, "p75": 110000.0,
           "from_month": "2026-01", "to_month": "2026-12"}  # fmt: skip
    flag = {"kind": "reposted_often", "company": "X", "title": "Clerk", "location": "Here",
            "detail": "listed again 3 times"}  # fmt: skip
    return {
        "month": "2026-12",
        "min_count": 5,
        "history": {"postings": 9, "duplicates": 0, "first_month": "2026-07",
                    "last_month": "2026-12"},  # fmt: skip
        "terms": [], "rising": [], "falling": [], "new_terms": [], "skills_gap": [],
        "salaries": [pay], "companies": [], "flags": [flag] * flags,
    }  # fmt: skip


def test_the_salaries_heading_starts_where_the_history_starts():
    out = headline(_doc())
    assert "Salaries, 2026-07 to 2026-12" in out
    assert "2026-01" not in out


def test_flags_beyond_the_first_few_are_counted_and_pointed_at():
    out = headline(_doc(flags=TOP_COMPANIES + 7))
    assert f"Flags ({TOP_COMPANIES + 7})" in out
    assert "... and 7 more on the site's Companies page" in out
    assert "more on the site" not in headline(_doc(flags=2))
