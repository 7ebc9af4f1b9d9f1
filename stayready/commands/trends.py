"""`stayready trends`: the headline tables of the requirement and rehiring trends, or --json."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from stayready.commands import load

TOP_TERMS = 15
TOP_CHANGES = 10
TOP_COMPANIES = 15


def trends(args: argparse.Namespace) -> int:
    config = load(args)
    from aggregator.companies import CompanyNames
    from aggregator.trends.parallel import trends_from_store
    from foundation import clock

    problems: list[str] = []
    areas = sorted({f.area for f in config.feeds if f.area})
    report = trends_from_store(
        config.data_dir,
        now=clock.now(),
        skills=config.profile.skills,
        areas=areas or None,
        problems=problems,
        cache_dir=config.cache_dir,
        names=CompanyNames(config.companies.aliases),
    )
    for problem in problems[:5]:
        print(f"stayready trends: warning: {problem}", file=sys.stderr)
    if len(problems) > 5:
        print(f"stayready trends: warning: {len(problems) - 5} more lines skipped",
              file=sys.stderr)  # fmt: skip
    if getattr(args, "json", False):
        # Indented for a person at a terminal; compact (C encoder, 10x faster on a
        # million-posting history) when piped to a program or a file.
        indent = 1 if sys.stdout.isatty() else None
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False, indent=indent))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(headline(report.to_json()))
    return 0


def _table(headers: Sequence[str], rows: list[Sequence[Any]]) -> list[str]:
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    out = []
    for r in cells:
        pairs = enumerate(zip(r, widths, strict=True))
        parts = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs]
        out.append("  " + "  ".join(parts).rstrip())
    return out


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _pts(x: float) -> str:
    return f"{x * 100:+.1f} pt"


def headline(doc: dict[str, Any]) -> str:
    """The plain-text summary printed by `stayready trends`."""
    h = doc["history"]
    lines = [f"Trends as of {doc['month']} (this month is partial): {h['postings']:,} postings"
             f" from {h['first_month'] or '-'} to {h['last_month'] or '-'};"
             f" {h['duplicates']:,} cross-feed duplicates counted once."]  # fmt: skip
    if not h["postings"]:
        lines.append("No postings yet: run `stayready fetch` first.")
        return "\n".join(lines) + "\n"
    months = sorted({r["month"] for r in doc["terms"] if not r["partial"]})
    if months:
        last = months[-1]
        rows = sorted((r for r in doc["terms"] if r["month"] == last and r["area"] is None),
                      key=lambda r: (-r["count"], r["term"]))[:TOP_TERMS]  # fmt: skip
        lines += ["", f"Most asked for in {last} (all areas)"]
        lines += _table(["term", "share", "postings"],
                        [(r["term"], _pct(r["share"]), r["count"]) for r in rows])  # fmt: skip
    elif h["first_month"] == doc["month"]:
        # Shares are read over whole months: the current one is still filling.
        lines += ["", f"Terms: no whole month yet ({doc['month']} is under way); shares, "
                  "rising and falling appear once a month has ended."]  # fmt: skip
    else:
        lines += ["", "Terms: none of the taxonomy's terms in the whole months so far."]
    for name, title in (("rising", "Rising"), ("falling", "Falling")):
        recs = [r for r in doc[name] if r["area"] is None and r["window"] == "month_on_month"]
        if recs:
            lines += ["", f"{title}, {recs[0]['from_month']} to {recs[0]['to_month']} "
                      f"(all areas, at least {doc['min_count']} mentions)"]  # fmt: skip
            lines += _table(["term", "from", "to", "change"],
                            [(r["term"], _pct(r["from_share"]), _pct(r["to_share"]),
                              _pts(r["change"])) for r in recs[:TOP_CHANGES]])  # fmt: skip
    if doc["new_terms"]:
        lines += ["", "New terms"]
        lines += _table(["term", "area", "since", "mentions"],
                        [(r["term"], r["area"] or "all", r["first_month"], r["count"])
                         for r in doc["new_terms"][:TOP_CHANGES]])  # fmt: skip
    if doc["skills_gap"]:
        lines += ["", "In demand in your areas, not in your profile"]
        lines += _table(["term", "area", "share", "change"],
                        [(g["term"], g["area"] or "all", _pct(g["to_share"]), _pts(g["change"]))
                         for g in doc["skills_gap"][:TOP_CHANGES]])  # fmt: skip
    pay = [s for s in doc["salaries"] if s["by"] == "area"]
    if pay:
        # The window is the last twelve months, but no figure is older than the history.
        since = max(pay[0]["from_month"], h["first_month"] or pay[0]["from_month"])
        lines += ["", f"Salaries, {since} to {pay[0]['to_month']}"]
        lines += _table(["area", "currency", "per", "median", "middle half", "postings"],
                        [(s["area"] or "all", s["currency"] or "?", s["period"],
                          f"{s['median']:,.0f}", f"{s['p25']:,.0f}-{s['p75']:,.0f}", s["count"])
                         for s in pay])  # fmt: skip
    lines += ["", "Companies posting most"]
    lines += _table(["company", "postings", "reposts", "months", "roles"],
                    [(c["company"], c["postings"], c["reposts"], c["months_active"], c["roles"])
                     for c in doc["companies"][:TOP_COMPANIES]])  # fmt: skip
    if doc["flags"]:
        lines += ["", f"Flags ({len(doc['flags'])})"]
        for f in doc["flags"][:TOP_COMPANIES]:
            role = f" - {f['title']}, {f['location'] or 'no place'}" if f["title"] else ""
            lines.append(f"  {f['kind']}: {f['company']}{role}: {f['detail']}")
        if len(doc["flags"]) > TOP_COMPANIES:
            lines.append(f"  ... and {len(doc['flags']) - TOP_COMPANIES} more on the site's "
                         "Companies page (stayready build)")  # fmt: skip
    return "\n".join(lines) + "\n"
