"""The habits computed from the journal: cadence states, helping minutes, streaks,
the give/take ledger, follow-ups and the Today digest.

Everything is computed from entries by when each interaction happened, so logging an
old interaction can never move a last contact backwards, and nothing is written back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from foundation.config import NotebookConfig
from journal.model import Contact, FollowUp, Notebook
from journal.sweep import sort_key, sweep_week, week_start

YEAR = 365
STATES = ("ok", "due-soon", "overdue", "cold", "never", "alarm")


def _day(now: datetime | date) -> date:
    return now.date() if isinstance(now, datetime) else now


@dataclass
class ContactState:
    id: str
    name: str
    tier: str
    cadence_days: int
    last_contact: date | None
    next_due: date | None
    days_since: int | None
    state: str
    warning: str | None  # loud: more than a year (or three) without contact
    balance: int  # gives - asks
    gives: int
    asks: int
    interactions: int
    reachable: bool  # not archived, not do-not-contact, not snoozed today

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "tier": self.tier,
            "last_contact": self.last_contact.isoformat() if self.last_contact else None,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "days_since": self.days_since,
            "state": self.state,
            "warning": self.warning,
            "balance": self.balance,
            "interactions": self.interactions,
        }


@dataclass
class LedgerRow:
    id: str
    gives: int = 0
    asks: int = 0
    give_minutes: int = 0

    @property
    def balance(self) -> int:
        return self.gives - self.asks


@dataclass
class Ledger:
    rows: dict[str, LedgerRow] = field(default_factory=dict)
    # Overall totals count each interaction once, however many people it was with.
    gives: int = 0
    asks: int = 0
    give_minutes: int = 0

    @property
    def balance(self) -> int:
        return self.gives - self.asks

    def row(self, cid: str) -> LedgerRow:
        return self.rows.get(cid) or LedgerRow(cid)


def cadence_of(contact: Contact, settings: NotebookConfig) -> int:
    return contact.cadence_days or settings.cadences.get(contact.tier, YEAR)


def ledger(notebook: Notebook) -> Ledger:
    """Gives and asks per contact and overall."""
    out = Ledger()
    for it in notebook.interactions():
        if it.give is None:
            continue
        if it.give:
            out.gives += 1
            out.give_minutes += it.minutes
        else:
            out.asks += 1
        for cid in it.with_ids:
            row = out.rows.setdefault(cid, LedgerRow(cid))
            if it.give:
                row.gives += 1
                row.give_minutes += it.minutes
            else:
                row.asks += 1
    return out


def contact_states(
    notebook: Notebook, settings: NotebookConfig, now: datetime | date
) -> list[ContactState]:
    """Every contact's last contact, next due date, state and balance, by sort name."""
    today = _day(now)
    last: dict[str, date] = {}
    count: dict[str, int] = {}
    for it in notebook.interactions():
        if it.date > today:
            continue  # a planned meeting is not a contact yet
        for cid in it.with_ids:
            count[cid] = count.get(cid, 0) + 1
            if cid not in last or it.date > last[cid]:
                last[cid] = it.date
    book = ledger(notebook)
    out = []
    for c in sorted(notebook.contacts.values(), key=sort_key):
        cadence = cadence_of(c, settings)
        seen = last.get(c.id)
        state, warning, due, since = "never", None, None, None
        if seen is not None:
            since = (today - seen).days
            due = seen + timedelta(days=cadence)
            if since > 3 * YEAR:
                state, warning = "alarm", f"no contact in over three years (since {seen})"
            elif since > YEAR or since > 2 * cadence:
                state = "cold"
                if since > YEAR:
                    warning = f"no contact in over a year (since {seen})"
            elif today > due:
                state = "overdue"
            elif (due - today).days <= min(14, cadence // 4):
                state = "due-soon"
            else:
                state = "ok"
        row = book.row(c.id)
        snoozed = bool(c.snooze_until and c.snooze_until > today)
        out.append(
            ContactState(
                c.id,
                c.name,
                c.tier,
                cadence,
                seen,
                due,
                since,
                state,
                warning,
                row.balance,
                row.gives,
                row.asks,
                count.get(c.id, 0),
                c.reachable and not snoozed,
            )
        )
    return out


def helping_minutes(notebook: Notebook, start: date, end: date) -> int:
    """Minutes of help given in [start, end), each interaction counted once."""
    return sum(it.minutes for it in notebook.interactions() if it.give and start <= it.date < end)


def streaks(notebook: Notebook, settings: NotebookConfig, now: datetime | date) -> dict:
    """Days in a row with at least one interaction; weeks in a row meeting the helping goal.

    A streak still counts while today (or this week) is not over: it is broken only
    by a whole day (or week) that went by without.
    """
    today = _day(now)
    days = {it.date for it in notebook.interactions() if it.date <= today}
    day = today if today in days else today - timedelta(days=1)
    daily = 0
    while day in days:
        daily += 1
        day -= timedelta(days=1)
    goal = settings.helping_goal_minutes
    start = week_start(today, settings.week_start)
    earliest = min(days) if days else today

    def met(s: date) -> bool:
        return (
            helping_minutes(notebook, s, min(s + timedelta(days=7), today + timedelta(1))) >= goal
        )

    this_week = met(start)
    weeks = 0
    s = start if this_week else start - timedelta(days=7)
    while s + timedelta(days=7) > earliest and met(s):
        weeks += 1
        s -= timedelta(days=7)
    return {
        "daily": daily,
        "daily_done_today": today in days,
        "helping_weeks": weeks,
        "helping_met_this_week": this_week,
    }


def open_follow_ups(notebook: Notebook, now: datetime | date) -> list[FollowUp]:
    """Follow-ups not marked done, whatever was logged since: a call about something else
    must not take the reminder away. Each carries `met_since`, the latest later
    interaction with the same people, for the hint "you met on DATE: done?"."""
    today = _day(now)
    its = [it for it in notebook.interactions() if it.date <= today]
    out = []
    for it in its:
        fu = it.follow_up
        if fu is None or fu.done:
            continue
        later = [
            o.date
            for o in its
            if o is not it and o.date > fu.since and set(o.with_ids) & set(fu.with_ids)
        ]
        out.append(replace(fu, met_since=max(later)) if later else fu)
    out.sort(key=lambda f: (f.due, str(f.file), f.line or 0))
    return out


def opportunities(notebook: Notebook) -> dict[str, int]:
    """How many offers, referrals and leads came from the network, strangers, own writing."""
    out = {"network": 0, "stranger": 0, "own-writing": 0}
    for it in notebook.interactions():
        if it.origin:
            out[it.origin] = out.get(it.origin, 0) + 1
    return out


@dataclass
class Today:
    date: date
    week: date
    letters: list[str]
    people: list[str]
    people_done: dict[str, bool]
    due: list[ContactState]
    overdue: list[ContactState]
    cold: list[ContactState]
    never: list[ContactState]
    helping_minutes: int
    helping_goal: int
    follow_ups: list[FollowUp]
    streaks: dict
    names: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The keys of `stayready today --json`, but for `pass_alongs`, which the
        application adds (matching needs the job history, which the journal never reads)."""
        return {
            "week": self.week.isoformat(),
            "letters": list(self.letters),
            "people": list(self.people),
            "due": [s.to_json() for s in self.due],
            "overdue": [s.to_json() for s in self.overdue],
            "cold": [s.to_json() for s in self.cold],
            "never": [{"id": s.id, "name": s.name} for s in self.never],
            "helping_minutes": self.helping_minutes,
            "helping_goal": self.helping_goal,
            "follow_ups": [f.to_json() for f in self.follow_ups],
            "streaks": dict(self.streaks),
        }


def today(notebook: Notebook, settings: NotebookConfig, now: datetime | date) -> Today:
    """The digest: this week's sweep, who is due, helping minutes, follow-ups, streaks."""
    day = _day(now)
    week = sweep_week(notebook, settings, day)
    states = [s for s in contact_states(notebook, settings, day) if s.reachable]

    def pick(*names: str) -> list[ContactState]:
        return [s for s in states if s.state in names]

    overdue = sorted(pick("overdue"), key=lambda s: (s.next_due, s.id))
    cold = sorted(pick("cold", "alarm"), key=lambda s: (-(s.days_since or 0), s.id))
    due = sorted(pick("due-soon"), key=lambda s: (s.next_due, s.id))
    horizon = day + timedelta(days=7)
    return Today(
        date=day,
        week=week.start,
        letters=week.letters,
        people=week.people,
        people_done=week.done,
        due=due,
        overdue=overdue,
        cold=cold,
        never=pick("never"),
        helping_minutes=helping_minutes(notebook, week.start, day + timedelta(days=1)),
        helping_goal=settings.helping_goal_minutes,
        follow_ups=[f for f in open_follow_ups(notebook, day) if f.due <= horizon],
        streaks=streaks(notebook, settings, day),
        names={c.id: c.name for c in notebook.contacts.values()},
    )
