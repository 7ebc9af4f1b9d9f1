"""Log from a phone: a GitHub `issues` event becomes one private journal entry.

An issue opened in the person's own private repository, from the "Log an interaction"
form (.github/ISSUE_TEMPLATE/log.yml) or as plain lines in the body-line grammar, is read
here into interactions; edit.py writes the entry, as it does every notebook write. Who
may write, and from which repository, is settled before a word of the body is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
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
from journal.bodylines import GRAMMAR, ParsedLine, parse_line
from journal.model import INTERACTION_TYPES, Notebook
from journal.notebook import load_folder

# The form's labels as GitHub writes them into the body (`### Label`), and what each
# holds. tests/test_capture_form.py checks these against the template itself.
FORM_FIELDS = {
    "Contact id": "contact",
    "Type": "type",
    "Minutes": "minutes",
    "Give or ask": "give",
    "Summary": "summary",
    "Follow-up": "follow_up",
    "Follow-up due": "due",
    "Date": "date",
}
GIVE_OPTIONS: dict[str, bool | None] = {"give": True, "ask": False, "neither": None}
# What GitHub writes for an optional field left empty.
NO_RESPONSE = "_No response_"

_HEADING = re.compile(r"^###\s+(.+?)\s*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_MINUTES = re.compile(r"^(\d{1,4})\s*(m|min|mins|minutes)?$")
_COMMENT = re.compile(r"^<!--.*-->$")
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
class Captured:
    """One interaction read from the issue, and how the issue said it (for messages)."""

    text: str  # as a grammar line
    parsed: ParsedLine
    label: str  # where the issue said it: "line 3", "the title", "Contact id"
    said: str  # what the issue said there
    due: date | None = None
    what: str = ""


@dataclass
class Capture:
    issue: int
    day: date  # the entry's date: the form's Date, or the day the issue was opened
    interactions: list[Captured]


@dataclass
class CaptureResult:
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


# --- the body --------------------------------------------------------------------------


def form_fields(body: str) -> dict[str, str] | None:
    """The form's answers by key, or None when the body is not the form's."""
    found: dict[str, list[str]] = {}
    current: str | None = None
    for raw in body.splitlines():
        m = _HEADING.match(raw)
        if m and m.group(1) in FORM_FIELDS:
            current = FORM_FIELDS[m.group(1)]
            found[current] = []
        elif current is not None:
            found[current].append(raw)
    if not found:
        return None
    answers = {key: "\n".join(lines).strip() for key, lines in found.items()}
    return {key: "" if value == NO_RESPONSE else value for key, value in answers.items()}


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return json.dumps(text if len(text) <= 80 else text[:77] + "...", ensure_ascii=False)


def _field_label(key: str) -> str:
    return next(label for label, k in FORM_FIELDS.items() if k == key)


def _day(text: str, opened: date) -> date:
    """A form's date: YYYY-MM-DD, today or yesterday (the day the issue was opened)."""
    value = text.strip().lower()
    if value in ("today", ""):
        return opened
    if value == "yesterday":
        return opened - timedelta(days=1)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} has no year; write it in full, e.g. {opened.year}-03-15"
            if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}", value)
            else "write YYYY-MM-DD (or today, yesterday)"
        ) from None


