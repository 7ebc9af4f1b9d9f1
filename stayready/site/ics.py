"""An ICS calendar (private edition) of the weekly sweep and the follow-ups to make.

One recurring event for the sweep on the configured week start, one all-day event per
follow-up; stable UIDs so a subscribed calendar updates instead of duplicating.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

_DAYS = {"monday": "MO", "sunday": "SU", "saturday": "SA"}


def _text(value: object) -> str:
    # RFC 5545 TEXT escaping; then fold long lines at 73 octets.
    out = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "")


def _fold(line: str) -> str:
    raw = line.encode("utf-8")
    if len(raw) <= 73:
        return line
    parts, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(cur) + len(b) > 73:
            parts.append(cur.decode("utf-8"))
            cur = b""
        cur += b
    parts.append(cur.decode("utf-8"))
    return "\r\n ".join(parts)


def _uid(*bits: object) -> str:
    return hashlib.sha1("|".join(map(str, bits)).encode()).hexdigest()[:20] + "@stayready"


def calendar(data: Any) -> str:
    nb = data.config.notebook
    stamp = data.now.strftime("%Y%m%dT%H%M%SZ")
    # The week starts where the person is (site.timezone), not in UTC.
    start = data.now.astimezone(ZoneInfo(data.config.site.timezone)).date()
    target = list(_DAYS).index(nb.week_start) if nb.week_start in _DAYS else 0
    weekday = {0: 0, 1: 6, 2: 5}[target]  # python weekday of monday/sunday/saturday
    while start.weekday() != weekday:
        start += timedelta(days=1)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Stay Ready//Network//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(data.config.site.title + ': network')}",
        "BEGIN:VEVENT",
        f"UID:{_uid('sweep')}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
        f"RRULE:FREQ=WEEKLY;BYDAY={_DAYS.get(nb.week_start, 'MO')}",
        "SUMMARY:"
        + _text(f"Weekly sweep: {nb.letters_per_week} letters, {nb.people_per_week} people"),
        "END:VEVENT",
    ]
    for when, what in sorted(data.follow_ups):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_uid('follow-up', when, what)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{when.strftime('%Y%m%d')}",
            f"SUMMARY:{_text('Follow up: ' + what)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(x) for x in lines) + "\r\n"
