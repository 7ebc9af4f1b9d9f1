"""A made-up but realistic job market: companies that hire on a cadence, repost, and close.

Deterministic for a seed, so the demo and the benchmarks can replay the same days.
Listings carry the words a real posting would (skills, years, salary, work mode) so
the requirement extractor and the trends have something true to find.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# field -> (roles, skill pool, salary range in thousands per year)
FIELDS: dict[str, tuple[list[str], list[str], tuple[int, int]]] = {
    "software": (
        [
            "Backend Engineer",
            "Senior Software Engineer",
            "Frontend Developer",
            "Data Engineer",
            "Site Reliability Engineer",
            "Staff Engineer",
            "Junior Developer",
        ],
        [
            "Python",
            "Go",
            "TypeScript",
            "React",
            "PostgreSQL",
            "Kubernetes",
            "AWS",
            "Docker",
            "Terraform",
            "Rust",
            "Java",
            "Kafka",
            "GraphQL",
            "Django",
            "Snowflake",
        ],
        (90, 210),
    ),
    "health": (
        [
            "Registered Nurse",
            "Medical Assistant",
            "Pharmacy Technician",
            "Physical Therapist",
            "Phlebotomist",
            "Nurse Practitioner",
        ],
        ["BLS", "ACLS", "Epic", "phlebotomy", "patient care", "EHR", "HIPAA", "CPR"],
        (45, 130),
    ),
    "public": (
        [
            "Civil Engineer",
            "Accountant",
            "Library Assistant",
            "Park Ranger",
            "Budget Analyst",
            "Water Treatment Operator",
            "Social Worker",
        ],
        ["GAAP", "Excel", "AutoCAD", "customer service", "CDL", "OSHA", "grant writing"],
        (40, 105),
    ),
    "design": (
        ["Product Designer", "UX Researcher", "Graphic Designer", "Content Designer"],
        [
            "Figma",
            "Sketch",
            "Adobe Illustrator",
            "user research",
            "prototyping",
            "design systems",
            "accessibility",
        ],
        (70, 160),
    ),
    "education": (
        ["Math Teacher", "ESL Instructor", "Special Education Teacher", "Instructional Designer"],
        [
            "teaching certificate",
            "ESL",
            "special education",
            "curriculum development",
            "Google Classroom",
            "classroom management",
        ],
        (42, 85),
    ),
}

# Public employers hire only where they are; the others also hire remotely or elsewhere.
LOCAL_ONLY = {
    "City of Austin": "Austin, TX",
    "State of Michigan": "Michigan",
    "Travis County": "Austin, TX",
}

COMPANIES: list[tuple[str, str]] = [
    ("Northwind Analytics", "software"),
    ("Quillstone", "software"),
    ("Harbor & Finch", "software"),
    ("Lumen Health Partners", "health"),
    ("St. Brigid Medical Center", "health"),
    ("Cedar Valley Clinic", "health"),
    ("City of Austin", "public"),
    ("State of Michigan", "public"),
    ("Travis County", "public"),
    ("Pixel Orchard", "design"),
    ("Brightline Studio", "design"),
    ("Riverbend ISD", "education"),
    ("Lakeshore Learning Co-op", "education"),
    ("Ostara Robotics", "software"),
    ("Zephyr Payments", "software"),
    ("Müller & Søn Logistics", "software"),
]

PLACES: dict[str, list[str]] = {
    "Remote": ["Remote", "Anywhere in the World", "Remote (US)"],
    "Austin, TX": ["Austin, TX", "Round Rock, TX"],
    "Michigan": ["Lansing, MI", "Detroit, MI", "Grand Rapids, MI"],
    "Chicago, IL": ["Chicago, IL", "Evanston, IL"],
}


@dataclass(frozen=True)
class Listing:
    """One posting as the board shows it, from `start` (inclusive) to `end` (exclusive)."""

    key: str  # the board's own job id
    company: str
    field: str
    title: str
    location: str
    area: str
    start: date
    end: date
    salary: tuple[int, int] | None
    skills: tuple[str, ...]
    years: int
    mode: str
    repost_of: str | None = None

    def description(self) -> str:
        skills = ", ".join(self.skills[:-1]) + f" and {self.skills[-1]}"
        pay = f" Salary: ${self.salary[0]}k-{self.salary[1]}k per year." if self.salary else ""
        mode = {"remote": "This is a fully remote position.",
                "hybrid": "Hybrid: three days a week in the office.",
                "onsite": "On-site; no remote work."}[self.mode]  # fmt: skip
        return (
            f"<p>{self.company} is looking for a <b>{self.title}</b> in {self.location}.</p>"
            f"<p>You have {self.years}+ years of experience with {skills}.{pay}</p>"
            f"<p>{mode} Full-time. Bachelor's degree or equivalent experience.</p>"
        )


def build_market(
    first: date, last: date, *, seed: int = 7, per_company: int | None = None
) -> list[Listing]:
    """Every listing any board shows between `first` and `last`, reposts included."""
    rng = random.Random(seed)
    listings: list[Listing] = []
    span = (last - first).days + 1
    # About one new listing per company every three days, whatever the window.
    per_company = per_company or max(10, span // 3)
    counter = 0
    for company, fld in COMPANIES:
        roles, pool, (lo, hi) = FIELDS[fld]
        areas = list(PLACES)
        home = LOCAL_ONLY.get(company) or areas[hash_index(company, len(areas))]
        for _ in range(per_company):
            counter += 1
            area = home if company in LOCAL_ONLY or rng.random() < 0.7 else rng.choice(areas)
            title = rng.choice(roles)
            location = rng.choice(PLACES[area])
            skills = tuple(rng.sample(pool, k=min(3, len(pool))))
            low = rng.randrange(lo, hi - 20, 5)
            salary = (low, low + rng.randrange(10, 40, 5)) if rng.random() < 0.6 else None
            mode = "remote" if area == "Remote" else rng.choice(["hybrid", "onsite"])
            start = first + timedelta(days=rng.randrange(-20, span))
            life = rng.randrange(8, 45)
            key = f"{counter:05d}"
            listing = Listing(key, company, fld, title, location, area, start,
                              start + timedelta(days=life), salary, skills,
                              rng.choice([1, 2, 3, 5, 7]), mode)  # fmt: skip
            listings.append(listing)
            # Some roles are never filled: the company lists them again.
            prev = listing
            while rng.random() < 0.35 and prev.end < last:
                counter += 1
                gap = rng.randrange(3, 40)
                nstart = prev.end + timedelta(days=gap)
                prev = Listing(f"{counter:05d}", company, fld, title, location, area, nstart,
                               nstart + timedelta(days=rng.randrange(8, 40)), salary, skills,
                               prev.years, mode, repost_of=prev.key)  # fmt: skip
                listings.append(prev)
    return listings


def hash_index(text: str, n: int) -> int:
    """A stable index (Python's hash() changes every run)."""
    return sum(text.encode()) % n


def live(listings: list[Listing], day: date) -> list[Listing]:
    """What the boards show on `day`, newest first."""
    return sorted(
        (li for li in listings if li.start <= day < li.end),
        key=lambda li: (li.start, li.key),
        reverse=True,
    )
