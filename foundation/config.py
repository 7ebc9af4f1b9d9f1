"""stayready.yml: a declarative, typed schema, validated on load with file, line and key path.

Every problem is collected (not just the first) and reported as
`stayready.yml:14: feeds[3].url: not an http(s) URL`; unknown keys get a "did you mean".
Relative paths resolve from the file's folder.

This module is the one to import: `load_config` and, re-exported, the schema's names
(the dataclasses live in `config_schema`, reading YAML with line numbers in
`config_yaml`, one reader per section of the file in `config_sections`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from foundation.config_schema import (  # re-exported: `from foundation.config import X`
    DEFAULT_CONFIG_NAME,
    FILTER_FIELDS,
    SECTIONS,
    SOURCE_KINDS,
    WHOLE_BOARD_KINDS,
    CompaniesConfig,
    Config,
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
from foundation.errors import ConfigError

__all__ = [
    "CompaniesConfig",
    "Config",
    "DEFAULT_CONFIG_NAME",
    "FILTER_FIELDS",
    "FeedConfig",
    "FetchConfig",
    "FilterRule",
    "Filters",
    "NotebookConfig",
    "ProfileConfig",
    "PublicConfig",
    "SECTIONS",
    "SOURCE_KINDS",
    "SiteConfig",
    "TermConfig",
    "WHOLE_BOARD_KINDS",
    "parse_days",
    "slugify",
    "build_config",
    "load_config",
]


# --- loading -----------------------------------------------------------------------


def load_config(path: str | Path | None = None, *, memo: bool = False) -> Config:
    """Load and validate stayready.yml; raise ConfigError listing every problem.

    With `memo`, the result of the last load of the same bytes is reused when the code
    that reads them is unchanged (`config_memo`), and a new result is kept for next time.
    """
    file = Path(path) if path else Path.cwd() / DEFAULT_CONFIG_NAME
    file = file.resolve() if file.exists() else file
    data = None
    if memo:
        from foundation import config_memo

        try:
            data = file.read_bytes()
        except OSError:
            pass  # read_yaml says what is wrong with the file
        else:
            if (known := config_memo.recall(file, data)) is not None:
                return known
    # Imported here: a load from the memo needs neither the YAML reader nor the checks.
    from foundation.config_yaml import read_yaml

    raw = read_yaml(file)
    if raw is None:
        raw = {}
    config = build_config(raw, file)
    if data is not None:
        config_memo.remember(file, data, config)
    return config


def build_config(raw: Any, file: Path) -> Config:
    from foundation import config_sections as sections
    from foundation.config_yaml import Checker, key_line

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
        "companies",
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
    companies = sections.companies(c, raw.get("companies"), key_line(raw, "companies", 1))
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
        companies=companies,
    )
