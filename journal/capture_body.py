"""An issue's body as interactions: the "Log an interaction" form's answers, or plain lines
in the body-line grammar. Every problem is collected, named by its line or field, so one
reply to the issue says all there is to fix; contacts are checked by capture.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from foundation.errors import NotebookError, StayReadyError
from journal.bodylines import ParsedLine, parse_line
from journal.model import INTERACTION_TYPES

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


@dataclass
class Captured:
    """One interaction read from the issue, and how the issue said it (for messages)."""

    text: str  # as a grammar line
    parsed: ParsedLine
    label: str  # where the issue said it: "line 3", "the title", "Contact id"
    said: str  # what the issue said there
    due: date | None = None
    what: str = ""


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


def quote(text: str) -> str:
    """What the issue said, on one line and short enough to read in a comment on a phone."""
    text = " ".join(text.split())
    return json.dumps(text if len(text) <= 80 else text[:77] + "...", ensure_ascii=False)


def field_label(key: str) -> str:
    """The label the person saw on the form, to name the field they must fix."""
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


def read_form(
    fields: Mapping[str, str], opened: date, where: str, problems: list[StayReadyError]
) -> tuple[list[Captured], date]:
    """The form's one interaction (as a grammar line, checked by the same parser as the
    notebook's lines) and its date; problems are appended, named by the field's label."""

    def fail(key: str, message: str, hint: str) -> None:
        value = fields.get(key, "")
        quoted = f", {quote(value)}" if value else ""
        problems.append(
            NotebookError(f"{field_label(key)}{quoted}: {message}", file=where, hint=hint)
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
    if not ids and not any(p.message.startswith(field_label("contact")) for p in problems):
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
    return [Captured(line, parsed, field_label("contact"), fields["contact"], due, what)], day


def read_lines(body: str, title: str, where: str, problems: list[StayReadyError]) -> list[Captured]:
    """A plain issue: every line of the body is an interaction line (the title, when the
    body is empty). Nothing is skipped silently: a line that is not one is reported."""
    lines = [(f"line {n}", raw) for n, raw in enumerate(body.splitlines(), 1)]
    if not any(raw.strip() for _, raw in lines):
        lines = [("the title", title)]
    found: list[Captured] = []
    for label, raw in lines:
        text = raw.strip()
        if not text or _COMMENT.match(text):
            continue
        try:
            parsed = parse_line(text)
        except NotebookError as exc:
            problems.append(
                NotebookError(f"{label}, {quote(text)}: {exc.message}", file=where, hint=exc.hint)
            )
            continue
        line = text if text.startswith(("- ", "* ")) else f"- {text}"
        found.append(Captured(line, parsed, label, text))
    return found


def problem_order(message: str) -> tuple[int, str]:
    """Problems in the order of the issue: by line, the form's fields in its order."""
    if m := re.match(r"line (\d+),", message):
        return int(m.group(1)), ""
    labels = list(FORM_FIELDS)
    head = message.split(",", 1)[0].split(":", 1)[0]
    return (labels.index(head) if head in labels else len(labels)), message
