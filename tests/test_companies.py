"""One name per company: the grouping key, aliases that merge and split, and the
`companies` section of stayready.yml."""

from __future__ import annotations

from pathlib import Path

import pytest

from aggregator.companies import CompanyNames, company_key
from foundation.config import load_config
from foundation.errors import ConfigError
from tests.conftest import write_config


@pytest.mark.parametrize(
    "spelling",
    ["Acme Inc.", "ACME", "Acme, Inc", "The Acme Company", "Acme LLC", "Acme Ltd.", "Acme GmbH",
     "Acme S.A.", "Acme S.A. de C.V.", "Acme, S. de R.L. de C.V.", "acme corp", "Ácme"],
)  # fmt: skip
def test_spellings_of_one_company_meet(spelling: str) -> None:
    assert company_key(spelling) == "acme"


def test_other_companies_stay_apart() -> None:
    assert company_key("Acme Labs") != company_key("Acme")
    assert company_key("Grupo Bimbo, S.A.B. de C.V.") == "grupo bimbo"
    assert company_key("Procter & Gamble") == company_key("Procter and Gamble")
    # A name that is only a legal word keeps it: nothing else would be left.
    assert company_key("The Company") == "company" and company_key("Inc") == "inc"


def test_aliases_merge_every_spelling_of_a_name_without_a_legal_form() -> None:
    names = CompanyNames({"Acme": ["Acme Rockets", "ACME Corporation"]})
    assert names.key("Acme Rockets, Inc.") == names.key("acme rockets") == company_key("Acme")
    assert names.key("ACME Corporation") == "acme"
    assert names.shown == {"acme": "Acme"}


def test_aliases_split_a_spelling_written_with_its_legal_form() -> None:
    names = CompanyNames({"Acme UK": ["Acme Ltd"]})
    assert names.key("Acme Ltd.") == names.key("ACME LTD") == "acme uk"
    assert names.key("Acme Inc") == names.key("Acme") == "acme"
    assert names.shown["acme uk"] == "Acme UK"


def test_the_companies_section_loads(project: Path) -> None:
    text = "companies:\n  aliases:\n    Acme: [Acme Rockets]\n    Acme UK: Acme Ltd\n"
    cfg = load_config(write_config(project, text))
    assert cfg.companies.aliases == (("Acme", ("Acme Rockets",)), ("Acme UK", ("Acme Ltd",)))
    assert load_config(write_config(project, "feeds: []\n")).companies.aliases == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("companies:\n  alias: {}\n", "did you mean 'aliases'?"),
        ("companies:\n  aliases: [Acme]\n", "companies.aliases: expected a mapping"),
        ("companies:\n  aliases:\n    Acme: [1, 2]\n", "expected a list of company names"),
        ("companies:\n  aliases:\n    A: [X]\n    B: [x]\n", "list a name under one company only"),
        ("companys: {}\n", "did you mean 'companies'?"),
    ],
)
def test_companies_section_problems(project: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write_config(project, text))
    assert message in str(err.value)
