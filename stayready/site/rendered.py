"""What one render wrote (`Rendered`) and what one build did (`BuildResult`), and where
the templates are.

Its own module so that the page modules (render_jobs) and the renderer that calls them
both build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATED = "generated"  # the git-ignored folder of docs/ that every render rewrites


def templates_dir(root: Path | None = None) -> Path:
    """The project's own site_templates/ when it has one, else the installed package's."""
    if root is not None and (root / "site_templates").is_dir():
        return root / "site_templates"
    from stayready.site import shipped

    return shipped.templates()


@dataclass
class Rendered:
    edition: str
    docs_dir: Path
    nav: list[Any]
    files: list[Path] = field(default_factory=list)
    # Posting text that this render published, for the privacy check's exception.
    posting_texts: list[str] = field(default_factory=list)
    pages: int = 0


@dataclass
class BuildResult:
    edition: str
    docs_dir: Path
    site_dir: Path | None
    pages: int
    render_seconds: float
    build_seconds: float = 0.0
    gather_seconds: float = 0.0  # reading the history, trends and notebook
    files_checked: int = 0
    problems: list[str] = field(default_factory=list)
    # Nothing the site shows changed since the last build: site/ was left as it is.
    unchanged: bool = False
