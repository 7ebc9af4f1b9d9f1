"""Pages as files: Jinja2 templates in site_templates/ -> markdown, Atom and ICS in docs.

One Jinja environment per process, a handful of pages (tables per area, monthly
notes), and the generated folder cleared before each render so nothing stale survives.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from stayready.errors import BuildError
from stayready.site import charts, safety
from stayready.site.data import Entry, SiteData, slug

GENERATED = "generated"
REPO = Path(__file__).resolve().parents[2]
NEW_LIMIT = 300  # rows in "new since the last run"; the area pages list them all
FEED_LIMIT = 100  # entries in the Atom feed of new postings


@dataclass
class Rendered:
    edition: str
    docs_dir: Path
    nav: list[Any]
    files: list[Path] = field(default_factory=list)
    # Posting text that this render published, for the privacy check's exception.
    posting_texts: list[str] = field(default_factory=list)
    pages: int = 0


def templates_dir(root: Path | None = None) -> Path:
    """The project's own site_templates/ when it has one, else the shipped ones."""
    if root is not None and (root / "site_templates").is_dir():
        return root / "site_templates"
    return REPO / "site_templates"


@lru_cache(maxsize=4)
def environment(folder: str) -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=False,  # markdown output: every untrusted value goes through a filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(md=safety.md, xml=safety.xml, url=safety.url, link=safety.link)
    env.filters["yaml"] = lambda v: json.dumps(v, ensure_ascii=False)
    env.globals.update(table=table, bar_chart=charts.bar_chart, line_chart=charts.line_chart,
                       num=_num, generic=generic, pairs=pairs, term_series=term_series,
                       series_table=series_table, skill_bars=skill_bars)  # fmt: skip
    return env


# --- helpers the templates call ------------------------------------------------------


def _num(value: Any, digits: int = 1) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 10:
            return f"{value:,.0f}"
        return f"{value:,.{digits}f}"
    return safety.md(value, 120)


