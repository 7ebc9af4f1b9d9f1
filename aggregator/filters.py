"""Keep and block rules from stayready.yml, applied to postings before they are stored.

A posting is stored when it passes the global filters and its feed's own filters. At
each level: if there are keep rules, at least one must match; no block rule may match.
So a feed's keep rules narrow the global ones rather than replace them.
"""

from __future__ import annotations

from aggregator.models import Posting
from foundation.config import FeedConfig, FilterRule, Filters


def field_text(posting: Posting, name: str) -> str:
    """The text a rule of field `name` looks at."""
    if name == "title":
        return posting.title or ""
    if name == "company":
        return posting.company or ""
    if name == "location":
        return " / ".join([posting.location or "", *posting.locations])
    if name == "text":
        return posting.description or ""
    return "\n".join(field_text(posting, n) for n in ("title", "company", "location", "text"))


def _matches(rule: FilterRule, posting: Posting) -> bool:
    return rule.pattern.search(field_text(posting, rule.field)) is not None


def passes_level(filters: Filters, posting: Posting) -> bool:
    if filters.keep and not any(_matches(r, posting) for r in filters.keep):
        return False
    return not any(_matches(r, posting) for r in filters.block)


def passes(posting: Posting, global_filters: Filters, feed: FeedConfig) -> bool:
    """Whether the posting is kept under the global filters and the feed's filters."""
    return passes_level(global_filters, posting) and passes_level(feed.filters, posting)
