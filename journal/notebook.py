"""Load the notebook folder: contacts/<id>.md, entries/YYYY/*.md and applications.yml.

Loading never raises for a bad file: each problem is collected on `Notebook.problems`
with file, line and hint, and everything else still loads (`stayready check` lists them).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from foundation.config import NotebookConfig, parse_days
from foundation.errors import NotebookError
from journal.entries import load_entry
from journal.filecache import FileResults
from journal.frontmatter import Document, date_field, parse_yaml, read_doc, str_list
from journal.model import (
    APPLICATION_STATES,
    STATUSES,
    TIERS,
    Application,
    ApplicationEvent,
    Contact,
    Entry,
    Notebook,
)
from journal.names import guess_family
from journal.passalong import read_pass_along

APPLICATIONS_FILE = "applications.yml"


def load_notebook(settings: NotebookConfig, *, cache_dir: Path | None = None) -> Notebook:
    """Everything in the notebook folder; a missing folder is an empty Notebook.

    With `cache_dir` (private, never published), each file's result is kept there and
    an unchanged file is not parsed again (filecache.py); the Notebook is the same.
    """
    return load_folder(Path(settings.path), cache_dir=cache_dir)


def load_folder(root: Path, *, cache_dir: Path | None = None) -> Notebook:
    nb = Notebook(path=root)
    if not root.is_dir():
        return nb
    files = FileResults(cache_dir)
    found = [files.get(p, _read_contact) for p in sorted((root / "contacts").glob("**/*.md"))]
    for cf in found:  # unreadable files first, in file order
        nb.problems.extend(cf.problems)
        if not cf.readable or cf.cid is None:
            nb.broken_contacts[cf.path.stem] = (cf.problems or cf.first)[0]
    readable = [cf for cf in found if cf.readable]
    # A file whose name matches its id keeps the id; a copy under another name is the duplicate.
    readable.sort(key=lambda cf: (not cf.keeps_id, str(cf.path)))
    for cf in readable:
        _add_contact(nb, cf)
    for path in sorted((root / "entries").glob("**/*.md")):
        part = files.get(path, _read_entry)
        nb.problems.extend(part.problems)
        nb.entries.extend(part.entries)
    nb.entries.sort(key=lambda e: (e.date, str(e.path)))
    apps = root / APPLICATIONS_FILE
    if apps.is_file():
        part = files.get(apps, _read_applications)
        nb.problems.extend(part.problems)
        nb.applications.update(part.applications)
    files.save()
    _cross_check(nb)
    return nb


@dataclass
class ContactFile:
    """What one contact file holds on its own, before it meets the other files."""

    path: Path
    problems: list[NotebookError] = field(default_factory=list)  # reading it: YAML, UTF-8
    readable: bool = False
    keeps_id: bool = True  # its id is its file name
    cid: str | None = None  # None: no front matter
    first: list[NotebookError] = field(default_factory=list)  # before the duplicate check
    id_line: int = 1
    contact: Contact | None = None
    rest: list[NotebookError] = field(default_factory=list)  # reported unless a duplicate


def _read_contact(path: Path, raw: bytes | None) -> ContactFile:
    cf = ContactFile(path)
    doc = read_doc(cf.problems, path, raw)
    if doc is None:
        return cf
    cf.readable, cf.keeps_id = True, _contact_id(doc) == path.stem
    if doc.data is None:
        _problem(cf.first, "no front matter", path, 1, "start the file with ---, name: ..., ---")
        return cf
    cf.cid = _contact_id(doc)
    cf.id_line = doc.line_of(doc.data, "id")
    if cf.cid != path.stem:
        _problem(
            cf.first,
            f"id {cf.cid!r} differs from the file name {path.stem!r}",
            path,
            cf.id_line,
            f"rename the file to {cf.cid}.md or set id: {path.stem}",
        )
    cf.contact = _contact(cf.rest, doc, cf.cid)
    return cf


def _add_contact(nb: Notebook, cf: ContactFile) -> None:
    nb.problems.extend(cf.first)
    if cf.cid is None or cf.contact is None:
        return
    if cf.cid in nb.contacts:
        nb.unlisted.append(cf.contact)
        _problem(
            nb.problems,
            f"duplicate contact id {cf.cid!r}",
            cf.path,
            cf.id_line,
            f"also used by {nb.contacts[cf.cid].path}; give one of them another id",
        )
        return
    nb.problems.extend(cf.rest)
    nb.contacts[cf.cid] = cf.contact


@dataclass
class EntryFile:
    """What one entry file holds: its entry (none if unreadable) and its problems."""

    entries: list[Entry]
    problems: list[NotebookError]


def _read_entry(path: Path, raw: bytes | None) -> EntryFile:
    one = Notebook()
    load_entry(one, path, raw)
    return EntryFile(one.entries, one.problems)


def _read_applications(path: Path, raw: bytes | None) -> Notebook:
    one = Notebook()
    _load_applications(one, path, raw)
    return one


def sort_name(name: str) -> str:
    """The family name guessed from a typed-in name (journal.names.guess_family); an
    import writes the export's own family name to `sort_name`, which wins."""
    return guess_family(name)


