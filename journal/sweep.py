"""The weekly alphabet sweep: a cycle through A-Z by family name, a few people a week.

Letters are grouped into `ceil(26 / letters_per_week)` consecutive weeks (13 by default),
balanced so every week carries about the same number of people: a letter with few
people merges with the next. Each week picks `people_per_week` of its people, former
colleagues first, then whoever has waited longest. The pick is made from what was
known when the week started, so logging an interaction mid-week does not change it.
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from foundation.config import NotebookConfig
from journal.model import Contact, Notebook
from journal.names import sweep_key

LETTERS = string.ascii_uppercase
# Week numbers count from this Monday, so a given date always falls in the same week
# of the cycle, on every machine.
EPOCH = date(2024, 1, 1)
_WEEKDAY = {"monday": 0, "saturday": 5, "sunday": 6}


@dataclass
class SweepWeek:
    start: date
    index: int  # 0-based week of the cycle
    letters: list[str]
    people: list[str]
    done: dict[str, bool] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return all(self.done.values())


def week_start(day: date, first_weekday: str = "monday") -> date:
    """The first day of the week holding `day`."""
    wd = _WEEKDAY.get(first_weekday, 0)
    return day - timedelta(days=(day.weekday() - wd) % 7)


def letter_of(contact: Contact) -> str:
    """The sweep letter: the first A-Z letter of the transliterated family name, less
    its lower-case particles ("van Gogh" is a G: see journal.names)."""
    from anyascii import anyascii

    for ch in anyascii(sweep_key(contact.sort_name or contact.name)).upper():
        if ch in LETTERS:
            return ch
    return "Z"  # names with no letter at all wait at the end of the alphabet


def sort_key(contact: Contact) -> tuple[str, str, str]:
    from anyascii import anyascii

    return (
        anyascii(sweep_key(contact.sort_name)).lower(),
        anyascii(contact.name).lower(),
        contact.id,
    )


def plan(notebook: Notebook, settings: NotebookConfig) -> list[list[str]]:
    """The cycle's weeks, each a list of letters, balanced by how many people they hold."""
    per = max(1, settings.letters_per_week)
    weeks = math.ceil(len(LETTERS) / per)
    load = dict.fromkeys(LETTERS, 0)
    for c in notebook.contacts.values():
        if c.reachable:
            load[letter_of(c)] += 1
    total = sum(load.values())
    counts = [load[ch] for ch in LETTERS]
    n = len(LETTERS)

    def cost(i: int, j: int) -> int:
        # Integer arithmetic keeps the plan exactly reproducible. An uneven load
        # dominates; among equal loads, groups of `per` letters win.
        dev = sum(counts[i:j]) * weeks - total
        return dev * dev * 1000 + ((j - i) - per) ** 2

    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(weeks + 1)]
    cut = [[0] * (n + 1) for _ in range(weeks + 1)]
    best[0][0] = 0
    for g in range(1, weeks + 1):
        for j in range(g, n - (weeks - g) + 1):
            for i in range(g - 1, j):
                if best[g - 1][i] == inf:
                    continue
                c = best[g - 1][i] + cost(i, j)
                if c < best[g][j]:
                    best[g][j], cut[g][j] = c, i
    groups: list[list[str]] = []
    j = n
    for g in range(weeks, 0, -1):
        i = cut[g][j]
        groups.append(list(LETTERS[i:j]))
        j = i
    return groups[::-1]


def last_contacts(notebook: Notebook, before: date) -> dict[str, date]:
    """Each contact's latest interaction strictly before `before`."""
    last: dict[str, date] = {}
    for it in notebook.interactions():
        if it.date >= before:
            continue
        for cid in it.with_ids:
            if cid not in last or it.date > last[cid]:
                last[cid] = it.date
    return last


def sweep_week(notebook: Notebook, settings: NotebookConfig, today: date) -> SweepWeek:
    """This week's letters and people, and which of them have been reached so far."""
    start = week_start(today, settings.week_start)
    epoch = week_start(EPOCH, settings.week_start)
    groups = plan(notebook, settings)
    index = ((start - epoch).days // 7) % len(groups)
    letters = groups[index]
    waited = last_contacts(notebook, start)
    candidates = [
        c
        for c in notebook.contacts.values()
        if c.reachable
        and letter_of(c) in letters
        and not (c.snooze_until and c.snooze_until > start)
    ]
    candidates.sort(key=lambda c: (not c.former_colleague, waited.get(c.id, date.min), sort_key(c)))
    people = [c.id for c in candidates[: max(0, settings.people_per_week)]]
    end = start + timedelta(days=7)
    reached = {
        cid
        for it in notebook.interactions()
        if start <= it.date < end and it.date <= today
        for cid in it.with_ids
    }
    return SweepWeek(start, index, letters, people, {p: p in reached for p in people})


def sweep_weeks(
    notebook: Notebook, settings: NotebookConfig, start: date, weeks: int
) -> list[SweepWeek]:
    """The sweep for `weeks` consecutive weeks from the one holding `start` (for a calendar).

    Later weeks are a forecast: they assume nobody is contacted in between.
    """
    first = week_start(start, settings.week_start)
    return [sweep_week(notebook, settings, first + timedelta(days=7 * n)) for n in range(weeks)]
