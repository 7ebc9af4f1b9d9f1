"""Writing notebook files without losing a byte of what the person wrote: atomic
replacement, appending in the file's own line endings, YAML values that read back as
written, and the ids files are named by. Used by edit.py and edit_contacts.py.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_PLAIN = re.compile(r"^[^\W\d_][\w .'()/&@+-]*$")
_SPECIAL = {"yes", "no", "true", "false", "null", "on", "off", "y", "n", "~"}


# --- low-level writing ---------------------------------------------------------------


def _synced_temp(path: Path, text: str) -> str:
    """`text` in a synced temporary file beside `path` (same folder, so it can take the
    name in one step); the caller renames or links it, and removes it on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step: a reader sees the old file or the new one."""
    tmp = _synced_temp(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str) -> None:
    """Create `path` holding `text` in one step; FileExistsError if the name is taken,
    even by a file made meanwhile (a rename would replace it, a hard link does not)."""
    tmp = _synced_temp(path, text)
    try:
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: an exclusive create instead
            with path.open("x", encoding="utf-8", newline="") as f:
                f.write(text)
    finally:
        Path(tmp).unlink(missing_ok=True)


def read_raw(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def yaml_value(value: Any, *, flow: bool = False) -> str:
    """A value as YAML text: plain when safe, else a double-quoted (JSON) string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(v, flow=True) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _SPECIAL and not text.endswith(" "):
        if not (flow and any(ch in text for ch in ",[]{}")):
            return text
    return json.dumps(text, ensure_ascii=False)


def newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def append_text(text: str, addition: str) -> str:
    nl = newline(text)
    if text and not text.endswith("\n"):
        text += nl
    return text + addition.replace("\n", nl)


def day_dir(root: Path, day: date) -> Path:
    return root / "entries" / f"{day.year:04d}"
