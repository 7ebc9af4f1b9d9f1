"""The public edition's self-check: no contact's name, alias, email or phone in its output.

Names and multi-word aliases match as whole words, ignoring case and spacing; emails
ignoring case; phones by their digits. Every file of the built site is read (pages,
search index, sitemap, feeds, 404), after undoing HTML and JSON escapes.

Posting text is not a leak: on the pages drawn only from job postings (Jobs, Trends,
Companies, Feed health, and the new-postings feed), a name that also appears in a
published posting field (say a contact named like a company) is excused. Everywhere
else (home, journal posts, tags, 404) nothing is excused.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from foundation.errors import PrivacyError
from journal.names import plain as plain_text
from stayready.site.data import Contact, Entry

_WORD = re.compile(r"\w+")
_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d\s().\-/]{5,}\d")
_TAG = re.compile(r"<[^>]*>")
_NOT_DIGIT_OR_X = re.compile(r"[^\dx]")
_SEPARATORS = r"[\s().\-/]*"  # what _PHONE allows between digits
# Paths (relative to the site) whose every word came from postings or feed states.
POSTING_PAGES = (
    "generated/jobs/",
    "generated/trends/",
    "generated/companies/",
    "generated/health/",
)
TEXT_SUFFIXES = {".html", ".xml", ".json", ".txt", ".ics", ".js", ".md", ".svg", ".csv", ""}
MIN_PHONE_DIGITS = 7


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def plain_name(name: str) -> str | None:
    """The name without what address books add to it, when that differs and still has
    two words: "Rashmi Nayak, MSc, MBA, PHR" and "Joel Olazagoitia (he/him)" are written
    "Rashmi Nayak" and "Joel Olazagoitia" in an entry. (Emoji are not words: the scan
    passes over them already; they go from the plain name too.)"""
    plain = plain_text(name)  # the journal's own reading, so the sweep and this agree
    if plain != " ".join(name.split()) and len(words(plain)) >= 2:
        return plain
    return None


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@dataclass
class Needles:
    """What must not appear, indexed for a single pass over each file."""

    names: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    # One-word names ("No", "Home", from a phone's address book), looked for everywhere
    # but in the text every build writes whatever the data (BOILERPLATE).
    single: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    phones: list[tuple[str, str]] = field(default_factory=list)
    excused: set[tuple[str, ...]] = field(default_factory=set)
    _by_tail: dict[str, list[tuple[str, str]]] | None = None
    _screen: re.Pattern[str] | None = None

    def add_name(self, text: str, label: str) -> None:
        toks = tuple(words(text))
        if len(toks) == 1:
            self.single.setdefault(toks[0], label)
        elif toks:
            self.names.setdefault(toks[0], []).append((toks, label))
        plain = plain_name(text)
        if plain:
            self.add_name(plain, label)

    @classmethod
    def build(cls, contacts: Iterable[Contact], extra: Iterable[str] = ()) -> Needles:
        n = cls()
        allowed: set[tuple[str, ...]] = set()
        for c in contacts:
            if c.may_be_named:  # their name may appear; their email and phone still not
                allowed.add(tuple(words(c.name)))
                allowed.update(tuple(words(a)) for a in c.aliases)
                allowed.update(tuple(words(p)) for p in (plain_name(c.name),) if p)
            else:
                n.add_name(c.name, f"the name of contact {c.id!r}")
                for alias in c.aliases:
                    if len(words(alias)) >= 2:  # one-word aliases ("Sam") are everywhere
                        n.add_name(alias, f"an alias of contact {c.id!r}")
            for email in c.emails:
                n.emails[email.strip().casefold()] = f"an email of contact {c.id!r}"
            for phone in c.phones:
                d = digits(phone)
                if len(d) >= MIN_PHONE_DIGITS:
                    n.phones.append((d, f"a phone number of contact {c.id!r}"))
        for s in extra:
            if "@" in s and _EMAIL.fullmatch(s.strip()):
                n.emails[s.strip().casefold()] = "a private email"
            elif len(digits(s)) >= MIN_PHONE_DIGITS and not re.search(r"[^\d\s().+\-/]", s):
                n.phones.append((digits(s), "a private phone number"))
            elif len(words(s)) >= 2 and tuple(words(s)) not in allowed:
                n.add_name(s, "a private name")
        return n

    def excuse_postings(self, posting_texts: Iterable[str]) -> None:
        """Names that occur inside published posting fields are excused on posting pages."""
        texts = list(posting_texts)
        # Tens of thousands of fields: when none holds a first word of a name (as the
        # words of all of them joined show at once) there is nothing to excuse.
        every = set(words("\0".join(texts)))
        self.excused.update((w,) for w in every & self.single.keys())
        if not self.names or self.names.keys().isdisjoint(every):
            return
        for text in texts:
            toks = words(text)
            for hit, _ in self._name_hits(toks):
                self.excused.add(hit)

    def _name_hits(self, toks: list[str]) -> Iterable[tuple[tuple[str, ...], str]]:
        names = self.names
        for i, tok in enumerate(toks):
            for cand, label in names.get(tok, ()):
                if tuple(toks[i : i + len(cand)]) == cand:
                    yield cand, label

    def _phone_label(self, d: str) -> str | None:
        # Indexed by the last nine digits: a site has tens of thousands of numbers.
        if self._by_tail is None:
            self._by_tail = {}
            for phone, label in self.phones:
                self._by_tail.setdefault(phone[-9:], []).append((phone, label))
        for phone, label in self._by_tail.get(d[-9:], ()):
            if same_phone(d, phone):
                return label
        return None

    def _phone_screen(self) -> re.Pattern[str]:
        """What every phone hit holds: the last seven digits of one of the numbers, with
        any separators between them.

        A hit is a run of digits and separators whose digits equal a number's, or end
        with it, or (nine digits or more) are its end (same_phone): in each case they
        end with the number's last seven. One pattern for all the numbers, a trie of
        their tails, settles a page in a millisecond where listing every run of digits
        and separators on it takes fifty.
        """
        if self._screen is None:
            trie: dict[str, dict] = {}
            for phone, _ in self.phones:
                node = trie
                for ch in phone[-MIN_PHONE_DIGITS:]:
                    node = node.setdefault(ch, {})
            self._screen = re.compile(_trie_pattern(trie))
        return self._screen

    def empty(self) -> bool:
        return not (self.names or self.single or self.emails or self.phones)

    def find(
        self,
        text: str,
        *,
        posting_page: bool = False,
        words_in: str | None = None,
        units: Callable[[], Iterable[str]] | None = None,
    ) -> str | None:
        """The label of the first private string found in text, or None.

        `words_in`, when given, is a part of `text` that holds every word of it (the
        unescaped page, of which the tag-free copy is made): names are looked for in
        all of `text` only when one of their first words occurs in that part.
        `units`, when given, splits a built file into its text nodes, attribute values
        and JSON strings: a one-word name is then not looked for in a unit that every
        build writes (BOILERPLATE); without it, all of `text` is looked at.
        """
        first: list[str] | None = None
        if self.single:
            first = words(text if words_in is None else words_in)
            if not self.single.keys().isdisjoint(first):
                label = self._single_hit(text, units, posting_page)
                if label:
                    return label
        if self.names:
            first = first if first is not None else words(text if words_in is None else words_in)
            # Most pages name nobody: a set test in C settles them without a Python loop.
            if not self.names.keys().isdisjoint(first):
                toks = first if words_in is None else words(text)
                for cand, label in self._name_hits(toks):
                    if posting_page and cand in self.excused:
                        continue
                    return label
        if self.emails and "@" in text:  # no email without one
            for m in _EMAIL.finditer(text):
                label = self.emails.get(m.group(0).casefold())
                if label:
                    return label
        if self.phones and self._phone_screen().search(text):
            found = _PHONE.findall(text)
            # The digits of every candidate in one pass in C: "x" is neither a digit nor
            # a character a candidate can hold, so it keeps them apart.
            for d in _NOT_DIGIT_OR_X.sub("", "x".join(found)).split("x") if found else ():
                if len(d) >= MIN_PHONE_DIGITS:
                    label = self._phone_label(d)
                    if label:
                        return label
        return None

    def _single_hit(
        self, text: str, units: Callable[[], Iterable[str]] | None, posting_page: bool
    ) -> str | None:
        boilerplate = BOILERPLATE() if units is not None else frozenset()
        for unit in units() if units is not None else (text,):
            if boilerplate and unit_shape(unit) in boilerplate:
                continue
            for w in words(unit):
                label = self.single.get(w)
                if label and not (posting_page and (w,) in self.excused):
                    return label
        return None


@functools.cache
def BOILERPLATE() -> frozenset[str]:  # noqa: N802 - reads as the constant it stands for
    """The text units that every public build writes whatever the data, measured from
    a build with an empty notebook and no history (tests/test_privacy_one_word.py
    checks that the list still covers such a build, and says how to refresh it)."""
    path = Path(__file__).with_name("boilerplate.txt")
    lines = path.read_text(encoding="utf-8").splitlines()[1:]  # the first line says what it is
    return frozenset(line for line in lines if line)


_DIGITS = re.compile(r"\d+")
_HTML = Path("unit.html")  # a string of JSON is read as markup: it may hold tags


def unit_shape(unit: str) -> str:
    """A unit with each run of digits as 0: dates, counts and asset hashes vary from
    build to build, the words around them do not."""
    return _DIGITS.sub("0", unit)


_SPLIT_TAGS = re.compile(r"(<[^>]*>)")
_ATTR = re.compile(r"""=\s*(?:"([^"]*)"|'([^']*)')""")


