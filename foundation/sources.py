"""The catalogue of sources a feed can be: its kinds, the board profiles it may force,
and the API address a kind derives from a board name.

Plain data, so the configuration can check a feed without importing the market watch;
`aggregator.boards` maps each name here to the module that reads it (and a test keeps
the two lists equal).
"""

from __future__ import annotations

SOURCE_KINDS = (
    "rss",  # RSS 0.9x/1.0/2.0 and Atom: the default
    "jsonfeed",
    "greenhouse",
    "lever",
    "ashby",
    "remoteok",
    "remotive",
    "himalayas",
    "jobicy",
    "workable",
    "recruitee",
    "personio",
    "smartrecruiters",
)
# Kinds that show a company's whole board: a posting that disappears has really closed.
WHOLE_BOARD_KINDS = frozenset(
    {"greenhouse", "lever", "ashby", "workable", "recruitee", "personio", "smartrecruiters"}
)

# RSS/Atom board profiles, in the order they are tried; "generic" is the fallback.
BOARD_PROFILES = (
    "generic",
    "weworkremotely",
    "neogov",
    "craigslist",
    "hackernews",
    "pythonorg",
)

API_URLS = {
    "greenhouse": "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true",
    "lever": "https://api.lever.co/v0/postings/{board}?mode=json",
    "ashby": "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true",
    "remoteok": "https://remoteok.com/api",
    "remotive": "https://remotive.com/api/remote-jobs",
    "himalayas": "https://himalayas.app/jobs/api",
    "jobicy": "https://jobicy.com/api/v2/remote-jobs",
    "workable": "https://apply.workable.com/api/v1/widget/accounts/{board}",
    "recruitee": "https://{board}.recruitee.com/api/offers/",
    "personio": "https://{board}.jobs.personio.de/xml",
    # One page of up to 100: a bigger board is read short and closes nothing that night.
    "smartrecruiters": "https://api.smartrecruiters.com/v1/companies/{board}/postings?limit=100",
}


def needs_board(kind: str) -> bool:
    """Whether a kind's API address is made from a board name (a company's own board)."""
    return "{board}" in API_URLS.get(kind, "")


def default_url(kind: str, board: str | None) -> str | None:
    """The API address a kind derives from its board name; an explicit `url` overrides it."""
    template = API_URLS.get(kind)
    if template is None or ("{board}" in template and not board):
        return None
    return template.format(board=board or "")
