"""Writing contact files: a new contact, one typed in (`contacts add`) or imported, and
an import's additions to an existing one (keys filled, emails and phones added), each
touching only the lines it adds. Part of the notebook's only writer (edit.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from foundation.errors import NotebookError, UsageError
from journal import frontmatter
from journal.writing import (
    ID_RE,
    append_text,
    newline,
    read_raw,
    write_atomic,
    write_new,
    yaml_value,
)

# --- contacts --------------------------------------------------------------------------


def new_contact_text(cid: str, values: dict[str, Any]) -> str:
    lines = ["---", f"id: {yaml_value(cid)}"]  # "1e100" or "no" must stay a string
    for key, value in values.items():
        if value not in (None, "", [], ()):
            lines.append(f"{key}: {yaml_value(value)}")
    return "\n".join(lines) + "\n---\n"


def contact_slug(name: str) -> str:
    """A contact id from a name, as the importers make it: 'José Núñez' -> 'jose-nunez'."""
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")


def add_contact(
    root: Path,
    name: str,
    *,
    org: str | None = None,
    tier: str | None = None,
    cid: str | None = None,
) -> Path:
    """Write a new contact file, `contacts/<id>.md`; never replace one that exists.

    The id is the name's slug unless given. A file already there, with that id, stops
    the command with nothing written: what the person wrote there is theirs.
    """
    name = " ".join(name.split())
    if not name:
        raise UsageError("a contact needs a name", hint='e.g. stayready contacts add "Jane Doe"')
    cid = cid or contact_slug(name)
    if not ID_RE.match(cid):
        raise UsageError(f"{cid!r} is not a valid id" if cid else f"{name!r} gives no id",
                         hint="give one with --id: lowercase letters, digits and -")  # fmt: skip
    path = root / "contacts" / f"{cid}.md"
    if path.exists():
        raise NotebookError(f"a contact with id {cid!r} exists already; nothing was written",
                            file=path, hint="edit that file, or give this person another "
                            "id with --id (e.g. with a middle initial)")  # fmt: skip
    values: dict[str, Any] = {"name": name, "org": org, "tier": tier}
    text = new_contact_text(cid, values)
    try:
        write_new(path, text)
    except FileExistsError:
        raise NotebookError(f"a contact with id {cid!r} exists already; nothing was written",
                            file=path) from None  # fmt: skip
    return path


def _empty_line_value(rest: str) -> bool:
    return rest.strip() in ("", "~", "null", "[]", '""', "''")


def fill_contact(path: Path, values: dict[str, Any]) -> list[str]:
    """Fill only the empty or missing top-level fields of a contact file; return them."""
    return merge_contact(path, values)[0]


_SINGULAR = {"emails": "email", "phones": "phone"}
_LISTS = ("emails", "phones", "tags")  # what an import adds to; other keys it only fills


def _same(key: str, value: str) -> str:
    """What makes two list items the same: an address in any case, a phone by digits."""
    if key == "phones":
        return re.sub(r"\D", "", value) or value
    return value.strip().casefold()


def _extend_line(line: str, key: str, current: Any, new: list[str]) -> str | None:
    """`line` (`key: [a, b]` or `key: a`) with `new` items added, or None if the list is
    written some other way (then it is left to the person)."""
    items = ", ".join(yaml_value(v, flow=True) for v in new)
    m = re.match(rf"^({re.escape(key)}\s*:\s*\[.*)\](\s*(?:#[^\]]*)?)(\r?\n)?$", line)
    if m and isinstance(current, list):
        return f"{m.group(1)}, {items}]{m.group(2)}{m.group(3) or ''}"
    m = re.match(rf"^{re.escape(key)}\s*:\s*[^#\[{{|>&*!]+?(\r?\n)?$", line)
    if m and isinstance(current, str):
        return f"{key}: [{yaml_value(current, flow=True)}, {items}]{m.group(1) or ''}"
    return None


def merge_contact(
    path: Path, values: dict[str, Any], note: str = ""
) -> tuple[list[str], list[str]]:
    """Merge an import into a contact file: empty or missing fields are filled (never
    overwritten), new items join the lists (`emails`, `phones`, `tags`) without
    repeating one, and a note not yet in the body is appended to it. Returns (what was
    added, the lists written in a form this cannot extend)."""
    doc = frontmatter.read(path)
    if doc.data is None:
        return [], []
    raw = read_raw(path)
    lines = raw.splitlines(keepends=True)
    nl = newline(raw)
    added: list[str] = []
    left: list[str] = []
    after: dict[int, list[str]] = {}  # new list items after a 0-based line of the file
    fills: list[str] = []  # new keys, before the closing fence
    for key, value in values.items():
        if value in (None, "", [], ()):
            continue
        lkey = key if key in doc.data or key not in _SINGULAR else _SINGULAR[key]
        current = doc.data.get(lkey)
        if lkey in doc.data and current not in (None, "", []):
            if key not in _LISTS:
                continue  # the person's value stays, whatever the import says
            have = {_same(key, v) for v in frontmatter.str_list(current)}
            new = [v for v in dict.fromkeys(value) if _same(key, v) not in have]
            if not new:
                continue
            i = doc.line_of(doc.data, lkey) - 1
            if isinstance(current, list) and "[" not in lines[i] and len(current):
                last = doc.line_of(current, len(current) - 1) - 1
                m = re.match(r"^(\s*-\s+)", lines[last])
                if m is None or last < i:
                    left.append(key)
                    continue
                after.setdefault(last, []).extend(m.group(1) + yaml_value(v) + nl for v in new)
            elif (line := _extend_line(lines[i], lkey, current, new)) is not None:
                lines[i] = line
            else:
                left.append(key)
                continue
            added.append(f"{key}: {', '.join(new)}")
            continue
        rendered = f"{key}: {yaml_value(value)}"
        if key in doc.data:
            i = doc.line_of(doc.data, key) - 1
            m = re.match(rf"^{re.escape(key)}\s*:(.*?)(\r?\n)?$", lines[i])
            if not m or not _empty_line_value(m.group(1)):
                continue  # an empty value spread over lines: leave it to the person
            lines[i] = rendered + (m.group(2) or "")
        else:
            fills.append(rendered + nl)
        added.append(f"{key}: {', '.join(value)}" if key in _LISTS else key)
    # The keys first: inserting at the fence moves no line a list item goes after, and a
    # list ending at the fence gets its items before the new keys.
    lines[doc.yaml_end : doc.yaml_end] = fills
    for i in sorted(after, reverse=True):
        lines[i + 1 : i + 1] = after[i]
    text = "".join(lines)
    if note.strip() and note.strip() not in doc.body.replace("\r\n", "\n"):
        text = append_text(text, ("\n" if doc.body.strip() else "") + note.strip() + "\n")
        added.append("note")
    if added:
        write_atomic(path, text)
    return added, left
