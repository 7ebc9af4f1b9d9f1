"""The market watch's data: postings, feed state and the outcome of one fetch.

Timestamps are ISO 8601 strings in UTC (`2026-03-01T06:30:00Z`), as stored.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

SCHEMA_VERSION = 1
# The requirement rules (aggregator/requirements: the taxonomy and its matcher) that new
# postings' requirements are extracted with. Bump it when they find other terms: the
# store's rules.json says which rules its postings follow, and trends recompute the terms
# of a history stored under older ones (1: before issue 22's "+", "-", Helm, TS and case).
REQUIREMENTS_RULES = 2


@dataclass(slots=True)
class Salary:
    """A salary range as a feed or the text states it."""

    min: float | None
    max: float | None
    currency: str | None = None  # ISO 4217, e.g. USD
    period: str | None = None  # year, month, week, day, hour
    source: str = "feed"  # "feed" (a structured field) or "text" (parsed from the description)


@dataclass(slots=True)
class Posting:
    """One job listing as normalized from any source kind."""

    id: str  # stable across runs and machines: a hash of feed_id and the entry's own id
    feed_id: str
    feed: str  # the feed's name as written in the config
    url: str  # http(s) only, tracking parameters removed
    title: str
    company: str
    location: str = ""  # display string
    locations: list[str] = field(default_factory=list)
    area: str | None = None
    published: str | None = None  # when the source gives a plausible date
    updated: str | None = None
    first_seen: str = ""
    last_seen: str = ""
    description: str = ""  # plain text, capped
    duplicate_of: str | None = None  # id of the same job first seen on another feed
    department: str | None = None
    work_mode: str | None = None  # remote / hybrid / onsite, when the source says
    employment_type: str | None = None
    salary: Salary | None = None
    tags: list[str] = field(default_factory=list)  # the source's own skills/tags
    closed: str | None = None  # when it left a whole-board source; never set for other kinds
    requirements: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Posting:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        salary = values.get("salary")
        if isinstance(salary, dict):
            values["salary"] = Salary(**salary)
        return cls(**values)


FetchOutcome = Literal["fetched", "not_modified", "failed", "gone", "deferred"]


@dataclass(slots=True)
class FetchResult:
    """What one feed's HTTP exchange gave. Failures are data, never exceptions."""

    feed_id: str
    outcome: FetchOutcome
    status: int | None = None  # HTTP status of the final response
    body: bytes | None = None  # only for "fetched"
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    permanent_redirect: str | None = None  # the new URL after a 301/308, to tell the person
    error: str | None = None  # why it failed, in words a person understands
    retry_after: float | None = None  # seconds, when the server said so
    elapsed: float = 0.0  # seconds on the network
    bytes_downloaded: int = 0
    not_before: str | None = None  # deferred: asked too recently for the API's terms
    # Set when no server was reached for a reason of the network itself (no DNS, no
    # route, connection refused, no answer to connect): the same for every feed means
    # this machine is offline, not that the feeds are broken.
    network_error: str | None = None
    # A paged board (aggregator/paging.py): the requests its listing took, the size it
    # said it had, and why the read stopped short of it (then nothing closes tonight).
    pages: int = 0
    board_size: int | None = None
    incomplete: str | None = None
    board_note: str | None = None  # e.g. its first page's total was lower than it lists
    # The board keys whose own job page was read in this read (aggregator/paging.py).
    described: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FeedState:
    """A feed's health, stored beside the history."""

    feed_id: str
    name: str
    url: str
    ok: bool | None = None  # None: never fetched
    last_attempt: str | None = None
    last_success: str | None = None
    consecutive_failures: int = 0
    last_error: str | None = None
    http_status: int | None = None
    redirected_to: str | None = None
    gone: bool = False
    next_attempt: str | None = None  # backoff: not before this time
    items: int = 0  # entries in the last successful parse
    title_shape: str | None = None  # how a generic feed's titles were read (parse.py)
    # Why the last successful read was not the whole board (parse.py): nothing closed then.
    incomplete: str | None = None
    # A paged board at its last successful read: the postings it said it had, and the
    # pages read (None and 0 for a board read in one request).
    board_size: int | None = None
    pages: int = 0
    board_note: str | None = None  # what the last read found odd (a total lower than listed)
    live_ids: list[str] = field(default_factory=list)  # postings present at the last success
    # Live postings of a paged board whose own job page was read (aggregator/paging.py):
    # they hold what only that page gives, which the listing's thinner text never replaces.
    described: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedState:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
