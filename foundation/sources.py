"""The catalogue of sources a feed can be: its kinds, the board profiles it may force,
and the API address a kind derives from a board name.

Plain data, so the configuration can check a feed without importing the market watch;
`aggregator.boards` maps each name here to the module that reads it (and a test keeps
the two lists equal).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
# The one place Workday addresses are read: the configuration, `feeds add` and the reader.
_WORKDAY_API = re.compile(r"^(?P<root>https?://[^/?#]+)/wday/cxs/(?P<tenant>[^/?#]+)/"
                          r"(?P<site>[^/?#]+)(?:/jobs)?/?(?:[?#].*)?$")  # fmt: skip
_WORKDAY_SITE = re.compile(
    r"^(?P<root>https?://(?P<tenant>[a-z0-9-]+)\.(?:wd\d+\.)?myworkdayjobs\.com(?::\d+)?)"
    r"/(?:(?P<locale>[a-z]{2}(?:-[a-z]{2})?)/)?(?P<site>[^/?#]+)",
    re.IGNORECASE,
)
# A path segment that is a language ("en-US", "fr"), never a site's name.
_LOCALE = re.compile(r"[a-z]{2}-[a-z]{2}|[a-z]{2}", re.IGNORECASE)
_NOT_SITES = ("wday", "job", "details")


@dataclass(frozen=True, slots=True)
class WorkdaySite:
    """A Workday career site: `root` is scheme://host[:port]; `locale` as the address had
    it (None for the API address or a site page without one)."""

    root: str
    tenant: str
    site: str
    locale: str | None = None

    @property
    def api(self) -> str:
        """The listing API address (POST), which also identifies the board."""
        return f"{self.root}/wday/cxs/{self.tenant}/{self.site}/jobs"

    @property
    def page(self) -> str:
        """The career site's address as a person copies it, locale kept."""
        return f"{self.root}/{self.locale}/{self.site}" if self.locale else self.public

    @property
    def public(self) -> str:
        """The site's address without a locale: job pages are read under it."""
        return f"{self.root}/{self.site}"


def workday_site(url: str) -> WorkdaySite | None:
    """The Workday career site an address names, or None if `url` is neither a career site
    on myworkdayjobs.com (with a site's name: a locale alone is none) nor its listing API."""
    url = url.strip()
    if m := _WORKDAY_API.match(url):
        if m.group("site").lower() in _NOT_SITES:
            return None
        return WorkdaySite(m.group("root"), m.group("tenant"), m.group("site"))
    m = _WORKDAY_SITE.match(url)
    if not m:
        return None
    site, locale = m.group("site"), m.group("locale")
    if site.lower() in _NOT_SITES or (locale is None and _LOCALE.fullmatch(site)):
        return None
    # Its host names the tenant, in any case; the locale keeps the way Workday writes it.
    if locale and "-" in locale:
        lang, region = locale.split("-")
        locale = f"{lang.lower()}-{region.upper()}"
    return WorkdaySite(m.group("root").lower(), m.group("tenant").lower(), site, locale)


def workday_api(url: str) -> str | None:
    """The listing API address of a Workday career site, or None if `url` is neither a
    career site on myworkdayjobs.com nor that API address."""
    site = workday_site(url)
    return site.api if site else None
