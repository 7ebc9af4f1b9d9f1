"""The two editions: public (docs/generated -> site/) and private (.private/ only).

The public build goes into a temporary folder beside site/, is checked for private
strings, and only then replaces site/; a rejected build is kept in .private/ for
inspection and site/ is left as it was.

On two cores a public build overlaps its parts: the data and pages come from a forked
child while MkDocs starts here, and the pages are checked for private strings in
another child as MkDocs writes them (page_scan.py). Either child failing leaves its
work to this process, as a build on one core does it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from foundation.config import Config
from foundation.errors import PrivacyError
from stayready.site import privacy, shipped
from stayready.site.data import Contact, SiteData, gather
from stayready.site.render import GENERATED, Rendered, check_nav_targets, render
from stayready.site.rendered import BuildResult

PRIVATE = ".private"
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'


# Every earlier shipped copy of the scaffold's files (sha256). A project holding one of
# them unchanged gets the current file: templates need its markdown extensions and its
# styles (an old stylesheet fills chart lines in the dark scheme). Edited copies are the
# person's and stay as they are.
SHIPPED_BEFORE = {
    "mkdocs.yml": {"7864de1da3283837ecb8ae6e414c0189867da8137793e23998a31d832267e6e8"},
    "docs/stylesheets/stayready.css": {
        "c45b3f51cc894854f4bf715fd47bf7c7c52761d8bf1943842c89aba29bfdc457",
        "d878d93c04713975b97e56cc684a7730e40e4d91f15a99d34a5d4fb6decafe93",
    },
}


def _refresh_unchanged(root: Path) -> None:
    """A project's unchanged copy of an earlier shipped file becomes the current one."""
    import hashlib

    for rel, before in SHIPPED_BEFORE.items():
        try:
            digest = hashlib.sha256((root / rel).read_bytes()).hexdigest()
        except OSError:
            continue
        if digest in before and (shipped.root() / rel).is_file():
            shutil.copy2(shipped.root() / rel, root / rel)


def ensure_scaffold(root: Path) -> None:
    """What a project's site needs and lacks comes from the installed package (a file the
    person wrote is never overwritten): an mkdocs.yml inheriting the shipped settings, the
    home page every nav starts with, and the stylesheet. Each is checked on its own: a
    project with its own mkdocs.yml whose docs/ was deleted (as `stayready demo` does
    before a replay) still gets a home page back.

    A site whose mkdocs.yml inherits the shipped one gets that file and the stylesheet
    rewritten from the installed version on every build, which is how an upgrade reaches
    it. This repository, the source of those files, is left alone.
    """
    if shipped.is_source(root):
        return
    _refresh_unchanged(root)
    config_file = root / "mkdocs.yml"
    if not config_file.exists():
        config_file.write_text(shipped.HOME_MKDOCS, encoding="utf-8")
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    if not (docs / "index.md").exists():
        shutil.copy2(shipped.home_page(), docs / "index.md")
    if shipped.inherits_base(config_file):
        shipped.refresh_base(root)
    elif not (docs / "stylesheets").exists():
        shutil.copytree(shipped.stylesheets(), docs / "stylesheets")


def _overrides(config: Config) -> dict[str, object]:
    out: dict[str, object] = {"site_name": config.site.title}
    if config.site.base_url:
        out["site_url"] = config.site.base_url
    if config.site.author:
        out["site_author"] = config.site.author
    return out


def _prepare(
    config: Config, now: datetime, data: SiteData | None, build: bool
) -> tuple[SiteData, float, float]:
    """Both editions start alike: the project's scaffold, then the data (timed).

    While forked children read the history and trends, this process imports MkDocs,
    its theme and plugins for the build (0.1 s that would otherwise come after). The
    seconds that took are returned apart from the data's, as part of the build's.
    """
    ensure_scaffold(config.root)
    t0 = time.perf_counter()
    early = [0.0]

    def import_mkdocs() -> None:
        from stayready.site import mkdocs_build

        start = time.perf_counter()
        mkdocs_build.prepare(config.root / "mkdocs.yml")
        early[0] = time.perf_counter() - start

    if data is None:
        data = gather(config, now, meanwhile=import_mkdocs if build else None)
    return data, time.perf_counter() - t0 - early[0], early[0]


@dataclass
class _Staged:
    """What the public build needs of the data once the pages are rendered."""

    rendered: Rendered
    contacts: list[Contact]
    private_strings: list[str]
    problems: list[str]
    gather_seconds: float
    render_seconds: float


def _stage(
    config: Config, now: datetime, data: SiteData | None, build: bool
) -> tuple[_Staged, float]:
    """The data, then the public pages rendered into docs/generated."""
    data, gathered, early = _prepare(config, now, data, build)
    # A contact file that cannot be read, or a public entry that names someone who did
    # not agree, fails before anything is written.
    privacy.check_contact_files(data.broken_contacts)
    privacy.check_entries(data.entries, data.contacts)
    t0 = time.perf_counter()
    rendered = render(data, config.root / "docs", edition="public")
    check_nav_targets(rendered)
    staged = _Staged(rendered, data.contacts, data.private_strings, list(data.problems),
                     gathered, time.perf_counter() - t0)  # fmt: skip
    return staged, early


def _stage_only(config: Config, now: datetime) -> _Staged:
    return _stage(config, now, None, False)[0]


