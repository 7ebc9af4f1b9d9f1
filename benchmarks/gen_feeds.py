"""Synthetic job feeds shaped like the real boards: We Work Remotely RSS with long HTML
descriptions, NEOGOV public-sector RSS, a generic "Role at Company" RSS, Greenhouse and Lever JSON.

Sizes follow the captured samples (/work/shared/samples): a We Work Remotely item carries
about 6.5 KB of escaped HTML, so 100 items make a 650 KB body, as the real feed does.
Deterministic for a seed; `day` shifts which listings a feed shows, so successive days
drop the oldest items and add new ones, as a real board does.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from stayready.demo.boards import greenhouse, lever, neogov
from stayready.demo.market import COMPANIES, FIELDS, PLACES, Listing

_PARAGRAPHS = [
    "We're looking for someone who can build across the entire stack and has hands-on "
    "experience with modern tools. You'll own features end-to-end, from database to UI, and "
    "help bring new capabilities into our product. If you enjoy moving between problems and "
    "shipping work that just works, this is the role for you.",
    "The team is spread over several time zones, so you'll need to overlap at least a few "
    "hours a day with colleagues in North America. We write things down, review each other's "
    "work kindly, and keep meetings short so there is time for focused work.",
    "You'll be building and shipping features that customers use every day. This means "
    "writing clean, maintainable work, collaborating closely with product and design, and "
    "taking part in planning, estimation and the occasional on-call rotation.",
    "Benefits include a home-office budget, paid parental leave, health, dental and vision "
    "cover, a yearly learning budget and four weeks of paid time off, plus the public "
    "holidays of the country you live in.",
]
_BULLETS = [
    "Build and maintain features across the whole product, from interfaces to services",
    "Design and implement APIs and integrations with third-party services",
    "Collaborate with product managers and designers to turn requirements into solutions",
    "Write tests and documentation, and review your colleagues' changes",
    "Help keep our systems reliable, observable and secure",
    "Mentor newer colleagues and share what you learn",
    "Take part in hiring and in improving how the team works",
]


@dataclass(frozen=True)
class SynthFeed:
    """One feed to serve: where, what, and the stayready.yml entry that reads it."""

    path: str
    body: bytes
    content_type: str
    config: dict[str, str]


def listings(n: int, *, seed: int, day: date, field: str | None = None,
             company: str | None = None, area: str | None = None) -> list[Listing]:  # fmt: skip
    """`n` listings live on `day`, newest first; day d+1 drops the oldest and adds a new one."""
    out = []
    base = (day - date(2020, 1, 1)).days
    for k in range(n):
        serial = base - k  # one new listing a day per slot keeps ids stable across days
        rng = random.Random(f"{seed}:{serial}")
        comp, fld = (company, field or "public") if company else rng.choice(
            [c for c in COMPANIES if field is None or c[1] == field] or COMPANIES)  # fmt: skip
        roles, pool, (lo, hi) = FIELDS[fld]
        where = area or rng.choice(list(PLACES))
        low = rng.randrange(lo, hi - 20, 5)
        start = day - timedelta(days=k // 3)
        out.append(Listing(
            key=f"{seed % 97:02d}{serial:06d}", company=comp, field=fld, title=rng.choice(roles),
            location=rng.choice(PLACES[where]), area=where, start=start,
            end=start + timedelta(days=40), salary=(low, low + 25) if rng.random() < 0.6 else None,
            skills=tuple(rng.sample(pool, k=min(4, len(pool)))), years=rng.choice([1, 2, 3, 5, 7]),
            mode="remote" if where == "Remote" else rng.choice(["hybrid", "onsite"]),
        ))  # fmt: skip
    return out


def long_description(li: Listing, size: int) -> str:
    """HTML like a real posting's (headings, paragraphs, a list, entities), about `size` chars."""
    rng = random.Random(li.key)
    parts = [
        f'<img src="https://img.example.com/logos/{li.key}/logo.gif?w=50&amp;h=50" />',
        f"<p><strong>Headquarters:</strong> {escape(li.location)}<br /><strong>URL:</strong> "
        f'<a href="https://{li.company.split()[0].lower()}.example.com">website</a></p>',
        f"<h1>{escape(li.title)}</h1>",
        f"<p>{li.description()}</p>",
    ]
    while sum(map(len, parts)) < size:
        parts.append(f"<h2>{rng.choice(['About the role', 'What you will do', 'About you'])}</h2>")
        parts.append(f'<p class="MsoNormal">{rng.choice(_PARAGRAPHS)}</p>')
        parts.append("<ul>" + "".join(f"<li>{b}&nbsp;</li>" for b in rng.sample(_BULLETS, 4))
                     + "</ul>")  # fmt: skip
    return "".join(parts)


def _when(li: Listing) -> datetime:
    return datetime.combine(li.start, time(8 + int(li.key) % 9, int(li.key) % 60), tzinfo=UTC)


