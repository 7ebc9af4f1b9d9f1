"""Journal bodies on the pages: interaction shorthand written out, everything else as
written, and in public only the names of people who agreed to be named."""

from __future__ import annotations

from datetime import date

import pytest

from foundation.clock import parse_instant
from stayready.site import editions
from stayready.site.data import Entry
from stayready.site.prose import readable
from tests.site_sample import project_config, sample_data

NAMES = {"jane-doe": "Jane Doe", "pat-lee": "Pat Lee", "raj-rao": "Raj Rao"}


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("- call @jane-doe 20m +give: thanked her for the intro",
         "- **Call** with Jane Doe, 20 min, gave: thanked her for the intro"),
        ("- meal @jane-doe @pat-lee @raj-rao 60m",
         "- **Meal** with Jane Doe, Pat Lee and Raj Rao, 60 min"),
        ("- ask @pat-lee: a referral", "- **Ask** with Pat Lee, asked: a referral"),
        ("- help @raj-rao 30m", "- **Help** with Raj Rao, 30 min, gave"),
        ("- thank-you @raj-rao", "- **Thank you** with Raj Rao"),
        ("- lead +stranger: a recruiter wrote", "- **Lead**, from a stranger: a recruiter wrote"),
        ("  * call @nobody-known 5m", "  - **Call** with @nobody-known, 5 min"),  # kept as id
        ("- lunch @jane-doe: typo'd type", "- lunch @jane-doe: typo'd type"),  # malformed: as is
        ("- bought milk", "- bought milk"),  # plain prose
        ("Called @jane-doe today.", "Called @jane-doe today."),  # not a bullet
    ],
)  # fmt: skip
def test_interaction_lines_are_written_out(line: str, shown: str) -> None:
    assert readable(line, NAMES) == shown


def test_code_blocks_and_other_lines_stay_as_written() -> None:
    body = "Intro.\n\n```\n- call @jane-doe 20m\n```\n- call @jane-doe 20m\n\nEnd."
    out = readable(body, NAMES).split("\n")
    assert out[3] == "- call @jane-doe 20m"  # inside the fence
    assert out[5] == "- **Call** with Jane Doe, 20 min"
    assert out[:3] == ["Intro.", "", "```"] and out[-1] == "End."


def test_public_posts_name_only_who_agreed(tmp_path) -> None:
    now = parse_instant("2026-03-02T06:00:00Z")
    config = project_config(tmp_path)
    data = sample_data(config, now)
    data.entries.append(
        Entry(date=date(2026, 2, 27), title="Coffee", slug="coffee-2", public=True,
              body="- meal @pat-lee 45m +give: talked about her move", people=("pat-lee",))
    )  # fmt: skip
    editions.public(config, now, data=data, build=False)
    posts = tmp_path / "docs" / "generated" / "journal" / "posts"
    text = "".join(p.read_text(encoding="utf-8") for p in posts.glob("*.md"))
    assert "- **Meal** with Pat Lee, 45 min, gave: talked about her move" in text
    assert "@pat-lee" not in text


def test_the_journal_feed_writes_the_shorthand_out_too(tmp_path) -> None:
    from stayready.site.atom import journal_feed

    now = parse_instant("2026-03-02T06:00:00Z")
    data = sample_data(project_config(tmp_path), now)
    entry = Entry(date=date(2026, 2, 27), title="Coffee", public=True,
                  body="- meal @pat-lee 45m: her move", people=("pat-lee",))  # fmt: skip
    feed = journal_feed(data, [entry])
    # The feed carries the entry as HTML (escaped in the XML), as the post page shows it.
    assert "&lt;strong&gt;Meal&lt;/strong&gt; with Pat Lee, 45 min: her move" in feed
    assert "@pat-lee" not in feed


def test_a_hostile_name_from_an_import_stays_text() -> None:
    names = {"ann": "Ann <img src=x onerror=alert(1)> [x](javascript:alert(1))"}
    shown = readable("- call @ann 5m", names)
    assert "<img" not in shown and "](" not in shown
    assert shown.startswith("- **Call** with Ann ")


def test_in_public_someone_who_did_not_agree_keeps_their_id(tmp_path) -> None:
    # check_entries refuses such an entry before any render; the render holds the line too.
    from stayready.site.render import render

    now = parse_instant("2026-03-02T06:00:00Z")
    data = sample_data(project_config(tmp_path), now)
    data.entries = [Entry(date=date(2026, 2, 27), title="Coffee", slug="c", public=True,
                          body="- meal @jane-doe @pat-lee 45m")]  # fmt: skip
    render(data, tmp_path / "docs", edition="public")
    post = next((tmp_path / "docs" / "generated" / "journal" / "posts").glob("*.md"))
    text = post.read_text(encoding="utf-8")
    assert "- **Meal** with @jane-doe and Pat Lee, 45 min" in text and "Jane Doe" not in text
