"""Snapshots of rendered markdown (with its inline SVG) for a fixed, small data set.

A change in a template or a figure shows up here as a readable diff. To accept the new
output: STAYREADY_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_site_snapshots.py
"""

from __future__ import annotations

import os

import pytest

from foundation.clock import parse_instant
from stayready.site import editions
from tests.conftest import FIXTURES
from tests.site_sample import project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
SNAPSHOTS = FIXTURES / "site" / "snapshots"
PAGES = ["jobs/index.md", "jobs/remote.md", "trends.md", "companies.md", "health.md"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("snap")
    config = project_config(root, title="Snapshot")
    editions.public(config, NOW, data=sample_data(config, NOW, days=3, per_day=2), build=False)
    return root / "docs" / "generated"


@pytest.mark.parametrize("page", PAGES)
def test_rendered_page_matches_its_snapshot(rendered, page):
    got = (rendered / page).read_text(encoding="utf-8")
    snap = SNAPSHOTS / page.replace("/", "__")
    if os.environ.get("STAYREADY_UPDATE_SNAPSHOTS") == "1" or not snap.exists():
        snap.parent.mkdir(parents=True, exist_ok=True)
        snap.write_text(got, encoding="utf-8")
    assert got == snap.read_text(encoding="utf-8"), (
        f"refresh with STAYREADY_UPDATE_SNAPSHOTS=1: {page}"
    )
