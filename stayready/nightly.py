"""What the nightly run does, runnable on a laptop: guard, fetch, commit data/, build.

The privacy guard runs first: a public repository must never publish from a notebook
that holds private notes. A store that does not load fails loudly with nothing
committed or built. More than half the feeds failing fails the night too, but only
after what the working feeds brought is committed (the workflow pushes it), and with no
build; an offline machine (every feed failing for one network-level reason) changes
nothing and fails.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from foundation.config import Config
from foundation.errors import PrivacyError, StayReadyError

SETUPS = """\
Stay Ready supports three set-ups (README, "The nightly build"):
  1. a private repository that deploys the public edition to GitHub Pages
     (needs a plan that allows Pages from private repositories);
  2. a private repository that pushes the public edition to a separate public
     repository (free plan; a deploy key or fine-grained token as an Actions secret);
  3. a public repository for the market watch alone, with notebook/ git-ignored and
     kept on your own machine."""


class NightlyError(StayReadyError):
    """The nightly run failed as a whole; nothing was committed or published."""


class FetchFailed(NightlyError):
    """The night's fetch failed as a whole (most feeds failing, or no network).

    What the working feeds brought is committed first, so this carries the report for
    the caller to show and summarize before it exits non-zero.
    """

    def __init__(self, report: NightlyReport) -> None:
        fetch = report.fetch
        if fetch.network_down:
            message = f"the network is down ({fetch.network_down}); nothing was fetched"
        else:
            message = (f"{len(fetch.failed_feeds)} of {fetch.total_feeds} feeds failed; "
                       "what the others brought was committed, the site was not built")  # fmt: skip
        super().__init__(message)
        self.report = report


@dataclass
class NightlyReport:
    fetch: Any = None  # aggregator.run.RunReport
    commit: str | None = None  # the data commit's sha, when one was made
    message: str | None = None
    site: Path | None = None
    notes: list[str] = field(default_factory=list)
    # Why the public build was refused (a leak, a contact file that cannot be read):
    # the data commit stands, the summary names the file, and the run exits 1.
    refused: StayReadyError | None = None
    site_unchanged: bool = False  # nothing the site shows changed: site/ left as it is


def _front_matter_visibility(path: Path) -> str | None:
    """The `visibility:` of a markdown file's front matter, read cheaply (no YAML parser)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            if fh.readline().strip() != "---":
                return None
            for line in fh:
                if line.strip() == "---":
                    return None
                key, _, value = line.partition(":")
                if key.strip() == "visibility":
                    return value.strip().strip("'\"").lower()
    except OSError:
        return None
    return None


