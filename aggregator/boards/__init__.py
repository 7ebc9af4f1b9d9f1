"""Board profiles: one small module per board shape, and the registry that picks one.

RSS/Atom profiles split company, title and location out of entries
(`Company: Role`, `Role at Company`, NEOGOV's channel-title employer, ...).
JSON kinds (greenhouse, lever, ...) map a board's API response to postings.
"""

from __future__ import annotations

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
}

_API_URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{board}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true",
    "remoteok": "https://remoteok.com/api",
    "remotive": "https://remotive.com/api/remote-jobs",
    "himalayas": "https://himalayas.app/jobs/api",
    "jobicy": "https://jobicy.com/api/v2/remote-jobs",
}


def default_url(kind: str, board: str | None) -> str | None:
    """The API address a kind derives from its board name; an explicit `url` overrides it."""
    template = _API_URLS.get(kind)
    if template is None or ("{board}" in template and not board):
        return None
    return template.format(board=board or "")
