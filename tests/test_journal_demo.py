"""The demo notebook that `stayready demo` copies: valid, varied, and private by default."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import journal
from journal.demo import write_demo_notebook
from tests.conftest import REPO
from tests.journal_support import settings, snapshot

DEMO = REPO / "journal" / "demo_notebook"
WRITTEN_FOR = date(2026, 11, 26)  # the date the committed copy was generated for


def test_committed_copy_is_what_the_generator_writes(tmp_path: Path) -> None:
    fresh = write_demo_notebook(tmp_path / "demo", WRITTEN_FOR)
    assert snapshot(fresh) == snapshot(DEMO), "regenerate: python -m journal.demo"


def test_demo_is_valid_and_varied() -> None:
    nb = journal.load_notebook(settings(DEMO))
    assert nb.problems == []
    assert len(nb.contacts) >= 25 and len(nb.entries) >= 60
    assert (nb.entries[-1].date - nb.entries[0].date).days >= 14 * 30
    statuses = {c.status for c in nb.contacts.values()}
    assert {"do-not-contact", "archived"} <= statuses
    assert {c.tier for c in nb.contacts.values()} == {"A", "B", "C", "D"}
    assert any(not c.name.isascii() and not c.sort_name.isascii() for c in nb.contacts.values())
    assert any(i.source == "body" for e in nb.entries for i in e.interactions)
    assert any(i.source == "front-matter" for e in nb.entries for i in e.interactions)
    assert any(i.follow_up for e in nb.entries for i in e.interactions)
    assert nb.applications


def test_public_entries_name_only_people_who_agreed() -> None:
    nb = journal.load_notebook(settings(DEMO))
    public = journal.public_entries(nb)
    assert 2 <= len(public) <= 3
    for entry in public:
        assert all(journal.public_ok(nb.contacts[cid]) for cid in entry.contact_ids)
    # No private string of a contact who did not agree appears in a public entry.
    agreed = {s for c in nb.contacts.values() if c.public_ok for s in (c.name, *c.aliases)}
    for entry in public:
        for s in journal.private_strings(nb):
            if s not in agreed:
                assert s.lower() not in entry.body.lower(), (entry.path.name, s)


def test_demo_for_any_day_has_a_busy_today(tmp_path: Path) -> None:
    day = date(2027, 5, 3)
    nb = journal.load_notebook(settings(write_demo_notebook(tmp_path / "nb", day)))
    assert nb.problems == []
    t = journal.today(nb, settings(tmp_path / "nb"), day)
    assert 1 <= len(t.people) <= 2
    assert t.overdue or t.cold
    assert t.streaks["daily"] >= 1
