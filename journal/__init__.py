"""The networking journal: contacts and entries in a markdown notebook, and the habits
computed from them (sweep, cadence, helping minutes, ledger, follow-ups).

This is the API the site renders from; nothing here knows about feeds or the site.
"""

from __future__ import annotations

from journal.habits import (
    ContactState,
    Ledger,
    LedgerRow,
    Today,
    contact_states,
    ledger,
    open_follow_ups,
    opportunities,
    streaks,
    today,
)
from journal.model import (
    Application,
    ApplicationEvent,
    Contact,
    Entry,
    FollowUp,
    Interaction,
    Notebook,
)
from journal.notebook import load_notebook
from journal.sweep import SweepWeek, plan, sweep_week, sweep_weeks, week_start

__all__ = [
    "Application",
    "ApplicationEvent",
    "Contact",
    "ContactState",
    "Entry",
    "FollowUp",
    "Interaction",
    "Ledger",
    "LedgerRow",
    "Notebook",
    "SweepWeek",
    "Today",
    "contact_states",
    "ledger",
    "load_notebook",
    "open_follow_ups",
    "opportunities",
    "plan",
    "private_strings",
    "public_entries",
    "public_ok",
    "streaks",
    "sweep_week",
    "sweep_weeks",
    "today",
    "week_start",
]


def public_ok(contact: Contact) -> bool:
    """Whether the person's file says they may be named in public entries."""
    return contact.public_ok


def private_strings(notebook: Notebook) -> list[str]:
    """Every string that must never appear in the public edition: each contact's full
    name, multi-word aliases, emails and phones (public_ok contacts included, and the
    contacts of files not listed for a taken id)."""
    out: list[str] = []
    lowered: set[str] = set()
    for c in [*notebook.contacts.values(), *notebook.unlisted]:
        candidates = [c.name, *(a for a in c.aliases if len(a.split()) > 1), *c.emails, *c.phones]
        for s in candidates:
            s = s.strip()
            if s and s.lower() not in lowered:
                lowered.add(s.lower())
                out.append(s)
    return out


def public_entries(notebook: Notebook) -> list[Entry]:
    """Entries marked `visibility: public`; everything else stays private."""
    return [e for e in notebook.entries if e.public]
