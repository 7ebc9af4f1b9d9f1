"""STAYREADY_NOW with a bare date replays that day where the person is (site.timezone)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from foundation import clock
from foundation.errors import UsageError
from stayready.cli import main
from tests.conftest import write_config

JANE = "---\nname: Jane Doe\nid: jane-doe\n---\n"


def _project(tmp: Path, timezone: str) -> Path:
    (tmp / "notebook" / "contacts").mkdir(parents=True)
    (tmp / "notebook" / "contacts" / "jane-doe.md").write_text(JANE, encoding="utf-8")
    return write_config(tmp, f"site:\n  timezone: {timezone}\nnotebook:\n  path: notebook\n")


def _entries(tmp: Path) -> list[str]:
    return sorted(p.name for p in (tmp / "notebook" / "entries").rglob("*.md"))


@pytest.mark.parametrize("zone", ["America/Chicago", "Pacific/Auckland", "UTC"])
def test_log_with_a_bare_date_appends_to_that_days_entry(tmp_path, monkeypatch, zone) -> None:
    # Chicago: midnight UTC was the 25th there. Auckland (UTC+13 in November): noon UTC
    # would already be the 27th there, so the day is taken at noon in site.timezone.
    cfg = _project(tmp_path, zone)
    monkeypatch.setenv("STAYREADY_NOW", "2026-11-26")
    assert main(["log", "--config", str(cfg), "call @jane-doe 5m: hi"]) == 0
    assert _entries(tmp_path) == ["2026-11-26-notes.md"]


def test_today_counts_the_week_of_the_bare_date(tmp_path, monkeypatch, capsys) -> None:
    # Monday 2026-11-30: read as midnight UTC it was Sunday evening in Chicago, the
    # week before, and the Monday's helping minutes were not counted.
    cfg = _project(tmp_path, "America/Chicago")
    day = tmp_path / "notebook" / "entries" / "2026"
    day.mkdir(parents=True)
    (day / "2026-11-30-notes.md").write_text(
        "---\ndate: 2026-11-30\ntitle: Monday\n---\n- call @jane-doe 30m +give: mock interview\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("STAYREADY_NOW", "2026-11-30")
    assert main(["today", "--config", str(cfg), "--json"]) == 0
    digest = json.loads(capsys.readouterr().out)
    assert digest["week"] == "2026-11-30"
    assert digest["helping_minutes"] == 30


def test_a_bare_date_is_noon_in_the_zone_given_else_noon_utc(monkeypatch) -> None:
    monkeypatch.setenv("STAYREADY_NOW", "2026-11-26")
    assert clock.now() == datetime(2026, 11, 26, 12, tzinfo=UTC)
    chicago = ZoneInfo("America/Chicago")
    assert clock.now(chicago) == datetime(2026, 11, 26, 12, tzinfo=chicago)
    assert clock.now(chicago).tzinfo == UTC


def test_full_timestamps_are_kept_exactly(monkeypatch) -> None:
    chicago = ZoneInfo("America/Chicago")
    for raw, want in [
        ("2026-11-26T03:00:00Z", datetime(2026, 11, 26, 3, tzinfo=UTC)),
        ("2026-11-26T03:00:00", datetime(2026, 11, 26, 3, tzinfo=UTC)),  # naive is UTC
        ("2026-11-26T03:00:00-06:00", datetime(2026, 11, 26, 9, tzinfo=UTC)),
    ]:
        monkeypatch.setenv("STAYREADY_NOW", raw)
        assert clock.now() == want and clock.now(chicago) == want
        assert clock.now(chicago).tzinfo == UTC


def test_a_bad_bare_date_is_still_a_usage_error(monkeypatch) -> None:
    monkeypatch.setenv("STAYREADY_NOW", "2026-13-01")
    with pytest.raises(UsageError, match="STAYREADY_NOW='2026-13-01'"):
        clock.now(ZoneInfo("America/Chicago"))