def wwr(items: list[Listing], base: str, description_chars: int = 5200) -> bytes:
    """We Work Remotely's shape: `Company: Role`, region/country/state/skills/type, HTML."""
    out = []
    for li in items:
        out.append(
            f'<item><media:content url="https://img.example.com/logos/{li.key}.gif" '
            f'type="image/png"/><title>{escape(f"{li.company}: {li.title}")}</title>'
            f"<region>{escape(li.location)}</region><country></country><state></state>"
            f"<skills>{escape(', '.join(li.skills))}</skills><category>Programming</category>"
            f"<type>Full-Time</type>"
            f"<description>{escape(long_description(li, description_chars))}</description>"
            f"<pubDate>{format_datetime(_when(li))}</pubDate>"
            f"<guid>{base}/remote-jobs/{li.key}</guid>"
            f"<link>{base}/remote-jobs/{li.key}?utm_source=rss&amp;utm_medium=feed</link></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss">'
        "<channel><title>We Work Remotely: Remote jobs in design, programming and more</title>"
        f"<link>{base}</link><description>Remote jobs</description><language>en-US</language>"
        f"<ttl>60</ttl>{''.join(out)}</channel></rss>\n"
    ).encode()


def generic(title: str, items: list[Listing], base: str) -> bytes:
    """A plain job board: `Role at Company`, the place as a category."""
    out = [
        f"<item><title>{escape(f'{li.title} at {li.company}')}</title>"
        f"<link>{base}/job/{li.key}?fbclid=abc123</link><guid>{base}/job/{li.key}</guid>"
        f"<description>{escape(long_description(li, 1800))}</description>"
        f"<category>{escape(li.location)}</category>"
        f"<pubDate>{format_datetime(_when(li))}</pubDate></item>"
        for li in items
    ]
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>{base}</link><description>{escape(title)}"
        f"</description>{''.join(out)}</channel></rss>\n"
    ).encode()


# (name, area, kind, renderer) cycled to make any number of feeds; mostly WWR-like, the
# heaviest real shape, with the other kinds a person would also list.
_KINDS = [
    ("We Work Remotely - Programming", "Remote", "rss", "wwr", "software"),
    ("State of Michigan", "Michigan", "rss", "neogov", "public"),
    ("We Work Remotely - Design", "Remote", "rss", "wwr", "design"),
    ("Chicago jobs board", "Chicago, IL", "rss", "generic", "health"),
    ("Lumen Health Partners", "Chicago, IL", "greenhouse", "greenhouse", "health"),
    ("We Work Remotely - DevOps", "Remote", "rss", "wwr", "software"),
    ("City of Austin", "Austin, TX", "rss", "neogov", "public"),
    ("Austin jobs board", "Austin, TX", "rss", "generic", "education"),
    ("Ostara Robotics", "Austin, TX", "lever", "lever", "software"),
    ("We Work Remotely - Product", "Remote", "rss", "wwr", "design"),
    ("Michigan jobs board", "Michigan", "rss", "generic", "health"),
    ("We Work Remotely - All", "Remote", "rss", "wwr", "software"),
]  # fmt: skip


def feed_set(n_feeds: int, n_items: int, *, day: date, base_url: str = "http://127.0.0.1",
             seed: int = 1) -> list[SynthFeed]:  # fmt: skip
    """`n_feeds` feeds of `n_items` each as the boards would send them on `day`."""
    feeds = []
    for i in range(n_feeds):
        name, area, kind, shape, fld = _KINDS[i % len(_KINDS)]
        if i >= len(_KINDS):
            name = f"{name} {i // len(_KINDS) + 1}"
        path = f"/feed{i:02d}/{shape}" + (".rss" if kind == "rss" else "")
        base = base_url + path
        whole = shape in ("neogov", "greenhouse", "lever")
        items = listings(n_items, seed=seed * 1000 + i, day=day, field=fld,
                         company=name if whole else None,
                         area=area)  # fmt: skip
        if shape == "wwr":
            body, ctype = wwr(items, base), "application/rss+xml"
        elif shape == "neogov":
            state = "TX" if "TX" in area else "MI"
            body, ctype = neogov(f"{name}, {state}", items, base), "application/rss+xml"
        elif shape == "generic":
            body, ctype = generic(name, items, base), "application/rss+xml"
        elif shape == "greenhouse":
            body, ctype = greenhouse(name, items, base), "application/json"
        else:
            body, ctype = lever(items, base), "application/json"
        config = {"name": name, "area": area}
        if kind != "rss":
            config.update(kind=kind, board=name.split()[0].lower())
        feeds.append(SynthFeed(path, body, ctype, config))
    return feeds


def config_yaml(feeds: list[SynthFeed], url_of, extra: str = "") -> str:
    """A stayready.yml listing `feeds`; `url_of(path)` gives each feed's URL."""
    lines = ["site:", "  title: Stay Ready benchmark", "feeds:"]
    for f in feeds:
        lines.append(f"  - name: {f.config['name']}")
        for key, value in f.config.items():
            if key != "name":
                lines.append(f"    {key}: {value}")
        lines.append(f"    url: {url_of(f.path)}")
    return "\n".join(lines) + "\n" + extra
