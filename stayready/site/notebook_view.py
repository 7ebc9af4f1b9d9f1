"""The notebook as the site sees it: the journal's Notebook mapped onto SiteData.

The adapter to `journal` for the site (site/data.py gathers it with the history and
trends); the parsed files are kept in .cache/notebook/ between builds, never anywhere
published or committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from foundation.config import Config
from stayready.site.model import Application, Contact, Entry, SiteData


def load_notebook(config: Config, data: SiteData) -> None:
    """Read the notebook (from the kept results where unchanged) into `data`."""
    try:
        import journal
    except ImportError as exc:  # only while the journal package is being written
        data.problems.append(f"notebook unavailable: {exc}")
        return
    notebook = journal.load_notebook(config.notebook, cache_dir=notebook_cache(config))
    fill_from_notebook(data, notebook, config)


def notebook_cache(config: Config) -> Path | None:
    """Where the notebook's parsed files are kept between builds, or None to keep nothing.

    The kept results hold the private notes, so never inside a folder that is published
    or committed: docs/ (mkdocs copies every file in it), site/, .private/docs or data/.
    """
    folder = config.cache_dir / "notebook"
    try:
        where = folder.resolve()
        forbidden = [config.root / "docs", config.root / "site", config.data_dir,
                     config.root / ".private" / "docs", config.notebook.path]  # fmt: skip
        if any(where.is_relative_to(f.resolve()) for f in forbidden):
            return None
    except (OSError, RuntimeError):
        return None
    return folder


def shown_state(c: Any, state: Any, today: Any) -> str:
    """A contact's state as every page shows it, decided here once: a snoozed, archived
    or do-not-contact person is left out of Today's lists, so no page may call them
    overdue or cold either."""
    if state is None:
        return ""
    if not c.reachable:
        return str(c.status)
    if c.snooze_until and c.snooze_until > today:
        return f"snoozed until {c.snooze_until.isoformat()}"
    return str(state.state)


def site_contact(c: Any, state: Any = None, today: Any = None) -> Contact:
    """A journal contact as the pages and the privacy check see them; `state` is its
    journal.contact_states() row, when the pages need one, as of the day `today`."""
    import journal

    return Contact(
        id=c.id,
        name=c.name,
        aliases=tuple(c.aliases),
        emails=tuple(c.emails),
        phones=tuple(c.phones),
        company=c.org or "",
        company_aliases=tuple(getattr(c, "org_aliases", ()) or ()),
        tier=c.tier or "",
        may_be_named=bool(journal.public_ok(c)),
        last_contact=state.last_contact.isoformat() if state and state.last_contact else None,
        state=shown_state(c, state, today),
        balance=state.balance if state else 0,
        file=str(c.path) if c.path else None,
    )


def site_entry(e: Any) -> Entry:
    """A journal entry as the pages and the privacy check see it."""
    return Entry(
        date=e.date,
        title=e.title or e.date.isoformat(),
        body=e.body or "",
        public=bool(e.public),
        slug=e.path.stem if e.path else "",
        people=tuple(sorted(e.contact_ids)),
        tags=tuple(e.tags),
        file=str(e.path) if e.path else None,
    )


def fill_from_notebook(data: SiteData, notebook: Any, config: Config) -> None:
    """Map the journal's Notebook onto the site's views."""
    import journal

    settings = config.notebook
    # The journal counts days where the person is, as `stayready today` does: the site's
    # now is a UTC instant, which west of Greenwich is already tomorrow by evening.
    local = data.now.astimezone(ZoneInfo(config.site.timezone))
    states = {s.id: s for s in journal.contact_states(notebook, settings, local)}
    data.contacts += [
        site_contact(c, states.get(c.id), local.date()) for c in notebook.contacts.values()
    ]
    data.entries += [site_entry(e) for e in notebook.entries]
    names = {c.id: c.name for c in notebook.contacts.values()}
    today = journal.today(notebook, settings, local)
    data.today = {**today.to_json(), "names": names, "people_done": dict(today.people_done)}
    # Left out of the lists above, with the same words the Network page uses.
    data.today["resting"] = [
        {"name": c.name, "state": c.state} for c in data.contacts if c.state.startswith("snoozed")
    ]
    book = journal.ledger(notebook)
    data.ledger = [
        {
            "name": names.get(cid, cid),
            "gives": r.gives,
            "asks": r.asks,
            "give_minutes": r.give_minutes,
            "balance": r.balance,
        }
        for cid, r in sorted(book.rows.items(), key=lambda kv: names.get(kv[0], kv[0]))
    ]
    data.ledger_totals = {
        "gives": book.gives,
        "asks": book.asks,
        "give_minutes": book.give_minutes,
        "balance": book.balance,
    }
    for f in journal.open_follow_ups(notebook, local):
        who = ", ".join(names.get(i, i) for i in f.with_ids)
        data.follow_ups.append((f.due, f"{f.what} ({who})" if who else f.what))
    for pid, app in notebook.applications.items():
        data.applications[pid] = Application(
            posting_id=pid,
            state=app.state,
            updated=app.updated.isoformat() if app.updated else None,
            notes=tuple(app.notes),
        )
    from journal.passalong import describe, passed, wishes

    data.wishes = wishes(notebook, local.date())
    data.passed = passed(notebook, local.date())
    data.asked = {c.id: describe(c.pass_along) for c in notebook.contacts.values()
                  if c.pass_along is not None}  # fmt: skip
    data.private_strings = list(journal.private_strings(notebook))
    data.broken_contacts = [
        (str(e.file), e.line, e.message) for e in notebook.broken_contacts.values()
    ]
    data.problems += [str(p) for p in notebook.problems]
