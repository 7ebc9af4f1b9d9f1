"""Flags a person can act on, each from a replayed history with its known answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aggregator.models import Posting
from aggregator.trends import compute_trends
from aggregator.trends.rehiring import OFTEN_MONTHS, OFTEN_REPOSTS, latest_window
from foundation.clock import parse_instant

NOW = parse_instant("2026-04-05T06:00:00Z")
_n = 0


def p(company: str, title: str, first: str, last: str, *, area: str | None = None,
      place: str = "Seattle, WA") -> Posting:  # fmt: skip
    global _n
    _n += 1
    return Posting(id=f"x{_n}", feed_id="f", feed="F", url=f"https://x.example/{_n}",
                   title=title, company=company, location=place, area=area,
                   first_seen=f"{first}T07:00:00Z", last_seen=f"{last}T07:00:00Z")  # fmt: skip


HISTORY = [
    # reposted three times within Jan-Mar 2026: flagged
    p("Often", "Barista", "2026-01-01", "2026-01-10"),
    p("Often", "Barista", "2026-01-20", "2026-01-30"),
    p("Often", "Barista", "2026-02-15", "2026-02-25"),
    p("Often", "Barista", "2026-03-10", "2026-03-20"),
    # three reposts too, but spread over Aug-Jan (six months): not flagged
    p("Spread", "Cook", "2025-06-01", "2025-06-10"),
    p("Spread", "Cook", "2025-08-15", "2025-08-20"),
    p("Spread", "Cook", "2025-10-30", "2025-11-05"),
    p("Spread", "Cook", "2026-01-20", "2026-01-25"),
    # one listing up from June to now: always hiring (11 of the 12 months since May)
    p("Always", "Driver", "2025-06-10", "2026-04-04", place="Austin, TX"),
    # up June-Sep and Jan-Apr: 8 of 12 months, under three quarters: not flagged
    p("Twice", "Driver", "2025-06-10", "2025-09-10", place="Austin, TX"),
    p("Twice", "Driver", "2026-01-10", "2026-04-04", place="Austin, TX"),
    # posting in 5 of the 6 months to November, then nothing while software still posts
    *[p("Quiet", f"Role {m}", f"2025-{m:02d}-05", f"2025-{m:02d}-15", area="software")
      for m in (7, 8, 9, 10, 11)],
    p("Busy", "Engineer", "2026-03-03", "2026-03-20", area="software"),
    # as steady, but no design posting at all last month: the feed went quiet, not them
    *[p("Gone", f"Role {m}", f"2025-{m:02d}-05", f"2025-{m:02d}-15", area="design")
      for m in (7, 8, 9, 10, 11)],
    # two postings six months apart: never a steady cadence
    p("Sporadic", "Analyst", "2025-05-05", "2025-05-10", area="software"),
    p("Sporadic", "Analyst 2", "2025-11-05", "2025-11-10", area="software"),
]  # fmt: skip


def _flags():
    return compute_trends(HISTORY, now=NOW).flags


def test_exactly_the_known_flags():
    assert {(f.kind, f.company) for f in _flags()} == {
        ("reposted_often", "Often"),
        ("always_hiring", "Always"),
        ("silence", "Quiet"),
    }


def test_flag_details():
    flags = {f.kind: f for f in _flags()}
    often = flags["reposted_often"]
    assert (often.title, often.location, often.count) == ("Barista", "Seattle, WA", 3)
    assert (often.from_month, often.to_month) == ("2026-01", "2026-03")
    always = flags["always_hiring"]
    assert (always.title, always.count, always.from_month, always.to_month) == (
        "Driver",
        11,
        "2025-05",
        "2026-04",
    )
    quiet = flags["silence"]
    assert (quiet.title, quiet.from_month, quiet.count) == (None, "2025-12", 5)
    assert "nothing new for 4 full months" in quiet.detail


def test_old_patterns_are_not_flagged():
    # A year later the same reposts are history, not something to act on.
    later = compute_trends(HISTORY, now=parse_instant("2027-03-01"))
    assert not [f for f in later.flags if f.kind in ("reposted_often", "silence")]


@given(st.lists(st.integers(0, 40), max_size=30).map(sorted), st.integers(0, 45))
def test_latest_window_is_the_last_one_a_forward_search_finds(months, recent):
    """The backward search gives what a plain forward search (keeping the last window
    found, widened) gives."""
    best = None
    for i in range(len(months) - OFTEN_REPOSTS + 1):
        j = i + OFTEN_REPOSTS - 1
        if months[j] - months[i] <= OFTEN_MONTHS - 1 and months[j] >= recent:
            k = j
            while k + 1 < len(months) and months[k + 1] - months[i] <= OFTEN_MONTHS - 1:
                k += 1
            best = (i, k)
    assert latest_window(months, recent) == best
