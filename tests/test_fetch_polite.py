"""The public remote-job APIs are asked sparingly (aggregator.fetch.POLITE_INTERVAL): a
feed asked again too soon waits, without a request and without counting as a failure,
and the line for it says until when. A nightly run never meets the limit."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from aggregator.run import run_fetch
from stayready.clock import parse_instant
from stayready.config import load_config
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
