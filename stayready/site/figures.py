"""Tables and charts made from the data: the pieces the page templates place.

Every value from a feed or a report goes through `safety` here; numbers are formatted
once, the same way on every page; shares (fractions) are shown as percentages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, tzinfo
from types import SimpleNamespace
from typing import Any

from stayready.site import charts, safety


def local_time(stamp: Any, zone: tzinfo) -> str:
    """An instant as the person reads it, in site.timezone: "2026-11-25 21:00 CST". The
    history keeps UTC; a value that is not a time is shown as it is."""
    if isinstance(stamp, str):
        from foundation.clock import parse_instant
        from foundation.errors import StayReadyError

        try:
            stamp = parse_instant(stamp)
        except StayReadyError:
            return stamp
    if not isinstance(stamp, datetime):
        return ""
    return stamp.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")


def num(value: Any, digits: int = 1) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer():  # "9", not "9.0" beside a "10"
            return f"{value:,.0f}"
        return f"{value:,.{digits}f}"
    return safety.md(value, 120)


def _pct(value: Any) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    return f"{value * 100:.1f}%"


def _change(value: Any) -> str:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return ""
    return f"{value * 100:+.1f} pts"


def table(
    rows: list[dict[str, Any]],
    columns: list[tuple[str, str]],
    raw: tuple = (),
    pct: tuple = (),
    *,
    label: str = "",
    empty: str = "None.",
) -> str:
    """A markdown table; every cell escaped except the columns named in `raw`;
    fractions in the `pct` columns shown as percentages.

    The table sits in its own labelled scroll box (md_in_html): a wide table scrolls
    inside it, keeps its first column in view, and a keyboard can reach and scroll it.
    `label` names it for screen readers (by default its column headings)."""
    if not rows:
        return f"*{empty}*\n"
    head = "| " + " | ".join(h for _, h in columns) + " |"
    rule = "|" + "|".join("---" for _ in columns) + "|"
    lines = [head, rule]
    for row in rows:
        cells = []
        for key, _ in columns:
            value = row.get(key)
            if key in raw:
                cells.append(str(value or ""))
            elif key in pct:
                cells.append(_pct(value))
            elif isinstance(value, (list, tuple)):
                cells.append(", ".join(safety.md(v, 60) for v in value))
            else:
                cells.append(num(value))
        lines.append("| " + " | ".join(_long(c) for c in cells) + " |")
    name = safety.xml(label or "Table: " + ", ".join(h for _, h in columns[:4]), 120)
    return (
        f'<div class="sr-table" role="region" aria-label="{name}" tabindex="0" markdown>\n\n'
        + "\n".join(lines)
        + "\n\n</div>\n"
    )


LONG_CELL = 40


def _long(cell: str) -> str:
    """A long cell wraps within a readable width (stayready.css, .sr-wrap); every other
    cell keeps to one line, and the table scrolls in its box rather than squeezing."""
    return f'<span class="sr-wrap">{cell}</span>' if len(cell) > LONG_CELL else cell


def generic(value: Any, level: int = 2) -> str:
    """Any JSON-like value as markdown: lists of records become tables, the rest lists."""
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            title = safety.md(str(key).replace("_", " ").capitalize())
            if isinstance(item, (dict, list)):
                parts.append(f"{'#' * min(level, 6)} {title}\n\n{generic(item, level + 1)}")
            else:
                parts.append(f"- **{title}:** {num(item)}")
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
        return (
            "\n".join(f"- {num(v) if not isinstance(v, dict | list) else _cell(v)}" for v in value)
            + "\n"
        )
    return num(value) + "\n"


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return [_cell(v) if isinstance(v, dict) else v for v in value]
    return value


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


def series_table(
    lines: list[charts.Series], unit: str = " %", partial: str | None = None, label: str = ""
) -> str:
    """The numbers behind a line chart, a row a month; `partial` (the month under way)
    is marked as such, as the chart marks it."""
    months = sorted({m for s in lines for m, _ in s.points})
    rows = []
    for m in months:
        row: dict[str, Any] = {"month": f"{m} (partial)" if m == partial else m}
        for s in lines:
            row[s.name] = dict(s.points).get(m)
        rows.append(row)
    cols = [("month", "Month")] + [(s.name, safety.md(s.name) + unit) for s in lines]
    return table(rows, cols, label=label)


def salary_text(salary: Any) -> str:
    """A pay range as "USD 85k–105k/yr": from a feed's Salary, or from the dict the
    requirement extractor keeps (the same fields) when the feed had none."""
    if salary is None:
        return ""
    if isinstance(salary, dict):
        salary = SimpleNamespace(**{k: salary.get(k) for k in _SALARY_FIELDS})
    lo, hi = getattr(salary, "min", None), getattr(salary, "max", None)
    # Numbers only: the history is a file a person may edit by hand.
    lo = lo if isinstance(lo, (int, float)) and not isinstance(lo, bool) else None
    hi = hi if isinstance(hi, (int, float)) and not isinstance(hi, bool) else None
    if lo is None and hi is None:
        return ""

    def k(v: float) -> str:
        return f"{v / 1000:,.0f}k" if v >= 10000 else f"{v:,.0f}"

    span = k(lo) if hi is None or hi == lo else (k(hi) if lo is None else f"{k(lo)}–{k(hi)}")
    cur = salary.currency if isinstance(salary.currency, str) else ""
    per = {"year": "/yr", "month": "/mo", "week": "/wk", "day": "/day", "hour": "/h"}.get(
        salary.period if isinstance(salary.period, str) else "", ""
    )
    return safety.md(f"{cur} {span}{per}".strip())


def requirements_text(req: dict[str, Any]) -> str:
    bits: list[str] = []
    if req.get("seniority"):
        bits.append(str(req["seniority"]))
    years = req.get("years")
    if isinstance(years, dict) and years.get("min"):
        # The extractor's shape: {"min": 3, "max": 5} for "3-5 years", max None for "3+".
        low, high = years["min"], years.get("max")
        bits.append(f"{low}–{high} yrs" if high and high != low else f"{low}+ yrs")
    terms = req.get("terms") or []
    if isinstance(terms, dict):
        terms = list(terms)
    bits.extend(str(t) for t in list(terms)[:6])
    return safety.md(", ".join(bits), 160)


_SALARY_FIELDS = ("min", "max", "currency", "period")


def posting_row(p: Any) -> dict[str, str]:
    posted = (p.published or p.first_seen or "")[:10]
    return {
        "company": safety.md(p.company, 60),
        "title": safety.link(p.title, p.url, 120),
        "location": safety.md(p.location or (p.work_mode or ""), 60),
        # A salary stated only in the description was found at ingest (requirements).
        "salary": salary_text(p.salary) or salary_text((p.requirements or {}).get("salary")),
        "requirements": requirements_text(p.requirements or {}),
        "posted": posted,
    }


POSTING_COLUMNS = [
    ("company", "Company"),
    ("title", "Title"),
    ("location", "Location"),
    ("salary", "Salary"),
    ("requirements", "Key requirements"),
    ("posted", "Posted"),
]


def posting_table(postings: list[Any], *, ids: bool = False) -> str:
    """The jobs table; with `ids` (the private edition) each posting's id too, the one
    `stayready mark POSTING_ID STATE` takes."""
    rows = [posting_row(p) | {"id": _id_cell(p.id)} for p in postings]
    columns = POSTING_COLUMNS + ([("id", "Id")] if ids else [])
    return table(rows, columns, raw=tuple(k for k, _ in columns))


_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def _id_cell(pid: Any) -> str:
    """A posting id as code, when it is one (the history is a file a person may edit)."""
    text = str(pid)
    return f"`{text}`" if _ID.fullmatch(text) else safety.md(text, 64)


# Most advanced first; hidden postings are left out of the Applications page.
APPLICATION_ORDER = ("offer", "interviewing", "applied", "interesting", "rejected")


def application_table(apps: list[Any], postings: dict[str, Any], label: str = "") -> str:
    rows = []
    for a in apps:
        p = postings.get(a.posting_id)
        rows.append(
            {
                "company": safety.md(p.company, 60) if p else "",
                "title": safety.link(p.title, p.url, 120)
                if p
                else f"*no longer listed* {_id_cell(a.posting_id)}",
                "updated": a.updated or "",
                "notes": safety.md("; ".join(a.notes), 200),
            }
        )
    columns = [("company", "Company"), ("title", "Posting"), ("updated", "Updated"),
               ("notes", "Notes")]  # fmt: skip
    return table(rows, columns, raw=("company", "title", "updated", "notes"), label=label)


# --- the Trends and Companies pages ----------------------------------------------------

WINDOWS = {
    "month_on_month": "Month on month",
    "three_months": "Over three months",
    "year_on_year": "Year on year",
}
PER_AREA = 5  # rising/falling rows per area and window
COMPANY_ROWS = 100


def _area(value: Any) -> str:
    return "All areas" if value in _ALL_AREAS else str(value)


def area_label(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "area": _area(row.get("area"))}


def movers(rows: list[dict[str, Any]], name: str = "") -> list[tuple[str, str, str, str]]:
    """Rising or falling terms: (window label, the months compared, the all-areas table,
    the per-area table) per window, the top few per area. The months are said once per
    window, not on every row, and every change is in percentage points, as everywhere
    on the site."""
    out = []
    for window, label in WINDOWS.items():
        picked: list[dict[str, Any]] = []
        months: set[str] = set()
        count: dict[str, int] = defaultdict(int)
        for r in sorted(
            rows,
            key=lambda r: (
                r.get("area") not in _ALL_AREAS,
                _area(r.get("area")),
                -abs(r.get("change") or 0),
            ),
        ):
            if r.get("window") != window or count[_area(r.get("area"))] >= PER_AREA:
                continue
            count[_area(r.get("area"))] += 1
            months.add(f"{r.get('from_month')} to {r.get('to_month')}")
            picked.append({**r, "area": _area(r.get("area")), "change": _change(r.get("change"))})
        if picked:
            cols = [
                ("term", "Term"),
                ("from_share", "From"),
                ("to_share", "To"),
                ("change", "Change"),
                ("to_count", "Postings"),
            ]
            every = [r for r in picked if r["area"] == "All areas"]
            each = [r for r in picked if r["area"] != "All areas"]
            pct = ("from_share", "to_share")
            out.append(
                (
                    label,
                    ", ".join(sorted(months)),
                    table(
                        every,
                        cols,
                        pct=pct,
                        label=f"{name} {label.lower()}, all areas".strip(),
                        empty="None.",
                    ),
                    table(
                        each,
                        [("area", "Area"), *cols],
                        pct=pct,
                        label=f"{name} {label.lower()}, by area".strip(),
                    )
                    if each
                    else "",
                )
            )
    return out


def top_movers(rows: list[dict[str, Any]], n: int = 3) -> list[dict[str, Any]]:
    """The largest month-on-month changes over all areas together, for a summary line."""
    picked = [
        r for r in rows if r.get("area") in _ALL_AREAS and r.get("window") == "month_on_month"
    ]
    picked.sort(key=lambda r: (-abs(r.get("change") or 0), str(r.get("term"))))
    return [{**r, "change": _change(r.get("change"))} for r in picked[:n]]


def field_gaps(
    gaps: list[dict[str, Any]], postings: list[Any], skills: tuple[str, ...]
) -> tuple[list[dict[str, Any]], int]:
    """Rising terms that are not among the person's skills, kept to their own field:
    terms named by at least two postings that also name one of their skills, and more
    often there than in all postings (their field asks for it more than the market
    does). The whole market rises in nursing and teaching too; a Python and Figma
    profile needs neither.

    One list, one term a row (the areas where it rises together), largest change first;
    returns the rows and how many postings made up the person's field."""
    have = {s.casefold() for s in skills}
    field: list[set[str]] = []
    for p in postings:
        terms = (getattr(p, "requirements", None) or {}).get("terms") or []
        named = {str(t).casefold() for t in terms}
        if named & have:
            field.append(named)
    counts: dict[str, int] = defaultdict(int)
    market: dict[str, int] = defaultdict(int)
    for named in field:
        for t in named:
            counts[t] += 1
    for p in postings:
        for t in {
            str(t).casefold() for t in (getattr(p, "requirements", None) or {}).get("terms") or []
        }:
            market[t] += 1
    best: dict[str, dict[str, Any]] = {}
    for g in gaps:
        term = str(g.get("term", ""))
        n = counts.get(term.casefold(), 0)
        if n < 2 or term.casefold() in have:
            continue
        if n / len(field) <= market[term.casefold()] / len(postings):
            continue  # no more asked for in the person's field than anywhere
        row = best.setdefault(
            term.casefold(),
            {"term": term, "areas": [], "change": 0.0, "field": n / len(field), "count": n},
        )
        row["areas"].append(_area(g.get("area")))
        row["change"] = max(row["change"], float(g.get("change") or 0))
    rows = sorted(best.values(), key=lambda r: (-r["change"], r["term"]))
    # Area names hold commas ("Austin, TX"): a semicolon between them.
    out = [{**r, "change": _change(r["change"]), "areas": "; ".join(r["areas"])} for r in rows]
    return out, len(field)


