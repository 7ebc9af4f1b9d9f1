"""The requirement-term taxonomy: read once (taxonomy.json, made from taxonomy.yml) and
compiled into one matcher.

Every alias of every term, and every exclusion phrase, goes into a single regular
expression shaped as a trie (shared prefixes factored out) that runs over the lowercased
text, so a posting is scanned once in C. Case-sensitive aliases ("Go", "R") are checked
against the original text of each find afterwards.
Exclusions ("go-to", "R&D") are matched like terms but map to nothing: being longer, or
starting earlier, they win over the short alias they contain and so hide it.
Forms that are also ordinary words ("at the helm", "Engineer (TS)", "a spark of curiosity")
are listed under `in_context`: they count only next to another technology, as in a list
("Kubernetes, Helm", "React/TS", "rust, go and python").
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aggregator.requirements.patterns import (  # noqa: F401  (re-exported for details)
    by_first_character,
    split_alternatives,
    trie_pattern,
)
from foundation.errors import StayReadyError

if TYPE_CHECKING:  # only for annotations: foundation.config is slow to import
    from foundation.config import TermConfig

# The YAML is what people edit; the JSON beside it is the same data without the test
# phrases, loaded at run time because it parses in a millisecond instead of ~50.
TAXONOMY_FILE = Path(__file__).with_name("taxonomy.yml")
COMPILED_FILE = Path(__file__).with_name("taxonomy.json")
CERTIFICATION = "certification"

# A term starts after a space or punctuation, never glued to a word, a dot ("ASP.NET" is not
# ".NET") or an e-mail's @. The character before is part of the match: an explicit set
# scans about twice as fast as a lookbehind. A term may not be followed by a letter or
# digit, "#" ("C#" is not C) or a dot and a letter ("Node.js" is not Node).
DELIMITER = (
    "[ \\t\\n\\r\\f\\v\u00a0\u2000-\u200b\u2022\u00b7()/,;:!?\"'`\\[\\]{}<>*|+=~^%$#"
    "\u2018-\u201f\u2013\u2014\u2026\u00ab\u00bb\u00bf\u00a1\u2192\u25aa\u25cf\u25a0\u2713\u2714]"
)
# Terms may also follow a hyphen ("ex-AWS engineers", "-PHP developers"); the few that
# another name continues to the left ("Objective-C", "Obj-C") are guarded in find()
# instead, and so is a "+" after the few that another name continues with ("C++"), so
# that "React+Redux" and "Python+Flask" count. (The details scan keeps DELIMITER.)
TERM_DELIMITER = DELIMITER[:-1] + "\\-]"
_REGISTERED = re.compile(r"(?<=\w)\(r\)")
# Combining marks count as letters: decomposed "çal" is not C.
_RIGHT = r"(?![\w#\u0300-\u036f]|\.\w)"
# A form "in context" counts when the nearest term before or after it is a technology
# and only list punctuation or a conjunction stands between them ("React/TS",
# "Kubernetes and Helm", "Rust, Go and Python").
TECH_CATEGORIES = frozenset(
    ("language", "framework", "mobile", "cloud", "devops", "data", "database", "testing",
     "ml", "tools", "security")
)  # fmt: skip
_LIST_GLUE = re.compile(r"[\s,/;&+|()\[\]\u2022\u00b7-]*(?:(?:and|or|with|plus)[\s,/()]*)?")


# A surface's reading: (term index, exact forms or None for any case, only in context).
Candidate = tuple[int, "frozenset[str] | None", bool]


@dataclass(frozen=True, slots=True)
class Term:
    name: str
    category: str
    aliases: tuple[str, ...]  # every surface form, the name included
    case_sensitive: bool = False
    any_case: tuple[str, ...] = ()  # aliases that match in any case even for a case-sensitive term
    exclusions: tuple[str, ...] = ()
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    # forms that are also ordinary words: any case, and only next to another technology
    in_context: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The terms and their compiled matcher; build with load_taxonomy()."""

    terms: tuple[Term, ...]
    by_name: dict[str, Term]
    pattern: re.Pattern[str]
    # lowercased surface -> candidates (term index, exact forms or None for any case,
    # whether it counts only in context); an empty tuple marks an exclusion phrase.
    lookup: dict[str, tuple[Candidate, ...]] = field(repr=False)
    # surfaces another name continues with "+" ("c" of "c++"), or ends with after a "-"
    # ("c" of "objective-c"): only these are blocked by a "+" after, or a "-" before
    plus_guarded: frozenset[str] = frozenset()
    minus_guarded: frozenset[str] = frozenset()

    def categories(self) -> dict[str, str]:
        return {t.name: t.category for t in self.terms}

    def find(self, text: str) -> list[str]:
        """Canonical names of the terms in `text`, in order of first mention, each once."""
        text, lowered = prepared(text)
        return self.find_prepared(text, lowered)

    def find_prepared(self, text: str, lowered: str) -> list[str]:
        """find() on the output of prepared(), for a caller that scans the text too."""
        if "(r)" in lowered:  # "Epic(R)" is a registered mark, not the R language
            lowered = _REGISTERED.sub("(®)", lowered)
        found: list[str] = []
        seen: set[int] = set()
        lookup = self.lookup
        terms = self.terms
        plus_guarded, minus_guarded = self.plus_guarded, self.minus_guarded
        search = self.pattern.search
        # every find that counted, (start, end, term index), for the forms in context
        spans: list[tuple[int, int, int]] = []
        pending: list[tuple[int, int, int]] | None = None
        pos = 0
        while (m := search(lowered, pos)) is not None:
            pos = end = m.end()
            start = m.start()
            key = m.group()[1:]
            candidates = lookup.get(key)
            if candidates is None:  # whitespace other than one space inside a phrase
                key = " ".join(key.split())
                candidates = lookup.get(key, ())
            if not candidates:
                continue
            if lowered[start] == "-" and key in minus_guarded:
                continue  # "Objective-C" spelled some other way is still not C
            if key in plus_guarded and lowered[end : end + 1] == "+":
                continue  # "C++Builder" is not C
            surface = None
            for index, exact, in_context in candidates:
                if exact is not None:
                    if surface is None:
                        surface = " ".join(text[start + 1 : end].split())
                    if surface not in exact:
                        continue
                if in_context:
                    if pending is None:
                        pending = []
                    pending.append((start + 1, end, index))
                    break
                spans.append((start + 1, end, index))
                if index not in seen:
                    seen.add(index)
                    found.append(terms[index].name)
                break
            else:
                # Wrong case for a case-sensitive alias ("embedded C" is not "Embedded C"):
                # look again inside it, where a shorter alias may start.
                pos = start + 1
        if pending is None:
            return found
        return self._with_context(lowered, spans, pending)

    def _with_context(
        self,
        lowered: str,
        spans: list[tuple[int, int, int]],
        pending: list[tuple[int, int, int]],
    ) -> list[str]:
        """The terms found, with each form in context that stands next to a technology,
        in order of first mention. Only for a posting with such a form, so kept apart."""
        terms = self.terms
        tech = [s for s in spans if terms[s[2]].category in TECH_CATEGORIES]
        kept = list(spans)
        glue = _LIST_GLUE.fullmatch
        for start, end, index in pending:
            before = [s for s in tech if s[1] <= start]
            after = [s for s in tech if s[0] >= end]
            if (before and glue(lowered, before[-1][1], start)) or (
                after and glue(lowered, end, after[0][0])
            ):
                kept.append((start, end, index))
        found: list[str] = []
        seen: set[int] = set()
        for _, _, index in sorted(kept):
            if index not in seen:
                seen.add(index)
                found.append(terms[index].name)
        return found


