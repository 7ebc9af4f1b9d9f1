"""Split a notebook file into YAML front matter and body, keeping file line numbers.

The YAML is parsed with ruamel (round-trip mode) so every key and item knows its
line; `Document.line_of` turns those into 1-based lines of the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from foundation.errors import NotebookError

_FENCE = re.compile(r"^---[ \t]*\r?$")


@dataclass
class Document:
    path: Path
    text: str
    data: Any  # a ruamel CommentedMap, or None when there is no front matter
    yaml_start: int  # 0-based file line of the first YAML line
    yaml_end: int  # 0-based file line of the closing fence (len(lines) if none)
    body: str
    body_start: int  # 1-based file line where the body starts

    def line_of(self, node: Any, key: Any = None) -> int:
        """1-based file line of `key` in mapping/sequence `node` (or of `node` itself)."""
        try:
            if key is None:
                return node.lc.line + self.yaml_start + 1
            if isinstance(node, dict):
                return node.lc.key(key)[0] + self.yaml_start + 1
            return node.lc.item(key)[0] + self.yaml_start + 1
        except Exception:
            return self.yaml_start + 1 if self.data is not None else 1

    def value_pos(self, node: Any, key: Any) -> tuple[int, int] | None:
        """0-based (file line, column) where the value of `key` (or item `key`) starts."""
        try:
            if isinstance(node, dict):
                line, col = node.lc.value(key)
            else:
                line, col = node.lc.item(key)
        except Exception:
            return None
        return line + self.yaml_start, col


def split(text: str) -> tuple[str | None, int, int, str, int]:
    """(yaml text or None, yaml start line, closing fence line, body, body start line)."""
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].lstrip("\ufeff").rstrip("\n")):
        return None, 0, 0, text, 1
    for i in range(1, len(lines)):
        if _FENCE.match(lines[i].rstrip("\n")):
            return "".join(lines[1:i]), 1, i, "".join(lines[i + 1 :]), i + 2
    # An opening fence with no closing one: report it rather than guess where the
    # body starts (end == -1 says so).
    return "".join(lines[1:]), 1, -1, "", len(lines) + 1


_KEY_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]|$)")


def unopened(text: str, keys: Collection[str]) -> bool:
    """Whether `text` starts with front matter missing its opening fence: YAML lines from
    the first (a `key: value` one), one of them a key in `keys`, up to a `---` line.

    split() sees no front matter there, so the YAML would be read as body text. The
    known key keeps a body that starts with "Note: ..." over a rule from counting.
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not _KEY_LINE.match(lines[0]):
        return False
    found = False
    for line in lines:
        if _FENCE.match(line):
            return found
        if m := _KEY_LINE.match(line):
            found = found or m.group(1) in keys
        elif line.strip() and not line.startswith((" ", "\t", "#", "- ")) and line != "-":
            return False  # prose: not front matter
    return False


_ISO_LIKE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def _yaml() -> Any:
    """A round-trip YAML reader that keeps an impossible date (2026-13-45) as its text.

    ruamel builds dates itself and raises on such a value without saying where, which
    would drop the whole file: a contact with one mistyped date would vanish from the
    privacy scan. As text it reaches the field's own check (`as_date`), which reports
    it at its line and ignores that field only, with the file's other problems.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class _Constructor(RoundTripConstructor):
        pass

    def timestamp(self: RoundTripConstructor, node: Any) -> Any:
        try:
            return RoundTripConstructor.construct_yaml_timestamp(self, node)
        except ValueError:
            return self.construct_scalar(node)

    # add_constructor copies the table onto the subclass: plain ruamel is unchanged.
    _Constructor.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


def parse_yaml(text: str, path: Path, start: int = 0) -> Any:
    """YAML with line numbers (round-trip mode); `start` is the file line of its first line."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return _yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise NotebookError(
            f"YAML syntax error: {exc.problem or exc.context}",
            file=path,
            line=mark.line + start + 1 if mark else start + 1,
            hint="check indentation and quoting; quote text containing ': ' or '#'",
        ) from None
    except YAMLError as exc:
        raise NotebookError(f"YAML error: {exc}", file=path, line=start + 1) from None
    except ValueError:
        raise NotebookError("a value could not be read", file=path, line=start + 1) from None


def read(path: Path, raw: bytes | None = None) -> Document:
    """Read and parse a notebook file (or `raw`, its bytes already read); raise
    NotebookError naming file and line."""
    try:
        # Bytes, not read_text: keep '\r\n' as written so edits can preserve it.
        text = (path.read_bytes() if raw is None else raw).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(
            f"not UTF-8 text ({exc.reason})", file=path, hint="save the file as UTF-8"
        ) from None
    yaml_text, start, end, body, body_start = split(text)
    if end == -1:
        raise NotebookError(
            "front matter is not closed",
            file=path,
            line=1,
            hint="end the front matter with a line of three dashes: ---",
        )
    data = None
    if yaml_text is not None:
        data = parse_yaml(yaml_text, path, start)
        if data is not None and not isinstance(data, dict):
            raise NotebookError(
                "front matter is not a mapping of keys to values",
                file=path,
                line=start + 1,
                hint="write it as `key: value` lines",
            )
    return Document(path, text, data, start, end, body, body_start)


_MONTH_DAY = re.compile(
    r"^\s*(\d{1,2}[-/.]\d{1,2}|[A-Za-z]{3,9}\.? \d{1,2}|\d{1,2} [A-Za-z]{3,9})\s*$"
)


def as_date(value: Any, *, file: Path, line: int | None, what: str) -> date:
    """A bare YAML date (or an ISO date string); anything else is refused with a hint."""
    if isinstance(value, datetime):
        raise NotebookError(
            f"{what}: {value} has a time; dates here are whole days",
            file=file,
            line=line,
            hint=f"write a bare date: {what.split('.')[-1]}: {value.date().isoformat()}",
        )
    if isinstance(value, date):
        return value
    text = str(value).strip() if value is not None else ""
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if _ISO_LIKE.fullmatch(text):
        raise NotebookError(
            f"{what}: {text} is not a real date",
            file=file,
            line=line,
            hint="check the month and the day",
        )
    if _MONTH_DAY.match(text):
        raise NotebookError(
            f"{what}: {text!r} has no year",
            file=file,
            line=line,
            hint="write the full date, e.g. 2026-03-15, so it cannot be read as the wrong year",
        )
    raise NotebookError(
        f"{what}: {text!r} is not a date" if text else f"{what}: missing date",
        file=file,
        line=line,
        hint="write a bare date like 2026-03-15",
    )


def str_list(value: Any) -> list[str]:
    """A YAML scalar or list as a list of non-empty strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    text = str(value).strip()
    return [text] if text else []


def read_doc(
    problems: list[NotebookError], path: Path, raw: bytes | None = None
) -> Document | None:
    """Like `read`, but a problem is recorded instead of raised."""
    try:
        return read(path, raw)
    except NotebookError as exc:
        problems.append(exc)
        return None


def date_field(
    problems: list[NotebookError], doc: Document, node: Any, key: str, what: str
) -> date | None:
    """`node[key]` as a date, or None (recording why) when absent or invalid."""
    if node.get(key) is None:
        return None
    try:
        return as_date(node[key], file=doc.path, line=doc.line_of(node, key), what=what)
    except NotebookError as exc:
        problems.append(exc)
        return None
