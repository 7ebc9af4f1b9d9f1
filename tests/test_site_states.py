"""States computed once and shown the same everywhere: a snoozed contact, a removed feed."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from foundation.clock import parse_instant
from stayready.site import render
from stayready.site.model import FeedRow
from stayready.site.notebook_view import shown_state
from tests.site_sample import project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
TODAY = date(2026, 3, 2)


def _contact(**kw) -> SimpleNamespace:
    base = {"reachable": True, "status": "active", "snooze_until": None}
    return SimpleNamespace(**(base | kw))


def test_a_snoozed_contact_is_snoozed_not_overdue():
    state = SimpleNamespace(state="overdue")
    snoozed = _contact(snooze_until=date(2026, 4, 1))
    assert shown_state(snoozed, state, TODAY) == "snoozed until 2026-04-01"
    assert shown_state(_contact(snooze_until=date(2026, 3, 1)), state, TODAY) == "overdue"
    archived = _contact(reachable=False, status="archived")
    assert shown_state(archived, state, TODAY) == "archived"
    assert shown_state(_contact(), None, TODAY) == ""


def test_a_removed_feed_leaves_the_feed_health_page(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, days=1, per_day=1)
    old = FeedRow(
        id="old-board", name="Old board", area=None, url="https://old.example/rss", removed=True
    )
    data.feeds.append(old)
    render.render(data, tmp_path / "docs")
    page = (tmp_path / "docs" / "generated" / "health.md").read_text()
    assert "Old board" not in page
    assert "1 feed no longer in stayready.yml is not shown" in page
    assert any(f.name in page for f in data.feeds if f.id != "old-board")


def test_the_history_marks_feeds_no_longer_configured_as_removed(tmp_path):
    from aggregator.trends.synthetic import write_store
    from foundation.config import load_config
    from stayready.site.data import gather

    write_store(tmp_path / "data", 200, now=NOW, months=2, seed=3)
    (tmp_path / "stayready.yml").write_text("site:\n  title: t\n")
    before = gather(load_config(tmp_path / "stayready.yml"), NOW, with_notebook=False)
    kept = before.feeds[0]
    assert kept.removed and all(f.removed for f in before.feeds)  # none is configured
    (tmp_path / "stayready.yml").write_text(
        f"site:\n  title: t\nfeeds:\n  - name: Kept\n    id: {kept.id}\n"
        f"    url: https://kept.example/rss\n"
    )
    after = gather(load_config(tmp_path / "stayready.yml"), NOW, with_notebook=False)
    assert [f.id for f in after.feeds if not f.removed] == [kept.id]
