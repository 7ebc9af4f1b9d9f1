"""YAML with line numbers, for configuration files: reading, and checking keys and values.

Every check appends to `Checker.problems` instead of raising, so a file with several
mistakes is reported whole: `stayready.yml:14: feeds[3].url: not an http(s) URL`.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from foundation.errors import StayReadyError


class Checker:
    """Walks the parsed YAML, collecting problems with their line and key path."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[StayReadyError] = []

    def fail(self, line: int | None, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(
            StayReadyError(f"{path}: {message}", file=self.file, line=line, hint=hint)
        )

    def keys(self, node: Any, path: str, allowed: tuple[str, ...], line: int | None) -> bool:
        if node is None:
            return False
        if not isinstance(node, dict):
            self.fail(line, path or "(top level)", "expected a mapping of keys to values")
            return False
        for key in node:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), allowed, n=1)
                hint = f"did you mean '{near[0]}'?" if near else f"allowed: {', '.join(allowed)}"
                self.fail(key_line(node, key, line), join_path(path, str(key)), "unknown key", hint)
        return True


def key_line(node: Any, key: Any, default: int | None = None) -> int | None:
    """1-based line of a key in a ruamel mapping (or of an item in a sequence)."""
    try:
        if isinstance(node, dict):
            return node.lc.key(key)[0] + 1
        return node.lc.item(key)[0] + 1
    except Exception:
        return default


def node_line(node: Any, default: int | None = None) -> int | None:
    try:
        return node.lc.line + 1
    except Exception:
        return default


def join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def read_yaml(path: Path) -> Any:
    """Parse a YAML file with line information; a syntax error names file and line."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StayReadyError(
            "file not found",
            file=path,
            hint="create it (see README) or pass --config PATH",
        ) from None
    except UnicodeDecodeError as exc:
        raise StayReadyError(f"not UTF-8 text ({exc.reason})", file=path) from None
    yaml = YAML(typ="rt")
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = str(exc.problem or exc.context)
        raise StayReadyError(
            f"YAML syntax error: {problem}",
            file=path,
            line=line,
            hint="YAML does not allow tabs: indent with spaces"
            if "'\\t'" in problem  # ruamel writes the tab it found as '\t'
            else "check indentation and quoting around this line",
        ) from None


def text_value(c: Checker, node: dict, key: str, path: str, line: int | None) -> str | None:
    value = node.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        c.fail(key_line(node, key, line), join_path(path, key), "expected text")
        return None
    return str(value)


def number_value(
    c: Checker,
    node: dict,
    key: str,
    path: str,
    line: int | None,
    default: Any,
    *,
    kind: type = float,
    minimum: float = 0,
    maximum: float | None = None,
    hint: str | None = None,
) -> Any:
    value = node.get(key, default)
    what = "a whole number" if kind is int else "a number"
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < minimum:
        c.fail(key_line(node, key, line), join_path(path, key), f"expected {what} >= {minimum}",
               hint)  # fmt: skip
        return default
    if maximum is not None and value > maximum:
        c.fail(key_line(node, key, line), join_path(path, key),
               f"expected {what} from {minimum} to {maximum}, not {value}", hint)  # fmt: skip
        return default
    if kind is int and value != int(value):
        c.fail(key_line(node, key, line), join_path(path, key), "expected a whole number")
        return default
    return kind(value)