def private_notebook_files(notebook: Path) -> list[Path]:
    """Every notebook file that is private: all but entries marked `visibility: public`."""
    if not notebook.is_dir():
        return []
    private = []
    for path in sorted(notebook.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        is_entry = "entries" in path.relative_to(notebook).parts
        if not (is_entry and _front_matter_visibility(path) == "public"):
            private.append(path)
    return private


def privacy_guard(config: Config) -> None:
    """Refuse to build in a public repository whose notebook holds anything private."""
    if os.environ.get("STAYREADY_REPO_VISIBILITY", "").strip().lower() != "public":
        return
    private = private_notebook_files(config.notebook.path)
    if private:
        raise PrivacyError(
            f"this repository is public and its notebook holds {len(private)} private "
            f"file(s), e.g. {private[0].relative_to(config.root)}; refusing to build",
            file=config.notebook.path,
            hint="make the repository private, or move the notebook out of it.\n" + SETUPS,
        )


def commit_message(report: Any) -> str:
    """'data: 12 new postings; 1 feed failing (City jobs)' from a fetch report."""
    new = len(report.new_postings)
    parts = [f"{new} new posting{'s' if new != 1 else ''}" if new else "no new postings"]
    updated = sum(f.updated for f in report.feeds)
    left = sum(f.left for f in report.feeds)
    if updated:
        parts.append(f"{updated} updated")
    if left:
        parts.append(f"{left} no longer listed")
    failed = [f.name for f in report.failed_feeds]
    text = "data: " + ", ".join(parts)
    if failed:
        text += (
            f"; {len(failed)} feed{'s' if len(failed) != 1 else ''} failing ({', '.join(failed)})"
        )
    elif not (new or updated or left):
        text += "; feed health updated"
    return text


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def commit_data(config: Config, message: str) -> str | None:
    """Commit data/ when it changed; no empty commits. Returns the new sha or None."""
    top = _git(config.root, "rev-parse", "--show-toplevel")
    if top.returncode != 0 or not config.data_dir.exists():
        return None
    _git(config.root, "add", "--all", "--", str(config.data_dir))
    if _git(config.root, "diff", "--cached", "--quiet", "--", str(config.data_dir)).returncode == 0:
        return None
    identity = []
    if not _git(config.root, "config", "user.email").stdout.strip() and not os.environ.get(
        "GIT_COMMITTER_EMAIL"
    ):
        identity = ["-c", "user.name=stayready-bot", "-c", "user.email=stayready@localhost"]
    done = _git(config.root, *identity, "commit", "-q", "-m", message, "--",
                str(config.data_dir))  # fmt: skip
    if done.returncode != 0:
        raise NightlyError(f"git commit failed: {done.stderr.strip()}", file=config.data_dir)
    return _git(config.root, "rev-parse", "HEAD").stdout.strip()


def md_text(text: str | None) -> str:
    """Feed text is untrusted: inert in markdown (no links, HTML or emphasis), one line."""
    clean = " ".join(str(text or "").split())
    return re.sub(r"([\\`*_{}\[\]()<>#|!~])", r"\\\1", clean)


def md_link(label: str, url: str | None) -> str:
    if url and re.match(r"^https?://[^\s<>()]+$", url):
        return f"[{md_text(label)}]({url})"
    return md_text(label)


def summary_markdown(report: NightlyReport, limit: int = 50) -> str:
    """The job summary: new postings and failing feeds, as markdown."""
    lines = ["## Stay Ready nightly", ""]
    fetch = report.fetch
    if fetch is not None:
        new = list(fetch.new_postings)
        lines.append(f"**{len(new)} new postings**, {len(fetch.failed_feeds)} of "
                     f"{fetch.total_feeds} feeds failing.")  # fmt: skip
        lines.append("")
        for p in new[:limit]:
            lines.append(f"- {md_link(p.title or 'untitled', p.url)} — {md_text(p.company)}"
                         + (f", {md_text(p.location)}" if p.location else ""))  # fmt: skip
        if len(new) > limit:
            lines.append(f"- … and {len(new) - limit} more")
        if fetch.network_down:
            lines += ["", f"**The network was down** ({md_text(fetch.network_down)}): "
                      "nothing was fetched and no feed was backed off."]  # fmt: skip
        elif fetch.too_many_failed:
            lines += ["", "**Most feeds failed**: what the others brought was committed; "
                      "the site was not built. The causes:", ""]  # fmt: skip
            lines += [f"- {md_text(cause)}" for cause in fetch.failure_causes()]
        if fetch.failed_feeds and not fetch.network_down:
            lines += ["", "### Failing feeds", ""]
            for f in fetch.failed_feeds:
                lines.append(f"- {md_text(getattr(f, 'name', str(f)))}: "
                             f"{md_text(getattr(f, 'error', '') or 'failed')}")  # fmt: skip
    if report.commit:
        lines += ["", f"Data commit `{report.commit[:12]}`: {report.message}"]
    if report.site_unchanged:
        lines += ["", "Site unchanged: nothing it shows changed since the last build."]
    elif report.site:
        lines += ["", "Site built."]
    if report.refused is not None:
        lines += ["", "### Site not built", ""]
        lines += [f"- {md_text(line)}" for line in str(report.refused).splitlines()]
    if report.notes:
        lines += ["", "### Problems to look at", ""]
        lines += [f"- {md_text(note)}" for note in report.notes]
    return "\n".join(lines) + "\n"


def run_nightly(
    config: Config, now: datetime, *, fetch: bool = True, build: bool = True
) -> NightlyReport:
    """Fetch, commit data/, build: the same steps as the GitHub workflow."""
    report = NightlyReport()
    if build:
        privacy_guard(config)  # before any work, so a refused run changes nothing
    if fetch:
        from aggregator.run import run_fetch

        report.fetch = run_fetch(config, now)
        if not report.fetch.network_down:
            report.message = commit_message(report.fetch)
            report.commit = commit_data(config, report.message)
        if report.fetch.network_down or report.fetch.too_many_failed:
            # After the commit: the good feeds' postings reach the history (the workflow
            # pushes them even though this step fails); the site waits for a good night.
            raise FetchFailed(report)
    if build:
        from stayready.site import freshness

        try:
            built = freshness.public_if_changed(config, now)
        except StayReadyError as exc:
            report.refused = exc
            return report
        report.site = built.site_dir
        report.site_unchanged = built.unchanged
        # Lines of data/ that do not parse are skipped by the build: say so every night.
        report.notes += [str(p) for p in built.problems]
    return report
