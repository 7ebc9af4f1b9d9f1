"""Applications (issue 4): `stayready mark` keeps a posting's state in the notebook; hidden
postings leave the private edition's job lists, the rest show on its Applications page with
their notes, and the public edition lists what the boards list, whatever was marked."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from stayready.cli import main

NOW = "2026-03-14T12:00:00Z"


def _text(folder: Path) -> str:
    """Every page's HTML with entities undone (an address's & is &amp; there)."""
    return unescape(
        "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.html")))
    )


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("apps") / "stayready-demo"
    mp = pytest.MonkeyPatch()
    mp.setenv("STAYREADY_NOW", NOW)
    try:
        assert main(["demo", "--dir", str(folder), "--days", "5", "--no-site"]) == 0
        mp.chdir(folder)
        exported = folder / "postings.jsonl"
        with exported.open("w", encoding="utf-8") as out:
            mp.setattr("sys.stdout", out)
            assert main(["export", "postings"]) == 0
            mp.undo()
        mp.setenv("STAYREADY_NOW", NOW)
        mp.chdir(folder)
        rows = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
        # Two open postings with addresses no other posting shares.
        urls = [r["url"] for r in rows]
        # As a person would: ids read off the private job tables, none marked yet.
        assert main(["build", "--private"]) == 0
        jobs_md = folder / ".private" / "docs" / "generated" / "jobs"
        tables = "".join(p.read_text(encoding="utf-8") for p in jobs_md.glob("*.md"))
        listed = set(re.findall(r"`([0-9a-f]{16})`", tables))
        marked_before = (folder / "notebook" / "applications.yml").read_text(encoding="utf-8")
        picked = [r for r in rows if urls.count(r["url"]) == 1 and r["id"] in listed
                  and r["id"] not in marked_before]  # fmt: skip
        hidden, applied = picked[0], picked[-1]
        assert main(["mark", hidden["id"], "hidden", "--note", "too far to commute"]) == 0
        assert (
            main(["mark", applied["id"], "applied", "--note", "referred by Kofi at the meetup"])
            == 0
        )
        assert main(["build"]) == 0
        assert main(["build", "--private"]) == 0
    finally:
        mp.undo()
    return {"folder": folder, "hidden": hidden, "applied": applied}


def test_a_hidden_posting_leaves_the_private_job_lists(marked: dict) -> None:
    jobs = _text(marked["folder"] / ".private" / "site" / "generated" / "jobs")
    assert marked["hidden"]["url"] not in jobs
    assert marked["applied"]["url"] in jobs
    # The private tables show the ids `stayready mark` takes.
    assert marked["applied"]["id"] in jobs


def test_marked_postings_show_on_the_private_applications_page(marked: dict) -> None:
    html = _text(marked["folder"] / ".private" / "site" / "generated" / "applications")
    assert marked["applied"]["url"] in html
    assert "referred by Kofi at the meetup" in html
    assert marked["hidden"]["url"] not in html and "too far to commute" not in html


def test_the_public_edition_ignores_the_marks(marked: dict) -> None:
    site = marked["folder"] / "site"
    assert marked["hidden"]["url"] in _text(site / "generated" / "jobs")
    assert not (site / "generated" / "applications").exists()
    everything = _text(site)
    assert (
        "referred by Kofi at the meetup" not in everything
        and marked["applied"]["id"] not in everything
    )


def test_the_applications_page_knows_every_state_but_hidden() -> None:
    from journal.model import APPLICATION_STATES
    from stayready.site.figures import APPLICATION_ORDER

    assert sorted(APPLICATION_ORDER) == sorted(s for s in APPLICATION_STATES if s != "hidden")


def test_an_odd_id_in_a_hand_edited_history_is_text_not_markup() -> None:
    from types import SimpleNamespace

    from stayready.site.figures import application_table

    app = SimpleNamespace(posting_id="x`</code><script>1</script>", updated="2026-03-01",
                          notes=("n",))  # fmt: skip
    table = application_table([app], {})
    assert "<script>" not in table and "no longer listed" in table
