"""Pass-alongs: which new postings to pass to whom, from the contacts' `pass_along`
wishes (journal/passalong.py) and the job history's open postings.

Here, in the application, because it is where the two cores meet: the journal never
reads feeds, and the market watch never reads the notebook. `today --json` and the
private Today page both call `pass_alongs`, so they always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from foundation.clock import iso

WINDOW = timedelta(days=7)  # postings first seen this recently are news worth passing on
PER_CONTACT = 3  # a note with more than three postings reads as a mailing list
# "Remote" that says the opposite: "No remote", "non-remote", "remote not possible".
_NOT_REMOTE = re.compile(r"\b(?:no|non|not)[\s-]+remote\b|\bremote\s+not\b", re.I)


@lru_cache(maxsize=512)
def _words(phrase: str) -> re.Pattern[str]:
    """A phrase as whole words, any case, any spacing: 'data engineer' matches 'Senior
    Data  Engineer' or 'data-engineer', not 'Database Engineer'; 'C++' is not 'C'."""
    parts = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"[\s/-]+".join(parts) + r"(?!\w)", re.I)


def has_words(phrase: str, text: str) -> bool:
    return bool(phrase.strip()) and _words(phrase).search(text or "") is not None


def is_remote(posting: Any) -> bool:
    """Remote by the source's own word, the extracted work mode, or a place that says so."""
    reqs = getattr(posting, "requirements", None) or {}
    if "remote" in (posting.work_mode or "", reqs.get("work_mode") or ""):
        return True
    for place in _places(posting):
        if has_words("remote", place) and not _NOT_REMOTE.search(place):
            return True
    return False


def _places(posting: Any) -> list[str]:
    return [x for x in (posting.area or "", posting.location or "", *posting.locations) if x]


@dataclass(frozen=True)
class Matcher:
    """What a wish is matched with: the company keys of the warm paths and the skills
    taxonomy (canonical name, lowercased name or alias -> canonical name)."""

    company_key: Any  # CompanyNames.key
    skill_names: Mapping[str, str]

    def skill(self, wanted: str) -> str:
        return self.skill_names.get(wanted.casefold(), wanted)

    def why(self, wish: Any, posting: Any) -> str | None:
        """What matched, in words ('data engineer in Austin, TX'), or None: no match."""
        text = " ".join([posting.title, posting.company, posting.location,
                         (posting.requirements or {}).get("employment_type") or ""])  # fmt: skip
        if any(has_words(word, text) for word in wish.exclude):
            return None
        role = next((r for r in wish.roles if has_words(r, posting.title)), None)
        if wish.roles and role is None:
            return None
        place = None
        for area in wish.areas:
            if area.strip().casefold() == "remote":
                if is_remote(posting):
                    place = "(remote)"
                    break
            elif hit := next((p for p in _places(posting) if has_words(area, p)), None):
                place = f"in {hit}"
                break
        if wish.areas and place is None:
            return None
        terms = {t.casefold() for t in (posting.requirements or {}).get("terms") or ()}
        skills = [s for s in wish.skills if self.skill(s).casefold() in terms]
        if wish.skills and not skills:
            return None
        key = self.company_key(posting.company) if posting.company else ""
        company = next((c for c in wish.companies if key and self.company_key(c) == key), None)
        if wish.companies and company is None:
            return None
        words = [role or posting.title]
        if company:
            words.append(f"at {posting.company}")
        if place:
            words.append(place)
        if skills:
            words.append("with " + ", ".join(self.skill(s) for s in skills))
        return " ".join(words)


def matcher(config: Any) -> Matcher:
    """The matcher for this configuration: its company aliases and its extra terms."""
    from aggregator.companies import CompanyNames
    from aggregator.requirements import load_taxonomy

    names: dict[str, str] = {}
    for term in load_taxonomy(config.profile.terms).terms:
        for form in (term.name, *term.aliases):
            names.setdefault(form.casefold(), term.name)
    return Matcher(CompanyNames(config.companies.aliases).key, names)


def unknown_skills(config: Any, skills: Iterable[str]) -> list[tuple[str, str | None]]:
    """Skills the taxonomy does not know, each with the nearest known name (or None):
    such a skill never matches, as postings carry only the taxonomy's names."""
    import difflib

    known = matcher(config).skill_names
    out = []
    for s in skills:
        if s.casefold() not in known:
            near = difflib.get_close_matches(s.casefold(), list(known), n=1)
            out.append((s, known[near[0]] if near else None))
    return out


def _passed_already(refs: Sequence[str], posting: Any) -> bool:
    url = (posting.url or "").rstrip("/")
    for ref in refs:
        if ref == posting.id or (len(ref) >= 6 and posting.id.startswith(ref)):
            return True
        if ref.startswith(("http://", "https://")) and ref.rstrip("/") == url:
            return True
    return False


def pass_alongs(
    wishes: Mapping[str, Any],
    names: Mapping[str, str],
    passed: Mapping[str, Sequence[tuple[date, str]]],
    postings: Iterable[Any],
    *,
    hidden: set[str],
    now: datetime,
    match: Matcher,
) -> list[dict[str, Any]]:
    """`today --json`'s `pass_alongs`: per contact with a match, up to three open
    postings first seen in the last week (newest first), none already passed to them
    and none marked hidden. `postings` are the open ones (SiteData.current())."""
    since = iso(now - WINDOW)
    fresh = [p for p in postings if (p.first_seen or "") >= since and p.id not in hidden]
    fresh.sort(key=lambda p: (p.first_seen or "", p.id), reverse=True)
    out = []
    for cid in sorted(wishes, key=lambda c: (names.get(c, c).casefold(), c)):
        refs = [ref for _, ref in passed.get(cid, ())]
        found = []
        for p in fresh:
            if _passed_already(refs, p):
                continue
            why = match.why(wishes[cid], p)
            if why is not None:
                found.append({"id": p.id, "title": p.title, "company": p.company,
                              "location": p.location, "url": p.url, "why": why})  # fmt: skip
                if len(found) == PER_CONTACT:
                    break
        if found:
            out.append({"contact": cid, "name": names.get(cid, cid), "postings": found})
    return out


def log_line(contact: str, posting_id: str) -> str:
    """The command that records a pass-along, ready to copy."""
    return f'stayready log "pass-along @{contact}: {posting_id}"'


def for_site(data: Any) -> list[dict[str, Any]]:
    """The pass-alongs of a render: the notebook's wishes (notebook_view.py put them on
    `data`) against the open postings the pages list."""
    if not data.wishes:
        return []
    return pass_alongs(data.wishes, {c.id: c.name for c in data.contacts}, data.passed,
                       data.current(), hidden=data.hidden_ids(), now=data.now,
                       match=matcher(data.config))  # fmt: skip


def for_command(config: Any, notebook: Any, now: datetime) -> list[dict[str, Any]]:
    """The pass-alongs for `stayready today`: the same open postings as the site's."""
    from journal.passalong import passed, wishes

    wanted = wishes(notebook, now.date())
    if not wanted or not config.data_dir.exists():
        return []
    from stayready.site.data import SiteData, load_history

    data = SiteData(now=now, config=config)
    load_history(config, data)
    hidden = {pid for pid, a in notebook.applications.items() if a.hidden}
    names = {c.id: c.name for c in notebook.contacts.values()}
    return pass_alongs(wanted, names, passed(notebook, now.date()), data.current(),
                       hidden=hidden, now=now, match=matcher(config))  # fmt: skip
