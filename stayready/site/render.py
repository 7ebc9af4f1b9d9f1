"""Pages as files: Jinja2 templates in site_templates/ -> markdown, Atom and ICS in docs.

One Jinja environment per process, a handful of pages (tables per area, monthly
notes), and the generated folder cleared before each render so nothing stale survives.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from foundation.errors import BuildError
from stayready.site import charts, figures, prose, safety
from stayready.site.data import Entry, SiteData, slug
from stayready.site.rendered import GENERATED, Rendered, templates_dir


@lru_cache(maxsize=4)
def environment(folder: str, cache_dir: Path | None = None) -> Any:
    """The templates' Jinja2 environment; with `cache_dir`, compiled templates are kept
    there (keyed by Jinja2 on each template's source) and not compiled on every build."""
    import jinja2

    cache = None
    if cache_dir is not None:
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
        except OSError:  # only speed is lost
            cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        bytecode_cache=cache,
        autoescape=False,  # markdown output: every untrusted value goes through a filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        md=safety.md,
        xml=safety.xml,
        url=safety.url,
        link=safety.link,
        redact_urls=safety.redact_urls,
    )
    env.filters["yaml"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.filters["name_of"] = lambda cid, names: names.get(cid, cid)
    env.filters["area_label"] = figures.area_label
    env.globals.update(
        table=figures.table,
        generic=figures.generic,
        num=figures.num,
        fig=figures,
        bar_chart=charts.bar_chart,
        line_chart=charts.line_chart,
    )
    return env


# --- the render -----------------------------------------------------------------------


def render(
    data: SiteData, docs_dir: Path, *, edition: str = "public", static_dir: Path | None = None
) -> Rendered:
    """Write the edition's generated pages under docs_dir/generated, replacing earlier ones.

    For the private edition `static_dir` (the repository's docs/) is copied in first,
    so the private docs folder is complete on its own.
    """
    private = edition == "private"
    staged: dict[str, bytes] = {}
    if private and static_dir is not None:
        for path in static_dir.rglob("*"):
            rel = path.relative_to(static_dir).as_posix()
            if path.is_file() and not rel.startswith(GENERATED + "/"):
                staged[rel] = path.read_bytes()
    out = docs_dir / GENERATED
    env = environment(str(templates_dir(data.config.root)), data.config.cache_dir / "templates")
    result = Rendered(edition=edition, docs_dir=docs_dir, nav=[{"Home": "index.md"}])
    sections = (
        set(data.config.public.sections)
        if not private
        else {"jobs", "trends", "companies", "health", "journal"}
    )
    zone = ZoneInfo(data.config.site.timezone)
    base = {
        "site": data.config.site,
        "now": data.now,
        "edition": edition,
        # Times as the person reads them, in site.timezone (the history keeps UTC).
        "generated": figures.local_time(data.now, zone),
        "local": lambda stamp: figures.local_time(stamp, zone),
    }

    def write(rel: str, template: str | None, text: str | None = None, **ctx: Any) -> None:
        if template is not None:
            text = env.get_template(template).render(**base, **ctx)
        staged[f"{GENERATED}/{rel}"] = (text or "").encode("utf-8")
        result.files.append(out / rel)
        if rel.endswith(".md"):
            result.pages += 1

    if private:
        from stayready.passalong import for_site, log_line
        from stayready.site import ics

        passes = [
            {"name": rec["name"], "title": safety.link(p["title"], p["url"], 120),
             "company": p["company"], "why": p["why"],
             "log": f"`{log_line(rec['contact'], p['id'])}`"}
            for rec in for_site(data) for p in rec["postings"]
        ]  # fmt: skip
        write(
            "today.md",
            "today.md.j2",
            today=data.today or {},
            problems=data.problems,
            warm=warm_paths(data),
            has_contacts=bool(data.contacts),
            passes=passes,
        )
        write("calendar.ics", None, ics.calendar(data))
        write(
            "network.md",
            "network.md.j2",
            contacts=data.contacts,
            ledger=data.ledger,
            totals=data.ledger_totals,
            asks=passed_rows(data),
        )
        result.nav += [{"Today": f"{GENERATED}/today.md"}, {"Network": f"{GENERATED}/network.md"}]
    # Imported here: those pages build on this module's Rendered and GENERATED.
    from stayready.site import render_jobs

    if "jobs" in sections:
        render_jobs.jobs(data, write, result, private=private)
    if private:
        render_jobs.applications(data, write, result)
    if "trends" in sections:
        write(
            "trends.md",
            "trends.md.j2",
            t=data.trends,
            skills=data.config.profile.skills,
            postings=data.listed(),
        )
        result.nav.append({"Trends": f"{GENERATED}/trends.md"})
        result.posting_texts += _trend_texts(data.trends)
    if "companies" in sections:
        write("companies.md", "companies.md.j2", t=data.trends)
        if data.trends.get("flags"):
            write(figures.FLAGS_CSV, None, figures.flags_csv(data.trends["flags"]))
        result.nav.append({"Companies": f"{GENERATED}/companies.md"})
        result.posting_texts += _trend_texts(data.trends)
    if "health" in sections:
        # A feed taken out of stayready.yml leaves the page; its postings stay in history.
        shown = [f for f in data.feeds if not f.removed]
        write(
            "health.md",
            "health.md.j2",
            feeds=shown,
            removed=len(data.feeds) - len(shown),
            last_run=data.last_run(),
        )
        result.nav.append({"Feed health": f"{GENERATED}/health.md"})
        # Feed names, addresses and errors are the person's config or the boards' words.
        for f in data.feeds:
            result.posting_texts += [
                f.name,
                f.area or "",
                f.url,
                f.last_error or "",
                f.redirected_to or "",
            ]
    # The blog plugin needs its index even when no post is public.
    public_entries = [e for e in data.entries if e.public] if "journal" in sections else []
    write("journal/index.md", "journal_index.md.j2", shown="journal" in sections)
    names = data.contact_names(public=not private)
    for e in public_entries:
        write(
            f"journal/posts/{_entry_name(e)}.md",
            "journal_post.md.j2",
            e=e,
            body=prose.readable(e.body, names),
        )
    if "journal" in sections:
        from stayready.site import atom

        write("journal/feed.xml", None, atom.journal_feed(data, public_entries))
        result.nav.append({"Journal": f"{GENERATED}/journal/index.md"})
    # The front doors: what is new in the sections this edition publishes, in a few
    # lines. The person's own docs/index.md is never written: the public home page
    # links to this generated overview, the private edition has its own home page.
    from stayready.site import home

    view = home.overview(data, sections, public_entries, entry_name=_entry_name)
    if private:
        text = env.get_template("home_private.md.j2").render(
            **base, overview=view, today=data.today or {}, contacts=data.contacts
        )
        staged["index.md"] = text.encode("utf-8")
    else:
        write("overview.md", "home_overview.md.j2", overview=view)
        result.nav.insert(1, {"What's new": f"{GENERATED}/overview.md"})
    if private:
        months: dict[str, list[Entry]] = defaultdict(list)
        for e in sorted(data.entries, key=lambda e: e.date):
            if not e.public:
                months[e.date.strftime("%Y-%m")].append(e)
        notes = []
        for month, entries in sorted(months.items(), reverse=True):
            label = entries[0].date.strftime("%B %Y")  # English month names, as the theme
            write(
                f"notes/{month}.md",
                "notes_month.md.j2",
                month=label,
                entries=entries,
                show=lambda body: _demote(prose.readable(body, names)),
            )
            notes.append({label: f"{GENERATED}/notes/{month}.md"})
        if notes:
            result.nav.append({"Notes": notes})
    sync(docs_dir if private else out, staged, strip="" if private else GENERATED + "/")
    return result


def sync(folder: Path, files: dict[str, bytes], *, strip: str = "") -> None:
    """Make folder hold exactly these files, rewriting only what changed.

    Unchanged files keep their timestamps, so `mkdocs serve` reloads only on real
    changes, and the folder itself is never removed (its watcher would lose it).
    """
    wanted = {
        rel[len(strip) :] if rel.startswith(strip) else rel: body for rel, body in files.items()
    }
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(folder.rglob("*"), reverse=True):
        rel = path.relative_to(folder).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif rel not in wanted:
            path.unlink()
    for rel, body in wanted.items():
        path = folder / rel
        try:
            if path.read_bytes() == body:
                continue
        except OSError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)


