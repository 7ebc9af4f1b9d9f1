"""The journal's data: contacts, entries and their interactions, follow-ups, applications.

Everything here is read from the notebook's files; nothing computed (last contact,
next due, balance) is stored on these objects or written back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from foundation.errors import StayReadyError

INTERACTION_TYPES = (
    "call",
    "email",
    "meeting",
    "meal",
    "message",
    "thank-you",
    "intro",
    "referral",
    "help",
    "ask",
    "offer",
    "lead",
    "pass-along",
    "other",
)
# Opportunities remember where they came from.
OPPORTUNITY_TYPES = frozenset({"offer", "referral", "lead"})
# An `ask` is an ask and `help` is help even when `give` is left out.
IMPLIED_GIVE = {"ask": False, "help": True, "pass-along": True}
ORIGINS = ("network", "stranger", "own-writing")
TIERS = ("A", "B", "C", "D")
# A contact without a tier gets the loosest cadence rather than none at all.
DEFAULT_TIER = "D"
STATUSES = ("active", "archived", "do-not-contact")
VISIBILITIES = ("private", "public")
APPLICATION_STATES = ("interesting", "applied", "interviewing", "offer", "rejected", "hidden")


@dataclass(frozen=True)
class PassAlong:
    """What a contact asked to hear about (their `pass_along` section): each list given
    must match a posting, a list left out matches anything; expired after `until`."""

    roles: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    until: date | None = None
    line: int | None = None

    def active(self, day: date) -> bool:
        return self.until is None or day <= self.until


@dataclass
class Contact:
    id: str
    name: str
    path: Path | None = None
    aliases: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    org: str = ""
    title: str = ""
    relationship: str = ""
    worked_together: bool = False
    tier: str = DEFAULT_TIER
    cadence_days: int | None = None  # the contact's own cadence, overriding the tier's
    met: date | None = None
    tags: list[str] = field(default_factory=list)
    status: str = "active"
    snooze_until: date | None = None
    sources: list[str] = field(default_factory=list)
    linkedin: str = ""
    public_ok: bool = False  # may be named in public entries
    sort_name: str = ""  # the family name as written, or an explicit `sort_name`
    notes: str = ""
    pass_along: PassAlong | None = None
    org_aliases: list[str] = field(default_factory=list)  # other names of `org`
    line: int = 1

    @property
    def former_colleague(self) -> bool:
        return self.worked_together or self.relationship == "former-colleague"

    @property
    def reachable(self) -> bool:
        """Whether the person may be contacted at all (not archived, not do-not-contact)."""
        return self.status == "active"


@dataclass
class FollowUp:
    due: date
    what: str
    with_ids: tuple[str, ...]
    since: date  # the date of the interaction that asked for it
    done: bool = False  # `done: true` or `done: DATE` in the follow_up
    met_since: date | None = None  # a later interaction with the same people (today's hint)
    file: Path | None = None
    line: int | None = None

    def to_json(self) -> dict:
        return {
            "due": self.due.isoformat(),
            "what": self.what,
            "with": list(self.with_ids),
            "since": self.since.isoformat(),
            "met_since": self.met_since.isoformat() if self.met_since else None,
            "file": str(self.file) if self.file else None,
            "line": self.line,
        }


@dataclass
class Interaction:
    with_ids: tuple[str, ...]
    type: str
    date: date
    give: bool | None = None  # True: I gave or helped; False: I asked; None: neither
    minutes: int = 0
    summary: str = ""
    channel: str = ""
    initiated_by: str = ""
    origin: str | None = None  # for opportunities: network, stranger, own-writing
    follow_up: FollowUp | None = None
    postings: tuple[str, ...] = ()  # a pass-along's posting ids (or URLs)
    source: str = "front-matter"  # or "body"
    file: Path | None = None
    line: int | None = None


@dataclass
class Entry:
    path: Path
    date: date
    title: str = ""
    visibility: str = "private"
    tags: list[str] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    body: str = ""  # the markdown after the front matter, as written

    @property
    def public(self) -> bool:
        return self.visibility == "public"

    @property
    def contact_ids(self) -> set[str]:
        return {cid for i in self.interactions for cid in i.with_ids}


@dataclass
class ApplicationEvent:
    date: date
    state: str
    note: str = ""
    line: int | None = None
    elsewhere: bool = False  # a posting seen on another site, not in the job history


@dataclass
class Application:
    posting_id: str
    history: list[ApplicationEvent] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.history[-1].state if self.history else "interesting"

    @property
    def updated(self) -> date | None:
        return self.history[-1].date if self.history else None

    @property
    def hidden(self) -> bool:
        return self.state == "hidden"

    @property
    def notes(self) -> list[str]:
        return [e.note for e in self.history if e.note]


@dataclass
class Notebook:
    path: Path | None = None
    contacts: dict[str, Contact] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    applications: dict[str, Application] = field(default_factory=dict)
    problems: list[StayReadyError] = field(default_factory=list)
    # Contact files that could not be read in full (YAML, encoding, fences), by file
    # stem: whoever they describe is unknown, so nothing may be published (fail closed).
    broken_contacts: dict[str, StayReadyError] = field(default_factory=dict)
    # Contacts read but not listed (a second file with an id already taken): not people
    # of the notebook, but their names, emails and phones stay private all the same.
    unlisted: list[Contact] = field(default_factory=list)

    def interactions(self) -> list[Interaction]:
        """Every interaction, by when it happened (file order breaks ties)."""
        out = [i for e in self.entries for i in e.interactions]
        out.sort(key=lambda i: i.date)
        return out
