"""stayready.yml's schema: what a Config is, as typed dataclasses, and the small value
parsers (slugs, durations) that the section readers and the cores share.

Loading and validating the file is in `config` (which re-exports these names), reading
YAML with line numbers in `config_yaml`, one reader per section in `config_sections`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foundation.sources import SOURCE_KINDS as SOURCE_KINDS  # re-exported
from foundation.sources import WHOLE_BOARD_KINDS as WHOLE_BOARD_KINDS  # re-exported

DEFAULT_CONFIG_NAME = "stayready.yml"

FILTER_FIELDS = ("title", "company", "location", "text", "any")
SECTIONS = ("jobs", "trends", "companies", "health", "journal")


@dataclass(frozen=True)
class FilterRule:
    """One keep or block rule; `pattern` is compiled case-insensitive."""

    pattern: re.Pattern[str]
    field: str = "any"


@dataclass(frozen=True)
class Filters:
    """A feed's (or the whole file's) keep and block rules."""

    keep: tuple[FilterRule, ...] = ()
    block: tuple[FilterRule, ...] = ()


@dataclass(frozen=True)
class FeedConfig:
    """One feed of `feeds:`: where it is, what kind, and how to read it."""

    id: str
    name: str
    url: str
    area: str | None = None
    kind: str = "rss"
    board: str | None = None
    # A board profile name from aggregator.boards to force instead of auto-detection.
    profile: str | None = None
    # A regex with named groups company/title/location applied to entry titles.
    title_pattern: re.Pattern[str] | None = None
    filters: Filters = field(default_factory=Filters)
    line: int | None = None
    # Workday only: the board's own search, to narrow a board of thousands (a narrowed
    # read is never the whole board, so it closes nothing).
    search: str | None = None

    @property
    def whole_board(self) -> bool:
        return self.kind in WHOLE_BOARD_KINDS


@dataclass(frozen=True)
class SiteConfig:
    """`site:`: the site's title, address, time zone and author."""

    title: str = "Stay Ready"
    base_url: str | None = None
    timezone: str = "UTC"
    author: str | None = None


@dataclass(frozen=True)
class FetchConfig:
    """`fetch:`: timeouts, the body cap, concurrency, retries and backoff."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 15 * 1024 * 1024
    concurrency: int = 12
    retries: int = 2
    # Capped backoff for failing feeds: retried later, never given up for good.
    max_backoff_hours: float = 24.0
    # Paged boards (Workday, SmartRecruiters): the pause between two requests to one
    # host, the most pages read a night, and Workday's job pages asked a night per board.
    page_pause: float = 0.5
    max_pages: int = 100
    max_details: int = 25


@dataclass(frozen=True)
class NotebookConfig:
    """`notebook:`: where the notes are and the habits' goals."""

    path: Path
    letters_per_week: int = 2
    people_per_week: int = 2
    cadences: dict[str, int] = field(default_factory=lambda: {"A": 30, "B": 90, "C": 180, "D": 365})
    helping_goal_minutes: int = 90
    week_start: str = "monday"
    # GitHub logins besides the repository owner whose issues `stayready capture` logs.
    capture_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class TermConfig:
    """A person's own requirement term, added to the shipped taxonomy."""

    name: str
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    category: str = "custom"


@dataclass(frozen=True)
class ProfileConfig:
    """`profile:`: the person's skills and own requirement terms."""

    skills: tuple[str, ...] = ()
    terms: tuple[TermConfig, ...] = ()


@dataclass(frozen=True)
class PublicConfig:
    """`public:`: what the public site shows."""

    sections: frozenset[str] = frozenset(SECTIONS)
    # Whether search engines may index the public site.
    index: bool = True


@dataclass(frozen=True)
class CompaniesConfig:
    """`companies.aliases`: a shown name -> the other names it takes (merges or splits
    company names for grouping; read by aggregator/companies.py)."""

    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Config:
    """The whole of stayready.yml, validated, with its paths resolved."""

    path: Path
    root: Path
    data_dir: Path
    cache_dir: Path
    site: SiteConfig
    feeds: tuple[FeedConfig, ...]
    filters: Filters
    fetch: FetchConfig
    notebook: NotebookConfig
    profile: ProfileConfig
    public: PublicConfig
    companies: CompaniesConfig = field(default_factory=CompaniesConfig)

    def feed(self, feed_id: str) -> FeedConfig | None:
        return next((f for f in self.feeds if f.id == feed_id), None)


def slugify(text: str) -> str:
    """A lowercase ASCII slug: 'We Work Remotely - Jobs' -> 'we-work-remotely-jobs'."""
    try:
        from anyascii import anyascii

        text = anyascii(text)
    except ImportError:  # pragma: no cover - anyascii is a declared dependency
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "feed"


def parse_days(value: Any) -> int | None:
    """'90d' / '12w' / '6m' / '1y' / 90 -> days."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value > 0 else None
    m = re.fullmatch(r"\s*(\d+)\s*([dwmy]?)\s*", str(value))
    if not m:
        return None
    n = int(m.group(1))
    return n * {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}[m.group(2)] or None
