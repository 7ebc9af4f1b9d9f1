"""What each posting asks for: terms from the curated taxonomy, years, degree, languages,
seniority, work mode, employment type and salary, extracted once at ingest."""

from __future__ import annotations

from aggregator.requirements.details import extract
from aggregator.requirements.terms import Taxonomy, Term, load_taxonomy, term_categories

__all__ = ["Taxonomy", "Term", "extract", "load_taxonomy", "term_categories"]
