"""The one rule for a role listed twice: another feed's copy of a job still open, or a
re-listing (a repost).

A **duplicate** is the same job (same company, title words and place: `posting_key`)
first seen on another feed while the earlier listing is still open there. It is one
posting: it is marked `duplicate_of` at ingest and left out of every count. **Anything
else is a re-listing**: counted in its own month, and (within REPOST_WITHIN_DAYS of
the role's previous listing) a repost in the company's re-hiring figures. Another city
or another level is another role, so neither.

"Still open" is what the watch knows: the earlier listing had not left its feed when
the later one was first seen, and its feed had listed it within OPEN_GRACE_DAYS before
(a feed removed from the config, or failing for weeks, keeps its postings live but
says nothing about them any more). The nightly run (run_changes.py) applies this rule
to the live index; `stayready reindex` (aggregator/reindex.py) applies the same
function to a whole stored history, so old nights get today's answers.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aggregator.companies import CompanyNames
    from aggregator.models import Posting

REPOST_WITHIN_DAYS = 90  # a re-listing this soon after the last one is a repost
OPEN_GRACE_DAYS = 7  # a listing last seen this recently is still open (missed nights)


def day(stamp: str | None) -> int | None:
    """The day ordinal of an ISO timestamp (`2026-03-01T06:30:00Z`), None if unreadable."""
    if not stamp:
        return None
    try:
        return date.fromisoformat(stamp[:10]).toordinal()
    except ValueError:
        return None


def still_open(last_seen: str | None, left_at: str | None, at: str) -> bool:
    """Whether a listing was still open on its feed when another was first seen `at`.

    `last_seen`: the last time its feed listed it (as of `at`); `left_at`: when the
    watch found it gone or closed (None while it is listed).
    """
    if left_at is not None and left_at <= at:
        return False
    seen, now = day(last_seen), day(at)
    if seen is None or now is None:
        return left_at is None  # no dates to go by: the live index's word
    return now - seen <= OPEN_GRACE_DAYS


def is_repost(previous_day: int, listing_day: int) -> bool:
    """Whether a listing on `listing_day` re-lists a role last listed on `previous_day`."""
    return 0 < listing_day - previous_day <= REPOST_WITHIN_DAYS


def posting_key(company: str, title: str, location: str, url: str, company_key: str) -> str:
    """The job key one posting is matched on across feeds (hashed by the store).

    `company_key` is the company's grouping key (aggregator/companies.py, aliases
    applied). Without a company two titles alike say nothing, but the same cleaned link
    on two feeds is the same job.
    """
    if not company_key:
        return f"url|{url}" if url else ""
    from aggregator.normalize import job_key

    _, title_words, place = job_key("", title, location).split("|")
    return f"{company_key}|{title_words}|{place}"


def stored_key(p: Posting, names: CompanyNames) -> str:
    """The hashed `posting_key` of a posting, as the live index stores it."""
    from aggregator.store_format import key_hash

    company = (p.company or "").strip()
    return key_hash(posting_key(company, p.title, p.location, p.url,
                                names.key(company) if company else ""))  # fmt: skip