def table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], raw: tuple = ()) -> str:
    """A markdown table; every cell escaped except the columns named in `raw`."""
    if not rows:
        return "*None.*\n"
    head = "| " + " | ".join(h for _, h in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    lines = [head, rule]
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            if key in raw:
                cells.append(str(value or ""))
            elif isinstance(value, (list, tuple)):
                cells.append(", ".join(safety.md(v, 60) for v in value))
            else:
                cells.append(_num(value))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def generic(value: Any, level: int = 2) -> str:
    """Any JSON-like value as markdown: lists of records become tables, the rest lists."""
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            title = safety.md(str(key).replace("_", " ").capitalize())
            if isinstance(item, (dict, list)):
                parts.append(f"{'#' * min(level, 6)} {title}\n\n{generic(item, level + 1)}")
            else:
                parts.append(f"- **{title}:** {_num(item)}")
        return "\n".join(parts) + "\n"
    if isinstance(value, list):
        if not value:
            return "*None.*\n"
        if all(isinstance(v, dict) for v in value):
            keys: list[str] = []
            for row in value:
                keys += [k for k in row if k not in keys]
            flat = [{k: _cell(v) for k, v in row.items()} for row in value]
            cols = [(k, safety.md(k.replace("_", " ").capitalize())) for k in keys]
            return table(flat, cols)
        return "\n".join(f"- {_num(v) if not isinstance(v, dict | list) else _cell(v)}"
                          for v in value) + "\n"  # fmt: skip
    return _num(value) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return [_cell(v) if isinstance(v, dict) else v for v in value]
    return value


def pairs(rows: list[dict[str, Any]], label: str, value: str, n: int) -> list[tuple[str, float]]:
    out = []
    for row in rows[:n]:
        v = row.get(value)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append((str(row.get(label, "")), float(v)))
    return out


_ALL_AREAS = (None, "", "all", "All", "*")


def term_series(terms: list[dict[str, Any]], n: int) -> list[charts.Series]:
    """The n most mentioned terms as monthly share lines (all areas together)."""
    if not terms:
        return []
    rows = [r for r in terms if r.get("area") in _ALL_AREAS] or terms
    totals: dict[str, float] = defaultdict(float)
    by_term: dict[str, dict[str, float]] = defaultdict(dict)
    for r in rows:
        term, month = str(r.get("term", "")), str(r.get("month", ""))
        share = r.get("share")
        if not term or not month or not isinstance(share, (int, float)):
            continue
        totals[term] += float(r.get("count") or 0)
        pct = float(share) * 100 if share <= 1 else float(share)
        by_term[term][month] = max(by_term[term].get(month, 0.0), pct)
    top = sorted(totals, key=lambda t: (-totals[t], t))[:n]
    return [charts.Series(t, tuple(sorted(by_term[t].items()))) for t in top]


def series_table(lines: list[charts.Series]) -> str:
    months = sorted({m for s in lines for m, _ in s.points})
    rows = []
    for m in months:
        row: dict[str, Any] = {"month": m}
        for s in lines:
            row[s.name] = dict(s.points).get(m)
        rows.append(row)
    cols = [("month", "Month")] + [(s.name, safety.md(s.name) + " %") for s in lines]
    return table(rows, cols)


def skill_bars(gap: list[Any]) -> list[tuple[str, float]]:
    out = []
    for row in gap:
        if not isinstance(row, dict):
            continue
        name = row.get("skill") or row.get("term")
        share = row.get("share", row.get("demand"))
        if name and isinstance(share, (int, float)) and not isinstance(share, bool):
            out.append((str(name), float(share) * 100 if share <= 1 else float(share)))
    return out


def salary_text(salary: Any) -> str:
    if salary is None:
        return ""
    lo, hi = getattr(salary, "min", None), getattr(salary, "max", None)
    if lo is None and hi is None:
        return ""

    def k(v: float) -> str:
        return f"{v / 1000:,.0f}k" if v >= 10000 else f"{v:,.0f}"

    span = k(lo) if hi is None or hi == lo else (k(hi) if lo is None else f"{k(lo)}–{k(hi)}")
    cur = salary.currency or ""
    per = {"year": "/yr", "month": "/mo", "week": "/wk", "day": "/day", "hour": "/h"}.get(
        salary.period or "", ""
    )
    return safety.md(f"{cur} {span}{per}".strip())


def requirements_text(req: dict[str, Any]) -> str:
    bits: list[str] = []
    if req.get("seniority"):
        bits.append(str(req["seniority"]))
    if req.get("years"):
        bits.append(f"{req['years']}+ yrs")
    terms = req.get("terms") or []
    if isinstance(terms, dict):
        terms = list(terms)
    bits.extend(str(t) for t in list(terms)[:6])
    return safety.md(", ".join(bits), 160)


def posting_row(p: Any) -> dict[str, str]:
    posted = (p.published or p.first_seen or "")[:10]
    return {
        "company": safety.md(p.company, 60),
        "title": safety.link(p.title, p.url, 120),
        "location": safety.md(p.location or (p.work_mode or ""), 60),
        "salary": salary_text(p.salary),
        "requirements": requirements_text(p.requirements or {}),
        "posted": posted,
    }


POSTING_COLUMNS = [("company", "Company"), ("title", "Title"), ("location", "Location"),
                   ("salary", "Salary"), ("requirements", "Key requirements"),
                   ("posted", "Posted")]  # fmt: skip


def posting_table(postings: list[Any]) -> str:
    rows = [posting_row(p) for p in postings]
    return table(rows, POSTING_COLUMNS, raw=tuple(k for k, _ in POSTING_COLUMNS))


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
    env = environment(str(templates_dir(data.config.root)))
    result = Rendered(edition=edition, docs_dir=docs_dir, nav=[{"Home": "index.md"}])
    sections = (
        set(data.config.public.sections) if not private
        else {"jobs", "trends", "companies", "health", "journal"}
    )  # fmt: skip
    base = {"site": data.config.site, "now": data.now, "edition": edition,
            "generated": data.now.strftime("%Y-%m-%d %H:%M UTC")}  # fmt: skip

    def write(rel: str, template: str | None, text: str | None = None, **ctx: Any) -> None:
        if template is not None:
            text = env.get_template(template).render(**base, **ctx)
        staged[f"{GENERATED}/{rel}"] = (text or "").encode("utf-8")
        result.files.append(out / rel)
        if rel.endswith(".md"):
            result.pages += 1

    if private:
        from stayready.site import ics

        write("today.md", "today.md.j2", today=data.today or {}, problems=data.problems)
        write("calendar.ics", None, ics.calendar(data))
        write("network.md", "network.md.j2", contacts=data.contacts, ledger=data.ledger)
        result.nav += [{"Today": f"{GENERATED}/today.md"}, {"Network": f"{GENERATED}/network.md"}]
    if "jobs" in sections:
        _jobs(data, write, result)
    if "trends" in sections:
        write("trends.md", "trends.md.j2", t=data.trends, skills=data.config.profile.skills)
        result.nav.append({"Trends": f"{GENERATED}/trends.md"})
        result.posting_texts += _trend_texts(data.trends)
    if "companies" in sections:
        write("companies.md", "companies.md.j2", t=data.trends)
        result.nav.append({"Companies": f"{GENERATED}/companies.md"})
        result.posting_texts += _trend_texts(data.trends)
    if "health" in sections:
        write("health.md", "health.md.j2", feeds=data.feeds, last_run=data.last_run())
        result.nav.append({"Feed health": f"{GENERATED}/health.md"})
        # Feed names, addresses and errors are the person's config or the boards' words.
        for f in data.feeds:
            result.posting_texts += [f.name, f.area or "", f.url, f.last_error or "",
                                     f.redirected_to or ""]  # fmt: skip
    # The blog plugin needs its index even when no post is public.
    public_entries = [e for e in data.entries if e.public] if "journal" in sections else []
    write("journal/index.md", "journal_index.md.j2", shown="journal" in sections)
    for e in public_entries:
        write(f"journal/posts/{_entry_name(e)}.md", "journal_post.md.j2", e=e)
    if "journal" in sections:
        from stayready.site import atom

        write("journal/feed.xml", None, atom.journal_feed(data, public_entries))
        result.nav.append({"Journal": f"{GENERATED}/journal/index.md"})
    if private:
        months: dict[str, list[Entry]] = defaultdict(list)
        for e in sorted(data.entries, key=lambda e: e.date):
            if not e.public:
                months[e.date.strftime("%Y-%m")].append(e)
        notes = []
        for month, entries in sorted(months.items(), reverse=True):
            write(f"notes/{month}.md", "notes_month.md.j2", month=month, entries=entries,
                  demote=_demote)  # fmt: skip
            notes.append({month: f"{GENERATED}/notes/{month}.md"})
        if notes:
            result.nav.append({"Notes": notes})
    sync(docs_dir if private else out, staged, strip="" if private else GENERATED + "/")
    return result


def sync(folder: Path, files: dict[str, bytes], *, strip: str = "") -> None:
    """Make folder hold exactly these files, rewriting only what changed.

    Unchanged files keep their timestamps, so `mkdocs serve` reloads only on real
    changes, and the folder itself is never removed (its watcher would lose it).
    """
    wanted = {rel[len(strip):] if rel.startswith(strip) else rel: body
              for rel, body in files.items()}  # fmt: skip
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


def _jobs(data: SiteData, write: Any, result: Rendered) -> None:
    from stayready.site import atom

    current = data.current()
    new = data.new_postings()
    areas: dict[str, list[Any]] = defaultdict(list)
    for p in current:
        areas[p.area or "Elsewhere"].append(p)
    area_pages = []
    for area in sorted(areas, key=str.casefold):
        rows = sorted(areas[area], key=lambda p: (p.published or p.first_seen or ""), reverse=True)
        name = slug(area)
        write(f"jobs/{name}.md", "jobs_area.md.j2", area=area, table=posting_table(rows),
              count=len(rows))  # fmt: skip
        area_pages.append({"area": area, "file": f"{name}.md", "count": len(rows)})
    write("jobs/index.md", "jobs_index.md.j2", new_table=posting_table(new[:NEW_LIMIT]),
          new_count=len(new), areas=area_pages, last_run=data.last_run(),
          limit=NEW_LIMIT)  # fmt: skip
    recent = sorted(current, key=lambda p: p.first_seen or "", reverse=True)[:FEED_LIMIT]
    write("jobs/feed.xml", None, atom.jobs_feed(data, recent))
    result.nav.append(
        {"Jobs": [{"New": f"{GENERATED}/jobs/index.md"}]
         + [{a["area"]: f"{GENERATED}/jobs/{a['file']}"} for a in area_pages]}
    )  # fmt: skip
    for p in {id(p): p for p in current + recent}.values():
        result.posting_texts += [p.title, p.company, p.location, p.url, p.feed,
                                 requirements_text(p.requirements or {})]  # fmt: skip


def _trend_texts(trends: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for row in trends.get("companies", []) or []:
        out.append(str(row.get("company", "")))
    return out


def _entry_name(e: Entry) -> str:
    return f"{e.date.isoformat()}-{e.slug or slug(e.title)}"


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
                    raise BuildError(f"nav names {value}, which the render did not write",
                                     file=rendered.docs_dir / value)  # fmt: skip
    walk(rendered.nav)