def _problem(
    problems: list[NotebookError], message: str, path: Path, line: int | None,
    hint: str | None = None,
) -> None:  # fmt: skip
    problems.append(NotebookError(message, file=path, line=line, hint=hint))


def _contact_id(doc: Document) -> str:
    return str((doc.data or {}).get("id") or doc.path.stem)


CONTACT_KEYS = (
    "name", "id", "aliases", "emails", "email", "phones", "phone", "org", "title",
    "relationship", "worked_together", "tier", "cadence", "met", "tags", "status",
    "snooze_until", "sources", "linkedin", "public_ok", "sort_name", "pass_along",
    "org_aliases",
)  # fmt: skip


def _contact(problems: list[NotebookError], doc: Document, cid: str) -> Contact:
    """The contact in `doc`; what is wrong with it goes to `problems`, in file order."""
    path, fm = doc.path, doc.data
    name = str(fm.get("name") or "").strip()
    if not name:
        _problem(problems, "missing name", path, 1, "add name: Full Name")
        name = cid
    tier = str(fm.get("tier") or "D").strip().upper()
    if tier not in TIERS:
        _problem(
            problems,
            f"unknown tier {fm.get('tier')!r}",
            path,
            doc.line_of(fm, "tier"),
            "tiers are A (closest) to D",
        )
        tier = "D"
    cadence = None
    if fm.get("cadence") is not None:
        cadence = parse_days(fm["cadence"])
        if cadence is None:
            _problem(
                problems,
                f"cadence {fm['cadence']!r} is not a duration",
                path,
                doc.line_of(fm, "cadence"),
                "write days like 90d, or 12w, 6m, 1y",
            )
    for key in fm:
        if key not in CONTACT_KEYS:
            # A typo such as `public: true` for `public_ok` would otherwise do nothing.
            near = difflib.get_close_matches(str(key), CONTACT_KEYS, n=1)
            _problem(problems, f"unknown key {key!r}", path, doc.line_of(fm, key),
                     f"did you mean '{near[0]}'?" if near else
                     f"contact keys: {', '.join(CONTACT_KEYS)}")  # fmt: skip
    status = str(fm.get("status") or "active").strip().lower()
    if status not in STATUSES:
        near = difflib.get_close_matches(status, STATUSES, n=1)
        _problem(
            problems,
            f"unknown status {status!r}",
            path,
            doc.line_of(fm, "status"),
            f"did you mean '{near[0]}'?" if near else f"one of: {', '.join(STATUSES)}",
        )
        status = "active"
    return Contact(
        id=cid,
        name=name,
        path=path,
        aliases=str_list(fm.get("aliases")),
        emails=str_list(fm.get("emails") or fm.get("email")),
        phones=str_list(fm.get("phones") or fm.get("phone")),
        org=str(fm.get("org") or ""),
        title=str(fm.get("title") or ""),
        relationship=str(fm.get("relationship") or "").strip().lower(),
        worked_together=bool(fm.get("worked_together")),
        tier=tier,
        cadence_days=cadence,
        met=date_field(problems, doc, fm, "met", "met"),
        tags=str_list(fm.get("tags")),
        status=status,
        snooze_until=date_field(problems, doc, fm, "snooze_until", "snooze_until"),
        sources=str_list(fm.get("sources")),
        linkedin=str(fm.get("linkedin") or ""),
        public_ok=fm.get("public_ok") is True,
        sort_name=str(fm.get("sort_name") or sort_name(name)),
        notes=doc.body,
        pass_along=read_pass_along(problems, doc, fm),
        org_aliases=str_list(fm.get("org_aliases")),
    )


