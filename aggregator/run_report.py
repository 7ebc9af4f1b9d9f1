"""What a fetch run reports: per feed new / updated / unchanged or failed and why."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from aggregator.models import Posting
from foundation.errors import StayReadyError


@dataclass
class FeedReport:
    """What happened to one feed in this run."""

    feed_id: str
    name: str
    outcome: str  # fetched / not_modified / failed / gone / deferred
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    back: int = 0  # listed again after having left
    left: int = 0  # no longer listed (closed, for whole-board feeds)
    filtered: int = 0  # dropped by keep/block rules
    error: str | None = None
    http_status: int | None = None
    redirect: str | None = None  # the new URL after a permanent redirect
    next_attempt: str | None = None
    polite_until: str | None = None  # deferred by the API's polling terms, not a failure
    polite_why: str = "the API asks for few requests"  # or ours: fetch.polite_why
    incomplete: str | None = None  # read short (one page of a paged board): nothing closed
    board_note: str | None = None  # a paged board's oddity, e.g. a total lower than it lists

    @property
    def failed(self) -> bool:
        return self.error is not None

    def summary(self, tz: str | None = None) -> str:
        """The final line for this feed, e.g. "new 3, updated 1, unchanged 96".

        Times are shown in `tz` (site.timezone: a person reads this line, and `status`
        shows the same moments there); without it, as stored (UTC).
        """
        if self.outcome == "deferred" and self.polite_until:
            text = (
                f"skipped: asked recently ({self.polite_why}), "
                f"next after {local_time(self.polite_until, tz)}; `fetch --force` asks now"
            )
        elif self.outcome == "deferred":
            text = f"skipped: failing, next try after {local_time(self.next_attempt, tz)}"
            if self.error:
                text += f" (last error: {self.error})"
        elif self.outcome == "gone":
            text = f"gone: {self.error}; remove it from stayready.yml"
        elif self.error:
            text = f"failed: {self.error}"
        else:
            parts = [f"new {self.new}", f"updated {self.updated}", f"unchanged {self.unchanged}"]
            parts += [f"{n} {v}" for n, v in (("back", self.back), ("left", self.left),
                                                ("filtered out", self.filtered)) if v]  # fmt: skip
            text = ", ".join(parts)
            if self.outcome == "not_modified":
                text += " (not modified)"
            if self.incomplete:
                text += f"; incomplete: {self.incomplete}"
            if self.board_note:
                text += f"; {self.board_note}"
        if self.redirect:
            text += f"; moved permanently to {self.redirect}: update stayready.yml"
        return text


@dataclass
class RunReport:
    """What one fetch run did, feed by feed."""

    feeds: list[FeedReport] = field(default_factory=list)
    new_postings: list[Posting] = field(default_factory=list)
    total_feeds: int = 0
    too_many_failed: bool = False
    # The one network-level reason every feed asked failed for: the machine is offline.
    network_down: str | None = None
    problems: list[StayReadyError] = field(default_factory=list)

    @property
    def failed_feeds(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.failed]

    def failure_causes(self, limit: int = 4) -> list[str]:
        """The failing feeds' reasons, most common first, each with what to do about it:
        "2 sent an HTML page, not a feed (...)". A first feed list fails for its addresses
        far more often than for the network, and the hint should say which."""
        counts: dict[str, int] = {}
        for f in self.failed_feeds:
            reason = re.sub(r" \(after \d+ attempts\)$", "", f.error or "failed")
            counts[reason] = counts.get(reason, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        lines = []
        for reason, n in ranked[:limit]:
            # An error that already says what to set needs no advice beside it.
            advice = "" if "set `kind" in reason else next(
                (a for needle, a in _ADVICE if needle in reason), "")  # fmt: skip
            lines.append(f"{n} x {reason}" + (f" ({advice})" if advice else ""))
        if len(ranked) > limit:
            lines.append(f"{sum(n for _, n in ranked[limit:])} more for other reasons")
        return lines


# What a person can do about the common reasons a feed fails, matched on its error text.
_ADVICE = (
    ("HTML page", "a web page, not a feed: use the address of its RSS/Atom feed, or the "
     "board's `kind` and `board`"),
    ("HTTP 404", "no such address: check the URL, or the `board` name"),
    ("HTTP 401", "the feed needs a login: Stay Ready reads public feeds only"),
    ("HTTP 403", "the server refuses the request: the feed may not be public"),
    ("sent JSON, not a feed", "a JSON API: set the feed's `kind`"),
    ("not a job list from", "check the feed's `kind` and `board`"),
    ("host not found", "check the host name in the address"),
    ("connection refused", "the server is down or the port is wrong"),
    ("timed out", "the server is slow or unreachable; it is retried on later nights"),
    ("HTTP 5", "the server's own trouble; it is retried on later nights"),
)  # fmt: skip


def local_time(stamp: str | None, tz: str | None) -> str:
    """A stored UTC stamp as a person reads it: '2026-03-02 00:30 CST' in `tz`, or the
    stamp itself without a zone (or when it does not parse)."""
    if not stamp or not tz:
        return stamp or "-"
    try:
        from zoneinfo import ZoneInfo

        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %Z")
    except (ValueError, KeyError, OSError):
        return stamp
