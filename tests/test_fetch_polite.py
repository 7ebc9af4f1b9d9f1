"""The public remote-job APIs are asked sparingly (aggregator.fetch.POLITE_INTERVAL): a
feed asked again too soon waits, without a request and without counting as a failure,
and the line for it says until when. A nightly run never meets the limit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from aggregator.run import run_fetch
from foundation.clock import parse_instant
from foundation.config import load_config
from tests.conftest import FIXTURES, write_config

NOW = parse_instant("2026-03-02T06:00:00Z")


@pytest.mark.parametrize(("kind", "hours"), [("remotive", 6), ("remoteok", 1)])
def test_an_api_feed_asked_again_too_soon_waits(project: Path, httpserver, kind, hours) -> None:
    body = (FIXTURES / "boards" / kind / "response.json").read_bytes()
    httpserver.expect_request("/api").respond_with_data(body, content_type="application/json")
    url = httpserver.url_for("/api")
    config = load_config(write_config(project, f"feeds:\n  - {{name: API, kind: {kind}, "
                                      f"url: '{url}'}}\n"))  # fmt: skip
    first = run_fetch(config, NOW)
    assert first.feeds[0].outcome == "fetched" and first.new_postings
    asked = len(httpserver.log)

    soon = run_fetch(config, NOW + timedelta(hours=hours) - timedelta(minutes=1))
    line = soon.feeds[0]
    assert len(httpserver.log) == asked  # no request at all
    assert line.outcome == "deferred" and not line.failed and not soon.too_many_failed
    until = (NOW + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")
    assert line.summary().startswith("skipped: asked recently") and until in line.summary()

    later = run_fetch(config, NOW + timedelta(hours=hours))
    assert later.feeds[0].outcome in ("fetched", "not_modified")
    assert len(httpserver.log) == asked + 1


def test_rss_feeds_have_no_such_limit(project: Path, httpserver) -> None:
    rss = (FIXTURES / "feeds" / "hnrss-jobs.xml").read_bytes()
    httpserver.expect_request("/rss").respond_with_data(rss, content_type="application/rss+xml")
    config = load_config(write_config(
        project, f"feeds:\n  - {{name: HN, url: '{httpserver.url_for('/rss')}'}}\n"))  # fmt: skip
    run_fetch(config, NOW)
    again = run_fetch(config, NOW + timedelta(minutes=5))
    assert again.feeds[0].outcome in ("fetched", "not_modified")


def _api_project(project: Path, httpserver, kind: str = "remotive"):  # type: ignore[no-untyped-def]
    url = httpserver.url_for("/api")
    return load_config(write_config(project, f"feeds:\n  - {{name: API, id: api, kind: {kind}, "
                                    f"url: '{url}'}}\n"))  # fmt: skip


def test_a_feed_named_with_fetch_feed_is_asked_at_once(project: Path, httpserver) -> None:
    body = (FIXTURES / "boards" / "remotive" / "response.json").read_bytes()
    httpserver.expect_request("/api").respond_with_data(body, content_type="application/json")
    config = _api_project(project, httpserver)
    run_fetch(config, NOW)
    asked = len(httpserver.log)
    forced = run_fetch(config, NOW + timedelta(minutes=30), only=["api"])
    assert forced.feeds[0].outcome in ("fetched", "not_modified")
    assert len(httpserver.log) == asked + 1


def test_a_failing_api_feed_waits_for_its_backoff_not_the_polite_interval(
    project: Path, httpserver
) -> None:
    httpserver.expect_request("/api").respond_with_data("down", status=503)
    config = _api_project(project, httpserver)
    first = run_fetch(config, NOW)
    assert first.feeds[0].failed
    asked = len(httpserver.log)
    # The backoff's first wait is an hour; the polite interval (6 h) must not add to it.
    later = run_fetch(config, NOW + timedelta(hours=1, minutes=1))
    assert len(httpserver.log) > asked
    assert later.feeds[0].outcome == "failed"
