"""The Jobs pages (new since the last run, one page per area, an Atom feed of new postings)
and, in the private edition, the Applications page: what the person marked, by state.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from stayready.site import figures
from stayready.site.data import SiteData, slug
from stayready.site.rendered import GENERATED, Rendered

NEW_LIMIT = 300  # rows in "new since the last run"; the area pages list them all
FEED_LIMIT = 100  # entries in the Atom feed of new postings
# Rows per area page: a person reads the newest; a page of tens of thousands of rows
# would only slow the build, the search index and the browser.
AREA_LIMIT = 1000


def jobs(data: SiteData, write: Any, result: Rendered, *, private: bool = False) -> None:
    from stayready.site import atom

    current = data.current()
    new = data.new_postings()
    if private:
        # Postings marked hidden leave the person's own job lists. The public edition
        # never reads the notebook's marks: it lists what the boards list.
        hidden = data.hidden_ids()
        current = [p for p in current if p.id not in hidden]
        new = [p for p in new if p.id not in hidden]
    areas: dict[str, list[Any]] = defaultdict(list)
    for p in current:
        areas[p.area or "Elsewhere"].append(p)
    area_pages = []
    for area in sorted(areas, key=str.casefold):
        rows = sorted(areas[area], key=lambda p: p.published or p.first_seen or "", reverse=True)
        name = slug(area)
        write(
            f"jobs/{name}.md",
            "jobs_area.md.j2",
            area=area,
            count=len(rows),
            table=figures.posting_table(rows[:AREA_LIMIT], ids=private),
            limit=AREA_LIMIT,
        )
        area_pages.append({"area": area, "file": f"{name}.md", "count": len(rows)})
    write(
        "jobs/index.md",
        "jobs_index.md.j2",
        new_table=figures.posting_table(new[:NEW_LIMIT], ids=private),
        new_count=len(new),
        areas=area_pages,
        last_run=data.last_run(),
        limit=NEW_LIMIT,
    )
    recent = sorted(current, key=lambda p: p.first_seen or "", reverse=True)[:FEED_LIMIT]
    write("jobs/feed.xml", None, atom.jobs_feed(data, recent))
    result.nav.append(
        {
            "Jobs": [{"New": f"{GENERATED}/jobs/index.md"}]
            + [{a["area"]: f"{GENERATED}/jobs/{a['file']}"} for a in area_pages]
        }
    )
    shown = [
        p
        for ps in areas.values()
        for p in sorted(ps, key=lambda p: p.published or p.first_seen or "", reverse=True)[
            :AREA_LIMIT
        ]
    ]
    for p in {id(p): p for p in shown + new[:NEW_LIMIT] + recent}.values():
        result.posting_texts += [
            p.title,
            p.company,
            p.location,
            p.url,
            p.feed,
            figures.requirements_text(p.requirements or {}),
        ]


def applications(data: SiteData, write: Any, result: Rendered) -> None:
    """The private Applications page: every marked posting but the hidden, by state."""
    by_id = {p.id: p for p in data.postings}
    groups = []
    for state in figures.APPLICATION_ORDER:
        apps = sorted(
            (a for a in data.applications.values() if a.state == state),
            key=lambda a: a.updated or "",
            reverse=True,
        )
        if apps:
            groups.append(
                (state, figures.application_table(apps, by_id, f"Postings marked {state}"))
            )
    write(
        "applications.md",
        "applications.md.j2",
        groups=groups,
        hidden=len(data.hidden_ids()),
    )
    result.nav.append({"Applications": f"{GENERATED}/applications.md"})
