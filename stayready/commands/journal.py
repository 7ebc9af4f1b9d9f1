"""Command handlers for the networking journal: today, log, mark, contacts, check."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from foundation import clock
from foundation.config import Config
from foundation.errors import ConfigError, PostingIdError, StayReadyError, UsageError
from stayready.commands import load


def _now(cfg: Config) -> datetime:
    """Now in the person's time zone, so "today" is their today."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(cfg.site.timezone)
    return clock.now(zone).astimezone(zone)


def parse_day(text: str, today: date) -> date:
    """--date: today, yesterday or YYYY-MM-DD; a date without a year is refused."""
    value = text.strip().lower()
    if value == "today":
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        hint = "write today, yesterday or YYYY-MM-DD"
        if re.fullmatch(r"\d{1,2}[-/.]\d{1,2}", value):
            hint = f"{text!r} has no year; write the full date, e.g. {today.year}-03-15"
        raise UsageError(f"--date {text!r} is not a date", hint=hint) from None
    if day > today:
        raise UsageError(f"--date {day} is in the future", hint="log what has happened")
    return day


def _rel(path: Path, cfg: Config) -> str:
    try:
        return str(path.relative_to(cfg.root))
    except ValueError:
        return str(path)


def today(args: argparse.Namespace) -> int:
    import journal
    from stayready.passalong import for_command, log_line

    cfg = load(args)
    nb = journal.load_notebook(cfg.notebook)
    now = _now(cfg)
    t = journal.today(nb, cfg.notebook, now)
    passes = for_command(cfg, nb, now)
    if args.json:
        print(json.dumps({**t.to_json(), "pass_alongs": passes}, indent=2, ensure_ascii=False))
        return 0
    names = t.names
    people = ", ".join(
        f"{names.get(p, p)}{' (done)' if t.people_done.get(p) else ''}" for p in t.people
    )
    print(f"Week of {t.week} · letters {' '.join(t.letters)} · people: {people or 'nobody here'}")
    s = t.streaks
    print(
        f"Helping: {t.helping_minutes} of {t.helping_goal} minutes this week"
        f" · {s['helping_weeks']} week(s) in a row · daily streak {s['daily']} day(s)"
        + ("" if s["daily_done_today"] else " (nothing logged today yet)")
    )
    if t.overdue:
        print(
            "Overdue: "
            + ", ".join(f"{x.name} (due {x.next_due})" for x in t.overdue[:5])
            + (f" and {len(t.overdue) - 5} more" if len(t.overdue) > 5 else "")
        )
    if t.due:
        print("Due soon: " + ", ".join(f"{x.name} ({x.next_due})" for x in t.due[:5]))
    for x in t.cold[:5]:
        label = "ALARM" if x.state == "alarm" else "Cold"
        print(f"{label}: {x.name}: {x.warning or f'last contact {x.last_contact}'}")
    if len(t.cold) > 5:
        print(f"... and {len(t.cold) - 5} more cold contacts")
    if t.never:
        print(f"Never contacted: {len(t.never)} (the sweep brings them in a few a week)")
    for f in t.follow_ups:
        who = ", ".join(names.get(i, i) for i in f.with_ids)
        late = " (overdue)" if f.due < t.date else ""
        hint = f"; you met on {f.met_since}: done?" if f.met_since else ""
        print(f"Follow up by {f.due}{late}: {f.what} ({who}){hint}")
    if t.follow_ups:
        print("  (mark one done: `stayready done WHAT`, or done: DATE in its follow_up)")
    if passes:
        print("Pass along:")
        for rec in passes:
            for p in rec["postings"]:
                print(f"  {rec['name']}: {p['title']} at {p['company'] or '?'} ({p['why']})")
                print(f"    {p['url']}\n    {log_line(rec['contact'], p['id'])}")
    if nb.problems:
        print(f"{len(nb.problems)} problem(s) in the notebook: run `stayready check`")
    return 0


def log(args: argparse.Namespace) -> int:
    import journal
    from journal import edit
    from journal.habits import contact_states

    cfg = load(args)
    now = _now(cfg)
    day = parse_day(args.date, now.date())
    nb = journal.load_notebook(cfg.notebook)
    line = _resolve_pass_along(cfg, args.line)
    result = edit.log(Path(cfg.notebook.path), line, day, notebook=nb)
    p = result.parsed
    if p.give is False or p.type == "ask":
        # Before an ask: what the balance and last contact were.
        for st in contact_states(nb, cfg.notebook, now):
            if st.id in p.ids:
                last = (
                    f"{st.last_contact} ({st.days_since} days ago)" if st.last_contact else "never"
                )
                print(
                    f"Before asking {st.name}: balance {st.balance:+d} "
                    f"({st.gives} given, {st.asks} asked), last contact {last}"
                )
    for cid in p.ids:
        if not nb.contacts[cid].reachable:
            print(f"warning: {cid} is {nb.contacts[cid].status}", file=sys.stderr)
    verb = "created" if result.created else "appended to"
    print(f"{verb} {_rel(result.path, cfg)}: {result.text}")
    return 0


