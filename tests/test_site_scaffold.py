"""A project made before the site's tables, folds and tabs still builds them right: an
unchanged earlier copy of the shipped mkdocs.yml or stylesheet is refreshed, an edited
one is left alone and its build gets the markdown extensions the pages need."""

from __future__ import annotations

import shutil

from foundation.clock import parse_instant
from stayready.site import editions
from tests.conftest import FIXTURES, REPO
from tests.site_sample import project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
OLD = FIXTURES / "site" / "shipped"  # as shipped before: teal, no tabs, lines that fill


def _old_project(root, *, edited: bool = False):
    config = project_config(root)
    (root / "docs" / "stylesheets").mkdir(parents=True)
    yml = (OLD / "mkdocs.yml").read_text() + ("# mine\n" if edited else "")
    (root / "mkdocs.yml").write_text(yml)
    shutil.copy2(OLD / "stayready.css", root / "docs" / "stylesheets" / "stayready.css")
    return config


def test_unchanged_earlier_copies_are_refreshed(tmp_path):
    _old_project(tmp_path)
    editions.ensure_scaffold(tmp_path)
    assert (tmp_path / "mkdocs.yml").read_text() == (REPO / "mkdocs.yml").read_text()
    css = (tmp_path / "docs" / "stylesheets" / "stayready.css").read_text()
    assert css == (REPO / "docs" / "stylesheets" / "stayready.css").read_text()


def test_an_edited_copy_stays_and_still_builds_tables_folds_and_tabs(tmp_path):
    config = _old_project(tmp_path, edited=True)
    editions.public(config, NOW, data=sample_data(config, NOW))
    assert (tmp_path / "mkdocs.yml").read_text().endswith("# mine\n")
    html = (tmp_path / "site" / "generated" / "trends" / "index.html").read_text()
    assert 'class="sr-table"' in html and "<table>" in html
    assert "<details" in html and "tabbed-set" in html
    assert "???" not in html and '=== "' not in html
