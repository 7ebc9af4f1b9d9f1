"""stayready.yml: a declarative, typed schema, validated on load with file, line and key path.

Every problem is collected (not just the first) and reported as
`stayready.yml:14: feeds[3].url: not an http(s) URL`; unknown keys get a "did you mean".
Relative paths resolve from the file's folder.

This module holds the schema (what a Config is) and `load_config`; reading YAML with line
numbers is in `config_yaml`, and one reader per section of the file in `config_sections`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stayready.config_yaml import Checker, key_line, read_yaml
from stayready.errors import ConfigError

DEFAULT_CONFIG_NAME = "stayready.yml"

SOURCE_KINDS = (
    "rss",  # RSS 0.9x/1.0/2.0 and Atom: the default
    "jsonfeed",
    "greenhouse",
    "lever",
    "ashby",
    "remoteok",
    "remotive",
    "himalayas",
    "jobicy",
)
# Kinds that show a company's whole board: a posting that disappears has really closed.
WHOLE_BOARD_KINDS = frozenset({"greenhouse", "lever", "ashby"})
FILTER_FIELDS = ("title", "company", "location", "text", "any")
SECTIONS = ("jobs", "trends", "companies", "health", "journal")


@dataclass(frozen=True)
class FilterRule:
    """One keep or block rule; `pattern` is compiled case-insensitive."""

    pattern: re.Pattern[str]
    field: str = "any"


@dataclass(frozen=True)
class Filters:
    keep: tuple[FilterRule, ...] = ()
    block: tuple[FilterRule, ...] = ()


@dataclass(frozen=True)
class FeedConfig:
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

    @property
    def whole_board(self) -> bool:
        return self.kind in WHOLE_BOARD_KINDS


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Stay Ready"
    base_url: str | None = None
    timezone: str = "UTC"
    author: str | None = None


@dataclass(frozen=True)
class FetchConfig:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 15 * 1024 * 1024
    concurrency: int = 12
    retries: int = 2
    # Capped backoff for failing feeds: retried later, never given up for good.
    max_backoff_hours: float = 24.0


@dataclass(frozen=True)
class NotebookConfig:
    path: Path
    letters_per_week: int = 2
    people_per_week: int = 2
    cadences: dict[str, int] = field(default_factory=lambda: {"A": 30, "B": 90, "C": 180, "D": 365})
    helping_goal_minutes: int = 90
    week_start: str = "monday"


@dataclass(frozen=True)
class TermConfig:
    """A person's own requirement term, added to the shipped taxonomy."""

    name: str
    aliases: tuple[str, ...] = ()
    case_sensitive: bool = False
    category: str = "custom"


@dataclass(frozen=True)
class ProfileConfig:
    skills: tuple[str, ...] = ()
    terms: tuple[TermConfig, ...] = ()


@dataclass(frozen=True)
class PublicConfig:
    sections: frozenset[str] = frozenset(SECTIONS)
    # Whether search engines may index the public site.
    index: bool = True


@dataclass(frozen=True)
class Config:
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


# --- loading -----------------------------------------------------------------------


def load_config(path: str | Path | None = None) -> Config:
    """Load and validate stayready.yml; raise ConfigError listing every problem."""
    file = Path(path) if path else Path.cwd() / DEFAULT_CONFIG_NAME
    file = file.resolve() if file.exists() else file
    raw = read_yaml(file)
    if raw is None:
        raw = {}
    return build_config(raw, file)


def build_config(raw: Any, file: Path) -> Config:
    # Imported here: the section readers build this module's dataclasses.
    from stayready import config_sections as sections

    c = Checker(file)
    root = file.parent
    top = (
        "site",
        "feeds",
        "filters",
        "notebook",
        "profile",
        "public",
        "fetch",
        "paths",
    )
    if not c.keys(raw, "", top, 1):
        raw = {}

    paths = raw.get("paths") or {}
    c.keys(paths, "paths", ("data", "cache"), key_line(raw, "paths"))
    data_dir = root / str(paths.get("data", "data")) if isinstance(paths, dict) else root / "data"
    cache_dir = (
        root / str(paths.get("cache", ".cache")) if isinstance(paths, dict) else root / ".cache"
    )

    site = sections.site(c, raw.get("site"), key_line(raw, "site", 1))
    filters = sections.filters(c, raw.get("filters"), "filters", key_line(raw, "filters", 1))
    feeds = sections.feeds(c, raw.get("feeds"), key_line(raw, "feeds", 1))
    fetch = sections.fetch(c, raw.get("fetch"), key_line(raw, "fetch", 1))
    notebook = sections.notebook(c, raw.get("notebook"), root, key_line(raw, "notebook", 1))
    profile = sections.profile(c, raw.get("profile"), key_line(raw, "profile", 1))
    public = sections.public(c, raw.get("public"), key_line(raw, "public", 1))
    if c.problems:
        raise ConfigError(c.problems)
    return Config(
        path=file,
        root=root,
        data_dir=data_dir,
        cache_dir=cache_dir,
        site=site,
        feeds=tuple(feeds),
        filters=filters,
        fetch=fetch,
        notebook=notebook,
        profile=profile,
        public=public,
    )
