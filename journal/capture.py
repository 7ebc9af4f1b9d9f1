"""Log from a phone: a GitHub `issues` event becomes one private journal entry.

An issue opened in the person's own private repository, from the "Log an interaction"
form (.github/ISSUE_TEMPLATE/log.yml) or as plain lines in the body-line grammar, is read
into interactions (capture_body.py), its contacts checked, and written by edit.py as
every notebook write is. Who may write, and from which repository, is settled before a
word of the body is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from foundation.errors import (
    CaptureError,
    CaptureRefused,
    NotebookError,
    StayReadyError,
    UsageError,
)
from journal import edit, frontmatter
from journal.bodylines import GRAMMAR, format_line, interaction_lines, parse_line
from journal.capture_body import Captured, form_fields, problem_order, quote, read_form, read_lines
from journal.model import Notebook
from journal.notebook import load_folder

_ISSUE_KEY = re.compile(rb"(?m)^issue:[ \t]*#?(\d+)[ \t]*\r?$")


@dataclass(frozen=True)
class Issue:
    """What capture needs from an `issues` event; the rest of the payload is ignored."""

    number: int
    title: str
    body: str
    author: str
    opened: datetime  # aware
    repository: str
    owner: str
    private: bool
    visibility: str
    action: str


@dataclass
class Capture:
    """What one issue says: its interactions and the day they go under."""

    issue: int
    day: date  # the entry's date: the form's Date, or the day the issue was opened
    interactions: list[Captured]


@dataclass
class CaptureResult:
    """What `capture` did, for the workflow: the entry, and whether it was new."""

    issue: int
    path: Path
    written: bool  # False: the issue was already in the notebook, nothing was written
    count: int = 0

    @property
    def message(self) -> str:
        """The commit message: it names no contact (commits and mails outlive privacy)."""
        if not self.written:
            return f"issue #{self.issue} is already in the notebook; nothing was written"
        plural = "" if self.count == 1 else "s"
        return f"notebook: {self.count} interaction{plural} from issue #{self.issue}"


# --- the event -------------------------------------------------------------------------


def load_event(path: Path) -> Mapping[str, Any]:
    """The JSON payload GitHub leaves at $GITHUB_EVENT_PATH."""
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise UsageError(f"{path}: no such event file", hint="pass $GITHUB_EVENT_PATH") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a JSON event payload ({exc})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a JSON event payload (expected an object)")
    return data


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def read_event(data: Mapping[str, Any]) -> Issue:
    """The issue and repository of GitHub's `issues` webhook payload; UsageError when the
    payload is of another event (the workflow would be wired to the wrong trigger)."""
    number, login = _get(data, "issue", "number"), _get(data, "issue", "user", "login")
    created, owner = _get(data, "issue", "created_at"), _get(data, "repository", "owner", "login")
    if not (isinstance(number, int) and isinstance(login, str) and isinstance(owner, str)):
        raise UsageError(
            "not an `issues` event: no issue number, author or repository owner",
            hint="run it from a workflow triggered by `on: issues: types: [opened]`",
        )
    try:
        opened = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
        if opened.tzinfo is None:
            raise ValueError
    except ValueError:
        raise UsageError(f"issue #{number}: created_at {created!r} is not a timestamp") from None
    return Issue(
        number=number,
        title=str(_get(data, "issue", "title") or ""),
        body=str(_get(data, "issue", "body") or ""),  # null for an empty body
        author=login,
        opened=opened,
        repository=str(_get(data, "repository", "full_name") or ""),
        owner=owner,
        private=_get(data, "repository", "private") is True,
        visibility=str(_get(data, "repository", "visibility") or ""),
        action=str(data.get("action") or ""),
    )


def authorize(issue: Issue, capture_from: Collection[str] = ()) -> None:
    """Refuse an issue that may not write to the notebook (CaptureRefused).

    Anyone can open an issue in a public repository, and a notebook never lives in one;
    an internal repository is readable across its enterprise. In a private one, only the
    owner and the logins the person listed may write. Logins compare as GitHub does,
    ignoring case.
    """
    where = issue.repository or "this repository"
    if not issue.private or issue.visibility not in ("", "private"):
        kind = issue.visibility if issue.visibility not in ("", "private") else "public"
        raise CaptureRefused(
            f"issue #{issue.number}: {where} is {kind}; issues are captured only in a "
            "private repository, and nothing was written",
            hint="keep the notebook in a private repository (README: Log from a phone)",
        )
    if issue.action != "opened":
        raise CaptureRefused(
            f"issue #{issue.number}: the event is {issue.action!r}, not 'opened'; "
            "nothing was written",
            hint="the capture workflow runs on `issues: types: [opened]`",
        )
    allowed = {issue.owner.lower(), *(login.lower() for login in capture_from)}
    if issue.author.lower() not in allowed:
        raise CaptureRefused(
            f"issue #{issue.number} was opened by {issue.author}, who is neither the "
            f"repository owner nor listed in notebook.capture_from; nothing was written",
            hint=f"to log their issues, add `{issue.author}` to notebook.capture_from",
        )


def read_issue(issue: Issue, zone: tzinfo, notebook: Notebook) -> Capture:
    """The issue's interactions, dated in the person's time zone; CaptureError with every
    problem (a line, a field, an unknown contact) when anything cannot be read."""
    opened = issue.opened.astimezone(zone).date()
    where = f"issue #{issue.number}"
    problems: list[StayReadyError] = []
    fields = form_fields(issue.body)
    if fields is not None:
        found, day = read_form(fields, opened, where, problems)
    else:
        found, day = read_lines(issue.body, issue.title, where, problems), opened
    for c in found:
        for cid in c.parsed.ids:
            if cid in notebook.contacts:
                continue
            known = edit.unknown_id_error(cid, notebook)
            message = (
                known.message
                if cid in notebook.broken_contacts
                else f"{c.label}, {quote(c.said)}: unknown contact @{cid}"
            )
            problems.append(NotebookError(message, file=where, hint=known.hint))
    if not found and not problems:
        problems.append(
            NotebookError(
                "no interaction in the issue",
                file=where,
                hint=f"use the Log an interaction form, or write {GRAMMAR}",
            )
        )
    problems.sort(key=lambda p: problem_order(p.message))
    if problems:
        raise CaptureError(problems)
    return Capture(issue.number, day, found)


# --- the entry -------------------------------------------------------------------------


def _body_line(c: Captured) -> str | None:
    """The interaction as a body line, when one reads back as the same interaction.

    A follow-up has no body-line form, and a bullet whose first id starts with a digit
    is not seen as an interaction in a body (bodylines._LOOKS_LIKE): those go to the
    front matter instead, where nothing is lost.
    """
    if c.due is not None:
        return None
    line = format_line(c.parsed)
    [(_, marked)] = interaction_lines([line])
    return line if marked and parse_line(line) == c.parsed else None


def entry_text(capture: Capture) -> str:
    """The entry as written: private, with the issue number that makes a second delivery
    of the same issue a no-op. Interactions are body lines, as `stayready log` writes
    them (the Notes pages show bodies), or front matter where a line cannot say it all."""
    v = edit.yaml_value
    out = [
        "---",
        f"date: {capture.day.isoformat()}",
        f"title: {v(f'Logged from issue #{capture.issue}')}",
        "visibility: private",
        f"issue: {capture.issue}",
    ]
    lines = [(c, _body_line(c)) for c in capture.interactions]
    if any(line is None for _, line in lines):
        out.append("interactions:")
    for c, line in lines:
        if line is not None:
            continue
        p = c.parsed
        out += [f"  - with: {v(list(p.ids))}", f"    type: {p.type}"]
        if p.minutes:
            out.append(f"    minutes: {p.minutes}")
        if p.give is not None:
            out.append(f"    give: {v(p.give)}")
        if p.origin is not None:
            out.append(f"    origin: {p.origin}")
        if p.summary:
            out.append(f"    summary: {v(p.summary)}")
        if c.due is not None:
            out += ["    follow_up:", f"      due: {c.due.isoformat()}"]
            if c.what:
                out.append(f"      what: {v(c.what)}")
    out.append("---")
    body = [line for _, line in lines if line is not None]
    return "\n".join([*out, *([""] + body if body else []), ""])


def find_issue(root: Path, number: int) -> Path | None:
    """The entry that already holds issue `number` (`issue: N` in its front matter)."""
    entries = root / "entries"
    if not entries.is_dir():
        return None
    for path in sorted(entries.glob("**/*.md")):
        raw = path.read_bytes()
        if b"issue:" not in raw:
            continue
        try:
            data = frontmatter.read(path, raw).data
        except NotebookError:
            data = None  # a broken file may still be this issue's: look at the raw key
        if isinstance(data, dict):
            value = data.get("issue")
            if str(value).lstrip("#").strip() == str(number):
                return path
        elif any(int(m) == number for m in _ISSUE_KEY.findall(raw)):
            return path
    return None


def capture(
    root: Path, event: Mapping[str, Any], zone: tzinfo, capture_from: Collection[str] = ()
) -> CaptureResult:
    """Write the issue of `event` into the notebook at `root`, once.

    Refused (CaptureRefused) before anything is read when the repository is not private
    or the author may not write; CaptureError, with nothing written, when a line or a
    contact cannot be read.
    """
    issue = read_event(event)
    authorize(issue, capture_from)
    if (existing := find_issue(root, issue.number)) is not None:
        return CaptureResult(issue.number, existing, written=False)
    found = read_issue(issue, zone, load_folder(root))
    path = edit.add_entry(root, found.day, f"issue-{issue.number}", entry_text(found))
    return CaptureResult(issue.number, path, written=True, count=len(found.interactions))
