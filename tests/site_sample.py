"""Demo-like site data made in memory, for the tests of the site (pages, privacy, feeds).

Deterministic for a given seed; sized by days of history and postings per day.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path

from foundation.clock import iso
from foundation.config import Config
from stayready.site.data import Contact, Entry, FeedRow, SiteData

COMPANIES = [
    "Acme Analytics",
    "Northwind Health",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Hooli",
    "Vandelay Industries",
    "Stark Logistics",
    "Wayne Civic Tech",
    "Tyrell Data",
    "Soylent Foods",
    "Cyberdyne Energy",
]
TITLES = [
    "Python Developer",
    "Data Engineer",
    "Project Manager",
    "Backend Engineer",
    "Site Reliability Engineer",
    "Product Designer",
    "Support Specialist",
    "Database Administrator",
    "Analytics Engineer",
    "Technical Writer",
]
TERMS = [
    "Python",
    "PostgreSQL",
    "AWS",
    "Kubernetes",
    "React",
    "Go",
    "SQL",
    "Terraform",
    "Project Management",
    "Django",
    "Airflow",
    "Excel",
]
AREAS = ["Remote", "Michigan", "Austin, TX"]


def sample_data(
    config: Config,
    now: datetime,
    *,
    days: int = 30,
    per_day: int = 6,
    seed: int = 7,
    contacts: list[Contact] | None = None,
    entries: list[Entry] | None = None,
) -> SiteData:
    from aggregator.models import Posting, Salary

    rnd = random.Random(seed)
    data = SiteData(now=now, config=config)
    feeds = [
        FeedRow(id=f"feed-{i}", name=f"{area} jobs", area=area, url=f"https://jobs.example/{i}")
        for i, area in enumerate(AREAS)
    ]
    live: dict[str, list[str]] = {f.id: [] for f in feeds}
    for day in range(days, -1, -1):
        seen = now - timedelta(days=day)
        for k in range(per_day):
            feed = feeds[(day + k) % len(feeds)]
            pid = f"p{day:04d}{k:03d}"
            terms = sorted(rnd.sample(TERMS, 3))
            salary = None
            if rnd.random() < 0.5:
                lo = rnd.randrange(60, 160) * 1000
                salary = Salary(min=lo, max=lo + 20000, currency="USD", period="year")
            last = now if day < 20 else seen + timedelta(days=10)
            data.postings.append(
                Posting(
                    id=pid,
                    feed_id=feed.id,
                    feed=feed.name,
                    url=f"https://jobs.example/{pid}?utm=x&ref=1",
                    title=rnd.choice(TITLES),
                    company=rnd.choice(COMPANIES),
                    location=feed.area or "",
                    area=feed.area,
                    published=iso(seen)[:10],
                    first_seen=iso(seen),
                    last_seen=iso(last),
                    salary=salary,
                    requirements={
                        "terms": terms,
                        "seniority": rnd.choice(["senior", "mid", ""]),
                        "years": rnd.choice(
                            [None, {"min": 2, "max": None}, {"min": 5, "max": None}]
                        ),
                    },
                )
            )
            if last >= now:
                live[feed.id].append(pid)
    for f in feeds:
        f.ok, f.last_success, f.last_attempt = True, iso(now), iso(now)
        f.items, f.live_ids = len(live[f.id]), tuple(live[f.id])
    feeds.append(
        FeedRow(
            id="broken",
            name="Broken board",
            area="Remote",
            url="https://broken.example/rss",
            ok=False,
            failures=3,
            last_error="HTTP 503 Service Unavailable",
            last_attempt=iso(now),
        )
    )
    data.feeds = feeds
    data.trends = _trends(data, rnd, config)
    data.contacts = (
        contacts
        if contacts is not None
        else [
            Contact(
                id="jane-doe",
                name="Jane Doe",
                aliases=("Janie D",),
                emails=("jane@doe.example",),
                phones=("+1 (555) 010-4477",),
                company="Globex",
                tier="A",
                last_contact="2026-02-20",
                state="ok",
                balance=2,
            ),
            Contact(
                id="pat-lee",
                name="Pat Lee",
                company="Initech",
                tier="B",
                may_be_named=True,
                last_contact="2025-11-02",
                state="due",
                balance=-1,
            ),
        ]
    )
    data.entries = (
        entries
        if entries is not None
        else [
            Entry(
                date=date(2026, 2, 20),
                title="Coffee with Jane",
                slug="coffee",
                body="Met Jane Doe for coffee; she passed along an opening at Globex.",
            ),
            Entry(
                date=date(2026, 2, 25),
                title="What a good job post looks like",
                slug="good-post",
                public=True,
                body="Salary ranges up front, a named team, and a real person "
                "to write to. Pat Lee showed me theirs.",
                people=("pat-lee",),
                tags=("hiring",),
            ),
        ]
    )
    names = {c.id: c.name for c in data.contacts}
    data.today = {
        "week": "2026-03-02",
        "letters": ["D", "L"],
        "people": list(names)[:1],
        "people_done": {},
        "due": [],
        "cold": [],
        "never": [],
        "overdue": [
            {
                "id": c.id,
                "name": c.name,
                "tier": c.tier,
                "last_contact": c.last_contact,
                "next_due": "2026-02-28",
                "days_since": 40,
                "state": "overdue",
                "warning": None,
                "balance": c.balance,
                "interactions": 2,
            }
            for c in data.contacts[1:2]
        ],
        "helping_minutes": 30,
        "helping_goal": config.notebook.helping_goal_minutes,
        "follow_ups": [
            {
                "due": "2026-03-05",
                "what": "Send the intro",
                "with": list(names)[:1],
                "since": "2026-02-20",
                "file": None,
                "line": None,
            }
        ],
        "streaks": {
            "daily": 2,
            "daily_done_today": False,
            "helping_weeks": 1,
            "helping_met_this_week": False,
        },
        "names": names,
    }
    data.ledger = [
        {"name": c.name, "gives": 3, "asks": 1, "give_minutes": 90, "balance": 2}
        for c in data.contacts
    ]
    data.ledger_totals = {"gives": 3, "asks": 1, "give_minutes": 90, "balance": 2}
    data.follow_ups = [(now.date() + timedelta(days=3), "Thank Jane Doe for the intro")]
    return data


def _trends(data: SiteData, rnd: random.Random, config: Config) -> dict:
    """A report shaped like aggregator.trends' JSON (schema 1), with made-up numbers."""
    months = sorted({p.first_seen[:7] for p in data.postings})
    terms = []
    for t in TERMS[:6]:
        for m in months:
            terms.append(
                {
                    "term": t,
                    "month": m,
                    "area": None,
                    "count": rnd.randrange(5, 40),
                    "share": round(rnd.random() * 0.6, 3),
                    "partial": m == months[-1],
                }
            )
    by_company: dict[str, dict[str, int]] = {}
    for p in data.postings:
        cad = by_company.setdefault(p.company, {})
        cad[p.first_seen[:7]] = cad.get(p.first_seen[:7], 0) + 1
    move = {
        "window": "month_on_month",
        "from_month": months[0],
        "to_month": months[-1],
        "from_count": 6,
        "to_count": 11,
    }
    return {
        "schema": 1,
        "month": months[-1],
        "min_count": 5,
        "history": {"postings": len(data.postings)},
        "terms": terms,
        "companies": [
            {
                "company": c,
                "postings": sum(cad.values()),
                "reposts": len(cad) - 1,
                "months_active": len(cad),
                "per_month": sum(cad.values()) / len(cad),
                "last_month": max(cad),
                "cadence": cad,
                "areas": AREAS[:2],
                "lifetime_median_days": None,
            }
            for c, cad in sorted(by_company.items())
        ],
        "rising": [
            {
                **move,
                "term": "Terraform",
                "area": "Remote",
                "from_share": 0.13,
                "to_share": 0.21,
                "change": 0.08,
            }
        ],
        "falling": [
            {
                **move,
                "term": "Excel",
                "area": None,
                "from_share": 0.09,
                "to_share": 0.05,
                "change": -0.04,
            }
        ],
        "new_terms": [],
        "skills_gap": [
            {
                "term": "Terraform",
                "area": "Remote",
                "windows": ["month_on_month"],
                "to_share": 0.21,
                "change": 0.08,
                "to_count": 11,
            }
        ],
        "salaries": [
            {
                "by": "area",
                "area": a,
                "term": None,
                "currency": "USD",
                "period": "year",
                "count": 12,
                "low": 90000.0,
                "high": 120000.0,
                "p25": 95000.0,
                "median": 105000.0 + 5000 * i,
                "p75": 125000.0,
            }
            for i, a in enumerate((None, *AREAS))
        ],
        "flags": [
            {
                "kind": "reposted_often",
                "company": "Globex",
                "title": "Data Engineer",
                "location": "Remote",
                "count": 3,
                "detail": "listed 3 times in 90 days",
            }
        ],
        "lifetimes": [
            {"area": None, "count": 9, "median_days": 14.0, "p25_days": 9.0, "p75_days": 18.0}
        ],
        "notes": {
            "terms": "Share of a month's postings whose text names the term.",
            "rising": "Share change between the last complete month and before.",
        },
    }