def done(args: argparse.Namespace) -> int:
    """Mark the one open follow-up whose text contains WHAT as done (`done: DATE`)."""
    import journal
    from journal import edit

    cfg = load(args)
    now = _now(cfg)
    day = parse_day(args.date, now.date())
    nb = journal.load_notebook(cfg.notebook)
    wanted = " ".join(args.what).strip().casefold()
    if not wanted:
        raise UsageError("say which follow-up: stayready done WHAT", hint="words of its text")
    open_ = journal.open_follow_ups(nb, now)
    found = [f for f in open_ if wanted in f.what.casefold()]
    listed = "; ".join(f"{f.what!r} (due {f.due})" for f in (found or open_)[:5])
    if not found:
        hint = f"open ones: {listed}" if open_ else "no follow-up is open"
        raise UsageError(f"no open follow-up says {wanted!r}; nothing was written", hint=hint)
    if len(found) > 1:
        raise UsageError(f"{len(found)} open follow-ups say {wanted!r}; nothing was written",
                         hint=f"type more of its words: {listed}")  # fmt: skip
    f = found[0]
    assert f.file is not None and f.line is not None
    edit.follow_up_done(Path(f.file), f.line, day)
    print(f"done on {day}: {f.what} ({_rel(Path(f.file), cfg)}:{f.line})")
    return 0


def _resolve_pass_along(cfg: Config, line: str) -> str:
    """A pass-along's posting ids resolved as `mark` resolves them (whole ids written,
    unknown or ambiguous ones refused before anything is written); URLs kept as typed."""
    from journal.bodylines import parse_line
    from journal.passalong import split_refs

    try:
        parsed = parse_line(line)
    except StayReadyError:
        return line  # edit.log reports it, with the grammar
    if parsed.type != "pass-along":
        return line
    refs, rest = split_refs(parsed.summary)
    ids = [r for r in refs if not r.startswith(("http://", "https://"))]
    if not ids:
        return line
    from aggregator.posting_ids import resolve

    known = _history_ids(cfg)
    if known is None:
        raise PostingIdError(
            f"no job history in {_rel(cfg.data_dir, cfg)} to find posting {ids[0]!r} in",
            hint="run `stayready fetch` first, or pass along the posting's URL instead",
        )
    try:
        whole = [r if r.startswith(("http://", "https://")) else resolve(r, known) for r in refs]
    except PostingIdError as exc:
        if "not in the job history" in exc.message:  # mark's hint names --elsewhere
            exc.hint = "copy the id from `stayready today` or the job tables, or give its URL"
        raise
    head = line.strip().partition(":")[0]
    return f"{head}: {' '.join(whole)}" + (f" {rest}" if rest else "")


def _history_ids(cfg: Config) -> set[str] | None:
    """Every posting id of the job history; None when there is no history to ask."""
    if not (cfg.data_dir / "feeds.json").exists():
        return None
    from aggregator.store import Store

    return Store(cfg.data_dir).posting_ids()


def mark(args: argparse.Namespace) -> int:
    from aggregator.posting_ids import resolve
    from journal import edit

    cfg = load(args)
    day = parse_day(args.date, _now(cfg).date())
    pid = args.posting_id.strip()
    if not args.elsewhere:  # else the person says it was seen elsewhere: kept as typed
        known = _history_ids(cfg)
        if known is None:
            raise PostingIdError(
                f"no job history in {_rel(cfg.data_dir, cfg)} to find posting {pid!r} in",
                hint="run `stayready fetch` first, or add --elsewhere for a posting seen elsewhere",
            )
        pid = resolve(pid, known)
    path = edit.mark(Path(cfg.notebook.path), pid, args.state, day, args.note,
                     elsewhere=args.elsewhere)  # fmt: skip
    print(f"{pid}: {args.state} on {day} ({_rel(path, cfg)})")
    return 0


def contacts(args: argparse.Namespace) -> int:
    cfg = load(args)
    root = Path(cfg.notebook.path)
    if args.action == "add":
        from journal import edit

        path = edit.add_contact(root, args.name, org=args.org, tier=args.tier, cid=args.cid)
        cid = path.stem
        print(f"added {_rel(path, cfg)}: log with @{cid}, e.g. "
              f'stayready log "call @{cid} 20m: caught up"')  # fmt: skip
        return 0
    if args.action == "rename":
        from journal import edit

        r = edit.rename(root, args.old, args.new)
        print(f"renamed {r.old} -> {r.new}: {r.references} reference(s) in {len(r.files)} file(s)")
        return 0
    from journal.importers import import_file

    s = import_file(root, Path(args.file))
    for problem in s.problems:
        print(f"warning: {problem}", file=sys.stderr)
    print("\n".join(s.lines()))
    return 0