def _unit(text: str) -> str:
    return " ".join(html.unescape(text).split())


def text_units(path: Path, raw: str) -> list[str]:
    """A built file as the units a build writes: text between tags, attribute values,
    and the strings of JSON (a JSON file, or a script that holds JSON), each with its
    entities undone and its spacing made single."""
    if path.suffix == ".json":
        try:
            return [u for s in _strings(json.loads(raw)) for u in text_units(_HTML, s)]
        except ValueError:
            pass
    out: list[str] = []
    for part in _SPLIT_TAGS.split(raw):
        if part.startswith("<"):
            out += [_unit(a or b) for a, b in _ATTR.findall(part)]
        elif part.strip():
            body = part.strip()
            if body[0] in "{[":
                try:
                    out += [_unit(s) for s in _strings(json.loads(body))]
                    continue
                except ValueError:
                    pass
            out.append(_unit(part))
    return [u for u in out if u]


def _trie_pattern(trie: dict[str, dict]) -> str:
    """A pattern for the digit strings of a trie, separators allowed between digits."""
    alts = []
    for ch, sub in sorted(trie.items()):
        rest = _trie_pattern(sub)
        alts.append(re.escape(ch) + (_SEPARATORS + rest if rest else ""))
    if len(alts) <= 1:
        return "".join(alts)
    return "(?:" + "|".join(alts) + ")"


