"""The only code that writes notebook files: log, mark, rename, add a contact, new
entries (capture), filling contacts on import, and a follow-up marked done.

Every write is atomic (a temp file in the same folder, then rename) and touches only the
part being changed: appended lines, one added key, one id. Everything else the person
wrote, bytes and line endings included, stays as it was.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from foundation.errors import NotebookError, UsageError
from journal import frontmatter
from journal.bodylines import ParsedLine, parse_line
from journal.edit_contacts import (  # re-exported: edit is the one writer to call
    add_contact,
    contact_slug,
    fill_contact,
    merge_contact,
    new_contact_text,
)
from journal.entries import read_entry
from journal.model import APPLICATION_STATES, Notebook
from journal.notebook import APPLICATIONS_FILE, load_folder, suggest_ids
from journal.writing import (  # re-exported for the same reason
    ID_RE,
    append_text,
    day_dir,
    newline,
    read_raw,
    write_atomic,
    yaml_value,
)

__all__ = [
    "ID_RE",
    "LogResult",
    "RenameResult",
    "add_contact",
    "add_entry",
    "contact_slug",
    "fill_contact",
    "log",
    "mark",
    "merge_contact",
    "new_contact_text",
    "read_raw",
    "rename",
    "unknown_id_error",
    "write_atomic",
    "yaml_value",
]

# --- log -------------------------------------------------------------------------------


@dataclass
class LogResult:
    path: Path
    created: bool
    parsed: ParsedLine
    text: str  # the line as appended


def unknown_id_error(cid: str, notebook: Notebook) -> NotebookError:
    # A contact whose file exists but could not be read is not unknown: say which file.
    broken = [p for p in notebook.problems if p.file and Path(p.file).stem == cid
              and Path(p.file).parent.name == "contacts"]  # fmt: skip
    if broken:
        return NotebookError(
            f"@{cid}'s contact file has a problem, so nothing was written: {broken[0]}",
            hint="mend it (`stayready check` lists every problem), then log again",
        )
    near = suggest_ids(cid, notebook.contacts)
    hint = (
        "did you mean " + " or ".join(f"@{n}" for n in near[:3]) + "?"
        if near
        else "add the person first: notebook/contacts/<id>.md (or `stayready contacts import`)"
    )
    return NotebookError(f"unknown contact @{cid}; nothing was written", hint=hint)


def log(root: Path, line: str, day: date, notebook: Notebook | None = None) -> LogResult:
    """Append one interaction line to that day's entry, creating the entry if needed."""
    text = line.strip()
    if not text.startswith(("- ", "* ")):
        text = "- " + text
    try:
        parsed = parse_line(text)
    except NotebookError as exc:
        raise UsageError(f"{exc.message}; nothing was written", hint=exc.hint) from None
    nb = notebook if notebook is not None else load_folder(root)
    for cid in parsed.ids:
        if cid not in nb.contacts:
            raise unknown_id_error(cid, nb)
    folder = day_dir(root, day)
    existing = sorted(folder.glob(f"{day.isoformat()}*.md")) if folder.is_dir() else []
    for path in existing:
        doc = read_entry(path)  # refuse to append to a file whose front matter is broken
        if str((doc.data or {}).get("visibility", "private")).strip().lower() == "public":
            continue  # a logged line is private: never add it to a public post
        write_atomic(path, append_text(read_raw(path), text + "\n"))
        return LogResult(path, False, parsed, text)
    path = folder / f"{day.isoformat()}-notes.md"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{day.isoformat()}-notes-{n}.md"
    body = (
        f"---\ndate: {day.isoformat()}\ntitle: Notes for {day.isoformat()}\n"
        f"visibility: private\n---\n\n{text}\n"
    )
    write_atomic(path, body)
    return LogResult(path, True, parsed, text)


# --- a new entry -----------------------------------------------------------------------


def add_entry(root: Path, day: date, slug: str, text: str) -> Path:
    """Write a new entry file `entries/YYYY/<day>-<slug>.md`; never replaces a file.

    For entries made whole elsewhere (journal/capture.py): the name says the day and
    the source, never a person, as file names show in commits and listings.
    """
    folder = day_dir(root, day)
    path = folder / f"{day.isoformat()}-{slug}.md"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{day.isoformat()}-{slug}-{n}.md"
    write_atomic(path, text)
    return path


# --- mark ------------------------------------------------------------------------------

_APPS_HEADER = (
    "# Applications: one event per item, appended by `stayready mark`.\n"
    "# The latest event of each posting is its state; edit notes freely.\n"
)


def mark(
    root: Path,
    posting_id: str,
    state: str,
    day: date,
    note: str | None = None,
    *,
    elsewhere: bool = False,
) -> Path:
    """Append an application event to notebook/applications.yml; `elsewhere` records a
    posting that is not in the job history (seen on another site), so check lets it be."""
    if state not in APPLICATION_STATES:
        raise UsageError(f"unknown state {state!r}", hint=", ".join(APPLICATION_STATES))
    path = root / APPLICATIONS_FILE
    old = ""
    if path.exists():
        # A syntax error stops here, before anything is written.
        data = frontmatter.parse_yaml(read_raw(path), path)
        if data is not None and not isinstance(data, list):
            raise NotebookError(
                "expected a list of events",
                file=path,
                line=1,
                hint="fix the file (each item: - posting: ID ...) and retry",
            )
        old = read_raw(path)
    else:
        old = _APPS_HEADER
    item = f"- posting: {yaml_value(posting_id)}\n  state: {state}\n  date: {day.isoformat()}\n"
    if note:
        item += f"  note: {yaml_value(note)}\n"
    if elsewhere:
        item += "  elsewhere: true\n"
    write_atomic(path, append_text(old, item))
    return path


