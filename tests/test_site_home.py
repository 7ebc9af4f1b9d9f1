"""The front doors: a generated overview of only the published sections, the private
home page's week, first-run pages that say what to do first; docs/index.md left alone."""

from __future__ import annotations

from foundation.clock import parse_instant
from stayready.site import render
from tests.site_sample import project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")


def test_the_public_overview_names_only_the_published_sections(tmp_path):
    config = project_config(tmp_path, sections=("jobs", "journal"))
    data = sample_data(config, NOW, days=3, per_day=2)
    result = render.render(data, tmp_path / "docs")
    page = (tmp_path / "docs" / "generated" / "overview.md").read_text()
    assert "[Jobs](jobs/index.md)" in page and "[Journal](journal/index.md)" in page
    for hidden in ("Trends", "Companies", "Feed health", "rising", "posting most"):
        assert hidden not in page, hidden
    assert {"What's new": "generated/overview.md"} in result.nav
    assert not (tmp_path / "docs" / "index.md").exists()  # the person's page is theirs


def test_with_no_section_public_the_overview_says_nothing_of_the_market(tmp_path):
    config = project_config(tmp_path, sections=())
    render.render(sample_data(config, NOW, days=3, per_day=2), tmp_path / "docs")
    page = (tmp_path / "docs" / "generated" / "overview.md").read_text()
    assert "Nothing is published here yet." in page
    assert "Jobs" not in page and "new since" not in page


def test_the_private_home_page_shows_the_week(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, days=3, per_day=2)
    static = tmp_path / "static"
    static.mkdir()
    (static / "index.md").write_text("# My own home\n")
    docs = tmp_path / "private-docs"
    render.render(data, docs, edition="private", static_dir=static)
    home = (docs / "index.md").read_text()
    assert "# This week" in home
    for what in ("Letters of the alphabet sweep", "People to write to", "Helping minutes",
                 "Follow-ups due this week", "generated/today.md#overdue", "[Jobs]"):  # fmt: skip
        assert what in home, what
    assert (static / "index.md").read_text() == "# My own home\n"


def test_a_new_person_is_told_what_to_do_first(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, days=3, per_day=2, contacts=[])
    docs = tmp_path / "private-docs"
    render.render(data, docs, edition="private")
    for page in ("generated/today.md", "generated/network.md", "index.md"):
        text = (docs / page).read_text()
        assert '!!! tip "Start here"' in text, page
        assert "stayready contacts import" in text and "stayready log" in text, page
