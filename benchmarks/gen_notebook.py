"""A networking notebook of any size, in the journal's own files: contacts/<id>.md,
entries/YYYY/YYYY-MM-DD-<slug>.md (front-matter interactions and body lines) and
applications.yml, like the sample notebook in tests/fixtures/notebook.

Deterministic for a seed. Public entries name nobody (the build's privacy check would
rightly fail them otherwise), so every generated notebook builds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_GIVEN = ["Ardith", "Bexley", "Corvin", "Delphine", "Evander", "Fenna", "Gideon", "Halloran",
          "Isolde", "Jorah", "Kestrel", "Lisandro", "Marisol", "Nerys", "Oriel", "Perpetua",
          "Quillon", "Rosamund", "Soren", "Thessaly", "Ulrike", "Vashti", "Wystan", "Xiomara",
          "Yesenia", "Zebulon"]  # fmt: skip
_FAMILY = ["Abernathy", "Blackwood", "Castellanos", "Drummond", "Eriksdottir", "Fairweather",
           "Galloway", "Hargreaves", "Ishikawa", "Jablonski", "Kowalczyk", "Lindqvist",
           "Montgomery", "Nakashima", "Oyelaran", "Pemberton", "Quarshie", "Rutherford",
           "Szymanski", "Thistlewood", "Underhill", "Valderrama", "Whitcombe", "Yarborough",
           "Zabludowicz"]  # fmt: skip
_ORGS = ["Northwind", "Quillstone", "Harbor & Finch", "Pixel Orchard", "Riverbend ISD",
         "Cedar Valley Clinic", "City of Austin", "Zephyr Payments"]  # fmt: skip
_TYPES = ["call", "email", "meeting", "meal", "message", "thank-you", "intro", "help", "ask"]
_SUMMARIES = ["caught up about her new team", "talked through a tricky migration",
              "asked how hiring looks this quarter", "shared notes from the meetup",
              "passed along a posting that fits him", "thanked them for the intro",
              "reviewed a draft of the portfolio", "compared notes on remote work"]  # fmt: skip
_PUBLIC = [
    ("What I learned about accessibility", "Screen readers announce form errors only when "
     "the error is tied to the field. I rewrote our sign-up form and tested it by ear."),
    ("Writing in public brought a lead", "A post on data pipelines brought two readers who "
     "asked if I was looking. Writing down what I learn keeps paying off."),
    ("A month of helping minutes", "Ninety minutes a week of helping others is easy to "
     "promise and hard to keep. A calendar block on Fridays made it stick."),
    ("Reading job postings like data", "The same three skills keep appearing in postings in "
     "my area; the trends page shows which ones are rising."),
]  # fmt: skip


@dataclass
class NotebookInfo:
    contacts: int
    entries: int
    public: int


def _contact_id(i: int) -> tuple[str, str]:
    given = _GIVEN[i % len(_GIVEN)]
    family = _FAMILY[(i // len(_GIVEN) + i * 7) % len(_FAMILY)]
    suffix = "" if i < len(_GIVEN) * len(_FAMILY) else f" {i}"
    name = f"{given} {family}{suffix}"
    return name.lower().replace(" ", "-"), name


def write_notebook(root: Path, *, entries: int = 365, contacts: int = 120, end: date,
                   public_share: float = 0.1, seed: int = 3) -> NotebookInfo:  # fmt: skip
    """Write `contacts` people and one entry a day for `entries` days up to `end`."""
    rng = random.Random(seed)
    root = Path(root)
    (root / "contacts").mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(contacts):
        cid, name = _contact_id(i)
        ids.append(cid)
        tier = "ABCD"[i % 4]
        user = cid.replace("-", ".")
        extra = "cadence: 14d\n" if i % 17 == 0 else ""
        (root / "contacts" / f"{cid}.md").write_text(
            f"---\nid: {cid}\nname: {name}\ntier: {tier}\norg: {rng.choice(_ORGS)}\n"
            f'emails: [{user}@mail.example]\nphones: ["+1 555 {1000 + i:04d}"]\n{extra}---\n\n'
            f"Met {name.split()[0]} through work; likes long walks and short meetings.\n",
            encoding="utf-8",
        )
    public = 0
    for k in range(entries):
        day = end - timedelta(days=entries - 1 - k)
        folder = root / "entries" / f"{day.year}"
        folder.mkdir(parents=True, exist_ok=True)
        if rng.random() < public_share:
            public += 1
            title, text = _PUBLIC[k % len(_PUBLIC)]
            body = (f"---\ndate: {day}\ntitle: {title} ({day:%b %d})\nvisibility: public\n"
                    f"tags: [learning]\n---\n\n{text}\n\n{text}\n")  # fmt: skip
            slug = "public-note"
        else:
            people = rng.sample(ids, k=min(len(ids), rng.randint(1, 3))) if ids else []
            lines = []
            for cid in people:
                kind = rng.choice(_TYPES)
                flag = " +give" if kind not in ("help", "ask") and rng.random() < 0.5 else ""
                lines.append(f"- {kind} @{cid} {rng.choice([10, 20, 30, 45, 60])}m{flag}: "
                             f"{rng.choice(_SUMMARIES)}")  # fmt: skip
            front = f"---\ndate: {day}\n"
            if people and rng.random() < 0.2:
                due = day + timedelta(days=rng.randint(3, 30))
                front += (f"interactions:\n  - with: {people[0]}\n    type: meeting\n"
                          "    minutes: 30\n"
                          f"    follow_up: {{due: {due}, what: send the notes}}\n")  # fmt: skip
            body = front + "---\n\n" + "\n".join(lines) + "\n\nA few private notes on the day.\n"
            slug = "notes"
        (folder / f"{day}-{slug}.md").write_text(body, encoding="utf-8")
    (root / "applications.yml").write_text(
        "# Applications\n- posting: p-100\n  state: applied\n"
        f"  date: {end - timedelta(days=20)}\n", encoding="utf-8")  # fmt: skip
    return NotebookInfo(contacts, entries, public)
