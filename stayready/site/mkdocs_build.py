"""Runs MkDocs in-process, strictly: any warning (even while loading the config) fails.

In-process saves the interpreter start and the imports of a subprocess. A handler of
our own counts every warning from the `mkdocs` loggers, including the config checks
that `mkdocs build --strict` logs before its own counter is attached, and the messages
go into the BuildError instead of being printed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foundation.errors import BuildError


@dataclass
class BuildReport:
    site_dir: Path
    seconds: float
    warnings: list[str] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def build(
    config_file: Path,
    site_dir: Path,
    *,
    on_page: Callable[[str, str], str] | None = None,
    **overrides: Any,
) -> BuildReport:
    """Build config_file into site_dir with `strict`; raise BuildError on any warning.

    `on_page(path in the site, html)`, when given, sees each page's HTML after every
    plugin, just before it is written, and returns the HTML to write.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    # MkDocs keeps plugin instances with startup/shutdown hooks in a class-level cache
    # (for `serve`); the blog plugin deletes its temp folder on shutdown, so a second
    # build in one process must start from fresh instances.
    MkDocsConfig.plugins.plugin_cache.clear()

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the core never prints; warnings travel in the error
    start = time.perf_counter()
    cfg = None
    try:
        cfg = load_config(str(config_file), strict=True, site_dir=str(site_dir), **overrides)
        _require_extensions(cfg)
        if on_page is not None:
            cfg.plugins["stayready-pages"] = _pages_to(on_page)
        cfg.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(cfg)
    except MkDocsException as exc:
        raise BuildError(
            f"the site build failed: {exc}" + _listing(collect.messages),
            file=config_file,
            hint="fix the warnings above; the build is strict, so any warning fails it",
        ) from None
    finally:
        if cfg is not None:
            cfg.plugins.on_shutdown()
        logger.removeHandler(collect)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    if collect.messages:
        raise BuildError(
            "the site build logged warnings" + _listing(collect.messages),
            file=config_file,
            hint="the build is strict: fix every warning",
        )
    return BuildReport(site_dir=site_dir, seconds=time.perf_counter() - start)


# What the page templates write needs these (tables in labelled boxes, folded numbers,
# content tabs); a project's own mkdocs.yml from before them still builds the pages right.
REQUIRED_EXTENSIONS = {
    "md_in_html": {},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tabbed": {"alternate_style": True},
}


def _require_extensions(cfg: Any) -> None:
    for name, options in REQUIRED_EXTENSIONS.items():
        if name not in cfg.markdown_extensions:
            cfg.markdown_extensions.append(name)
            cfg.mdx_configs.setdefault(name, dict(options))


def _pages_to(on_page: Callable[[str, str], str]) -> Any:
    """A plugin instance (not named in mkdocs.yml) passing each page through on_page."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Pages(BasePlugin):  # type: ignore[type-arg]
        @event_priority(-1000)  # after every other plugin: the HTML as it is written
        def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
            return on_page(page.file.dest_uri, output)

    return Pages()


def prepare(config_file: Path) -> None:
    """Import MkDocs and what config_file names (theme, plugins, markdown extensions).

    Loading the configuration imports them all; done while the data is read in forked
    children (site/data.gather), the build then starts with them in memory. Nothing of
    this load is kept but the imports: `build` loads the configuration again, with the
    nav and overrides, and reports any problem with it.
    """
    logger = logging.getLogger("mkdocs")
    old_propagate = logger.propagate
    logger.propagate = False  # whatever it logs, the real load logs again and counts
    try:
        from mkdocs.commands import build as _build  # noqa: F401
        from mkdocs.config import load_config
        from mkdocs.config.defaults import MkDocsConfig

        load_config(str(config_file))
        MkDocsConfig.plugins.plugin_cache.clear()
    except Exception:  # the build itself will say what is wrong
        pass
    finally:
        logger.propagate = old_propagate


def _listing(messages: list[str]) -> str:
    if not messages:
        return ""
    shown = messages[:20]
    more = f"\n  ... and {len(messages) - 20} more" if len(messages) > 20 else ""
    return ":\n  " + "\n  ".join(shown) + more
