"""Warm paths match whole company names, normalized as the market pages group them, plus
a contact's `org_aliases` and stayready.yml's `companies.aliases`; never a substring
("Meta" is not "Metal Works", "Northwind" is not "Northwind Analytics"). Cases and
answers: tests/fixtures/warm_paths/cases.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.models import Posting
from foundation.config import load_config
from journal.notebook import load_folder
from stayready.site.data import Contact, SiteData
from stayready.site.notebook_view import site_contact
from stayready.site.render import warm_paths
from tests.conftest import FIXTURES, write_config

CASES = json.loads((FIXTURES / "warm_paths" / "cases.json").read_text(encoding="utf-8"))
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("warm")
    aliases = "".join(f"    {k}: {json.dumps(v)}\n" for k, v in CASES["aliases"].items())
    config = load_config(write_config(folder, f"companies:\n  aliases:\n{aliases}"))
    data = SiteData(now=NOW, config=config)
    data.contacts = [
        Contact(id=str(i), name=c["name"], company=c["org"],
                company_aliases=tuple(c.get("org_aliases", ())))
        for i, c in enumerate(CASES["contacts"])
    ]  # fmt: skip
    data.postings = [
        Posting(id=f"p{i}", feed_id="f", feed="F", url=f"https://jobs.example/{i}", title="Analyst",
                company=name, first_seen="2026-03-09T06:00:00Z", last_seen="2026-03-10T06:00:00Z")
        for i, name in enumerate(CASES["warm"])
    ]  # fmt: skip
    return {row["company"]: row["contact"].split(", ") for row in warm_paths(data)}


@pytest.mark.parametrize(("company", "people"), sorted(CASES["warm"].items()))
def test_warm_paths_match_normalized_names_and_no_substring(found, company, people) -> None:
    assert found.get(company, []) == people


def test_org_aliases_are_read_from_the_contact_file(tmp_path: Path) -> None:
    (tmp_path / "contacts").mkdir()
    (tmp_path / "contacts" / "mark.md").write_text(
        "---\nname: Mark Meta\norg: Meta\norg_aliases: [Facebook, Meta Platforms]\n---\n"
    )
    nb = load_folder(tmp_path)
    assert nb.problems == []
    c = site_contact(nb.contacts["mark"])
    assert (c.company, c.company_aliases) == ("Meta", ("Facebook", "Meta Platforms"))
