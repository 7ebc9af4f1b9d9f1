"""`stayready init`: a person's own Stay Ready repository, holding their data and no code.

The tool is installed (pinned to one released version in the nightly workflow) and the
repository holds only what is the person's: the configuration, the notebook, the home
page, the job history the nightly commits. Site settings, templates and the stylesheet
come from the installed package at each build (stayready/site/shipped.py), so upgrading
is one line in the workflow. Nothing here overwrites a file: a file that is already
there is kept and reported (a `.gitignore` only gains the lines it lacks, because
`.private/` must never be committed).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from foundation import __version__
from foundation.errors import UsageError
from stayready.site import shipped

DIST = "stayready"  # the distribution's name, for its metadata
# The nightly's install lines in this repository (an editable install of the checkout);
# a person's repository installs the released version instead.
_INSTALL_LINE = re.compile(r"^(\s*run: python -m pip install (?:-\w+ )*)-e \.\s*$", re.M)

# Files that mark a folder as an existing Stay Ready site (of any age: a site made from
# the old template has its own mkdocs.yml and stayready.yml too).
SITE_MARKERS = ("stayready.yml", "mkdocs.yml", shipped.BASE_CONFIG)


@dataclass
class Home:
    folder: Path
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there; left as they were
    extended: list[Path] = field(default_factory=list)  # .gitignore: lines added
    pin: str = ""


def source_url() -> str:
    """This project's git repository, from the installed package's metadata (pyproject's
    [project.urls] Source): the one place a fork that publishes itself changes."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata(DIST).get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "source":
            return url.strip().removesuffix(".git")
    raise UsageError(
        "Stay Ready is not installed, so the version to pin is unknown",
        hint="install it (pip install .) and run `stayready init` again",
    )


def requirement(version: str = __version__) -> str:
    """What the nightly installs: this exact release, from its git tag, never the bare
    name (`stayready` on the package index is an unrelated project)."""
    return f"stayready @ git+{source_url()}@v{version}"