def skills_vs_demand(
    terms: list[dict[str, Any]], skills: tuple[str, ...], month: str
) -> tuple[list[tuple[str, float]], str]:
    """Each of the person's skills: its share of all areas' postings in the last full month."""
    rows = [r for r in terms if r.get("area") in _ALL_AREAS]
    full = sorted({r["month"] for r in rows if r.get("month") and not r.get("partial")})
    last = full[-1] if full else month
    share = {str(r.get("term", "")).casefold(): r for r in rows if r.get("month") == last}
    bars, table_rows = [], []
    for skill in skills:
        r = share.get(skill.casefold())
        value = float(r["share"]) if r else 0.0
        bars.append((skill, round(value * 100, 1)))
        table_rows.append({"skill": skill, "share": value, "count": r["count"] if r else 0})
    cols = [("skill", "Skill"), ("share", f"Share of postings, {last}"), ("count", "Postings")]
    return bars, table(table_rows, cols, pct=("share",))


def salaries(rows: list[dict[str, Any]]) -> tuple[list[tuple[str, float]], str, str]:
    """Median pay by area (chart and table) and by term (table), per currency and period."""
    by_area = [r for r in rows if r.get("by") == "area"]
    by_term = sorted(
        (r for r in rows if r.get("by") == "term"), key=lambda r: -(r.get("count") or 0)
    )[:15]

    def label(r: dict[str, Any]) -> str:
        return f"{_area(r.get('area'))} ({r.get('currency') or '?'}/{r.get('period') or '?'})"

    bars = [(label(r), float(r["median"])) for r in by_area if r.get("median") is not None]
    cols = [
        ("area", "Area"),
        ("currency", "Currency"),
        ("period", "Per"),
        ("count", "Postings"),
        ("p25", "25th pct"),
        ("median", "Median"),
        ("p75", "75th pct"),
    ]
    area_rows = [{**r, "area": _area(r.get("area"))} for r in by_area]
    term_cols = [("term", "Term")] + cols[1:]
    return bars, table(area_rows, cols), table(by_term, term_cols)


