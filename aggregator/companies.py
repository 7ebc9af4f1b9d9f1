"""One name per company: the key postings are grouped by, and the person's aliases.

Boards spell one employer many ways ("Acme Inc.", "ACME", "Acme, Inc", "The Acme
Company"); reposts, cross-feed duplicates, lifetimes and the companies table group by
`company_key`, which folds case, accents and punctuation and drops a leading "The" and
trailing legal forms in English, Spanish and a few other languages. The spelling shown
is the most common one (trends/rehiring.py), or the alias the person chose.

`companies.aliases` in stayready.yml merges or splits names:

    companies:
      aliases:
        Acme: [Acme Rockets, ACME Corporation]   # merge: these are all Acme
        Acme UK: [Acme Ltd]                      # split: "Acme Ltd" is not Acme

A listed name without a legal form ("Acme Rockets") takes every spelling of it
("Acme Rockets, Inc." too); a name written with its legal form ("Acme Ltd") takes only
that spelling (any case or punctuation), which is how two companies that normalize
alike are told apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

# Legal forms as word sequences after folding (dots dropped: "S.A." -> "sa", "S. A." ->
# "s a"), longest first so "sa de cv" goes before "sa".
_LEGAL_FORMS = tuple(
    sorted(
        {
            tuple(form.split())
            for form in (
                "inc", "incorporated", "llc", "l l c", "ltd", "limited", "gmbh", "ag", "corp",
                "corporation", "co", "company", "plc", "sa", "s a", "sas", "sarl", "bv", "b v",
                "nv", "n v", "srl", "spa", "pty", "oy", "ab", "as", "asa", "kg", "co kg",
                "gmbh co kg", "lp", "llp", "pbc", "pllc", "sl", "s l", "slu", "sau", "ltda",
                "cia", "se", "kk", "ug", "de cv", "sa de cv", "sab de cv", "sapi de cv",
                "s de rl", "s de rl de cv",
            )
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_AND = re.compile(r"\s+&\s+")


def _fold(text: str) -> str:
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def spelling_words(name: str) -> list[str]:
    """A name's words as written, case and punctuation folded ("S.A." -> "sa")."""
    text = _AND.sub(" and ", _fold(name or "")).replace(".", "").replace("'", "")
    return [w for w in _WORD_SPLIT.split(text) if w]


def _strip(words: list[str]) -> list[str]:
    forms = _LEGAL_FORMS
    out = list(words)
    if len(out) > 1 and out[0] == "the":
        out = out[1:]
    changed = True
    while changed and len(out) > 1:
        changed = False
        for form in forms:
            n = len(form)
            if len(out) > n and tuple(out[-n:]) == form:
                out = out[:-n]
                changed = True
                break
        if len(out) > 1 and out[-1] == "and":  # "Smith & Co" -> "smith and"
            out = out[:-1]
            changed = True
    return out


def company_key(name: str) -> str:
    """The grouping key of a company name: 'The Acme Company, Inc.' -> 'acme'."""
    return " ".join(_strip(spelling_words(name)))


class CompanyNames:
    """Company keys with the person's aliases applied, and the names they chose to show.

    Built once per run from `config.companies.aliases` (name -> names it takes);
    `key()` is memoized per spelling, as a history holds few distinct spellings.
    """

    def __init__(self, aliases: Mapping[str, Iterable[str]] | Iterable[tuple[str, Iterable[str]]]
                 = ()) -> None:  # fmt: skip
        items = aliases.items() if isinstance(aliases, Mapping) else aliases
        self._exact: dict[str, str] = {}
        self._by_key: dict[str, str] = {}
        self.shown: dict[str, str] = {}  # key -> the alias's own name
        for target, names in items:
            tkey = company_key(target)
            if not tkey:
                continue
            self.shown[tkey] = target
            for name in names:
                words = spelling_words(name)
                if not words:
                    continue
                self._exact[" ".join(words)] = tkey
                if _strip(words) == words:  # no legal form written: every spelling of it
                    self._by_key.setdefault(" ".join(words), tkey)
        self._memo: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self._exact)

    def fingerprint(self) -> tuple:
        """What the keys depend on, for caches of counts grouped by them."""
        return tuple(sorted(self._exact.items())), tuple(sorted(self._by_key.items()))

    def key(self, name: str) -> str:
        """The grouping key of a spelling, aliases applied."""
        found = self._memo.get(name)
        if found is None:
            words = spelling_words(name)
            exact = self._exact.get(" ".join(words))
            if exact is not None:
                found = exact
            else:
                base = " ".join(_strip(words))
                found = self._by_key.get(base, base)
            self._memo[name] = found
        return found

    def base_key(self, key: str) -> str:
        """An alias-free grouping key mapped through the aliases (for keys computed
        without the spelling, e.g. cached ones); exact-spelling aliases need `key()`."""
        return self._by_key.get(key, key)


NO_ALIASES = CompanyNames()
