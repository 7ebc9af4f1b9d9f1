"""Render the made-up market as the boards really send it: RSS shaped like We Work Remotely,
NEOGOV and Hacker News, a generic "Role at Company" feed, Greenhouse and Lever JSON, and a
Workday career site (its listing, paged by the server, and each job's own page).

`feeds_for_day` returns each demo feed's body for one day; `DEMO_FEEDS` says which
listings each feed carries and how it is configured.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from xml.sax.saxutils import escape

from stayready.demo.market import Listing, live


def _when(day: date, key: str) -> datetime:
    return datetime.combine(day, time(8 + int(key) % 9, int(key) % 60), tzinfo=UTC)


def _rss(title: str, link: str, items: list[str], ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"{ns}><channel>'
        f"<title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<description>{escape(title)}</description>{''.join(items)}</channel></rss>\n"
    ).encode()


def wwr(listings: list[Listing], base: str) -> bytes:
    items = [
        f"<item><title>{escape(f'{li.company}: {li.title}')}</title>"
        f"<region>{escape(li.location)}</region><country></country><state></state>"
        f"<skills>{escape(', '.join(li.skills))}</skills><type>Full-Time</type>"
        f"<description>{escape(li.description())}</description>"
        f"<pubDate>{format_datetime(_when(li.start, li.key))}</pubDate>"
        f"<guid>{base}/remote-jobs/{li.key}</guid>"
        f"<link>{base}/remote-jobs/{li.key}?utm_source=rss&amp;utm_medium=feed</link></item>"
        for li in listings
    ]
    return _rss("We Work Remotely: Remote jobs in programming and design", base, items)


def neogov(employer: str, listings: list[Listing], base: str) -> bytes:
    ns = ' xmlns:joblisting="http://www.neogov.com/namespaces/JobListing"'
    items = []
    for li in listings:
        lo, hi = (
            (f"{li.salary[0] * 1000:.2f}", f"{li.salary[1] * 1000:.2f}")
            if li.salary
            else ("Not Displayed", "")
        )
        items.append(
            f"<item><title>{escape(li.title)}</title>"
            f"<link>{base}/default.cfm?action=viewjob&amp;jobid={li.key}</link>"
            f"<pubDate>{_when(li.start, li.key):%Y-%m-%d %H:%M:%S}.19</pubDate>"
            f"<description>{escape(li.description())}</description>"
            f"<guid>{base}/jobs/{li.key}</guid>"
            f"<joblisting:location>{escape(li.location)}</joblisting:location>"
            f"<joblisting:department>{escape(li.field.title())}</joblisting:department>"
            f"<joblisting:minimumSalary>{lo}</joblisting:minimumSalary>"
            f"<joblisting:maximumSalary>{hi}</joblisting:maximumSalary>"
            f"<joblisting:salaryCurrency>USD</joblisting:salaryCurrency>"
            f"<joblisting:salaryInterval>Year</joblisting:salaryInterval></item>"
        )
    return _rss(employer, base, items, ns)


def hackernews(listings: list[Listing], base: str) -> bytes:
    items = []
    for li in listings:
        pay = f" | ${li.salary[0]}k-{li.salary[1]}k" if li.salary else ""
        mode = " | REMOTE" if li.mode == "remote" else f" | {li.mode.upper()}"
        items.append(
            f"<item><title>{escape(f'{li.company} | {li.title} | {li.location}{mode}{pay}')}"
            f"</title><link>{base}/item?id=4{li.key}</link>"
            f"<description>{escape(li.description())}</description>"
            f"<pubDate>{format_datetime(_when(li.start, li.key))}</pubDate></item>"
        )
    return _rss("Hacker News: Who is hiring?", base, items)


def generic(title: str, listings: list[Listing], base: str) -> bytes:
    items = [
        f"<item><title>{escape(f'{li.title} at {li.company}')}</title>"
        f"<link>{base}/job/{li.key}?fbclid=abc123</link><guid>{base}/job/{li.key}</guid>"
        f"<description>{escape(li.description())}</description>"
        f"<location>{escape(li.location)}</location>"
        f"<pubDate>{format_datetime(_when(li.start, li.key))}</pubDate></item>"
        for li in listings
    ]
    return _rss(title, base, items)


def greenhouse(company: str, listings: list[Listing], base: str) -> bytes:
    jobs = [
        {
            "id": int(li.key) + 4000000,
            "title": li.title,
            "company_name": company,
            "absolute_url": f"{base}/jobs/{int(li.key) + 4000000}?gh_jid={int(li.key) + 4000000}",
            "location": {"name": li.location},
            "first_published": _when(li.start, li.key).isoformat(),
            "updated_at": _when(li.start, li.key).isoformat(),
            # Greenhouse escapes its HTML once more inside JSON.
            "content": html.escape(li.description()),
            "departments": [{"id": 1, "name": li.field.title()}],
            "offices": [{"id": 2, "name": li.location, "location": li.location}],
        }
        for li in listings
    ]
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()


def lever(listings: list[Listing], base: str) -> bytes:
    jobs = []
    for li in listings:
        job = {
            "id": f"00000000-0000-4000-8000-0000000{li.key}",
            "text": li.title,
            "hostedUrl": f"{base}/00000000-0000-4000-8000-0000000{li.key}",
            "createdAt": int(_when(li.start, li.key).timestamp() * 1000),
            "categories": {
                "commitment": "Full-time",
                "location": li.location,
                "team": li.field.title(),
                "allLocations": [li.location],
            },
            "workplaceType": {"onsite": "on-site"}.get(li.mode, li.mode),
            "description": li.description(),
            "descriptionPlain": html.unescape(li.description()),
        }
        if li.salary:
            job["salaryRange"] = {
                "interval": "per-year-salary",
                "currency": "USD",
                "min": li.salary[0] * 1000,
                "max": li.salary[1] * 1000,
            }
        jobs.append(job)
    return json.dumps(jobs).encode()


WORKDAY_API = "/wday/cxs/stbrigid/Careers"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def _workday_path(li: Listing) -> str:
    return f"/job/{_slug(li.location)}/{_slug(li.title)}_R-{li.key}"


def _posted_on(li: Listing, day: date) -> str:
    days = (day - li.start).days
    if days <= 0:
        return "Posted Today"
    if days == 1:
        return "Posted Yesterday"
    return "Posted 30+ Days Ago" if days > 30 else f"Posted {days} Days Ago"


def workday(listings: list[Listing], day: date) -> bytes:
    """The whole listing of a Workday site on `day`; the demo server pages it."""
    jobs = [{"title": li.title, "externalPath": _workday_path(li), "locationsText": li.location,
             "postedOn": _posted_on(li, day), "bulletFields": [f"R-{li.key}"]}
            for li in listings]  # fmt: skip
    return json.dumps({"total": len(jobs), "jobPostings": jobs}).encode()


def workday_jobs(listings: list[Listing], site: str) -> dict[str, bytes]:
    """Each job's own page (GET .../job/PATH), by path."""
    pages = {}
    for li in listings:
        remote = {"remote": "Fully Remote", "hybrid": "Hybrid", "onsite": "On-site"}[li.mode]
        info = {"title": li.title, "jobDescription": li.description(), "location": li.location,
                "startDate": li.start.isoformat(), "timeType": "Full time",
                "remoteType": remote, "jobReqId": f"R-{li.key}",
                "externalUrl": f"{site}/Careers{_workday_path(li)}"}  # fmt: skip
        body = {"jobPostingInfo": info, "hiringOrganization": {"name": li.company}}
        pages[WORKDAY_API + _workday_path(li)] = json.dumps(body).encode()
    return pages


