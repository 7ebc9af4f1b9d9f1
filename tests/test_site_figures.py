"""The jobs table's "key requirements" cell, from what the real extractor stores."""

from __future__ import annotations

from html import unescape

from aggregator.requirements import extract
from stayready.site.figures import requirements_text


def test_years_read_as_a_person_would() -> None:
    req = extract("Senior Backend Engineer", "You have 5+ years of Python and PostgreSQL.")
    text = requirements_text(req)
    assert "5&#43; yrs" in text and "Python" in text and "min" not in text
    ranged = requirements_text(extract("Nurse", "3-5 years of experience; BLS required."))
    assert "3–5 yrs" in ranged and "BLS" in ranged


def _posting(**kw):  # type: ignore[no-untyped-def]
    from aggregator.models import Posting

    return Posting(id="p1", feed_id="f", feed="F", url="https://x.example/1", title="Nurse",
                   company="Clinic", **kw)  # fmt: skip


def test_a_salary_found_in_the_description_shows_in_the_jobs_table() -> None:
    from aggregator.models import Salary
    from stayready.site.figures import posting_row

    text = "Salary $85,000 - $105,000 per year, full benefits."
    found = extract("Nurse", text)
    # (The cell is escaped for markdown; "/" is written &#47;.)
    assert unescape(posting_row(_posting(requirements=found))["salary"]) == "USD 85k–105k/yr"
    # The feed's own field wins over what the text said.
    fed = _posting(salary=Salary(min=90000, max=None, currency="USD", period="year"),
                   requirements=found)  # fmt: skip
    assert unescape(posting_row(fed)["salary"]) == "USD 90k/yr"
    # A hand-edited history with odd values shows nothing rather than failing or leaking.
    odd = {"salary": {"min": "<b>1</b>", "max": True, "currency": 5, "period": None}}
    assert posting_row(_posting(requirements=odd))["salary"] == ""
