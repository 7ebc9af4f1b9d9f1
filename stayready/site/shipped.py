"""The files a site is built from, as the installed package carries them.

The repository keeps `mkdocs.yml`, `docs/index.md`, `docs/stylesheets/`, `site_templates/`
and `.github/workflows/nightly.yml` at its top level (the design card's layout); a wheel or
`pip install .` carries the same files, in the same layout, as `stayready/shipped/`
(pyproject.toml maps that package to the repository's top level). So the build finds
them in the package wherever it runs, never in the folder it was installed from.

A source checkout (an editable install, or the tests run from it) has no
`stayready/shipped/`: there the package's own repository holds the very same files.

A person's own site (made by `stayready init`, or the demo's) inherits the shipped
mkdocs.yml: each build copies it, and the stylesheet, from the package into the site
(`refresh_base`), so an upgrade of Stay Ready brings the theme settings with it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from foundation.errors import BuildError

# Where a person's site keeps the copy of the shipped mkdocs.yml it inherits; git-ignored
# and rewritten by every build, so it always matches the installed version.
BASE_DIR = ".stayready"
BASE_CONFIG = f"{BASE_DIR}/mkdocs.yml"
STYLESHEET = "stylesheets/stayready.css"  # under docs/, as the shipped mkdocs.yml names it

# The mkdocs.yml of a person's site: theirs to extend; what it does not set comes from
# the installed Stay Ready.
HOME_MKDOCS = f"""\
# Your site's MkDocs settings. The theme, its colours, the stylesheet and the plugins
# come from the installed Stay Ready: `stayready build` writes them into {BASE_CONFIG}
# each time (git-ignored), so upgrading Stay Ready brings them. Anything you set here
# wins over the inherited value. Use `stayready build`, not `mkdocs build`: it writes
# the pages, the inherited settings and the stylesheet first.
INHERIT: {BASE_CONFIG}
docs_dir: docs
site_dir: site
"""

_INHERITS_BASE = re.compile(rf"^INHERIT:\s*['\"]?{re.escape(BASE_CONFIG)}['\"]?\s*$", re.M)

# Files the site needs, relative to the shipped root; a missing one means a broken install.
_NEEDED = ("mkdocs.yml", "docs/index.md", f"docs/{STYLESHEET}", "site_templates")


@lru_cache(maxsize=1)
def root() -> Path:
    """The folder holding the shipped files: stayready/shipped/ when installed, the
    repository's top level in a source checkout."""
    import stayready

    package = Path(stayready.__file__).resolve().parent
    for candidate in (package / "shipped", package.parent):
        if all((candidate / rel).exists() for rel in _NEEDED):
            return candidate
    raise BuildError(
        f"the site files that ship with Stay Ready are missing from {package}",
        hint="reinstall Stay Ready (pip install --force-reinstall ...)",
    )


def templates() -> Path:
    """The page templates (site_templates/)."""
    return root() / "site_templates"


def base_config() -> Path:
    """The shipped mkdocs.yml: theme, palette, plugins, markdown extensions, nav."""
    return root() / "mkdocs.yml"


def home_page() -> Path:
    """The home page skeleton a new site starts with (docs/index.md)."""
    return root() / "docs" / "index.md"


def stylesheets() -> Path:
    """The folder of the site's stylesheet (docs/stylesheets/)."""
    return root() / "docs" / "stylesheets"


def nightly_workflow() -> Path:
    """This repository's nightly workflow, the shape of the one `stayready init` writes."""
    return root() / ".github" / "workflows" / "nightly.yml"


def capture_workflow() -> Path:
    """The workflow that logs an issue in the notebook (log from a phone)."""
    return root() / ".github" / "workflows" / "capture.yml"


def issue_form() -> Path:
    """The issue form "Log an interaction" that the capture workflow reads."""
    return root() / ".github" / "ISSUE_TEMPLATE" / "log.yml"


def is_source(folder: Path) -> bool:
    """True for the folder the shipped files come from (this repository, in a checkout):
    its files are the originals and must never be rewritten from themselves."""
    try:
        return folder.resolve() == root().resolve()
    except OSError:
        return False


def inherits_base(config_file: Path) -> bool:
    """Whether a site's mkdocs.yml inherits the shipped settings (a site made by
    `stayready init` or the demo), rather than being a whole copy of its own."""
    try:
        return bool(_INHERITS_BASE.search(config_file.read_text(encoding="utf-8")))
    except OSError:
        return False


def refresh_base(site_root: Path) -> None:
    """Write the installed version's mkdocs.yml and stylesheet into a site that inherits
    them. Written only when different, so an unchanged site keeps its files' times
    (`stayready serve` watches them)."""
    header = (
        "# Written by `stayready build` from the installed Stay Ready; changes are lost.\n"
        "# Put your own settings in ../mkdocs.yml, which inherits this file.\n"
    )
    _write_if_changed(site_root / BASE_CONFIG, header + base_config().read_text(encoding="utf-8"))
    _write_if_changed(
        site_root / "docs" / STYLESHEET, (stylesheets() / "stayready.css").read_text("utf-8")
    )


def _write_if_changed(path: Path, text: str) -> None:
    try:
        if path.read_text(encoding="utf-8") == text:
            return
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
