"""The journal's Atom feed carries each entry as the post page shows it, not raw markdown."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from foundation.clock import parse_instant
from stayready.site import atom
from stayready.site.data import Entry
from tests.site_sample import project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
A = "{http://www.w3.org/2005/Atom}"


def test_entries_are_html_with_their_paragraphs_and_lists(tmp_path):
    data = sample_data(project_config(tmp_path), NOW, days=1, per_day=1)
    body = "A first line\nof one paragraph.\n\nWhat helped:\n\n- **short** notes\n- <b>x</b> & co"
    entry = Entry(date=date(2026, 2, 3), title="Post", body=body, public=True, slug="post")
    content = ET.fromstring(atom.journal_feed(data, [entry])).find(f"{A}entry/{A}content")
    assert content.get("type") == "html"
    html = content.text
    assert "<p>A first line of one paragraph.</p>" in html and "<p>What helped:</p>" in html
    assert "<li><strong>short</strong> notes</li>" in html
    assert "- **short**" not in html and "<b>x</b> &amp; co" in html
