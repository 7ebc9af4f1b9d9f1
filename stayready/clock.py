"""The current time, replayable: STAYREADY_NOW (an ISO date or timestamp) overrides it.

Everything that depends on "now" asks here, so tests and demos can replay days.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from stayready.errors import UsageError


def now() -> datetime:
    """The current time as an aware UTC datetime."""
    raw = os.environ.get("STAYREADY_NOW", "").strip()
    if not raw:
        return datetime.now(UTC)
    return parse_instant(raw, source="STAYREADY_NOW")


def parse_instant(raw: str, *, source: str = "value") -> datetime:
    """Read an ISO date or timestamp; a bare date means midnight UTC, a naive time is UTC."""
    try:
        if len(raw) == 10:
            d = date.fromisoformat(raw)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{source}={raw!r} is not an ISO date or timestamp",
            hint="use e.g. 2026-03-01 or 2026-03-01T06:30:00Z",
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso(moment: datetime) -> str:
    """The stored form of a timestamp: ISO 8601 in UTC, seconds precision, with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