def warm_paths(data: SiteData, days: int = 7) -> list[dict[str, str]]:
    """Postings first seen in the last `days` at a company where a contact works: their
    `org` or one of its `org_aliases`, by the market pages' company key and aliases."""
    from datetime import timedelta

    from aggregator.companies import CompanyNames
    from foundation.clock import iso

    # One name per company, as the market pages group them: the same key and aliases.
    company_key = CompanyNames(data.config.companies.aliases).key
    # Whole normalized names only, never a substring: "Meta" is not "Metal Works", and
    # "Northwind" is not "Northwind Analytics" unless the person says so in an alias.
    people: dict[str, list[str]] = defaultdict(list)
    for c in data.contacts:
        for key in dict.fromkeys(company_key(n) for n in (c.company, *c.company_aliases) if n):
            if key:
                people[key].append(c.name)
    if not people:
        return []
    since = iso(data.now - timedelta(days=days))
    hidden = data.hidden_ids()  # marked hidden: out of every list on the private pages
    out = []
    for p in data.current():
        if p.id in hidden:
            continue
        if (p.first_seen or "") >= since and company_key(p.company) in people:
            out.append(
                {
                    "company": p.company,
                    "title": safety.link(p.title, p.url, 120),
                    "contact": ", ".join(people[company_key(p.company)]),
                }
            )
    return sorted(out, key=lambda r: (r["company"].casefold(), r["title"]))


