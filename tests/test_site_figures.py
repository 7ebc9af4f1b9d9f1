"""The jobs table's "key requirements" cell, from what the real extractor stores."""

from __future__ import annotations

from aggregator.requirements import extract
from stayready.site.figures import requirements_text


def test_years_read_as_a_person_would() -> None:
    req = extract("Senior Backend Engineer", "You have 5+ years of Python and PostgreSQL.")
    text = requirements_text(req)
    assert "5&#43; yrs" in text and "Python" in text and "min" not in text
    ranged = requirements_text(extract("Nurse", "3-5 years of experience; BLS required."))
    assert "3–5 yrs" in ranged and "BLS" in ranged
