"""The Atom feeds (new postings, public journal) and the private ICS calendar."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from foundation.clock import parse_instant
from stayready.site import atom, ics
from stayready.site.data import Entry
from tests.site_sample import add_postings, project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
A = "{http://www.w3.org/2005/Atom}"


def test_jobs_feed_escapes_text_and_keeps_only_http_links(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, days=1, per_day=1)
    bad = add_postings(
        data,
        [
            {
                "id": "x1",
                "title": "<b>Bold</b> & co",
                "company": "]]> Evil",
                "url": "javascript:x()",
            },
            {"id": "x2", "title": "Fine", "company": "Good", "url": "https://ok.example/2"},
        ],
    )
    root = ET.fromstring(atom.jobs_feed(data, bad))
    entries = root.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [
        "urn:stayready:posting:x1",
        "urn:stayready:posting:x2",
    ]
    assert entries[0].findtext(f"{A}title") == "<b>Bold</b> & co at ]]> Evil"
    assert entries[0].find(f"{A}link") is None
    assert entries[1].find(f"{A}link").get("href") == "https://ok.example/2"
    assert root.findtext(f"{A}updated") == "2026-03-02T06:00:00Z"


def test_journal_feed_lists_public_entries_newest_first(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, days=1, per_day=1)
    entries = [
        Entry(date=date(2026, 2, d), title=f"Post {d}", body="text", public=True, slug=f"p{d}")
        for d in (3, 9, 5)
    ]
    root = ET.fromstring(atom.journal_feed(data, entries))
    assert [e.findtext(f"{A}title") for e in root.findall(f"{A}entry")] == [
        "Post 9",
        "Post 5",
        "Post 3",
    ]


def test_calendar_has_the_weekly_sweep_and_follow_ups_with_stable_uids(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, days=1, per_day=1)
    data.follow_ups = [(date(2026, 3, 4), "Write to Pat; ask about the team, and lunch")]
    text = ics.calendar(data)
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "RRULE:FREQ=WEEKLY;BYDAY=MO" in lines
    assert "DTSTART;VALUE=DATE:20260302" in lines  # 2026-03-02 is a Monday
    assert "SUMMARY:Follow up: Write to Pat\\; ask about the team\\, and lunch" in lines
    assert all(len(line.encode()) <= 75 for line in lines)
    assert text == ics.calendar(data), "same input, same calendar (stable UIDs)"
