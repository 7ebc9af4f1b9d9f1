"""Regular expressions built from word lists: a trie-shaped alternation (shared prefixes
factored out) and grouping by first character, so one scan of a posting tries only the
few alternatives that can start where it stands."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def trie_pattern(words: Sequence[str]) -> str:
    """One regex alternation for `words`, prefixes shared; longer matches are tried first."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _render(root)


def _render(node: dict[str, Any]) -> str:
    ends = "" in node
    branches = []
    for ch, child in sorted(node.items()):
        if not ch:
            continue
        branches.append(_char(ch) + _render(child))
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    alternation = f"(?:{'|'.join(branches)})"
    return alternation + "?" if ends else alternation


def _char(ch: str) -> str:
    # Any run of whitespace inside a phrase, so "machine\nlearning" still matches.
    return r"\s+" if ch == " " else re.escape(ch)


def split_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression: "a|b(c|d)" -> ["a", "b(c|d)"]."""
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a literal ] first
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def by_first_character(alternatives: Sequence[str], depth: int = 8) -> str:
    """One alternation, with alternatives that begin with the same literal character grouped
    under it, and so on for the next characters (a trie, `depth` levels deep), so the
    engine checks one character to skip a whole group. Order is kept among alternatives
    that could match the same text; ones that do not start with a literal come last."""
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    for alt in alternatives:
        if alt[:1] == "\\":  # an escaped character is a literal; \\d, \\b, \\s are not
            head = alt[:2] if alt[1:2] and not alt[1:2].isalnum() else ""
        else:
            head = alt[:1] if alt[:1] not in "()[].^$*+?{|" else ""
        if not head or alt[len(head) : len(head) + 1] in ("?", "*", "+", "{"):
            others.append(alt)
            continue
        groups.setdefault(head, []).append(alt[len(head) :])
    parts = []
    for head, rests in groups.items():
        if len(rests) == 1:
            parts.append(head + rests[0])
        elif depth > 1:
            parts.append(head + by_first_character(rests, depth - 1))
        else:
            parts.append(head + "(?:" + "|".join(rests) + ")")
    return "(?:" + "|".join(parts + others) + ")"
