"""Match imported people to existing contacts and fill only what is empty.

People are matched by LinkedIn URL, then e-mail, then name; a match gets its empty
fields filled (never overwritten), a new person gets a file `contacts/<slug>.md`.
Re-importing the same file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from foundation.errors import NotebookError
from journal.edit import fill_contact, new_contact_text, write_atomic
from journal.importers.base import Record, linkedin_url
from journal.notebook import load_folder


@dataclass
class ImportSummary:
    format: str
    added: list[str] = field(default_factory=list)
    merged: dict[str, list[str]] = field(default_factory=dict)  # id -> fields filled
    skipped: int = 0
    problems: list[str] = field(default_factory=list)


def _name_key(name: str) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", " ", anyascii(name).lower()).strip()


def slug(name: str) -> str:
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")


class _Index:
    def __init__(self) -> None:
        self.by: dict[str, dict[str, str]] = {"linkedin": {}, "email": {}, "name": {}}

    def add(self, cid: str, linkedin: str, emails: list[str], names: list[str]) -> None:
        if linkedin:
            self.by["linkedin"].setdefault(linkedin.lower(), cid)
        for e in emails:
            self.by["email"].setdefault(e.lower(), cid)
        for n in names:
            if _name_key(n):
                self.by["name"].setdefault(_name_key(n), cid)

    def find(self, r: Record) -> str | None:
        if r.linkedin and (cid := self.by["linkedin"].get(r.linkedin.lower())):
            return cid
        for e in r.emails:
            if cid := self.by["email"].get(e.lower()):
                return cid
        return self.by["name"].get(_name_key(r.name)) if r.name else None


def _values(r: Record, source: str) -> dict:
    return {
        "name": r.name,
        "emails": r.emails,
        "phones": r.phones,
        "org": r.org,
        "title": r.title,
        "linkedin": r.linkedin,
        "met": r.met,
        "sources": [source],
    }


def merge(root: Path, records: list[Record], *, source: str, file: Path) -> ImportSummary:
    nb = load_folder(root)
    broken = [
        p
        for p in nb.problems
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
    summary = ImportSummary(source)
    index = _Index()
    paths: dict[str, Path] = {}
    for c in nb.contacts.values():
        index.add(c.id, linkedin_url(c.linkedin), c.emails, [c.name, *c.aliases])
        paths[c.id] = c.path or root / "contacts" / f"{c.id}.md"
    for r in records:
        if not r.name and not r.emails:
            summary.skipped += 1
            summary.problems.append(f"{file}:{r.line}: no name and no e-mail; skipped")
            continue
        if not r.name:
            r.name = r.emails[0].split("@")[0]
        cid = index.find(r)
        if cid is not None:
            values = _values(r, source)
            del values["name"]
            filled = fill_contact(paths[cid], values)
            if filled:
                summary.merged.setdefault(cid, []).extend(filled)
            else:
                summary.skipped += 1
            index.add(cid, r.linkedin, r.emails, [r.name])
            continue
        base = slug(r.name) or "contact"
        cid, n = base, 1
        while cid in paths or (root / "contacts" / f"{cid}.md").exists():
            n += 1
            cid = f"{base}-{n}"
        path = root / "contacts" / f"{cid}.md"
        text = new_contact_text(cid, _values(r, source))
        if r.notes:
            text += "\n" + r.notes.strip() + "\n"
        write_atomic(path, text)
        paths[cid] = path
        index.add(cid, r.linkedin, r.emails, [r.name])
        summary.added.append(cid)
        if len(r.name.split()) == 1:
            # Phones keep entries such as "No" or "Home": the public build looks for a
            # one-word name in every public text, so "home" in a post would stop it.
            summary.problems.append(
                f"{file}:{r.line}: {cid}: a one-word name; give the full name in "
                f"contacts/{cid}.md, or delete the file if it is not a person"
            )
    return summary
