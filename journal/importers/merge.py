"""Match imported people to existing contacts, merge what is new, and add the rest.

People are matched by LinkedIn URL, then e-mail, then name. A match gets its empty
fields filled (never overwritten), new e-mails, phones and notes added; a new person
gets a file `contacts/<id>.md`. Only a differing LinkedIn profile URL proves that two
people with one name are two people: the second becomes `<id>-2`, with a note saying
why. A name made from an e-mail address (`john.doe`) never matches by name. Importing
the same file again changes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from foundation.errors import NotebookError
from journal.edit import merge_contact, new_contact_text, write_atomic
from journal.importers.base import Record, linkedin_url
from journal.importers.summary import ImportSummary
from journal.names import plain, without_symbols
from journal.notebook import load_folder

__all__ = ["ImportSummary", "merge", "name_key", "slug"]


def _ascii_words(text: str) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", " ", anyascii(text).lower()).strip()


def _bare(name: str) -> str:
    """The name without emoji, and without credentials or pronouns when two words or
    more remain ("Joel Olazagoitia (he/him)" is Joel Olazagoitia; "Doe, Jane" stays)."""
    cleaned = plain(name)
    return cleaned if len(cleaned.split()) >= 2 else without_symbols(name)


def name_key(name: str) -> str:
    """What two names must share to be one name. A name with nothing to transliterate
    (a script anyascii does not know, or only emoji) is its own key, so that importing
    it again still finds it."""
    bare = _bare(name)
    return _ascii_words(bare) or " ".join((bare or name).casefold().split())


def slug(name: str) -> str:
    """An id from a name: transliterated, lower case, with no words for emoji."""
    return _ascii_words(_bare(name)).replace(" ", "-")


def _named_by_email(name: str, emails: list[str]) -> bool:
    local = {e.split("@")[0].casefold() for e in emails}
    return name.strip().casefold() in local


class _Index:
    """Existing and just-imported contacts by LinkedIn URL, e-mail and name."""

    def __init__(self) -> None:
        self.linkedin: dict[str, str] = {}
        self.email: dict[str, str] = {}
        self.name: dict[str, list[str]] = {}
        self.url_of: dict[str, str] = {}  # id -> its LinkedIn URL, lower case

    def add(self, cid: str, linkedin: str, emails: list[str], names: list[str]) -> None:
        if linkedin:
            self.linkedin.setdefault(linkedin.lower(), cid)
            self.url_of.setdefault(cid, linkedin.lower())
        for e in emails:
            self.email.setdefault(e.lower(), cid)
        for n in names:
            key = name_key(n)
            if key and not _named_by_email(n, emails) and cid not in self.name.get(key, []):
                self.name.setdefault(key, []).append(cid)

    def find(self, r: Record, by_name: bool) -> tuple[str, str]:
        """('match', id), ('twin', id of the namesake), ('ambiguous', ids) or ('new', '')."""
        if r.linkedin and (cid := self.linkedin.get(r.linkedin.lower())):
            return "match", cid
        for e in r.emails:
            if cid := self.email.get(e.lower()):
                return "match", cid
        same = self.name.get(name_key(r.name), []) if by_name else []
        if not same:
            return "new", ""
        if r.linkedin:
            # Another profile URL proves another person; no URL proves nothing.
            same = [c for c in same if not self.url_of.get(c)] or same
            if all(self.url_of.get(c) for c in same):
                return "twin", same[0]
        if len(same) > 1:
            return "ambiguous", ", ".join(sorted(same))
        return "match", same[0]


def _values(r: Record, source: str) -> dict:
    return {
        "name": r.name,
        "sort_name": r.family,
        "emails": r.emails,
        "phones": r.phones,
        "org": r.org,
        "title": r.title,
        "linkedin": r.linkedin,
        "met": r.met,
        "sources": [source],
    }


def _refuse_if_broken(root: Path, problems: list[NotebookError]) -> None:
    broken = [
        p
        for p in problems
        if p.file
        and Path(p.file).parent == root / "contacts"
        and ("YAML" in p.message or "front matter" in p.message)
    ]
    if broken:
        # A contact that cannot be read cannot be matched: importing now would duplicate it.
        first = broken[0]
        raise NotebookError(
            f"{first.message}; nothing was imported",
            file=first.file,
            line=first.line,
            hint="fix this contact file, then import again",
        )


def merge(root: Path, records: list[Record], *, source: str, file: Path) -> ImportSummary:
    nb = load_folder(root)
    _refuse_if_broken(root, nb.problems)
    summary = ImportSummary(source)
    index = _Index()
    paths: dict[str, Path] = {}
    for c in nb.contacts.values():
        index.add(c.id, linkedin_url(c.linkedin), c.emails, [c.name, *c.aliases])
        paths[c.id] = c.path or root / "contacts" / f"{c.id}.md"
    for r in records:
        where = f"{file}:{r.line}"
        if not r.name and not r.emails:
            summary.skipped.append(f"{where}: no name and no e-mail")
            continue
        by_name = bool(r.name)
        if not r.name:
            r.name = r.emails[0].split("@")[0]
        kind, cid = index.find(r, by_name)
        if kind == "ambiguous":
            summary.skipped.append(
                f"{where}: {r.name}: {cid} share this name and nothing in the row tells "
                "which one it is; add the e-mail or LinkedIn URL to the right contact"
            )
            continue
        if kind == "match":
            # An address already someone else's stays theirs: one address, one person,
            # or which of the two a later import matches would depend on file order.
            taken = [e for e in r.emails if index.email.get(e.lower(), cid) != cid]
            for e in taken:
                summary.problems.append(
                    f"{where}: {e} is {index.email[e.lower()]}'s already; not added to {cid}"
                )
            r.emails = [e for e in r.emails if e not in taken]
            values = _values(r, source)
            del values["name"]
            added, left = merge_contact(paths[cid], values, r.notes)
            if added:
                summary.merged.setdefault(cid, []).extend(added)
            elif cid not in summary.merged and cid not in summary.unchanged:
                summary.unchanged.append(cid)
            for key in left:
                summary.problems.append(
                    f"{where}: {cid}: {key} is written in a form this import does not "
                    f"extend; add {', '.join(values[key])} to contacts/{cid}.md by hand"
                )
            index.add(cid, r.linkedin, r.emails, [r.name])
            continue
        base = slug(r.name) or "contact"
        new, n = base, 1
        while new in paths or (root / "contacts" / f"{new}.md").exists():
            n += 1
            new = f"{base}-{n}"
        path = root / "contacts" / f"{new}.md"
        text = new_contact_text(new, _values(r, source))
        body = [r.notes] if r.notes else []
        if kind == "twin":
            why = (
                f"another {r.name}: LinkedIn profile {r.linkedin}, not {cid}'s {index.url_of[cid]}"
            )
            body.insert(
                0,
                f"Imported apart from {cid}, as {why}. If they are one person, merge the "
                "two files by hand.",
            )
            summary.twins[new] = why
        else:
            summary.added.append(new)
        if body:
            text += "\n" + "\n\n".join(body) + "\n"
        write_atomic(path, text)
        paths[new] = path
        index.add(new, r.linkedin, r.emails, [r.name])
        if len(r.name.split()) == 1:
            # Phones keep entries such as "No" or "Home": the public build looks for a
            # one-word name in every public text, so "home" in a post would stop it.
            summary.problems.append(
                f"{where}: {new}: a one-word name; give the full name in "
                f"contacts/{new}.md, or delete the file if it is not a person"
            )
    return summary