def _stage_beside_mkdocs(config: Config, now: datetime) -> tuple[_Staged | None, float]:
    """Data and pages in a forked child while this process imports MkDocs, its theme and
    plugins and loads the configuration (0.1-0.15 s each, on two cores at once).

    The child's result is None when it could not start, failed or raised (a private
    name in a public entry, say): the caller then does the work itself and meets the
    same error as it always did. Of MkDocs' start, the seconds beyond the child's data
    and pages count as the build's, so that the parts reported add up to the time
    taken (the rest ran beside the data).
    """
    from stayready.site import forked, mkdocs_build

    if not forked.can_fork():
        return None, 0.0
    ensure_scaffold(config.root)
    start = time.perf_counter()
    child = forked.start(_stage_only, config, now)
    if child is None:
        return None, 0.0
    mkdocs_build.prepare(config.root / "mkdocs.yml")
    early = time.perf_counter() - start
    staged = forked.finish(child)
    if not isinstance(staged, _Staged):
        return None, early
    took = time.perf_counter() - start
    return staged, max(0.0, took - staged.gather_seconds - staged.render_seconds)


def public(
    config: Config, now: datetime, *, build: bool = True, data: SiteData | None = None
) -> BuildResult:
    """Render the public edition into docs/generated and build it into site/
    (freshness.public_if_changed first asks whether anything it shows changed)."""
    root = config.root
    staged, early = _stage_beside_mkdocs(config, now) if build and data is None else (None, 0.0)
    if staged is None:
        # MkDocs already started above: no second start while the data is read.
        staged, more = _stage(config, now, data, build and not early)
        early += more
    rendered = staged.rendered
    result = BuildResult(
        "public",
        rendered.docs_dir,
        None,
        rendered.pages,
        staged.render_seconds,
        gather_seconds=staged.gather_seconds,
        problems=list(staged.problems),
    )
    if not build:
        return result
    from stayready.site.mkdocs_build import build as mkdocs_build
    from stayready.site.page_scan import PageScan

    final = root / "site"
    needles = privacy.Needles.build(staged.contacts, staged.private_strings)
    needles.excuse_postings(rendered.posting_texts)
    # Pages are checked in a forked child as MkDocs writes them (page_scan.py); the
    # robots meta goes in as they are written, as _noindex would add it after.
    scan = PageScan(needles)
    noindex = not config.public.index

    def on_page(rel: str, html: str) -> str:
        html = _robots(html) if noindex else html
        scan.page(rel, html)
        return html

    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=root))
    try:
        report = mkdocs_build(root / "mkdocs.yml", tmp, nav=rendered.nav, on_page=on_page,
                              **_overrides(config))  # fmt: skip
        if noindex:
            _noindex(tmp)
        result.files_checked = privacy.check_site(tmp, needles, shown_as=final,
                                                  checked=scan.findings())  # fmt: skip
    except PrivacyError as exc:
        rejected = root / PRIVATE / "rejected-site"
        shutil.rmtree(rejected, ignore_errors=True)
        rejected.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(tmp), rejected)
        # The rendered pages hold the leak too: a plain `mkdocs build` must not publish them.
        shutil.rmtree(root / "docs" / GENERATED, ignore_errors=True)
        exc.hint = (exc.hint or "") + (
            f"; site/ was left as it was, docs/{GENERATED}/ was cleared, and the rejected "
            f"build is in {rejected} (private, git-ignored) for inspection"
        )
        raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        scan.close()
    _replace(tmp, final)
    result.site_dir = final
    result.build_seconds = early + report.seconds  # with MkDocs' imports done early
    return result


def private(
    config: Config, now: datetime, *, build: bool = True, data: SiteData | None = None
) -> BuildResult:
    """Render and build everything into .private/ (docs, mkdocs.yml, site)."""
    root = config.root
    data, gathered, early = _prepare(config, now, data, build)
    t0 = time.perf_counter()
    config_file = render_private(config, data)
    docs = root / PRIVATE / "docs"
    pages = sum(1 for _ in (docs / GENERATED).rglob("*.md"))
    result = BuildResult(
        "private",
        docs,
        None,
        pages,
        time.perf_counter() - t0,
        gather_seconds=gathered,
        problems=list(data.problems),
    )
    if not build:
        return result
    from stayready.site.mkdocs_build import build as mkdocs_build

    site = root / PRIVATE / "site"
    report = mkdocs_build(config_file, site)
    _noindex(site)
    result.site_dir = site
    result.build_seconds = early + report.seconds  # with MkDocs' imports done early
    return result


def render_private(config: Config, data: SiteData) -> Path:
    """Write .private/docs and .private/mkdocs.yml (which inherits the public one)."""
    root = config.root
    base = root / PRIVATE
    base.mkdir(exist_ok=True)
    rendered = render(data, base / "docs", edition="private", static_dir=root / "docs")
    check_nav_targets(rendered)
    # JSON is YAML: no quoting rules to get wrong for titles with colons.
    lines = [
        "# Written by `stayready build --private`; changes are overwritten.",
        "INHERIT: ../mkdocs.yml",
        "docs_dir: docs",
        "site_dir: site",
    ]
    for key, value in _overrides(config).items():
        if key == "site_name":
            continue
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append(f"site_name: {json.dumps(config.site.title + ' (private)', ensure_ascii=False)}")
    lines.append(f"nav: {json.dumps(rendered.nav, ensure_ascii=False)}")
    path = base / "mkdocs.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _noindex(site: Path) -> None:
    """Ask search engines to stay away: a robots meta on every page and a robots.txt."""
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if ROBOTS_META not in text:
            page.write_text(_robots(text), encoding="utf-8")


def _robots(html: str) -> str:
    if ROBOTS_META in html:
        return html
    return html.replace("<head>", "<head>\n" + ROBOTS_META, 1)


def _replace(new: Path, final: Path) -> None:
    old = None
    if final.exists():
        old = final.with_name(f".site-old-{time.time_ns()}")
        final.rename(old)
    new.rename(final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
