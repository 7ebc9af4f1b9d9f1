"""The requirement taxonomy: every term's positive phrases find it and its negative phrases
do not, generated from taxonomy.yml itself, so adding a term adds its tests."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.requirements import extract, load_taxonomy, term_categories
from aggregator.requirements.terms import (
    CERTIFICATION,
    COMPILED_FILE,
    by_first_character,
    compiled_form,
    read_source,
    source_terms,
    split_alternatives,
)
from foundation.config import TermConfig

TERMS = source_terms()
POSITIVE = [
    pytest.param(t.name, phrase, id=f"{t.name}:{phrase}") for t in TERMS for phrase in t.positive
]
NEGATIVE = [
    pytest.param(t.name, phrase, id=f"{t.name}:{phrase}") for t in TERMS for phrase in t.negative
]


def find(text: str) -> list[str]:
    return load_taxonomy().find(text)


@pytest.mark.parametrize(("name", "phrase"), POSITIVE)
def test_positive_phrase_finds_its_term(name: str, phrase: str) -> None:
    assert name in find(phrase)


@pytest.mark.parametrize(("name", "phrase"), NEGATIVE)
def test_negative_phrase_does_not_find_its_term(name: str, phrase: str) -> None:
    assert name not in find(phrase)


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.name)
def test_every_alias_finds_its_term_in_a_sentence(term) -> None:
    for alias in term.aliases:
        assert term.name in find(f"We need experience with {alias}, please."), alias


def test_every_term_has_phrases_and_the_taxonomy_is_broad() -> None:
    assert len(TERMS) >= 250
    assert [t.name for t in TERMS if not t.positive or not t.negative] == []
    categories = Counter(t.category for t in TERMS)
    for needed in (
        "language",
        "framework",
        "cloud",
        "data",
        "devops",
        "security",
        "design",
        "healthcare",
        "finance",
        "education",
        "trades",
        "sales",
        CERTIFICATION,
    ):
        assert categories[needed] >= 3, needed


def test_names_are_unique_and_no_alias_belongs_to_two_terms() -> None:
    names = Counter(t.name for t in TERMS)
    assert [n for n, c in names.items() if c > 1] == []
    owners: dict[str, set[str]] = {}
    for t in TERMS:
        for alias in t.aliases + t.in_context:
            owners.setdefault(" ".join(alias.lower().split()), set()).add(t.name)
    assert {a: o for a, o in owners.items() if len(o) > 1} == {}


def test_shipped_json_is_the_yaml_without_its_test_phrases() -> None:
    shipped = json.loads(COMPILED_FILE.read_text(encoding="utf-8"))
    assert shipped == compiled_form(read_source()), (
        "taxonomy.json is stale: run python -c 'from aggregator.requirements.terms "
        "import write_compiled; write_compiled()'"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Golang; Go developer; in Go and Rust", ["Go", "Rust"]),
        ("your go-to person, on the go. Go to market with us", []),
        ("C, C++, C# and Objective-C", ["C", "C++", "C#", "Objective-C"]),
        ("C++ and C# only", ["C++", "C#"]),
        ("React Native and React", ["React Native", "React"]),
        ("React Native only", ["React Native"]),
        ("JavaScript, not Java", ["JavaScript", "Java"]),
        ("JavaScript only", ["JavaScript"]),
        ("R&D, R.N. and R & D", ["RN"]),
        ("statistics in R", ["Statistics", "R"]),
        ("ASP.NET and .NET", ["ASP.NET", ".NET"]),
        ("Node.js, node and NodeJS", ["Node.js"]),
        ("k8s and Kubernetes", ["Kubernetes"]),
        ("Postgres or PostgreSQL", ["PostgreSQL"]),
        ("Remote, fully remote, remote-first", []),
    ],
)
def test_hard_cases_find_exactly_these_terms(text: str, expected: list[str]) -> None:
    assert find(text) == expected


def test_terms_come_once_each_in_order_of_first_mention() -> None:
    assert find("PostgreSQL, Python, postgres, python3") == ["PostgreSQL", "Python"]


def test_title_counts_and_remote_is_a_work_mode_not_a_term() -> None:
    got = extract("Remote Go Engineer", "Fully remote team.")
    assert got["terms"] == ["Go"]
    assert got["work_mode"] == "remote"


def test_a_persons_own_terms_are_found_and_extend_shipped_ones() -> None:
    own = (
        TermConfig(name="Stripe", aliases=("Stripe API",), category="payments"),
        TermConfig(name="Python", aliases=("CPython",)),
        TermConfig(name="DOT", case_sensitive=True),
    )
    got = extract("", "Stripe API, CPython internals, DOT rules, a dot matrix", extra_terms=own)
    assert got["terms"] == ["Stripe", "Python", "DOT"]
    assert load_taxonomy(own).categories()["Stripe"] == "payments"
    # the shipped taxonomy is unchanged for everyone else
    assert "Stripe" not in extract("", "Stripe API")["terms"]


def test_term_categories_cover_every_term() -> None:
    categories = term_categories()
    assert categories["Python"] == "language"
    assert categories["CDL"] == CERTIFICATION
    assert set(categories) == {t.name for t in TERMS}


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abc$.+ ", min_size=1, max_size=5), min_size=1, max_size=12),
    probe=st.text(alphabet="abc$.+ ", max_size=8),
)
def test_grouped_alternation_matches_what_the_plain_one_matches(words, probe) -> None:
    escaped = [re.escape(w) for w in words]
    grouped = re.compile(by_first_character(escaped))
    plain = re.compile("(?:" + "|".join(escaped) + ")")
    assert bool(grouped.fullmatch(probe)) == bool(plain.fullmatch(probe))
    assert split_alternatives("|".join(escaped)) == escaped