def companies(rows: list[dict[str, Any]]) -> tuple[list[tuple[str, float]], str, list[Any]]:
    """Top companies by postings: chart, table, and monthly cadence lines of the top five."""
    top = sorted(rows, key=lambda r: (-(r.get("postings") or 0), str(r.get("company"))))
    bars = [(str(r.get("company", "")), float(r.get("postings") or 0)) for r in top[:15]]
    cols = [
        ("company", "Company"),
        ("postings", "Postings"),
        ("reposts", "Reposts"),
        ("months_active", "Months active"),
        ("per_month", "Per active month"),
        ("last_month", "Last posted"),
        ("lifetime_median_days", "Median days open"),
        ("areas", "Areas"),
    ]
    lines = [
        charts.Series(
            str(r.get("company", "")),
            tuple(sorted((m, float(n)) for m, n in (r.get("cadence") or {}).items())),
        )
        for r in top[:5]
        if r.get("cadence")
    ]
    return bars, table(top[:COMPANY_ROWS], cols), lines


FLAG_KINDS = {
    "reposted_often": "Listed again and again",
    "always_hiring": "Always hiring",
    "silence": "Gone quiet",
}


# Rows of one kind of flag shown in its folded table; every flag is in FLAGS_CSV. A year of
# a busy market holds thousands, and a page of thousands of rows costs MkDocs seconds.
FLAG_ROWS = 200
FLAGS_CSV = "companies/flags.csv"  # under generated/, beside the Companies page


