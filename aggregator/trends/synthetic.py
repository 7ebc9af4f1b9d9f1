"""Synthetic but real-shaped job history of any size, for benchmarks and large tests.

Deterministic for a seed: Zipf-like companies, a few hundred titles and places, six
areas, terms with drifting popularity, a third with pay, cross-feed copies, re-listings
of the same role, and whole-board postings that close. Descriptions come from a small
pool so generating a million postings stays cheap, yet each stored line has a
description as long as a real one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from aggregator.models import Posting

AREAS = ("software", "design", "data", "health", "finance", "teaching")
_TERMS = {
    "software": ["Python", "Go", "Java", "JavaScript", "TypeScript", "React", "Node.js",
                 "Kubernetes", "Docker", "AWS", "PostgreSQL", "Rust", "C++", "C#", ".NET",
                 "Terraform", "GraphQL", "Kafka", "Redis", "Linux"],
    "design": ["Figma", "Sketch", "Adobe XD", "Photoshop", "Illustrator", "User Research",
               "Prototyping", "Accessibility", "Design Systems", "HTML", "CSS"],
    "data": ["Python", "SQL", "R", "Spark", "Airflow", "dbt", "Snowflake", "Tableau",
             "Power BI", "PyTorch", "TensorFlow", "Pandas", "Machine Learning"],
    "health": ["RN", "BLS", "ACLS", "Epic", "Patient Care", "CNA", "LPN", "EMR", "HIPAA"],
    "finance": ["CPA", "Excel", "GAAP", "QuickBooks", "SAP", "Financial Modeling", "CFA",
                "Audit", "Tax"],
    "teaching": ["Teaching License", "Curriculum Design", "Classroom Management", "ESL",
                 "Special Education", "Google Classroom", "STEM"],
}  # fmt: skip
_TITLES = {
    "software": ["Software Engineer", "Senior Software Engineer", "Staff Engineer",
                 "Backend Engineer", "Frontend Developer", "DevOps Engineer", "SRE",
                 "Engineering Manager", "Junior Developer", "Platform Engineer"],
    "design": ["Product Designer", "Senior Product Designer", "UX Researcher", "UI Designer",
               "Design Lead"],
    "data": ["Data Scientist", "Data Engineer", "Analytics Engineer", "ML Engineer",
             "Data Analyst"],
    "health": ["Registered Nurse", "ICU Nurse", "Medical Assistant", "Nurse Practitioner",
               "Physical Therapist"],
    "finance": ["Accountant", "Senior Accountant", "Financial Analyst", "Controller",
                "Tax Associate"],
    "teaching": ["Math Teacher", "ESL Teacher", "Special Education Teacher", "Tutor",
                 "Instructional Designer"],
}  # fmt: skip
_PLACES = ["Remote", "Austin, TX", "Boston, MA", "New York, NY", "San Francisco, CA",
           "Seattle, WA", "Chicago, IL", "Denver, CO", "London, UK", "Berlin, Germany",
           "Toronto, ON", "Atlanta, GA", "Portland, OR", "Miami, FL", "Remote (US)"]  # fmt: skip
# Real descriptions are plain text with line breaks, list items and accented words
# (what makes a JSON line costly to parse), so the pool has them too.
_WORDS = ("we are looking for a motivated person to join our team you will work with "
          "colleagues across the company on meaningful problems benefits include health "
          "insurance paid time off and a learning budget apply today café résumé "
          "naïve Zürich – \n- \n\n").split(" ")  # fmt: skip


def _descriptions(rng: random.Random, n: int, chars: int) -> list[str]:
    out = []
    for _ in range(n):
        words: list[str] = []
        size = 0
        while size < chars:
            w = rng.choice(_WORDS)
            words.append(w)
            size += len(w) + 1
        out.append(" ".join(words))
    return out


def synthetic_dicts(
    n: int, *, now: datetime, months: int = 24, seed: int = 0, description_chars: int = 1500
) -> Iterator[dict[str, Any]]:
    """n stored postings (as `Posting.to_dict()`), listed over the `months` before `now`."""
    rng = random.Random(seed)
    descriptions = _descriptions(rng, 64, description_chars)
    # A long tail of employers: the largest posts about 1 % of all jobs.
    companies = [f"Company {i:05d}" + (" Inc." if i % 7 == 0 else "") for i in range(20_000)]
    weights = [1 / (i + 1) ** 0.6 for i in range(len(companies))]
    company_area = {c: AREAS[i % len(AREAS)] for i, c in enumerate(companies)}
    start = (now - timedelta(days=months * 30.4)).date()
    span = (now.date() - start).days
    picks = rng.choices(companies, weights=weights, k=min(n, 200_000))
    last: dict[str, Any] | None = None
    for i in range(n):
        company = picks[i % len(picks)]
        area = company_area[company]
        day = start + timedelta(days=int(span * (i / max(n - 1, 1)) ** 0.8))
        progress = (day - start).days / max(span, 1)
        terms_pool = _TERMS[area]
        k = rng.randint(2, min(7, len(terms_pool)))
        # Popularity drifts: terms early in the list gain over time, late ones fade.
        terms = sorted(set(rng.choices(terms_pool, weights=[
            1 + (progress if j % 2 else -progress) * 0.6 for j in range(len(terms_pool))],
            k=k)))  # fmt: skip
        title = rng.choice(_TITLES[area])
        place = rng.choice(_PLACES)
        first_seen = datetime(day.year, day.month, day.day, 6, 30, tzinfo=UTC)
        published = first_seen - timedelta(hours=rng.randint(1, 60))
        last_seen = min(first_seen + timedelta(days=rng.randint(1, 60)), now)
        feed_id = f"{area}-{'board' if i % 5 == 0 else 'feed'}"
        closed = None
        if i % 5 == 0 and last_seen < now - timedelta(days=1):
            closed = _stamp(last_seen + timedelta(days=1))
        salary = None
        if i % 3 == 0:
            low = rng.randrange(50, 180) * 1000
            salary = {"min": low, "max": low + rng.randrange(10, 60) * 1000,
                      "currency": "USD" if i % 9 else "EUR", "period": "year",
                      "source": "feed" if i % 2 else "text"}  # fmt: skip
        pid = f"{seed:02x}{i:014x}"
        record = {
            "id": pid, "feed_id": feed_id, "feed": f"{area.title()} jobs",
            "url": f"https://jobs.example.com/{pid}", "title": title, "company": company,
            "location": place, "locations": [place], "area": area,
            "published": _stamp(published) if i % 11 else None, "updated": None,
            "first_seen": _stamp(first_seen), "last_seen": _stamp(last_seen),
            "description": descriptions[i % len(descriptions)], "duplicate_of": None,
            "department": None, "work_mode": "remote" if "Remote" in place else "onsite",
            "employment_type": "full-time", "salary": None, "tags": [], "closed": closed,
            "requirements": {"terms": terms, "years": rng.choice([None, 2, 3, 5]),
                             "degree": None, "certifications": [], "languages": ["English"],
                             "seniority": "senior" if "Senior" in title else None,
                             "work_mode": None, "employment_type": "full-time",
                             "salary": salary},
        }  # fmt: skip
        if i % 10 == 9 and last is not None:
            # the same job seen on a second feed the same day: a duplicate, not a repost
            record.update({k: last[k] for k in ("company", "title", "location", "locations",
                                                "area", "requirements", "first_seen")})  # fmt: skip
            record["feed_id"] = last["feed_id"] + "-mirror"
            record["closed"] = None
            record["duplicate_of"] = last["id"]
        last = record
        yield record


def synthetic_postings(n: int, *, now: datetime, months: int = 24, seed: int = 0,
                       description_chars: int = 1500) -> Iterator[Posting]:  # fmt: skip
    for d in synthetic_dicts(n, now=now, months=months, seed=seed,
                             description_chars=description_chars):  # fmt: skip
        yield Posting.from_dict(d)


def _stamp(moment: datetime | date) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_store(data_dir: str | Path, n: int, *, now: datetime, months: int = 24,
                seed: int = 0) -> int:  # fmt: skip
    """Write n synthetic postings into a real history store (month files, events, feeds).

    Postings that left before `now` get a `gone` event, or `closed` for whole-board
    feeds (ids ending "-board"); the rest stay live. Returns the number written.
    """
    from aggregator.models import FeedState
    from aggregator.store import Batch, Store

    if any((Path(data_dir) / "postings").glob("*.jsonl")):
        raise ValueError(f"{data_dir} already holds a history; write into an empty folder")
    store = Store(Path(data_dir))
    at_now = _stamp(now)
    events: dict[str, dict[tuple, list[str]]] = {}
    live: dict[str, list[str]] = {}
    month, batch = "", []
    written = 0
    with store.lock():
        for d in synthetic_dicts(n, now=now, months=months, seed=seed):
            m = d["first_seen"][:7]
            if m != month and batch:
                _flush(store, month, batch, events.pop(month, {}))
                batch = []
            month = m
            p = Posting.from_dict(d)
            if p.closed or p.last_seen < at_now:
                kind = "closed" if p.closed else "gone"
                at = p.closed or _stamp(datetime.fromisoformat(p.last_seen[:10]) +
                                        timedelta(days=1))  # fmt: skip
                events.setdefault(at[:7], {}).setdefault(
                    (kind, p.feed_id, at, p.last_seen), []
                ).append(p.id)
            else:
                live.setdefault(p.feed_id, []).append(p.id)
            p.closed = None
            p.last_seen = ""
            batch.append(p)
            written += 1
        if batch:
            _flush(store, month, batch, events.pop(month, {}))
        for m in sorted(events):
            _flush(store, m, [], events[m])
        feeds = {fid: FeedState(fid, fid, f"https://jobs.example.com/{fid}", ok=True,
                                last_attempt=at_now, last_success=at_now, items=len(ids),
                                live_ids=sorted(ids)) for fid, ids in live.items()}  # fmt: skip
        store.commit(Batch(month=at_now[:7], feeds=feeds))
    return written


def _flush(store: Any, month: str, new: list[Posting], events: dict[tuple, list[str]]) -> None:
    from aggregator.store import Batch

    evs = [{"event": kind, "at": at, "feed": feed, "last_seen": last, "ids": ids}
           for (kind, feed, at, last), ids in sorted(events.items())]  # fmt: skip
    store.commit(Batch(month=month, new=new, events=evs))