def check(args: argparse.Namespace) -> int:
    import journal

    try:
        cfg = load(args)
    except ConfigError as exc:
        for p in exc.problems:
            print(StayReadyError.__str__(p))
        print(f"{len(exc.problems)} problem(s) in the configuration")
        return 1
    if not cfg.feeds:
        from stayready.commands.fetch import no_feeds_warning

        print(no_feeds_warning("check", cfg), file=sys.stderr)
    nb = journal.load_notebook(cfg.notebook)
    found = [*nb.problems, *_public_entry_problems(nb), *_unknown_marks(nb, cfg),
             *_pass_along_problems(nb, cfg)]  # fmt: skip
    problems = sorted(found, key=lambda p: (p.file or "", p.line or 0))
    for p in problems:
        print(StayReadyError.__str__(p))
    if problems:
        where = _rel(Path(cfg.notebook.path), cfg)
        print(f"{len(problems)} problem(s) in {where}; no file was changed")
    if nb.broken_contacts:
        # The build's rule (privacy.check_contact_files), said where the person looks first.
        print(
            f"the public edition will not be built while {len(nb.broken_contacts)} contact "
            "file(s) cannot be read in full: fix them first"
        )
    history = _check_history(cfg)
    if problems or history:
        return 1
    print(
        f"ok: {len(nb.contacts)} contacts, {len(nb.entries)} entries, "
        f"{len(nb.applications)} applications"
    )
    return 0


def _unknown_marks(nb, cfg: Config) -> list[StayReadyError]:
    """Marks of postings the history never held (a typo, or an id from another history),
    unless the mark says the posting was seen elsewhere. Without a history (nothing
    fetched yet) there is nothing to hold them against."""
    known = _history_ids(cfg) if nb.applications else None
    if known is None:
        return []
    out: list[StayReadyError] = []
    for pid, app in sorted(nb.applications.items()):
        if pid in known or any(e.elsewhere for e in app.history):
            continue
        first = app.history[0] if app.history else None
        out.append(
            PostingIdError(
                f"posting {pid!r} is not in the job history",
                file=Path(cfg.notebook.path) / "applications.yml",
                line=first.line if first else None,
                hint="fix the id (the job tables show each one), or add `elsewhere: true` "
                "to the item if the posting was seen on another site",
            )
        )
    return out


def _pass_along_problems(nb, cfg: Config) -> list[StayReadyError]:
    """What the notebook alone cannot tell: a `pass_along` skill the taxonomy does not
    know (it would never match: postings carry the taxonomy's names), and a pass-along
    of a posting id the history never held."""
    from foundation.errors import NotebookError
    from stayready.passalong import unknown_skills

    out: list[StayReadyError] = []
    for c in nb.contacts.values():
        if c.pass_along is None or not c.pass_along.skills:
            continue
        for skill, near in unknown_skills(cfg, c.pass_along.skills):
            out.append(NotebookError(
                f"pass_along.skills: {skill!r} is not a known skill, so it never matches",
                file=c.path, line=c.pass_along.line,
                hint=f"did you mean '{near}'?" if near else
                "use a term's name or alias (profile.terms in stayready.yml adds your own)",
            ))  # fmt: skip
    known = _history_ids(cfg)
    if known is None:
        return out
    for it in nb.interactions():
        for ref in it.postings:
            if ref.startswith(("http://", "https://")) or ref in known:
                continue
            if len(ref) >= 6 and any(pid.startswith(ref) for pid in known):
                continue
            out.append(PostingIdError(
                f"pass-along of posting {ref!r}, which is not in the job history",
                file=it.file, line=it.line,
                hint="copy the id from `stayready today` or the job tables, or give its URL",
            ))  # fmt: skip
    return out


def _public_entry_problems(nb) -> list[StayReadyError]:
    """What `build` would refuse in the public entries: a contact's name, alias, email or
    phone in one, found by the same scan (site/privacy.py) so check never passes a
    notebook the build then fails on.

    The notebook is mapped by the same functions the build uses (site/notebook_view.py).
    Mentions (@id) are left to the notebook's own cross check,
    which reports them at their line.
    """
    if not any(e.public for e in nb.entries):
        return []  # the common case: no scan, no import
    from stayready.site.notebook_view import site_contact, site_entry
    from stayready.site.privacy import entry_problems

    contacts = [site_contact(c) for c in nb.contacts.values()]
    entries = [site_entry(e) for e in nb.entries if e.public]
    return list(entry_problems(entries, contacts, mentions=False))


def _check_history(cfg) -> int:
    """Report lines of data/ that do not parse (hand edits, truncation); returns their count.

    They are skipped wherever the history is read, so a posting would silently vanish
    from the site: `check` says so, with file and line.
    """
    if not (cfg.data_dir / "feeds.json").exists():
        return 0
    from aggregator.store import Store

    try:
        found = Store(cfg.data_dir).load().problems
    except StayReadyError as exc:
        found = [exc]
    for p in found:
        print(StayReadyError.__str__(p))
    if found:
        where = _rel(Path(cfg.data_dir), cfg)
        print(f"{len(found)} problem(s) in {where}; no file was changed")
    return len(found)