# --- rename ----------------------------------------------------------------------------


@dataclass
class RenameResult:
    old: str
    new: str
    files: list[Path]
    references: int


def _replace_at(lines: list[str], pos: tuple[int, int] | None, old: str, new: str) -> bool:
    if pos is None:
        return False
    i, col = pos
    m = re.compile(rf"([\"']?@?){re.escape(old)}(?![a-z0-9_-])").match(lines[i], col)
    if not m:
        return False
    lines[i] = lines[i][: m.start()] + m.group(1) + new + lines[i][m.end() :]
    return True


def rename(root: Path, old: str, new: str) -> RenameResult:
    """Rename a contact id: its file, its `id:`, every `with:` and every @old in entries.

    All new contents are prepared first; nothing is written if any file cannot be read.
    """
    if not ID_RE.match(new):
        raise UsageError(f"{new!r} is not a valid id", hint="lowercase letters, digits and -")
    contacts = root / "contacts"
    src = contacts / f"{old}.md"
    dst = contacts / f"{new}.md"
    if not src.is_file():
        raise NotebookError(f"no contact {old!r}", file=src,
                            hint="`stayready check` lists the contact ids")  # fmt: skip
    if dst.exists():
        raise NotebookError(
            f"{dst} already exists; nothing was renamed",
            hint="pick another id, or merge the two files by hand first",
        )
    at = re.compile(rf"@{re.escape(old)}(?![a-z0-9_-])")
    changes: dict[Path, str] = {}
    count = 0
    for path in sorted((root / "entries").glob("**/*.md")):
        raw = read_raw(path)
        if old not in raw:
            continue
        doc = read_entry(path)  # a broken file stops the rename before any write
        lines = raw.splitlines(keepends=True)
        for item in (doc.data or {}).get("interactions") or []:
            if not isinstance(item, dict) or "with" not in item:
                continue
            w = item["with"]
            if isinstance(w, list):
                for k, v in enumerate(w):
                    if str(v).lstrip("@") == old:
                        count += _replace_at(lines, doc.value_pos(w, k), old, new)
            elif str(w).lstrip("@") == old:
                count += _replace_at(lines, doc.value_pos(item, "with"), old, new)
        head = "".join(lines[: doc.body_start - 1])
        body, n = at.subn(f"@{new}", "".join(lines[doc.body_start - 1 :]))
        count += n
        if head + body != raw:
            changes[path] = head + body
    doc = frontmatter.read(src)
    raw = read_raw(src)
    if doc.data is not None and "id" in doc.data:
        lines = raw.splitlines(keepends=True)
        _replace_at(lines, doc.value_pos(doc.data, "id"), old, new)
        raw = "".join(lines)
    changes[dst] = raw
    # Write everything to temp files first, then swap them in.
    temps: list[tuple[Path, Path]] = []
    try:
        for path, text in changes.items():
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            temps.append((Path(tmp), path))
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in temps:
        os.replace(tmp, path)
    src.unlink()
    return RenameResult(old, new, sorted(changes), count)


# --- a follow-up done ------------------------------------------------------------------

_FLOW = re.compile(r"^(\s*follow_up:\s*\{)(.*)\}(\s*(#.*)?)$")
_DONE_KEY = re.compile(r"(^|,)\s*done\s*:[^,]*")


def follow_up_done(path: Path, line: int, day: date) -> None:
    """Write `done: DAY` into the follow-up whose `follow_up:` key is at `line` (1-based),
    flow `{due: ..., what: ...}` or block style; the rest of the file stays as it was."""
    text = read_raw(path)
    lines = text.splitlines(keepends=True)
    at = line - 1
    if not (0 <= at < len(lines)) or "follow_up:" not in lines[at]:
        raise NotebookError("the follow-up is no longer where it was", file=path, line=line,
                            hint="the file changed meanwhile: run the command again")  # fmt: skip
    head = lines[at].rstrip("\r\n")
    nl = lines[at][len(head) :] or newline(text)
    if m := _FLOW.match(head):
        inner = _DONE_KEY.sub("", m.group(2)).strip().rstrip(",")
        lines[at] = f"{m.group(1)}{inner}, done: {day.isoformat()}}}{m.group(3)}{nl}"
    else:
        indent = len(head) - len(head.lstrip())
        end, child = at + 1, None
        while end < len(lines) and lines[end].strip():
            own = len(lines[end]) - len(lines[end].lstrip())
            if own <= indent:
                break
            child = child if child is not None else own
            if lines[end].strip().startswith("done:"):
                del lines[end]
                continue
            end += 1
        pad = " " * (child if child is not None else indent + 2)
        lines.insert(end, f"{pad}done: {day.isoformat()}{nl}")
    new = "".join(lines)
    read_entry(path, new.encode("utf-8"))  # never write a file whose front matter breaks
    write_atomic(path, new)