def prepared(text: str) -> tuple[str, str]:
    """`text` with a space in front (every find starts with the character before it), and
    its lowercase twin of the same length."""
    text = " " + text
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter that grows when lowered ("İ")
        text = "".join(ch if len(ch.lower()) == 1 else "?" for ch in text)
        lowered = text.lower()
    return text, lowered


def load_taxonomy(extra_terms: Sequence[TermConfig] = ()) -> Taxonomy:
    """The shipped taxonomy plus a person's own terms, compiled once and cached."""
    return _compiled(tuple(extra_terms))


def term_categories() -> dict[str, str]:
    """Canonical name -> category for every shipped term, for the site."""
    return load_taxonomy().categories()


@functools.lru_cache(maxsize=1)
def shipped_terms() -> tuple[Term, ...]:
    """The shipped terms, from the compact taxonomy.json (taxonomy.yml when it is missing)."""
    try:
        with COMPILED_FILE.open(encoding="utf-8") as fh:
            raw = json.load(fh)
    except FileNotFoundError:
        raw = read_source()
    return _terms(raw, COMPILED_FILE)


def read_source() -> dict[str, Any]:
    """taxonomy.yml as data, test phrases included (parsed with libyaml when present)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with TAXONOMY_FILE.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def source_terms() -> tuple[Term, ...]:
    """The terms of taxonomy.yml itself, with their positive and negative test phrases."""
    return _terms(read_source(), TAXONOMY_FILE)


def compiled_form(raw: dict[str, Any]) -> dict[str, Any]:
    """taxonomy.yml's data without the test phrases: what taxonomy.json holds."""
    keep = ("name", "category", "aliases", "case_sensitive", "any_case", "exclude", "in_context")
    return {"terms": [{k: t[k] for k in keep if t.get(k)} for t in raw.get("terms") or []]}


