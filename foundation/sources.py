"""The catalogue of sources a feed can be: its kinds, the board profiles it may force,
and the API address a kind derives from a board name.

Plain data, so the configuration can check a feed without importing the market watch;
`aggregator.boards` maps each name here to the module that reads it (and a test keeps
the two lists equal).
"""

from __future__ import annotations

import re

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
    "workday",
)
# Kinds that show a company's whole board: a posting that disappears has really closed.
WHOLE_BOARD_KINDS = frozenset(
    {"greenhouse", "lever", "ashby", "workable", "recruitee", "personio", "smartrecruiters",
     "workday"}
)  # fmt: skip
# Kinds read page by page (aggregator/paging.py): a read that stops short closes nothing.
PAGED_KINDS = frozenset({"smartrecruiters", "workday"})
# Fields a posting's own page owns (asked once; aggregator/paging.py): once read, a night
# that does not ask the page again keeps the stored values, whatever the listing's thinner
# version says ("Madison, WI" for three places); before, an empty field is no change.
DETAIL_FIELDS = {
    "workday": ("location", "locations", "description", "work_mode", "employment_type"),
}

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
    # Read 100 a page (offset/limit) up to its totalFound: aggregator/paging.py.
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


# A Workday career site as a person copies it (https://acme.wd5.myworkdayjobs.com/en-US/
# Careers, a job page under it), or its listing API (/wday/cxs/TENANT/SITE/jobs) itself.
_WORKDAY_API = re.compile(r"^(?P<root>https?://[^/?#]+)/wday/cxs/(?P<tenant>[^/?#]+)/"
                          r"(?P<site>[^/?#]+)(?:/jobs)?/?(?:[?#].*)?$")  # fmt: skip
_WORKDAY_SITE = re.compile(
    r"^(?P<root>https?://(?P<tenant>[a-z0-9-]+)\.(?:wd\d+\.)?myworkdayjobs\.com)"
    r"(?::\d+)?/(?:[a-z]{2}(?:-[A-Za-z]{2})?/)?(?P<site>[^/?#]+)",
    re.IGNORECASE,
)


def workday_api(url: str) -> str | None:
    """The listing API address of a Workday career site, or None if `url` is neither a
    career site on myworkdayjobs.com nor that API address."""
    url = url.strip()
    m = _WORKDAY_API.match(url) or _WORKDAY_SITE.match(url)
    if not m or m.group("site").lower() in ("wday", "job", "details"):
        return None
    site = m.re is _WORKDAY_SITE  # its host names the tenant, in any case
    root = m.group("root").lower() if site else m.group("root")
    tenant = m.group("tenant").lower() if site else m.group("tenant")
    return f"{root}/wday/cxs/{tenant}/{m.group('site')}/jobs"
