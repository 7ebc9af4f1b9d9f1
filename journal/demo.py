"""The demo notebook: 26 made-up people and about 60 entries over 14 months before `today`.

Dates are relative to `today`, so a demo run on any date looks lived-in; the copy in
`journal/demo_notebook/` was written with `python -m journal.demo journal/demo_notebook`.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

from journal.edit import yaml_value

# id, name, front-matter extras, a line of notes
PEOPLE: list[tuple[str, str, dict, str]] = [
    ("ana-costa", "Ana Costa", {"tier": "A", "relationship": "former-colleague",
     "worked_together": True, "org": "Northwind", "title": "Engineering Manager",
     "emails": ["ana.costa@northwind.example"], "phones": ["+1 555 0101"]},
     "Was my lead at Northwind. Hires data engineers twice a year."),
    ("bruno-almeida", "Bruno Almeida", {"tier": "B", "relationship": "friend",
                                        "org": "Harbor & Finch"},
     "Climbing partner; knows the Lisbon scene."),
    ("chloe-dubois", "Chloé Dubois", {"tier": "B", "relationship": "recruiter",
     "org": "Talentbridge", "emails": ["chloe@talentbridge.example"]},
     "Honest recruiter: tells me the salary band up front."),
    ("dmitri-ivanov", "Дмитрий Иванов", {"tier": "C", "aliases": ["Dmitri Ivanov", "Dima"],
     "worked_together": True, "org": "Orbit",
     "pass_along": {"roles": ["software engineer", "reliability engineer"], "areas": ["Remote"],
                    "exclude": ["intern"]}},
     "Sat next to me at Orbit; job hunting since spring."),
    ("yuki-tanaka", "田中 雪", {"tier": "C", "aliases": ["Yuki Tanaka"], "public_ok": True,
     "relationship": "peer", "org": "Sakura Systems"},
     "Accessibility specialist; happy to be named in public posts."),
    ("emma-fischer", "Emma Fischer", {"tier": "A", "relationship": "mentor",
     "emails": ["emma@fischer.example"]},
     "Monthly mentoring call; ask her before any negotiation."),
    ("fatima-zahra", "Fatima Zahra", {"tier": "D", "relationship": "alumni"},
     "Bootcamp graduate I reviewed a portfolio for."),
    ("george-ng", "George Ng", {"tier": "C", "status": "do-not-contact"},
     "Asked not to be contacted. Respect that."),
    ("hana-kim", "Hana Kim", {"tier": "B", "relationship": "friend", "snooze_until": 30},
     "On parental leave; snoozed."),
    ("ivan-petrov", "Ivan Petrov", {"tier": "D", "sources": ["linkedin"], "met": -400,
     "linkedin": "https://www.linkedin.com/in/ivan-petrov-demo"}, ""),
    ("jon-avery", "Jon Avery", {"tier": "C", "relationship": "former-colleague",
     "sources": ["linkedin"]}, "Imported; we shipped the billing rewrite together in 2019."),
    ("kwame-mensah", "Kwame Mensah", {"tier": "B", "relationship": "mentor", "org": "Civic Data"},
     "Runs the civic tech meetup."),
    ("lucia-romero", "Lucía Romero", {"tier": "C", "relationship": "friend"},
     "Designer; trades portfolio reviews."),
    ("maria-nunez", "Maria Núñez", {"tier": "B", "aliases": ["Mari Nunez"],
     "phones": ["+34 600 111 222"]}, "Week 25 of her job hunt in spring; now at Globex."),
    ("noah-klein", "Noah Klein", {"tier": "C", "relationship": "former-colleague",
     "worked_together": True}, "QA lead at Northwind."),
    ("olga-volkova", "Olga Volkova", {"tier": "B", "relationship": "former-colleague"},
     "Moved to Lisbon. I keep meaning to write."),
    ("priya-sharma", "Priya Sharma", {"tier": "A", "relationship": "former-colleague",
     "org": "Initech", "title": "Product Manager"}, "Best PM I worked with."),
    ("raj-rao", "Raj Rao", {"tier": "A", "relationship": "recruiter", "org": "Hirewell"},
     "Agency recruiter for platform roles."),
    ("sam-wong", "Sam Wong", {"tier": "A", "cadence": "14d", "relationship": "peer",
     "org": "Orbit", "title": "CTO"}, "Accountability buddy: we check in every two weeks."),
    ("sofia-berg", "Sofia Berg", {"tier": "D", "status": "archived"}, "Left the industry."),
    ("tomas-obrien", "Tomás O'Brien", {"tier": "C", "org": "Globex", "title": "SRE"},
     "Knows everyone in Dublin."),
    ("wei-zhang", "Wei Zhang", {"tier": "B", "org": "Lumen Labs, Inc.", "title": "Staff Engineer"},
     "Former manager's manager."),
    ("zoe-martin", "Zoë Martin", {"tier": "C", "relationship": "peer"},
     "Writes a great newsletter."),
    ("chidi-okafor", "Chidi Okafor", {"tier": "B", "relationship": "mentor", "org": "Acme, Inc."},
     "Wants to mentor juniors; ask him to review talks."),
    ("leila-haddad", "Leila Haddad", {"tier": "D", "sources": ["linkedin"]}, ""),
    ("amara-diallo", "Amara Diallo", {"tier": "A", "relationship": "former-colleague",
     "org": "Fjord AS"}, "Hiring manager at Fjord; sent me two leads last year."),
]  # fmt: skip

# days before today, title, visibility, front-matter interactions, body
Interaction = dict
ENTRIES: list[tuple[int, str, str, list[Interaction], str]] = []


def _e(days: int, title: str, body: str = "", items: list | None = None, public: bool = False):
    ENTRIES.append((days, title, "public" if public else "private", items or [], body))


_e(420, "Farewell lunch for Olga", "- meal @olga-volkova @noah-klein 90m: she leaves for Lisbon\n")
_e(410, "Coffee with Ana", "- meal @ana-costa 45m: her team is growing\n")
_e(400, "Connected with Ivan at the meetup", "Just a hello; nothing logged yet.\n")
_e(396, "Mentoring call", items=[{"with": "emma-fischer", "type": "call", "channel": "video",
   "give": False, "minutes": 45, "summary": "how to ask for a title change"}])  # fmt: skip
_e(380, "Portfolio review", "- help @fatima-zahra 60m: reviewed her bootcamp portfolio\n")
_e(370, "Thank-you notes", "- thank-you @emma-fischer: for the negotiation advice\n"
   "- thank-you @ana-costa: for the reference\n")  # fmt: skip
_e(360, "Recruiter call", items=[{"with": "raj-rao", "type": "call", "give": False,
   "minutes": 30, "summary": "market check for platform roles"}])  # fmt: skip
_e(350, "Study group", items=[{"with": ["dmitri-ivanov", "maria-nunez"], "type": "meeting",
   "give": True, "minutes": 60, "summary": "SQL interview practice"}])  # fmt: skip
_e(340, "Lisbon call", "- call @bruno-almeida 30m: catch-up\n")
_e(330, "A lead from the blog",
   "- lead +own-writing: a reader asked if I'd consider contracting\n\n"
   "Writing about data pipelines in public keeps paying off.\n", public=True)  # fmt: skip
_e(320, "Mock interview for Maria", "- call @maria-nunez 45m +give: mock system design\n")
_e(310, "Lunch with Priya", "- meal @priya-sharma 60m: product roadmaps\n")
_e(300, "Referral", items=[{"with": "amara-diallo", "type": "referral", "origin": "network",
   "summary": "referred me to Fjord's platform team"}])  # fmt: skip
_e(295, "Thanks, Amara", "- thank-you @amara-diallo: for the referral\n")
_e(290, "Meetup talk", "- meeting @kwame-mensah 30m: offered to speak in spring\n")
_e(280, "Sam check-in", "- call @sam-wong 20m: goals for the quarter\n")
_e(270, "Resume help", "- help @dmitri-ivanov 40m: rewrote his resume summary\n")
_e(262, "Accessibility", "- meeting @yuki-tanaka 30m: accessible forms\n\n"
   "Yuki showed how screen readers announce form errors; I rewrote ours the same week.\n",
   public=True)  # fmt: skip
_e(255, "Offer out of the blue", items=[{"type": "offer", "origin": "stranger",
   "summary": "a founder wrote after my conference talk"}])  # fmt: skip
_e(250, "Asked Chidi", "- ask @chidi-okafor: would he review my talk outline?\n")
_e(245, "Talk review", "- call @chidi-okafor 30m: notes on the talk\n")
_e(240, "Sam check-in", "- call @sam-wong 20m +give: reviewed her hiring plan\n")
_e(230, "Breakfast in week 25", "- meal @maria-nunez 75m +give: breakfast in week 25 of her hunt\n")
_e(220, "Intro", items=[{"with": ["ana-costa", "maria-nunez"], "type": "intro", "give": True,
   "minutes": 15, "summary": "introduced Maria to Ana's team",
   "follow_up": {"due": -200, "what": "ask Maria how the interview went",
                 "done": True}}])  # fmt: skip
_e(210, "Lucía's portfolio", "- help @lucia-romero 50m: portfolio swap\n")
_e(200, "Maria got the job", "- message @maria-nunez: congratulations on Globex!\n")
_e(190, "Recruiter", "- call @chloe-dubois 25m: salary bands for staff roles\n")
_e(180, "Noah", "- message @noah-klein: happy birthday\n")
_e(170, "Mentoring call", items=[{"with": "emma-fischer", "type": "call", "give": False,
   "minutes": 45, "summary": "should I go for management?"}])  # fmt: skip
_e(160, "Tomás in town", "- meal @tomas-obrien 60m: Dublin SRE scene\n")
_e(150, "Newsletter", "- email @zoe-martin: pitched a guest post\n")
_e(140, "Guest post", "- help @zoe-martin 90m: wrote the guest post\n")
_e(130, "Priya", "- call @priya-sharma 30m +ask: reference for Fjord\n")
_e(120, "Hana news", "- message @hana-kim: congratulations on the baby!\n")
_e(110, "Wei", "- meeting @wei-zhang 30m: what staff engineers do all day\n")
_e(100, "Sam check-in", "- call @sam-wong 20m: mid-year review\n")
_e(95, "Kwame's meetup", items=[{"with": "kwame-mensah", "type": "meeting", "give": True,
   "minutes": 120, "summary": "gave the spring talk"}])  # fmt: skip
_e(90, "Chidi", "- message @chidi-okafor: sent him the talk recording\n")
_e(80, "Dmitri again", "- meal @dmitri-ivanov 60m +give: negotiation practice\n")
_e(70, "Ana", "- call @ana-costa 30m: her team's roadmap\n")
_e(60, "Bruno", "- call @bruno-almeida 20m: climbing trip\n")
_e(55, "Recruiter follow-up", items=[{"with": "raj-rao", "type": "email", "give": False,
   "summary": "asked about contract roles",
   "follow_up": {"due": 2, "what": "send Raj the updated resume"}}])  # fmt: skip
_e(50, "Sam check-in", "- call @sam-wong 20m: job market chat\n")
_e(45, "Wei", "- message @wei-zhang +give: shared a staff-engineer reading list\n")
_e(40, "Helping juniors", "- help @fatima-zahra @lucia-romero 60m: mock interviews\n\n"
   "Two hours well spent.\n")  # fmt: skip
_e(
    35,
    "What I learned helping ten people with resumes",
    "Ten resumes this year. The same three fixes every time: lead with outcomes, cut the\n"
    "skills soup, and name the tools next to what you built with them.\n",
    public=True,
)
_e(30, "Emma", items=[{"with": "emma-fischer", "type": "call", "give": True, "minutes": 30,
   "summary": "she asked for feedback on her course"}])  # fmt: skip
_e(28, "Amara", "- email @amara-diallo: asked how Fjord is doing\n")
_e(25, "Tomás", "- message @tomas-obrien +give: passed along a Dublin SRE posting\n")
_e(21, "Chloé", "- call @chloe-dubois 20m: market update\n")
_e(18, "Kwame", "- message @kwame-mensah: thanks for hosting\n")
_e(14, "Study group", items=[{"with": ["dmitri-ivanov", "maria-nunez"], "type": "meeting",
   "give": True, "minutes": 45, "summary": "Maria now coaches Dmitri too",
   "follow_up": {"due": 5, "what": "share the interview question bank"}}])  # fmt: skip
_e(10, "Priya", "- thank-you @priya-sharma: for the reference\n")
_e(8, "Sam check-in", "- call @sam-wong 20m: two-week check-in\n")
_e(6, "Chidi", "- meal @chidi-okafor 60m +give: talked through his first conference CFP\n")
_e(4, "Noah", "- call @noah-klein 30m +give: helped him prepare for a QA lead interview\n")
_e(3, "Jon", "- message @jon-avery: reconnected after years\n")
_e(2, "Wei", "- email @wei-zhang +ask: asked about Lumen's platform team\n")
_e(1, "Dmitri", "- message @dmitri-ivanov +give: forwarded a posting\n")
_e(0, "Today", "- call @emma-fischer 30m +give: course feedback, part two\n")


def _value(key: str, value, today: date):
    # Integers under these keys are days from today, so the demo ages with it.
    if key in ("snooze_until", "met", "due") and isinstance(value, int):
        return today + timedelta(days=value)
    return value


def write_demo_notebook(dest: Path, today: date) -> Path:
    """Write the demo notebook into `dest` (replacing it), with dates relative to `today`."""
    if dest.exists():
        shutil.rmtree(dest)
    (dest / "contacts").mkdir(parents=True)
    for cid, name, extra, notes in PEOPLE:
        lines = ["---", f"id: {cid}", f"name: {yaml_value(name)}"]
        for key, value in extra.items():
            if isinstance(value, dict):  # pass_along, as a flow mapping
                inner = ", ".join(f"{k}: {yaml_value(v)}" for k, v in value.items())
                lines.append(f"{key}: {{{inner}}}")
                continue
            lines.append(f"{key}: {yaml_value(_value(key, value, today))}")
        text = "\n".join(lines) + "\n---\n" + (f"\n{notes}\n" if notes else "")
        (dest / "contacts" / f"{cid}.md").write_text(text, encoding="utf-8")
    for back, title, visibility, items, body in ENTRIES:
        day = today - timedelta(days=back)
        slug = "-".join(
            w for w in "".join(c if c.isalnum() else " " for c in title.lower()).split()
        )
        lines = ["---", f"date: {day.isoformat()}", f"title: {yaml_value(title)}",
                 f"visibility: {visibility}"]  # fmt: skip
        if items:
            lines.append("interactions:")
            for it in items:
                first = True
                for key, value in it.items():
                    if key == "follow_up":
                        fu = {k: _value(k, v, today) for k, v in value.items()}
                        inner = ", ".join(f"{k}: {yaml_value(v)}" for k, v in fu.items())
                        text = f"follow_up: {{{inner}}}"
                    else:
                        text = f"{key}: {yaml_value(value)}"
                    lines.append(("  - " if first else "    ") + text)
                    first = False
        folder = dest / "entries" / f"{day.year:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = "\n".join(lines) + "\n---\n" + (f"\n{body}" if body else "")
        (folder / f"{day.isoformat()}-{slug}.md").write_text(text, encoding="utf-8")
    apps = [
        (-20, "demo-platform-engineer", "interesting", "Fjord platform team; Amara is there"),
        (-18, "demo-platform-engineer", "applied", "referred by Amara"),
        (-9, "demo-platform-engineer", "interviewing", "first round with the hiring manager"),
        (-12, "demo-data-engineer", "applied", ""),
        (-5, "demo-data-engineer", "rejected", "went with an internal candidate"),
        (-3, "demo-sales-lead", "hidden", "not my field"),
    ]
    out = ["# Applications: one event per item, appended by `stayready mark`."]
    for back, pid, state, note in apps:
        out += [f"- posting: {pid}", f"  state: {state}",
                f"  date: {(today + timedelta(days=back)).isoformat()}"]  # fmt: skip
        if note:
            out.append(f"  note: {yaml_value(note)}")
    (dest / "applications.yml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "journal/demo_notebook")
    when = date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else date.today()
    write_demo_notebook(target, when)
