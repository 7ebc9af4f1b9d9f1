"""The current time, replayable: STAYREADY_NOW (an ISO date or timestamp) overrides it.

Everything that depends on "now" asks here, so tests and demos can replay days.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, tzinfo

from foundation.errors import UsageError


def now(zone: tzinfo | None = None) -> datetime:
    """The current time as an aware UTC datetime.

    `zone` is where the person is (site.timezone): a bare date in STAYREADY_NOW means
    that day at noon there, or at noon UTC when no zone is given.
    """
    raw = os.environ.get("STAYREADY_NOW", "").strip()
    if not raw:
        return datetime.now(UTC)
    if len(raw) == 10:
        try:
            d = date.fromisoformat(raw)
        except ValueError:
            pass  # parse_instant says what is wrong with it
        else:
            # A bare date asks to replay that day, not an instant. Midnight UTC is the
            # evening before west of Greenwich (18:00 on the 25th in Chicago), so the
            # journal logged and counted the wrong day. Noon where the person is falls
            # on that day in every zone (clocks change at night); the callers that count
            # days in UTC (fetch, trends, the site) pass no zone and get noon UTC, which
            # is that same date from UTC-11 to UTC+11.
            return datetime(d.year, d.month, d.day, 12, tzinfo=zone or UTC).astimezone(UTC)
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
