"""Runs MkDocs in-process, strictly: any warning (even while loading the config) fails.

In-process saves the interpreter start and the imports of a subprocess. A handler of
our own counts every warning from the `mkdocs` loggers, including the config checks
that `mkdocs build --strict` logs before its own counter is attached, and the messages
go into the BuildError instead of being printed.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stayready.errors import BuildError


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


def build(config_file: Path, site_dir: Path, **overrides: Any) -> BuildReport:
    """Build config_file into site_dir with `strict`; raise BuildError on any warning."""
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


def _listing(messages: list[str]) -> str:
    if not messages:
        return ""
    shown = messages[:20]
    more = f"\n  ... and {len(messages) - 20} more" if len(messages) > 20 else ""
    return ":\n  " + "\n  ".join(shown) + more