def passed_rows(data: SiteData) -> list[dict[str, str]]:
    """Per contact with a wish or a pass-along: what they asked for and what was passed
    (titles of postings still in the history's open list; otherwise the id as logged)."""
    titles = {p.id: p for p in data.postings}
    names = {c.id: c.name for c in data.contacts}
    rows = []
    for cid in sorted(set(data.asked) | set(data.passed), key=lambda c: names.get(c, c)):
        shown = []
        for day, ref in data.passed.get(cid, []):
            p = titles.get(ref)
            shown.append(f"{day.isoformat()}: " + (safety.link(p.title, p.url, 80) if p else
                                                    safety.md(ref)))  # fmt: skip
        rows.append({"name": names.get(cid, cid), "asked": data.asked.get(cid, ""),
                     "passed": "<br>".join(shown) or "nothing yet"})  # fmt: skip
    return rows


def _trend_texts(trends: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for row in trends.get("companies", []) or []:
        out.append(str(row.get("company", "")))
    return out


def _entry_name(e: Entry) -> str:
    name = e.slug or slug(e.title)
    return name if name.startswith(e.date.isoformat()) else f"{e.date.isoformat()}-{name}"


_HEADING = re.compile(r"^(#{1,4}) ", re.M)


def _demote(body: str) -> str:
    """Entry headings sit under the entry's own heading on a monthly page."""
    return _HEADING.sub(lambda m: "#" * min(len(m.group(1)) + 2, 6) + " ", body)


def check_nav_targets(rendered: Rendered) -> None:
    """Every nav target exists: mkdocs would warn, so say which template forgot it."""

    def walk(items: list[Any]) -> None:
        for item in items:
            for value in item.values():
                if isinstance(value, list):
                    walk(value)
                elif not (rendered.docs_dir / value).exists():
                    raise BuildError(
                        f"nav names {value}, which the render did not write",
                        file=rendered.docs_dir / value,
                    )

    walk(rendered.nav)
