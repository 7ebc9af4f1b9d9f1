"""The sections of stayready.yml, one reader each: site, filters, feeds, fetch, notebook,
profile, public, companies. Each takes the parsed YAML node and the line it starts on, records every
problem in the Checker, and returns the typed section (defaults where a value was wrong).
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from foundation.config_schema import (
    FILTER_FIELDS,
    SECTIONS,
    SOURCE_KINDS,
    CompaniesConfig,
    FeedConfig,
    FetchConfig,
    FilterRule,
    Filters,
    NotebookConfig,
    ProfileConfig,
    PublicConfig,
    SiteConfig,
    TermConfig,
    parse_days,
    slugify,
)
from foundation.config_yaml import Checker, key_line, number_value, text_value
from foundation.sources import BOARD_PROFILES, default_url, needs_board, workday_api

# Seconds between two requests of a paged board: past this, a pause only makes a board of
# 100 pages take many minutes (and holds the tenant's other feeds waiting behind it).
MAX_PAGE_PAUSE = 10


def _article(kind: str) -> str:
    # As said aloud: "an rss feed" (ar-ess-ess), "an ashby feed", "a lever feed".
    return "an" if kind == "rss" or kind[:1].lower() in "aeiou" else "a"


def site(c: Checker, node: Any, line: int | None) -> SiteConfig:
    if not c.keys(node, "site", ("title", "base_url", "timezone", "author"), line):
        return SiteConfig()
    tz = text_value(c, node, "timezone", "site", line) or "UTC"
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
    base = text_value(c, node, "base_url", "site", line)
    if base and not re.match(r"^https?://", base):
        c.fail(key_line(node, "base_url", line), "site.base_url", "not an http(s) URL")
    return SiteConfig(
        title=text_value(c, node, "title", "site", line) or "Stay Ready",
        base_url=base,
        timezone=tz,
        author=text_value(c, node, "author", "site", line),
    )


def patterns(c: Checker, node: Any, path: str, line: int | None) -> list[FilterRule]:
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


def filters(c: Checker, node: Any, path: str, line: int | None) -> Filters:
    if not c.keys(node, path, ("keep", "block"), line):
        return Filters()
    return Filters(
        keep=tuple(patterns(c, node.get("keep"), f"{path}.keep", key_line(node, "keep", line))),
        block=tuple(patterns(c, node.get("block"), f"{path}.block", key_line(node, "block", line))),
    )


_FEED_KEYS = ("name", "id", "url", "area", "kind", "board", "profile", "title_pattern", "filters",
              "search")  # fmt: skip


def feeds(c: Checker, node: Any, line: int | None) -> list[FeedConfig]:
    if node is None:
        return []
    if not isinstance(node, list):
        c.fail(line, "feeds", "expected a list of feeds", "each item: {name: ..., url: ...}")
        return []
    feeds: list[FeedConfig] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(node):
        path = f"feeds[{i}]"
        fline = key_line(node, i, line)
        if not isinstance(item, dict):
            c.fail(fline, path, "expected a mapping with at least name and url")
            continue
        c.keys(item, path, _FEED_KEYS, fline)
        name = text_value(c, item, "name", path, fline)
        if not name:
            c.fail(fline, f"{path}.name", "missing", "give every feed a name")
            continue
        kind = text_value(c, item, "kind", path, fline) or "rss"
        if kind not in SOURCE_KINDS:
            near = difflib.get_close_matches(kind, SOURCE_KINDS, n=1)
            c.fail(
                key_line(item, "kind", fline),
                f"{path}.kind",
                f"unknown kind {kind!r}",
                f"did you mean '{near[0]}'?" if near else f"kinds: {', '.join(SOURCE_KINDS)}",
            )
            continue
        board = text_value(c, item, "board", path, fline)
        url = text_value(c, item, "url", path, fline)
        if not url:
            url = default_url(kind, board) if (board or kind in _BOARDLESS) else None
            if not url:
                need = "board" if needs_board(kind) else "url"
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
        elif kind == "workday" and workday_api(url) is None:
            c.fail(key_line(item, "url", fline), f"{path}.url", "not a Workday career site",
                   "copy the site's address, e.g. https://acme.wd5.myworkdayjobs.com/en-US/"
                   "Careers (or its /wday/cxs/TENANT/SITE/jobs address)")  # fmt: skip
            continue
        search = item.get("search")
        if search is not None and not isinstance(search, str):
            c.fail(key_line(item, "search", fline), f"{path}.search",
                   f"expected text, not {search!r}", "write the words the board's own search "
                   'box takes, in quotes if they could read as a number: search: "42"')  # fmt: skip
            search = None
        search = (search or "").strip() or None
        if search and kind != "workday":
            c.fail(key_line(item, "search", fline), f"{path}.search",
                   f"{_article(kind)} {kind} feed has no search", "only a workday board is "
                   "narrowed by `search`; use `filters` to keep some of its postings")  # fmt: skip
        fid = text_value(c, item, "id", path, fline) or slugify(name)
        if fid in seen:
            c.fail(
                fline,
                f"{path}.id",
                f"duplicate feed id {fid!r} (also feeds[{seen[fid]}])",
                "give one of them an explicit, different `id`",
            )
            continue
        seen[fid] = i
        profile = text_value(c, item, "profile", path, fline)
        if profile and profile not in BOARD_PROFILES:
            near = difflib.get_close_matches(profile, list(BOARD_PROFILES), n=1)
            c.fail(
                key_line(item, "profile", fline),
                f"{path}.profile",
                f"unknown board profile {profile!r}",
                f"did you mean '{near[0]}'?" if near else f"profiles: {', '.join(BOARD_PROFILES)}",
            )
        pattern = None
        raw_pattern = text_value(c, item, "title_pattern", path, fline)
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
                area=text_value(c, item, "area", path, fline),
                kind=kind,
                board=board,
                profile=profile,
                title_pattern=pattern,
                filters=filters(
                    c, item.get("filters"), f"{path}.filters", key_line(item, "filters", fline)
                ),
                line=fline,
                search=search or None,
            )
        )
    return feeds


# Kinds whose address is fixed (a whole public API), so they need neither url nor board.
_BOARDLESS = ("remoteok", "remotive", "himalayas", "jobicy")


def fetch(c: Checker, node: Any, line: int | None) -> FetchConfig:
    keys = (
        "connect_timeout",
        "read_timeout",
        "max_bytes",
        "concurrency",
        "retries",
        "max_backoff_hours",
        "page_pause",
        "max_pages",
        "max_details",
    )
    if not c.keys(node, "fetch", keys, line):
        return FetchConfig()
    d = FetchConfig()
    return FetchConfig(
        # A zero timeout is no timeout to requests; it must be a positive number of seconds.
        connect_timeout=number_value(
            c, node, "connect_timeout", "fetch", line, d.connect_timeout, minimum=0.1
        ),
        read_timeout=number_value(
            c, node, "read_timeout", "fetch", line, d.read_timeout, minimum=0.1
        ),
        max_bytes=number_value(
            c, node, "max_bytes", "fetch", line, d.max_bytes, kind=int, minimum=1
        ),
        concurrency=number_value(
            c, node, "concurrency", "fetch", line, d.concurrency, kind=int, minimum=1
        ),
        retries=number_value(c, node, "retries", "fetch", line, d.retries, kind=int),
        max_backoff_hours=number_value(
            c, node, "max_backoff_hours", "fetch", line, d.max_backoff_hours
        ),
        page_pause=number_value(
            c,
            node,
            "page_pause",
            "fetch",
            line,
            d.page_pause,
            minimum=0,
            maximum=MAX_PAGE_PAUSE,
            hint="seconds between two requests of a paged board; a few tenths are polite, and "
            "a long pause only makes a board of 100 pages take minutes",
        ),
        max_pages=number_value(
            c, node, "max_pages", "fetch", line, d.max_pages, kind=int, minimum=1
        ),
        max_details=number_value(
            c, node, "max_details", "fetch", line, d.max_details, kind=int, minimum=0
        ),
    )


def notebook(c: Checker, node: Any, root: Path, line: int | None) -> NotebookConfig:
    keys = (
        "path",
        "letters_per_week",
        "people_per_week",
        "cadences",
        "helping_goal_minutes",
        "week_start",
        "capture_from",
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
    week_start = (text_value(c, node, "week_start", "notebook", line) or "monday").lower()
    if week_start not in ("monday", "sunday", "saturday"):
        c.fail(
            key_line(node, "week_start", line),
            "notebook.week_start",
            "expected monday, sunday or saturday",
        )
        week_start = "monday"
    return NotebookConfig(
        path=root / (text_value(c, node, "path", "notebook", line) or "notebook"),
        letters_per_week=number_value(
            c, node, "letters_per_week", "notebook", line, 2, kind=int, minimum=1
        ),
        people_per_week=number_value(c, node, "people_per_week", "notebook", line, 2, kind=int),
        cadences=cadences,
        helping_goal_minutes=number_value(
            c, node, "helping_goal_minutes", "notebook", line, 90, kind=int
        ),
        week_start=week_start,
        capture_from=_logins(c, node.get("capture_from"), key_line(node, "capture_from", line)),
    )


# GitHub's login rule: letters, digits and single inner hyphens, at most 39 characters.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$")


def _logins(c: Checker, node: Any, line: int | None) -> tuple[str, ...]:
    """notebook.capture_from: GitHub logins whose issues may write to the notebook.

    A mistyped login would silently refuse that person's issues, so each is checked for
    the shape GitHub allows (an email or an "@name" is the usual slip).
    """
    if node is None:
        return ()
    if isinstance(node, str):
        node = [node]
    if not isinstance(node, list):
        c.fail(line, "notebook.capture_from", "expected a list of GitHub logins")
        return ()
    logins: list[str] = []
    for i, item in enumerate(node):
        text = str(item).strip() if isinstance(item, (str, int)) else ""
        if not _LOGIN.match(text):
            bare = text.lstrip("@")
            c.fail(
                key_line(node, i, line),
                f"notebook.capture_from[{i}]",
                f"{item!r} is not a GitHub login",
                f"write it without the @: {bare}"
                if bare != text and _LOGIN.match(bare)
                else "a login as GitHub shows it, e.g. octocat",
            )
            continue
        logins.append(text)
    return tuple(logins)


def profile(c: Checker, node: Any, line: int | None) -> ProfileConfig:
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
        name = text_value(c, t, "name", p, il)
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


def public(c: Checker, node: Any, line: int | None) -> PublicConfig:
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


def companies(c: Checker, node: Any, line: int | None) -> CompaniesConfig:
    """`companies: {aliases: {Shown name: [other name, ...]}}`; a name may be listed once."""
    if not c.keys(node, "companies", ("aliases",), line):
        return CompaniesConfig()
    raw = node.get("aliases") or {}
    aline = key_line(node, "aliases", line)
    if not isinstance(raw, dict):
        c.fail(aline, "companies.aliases", "expected a mapping of a name to the names it takes",
               "e.g. `Acme: [Acme Rockets, ACME Corp]`")  # fmt: skip
        return CompaniesConfig()
    out: list[tuple[str, tuple[str, ...]]] = []
    listed: dict[str, str] = {}
    for target, names in raw.items():
        p = f"companies.aliases.{target}"
        tline = key_line(raw, target, aline)
        if isinstance(names, str):
            names = [names]
        if (
            not str(target).strip()
            or not isinstance(names, list)
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            c.fail(tline, p, "expected a list of company names")
            continue
        for name in names:
            folded = " ".join(name.casefold().split())
            if folded in listed and listed[folded] != str(target):
                c.fail(tline, p, f"{name!r} is also listed under {listed[folded]!r}",
                       "list a name under one company only")  # fmt: skip
            listed[folded] = str(target)
        out.append((str(target).strip(), tuple(n.strip() for n in names)))
    return CompaniesConfig(aliases=tuple(out))
