"""Board profiles: one small module per board shape, and the registry that picks one.

RSS/Atom profiles split company, title and location out of entries
(`Company: Role`, `Role at Company`, NEOGOV's channel-title employer, ...).
JSON kinds (greenhouse, lever, ...) map a board's API response to postings; XML kinds
(personio) read the body themselves, with a parser safe against entity expansion.
"""

from __future__ import annotations

from foundation.sources import default_url

__all__ = ["JSON_KINDS", "PROFILES", "XML_KINDS", "default_url"]

# profile name -> module under aggregator.boards. Imported only when used.
PROFILES: dict[str, str] = {
    "generic": "aggregator.boards.generic",
    "weworkremotely": "aggregator.boards.weworkremotely",
    "neogov": "aggregator.boards.neogov",
    "craigslist": "aggregator.boards.craigslist",
    "hackernews": "aggregator.boards.hackernews",
    "pythonorg": "aggregator.boards.pythonorg",
}

# source kind -> module that maps its JSON to postings.
JSON_KINDS: dict[str, str] = {
    "jsonfeed": "aggregator.boards.jsonfeed",
    "greenhouse": "aggregator.boards.greenhouse",
    "lever": "aggregator.boards.lever",
    "ashby": "aggregator.boards.ashby",
    "remoteok": "aggregator.boards.remoteok",
    "remotive": "aggregator.boards.remotive",
    "himalayas": "aggregator.boards.himalayas",
    "jobicy": "aggregator.boards.jobicy",
    "workable": "aggregator.boards.workable",
    "recruitee": "aggregator.boards.recruitee",
    "smartrecruiters": "aggregator.boards.smartrecruiters",
    # Read page by page (foundation.sources.PAGED_KINDS): each module has a `Pager` too.
    "workday": "aggregator.boards.workday",
}

# source kind -> module whose parse(feed, body, now) reads the board's XML answer.
XML_KINDS: dict[str, str] = {
    "personio": "aggregator.boards.personio",
}