def flags(rows: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    """Flags by kind: (what the kind means, how many, a table of the first FLAG_ROWS),
    so a hundred alike flags read as one line with their table folded beneath, not as a
    hundred bullets cut short; the rest are in the CSV file the page links to."""
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_kind[str(r.get("kind") or "other")].append(r)
    order = [*FLAG_KINDS, *sorted(k for k in by_kind if k not in FLAG_KINDS)]
    cols = [("company", "Company"), ("title", "Title"), ("location", "Place"), ("detail", "What")]
    out = []
    for kind in order:
        if kind not in by_kind:
            continue
        label = FLAG_KINDS.get(kind, kind.replace("_", " ").capitalize())
        shown = [{**r, "detail": r.get("detail") or r.get("kind")} for r in by_kind[kind]]
        tbl = table(shown[:FLAG_ROWS], cols, label=f"Flags: {label}")
        out.append((label, len(shown), tbl))
    return out


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def flags_csv(rows: list[dict[str, Any]]) -> str:
    """Every flag as CSV, for a spreadsheet. Feed text is untrusted: a cell a spreadsheet
    would run as a formula (=, +, -, @) is written with a leading apostrophe."""
    import csv
    import io

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return "'" + text if text.startswith(_FORMULA) else text

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["kind", "company", "title", "place", "what"])
    for r in rows:
        kind = str(r.get("kind") or "other")
        w.writerow([cell(kind), cell(r.get("company")), cell(r.get("title")),
                    cell(r.get("location")), cell(r.get("detail") or kind)])  # fmt: skip
    return out.getvalue()