def _read_form(
    fields: Mapping[str, str], opened: date, where: str, problems: list[StayReadyError]
) -> tuple[list[Captured], date]:
    def fail(key: str, message: str, hint: str) -> None:
        value = fields.get(key, "")
        quoted = f", {_quote(value)}" if value else ""
        problems.append(
            NotebookError(f"{_field_label(key)}{quoted}: {message}", file=where, hint=hint)
        )

    day = opened
    try:
        day = _day(fields.get("date", ""), opened)
        if day > opened:
            fail("date", "is after the day the issue was opened", "log what has happened")
    except ValueError as exc:
        fail("date", "is not a date", str(exc))
    ids: list[str] = []
    for token in re.split(r"[\s,]+", fields.get("contact", "")):
        cid = token.strip().lstrip("@").lower()
        if not cid:
            continue
        if _ID.match(cid):
            ids.append(cid)
        else:
            fail(
                "contact",
                f"{token!r} is not a contact id",
                "write the name of their contact file without .md, e.g. jane-doe",
            )
    if not ids and not any(p.message.startswith(_field_label("contact")) for p in problems):
        fail("contact", "missing: who was it with?", "write their contact id, e.g. jane-doe")
    kind = fields.get("type", "").strip().lower()
    if not kind:
        fail("type", "missing", f"one of: {', '.join(INTERACTION_TYPES)}")
    minutes = 0
    if text := fields.get("minutes", ""):
        if m := _MINUTES.match(text.strip().lower()):
            minutes = int(m.group(1))
        else:
            fail("minutes", "is not a number of minutes", "write a whole number, e.g. 30")
    give_text = fields.get("give", "").strip().lower() or "neither"
    give = GIVE_OPTIONS.get(give_text)
    if give_text not in GIVE_OPTIONS:
        fail("give", "is not one of the choices", f"one of: {', '.join(GIVE_OPTIONS)}")
    what = " ".join(fields.get("follow_up", "").split())
    due: date | None = None
    if due_text := fields.get("due", ""):
        try:
            due = date.fromisoformat(due_text.strip())
            if due < day:
                fail("due", f"is before the interaction ({day})", "a follow-up comes after it")
        except ValueError:
            fail("due", "is not a date", f"write YYYY-MM-DD, e.g. {day + timedelta(days=7)}")
    elif what:
        fail(
            "due",
            "missing; a follow-up needs its due date",
            f"write YYYY-MM-DD, e.g. {day + timedelta(days=7)}",
        )
    if not (ids and kind):
        return [], day
    summary = " ".join(fields.get("summary", "").split())
    flag = {True: " +give", False: " +ask", None: ""}[give]
    line = f"- {kind} {' '.join('@' + i for i in ids)}{f' {minutes}m' if minutes else ''}{flag}"
    line += f": {summary}" if summary else ""
    try:
        parsed = parse_line(line)
    except NotebookError as exc:  # only the type can be wrong by now
        fail("type", exc.message, exc.hint or f"one of: {', '.join(INTERACTION_TYPES)}")
        return [], day
    return [Captured(line, parsed, _field_label("contact"), fields["contact"], due, what)], day


def _read_lines(issue: Issue, where: str, problems: list[StayReadyError]) -> list[Captured]:
    """A plain issue: every line of the body is an interaction line (the title, when the
    body is empty). Nothing is skipped silently: a line that is not one is reported."""
    lines = [(f"line {n}", raw) for n, raw in enumerate(issue.body.splitlines(), 1)]
    if not any(raw.strip() for _, raw in lines):
        lines = [("the title", issue.title)]
    found: list[Captured] = []
    for label, raw in lines:
        text = raw.strip()
        if not text or _COMMENT.match(text):
            continue
        try:
            parsed = parse_line(text)
        except NotebookError as exc:
            problems.append(
                NotebookError(f"{label}, {_quote(text)}: {exc.message}", file=where, hint=exc.hint)
            )
            continue
        line = text if text.startswith(("- ", "* ")) else f"- {text}"
        found.append(Captured(line, parsed, label, text))
    return found


def _order(message: str) -> tuple[int, str]:
    """Problems in the order of the issue: by line, the form's fields in its order."""
    if m := re.match(r"line (\d+),", message):
        return int(m.group(1)), ""
    labels = list(FORM_FIELDS)
    head = message.split(",", 1)[0].split(":", 1)[0]
    return (labels.index(head) if head in labels else len(labels)), message


def read_issue(issue: Issue, zone: tzinfo, notebook: Notebook) -> Capture:
    """The issue's interactions, dated in the person's time zone; CaptureError with every
    problem (a line, a field, an unknown contact) when anything cannot be read."""
    opened = issue.opened.astimezone(zone).date()
    where = f"issue #{issue.number}"
    problems: list[StayReadyError] = []
    fields = form_fields(issue.body)
    if fields is not None:
        found, day = _read_form(fields, opened, where, problems)
    else:
        found, day = _read_lines(issue, where, problems), opened
    for c in found:
        for cid in c.parsed.ids:
            if cid in notebook.contacts:
                continue
            known = edit.unknown_id_error(cid, notebook)
            message = (
                known.message
                if cid in notebook.broken_contacts
                else f"{c.label}, {_quote(c.said)}: unknown contact @{cid}"
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
    problems.sort(key=lambda p: _order(p.message))
    if problems:
        raise CaptureError(problems)
    return Capture(issue.number, day, found)


# --- the entry -------------------------------------------------------------------------


def entry_text(capture: Capture) -> str:
    """The entry as written: front matter only, private, with the issue number that makes
    a second delivery of the same issue a no-op. Front matter, not body lines, because a
    follow-up has no body-line form."""
    v = edit.yaml_value
    out = [
        "---",
        f"date: {capture.day.isoformat()}",
        f"title: {v(f'Logged from issue #{capture.issue}')}",
        "visibility: private",
        f"issue: {capture.issue}",
        "interactions:",
    ]
    for c in capture.interactions:
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
    return "\n".join([*out, "---", ""])


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