def write_compiled() -> Path:
    """Regenerate taxonomy.json from taxonomy.yml (run after editing the YAML)."""
    data = compiled_form(read_source())
    COMPILED_FILE.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    return COMPILED_FILE


def _terms(raw: dict[str, Any], file: Path) -> tuple[Term, ...]:
    terms = []
    for i, item in enumerate(raw.get("terms") or []):
        try:
            terms.append(_term(item))
        except (KeyError, TypeError, ValueError) as exc:
            raise StayReadyError(
                f"terms[{i}]: malformed term ({exc})",
                file=file,
                hint="each term needs at least name and category",
            ) from None
    return tuple(terms)


def _term(item: dict[str, Any]) -> Term:
    name = str(item["name"])
    aliases = [name] + [str(a) for a in item.get("aliases") or ()]
    any_case = tuple(str(a) for a in item.get("any_case") or ())
    return Term(
        name=name,
        category=str(item["category"]),
        aliases=tuple(dict.fromkeys(aliases + list(any_case))),
        case_sensitive=bool(item.get("case_sensitive", False)),
        any_case=any_case,
        exclusions=tuple(str(e) for e in item.get("exclude") or ()),
        positive=tuple(str(p) for p in item.get("positive") or ()),
        negative=tuple(str(n) for n in item.get("negative") or ()),
        in_context=tuple(str(c) for c in item.get("in_context") or ()),
    )


def _from_config(t: TermConfig) -> Term:
    return Term(
        name=t.name,
        category=t.category,
        aliases=tuple(dict.fromkeys((t.name, *t.aliases))),
        case_sensitive=t.case_sensitive,
    )


@functools.lru_cache(maxsize=8)
def _compiled(extra: tuple[TermConfig, ...]) -> Taxonomy:
    terms = list(shipped_terms())
    index = {t.name.lower(): i for i, t in enumerate(terms)}
    for t in extra:
        own = _from_config(t)
        at = index.get(own.name.lower())
        if at is None:
            index[own.name.lower()] = len(terms)
            terms.append(own)
        else:  # the person's aliases extend the shipped term of the same name
            base = terms[at]
            terms[at] = Term(
                name=base.name,
                category=base.category,
                aliases=tuple(dict.fromkeys(base.aliases + own.aliases)),
                case_sensitive=base.case_sensitive,
                any_case=base.any_case,
                exclusions=base.exclusions,
                positive=base.positive,
                negative=base.negative,
                in_context=base.in_context,
            )
    # A person's own term is listed last, but its aliases take precedence over shipped ones.
    lookup: dict[str, list[Candidate]] = {}
    for i, t in enumerate(terms):
        own_first = i >= len(shipped_terms())
        for alias in t.aliases + t.in_context:
            surface = " ".join(alias.split())
            exact = None
            if t.case_sensitive and alias not in t.any_case and alias not in t.in_context:
                exact = frozenset({surface})
            slot = lookup.setdefault(surface.lower(), [])
            # An exact alias of the same surface ("Rust") is tried before the form in
            # context ("rust"), which comes last.
            entry: Candidate = (i, exact, alias in t.in_context and alias not in t.aliases)
            # Exact-case candidates first, so "Go" meets the case-sensitive term before any other.
            if own_first:
                slot.insert(0, entry)
            elif exact is not None:
                slot.insert(sum(1 for _, e, _ in slot if e is not None), entry)
            else:
                slot.append(entry)
    sinks: set[str] = set()
    for t in terms:
        for phrase in t.exclusions:
            key = " ".join(phrase.split()).lower()
            if key not in lookup:
                sinks.add(key)
    tidy = {k: tuple(v) for k, v in lookup.items()}
    tidy.update({k: () for k in sinks})
    # Text is lowercased before matching, so the pattern needs no IGNORECASE: compiling is
    # three times faster, and the engine's quick first-letter check works in every branch.
    pattern = re.compile(f"{TERM_DELIMITER}{trie_pattern(sorted(tidy))}{_RIGHT}")
    # What comes before each "+" of a surface ("c" of "c++") and after each "-" ("c" of
    # "objective-c"), when it is a surface too: one pass, not every pair of surfaces.
    plus = {k[:i] for k in tidy if "+" in k for i, ch in enumerate(k) if ch == "+"}
    minus = {k[i + 1 :] for k in tidy if "-" in k for i, ch in enumerate(k) if ch == "-"}
    return Taxonomy(
        terms=tuple(terms),
        by_name={t.name: t for t in terms},
        pattern=pattern,
        lookup=tidy,
        plus_guarded=frozenset(plus.intersection(tidy)),
        minus_guarded=frozenset(minus.intersection(tidy)),
    )
