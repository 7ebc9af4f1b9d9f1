"""Issue 22's term cases, on phrasings from real postings: a "+" after or a "-" before a
term blocks only the terms that need it, ordinary-word aliases ("Helm", "TS", "rust",
"spark") count only in a list of technologies, and "scala" and "aws" count in any case.
Each case in tests/fixtures/requirements/term_guards.yml carries its whole expected list."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from aggregator.requirements import extract, load_taxonomy
from aggregator.requirements.terms import source_terms
from foundation.config import TermConfig
from tests.conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "requirements" / "term_guards.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['case']}|{c['text'][:40]}")
def test_term_cases_with_known_answers(case: dict[str, Any]) -> None:
    assert extract("", case["text"])["terms"] == case["terms"]


def test_every_rule_of_the_issue_has_cases() -> None:
    assert {c["case"] for c in CASES} == {"plus", "minus", "context", "case"}


def test_only_names_continued_by_another_name_are_guarded() -> None:
    taxonomy = load_taxonomy()
    # "c" because of "c++" and "objective-c"; "react", "aws", "php" are not guarded
    assert "c" in taxonomy.plus_guarded and "c" in taxonomy.minus_guarded
    for key in ("react", "python", "aws", "java", "php", "node", "docker"):
        assert key not in taxonomy.plus_guarded, key
        assert key not in taxonomy.minus_guarded, key


def test_a_form_in_context_needs_a_technology_beside_it_not_any_word() -> None:
    find = load_taxonomy().find
    # a certification or a soft skill beside "Helm" is not a list of technologies
    assert "Kubernetes" not in find("PMP, Helm")
    assert "Kubernetes" in find("PostgreSQL, Helm")
    # words between them break the list
    assert "TypeScript" not in find("React developers who like TS")
    assert "TypeScript" in find("React or TS")


def test_the_form_in_context_is_found_where_it_stands_in_the_order() -> None:
    assert load_taxonomy().find("Python, TS and Docker") == ["Python", "TypeScript", "Docker"]


def test_a_persons_own_term_still_extends_a_term_with_forms_in_context() -> None:
    own = (TermConfig(name="Kubernetes", aliases=("K3s",)),)
    got = extract("", "K3s at the edge; people at the helm", extra_terms=own)["terms"]
    assert got == ["Kubernetes"]
    assert extract("", "people at the helm", extra_terms=own)["terms"] == []


IN_CONTEXT = [
    pytest.param(t.name, form, id=f"{t.name}:{form}")
    for t in source_terms()
    for form in t.in_context
]


def test_the_taxonomy_has_forms_in_context() -> None:
    assert {f.values[1] for f in IN_CONTEXT} >= {"Helm", "TS", "rust", "spark"}


@pytest.mark.parametrize(("name", "form"), IN_CONTEXT)
def test_every_form_in_context_counts_in_a_list_and_not_alone(name: str, form: str) -> None:
    find = load_taxonomy().find
    assert name in find(f"Our stack: PostgreSQL, {form}, GraphQL."), form
    assert name in find(f"Our stack: PostgreSQL and {form.lower()}."), form
    assert name not in find(f"We need experience with {form}, please."), form
    assert name not in find(f"PostgreSQL experts who know {form} well."), form