def make_home(
    folder: Path,
    *,
    areas: list[str] | None = None,
    title: str = "Stay Ready",
    timezone: str | None = None,
    today: date | None = None,
) -> Home:
    """Write a new site into `folder` (created if needed); refuse one that holds a site."""
    folder = folder.resolve()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder", hint="name a new folder")
    for marker in SITE_MARKERS:
        if (folder / marker).exists():
            raise UsageError(
                f"{folder} already holds a Stay Ready site ({marker}); nothing was changed",
                hint="run `stayready init` with a new or empty folder; to upgrade a site, "
                "change the version in .github/workflows/nightly.yml and reinstall",
            )
    pin = requirement()
    home = Home(folder=folder, pin=pin)
    day = today or date.today()
    files = {
        "stayready.yml": _config(title, areas or [], timezone or local_zone()),
        "mkdocs.yml": shipped.HOME_MKDOCS,
        "docs/index.md": shipped.home_page().read_text(encoding="utf-8"),
        "notebook/contacts/sam-example.md": EXAMPLE_CONTACT,
        f"notebook/entries/{day.year}/{day.isoformat()}-welcome.md": _welcome(day),
        ".github/workflows/nightly.yml": nightly(pin),
        # Log from a phone: the issue form and the workflow that turns an issue into an entry.
        ".github/workflows/capture.yml": pinned(shipped.capture_workflow(), pin),
        ".github/ISSUE_TEMPLATE/log.yml": shipped.issue_form().read_text(encoding="utf-8"),
        "README.md": _readme(title),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as out:  # "x": never overwrite
                out.write(text)
        except FileExistsError:
            home.kept.append(path)
        else:
            home.written.append(path)
    _gitignore(folder / ".gitignore", home)
    return home


def pinned(workflow: Path, pin: str) -> str:
    """One of this repository's workflows, installing the pinned release instead of the
    checkout. Derived from the shipped file so both keep one shape."""
    text = workflow.read_text(encoding="utf-8")
    text, count = _INSTALL_LINE.subn(lambda m: f'{m.group(1)}"{pin}"', text)
    if not count:  # the shipped workflow changed shape: fail loudly, not silently unpinned
        raise UsageError(f"the shipped workflow {workflow.name} has no install step to pin")
    return text


def nightly(pin: str) -> str:
    """The nightly workflow, pinned, with a word on upgrading."""
    text = pinned(shipped.nightly_workflow(), pin)
    return text.replace(
        '# Read README.md ("The nightly build") before turning it on',
        "# Made by `stayready init`; to upgrade Stay Ready, change the version in both\n"
        "# install steps. Read README.md before turning it on",
        1,
    )


def local_zone() -> str:
    """This machine's IANA time zone (TZ, or what /etc/localtime points at), else UTC."""
    from zoneinfo import ZoneInfo

    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.readlink("/etc/localtime")
        candidates.append(link.partition("zoneinfo/")[2])
    except OSError:
        pass
    for name in candidates:
        if name and "/" in name:
            try:
                ZoneInfo(name)
            except (ValueError, OSError, KeyError):
                continue
            return name
    return "UTC"


def _gitignore(path: Path, home: Home) -> None:
    lines = GITIGNORE.splitlines()
    if not path.exists():
        path.write_text(GITIGNORE, encoding="utf-8")
        home.written.append(path)
        return
    have = set(path.read_text(encoding="utf-8").splitlines())
    missing = [line for line in lines if line and not line.startswith("#") and line not in have]
    if missing:
        with path.open("a", encoding="utf-8") as out:
            out.write("\n# Stay Ready\n" + "\n".join(missing) + "\n")
        home.extended.append(path)
    else:
        home.kept.append(path)


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _config(title: str, areas: list[str], timezone: str) -> str:
    area_lines = "".join(f"#   - {a}\n" for a in areas) or "#   - Remote\n"
    first = areas[0] if areas else "Remote"
    return f"""\
# Your Stay Ready configuration. Relative paths resolve from this file's folder.
# `stayready check` validates it; every key is explained in Stay Ready's README
# ("Configuration").

site:
  title: {_yaml_str(title)}
  # base_url: https://you.github.io/your-repository/
  timezone: {timezone}

# The areas you might like to live and work in; each feed names one as its `area`,
# and the Jobs page has a table per area:
{area_lines}#
# Add feeds with `stayready feeds add URL` (a feed address, or a careers page on
# Greenhouse, Lever, Ashby, Workable, Recruitee, Personio, SmartRecruiters or Workday),
# `stayready feeds import-opml FILE` (a feed reader's export), or here by hand, one
# entry per feed:
#   - name: Python.org Jobs
#     url: https://www.python.org/jobs/feed/rss/
#     area: {first}
#   - {{name: Acme, kind: greenhouse, board: acme, area: {first}}}
#   - {{name: Lakeside Health, kind: workday, area: {first},
#      url: 'https://lakesidehealth.wd5.myworkdayjobs.com/en-US/Careers'}}
feeds: []

notebook:
  path: notebook          # your notes: contacts/ and entries/ (private unless marked public)
  letters_per_week: 2     # the alphabet sweep: family names starting with these letters
  people_per_week: 2
  helping_goal_minutes: 90
  cadences: {{A: 30d, B: 90d, C: 180d, D: 365d}}   # how often to be in touch, per tier

profile:
  skills: []              # your skills, compared with what the market asks for

public:
  # Market pages shown on the public site; drop any you would rather not show.
  sections: [jobs, trends, companies, health, journal]
  index: false            # ask search engines not to index the site
"""


EXAMPLE_CONTACT = """\
---
id: sam-example
name: Sam Example
tier: B
relationship: former-colleague
worked_together: true
org: Example Co
---

An example contact, so the pages have someone to show. Replace it with your own people:
one file per person in notebook/contacts/ (the file name is the id you write after @),
or `stayready contacts import FILE` with a LinkedIn, Outlook or Google export or a vCard.
Then delete this file and the welcome entry.
"""


def _welcome(day: date) -> str:
    return f"""\
---
date: {day.isoformat()}
title: Welcome to your Stay Ready notebook
visibility: private
---

What to do next:

1. Add the job feeds for your areas to stayready.yml and run `stayready fetch`.
2. Add your people to notebook/contacts/ (or `stayready contacts import FILE`).
3. Log what you did for or with someone, one line each, e.g.
   `stayready log "call @sam-example 20m +give: sent two leads"`.
4. `stayready build --private` (or `stayready serve`) and read the Today page.
5. Put this folder on GitHub (a private repository) and turn on the nightly: see README.md.

Then delete this entry and notebook/contacts/sam-example.md.

- message @sam-example 5m +give: an example interaction; delete it with this entry
"""


GITIGNORE = f"""\
# Made by `stayready init`. Never commit .private/: it holds the private edition.
.private/
.cache/
/site/
docs/generated/
# Written from the installed Stay Ready by every build:
{shipped.BASE_DIR}/
docs/{shipped.STYLESHEET}
.venv/
__pycache__/
"""


def _readme(title: str) -> str:
    return f"""\
# {title}

My job-market watch and networking journal, built with
[Stay Ready]({source_url()}) every night.

- `stayready.yml`: the feeds, the areas and the settings; `stayready check` validates it.
- `notebook/`: contacts and entries (private unless an entry says `visibility: public`).
- `data/`: the job history, committed by the nightly run.
- `docs/index.md`: the home page; everything else is generated at build time.

Set up the nightly: **Settings → Pages → Source: GitHub Actions**, then
**Actions → nightly → Run workflow** once. Keep this repository private while
`notebook/` holds private notes (the nightly refuses to publish from a public one).
Upgrade Stay Ready by changing the version in `.github/workflows/nightly.yml`.
"""
