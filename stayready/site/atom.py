"""Atom feeds written as files: new postings (Jobs) and public journal entries.

Written by hand rather than by a plugin so that any site generator copies them as
they are; every value is escaped and posting links are http(s) only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from foundation.clock import iso
from stayready.site.safety import url as safe_url
from stayready.site.safety import xml

if TYPE_CHECKING:
    from stayready.site.data import Entry, SiteData


def _site_link(data: SiteData, path: str) -> str:
    base = data.config.site.base_url
    return (base.rstrip("/") + "/" + path) if base else path


def _feed(data: SiteData, title: str, self_path: str, page_path: str, entries: list[str]) -> str:
    author = data.config.site.author or data.config.site.title
    head = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{xml(title)}</title>",
        f"<id>urn:stayready:{xml(self_path)}</id>",
        f"<updated>{iso(data.now)}</updated>",
        f'<link rel="alternate" href="{xml(_site_link(data, page_path))}"/>',
        f"<author><name>{xml(author)}</name></author>",
        # No uri: the name `stayready` on PyPI is an unrelated project.
        "<generator>Stay Ready</generator>",
    ]
    return "\n".join(head + entries + ["</feed>"]) + "\n"


def jobs_feed(data: SiteData, postings: Sequence[Any]) -> str:
    """New postings, newest first; a reader keys them by the posting's stable id."""
    items = []
    for p in postings:
        href = safe_url(p.url)
        when = p.first_seen or p.published or iso(data.now)
        summary = " · ".join(x for x in (p.company, p.location, p.area or "", p.feed) if x)
        items.append(
            "<entry>"
            f"<id>urn:stayready:posting:{xml(p.id)}</id>"
            f"<title>{xml(p.title, 200)} at {xml(p.company, 100)}</title>"
            + (f'<link rel="alternate" href="{xml(href)}"/>' if href else "")
            + f"<updated>{xml(when)}</updated>"
            + (f"<published>{xml(p.published)}</published>" if p.published else "")
            + f'<summary type="text">{xml(summary, 300)}</summary>'
            "</entry>"
        )
    title = f"{data.config.site.title}: new postings"
    return _feed(data, title, "generated/jobs/feed.xml", "generated/jobs/", items)


def journal_feed(data: SiteData, entries: Sequence[Entry]) -> str:
    """Public journal entries as an Atom feed (the blog's feed, without a plugin)."""
    import markdown

    from stayready.site.prose import readable

    names = data.contact_names(public=True)  # the journal feed is public, as the posts
    items = []
    for e in sorted(entries, key=lambda e: e.date, reverse=True)[:50]:
        stamp = e.date.isoformat() + "T00:00:00Z"
        text = readable(e.body, names).strip()
        text = text if len(text) < 4000 else text[:4000] + "…"
        # As the post page shows it: markdown made HTML, so a reader keeps paragraphs
        # and lists instead of running the raw lines together.
        body = markdown.markdown(text, extensions=["tables"], output_format="html")
        items.append(
            "<entry>"
            f"<id>urn:stayready:journal:{xml(e.date.isoformat())}:{xml(e.slug or e.title)}</id>"
            f"<title>{xml(e.title)}</title>"
            f"<updated>{stamp}</updated><published>{stamp}</published>"
            f'<content type="html">{xml(body)}</content>'
            "</entry>"
        )
    title = f"{data.config.site.title}: journal"
    return _feed(data, title, "generated/journal/feed.xml", "generated/journal/", items)