@dataclass(frozen=True)
class DemoFeed:
    """One demo feed: its config entry and the listings it carries."""

    path: str
    config: dict[str, str]
    content_type: str
    render: Callable[[list[Listing], str], bytes]
    carries: Callable[[Listing], bool]
    # A "latest N" feed shows only its newest items; None: the whole board.
    limit: int | None = None

    def shows(self, showing: list[Listing]) -> list[Listing]:
        """What this feed lists, given everything live (newest first)."""
        return [li for li in showing if self.carries(li)][: self.limit]


_WHOLE = {"Lumen Health Partners", "Ostara Robotics", "State of Michigan", "City of Austin",
          "St. Brigid Medical Center"}  # fmt: skip

DEMO_FEEDS: list[DemoFeed] = [
    DemoFeed(
        "/wwr/remote-programming-jobs.rss",
        {"name": "We Work Remotely - Remote jobs", "area": "Remote"},
        "application/rss+xml",
        wwr,
        lambda li: li.area == "Remote" and li.company not in _WHOLE,
        limit=40,
    ),
    DemoFeed(
        "/hn/whoishiring.rss",
        {"name": "Hacker News - Who is hiring"},
        "application/rss+xml",
        hackernews,
        lambda li: li.field == "software" and li.company not in _WHOLE,
        limit=30,
    ),
    DemoFeed(
        "/michigan/default.cfm?format=xml",
        {"name": "State of Michigan", "area": "Michigan"},
        "application/rss+xml",
        lambda ls, b: neogov("State of Michigan, MI", ls, b),
        lambda li: li.company == "State of Michigan",
    ),
    DemoFeed(
        "/austintx/jobs.rss",
        {"name": "City of Austin", "area": "Austin, TX"},
        "application/rss+xml",
        lambda ls, b: neogov("City of Austin, TX", ls, b),
        lambda li: li.company == "City of Austin",
    ),
    DemoFeed(
        "/local/chicago.rss",
        {"name": "Chicago jobs board", "area": "Chicago, IL"},
        "application/rss+xml",
        lambda ls, b: generic("Chicago jobs: health, education, public service", ls, b),
        lambda li: li.area == "Chicago, IL" and li.field != "software" and li.company not in _WHOLE,
        limit=50,
    ),
    DemoFeed(
        "/local/austin.rss",
        {"name": "Austin jobs board", "area": "Austin, TX"},
        "application/rss+xml",
        lambda ls, b: generic("Austin area jobs", ls, b),
        lambda li: li.area == "Austin, TX" and li.field != "software" and li.company not in _WHOLE,
        limit=50,
    ),
    DemoFeed(
        "/local/michigan.rss",
        {"name": "Michigan jobs board", "area": "Michigan"},
        "application/rss+xml",
        lambda ls, b: generic("Michigan jobs", ls, b),
        lambda li: li.area == "Michigan" and li.field != "software" and li.company not in _WHOLE,
        limit=50,
    ),
    DemoFeed(
        "/greenhouse/lumen",
        {
            "name": "Lumen Health Partners",
            "kind": "greenhouse",
            "board": "lumenhealth",
            "area": "Chicago, IL",
        },
        "application/json",
        lambda ls, b: greenhouse("Lumen Health Partners", ls, b),
        lambda li: li.company == "Lumen Health Partners",
    ),
    DemoFeed(
        "/lever/ostara",
        {"name": "Ostara Robotics", "kind": "lever", "board": "ostara", "area": "Austin, TX"},
        "application/json",
        lever,
        lambda li: li.company == "Ostara Robotics",
    ),
    DemoFeed(
        f"{WORKDAY_API}/jobs",
        {"name": "St. Brigid Medical Center", "kind": "workday", "area": "Michigan"},
        "application/json",
        lambda ls, b: b"",  # by day: feeds_for_day renders it (its dates are relative)
        lambda li: li.company == "St. Brigid Medical Center",
    ),
]


# Links inside the demo's postings point at a reserved example domain, not at the
# loopback server, so the demo site's links are plainly made up.
LINK_BASE = "https://jobs.example.com"


def feeds_for_day(listings: list[Listing], day: date, base: str = LINK_BASE) -> dict[str, bytes]:
    """Each demo feed's body as the board would send it on `day`."""
    showing = live(listings, day)
    bodies = {f.path: f.render(f.shows(showing), base + f.path.split("?")[0]) for f in DEMO_FEEDS}
    brigid = DEMO_FEEDS[-1]
    bodies[brigid.path] = workday(brigid.shows(showing), day)
    return {**bodies, **workday_jobs(brigid.shows(showing), base)}
