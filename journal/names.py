"""What a person's name is without what address books add to it, and their family name.

Real exports decorate names: "Rashmi Nayak, MSc, MBA, PHR", "Joel Olazagoitia (he/him)",
"Felix Werdermann 🔸". The sweep files people by family name, ids are typed after `@`, and
the privacy scan looks for the name as an entry would write it; all three need the plain
name, so it is worked out here once (the site's privacy scan imports it from here).

Particles follow one rule: a particle written in lower case ("van", "de", "von der") is
part of the family name but not of its letter ("Vincent van Gogh" is filed under G); a
capitalised one counts like any word ("Robert De Niro" is filed under D).
"""

from __future__ import annotations

import re
import unicodedata

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Credentials, a company or a slogan after the name: "Jane Doe, PhD", "Mia Wong | Hiring!".
_AFTER_NAME = re.compile(r"\s*[,|•·–—]\s.*$|\s*[,|]\s*.*$")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d.", "md", "esq"}
PARTICLES = frozenset(
    "van von de der den del della di da das dos du la le ter ten af av zu bin ibn al el".split()
)


def plain(name: str) -> str:
    """The name without brackets, what follows a comma or bar, and symbols (emoji): only
    letters, marks, spaces and the punctuation names use ("-", "'", "’", ".") remain."""
    text = _AFTER_NAME.sub("", _BRACKETED.sub(" ", name))
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMZ" or ch in "-'’.")
    return " ".join(text.split())


def without_symbols(name: str) -> str:
    """The name as written, less emoji and other symbols (which transliterate to words)."""
    text = "".join(ch for ch in name if unicodedata.category(ch)[0] in "LMNZP" or ch in "&+@")
    return " ".join(text.split())


def _is_cjk(ch: str) -> bool:
    n = unicodedata.name(ch, "")
    return n.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


def guess_family(name: str) -> str:
    """The family name of a typed-in name: the first word in CJK scripts, else the last
    word with any particles before it ("van der Berg"), after credentials, pronouns,
    emoji and generational suffixes are taken away."""
    cleaned = plain(name) or without_symbols(name) or name
    words = [w for w in cleaned.split() if w.lower() not in _SUFFIXES]
    if not words:
        return name.strip()
    if any(_is_cjk(ch) for ch in cleaned):
        return words[0]
    start = len(words) - 1
    # The first word is a given name even when it looks like a particle ("Van Morrison").
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    return " ".join(words[start:])


def family_from_export(value: str) -> str:
    """A family name column as exports fill it, LinkedIn's "Nayak, MSc, MBA, PHR" and
    "Olazagoitia (he/him)" included: the plain name, or '' when nothing is left."""
    cleaned = plain(value)
    words = [w for w in cleaned.split() if w.lower() not in _SUFFIXES]
    return " ".join(words)


def sweep_key(sort_name: str) -> str:
    """The part of a family name the sweep files by: leading lower-case particles go."""
    words = sort_name.split()
    i = 0
    while i < len(words) - 1 and words[i] in PARTICLES:  # lower case only: the rule
        i += 1
    return " ".join(words[i:])
