"""Requirement details of a posting: years, degree, certifications, languages, seniority,
work mode, employment type and salary, against cases with known answers."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.models import Salary
from aggregator.requirements import extract
from aggregator.requirements.details import DEGREES, EMPLOYMENT_TYPES, SENIORITY
from tests.conftest import FIXTURES, SAMPLES

CASES = yaml.safe_load((FIXTURES / "requirements" / "details.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['title']}|{c['text'][:40]}")
def test_details_with_known_answers(case: dict[str, Any]) -> None:
    got = extract(case["title"], case["text"])
    assert {k: got[k] for k in case["expect"]} == case["expect"]


def test_whole_posting_example() -> None:
    text = (
        "We need 5+ years of Python and PostgreSQL. Bachelor's degree or equivalent experience."
        " Salary: $120k-150k. Full-time. Fluent in German; bilingual English/Spanish a plus."
        " PMP preferred."
    )
    assert extract("Senior Backend Engineer (Remote)", text) == {
        "terms": ["Python", "PostgreSQL", "PMP"],
        "years": {"min": 5, "max": None},
        "degree": "bachelor",
        "degree_equivalent": True,
        "certifications": ["PMP"],
        "languages": ["German", "English", "Spanish"],
        "seniority": "senior",
        "work_mode": "remote",
        "employment_type": "full-time",
        "salary": {
            "min": 120000,
            "max": 150000,
            "currency": "USD",
            "period": "year",
            "source": "text",
        },
    }


def test_a_feed_salary_wins_over_the_text_and_says_so() -> None:
    feed = Salary(min=150000, max=180000, currency="USD", period="year")
    got = extract("Engineer", "Salary $90k-100k", salary=feed)
    assert got["salary"] == {
        "min": 150000,
        "max": 180000,
        "currency": "USD",
        "period": "year",
        "source": "feed",
    }


def test_result_is_plain_json_data() -> None:
    got = extract("Data Engineer", "SQL, Spark, 3+ years, $100k-$120k")
    assert json.loads(json.dumps(got)) == got


@settings(max_examples=300, deadline=None)
@given(title=st.text(max_size=80), text=st.text(max_size=2000))
def test_extract_never_raises_and_keeps_to_its_vocabulary(title: str, text: str) -> None:
    got = extract(title, text)
    assert got["degree"] in (None, *DEGREES)
    assert got["seniority"] in (None, *SENIORITY)
    assert got["work_mode"] in (None, "remote", "hybrid", "onsite")
    assert got["employment_type"] in (None, *EMPLOYMENT_TYPES)
    assert set(got["certifications"]) <= set(got["terms"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "$",
                "£",
                "€",
                "k",
                "-",
                "5",
                "120",
                ",000",
                ".5",
                " ",
                "/hr",
                "per annum",
                "years",
                "+",
                "Go",
                "C",
                "++",
                "#",
                "R&D",
                "remote",
                "no ",
                "bachelor",
                "años",
                "İ",
                "\n",
                "USD",
            ]
        ),
        max_size=40,
    )
)
def test_extract_never_raises_on_requirement_shaped_noise(parts: list[str]) -> None:
    got = extract("".join(parts[:5]), "".join(parts))
    salary = got["salary"]
    if salary is not None:
        assert salary["min"] is None or salary["max"] is None or salary["min"] <= salary["max"]


# --- real postings captured from job boards -------------------------------------------------


def _plain(markup: str | None) -> str:
    text = re.sub(r"<[^>]+>", " ", html.unescape(html.unescape(markup or "")))
    return re.sub(r"\s+", " ", text)


def _sample(path: str) -> Any:
    file: Path = SAMPLES / "json-api" / path
    if not file.exists():
        pytest.skip(f"real samples not available ({file} missing)")
    return json.loads(file.read_text(encoding="utf-8"))


def test_real_postings_from_himalayas_and_jobicy() -> None:
    himalayas = {x["title"]: x for x in _sample("himalayas.json")}
    director = himalayas["Procurement Director"]
    got = extract(director["title"], _plain(director["description"]))
    assert got["years"] == {"min": 10, "max": None}
    assert got["degree"] == "bachelor"
    assert got["salary"] == {
        "min": 175000,
        "max": 200000,
        "currency": "USD",
        "period": "year",
        "source": "text",
    }
    assert "Supply chain" in got["terms"]
    assert "Dental hygiene" not in got["terms"]  # "medical, dental and vision insurance"

    jobicy = {x["jobTitle"]: x for x in _sample("jobicy.json")}
    engineer = jobicy["Senior Software Engineer"]
    got = extract(engineer["jobTitle"], _plain(engineer["jobDescription"]))
    assert {"Java", "C++", "C#", "Go"} <= set(got["terms"])
    assert got["seniority"] == "senior"
    recruiter = jobicy["Tech Recruiter"]
    got = extract(recruiter["jobTitle"], _plain(recruiter["jobDescription"]))
    assert "Recruiting" in got["terms"]
    assert "Radiology" not in got["terms"]  # "Boolean, X-ray and other sourcing tactics"
    assert got["salary"] is None  # "a €100 Catavoucher" is a gift


def test_real_postings_from_lever_and_remotive() -> None:
    lever = {x["text"]: x for x in _sample("lever-postings.json")}
    android = lever["Android Engineer III"]
    text = " ".join(_plain(android.get(k)) for k in ("descriptionPlain", "additionalPlain"))
    got = extract(android["text"], text + " " + _plain(str(android.get("lists"))))
    assert {"Android", "Kotlin"} <= set(got["terms"])
    assert got["years"] == {"min": 3, "max": 5}
    assert got["salary"] is None  # "401(k) ... up to a maximum of $10,000 per year"

    remotive = {x["title"]: x for x in _sample("remotive.json")}
    ai = remotive["Senior Independent AI Engineer / Architect"]
    got = extract(ai["title"], _plain(ai["description"]))
    assert got["salary"] == {
        "min": 120,
        "max": 170,
        "currency": "USD",
        "period": "hour",
        "source": "text",
    }
    assert got["seniority"] == "senior"
    assert {"LLMs", "NLP"} <= set(got["terms"])
