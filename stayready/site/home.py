"""The front doors' numbers: what is new in each published section, in a few lines.

One plain dict for `overview.md.j2`; a section the edition does not publish is None,
so the page names nothing of it (someone who must not look like they are leaving can
still say nothing of the market).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from stayready.site import figures
from stayready.site.data import Entry, SiteData

TOP = 3


def overview(
    data: SiteData,
    sections: Collection[str],
    public_entries: list[Entry],
    *,
    entry_name: Callable[[Entry], str],
) -> dict[str, Any]:
    t = data.trends or {}
    out: dict[str, Any] = {
        "jobs": None,
        "rising": None,
        "companies": None,
        "health": None,
        "journal": None,
    }
    if "jobs" in sections:
        current, new = data.current(), data.new_postings()
        out["jobs"] = {
            "new": len(new),
            "open": len(current),
            "areas": len({p.area or "Elsewhere" for p in current}),
            "top": [{"title": p.title, "company": p.company} for p in new[:TOP]],
        }
    if "trends" in sections:
        out["rising"] = figures.top_movers(t.get("rising") or [], TOP)
    if "companies" in sections:
        rows = sorted(
            t.get("companies") or [],
            key=lambda r: (-(r.get("postings") or 0), str(r.get("company"))),
        )
        out["companies"] = [
            {"company": str(r.get("company", "")), "postings": r.get("postings") or 0}
            for r in rows[:TOP]
        ]
    if "health" in sections:
        feeds = [f for f in data.feeds if not f.removed]
        out["health"] = {
            "total": len(feeds),
            "ok": sum(1 for f in feeds if f.ok),
            "failing": sum(1 for f in feeds if f.ok is False),
        }
    if "journal" in sections:
        latest = sorted(public_entries, key=lambda e: e.date, reverse=True)[:TOP]
        out["journal"] = [{"title": e.title, "file": entry_name(e)} for e in latest]
    out["any"] = any(v is not None for v in out.values())
    return out
