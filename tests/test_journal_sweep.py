"""The weekly alphabet sweep: letters per week, balanced load, who is picked, when it is done."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

import journal
from journal.model import Contact, Entry, Interaction, Notebook
from journal.notebook import sort_name
from journal.sweep import letter_of, plan, sweep_week, week_start
from tests.journal_support import EXPECTED, settings


def person(cid: str, name: str, **kw) -> Contact:
    return Contact(id=cid, name=name, sort_name=sort_name(name), **kw)


def book(contacts: list[Contact], meetings: list[tuple[str, str]] = ()) -> Notebook:
    """A notebook of these contacts, with a call on each (date, id) pair."""
    entries = [
        Entry(
            path=Path(f"{d}.md"),
            date=date.fromisoformat(d),
            interactions=[Interaction(with_ids=(cid,), type="call", date=date.fromisoformat(d))],
        )
        for d, cid in meetings
    ]
    return Notebook(contacts={c.id: c for c in contacts}, entries=entries)


@pytest.mark.parametrize("day", sorted(EXPECTED["sweep"]))
def test_sample_weeks(day: str) -> None:
    want = EXPECTED["sweep"][day]
    nb = journal.load_notebook(settings())
    w = sweep_week(nb, settings(), date.fromisoformat(day))
    assert w.start.isoformat() == want["week"]
    assert w.letters == want["letters"]
    assert w.people == want["people"]
    assert w.done == want["done"]


def test_sort_names_use_family_name_and_transliteration() -> None:
    assert letter_of(person("a", "Maria Núñez")) == "N"
    assert letter_of(person("b", "Дмитрий Иванов")) == "I"
    assert letter_of(person("c", "田中 雪")) == "T"  # family name first in CJK names
    assert letter_of(person("d", "Martin Luther King Jr.")) == "K"
    assert letter_of(person("e", "Émile Zola")) == "Z"


def test_empty_notebook_gives_plain_pairs_over_13_weeks() -> None:
    groups = plan(Notebook(), settings())
    assert len(groups) == 13
    assert groups[0] == ["A", "B"] and groups[-1] == ["Y", "Z"]
    assert all(len(g) == 2 for g in groups)


def test_letters_with_few_people_merge_with_the_next() -> None:
    # Three people in each of A, B, C, D and nobody after: with 4 weeks, each of A, B, C
    # carries a week alone and D takes the rest of the alphabet.
    people = [person(f"{ch}{i}", f"Pat {ch}{'x' * i}") for ch in "ABCD" for i in range(3)]
    groups = plan(book(people), settings(letters_per_week=7))
    assert groups == [["A"], ["B"], ["C"], [chr(c) for c in range(ord("D"), ord("Z") + 1)]]


def test_loads_are_balanced_with_default_settings() -> None:
    # 26 people: 8 named S..., the rest spread one per letter (no S, X, Y, Z, Q).
    names = [f"Sam S{'a' * i}" for i in range(8)]
    names += [f"Kim {ch}one" for ch in "ABCDEFGHIJKLMNOPRTUVW"]
    groups = plan(book([person(f"p{i}", n) for i, n in enumerate(names)]), settings())
    assert ["S"] in groups  # the heavy letter is a week on its own
    assert [ch for g in groups for ch in g] == [chr(c) for c in range(65, 91)]
    assert len(groups) == 13


def week_of(nb: Notebook, letter: str, **kw) -> date:
    """The first Monday from 2026-01-05 whose week holds `letter`."""
    day = date(2026, 1, 5)
    while letter not in sweep_week(nb, settings(**kw), day).letters:
        day += timedelta(days=7)
    return day


def test_picks_former_colleagues_then_who_waited_longest() -> None:
    people = [
        person("ann-adams", "Ann Adams"),
        person("bo-arden", "Bo Arden", relationship="former-colleague"),
        person("amy-abbott", "Amy Abbott"),
        person("al-ash", "Al Ash", status="do-not-contact"),
        person("ben-avila", "Ben Avila", status="archived"),
        person("abe-ames", "Abe Ames"),
        person("ava-aziz", "Ava Aziz"),
    ]
    meetings = [
        ("2025-06-01", "ann-adams"),
        ("2025-01-01", "amy-abbott"),
        ("2025-09-01", "ava-aziz"),
        ("2025-10-01", "bo-arden"),
    ]
    nb = book(people, meetings)
    monday = week_of(nb, "A", people_per_week=3)
    # Abe is snoozed past that week.
    nb.contacts["abe-ames"].snooze_until = monday + timedelta(days=30)
    w = sweep_week(nb, settings(people_per_week=3), monday)
    # Bo first (a former colleague, though seen recently); then whoever waited
    # longest: Amy (2025-01-01) before Ann (2025-06-01); Ava (2025-09-01) waits.
    assert w.people == ["bo-arden", "amy-abbott", "ann-adams"]
    nb.contacts["abe-ames"].snooze_until = None
    # Never contacted waits longest of all.
    assert sweep_week(nb, settings(people_per_week=3), monday).people == [
        "bo-arden",
        "abe-ames",
        "amy-abbott",
    ]


def test_pick_is_stable_within_the_week_and_done_when_logged() -> None:
    people = [
        person("ann-adams", "Ann Adams"),
        person("amy-abbott", "Amy Abbott"),
        person("ada-allen", "Ada Allen"),
    ]
    meetings = [
        ("2025-06-01", "ann-adams"),
        ("2025-01-01", "amy-abbott"),
        ("2025-03-01", "ada-allen"),
    ]
    monday = week_of(book(people, meetings), "A")
    before = sweep_week(book(people, meetings), settings(), monday)
    assert before.people == ["amy-abbott", "ada-allen"]
    assert not before.complete
    # Calls on Tuesday and Wednesday: same people, now done.
    tue, wed = (monday + timedelta(days=n) for n in (1, 2))
    logged = meetings + [(tue.isoformat(), "amy-abbott"), (wed.isoformat(), "ada-allen")]
    after = sweep_week(book(people, logged), settings(), wed + timedelta(days=1))
    assert after.people == before.people
    assert after.done == {"amy-abbott": True, "ada-allen": True} and after.complete


def test_week_start_setting() -> None:
    wed = date(2026, 3, 4)
    assert week_start(wed, "monday") == date(2026, 3, 2)
    assert week_start(wed, "sunday") == date(2026, 3, 1)
    assert week_start(wed, "saturday") == date(2026, 2, 28)


def test_same_date_same_answer() -> None:
    nb = journal.load_notebook(settings())
    a = sweep_week(nb, settings(), date(2026, 3, 4))
    b = sweep_week(journal.load_notebook(settings()), settings(), date(2026, 3, 6))
    assert (a.letters, a.people) == (b.letters, b.people)


def test_a_cycle_of_weeks_covers_the_alphabet_once() -> None:
    nb = journal.load_notebook(settings())
    weeks = journal.sweep_weeks(nb, settings(), date(2026, 3, 4), 13)
    assert weeks[0].start == date(2026, 3, 2) and weeks[1].start == date(2026, 3, 9)
    letters = [ch for w in weeks for ch in w.letters]
    assert sorted(letters) == [chr(c) for c in range(65, 91)]


@pytest.mark.parametrize(
    ("name", "letter"),
    [
        ("Rashmi Nayak, MSc, MBA, PHR", "N"),
        ("Joel Olazagoitia (he/him)", "O"),
        ("Felix Werdermann 🔸", "W"),
        ("Tieren Zhou, Ph.D.", "Z"),
        ("Vincent van Gogh", "G"),  # a lower-case particle is not the letter
        ("Ludwig Mies van der Rohe", "R"),
        ("Robert De Niro", "D"),  # a capitalised one is
        ("Van Morrison", "M"),  # the first word is a given name, particle or not
    ],
)
def test_typed_in_names_are_filed_by_their_family_name(name: str, letter: str) -> None:
    assert letter_of(person("x", name)) == letter


def test_particles_stay_in_the_family_name() -> None:
    assert sort_name("Vincent van Gogh") == "van Gogh"
    assert sort_name("Ludwig Mies van der Rohe") == "van der Rohe"
    assert letter_of(Contact(id="x", name="Anything", sort_name="van Gogh")) == "G"
