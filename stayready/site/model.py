"""The plain dataclasses the site renders: contacts, entries, applications, feed rows,
and `SiteData`, everything one render shows, with the views the pages share.

Its own module so that the adapters that fill it (`data`, `notebook_view`) and the
renderer all build on it without importing each other; tests can build one directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from foundation.clock import iso as _iso
from foundation.clock import parse_instant as _parse
from foundation.config import Config

# A nightly run fetches every feed within minutes; postings first seen within this
# window before the latest successful fetch are "new since the last run".
RUN_WINDOW = timedelta(hours=12)
# Without a feed's list of live ids, a posting seen this recently still counts as open.
CURRENT_WINDOW = timedelta(days=7)


@dataclass
class Contact:
    """A person in the notebook, as the private pages show them and the privacy check sees them."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str = ""
    company_aliases: tuple[str, ...] = ()  # other names of the company (`org_aliases`)
    tier: str = ""
    may_be_named: bool = False  # the contact's file says they may be named in public
    last_contact: str | None = None
    state: str = ""
    balance: int = 0
    file: str | None = None


@dataclass
class Entry:
    """One journal entry; `public` entries become blog posts."""

    date: date
    title: str
    body: str  # markdown written by the person
    public: bool = False
    slug: str = ""
    people: tuple[str, ...] = ()  # contact ids mentioned
    tags: tuple[str, ...] = ()
    file: str | None = None


@dataclass(frozen=True)
class Application:
    """A posting the person marked (`stayready mark`): its latest state and their notes."""

    posting_id: str
    state: str  # interesting, applied, interviewing, offer, rejected or hidden
    updated: str | None = None  # ISO date of the latest mark
    notes: tuple[str, ...] = ()


@dataclass
class FeedRow:
    id: str
    name: str
    area: str | None
    url: str
    ok: bool | None = None
    last_attempt: str | None = None
    last_success: str | None = None
    failures: int = 0
    last_error: str | None = None
    http_status: int | None = None
    gone: bool = False
    redirected_to: str | None = None
    next_attempt: str | None = None
    items: int = 0
    live_ids: tuple[str, ...] = ()
    removed: bool = False  # in the history but no longer in stayready.yml


@dataclass
class SiteData:
    now: datetime
    config: Config
    postings: list[Any] = field(default_factory=list)  # aggregator.models.Posting
    feeds: list[FeedRow] = field(default_factory=list)
    trends: dict[str, Any] = field(default_factory=dict)
    contacts: list[Contact] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    today: dict[str, Any] | None = None
    ledger: list[dict[str, Any]] = field(default_factory=list)
    ledger_totals: dict[str, int] = field(default_factory=dict)
    follow_ups: list[tuple[date, str]] = field(default_factory=list)
    private_strings: list[str] = field(default_factory=list)
    # Contact files not read in full, as (file, line, what is wrong): the public
    # edition is refused while there is one (privacy.check_contact_files).
    broken_contacts: list[tuple[str, int | None, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    applications: dict[str, Application] = field(default_factory=dict)  # by posting id
    # Pass-alongs: live wishes (journal.PassAlong) and what was passed, by contact id;
    # private pages only, the public edition never reads them.
    wishes: dict[str, Any] = field(default_factory=dict)
    passed: dict[str, list[tuple[date, str]]] = field(default_factory=dict)
    asked: dict[str, str] = field(default_factory=dict)  # every wish in words, expired too

    # --- views the pages share --------------------------------------------------

    def listed(self) -> list[Any]:
        """Postings worth listing: not a duplicate of another feed's copy."""
        return [p for p in self.postings if not p.duplicate_of]

    def last_run(self) -> str | None:
        stamps = [f.last_success for f in self.feeds if f.last_success]
        if stamps:
            return max(stamps)
        seen = [p.last_seen for p in self.postings if p.last_seen]
        return max(seen) if seen else None

    def new_postings(self) -> list[Any]:
        run = self.last_run()
        if not run:
            return []
        cutoff = _iso(_parse(run) - RUN_WINDOW)
        new = [p for p in self.current() if (p.first_seen or "") >= cutoff]
        return sorted(new, key=lambda p: (p.area or "", p.company.casefold(), p.title))

    def current(self) -> list[Any]:
        """Open postings: in their feed's last successful fetch, or seen lately."""
        live: set[str] = set()
        known_feeds: set[str] = set()
        for f in self.feeds:
            if f.live_ids:
                live.update(f.live_ids)
                known_feeds.add(f.id)
        cutoff = _iso(self.now - CURRENT_WINDOW)
        out = []
        for p in self.listed():
            if p.closed:
                continue
            if p.feed_id in known_feeds:
                if p.id in live:
                    out.append(p)
            elif (p.last_seen or "") >= cutoff:
                out.append(p)
        return out

    def contact_names(self, *, public: bool) -> dict[str, str]:
        """Contact id -> name for writing out journal shorthand: in public, only the people
        who agreed to be named (check_entries refuses any other); the rest keep their @id."""
        return {c.id: c.name for c in self.contacts if c.may_be_named or not public}

    def hidden_ids(self) -> set[str]:
        """Postings the person marked hidden: out of the private edition's job lists."""
        return {pid for pid, a in self.applications.items() if a.state == "hidden"}

    def private_contacts_named(self) -> list[Contact]:
        return [c for c in self.contacts if not c.may_be_named]
