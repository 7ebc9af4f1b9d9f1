"""OPML: reading feed-reader exports, importing into stayready.yml with comments kept, exporting."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path

import pytest

from aggregator.opml import OpmlFeed, import_into_config, read_opml, write_opml
from foundation.config import load_config
from foundation.errors import StayReadyError
from tests.conftest import FIXTURES, write_config

CASES = FIXTURES / "opml"

CONFIG = """\
# My job feeds
site:
  title: Me  # shown on the site
feeds:
  # software
  - name: We Work Remotely - Programming
    url: https://weworkremotely.com/categories/remote-programming-jobs.rss
    area: Remote
  - name: City jobs   # Austin
    url: https://example.org/jobs.rss
    filters:
      keep:
        - nurse
  # more to come
# the notebook stays below
notebook:
  path: notes
"""


def test_reader_export_gives_every_feed_outline_in_order() -> None:
    feeds = read_opml(CASES / "reader-export.opml")
    expected = json.loads((CASES / "reader-export.expected.json").read_text())
    # An outline has no board or area of its own: those are None, the rest as expected.
    assert all(f.board is None and f.area is None for f in feeds)
    assert [{k: v for k, v in asdict(f).items() if k not in ("line", "board", "area")}
            for f in feeds] == expected  # fmt: skip


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ((CASES / "broken.opml").read_text(), 7, "not a valid OPML file: mismatched tag"),
        ('<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', 1, "not an OPML file"),
        ('<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY a "aaaa">]>\n<opml/>', 3, "entities"),
        ("<opml><body><outline text='folder'/></body></opml>", None, "no feeds"),
    ],
)
def test_a_broken_file_names_its_line(tmp_path: Path, text: str, line, message: str) -> None:
    path = tmp_path / "subs.opml"
    path.write_text(text)
    with pytest.raises(StayReadyError) as info:
        read_opml(path)
    assert info.value.file == str(path) and info.value.line == line
    assert message in info.value.message


def test_import_adds_new_urls_and_keeps_every_comment(project: Path) -> None:
    path = write_config(project, CONFIG)
    found = read_opml(CASES / "reader-export.opml")
    result = import_into_config(path, found)
    assert [f.name for f in result.skipped] == ["We Work Remotely - Programming"]
    assert len(result.added) == 3
    text = path.read_text()
    # The original text is all still there, line for line, with the new feeds after the last.
    assert text.startswith(CONFIG.split("  # more to come")[0])
    assert text.endswith("  # more to come\n# the notebook stays below\nnotebook:\n  path: notes\n")
    config = load_config(path)
    assert [f.name for f in config.feeds][2:] == [
        "Nursing & Health <Austin>",
        "City of Austin",
        "Acme careers",
    ]
    assert (
        config.feeds[3].url == "https://www.governmentjobs.com/SearchEngine/JobsFeed?agency=austin"
    )
    assert config.feeds[1].filters.keep  # untouched entries keep their settings
    again = import_into_config(path, found)
    assert again.added == [] and len(again.skipped) == 4
    assert path.read_text() == text


def test_import_gives_clashing_names_their_own_id(project: Path) -> None:
    path = write_config(project, CONFIG)
    import_into_config(path, [OpmlFeed("City Jobs", "https://other.example/jobs.rss")])
    config = load_config(path)
    assert [f.id for f in config.feeds] == [
        "we-work-remotely-programming",
        "city-jobs",
        "city-jobs-2",
    ]


def test_import_into_a_config_without_feeds(project: Path) -> None:
    path = write_config(project, "site:\n  title: Me\nfeeds: []\n# end\n")
    import_into_config(path, [OpmlFeed("A: the jobs", "https://a.example/x?b=1&c=2")])
    config = load_config(path)
    assert [(f.name, f.url) for f in config.feeds] == [
        ("A: the jobs", "https://a.example/x?b=1&c=2")
    ]
    assert "# end" in path.read_text()


def test_an_outline_that_is_not_http_is_skipped_alone(project: Path) -> None:
    path = write_config(project, CONFIG)
    result = import_into_config(path, [OpmlFeed("Bad", "ftp://files.example/jobs")])
    assert [f.name for f in result.invalid] == ["Bad"] and not result.added
    assert path.read_text() == CONFIG  # nothing to add: the file is untouched
    good = OpmlFeed("Good", "https://good.example/jobs.rss")
    result = import_into_config(path, [OpmlFeed("Bad", "feed://x.example/rss"), good])
    assert result.added == [good] and [f.name for f in result.invalid] == ["Bad"]
    assert [f.name for f in load_config(path).feeds][-1] == "Good"


def test_export_escapes_and_round_trips(project: Path, tmp_path: Path) -> None:
    path = write_config(project, CONFIG)
    import_into_config(path, read_opml(CASES / "reader-export.opml"))
    config = load_config(path)
    text = write_opml(config.feeds, 'Me & "my" <feeds>')
    root = ET.fromstring(text.encode())
    assert root.find("head/title").text == 'Me & "my" <feeds>'
    outlines = root.findall("body/outline")
    assert [(o.get("text"), o.get("xmlUrl")) for o in outlines] == [
        (f.name, f.url) for f in config.feeds
    ]
    out = tmp_path / "out.opml"
    out.write_text(text)
    assert [(f.name, f.url) for f in read_opml(out)] == [(f.name, f.url) for f in config.feeds]
