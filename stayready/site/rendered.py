"""What one render wrote: the edition, its docs folder, its navigation and its files.

Its own module so that the page modules (render_jobs) and the renderer that calls them
both build on it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENERATED = "generated"  # the git-ignored folder of docs/ that every render rewrites


@dataclass
class Rendered:
    edition: str
    docs_dir: Path
    nav: list[Any]
    files: list[Path] = field(default_factory=list)
    # Posting text that this render published, for the privacy check's exception.
    posting_texts: list[str] = field(default_factory=list)
    pages: int = 0
