"""The house runs one way down: foundation <- the two cores <- the application.

Read from the source (every import, top-level or inside a function), so a new upward
import or a pair of modules importing each other fails here, with the line that did it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The packages each floor may import from, its own included.
ALLOWED = {
    "foundation": {"foundation"},
    "aggregator": {"foundation", "aggregator"},
    "journal": {"foundation", "journal"},
    "stayready": {"foundation", "aggregator", "journal", "stayready"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file; `from x import y` gives x.y when
    x.y is itself a module of the project, else x."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    here = _module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for a in node.names:
                sub = f"{base}.{a.name}"
                found.append((node.lineno, sub if sub in MODULES else base))
    return found


FILES = sorted(p for floor in ALLOWED for p in (ROOT / floor).rglob("*.py"))
MODULES = {_module_name(p) for p in FILES}


def test_the_floors_are_all_there() -> None:
    assert {m.split(".")[0] for m in MODULES} == set(ALLOWED)
    assert len(FILES) > 100  # the whole house is read, not a corner of it


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_back_up(path: Path) -> None:
    floor = _module_name(path).split(".")[0]
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for line, name in _imports(path)
        if name.split(".")[0] in ALLOWED and name.split(".")[0] not in ALLOWED[floor]
    ]
    assert not wrong, "\n".join(wrong)


def test_no_two_modules_import_each_other() -> None:
    graph: dict[str, set[str]] = {}
    for path in FILES:
        me = _module_name(path)
        graph[me] = {
            name
            for _, name in _imports(path)
            if name in MODULES
            and name != me
            and not me.startswith(name + ".")
            and not name.startswith(me + ".")  # a package and its own modules
        }
    # Any cycle, not only pairs: depth-first search with colours.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*trail[trail.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_board_catalogue_matches_the_modules_that_read_it() -> None:
    from aggregator.boards import JSON_KINDS, PROFILES, XML_KINDS
    from foundation.sources import BOARD_PROFILES, SOURCE_KINDS

    assert tuple(PROFILES) == BOARD_PROFILES
    assert not set(JSON_KINDS) & set(XML_KINDS)
    assert set(JSON_KINDS) | set(XML_KINDS) == set(SOURCE_KINDS) - {"rss"}
