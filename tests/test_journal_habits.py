"""Cadence states, helping minutes, streaks, ledger and follow-ups over the sample notebook."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import journal
from journal.habits import helping_minutes, open_follow_ups, streaks
from tests.journal_support import EXPECTED, settings

NOW = date.fromisoformat(EXPECTED["now"])


@pytest.fixture(scope="module")
def nb():
    return journal.load_notebook(settings())


def test_sample_loads_without_problems(nb) -> None:
    counts = EXPECTED["counts"]
    assert len(nb.contacts) == counts["contacts"]
    assert len(nb.entries) == counts["entries"]
    assert len(nb.applications) == counts["applications"]
    assert [str(p) for p in nb.problems] == []
    # The sample spans more than a year.
    assert (nb.entries[-1].date - nb.entries[0].date).days > 365


@pytest.mark.parametrize("cid", sorted(EXPECTED["states"]))
def test_contact_state(nb, cid: str) -> None:
    want = EXPECTED["states"][cid]
    st = {s.id: s for s in journal.contact_states(nb, settings(), NOW)}[cid]
    assert (st.last_contact.isoformat() if st.last_contact else None) == want["last_contact"]
    assert (st.next_due.isoformat() if st.next_due else None) == want["next_due"]
    assert st.state == want["state"]
    assert st.balance == want["balance"]
    assert st.interactions == want["interactions"]
    assert st.reachable == want.get("reachable", True)
    if "warning" in want:
        assert bool(st.warning) == want["warning"]


def test_never_contacted_is_never_not_cold(nb) -> None:
    states = {s.id: s.state for s in journal.contact_states(nb, settings(), NOW)}
    assert states["ivan-petrov"] == "never"  # imported, met on LinkedIn, never contacted


def test_future_and_old_entries_do_not_move_last_contact(nb) -> None:
    states = {s.id: s for s in journal.contact_states(nb, settings(), NOW)}
    # Maria has a lunch planned on 2026-03-10: not a contact yet.
    assert states["maria-nunez"].last_contact == date(2026, 2, 24)
    # Once that day comes, it is.
    later = {s.id: s for s in journal.contact_states(nb, settings(), date(2026, 3, 10))}
    assert later["maria-nunez"].last_contact == date(2026, 3, 10)
    # Raj's 2025-01-05 call was written in a later file but happened earlier.
    assert states["raj-rao"].last_contact == date(2025, 12, 1)


def test_cadences_come_from_settings(nb) -> None:
    loose = settings(cadences={"A": 365, "B": 365, "C": 365, "D": 365})
    states = {s.id: s.state for s in journal.contact_states(nb, loose, NOW)}
    assert states["emma-fischer"] == "ok"  # 215 days < 365
    assert states["sam-wong"] == "due-soon"  # her own 14d cadence still wins


def test_today_json_has_exactly_the_documented_keys(nb) -> None:
    data = journal.today(nb, settings(), NOW).to_json()
    assert list(data) == [
        "week",
        "letters",
        "people",
        "due",
        "overdue",
        "cold",
        "never",
        "helping_minutes",
        "helping_goal",
        "follow_ups",
        "streaks",
    ]


def test_today_known_answers(nb) -> None:
    want = EXPECTED["today"]
    data = journal.today(nb, settings(), NOW).to_json()
    assert data["week"] == want["week"]
    assert data["letters"] == want["letters"]
    assert data["people"] == want["people"]
    for key in ("due", "overdue", "cold", "never"):
        assert [r["id"] for r in data[key]] == want[key], key
    assert data["helping_minutes"] == want["helping_minutes"]
    assert data["helping_goal"] == want["helping_goal"]
    assert [{k: f[k] for k in ("due", "what", "with")} for f in data["follow_ups"]] == want[
        "follow_ups"
    ]
    assert data["streaks"] == want["streaks"]


def test_today_leaves_out_snoozed_and_do_not_contact(nb) -> None:
    data = journal.today(nb, settings(), NOW).to_json()
    listed = {r["id"] for key in ("due", "overdue", "cold", "never") for r in data[key]}
    assert not listed & {"hana-kim", "george-ng", "lee-sutton"}
    # After the snooze ends, Hana is overdue again.
    later = journal.today(nb, settings(), date(2026, 4, 2)).to_json()
    assert "hana-kim" in {r["id"] for r in later["overdue"] + later["cold"]}


@pytest.mark.parametrize("week,minutes", sorted(EXPECTED["helping_minutes_by_week"].items()))
def test_helping_minutes_count_each_interaction_once(nb, week: str, minutes: int) -> None:
    start = date.fromisoformat(week)
    assert helping_minutes(nb, start, start + timedelta(days=7)) == minutes


def test_streaks_break_on_a_missed_day_and_week(nb) -> None:
    # 2026-02-28 had nothing: on 2026-03-01 the daily streak starts again at 1.
    assert streaks(nb, settings(), date(2026, 3, 1))["daily"] == 1
    # A higher goal: no week met it.
    s = streaks(nb, settings(helping_goal_minutes=91), NOW)
    assert s["helping_weeks"] == 0


def test_ledger_known_answers(nb) -> None:
    book = journal.ledger(nb)
    want = EXPECTED["ledger"]
    assert (book.gives, book.asks, book.give_minutes, book.balance) == tuple(
        want["overall"][k] for k in ("gives", "asks", "give_minutes", "balance")
    )
    got = {
        cid: {"gives": r.gives, "asks": r.asks, "give_minutes": r.give_minutes}
        for cid, r in book.rows.items()
    }
    assert got == want["rows"]


def test_follow_ups_close_when_done_or_heard_from(nb) -> None:
    assert [f.what for f in open_follow_ups(nb, NOW)] == EXPECTED["open_follow_ups"]


def test_opportunities_record_their_origin(nb) -> None:
    assert journal.opportunities(nb) == EXPECTED["opportunities"]


def test_applications_keep_their_latest_state(nb) -> None:
    assert {k: a.state for k, a in nb.applications.items()} == EXPECTED["applications"]
    assert nb.applications["p-100"].notes == ["referred by Ana"]


def test_public_entries_and_private_strings(nb) -> None:
    assert [e.path.name for e in journal.public_entries(nb)] == EXPECTED["public_entries"]
    strings = journal.private_strings(nb)
    for s in EXPECTED["private_strings_include"]:
        assert s in strings
    for s in EXPECTED["private_strings_exclude"]:
        assert s not in strings  # single-word aliases would flag ordinary words
    assert journal.public_ok(nb.contacts["yuki-tanaka"])
    assert not journal.public_ok(nb.contacts["ana-costa"])


def test_missing_notebook_is_empty(tmp_path) -> None:
    nb = journal.load_notebook(settings(tmp_path / "nowhere"))
    assert (nb.contacts, nb.entries, nb.applications, nb.problems) == ({}, [], {}, [])
    assert journal.today(nb, settings(tmp_path / "nowhere"), NOW).to_json()["people"] == []
