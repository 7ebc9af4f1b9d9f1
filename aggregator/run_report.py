"""What a fetch run reports: per feed new / updated / unchanged or failed and why."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    stored: bool = True

    @property
    def failed(self) -> bool:
        return self.error is not None

    def summary(self) -> str:
        """The final line for this feed, e.g. "new 3, updated 1, unchanged 96"."""
        if self.outcome == "deferred" and self.polite_until:
            text = (
                "skipped: asked recently (the API asks for few requests), "
                f"next after {self.polite_until}"
            )
        elif self.outcome == "deferred":
            text = f"skipped: failing, next try after {self.next_attempt}"
            if self.error:
                text += f" (last error: {self.error})"
        elif self.outcome == "gone":
            text = f"gone: {self.error}; remove it from stayready.yml"
        elif self.error:
            text = f"failed: {self.error}"
        elif not self.stored:
            text = "fetched, but not stored: too many feeds failed"
        else:
            parts = [f"new {self.new}", f"updated {self.updated}", f"unchanged {self.unchanged}"]
            parts += [f"{n} {v}" for n, v in (("back", self.back), ("left", self.left),
                                                ("filtered out", self.filtered)) if v]  # fmt: skip
            text = ", ".join(parts)
            if self.outcome == "not_modified":
                text += " (not modified)"
        if self.redirect:
            text += f"; moved permanently to {self.redirect}: update stayready.yml"
        return text


@dataclass
class RunReport:
    feeds: list[FeedReport] = field(default_factory=list)
    new_postings: list[Posting] = field(default_factory=list)
    total_feeds: int = 0
    too_many_failed: bool = False
    problems: list[StayReadyError] = field(default_factory=list)

    @property
    def failed_feeds(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.failed]
