"""stayready.yml: a declarative, typed schema, validated on load with file, line and key path.

Every problem is collected (not just the first) and reported as
`stayready.yml:14: feeds[3].url: not an http(s) URL`; unknown keys get a "did you mean".
Relative paths resolve from the file's folder.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stayready.errors import ConfigError, StayReadyError

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


# --- loading -----------------------------------------------------------------------


class _Checker:
    """Walks the parsed YAML, collecting problems with their line and key path."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[StayReadyError] = []

    def fail(self, line: int | None, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(
            StayReadyError(f"{path}: {message}", file=self.file, line=line, hint=hint)
        )

    def keys(self, node: Any, path: str, allowed: tuple[str, ...], line: int | None) -> bool:
        if node is None:
            return False
        if not isinstance(node, dict):
            self.fail(line, path or "(top level)", "expected a mapping of keys to values")
            return False
        for key in node:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean '{near[0]}'?" if near else f"allowed: {', '.join(allowed)}"
                self.fail(key_line(node, key, line), _join(path, str(key)), "unknown key", hint)
        return True


def key_line(node: Any, key: Any, default: int | None = None) -> int | None:
    """1-based line of a key in a ruamel mapping (or of an item in a sequence)."""
    try:
        if isinstance(node, dict):
            return node.lc.key(key)[0] + 1
        return node.lc.item(key)[0] + 1
    except Exception:
        return default


def node_line(node: Any, default: int | None = None) -> int | None:
    try:
        return node.lc.line + 1
    except Exception:
        return default


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def read_yaml(path: Path) -> Any:
    """Parse a YAML file with line information; a syntax error names file and line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StayReadyError(
            "file not found",
            file=path,
            hint="create it (see README) or pass --config PATH",
        ) from None
    except UnicodeDecodeError as exc:
        raise StayReadyError(f"not UTF-8 text ({exc.reason})", file=path) from None
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise StayReadyError(
            f"YAML syntax error: {exc.problem or exc.context}",
            file=path,
            line=line,
            hint="check indentation and quoting around this line",
        ) from None


def load_config(path: str | Path | None = None) -> Config:
    """Load and validate stayready.yml; raise ConfigError listing every problem."""
    file = Path(path) if path else Path.cwd() / DEFAULT_CONFIG_NAME
    file = file.resolve() if file.exists() else file
    raw = read_yaml(file)
    if raw is None:
        raw = {}
    return build_config(raw, file)


def build_config(raw: Any, file: Path) -> Config:
    c = _Checker(file)
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

    site = _site(c, raw.get("site"), key_line(raw, "site", 1))
    filters = _filters(c, raw.get("filters"), "filters", key_line(raw, "filters", 1))
    feeds = _feeds(c, raw.get("feeds"), key_line(raw, "feeds", 1))
    fetch = _fetch(c, raw.get("fetch"), key_line(raw, "fetch", 1))
    notebook = _notebook(c, raw.get("notebook"), root, key_line(raw, "notebook", 1))
    profile = _profile(c, raw.get("profile"), key_line(raw, "profile", 1))
    public = _public(c, raw.get("public"), key_line(raw, "public", 1))
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


def _str(c: _Checker, node: dict, key: str, path: str, line: int | None) -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        c.fail(key_line(node, key, line), _join(path, key), "expected text")
        return None
    return str(value)


def _num(c, node, key, path, line, default, *, kind=float, minimum=0):
    value = node.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        c.fail(key_line(node, key, line), _join(path, key), f"expected a number >= {minimum}")
        return default
    if kind is int and value != int(value):
        c.fail(key_line(node, key, line), _join(path, key), "expected a whole number")
        return default
    return kind(value)


def _site(c: _Checker, node: Any, line: int | None) -> SiteConfig:
    if not c.keys(node, "site", ("title", "base_url", "timezone", "author"), line):
        return SiteConfig()
    tz = _str(c, node, "timezone", "site", line) or "UTC"
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except Exception:
        c.fail(
            key_line(node, "timezone", line),
            "site.timezone",
            f"unknown time zone {tz!r}",
            "use an IANA name such as Europe/London or America/Chicago",
        )
        tz = "UTC"
    base = _str(c, node, "base_url", "site", line)
    if base and not re.match(r"^https?://", base):
        c.fail(key_line(node, "base_url", line), "site.base_url", "not an http(s) URL")
    return SiteConfig(
        title=_str(c, node, "title", "site", line) or "Stay Ready",
        base_url=base,
        timezone=tz,
        author=_str(c, node, "author", "site", line),
    )


def _patterns(c: _Checker, node: Any, path: str, line: int | None) -> list[FilterRule]:
    """A rule list: plain strings (any field) or {field: pattern} mappings."""
    if node is None:
        return []
    if isinstance(node, str):
        node = [node]
    if not isinstance(node, list):
        c.fail(line, path, "expected a list of words or regular expressions")
        return []
    rules = []
    for i, item in enumerate(node):
        item_line = key_line(node, i, line)
        item_path = f"{path}[{i}]"
        pairs: list[tuple[str, Any]]
        if isinstance(item, dict):
            pairs = list(item.items())
        else:
            pairs = [("any", item)]
        for fld, pat in pairs:
            if fld not in FILTER_FIELDS:
                near = difflib.get_close_matches(str(fld), FILTER_FIELDS, n=1)
                c.fail(
                    item_line,
                    f"{item_path}.{fld}",
                    "unknown field",
                    f"did you mean '{near[0]}'?" if near else f"fields: {', '.join(FILTER_FIELDS)}",
                )
                continue
            if not isinstance(pat, str) or not pat:
                c.fail(item_line, item_path, "expected a word or regular expression")
                continue
            try:
                rules.append(FilterRule(re.compile(pat, re.IGNORECASE), fld))
            except re.error as exc:
                c.fail(
                    item_line,
                    item_path,
                    f"invalid regular expression: {exc}",
                    "escape special characters such as ( [ + with a backslash",
                )
    return rules


def _filters(c: _Checker, node: Any, path: str, line: int | None) -> Filters:
    if not c.keys(node, path, ("keep", "block"), line):
        return Filters()
    return Filters(
        keep=tuple(_patterns(c, node.get("keep"), f"{path}.keep", key_line(node, "keep", line))),
        block=tuple(
            _patterns(c, node.get("block"), f"{path}.block", key_line(node, "block", line))
        ),
    )


_FEED_KEYS = ("name", "id", "url", "area", "kind", "board", "profile", "title_pattern", "filters")


def _feeds(c: _Checker, node: Any, line: int | None) -> list[FeedConfig]:
    if node is None:
        return []
    if not isinstance(node, list):
        c.fail(line, "feeds", "expected a list of feeds", "each item: {name: ..., url: ...}")
        return []
    from aggregator.boards import PROFILES, default_url

    feeds: list[FeedConfig] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(node):
        path = f"feeds[{i}]"
        fline = key_line(node, i, line)
        if not isinstance(item, dict):
            c.fail(fline, path, "expected a mapping with at least name and url")
            continue
        c.keys(item, path, _FEED_KEYS, fline)
        name = _str(c, item, "name", path, fline)
        if not name:
            c.fail(fline, f"{path}.name", "missing", "give every feed a name")
            continue
        kind = _str(c, item, "kind", path, fline) or "rss"
        if kind not in SOURCE_KINDS:
            near = difflib.get_close_matches(kind, SOURCE_KINDS, n=1)
            c.fail(
                key_line(item, "kind", fline),
                f"{path}.kind",
                f"unknown kind {kind!r}",
                f"did you mean '{near[0]}'?" if near else f"kinds: {', '.join(SOURCE_KINDS)}",
            )
            continue
        board = _str(c, item, "board", path, fline)
        url = _str(c, item, "url", path, fline)
        if not url:
            url = default_url(kind, board) if (board or kind in _BOARDLESS) else None
            if not url:
                need = "board" if kind in ("greenhouse", "lever", "ashby") else "url"
                c.fail(
                    fline,
                    f"{path}.{need}",
                    "missing",
                    f"a {kind} feed needs {'its board name' if need == 'board' else 'a url'}",
                )
                continue
        elif not re.match(r"^https?://[^\s/]+", url):
            c.fail(key_line(item, "url", fline), f"{path}.url", "not an http(s) URL")
            continue
        fid = _str(c, item, "id", path, fline) or slugify(name)
        if fid in seen:
            c.fail(
                fline,
                f"{path}.id",
                f"duplicate feed id {fid!r} (also feeds[{seen[fid]}])",
                "give one of them an explicit, different `id`",
            )
            continue
        seen[fid] = i
        profile = _str(c, item, "profile", path, fline)
        if profile and profile not in PROFILES:
            near = difflib.get_close_matches(profile, list(PROFILES), n=1)
            c.fail(
                key_line(item, "profile", fline),
                f"{path}.profile",
                f"unknown board profile {profile!r}",
                f"did you mean '{near[0]}'?" if near else f"profiles: {', '.join(PROFILES)}",
            )
        pattern = None
        raw_pattern = _str(c, item, "title_pattern", path, fline)
        if raw_pattern:
            try:
                pattern = re.compile(raw_pattern)
                if not set(pattern.groupindex) & {"company", "title", "location"}:
                    c.fail(
                        key_line(item, "title_pattern", fline),
                        f"{path}.title_pattern",
                        "needs at least one named group",
                        "e.g. '^(?P<title>.+) at (?P<company>.+)$'",
                    )
            except re.error as exc:
                c.fail(
                    key_line(item, "title_pattern", fline),
                    f"{path}.title_pattern",
                    f"invalid regular expression: {exc}",
                )
        feeds.append(
            FeedConfig(
                id=fid,
                name=name,
                url=url,
                area=_str(c, item, "area", path, fline),
                kind=kind,
                board=board,
                profile=profile,
                title_pattern=pattern,
                filters=_filters(
                    c, item.get("filters"), f"{path}.filters", key_line(item, "filters", fline)
                ),
                line=fline,
            )
        )
    return feeds


# Kinds whose address is fixed (a whole public API), so they need neither url nor board.
_BOARDLESS = ("remoteok", "remotive", "himalayas", "jobicy")


def _fetch(c: _Checker, node: Any, line: int | None) -> FetchConfig:
    keys = (
        "connect_timeout",
        "read_timeout",
        "max_bytes",
        "concurrency",
        "retries",
        "max_backoff_hours",
    )
    if not c.keys(node, "fetch", keys, line):
        return FetchConfig()
    d = FetchConfig()
    return FetchConfig(
        # A zero timeout is no timeout to requests; it must be a positive number of seconds.
        connect_timeout=_num(
            c, node, "connect_timeout", "fetch", line, d.connect_timeout, minimum=0.1
        ),
        read_timeout=_num(c, node, "read_timeout", "fetch", line, d.read_timeout, minimum=0.1),
        max_bytes=_num(c, node, "max_bytes", "fetch", line, d.max_bytes, kind=int, minimum=1),
        concurrency=_num(c, node, "concurrency", "fetch", line, d.concurrency, kind=int, minimum=1),
        retries=_num(c, node, "retries", "fetch", line, d.retries, kind=int),
        max_backoff_hours=_num(c, node, "max_backoff_hours", "fetch", line, d.max_backoff_hours),
    )


def _notebook(c: _Checker, node: Any, root: Path, line: int | None) -> NotebookConfig:
    keys = (
        "path",
        "letters_per_week",
        "people_per_week",
        "cadences",
        "helping_goal_minutes",
        "week_start",
    )
    if not c.keys(node, "notebook", keys, line):
        return NotebookConfig(path=root / "notebook")
    d = NotebookConfig(path=root / "notebook")
    cadences = dict(d.cadences)
    cad = node.get("cadences")
    if cad is not None:
        cline = key_line(node, "cadences", line)
        if c.keys(cad, "notebook.cadences", ("A", "B", "C", "D"), cline):
            for tier, value in cad.items():
                days = parse_days(value)
                if days is None:
                    c.fail(
                        key_line(cad, tier, cline),
                        f"notebook.cadences.{tier}",
                        f"not a duration: {value!r}",
                        "write days like 90d or 90",
                    )
                elif tier in cadences:
                    cadences[tier] = days
    week_start = (_str(c, node, "week_start", "notebook", line) or "monday").lower()
    if week_start not in ("monday", "sunday", "saturday"):
        c.fail(
            key_line(node, "week_start", line),
            "notebook.week_start",
            "expected monday, sunday or saturday",
        )
        week_start = "monday"
    return NotebookConfig(
        path=root / (_str(c, node, "path", "notebook", line) or "notebook"),
        letters_per_week=_num(
            c, node, "letters_per_week", "notebook", line, 2, kind=int, minimum=1
        ),
        people_per_week=_num(c, node, "people_per_week", "notebook", line, 2, kind=int),
        cadences=cadences,
        helping_goal_minutes=_num(c, node, "helping_goal_minutes", "notebook", line, 90, kind=int),
        week_start=week_start,
    )


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


def _profile(c: _Checker, node: Any, line: int | None) -> ProfileConfig:
    if not c.keys(node, "profile", ("skills", "terms"), line):
        return ProfileConfig()
    skills = node.get("skills") or []
    if not isinstance(skills, list) or not all(isinstance(s, str) for s in skills):
        c.fail(key_line(node, "skills", line), "profile.skills", "expected a list of names")
        skills = []
    terms: list[TermConfig] = []
    raw_terms = node.get("terms") or []
    tline = key_line(node, "terms", line)
    if not isinstance(raw_terms, list):
        c.fail(tline, "profile.terms", "expected a list of terms")
        raw_terms = []
    for i, t in enumerate(raw_terms):
        p = f"profile.terms[{i}]"
        il = key_line(raw_terms, i, tline)
        if isinstance(t, str):
            terms.append(TermConfig(name=t))
            continue
        if not c.keys(t, p, ("name", "aliases", "case_sensitive", "category"), il):
            continue
        name = _str(c, t, "name", p, il)
        if not name:
            c.fail(il, f"{p}.name", "missing")
            continue
        aliases = t.get("aliases") or []
        if not isinstance(aliases, list):
            c.fail(il, f"{p}.aliases", "expected a list")
            aliases = []
        terms.append(
            TermConfig(
                name=name,
                aliases=tuple(str(a) for a in aliases),
                case_sensitive=bool(t.get("case_sensitive", False)),
                category=str(t.get("category", "custom")),
            )
        )
    return ProfileConfig(skills=tuple(skills), terms=tuple(terms))


def _public(c: _Checker, node: Any, line: int | None) -> PublicConfig:
    if not c.keys(node, "public", ("sections", "index"), line):
        return PublicConfig()
    sections = node.get("sections", list(SECTIONS))
    sline = key_line(node, "sections", line)
    if not isinstance(sections, list):
        c.fail(sline, "public.sections", "expected a list", f"from: {', '.join(SECTIONS)}")
        sections = list(SECTIONS)
    for i, s in enumerate(sections):
        if s not in SECTIONS:
            near = difflib.get_close_matches(str(s), SECTIONS, n=1)
            c.fail(
                key_line(sections, i, sline),
                f"public.sections[{i}]",
                f"unknown section {s!r}",
                f"did you mean '{near[0]}'?" if near else f"sections: {', '.join(SECTIONS)}",
            )
    index = node.get("index", True)
    if not isinstance(index, bool):
        c.fail(key_line(node, "index", line), "public.index", "expected true or false")
        index = True
    return PublicConfig(sections=frozenset(s for s in sections if s in SECTIONS), index=index)
