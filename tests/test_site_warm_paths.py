"""Warm paths on the private Today page: new postings at a company where a contact works,
matched on the company's name without its legal suffix, and never a posting marked hidden."""

from __future__ import annotations

from foundation.clock import parse_instant
from stayready.site.data import Application
from stayready.site.render import warm_paths
from tests.site_sample import add_postings, project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")


def _data(tmp_path):  # type: ignore[no-untyped-def]
    data = sample_data(project_config(tmp_path), NOW)
    # Jane Doe works at Globex, Pat Lee at Initech (tests/site_sample.py).
    added = add_postings(data, [
        {"id": "w1", "url": "https://jobs.example/w1", "title": "Data Engineer",
         "company": "Globex Corporation"},
        {"id": "w2", "url": "https://jobs.example/w2", "title": "Analyst",
         "company": "Globex Analytics"},  # another company, whatever the first word
        {"id": "w3", "url": "https://jobs.example/w3", "title": "SRE", "company": "INITECH, Inc."},
    ])  # fmt: skip
    assert len(added) == 3
    return data


def test_new_postings_where_a_contact_works_are_warm_paths(tmp_path) -> None:
    rows = warm_paths(_data(tmp_path))
    found = {(r["company"], r["contact"]) for r in rows if "jobs.example/w" in r["title"]}
    assert found == {("Globex Corporation", "Jane Doe"), ("INITECH, Inc.", "Pat Lee")}


def test_a_posting_marked_hidden_is_not_a_warm_path(tmp_path) -> None:
    data = _data(tmp_path)
    data.applications["w1"] = Application(posting_id="w1", state="hidden")
    titles = " ".join(r["title"] for r in warm_paths(data))
    assert "jobs.example/w1" not in titles and "jobs.example/w3" in titles
