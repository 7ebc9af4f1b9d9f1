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


def test_times_on_the_pages_are_in_the_sites_time_zone(tmp_path) -> None:
    import dataclasses
    from zoneinfo import ZoneInfo

    from foundation.clock import parse_instant
    from stayready.site import editions
    from stayready.site.figures import local_time
    from tests.site_sample import project_config, sample_data

    chicago = ZoneInfo("America/Chicago")
    assert local_time("2026-03-02T06:00:00Z", chicago) == "2026-03-02 00:00 CST"
    assert local_time("2026-07-02T06:00:00Z", chicago) == "2026-07-02 01:00 CDT"
    assert local_time("not a time", chicago) == "not a time"
    config = project_config(tmp_path)
    config = dataclasses.replace(config, site=dataclasses.replace(config.site,
                                 timezone="America/Chicago"))  # fmt: skip
    now = parse_instant("2026-03-02T06:00:00Z")
    editions.public(config, now, data=sample_data(config, now), build=False)
    health = (tmp_path / "docs" / "generated" / "health.md").read_text(encoding="utf-8")
    assert (
        "*Updated 2026&#45;03&#45;02 00&#58;00 CST.*" in health
        or "Updated 2026-03-02 00:00 CST" in health
    )
    assert "UTC" not in health