def _load_applications(nb: Notebook, path: Path, raw: bytes | None = None) -> None:
    if not path.is_file():
        return
    try:
        data = parse_yaml((path.read_bytes() if raw is None else raw).decode("utf-8"), path)
    except UnicodeDecodeError:
        _problem(nb.problems, "not UTF-8 text", path, None, "save the file as UTF-8")
        return
    except NotebookError as exc:
        nb.problems.append(exc)
        return
    if data is None:
        return
    if not isinstance(data, list):
        _problem(
            nb.problems,
            "expected a list of events",
            path,
            1,
            "each item: - {posting: ID, state: applied, date: YYYY-MM-DD}",
        )
        return
    doc = Document(path, "", data, 0, 0, "", 1)
    for i, item in enumerate(data):
        line = doc.line_of(data, i)
        if not isinstance(item, dict) or not item.get("posting"):
            _problem(nb.problems, f"item {i + 1}: needs posting and state", path, line)
            continue
        state = str(item.get("state") or "").lower()
        if state not in APPLICATION_STATES:
            _problem(
                nb.problems,
                f"unknown state {item.get('state')!r}",
                path,
                line,
                f"one of: {', '.join(APPLICATION_STATES)}",
            )
            continue
        when = date_field(nb.problems, doc, item, "date", "date")
        if when is None:
            if item.get("date") is None:
                _problem(nb.problems, "missing date", path, line, "add date: YYYY-MM-DD")
            continue
        pid = str(item["posting"])
        app = nb.applications.setdefault(pid, Application(pid))
        app.history.append(
            ApplicationEvent(
                when,
                state,
                str(item.get("note") or ""),
                line,
                elsewhere=item.get("elsewhere") is True,
            )
        )
    for app in nb.applications.values():
        app.history.sort(key=lambda e: e.date)  # stable: file order breaks ties


def suggest_ids(cid: str, contacts: dict[str, Contact]) -> list[str]:
    """Ids close to a mistyped one, by spelling or by a name containing it."""
    near = difflib.get_close_matches(cid, list(contacts), n=3, cutoff=0.5)
    words = cid.replace("-", " ").replace("_", " ")
    near += [c.id for c in contacts.values() if words in c.name.lower() and c.id not in near]
    return near[:3]


def _cross_check(nb: Notebook) -> None:
    for entry in nb.entries:
        for it in entry.interactions:
            for cid in it.with_ids:
                found = _mention_problem(nb, cid, public=entry.public)
                if found:
                    message, hint = found
                    nb.problems.append(
                        NotebookError(message, file=it.file, line=it.line, hint=hint)
                    )


def _mention_problem(nb: Notebook, cid: str, *, public: bool) -> tuple[str, str] | None:
    """What is wrong with a mention of `cid`, as (message, hint), or None."""
    if cid in nb.contacts:
        if public and not nb.contacts[cid].public_ok:
            return (f"public entry names {cid!r}, whose file does not allow it",
                    f"make the entry private, or add public_ok: true to {cid}.md")  # fmt: skip
        return None
    if cid in nb.broken_contacts:
        broken = nb.broken_contacts[cid]
        return f"@{cid}: {broken.location()} has a problem", f"fix {broken.file} ({broken.message})"
    near = suggest_ids(cid, nb.contacts)
    hint = (
        "did you mean " + " or ".join(near) + "?"
        if near
        else f"create contacts/{cid}.md or fix the id"
    )
    return f"unknown contact id {cid!r}", hint