def same_phone(a: str, b: str) -> bool:
    """Equal digits, or equal but for a country code (+1 555 0104477 vs 555 0104477)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 9 and len(long) - len(short) <= 3 and long.endswith(short)


def readable(path: Path, raw: str) -> str:
    """The text a reader or a crawler would see: entities and JSON escapes undone."""
    return readable_parts(path, raw)[0]


def readable_parts(path: Path, raw: str) -> tuple[str, str]:
    """readable(), and the part of it that holds all of its words.

    For markup that part is the unescaped file: the tag-free copy appended to it has
    the same characters with each tag turned into a space, so each of its words is a
    word of the first part too (a space can split a word, never make one).
    """
    if path.suffix == ".json":
        try:
            text = "\n".join(_strings(json.loads(raw)))
            return text, text
        except ValueError:
            pass
    text = html.unescape(raw)
    # Tags become spaces so that words split across markup still meet.
    return text + "\n" + html.unescape(_TAG.sub(" ", raw)), text


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
        if "<" in value or "&" in value:
            yield html.unescape(_TAG.sub(" ", value))
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def check_site(
    site_dir: Path,
    needles: Needles,
    *,
    shown_as: Path | None = None,
    checked: Mapping[str, tuple[str, str | None]] | None = None,
) -> int:
    """Raise PrivacyError naming the first file that contains a private string.

    Returns the number of files read. `shown_as` is the folder the site will be moved
    to, so the message names the file as the person will find it. `checked` holds
    what was already found in some files (page_scan.py): path in the site -> (the
    text looked at, the finding); it stands only for a file holding exactly that text.
    """
    checked = checked or {}
    count = 0
    if needles.empty():
        return count
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        if path.name.endswith(".min.js") or "/assets/javascripts/" in path.as_posix():
            continue  # the theme's own code, identical in every build
        count += 1
        raw = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(site_dir).as_posix()
        kept = checked.get(rel)
        if kept is not None and kept[0] == raw:
            found = kept[1]
        elif path.name == "search_index.json":
            found = _check_search_index(raw, needles)
        else:
            text, words_in = readable_parts(path, raw)
            found = needles.find(text, posting_page=rel.startswith(POSTING_PAGES),
                                 words_in=words_in,
                                 units=functools.partial(text_units, path, raw))  # fmt: skip
        if found:
            shown = (shown_as or site_dir) / rel
            raise PrivacyError(
                f"the public edition contains {found}",
                file=shown,
                hint="nothing was published; make the entry private, remove the name, or "
                "say in the contact's file that they may be named in public",
            )
    return count


def _check_search_index(raw: str, needles: Needles) -> str | None:
    try:
        docs = json.loads(raw).get("docs", [])
    except (ValueError, AttributeError):
        return needles.find(raw)
    texts = [("\n".join(_strings(doc)), str(doc.get("location", "")).startswith(POSTING_PAGES),
              doc) for doc in docs]  # fmt: skip

    def units(*some: object) -> Callable[[], list[str]]:
        # Each string of the index on its own, as a build with an empty notebook was measured.
        return lambda: [u for d in some for s in _strings(d) for u in text_units(_HTML, s)]

    # Thousands of sections: first each kind of page at once, joined by a character no
    # email or phone can hold and no word contains. Whatever one section holds, the
    # joined text holds too (a name could also seem to run across two sections: then,
    # and whenever something is found, each section is looked at on its own).
    for kind in (True, False):
        part = [(t, d) for t, posting, d in texts if posting is kind]
        text = "\0".join(t for t, _ in part)
        if needles.find(text, posting_page=kind, units=units(*(d for _, d in part))):
            break
    else:
        return None
    for text, posting, doc in texts:
        found = needles.find(text, posting_page=posting, units=units(doc))
        if found:
            return found
    return None


def check_contact_files(broken: Sequence[tuple[str, int | None, str]]) -> None:
    """Refuse the public edition while a contact file could not be read in full.

    Whoever such a file describes is unknown, so their name cannot be looked for: a
    single typo (an unquoted colon, a tab) would otherwise publish them. Deny by default.
    """
    if not broken:
        return
    file, line, message = broken[0]
    more = f" (and {len(broken) - 1} more contact file(s))" if len(broken) > 1 else ""
    raise PrivacyError(
        f"the public edition is not built while a contact file cannot be read: {message}{more}",
        file=file,
        line=line,
        hint="fix the file (`stayready check` lists every problem); nothing was published "
        "and site/ was left as it was",
    )


def check_entries(entries: Iterable[Entry], contacts: Iterable[Contact]) -> None:
    """A public entry may name only contacts who said they may be named in public."""
    for problem in entry_problems(entries, contacts):
        raise problem


def entry_problems(
    entries: Iterable[Entry], contacts: Iterable[Contact], *, mentions: bool = True
) -> Iterator[PrivacyError]:
    """The first problem of each public entry, in order: a mention of a contact who has
    not agreed to be named in public, else a private string of one in its text.

    `build` stops at the first; `stayready check` lists them all, with mentions=False:
    an entry that mentions such a contact is left out, the notebook's own cross check
    reports it at the interaction's line.
    """
    contacts = list(contacts)
    by_id = {c.id: c for c in contacts}
    hidden = [c for c in contacts if not c.may_be_named]
    needles = Needles.build(hidden)
    for e in entries:
        if not e.public:
            continue
        named = [p for p in e.people if p in by_id and not by_id[p].may_be_named]
        if named:
            if mentions:
                person = named[0]
                yield PrivacyError(
                    f"public entry mentions @{person}, who has not agreed to be named in public",
                    file=e.file,
                    hint=f"make the entry private, or add `public_ok: true` to {person}'s file",
                )
            continue
        found = needles.find(f"{e.title}\n{e.body}\n{' '.join(e.tags)}")
        if found:
            yield _leak(e, found, needles, hidden)


def _leak(e: Entry, found: str, needles: Needles, hidden: list[Contact]) -> PrivacyError:
    """The problem of a public entry whose text holds `found`: which line, what it is.

    Only reached when the scan above found something, so the work here costs nothing
    on a clean notebook. The message never quotes the string itself: build logs may be
    public (a CI run).
    """
    # An email or a phone number first: jane.doe@example.com holds the words of the
    # name Jane Doe too, and the hint for it differs.
    kinds = (
        ("email", Needles(emails=needles.emails)),
        ("phone", Needles(phones=needles.phones)),
        ("name", Needles(names=needles.names)),
    )

    def what(text: str) -> tuple[str, str] | None:
        for kind, part in kinds:
            label = part.find(text)
            if label:
                return kind, label
        return None

    line, hit = _first_line(e, what)
    kind, label = hit or what(f"{e.title}\n{e.body}\n{' '.join(e.tags)}") or ("name", found)
    who = _owner(label, hidden)
    if kind == "name":
        where = "the contact's file" if who is None else who.file or f"contacts/{who.id}.md"
        hint = (
            f"make the entry private, remove it, or add `public_ok: true` to {where} if they agreed"
        )
    else:
        hint = (
            "make the entry private or remove it (`public_ok: true` lets a contact's name "
            "be published, never their email or phone number)"
        )
    return PrivacyError(f"public entry contains {label}", file=e.file, line=line, hint=hint)


def _first_line(
    e: Entry, what: Callable[[str], tuple[str, str] | None]
) -> tuple[int | None, tuple[str, str] | None]:
    """The file line of the first published line of the entry (title, tags, body) that
    holds a private string, with what it holds; (None, None) when it cannot be told."""
    try:
        text = Path(e.file).read_bytes().decode("utf-8") if e.file else ""
    except (OSError, UnicodeDecodeError):
        return None, None
    if not text or not text.endswith(e.body):
        return None, None  # changed since it was read: no line rather than a wrong one
    lines = text.splitlines()
    body_start = text[: len(text) - len(e.body)].count("\n")  # 0-based
    shown: list[int] = []
    key = None
    for i in range(1, body_start):  # the front matter: only its title and tags are shown
        if m := re.match(r"(\w+)\s*:", lines[i]):
            key = m.group(1)
        if key in ("title", "tags"):
            shown.append(i)
    shown += range(body_start, len(lines))
    for i in shown:
        hit = what(lines[i])
        if hit:
            return i + 1, hit
    for a, b in zip(shown, shown[1:], strict=False):  # a name broken across two lines
        hit = what(lines[a] + "\n" + lines[b])
        if hit:
            return a + 1, hit
    return None, None


def _owner(label: str, hidden: list[Contact]) -> Contact | None:
    """The contact whose name, alias, email or phone `label` describes."""
    for c in hidden:
        n = Needles.build([c])
        labels = {*n.emails.values(), *(lbl for _, lbl in n.phones)}
        labels.update(lbl for cands in n.names.values() for _, lbl in cands)
        if label in labels:
            return c
    return None