def project_config(
    folder: Path,
    *,
    sections: tuple[str, ...] = ("jobs", "trends", "companies", "health", "journal"),
    index: bool = False,
    title: str = "Test Site",
    skills: tuple[str, ...] = ("Python", "PostgreSQL"),
) -> Config:
    """Write a small stayready.yml into folder and load it (a project to build in tests)."""
    from foundation.config import load_config

    folder.mkdir(parents=True, exist_ok=True)
    text = (
        f"site:\n  title: {json.dumps(title)}\n  timezone: UTC\n"
        f"profile:\n  skills: {json.dumps(list(skills))}\n"
        f"public:\n  sections: {json.dumps(list(sections))}\n  index: {str(index).lower()}\n"
    )
    path = folder / "stayready.yml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def add_postings(data: SiteData, raw: list[dict], *, area: str = "Remote") -> list:
    """Add postings given as dicts (e.g. a hostile fixture) as new and live in one feed."""
    from aggregator.models import Posting

    feed = next(f for f in data.feeds if f.area == area and f.live_ids)
    stamp = iso(data.now)
    added = []
    for item in raw:
        values = {
            "feed_id": feed.id,
            "feed": feed.name,
            "area": area,
            "location": "",
            "first_seen": stamp,
            "last_seen": stamp,
            **item,
        }
        posting = Posting.from_dict(values)
        data.postings.append(posting)
        feed.live_ids = (*feed.live_ids, posting.id)
        added.append(posting)
    return added
