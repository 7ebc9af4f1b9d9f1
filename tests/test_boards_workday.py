"""Workday career sites, read page by page over a loopback server answering in Workday's
shape (POST /wday/cxs/TENANT/SITE/jobs, 20 a page, `total` on the first page only; GET
.../job/PATH for a job's own page), and SmartRecruiters' later pages on the same paging
layer: where a read stops, why a short read closes nothing, relative dates, the detail
cap, the second empty night, Retry-After, the 6-hour interval, one request at a time.

The fixture case (tests/fixtures/boards/workday/: two listing pages, two job pages) is
compared with expected.json beside it; refresh it with
`STAYREADY_REFRESH_FIXTURES=1 pytest tests/test_boards_workday.py` and review the diff.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aggregator.boards import workday
from aggregator.feed_address import board_of
from aggregator.fetch import fetch_all
from aggregator.parse import parse_feed
from aggregator.run import run_fetch
from aggregator.store import Store
from foundation.clock import parse_instant
from foundation.config import Config, FeedConfig, FetchConfig, load_config
from foundation.errors import ConfigError
from stayready.cli import main
from tests.conftest import FIXTURES, write_config
from tests.test_run import S1, S2, S3, T1, T2, T3

CASE = FIXTURES / "boards" / "workday"
REFRESH = os.environ.get("STAYREADY_REFRESH_FIXTURES") == "1"
API = "/wday/cxs/lakesidehealth/Careers"


def job(n: int, posted: str = "Posted Today") -> dict[str, Any]:
    """One listing entry in Workday's shape, requisition R-<n>."""
    return {"title": f"Job {n}", "externalPath": f"/job/Madison-WI/Job-{n}_R-{n}",
            "locationsText": "Madison, WI", "postedOn": posted,
            "bulletFields": [f"R-{n}"]}  # fmt: skip


def info(n: int) -> dict[str, Any]:
    return {"jobPostingInfo": {"title": f"Job {n}", "jobDescription": f"<p>About job {n}.</p>",
                               "location": "Madison, WI", "timeType": "Full time",
                               "jobReqId": f"R-{n}"}}  # fmt: skip


class Workday:
    """A loopback Workday tenant: the listing paged by the request's own offset and limit,
    `total` on the first page only, job pages by path, and what was asked, in order."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.jobs: list[dict[str, Any]] = []
        self.details: dict[str, dict[str, Any]] = {}
        self.pages: dict[int, bytes] = {}  # offset -> a fixed answer (the fixture's pages)
        self.queued: dict[int, list[Response]] = {}  # offset -> answers given first
        self.queued_gets: list[Response] = []  # answers to job pages given first
        self.repeat_from: int | None = None  # offsets from here answer the page before
        self.total: int | None = None  # the first page's total, where it is not the truth
        self.posts: list[dict[str, Any]] = []
        self.gets: list[str] = []
        self.arrivals: list[float] = []
        self.in_flight = self.most_in_flight = 0
        self.delay = 0.0
        self._lock = threading.Lock()
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    def url(self, path: str = f"{API}/jobs") -> str:
        return self.server.url_for(path)

    def handle(self, request: Request) -> Response:
        with self._lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
            self.arrivals.append(time.monotonic())
        try:
            if self.delay:
                time.sleep(self.delay)
            return self._answer(request)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, request: Request) -> Response:
        if request.method == "GET" and request.path.startswith(f"{API}/job/"):
            self.gets.append(request.path)
            if self.queued_gets:
                return self.queued_gets.pop(0)
            detail = self.details.get(request.path.removeprefix(API))
            if detail is None:
                return Response("not found", status=404)
            return Response(json.dumps(detail), content_type="application/json")
        if request.method != "POST" or not request.path.endswith("/jobs"):
            return Response("not found", status=404)
        body = request.get_json()
        self.posts.append(body)
        offset, limit = body["offset"], body["limit"]
        if self.queued.get(offset):
            return self.queued[offset].pop(0)
        if offset in self.pages:
            return Response(self.pages[offset], content_type="application/json")
        if self.repeat_from is not None and offset >= self.repeat_from:
            offset = self.repeat_from - limit  # the offset limit: the last page again
        page = self.jobs[offset : offset + limit]
        total = len(self.jobs) if self.total is None else self.total
        total = total if body["offset"] == 0 else 0  # later pages say 0
        return Response(json.dumps({"total": total, "jobPostings": page, "facets": []}),
                        content_type="application/json")  # fmt: skip


@pytest.fixture
def tenant(loopback_server: HTTPServer):
    host = Workday(loopback_server)
    yield host
    loopback_server.clear()


def configure(folder: Path, url: str, *, extra: str = "", feeds: str = "",
              fetch: str = "page_pause: 0") -> Config:  # fmt: skip
    text = (f"fetch: {{retries: 1, connect_timeout: 2, read_timeout: 5, {fetch}}}\n"
            "feeds:\n"
            f"  - {{name: Lakeside Health, id: lakeside, kind: workday, url: '{url}'{extra}}}\n"
            f"{feeds}")  # fmt: skip
    return load_config(write_config(folder, text))


def postings(config: Config) -> dict[str, Any]:
    return {p.title: p for p in Store(config.data_dir).load().postings.values()}


def state(config: Config) -> Any:
    return Store(config.data_dir).feed_states()["lakeside"]


# --- the fixture case: two pages and two job pages, as Workday sends them ------------------


def test_fixture_pages_and_job_pages_map_to_their_expectation(tenant: Workday, tmp_path) -> None:
    spec = json.loads((CASE / "feed.json").read_text(encoding="utf-8"))
    tenant.pages = {0: (CASE / "page-1.json").read_bytes(), 20: (CASE / "page-2.json").read_bytes()}
    for req in ("R-24017", "R-23988"):
        info_ = json.loads((CASE / f"detail-{req}.json").read_text(encoding="utf-8"))
        path = info_["jobPostingInfo"]["externalUrl"].split("/Careers", 1)[1]
        tenant.details[path] = info_
    f = spec["feed"]
    feed = FeedConfig(id=f["id"], name=f["name"], url=tenant.url(), area=f["area"],
                      kind="workday")  # fmt: skip
    now = parse_instant(spec["now"])
    settings = FetchConfig(retries=0, page_pause=0)
    [result] = fetch_all([feed], {}, cache_dir=tmp_path / ".cache", settings=settings, now=now)
    assert (result.outcome, result.pages, result.board_size, result.incomplete) == (
        "fetched", 2, 5, None,
    )  # fmt: skip
    parsed = parse_feed(feed, result.body, result.headers, now)
    got = {"postings": [p.to_dict() for p in parsed.postings]}
    # Links are made from the site's address: the loopback one here, written as Workday's.
    text = json.dumps(got, indent=2, ensure_ascii=False).replace(
        tenant.url("/Careers"), "https://lakesidehealth.wd5.myworkdayjobs.com/Careers"
    )
    path = CASE / "expected.json"
    if REFRESH:
        path.write_text(text + "\n", encoding="utf-8")
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))


def test_the_fixture_reads_as_a_person_needs_it(tenant: Workday, tmp_path) -> None:
    expected = json.loads((CASE / "expected.json").read_text(encoding="utf-8"))["postings"]
    nurse, tech, access, phleb = expected  # the job without a title is dropped
    # Requisition ids, from bulletFields or the path's tail (JR0041170): stable ids.
    assert nurse["url"].endswith("/Careers/job/Madison-WI/Registered-Nurse---Cardiac-ICU_R-24017")
    # The job's own page: every place, the time type, the work mode, the description.
    assert nurse["locations"] == ["Madison, WI", "Middleton, WI"]
    assert (nurse["employment_type"], nurse["work_mode"]) == ("full-time", "onsite")
    assert "BLS and ACLS required" in nurse["description"]
    assert "javascript" not in nurse["description"]
    assert nurse["published"] == "2026-07-19T00:00:00Z"  # its startDate
    # Untrusted text: the markup in a title is not kept as markup.
    assert "<script" not in tech["title"] and tech["title"].startswith("Pharmacy Technician")
    assert tech["locations"] == ["Verona, WI", "Fitchburg, WI"]  # "2 Locations" in the listing
    assert tech["published"] == "2026-07-17T00:00:00Z"  # "Posted 3 Days Ago" on 07-20
    # Beyond the job pages: the listing alone, "30+ Days" too vague to be a date.
    assert access["published"] is None and access["work_mode"] == "hybrid"
    assert access["description"] == "" and access["locations"] == ["Madison, WI"]
    assert phleb["published"] == "2026-07-19T00:00:00Z"  # "Posted Yesterday"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Posted Today", "2026-07-20T00:00:00Z"),
        ("Posted Yesterday", "2026-07-19T00:00:00Z"),
        ("Posted 3 Days Ago", "2026-07-17T00:00:00Z"),
        ("posted 1 day ago", "2026-07-19T00:00:00Z"),
        ("Posted 30+ Days Ago", None),  # vague: first seen is the truth
        ("Posted 400 Days Ago", None),
        ("Gestern ausgeschrieben", None),
        (None, None),
    ],
)
def test_relative_dates_against_the_fetch_time(text: Any, day: str | None) -> None:
    assert workday.posted(text, parse_instant("2026-07-20T23:30:00Z")) == day


# --- paging: where a read stops, and whether it was the whole board -----------------------


def test_pages_of_20_up_to_the_first_pages_total(
    project: Path, tenant: Workday, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant.jobs = [job(n) for n in range(45)]
    config = configure(project, tenant.url())
    report = run_fetch(config, T1)
    assert report.feeds[0].new == 45 and report.feeds[0].incomplete is None
    sent = [(p["offset"], p["limit"], p["searchText"], p["appliedFacets"]) for p in tenant.posts]
    assert sent == [(0, 20, "", {}), (20, 20, "", {}), (40, 20, "", {})]
    st = state(config)
    assert (st.board_size, st.pages, st.items) == (45, 3, 45)
    assert main(["status", "--config", str(config.path)]) == 0
    assert "45 postings in 3 pages" in capsys.readouterr().out


def test_the_career_site_address_is_read_through_its_api(project: Path) -> None:
    site = "https://lakesidehealth.wd5.myworkdayjobs.com/en-US/Careers"
    config = configure(project, site)
    pager = workday.Pager(config.feeds[0])
    first = pager.page(0)
    assert (first.method, first.url) == (
        "POST", "https://lakesidehealth.wd5.myworkdayjobs.com/wday/cxs/lakesidehealth/Careers/jobs",
    )  # fmt: skip


def test_a_board_that_repeats_from_its_offset_limit_closes_nothing(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(50)]
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    # Now the board lists 70, but answers offsets from 40 with the page before (as real
    # boards do from offset 2,000): jobs 40-69 are unread, and job 45 has not closed.
    tenant.jobs = [job(n) for n in range(70)]
    tenant.repeat_from, tenant.posts = 40, []
    report = run_fetch(config, T2)
    said = report.feeds[0].incomplete or ""
    assert said.startswith("read 40 of the 70 postings Workday lists: it repeats jobs")
    assert [p["offset"] for p in tenant.posts] == [0, 20, 40]  # stops at the repeat
    assert all(p.closed is None for p in postings(config).values())
    assert report.feeds[0].left == 0 and len(state(config).live_ids) == 50


def test_the_page_cap_stops_the_read_and_says_so(
    project: Path, tenant: Workday, capsys: pytest.CaptureFixture[str]
) -> None:
    tenant.jobs = [job(n) for n in range(30)]
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    tenant.jobs = [job(n) for n in range(5)] + [job(n) for n in range(100, 155)]
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_pages: 2")
    tenant.posts = []
    report = run_fetch(config, T2)
    assert "stopped at the page cap (fetch.max_pages: 2)" in (report.feeds[0].incomplete or "")
    assert [p["offset"] for p in tenant.posts] == [0, 20]
    assert all(p.closed is None for p in postings(config).values())  # 5-29 are unread
    assert main(["status", "--config", str(config.path)]) == 0
    assert "incomplete: read 40 of the 60 postings" in capsys.readouterr().out


def test_a_failed_page_closes_nothing_and_a_whole_read_then_does(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(30)]
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    tenant.jobs = [job(n) for n in range(1, 30)]  # job 0 has closed
    tenant.queued[20] = [Response("oops", status=500), Response("oops", status=500)]
    report = run_fetch(config, T2)
    assert "page 2 failed (HTTP 500 Internal Server Error" in (report.feeds[0].incomplete or "")
    assert postings(config)["Job 0"].closed is None
    report = run_fetch(config, T3)
    assert report.feeds[0].incomplete is None and report.feeds[0].left == 1
    assert postings(config)["Job 0"].closed == S3


def test_a_total_lower_than_the_board_is_read_past_and_closes_nothing_falsely(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(45)]
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_details: 0")
    run_fetch(config, T1)
    tenant.total = 20  # the first page now says 20; the board still lists 45
    tenant.posts = []
    report = run_fetch(config, T2)
    assert [p["offset"] for p in tenant.posts] == [0, 20, 40, 60]
    assert (report.feeds[0].left, report.feeds[0].unchanged, report.feeds[0].incomplete) == (
        0, 45, None,
    )  # fmt: skip
    said = "Workday said it had 20 postings but lists more: 45 read, to an empty page"
    assert said in report.feeds[0].summary()
    assert (state(config).board_size, state(config).board_note) == (45, said)
    assert all(p.closed is None for p in postings(config).values())
    # The page past the total fails: the read may be short, so nothing closes.
    tenant.jobs = tenant.jobs[:44]
    tenant.queued[20] = [Response("oops", status=500), Response("oops", status=500)]
    report = run_fetch(config, T3)
    assert report.feeds[0].left == 0 and "page 2 failed" in (report.feeds[0].incomplete or "")
    assert all(p.closed is None for p in postings(config).values())


def test_a_true_total_on_a_full_last_page_costs_one_more_page_and_still_closes(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(40)]
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_details: 0")
    run_fetch(config, T1)
    assert [p["offset"] for p in tenant.posts] == [0, 20, 40]
    tenant.jobs[39] = job(40)  # job 39 closed; job 40 opened; still 40, the last page full
    tenant.repeat_from = 40  # and the page past the end repeats the last (the offset limit)
    report = run_fetch(config, T2)
    assert (report.feeds[0].new, report.feeds[0].left, report.feeds[0].incomplete) == (1, 1, None)
    assert state(config).board_note is None and postings(config)["Job 39"].closed == S2


def test_a_search_narrows_the_listing_and_closes_nothing(project: Path, tenant: Workday) -> None:
    tenant.jobs = [job(n) for n in range(3)]
    config = configure(project, tenant.url(), extra=", search: nurse")
    run_fetch(config, T1)
    tenant.jobs = [job(0)]
    report = run_fetch(config, T2)
    assert {p["searchText"] for p in tenant.posts} == {"nurse"}
    assert "narrowed by search 'nurse'" in (report.feeds[0].incomplete or "")
    assert all(p.closed is None for p in postings(config).values())


def test_an_empty_board_closes_its_postings_only_the_second_night(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(1), job(2)]
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    tenant.jobs = []
    second = run_fetch(config, T2)
    assert (second.feeds[0].error or "").startswith("the board listed no jobs at all")
    assert all(p.closed is None for p in postings(config).values())
    run_fetch(config, T3)
    assert {(p.first_seen, p.closed) for p in postings(config).values()} == {(S1, S3)}


def test_a_first_page_with_jobs_missing_is_not_an_empty_board(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(1), job(2)]
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    tenant.pages[0] = json.dumps({"total": 2, "jobPostings": []}).encode()
    report = run_fetch(config, T2)
    assert "read 0 of the 2 postings" in (report.feeds[0].incomplete or report.feeds[0].error)
    assert all(p.closed is None for p in postings(config).values())


# --- job pages: only for new postings, at most max_details a night -------------------------


def test_job_pages_only_for_new_postings_up_to_the_nights_cap(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(8)]
    tenant.details = {f"/job/Madison-WI/Job-{n}_R-{n}": info(n) for n in range(12)}
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_details: 3")
    run_fetch(config, T1)
    assert len(tenant.gets) == 3
    described = {t for t, p in postings(config).items() if p.description}
    assert len(described) == 3
    # The next night: two new jobs. Their pages are asked first, then the oldest still
    # without one, in listing order, up to the cap; the pages read before are not asked
    # again, and those postings keep their descriptions and do not count as updated.
    tenant.jobs = [job(n) for n in range(10)]
    tenant.gets = []
    report = run_fetch(config, T2)
    assert tenant.gets == [f"{API}/job/Madison-WI/Job-{n}_R-{n}" for n in (8, 9, 3)]
    assert (report.feeds[0].new, report.feeds[0].updated) == (2, 1)
    now = postings(config)
    assert {t for t in described if now[t].description} == described
    assert (
        now["Job 8"].description == "About job 8." and now["Job 8"].employment_type == "full-time"
    )


def test_a_known_posting_keeps_every_place_its_page_gave_with_no_false_update(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(45)]
    tenant.jobs[0]["locationsText"] = "3 Locations"
    several = {"location": "Madison, WI", "additionalLocations": ["Verona, WI", "Middleton, WI"],
               "remoteType": {"descriptor": "Hybrid"}}  # fmt: skip
    tenant.details = {f"/job/Madison-WI/Job-{n}_R-{n}": {"jobPostingInfo": {
        **info(n)["jobPostingInfo"], **several}} for n in range(45)}  # fmt: skip
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_details: 45")
    run_fetch(config, T1)
    places = ["Madison, WI", "Verona, WI", "Middleton, WI"]
    assert {tuple(p.locations) for p in postings(config).values()} == {tuple(places)}
    # The next night the server is unchanged: the listing says "Madison, WI" for most
    # and no page is asked again; nothing was updated and every place stays.
    tenant.gets = []
    report = run_fetch(config, T2)
    assert tenant.gets == []
    assert (report.feeds[0].updated, report.feeds[0].unchanged) == (0, 45)
    for p in postings(config).values():
        assert (p.locations, p.work_mode, p.description) == (places, "hybrid", p.description)
        assert p.description.startswith("About job")
    # A listing change the listing owns (the title) is still an update, of that field only.
    tenant.jobs[1] = {**job(1), "title": "Job 1 (Nights)"}
    report = run_fetch(config, T3)
    assert report.feeds[0].updated == 1
    assert postings(config)["Job 1 (Nights)"].locations == places
    events = [json.loads(line) for f in sorted((config.data_dir).rglob("*.jsonl"))
              for line in f.read_text(encoding="utf-8").splitlines()]  # fmt: skip
    changes = [e["changes"] for e in events if e.get("event") == "updated"]
    assert changes == [{"title": "Job 1 (Nights)"}]


def test_a_known_posting_whose_listing_changes_keeps_its_description(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(1)]
    tenant.details = {"/job/Madison-WI/Job-1_R-1": info(1)}
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    tenant.jobs = [{**job(1), "title": "Job 1 (Nights)"}]
    report = run_fetch(config, T2)
    assert report.feeds[0].updated == 1
    [p] = postings(config).values()
    assert (p.title, p.description, p.locations) == (
        "Job 1 (Nights)",
        "About job 1.",
        ["Madison, WI"],
    )
    assert "BLS" not in json.dumps(p.requirements)  # requirements as stored, not recomputed


def test_a_posting_back_beyond_the_nights_cap_keeps_its_description(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(1), job(2)]
    tenant.details = {"/job/Madison-WI/Job-1_R-1": info(1)}
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    tenant.jobs = [job(2)]
    run_fetch(config, T2)
    assert postings(config)["Job 1"].closed == "2026-03-02T06:00:00Z"
    tenant.jobs, tenant.gets = [job(1), job(2)], []  # listed again; no job page tonight
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_details: 0")
    report = run_fetch(config, T3)
    assert report.feeds[0].back == 1 and tenant.gets == []
    back = postings(config)["Job 1"]
    assert (back.closed, back.description) == (None, "About job 1.")


def test_job_pages_stop_when_the_server_asks_to_wait(project: Path, tenant: Workday) -> None:
    tenant.jobs = [job(n) for n in range(5)]
    tenant.details = {f"/job/Madison-WI/Job-{n}_R-{n}": info(n) for n in range(5)}
    tenant.queued_gets = [Response("slow down", status=429, headers={"Retry-After": "120"})]
    config = configure(project, tenant.url())
    report = run_fetch(config, T1)
    # The listing is whole; the job pages end at the first 429, and are asked again on
    # the next night the board is due.
    assert report.feeds[0].new == 5 and report.feeds[0].incomplete is None
    assert len(tenant.gets) == 1
    assert not any(p.description for p in postings(config).values())
    report = run_fetch(config, T2)
    assert len(tenant.gets) == 6 and report.feeds[0].updated == 5
    assert all(p.description for p in postings(config).values())


def test_postings_over_the_nights_cap_are_described_on_later_nights(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(8)]
    tenant.details = {f"/job/Madison-WI/Job-{n}_R-{n}": info(n) for n in range(8)}
    tenant.queued_gets = [Response("gone", status=404)]  # Job 0's page fails the first night
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_details: 3")
    asked = []
    for night in (T1, T2, T3, T3 + timedelta(days=1)):
        tenant.gets = []
        run_fetch(config, night)
        asked.append([int(path.rsplit("-", 1)[1]) for path in tenant.gets])
    # At most 3 a night, in listing order; the failed one again the next night; none twice.
    assert asked == [[0, 1, 2], [0, 3, 4], [5, 6, 7], []]
    assert all(p.description for p in postings(config).values())
    assert len(state(config).described) == 8


# --- politeness: Retry-After, the interval, one request at a time, the pause ----------------


def test_a_429_on_a_later_page_is_waited_out(project: Path, tenant: Workday) -> None:
    tenant.jobs = [job(n) for n in range(30)]
    tenant.queued[20] = [Response("slow down", status=429, headers={"Retry-After": "1"})]
    config = configure(project, tenant.url())
    started = time.monotonic()
    report = run_fetch(config, T1)
    assert time.monotonic() - started >= 1.0
    assert report.feeds[0].incomplete is None and report.feeds[0].new == 30
    assert [p["offset"] for p in tenant.posts] == [0, 20, 20]


def test_a_429_asking_a_long_wait_on_a_later_page_reads_short(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(30)]
    tenant.queued[20] = [Response("slow down", status=429, headers={"Retry-After": "120"})]
    config = configure(project, tenant.url())
    report = run_fetch(config, T1)
    said = report.feeds[0].incomplete or ""
    assert "page 2 failed (HTTP 429 Too Many Requests; the server asks to wait 120 s)" in said
    assert report.feeds[0].new == 20 and [p["offset"] for p in tenant.posts] == [0, 20]


def test_a_page_over_the_size_cap_is_refused_and_the_read_is_short(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(30)]
    config = configure(project, tenant.url(), fetch="page_pause: 0, max_bytes: 20000")
    run_fetch(config, T1)
    huge = [{**job(n), "title": "x" * 2000} for n in range(20, 40)]
    tenant.pages[20] = json.dumps({"total": 0, "jobPostings": huge}).encode()  # 40 KB
    report = run_fetch(config, T2 + timedelta(hours=1))
    said = report.feeds[0].incomplete or ""
    assert "page 2 failed (too large" in said and "fetch.max_bytes" in said
    assert all(p.closed is None for p in postings(config).values())


def test_a_workday_board_is_asked_at_most_every_six_hours(project: Path, tenant: Workday) -> None:
    tenant.jobs = [job(1)]
    config = configure(project, tenant.url())
    run_fetch(config, T1)
    again = run_fetch(config, T1 + timedelta(minutes=5))  # `fetch` run twice in a row
    assert again.feeds[0].outcome == "deferred" and again.feeds[0].polite_until
    assert again.feeds[0].unchanged == 1 and len(tenant.posts) == 1
    # Our own politeness, not the API's terms: the line says which.
    assert "skipped: asked recently (a full read of the board is many requests)" in (
        again.feeds[0].summary()
    )
    assert run_fetch(config, T1 + timedelta(hours=5)).feeds[0].outcome == "deferred"
    assert run_fetch(config, T1 + timedelta(hours=6, minutes=1)).feeds[0].outcome == "fetched"
    assert len(tenant.posts) == 2


def test_one_request_at_a_time_per_tenant_with_a_pause_between(
    project: Path, tenant: Workday
) -> None:
    tenant.jobs = [job(n) for n in range(50)]
    tenant.delay = 0.05
    second = (f"  - {{name: Lakeside Nursing, id: nursing, kind: workday, "
              f"url: '{tenant.url()}', search: nurse}}\n")  # fmt: skip
    config = configure(project, tenant.url(), feeds=second, fetch="page_pause: 0.1")
    report = run_fetch(config, T1)
    assert [f.outcome for f in report.feeds] == ["fetched", "fetched"]
    assert len(tenant.posts) == 6 and tenant.most_in_flight == 1
    gaps = [b - a for a, b in zip(tenant.arrivals, tenant.arrivals[1:], strict=False)]
    # Each request leaves a pause after the last answer (latency + pause), the first of
    # the second board too.
    assert all(g >= 0.14 for g in gaps), gaps


def test_boards_waiting_on_their_host_do_not_hold_back_other_feeds(
    project: Path, tenant: Workday
) -> None:
    """Two threads, two boards of one tenant listed first, a plain feed last: the plain
    feed's request leaves while the first board is read, not after both."""
    tenant.jobs = [job(n) for n in range(50)]
    tenant.delay = 0.05
    asked: list[float] = []

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(time.monotonic())
            body = (FIXTURES / "feeds" / "wwr.xml").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        more = (f"  - {{name: Lakeside Nursing, id: nursing, kind: workday, "
                f"url: '{tenant.url()}', search: nurse}}\n"
                f"  - {{name: Remote, id: remote, kind: rss, "
                f"url: 'http://127.0.0.1:{server.server_port}/feed'}}\n")  # fmt: skip
        config = configure(project, tenant.url(), feeds=more,
                           fetch="page_pause: 0.1, concurrency: 2, max_details: 0")  # fmt: skip
        report = run_fetch(config, T1)
    finally:
        server.shutdown()
        server.server_close()
    assert [f.outcome for f in report.feeds] == ["fetched", "fetched", "fetched"]
    second_board = tenant.arrivals[[p.get("searchText") for p in tenant.posts].index("nurse")]
    assert len(asked) == 1 and asked[0] < second_board


# --- addresses ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://lakesidehealth.wd5.myworkdayjobs.com/en-US/Careers",
        "https://lakesidehealth.wd5.myworkdayjobs.com/Careers/job/Madison-WI/RN_R-24017",
        "https://LakesideHealth.wd1.myworkdayjobs.com/en-US/Careers?locations=9c2f3b",
    ],
)
def test_feeds_add_recognizes_a_workday_career_site(url: str) -> None:
    found = board_of(url)
    assert found is not None and (found.kind, found.name) == ("workday", "lakesidehealth")
    assert found.url is not None and found.url.endswith(
        ".myworkdayjobs.com/" + url.split("/", 3)[3].split("/job/")[0].split("?")[0]
    )


@pytest.mark.parametrize(
    "url",
    ["https://acme.wd5.myworkdayjobs.com/en-US", "https://acme.wd5.myworkdayjobs.com/en-US/",
     "https://acme.wd5.myworkdayjobs.com/fr", "https://acme.wd5.myworkdayjobs.com/"],
)  # fmt: skip
def test_a_workday_address_with_a_locale_and_no_site_is_refused_everywhere(
    url: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(project, "feeds: []\n")
    assert main(["feeds", "add", url, "--config", str(path)]) == 1
    assert "without a career site's name" in capsys.readouterr().err
    assert not load_config(path).feeds
    with pytest.raises(ConfigError, match="not a Workday career site"):
        configure(project, url)


def test_a_workday_address_keeps_its_port_and_is_read_in_one_place() -> None:
    url = "https://Acme.wd5.myworkdayjobs.com:8443/fr-ca/Careers/job/Verona-WI/RN_R-1"
    found = board_of(url)
    assert found is not None
    assert found.url == "https://acme.wd5.myworkdayjobs.com:8443/fr-CA/Careers"
    feed = FeedConfig(id="a", name="Acme", url=found.url, kind="workday")
    pager = workday.Pager(feed)
    assert pager.api == "https://acme.wd5.myworkdayjobs.com:8443/wday/cxs/acme/Careers/jobs"
    assert workday._site(found.url) == "https://acme.wd5.myworkdayjobs.com:8443/Careers"


def test_the_configuration_refuses_a_workday_url_that_is_no_career_site(project: Path) -> None:
    with pytest.raises(ConfigError, match="not a Workday career site"):
        configure(project, "https://example.org/careers")
    text = "feeds:\n  - {name: Acme, kind: greenhouse, board: acme, search: nurse}\n"
    with pytest.raises(ConfigError, match="a greenhouse feed has no search"):
        load_config(write_config(project, text))
    text = "feeds:\n  - {name: Acme, kind: workday, board: acme}\n"
    with pytest.raises(ConfigError, match=r"(?s)feeds\[0\]\.url: missing.*needs a url"):
        load_config(write_config(project, text))


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("feeds: [{name: A, kind: workday, url: 'https://a.wd1.myworkdayjobs.com/S', search: 42}]",
         r"feeds\[0\]\.search: expected text, not 42"),
        ("feeds: [{name: A, url: 'https://example.org/feed.xml', search: nurse}]",
         "an rss feed has no search"),
        ("fetch: {page_pause: 60}", r"fetch\.page_pause: expected a number from 0 to 10, not 60"),
        ("fetch: {max_pages: 0}", r"fetch\.max_pages: expected a whole number >= 1"),
        ("fetch: {max_details: -1}", r"fetch\.max_details: expected a whole number >= 0"),
    ],
)  # fmt: skip
def test_the_paging_keys_are_checked_with_clear_messages(project: Path, line: str, said: str):
    with pytest.raises(ConfigError, match=said):
        load_config(write_config(project, line + "\n"))


def test_a_quoted_number_is_a_search_and_a_sane_pause_is_kept(project: Path) -> None:
    text = ("fetch: {page_pause: 10}\nfeeds: [{name: A, kind: workday, "
            "url: 'https://a.wd1.myworkdayjobs.com/S', search: ' 42 '}]\n")  # fmt: skip
    config = load_config(write_config(project, text))
    assert (config.fetch.page_pause, config.feeds[0].search) == (10, "42")


# --- SmartRecruiters' later pages, on the same paging layer --------------------------------


def test_smartrecruiters_reads_every_page_up_to_total_found(
    project: Path, loopback_server: HTTPServer
) -> None:
    ids = list(range(1, 251))
    asked: list[tuple[str | None, str | None]] = []

    def handle(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        limit = int(request.args.get("limit", 100))
        asked.append((request.args.get("offset"), request.args.get("limit")))
        jobs = [{"id": str(i), "name": f"Job {i}", "releasedDate": "2026-02-20T10:00:00.000Z",
                 "company": {"identifier": "Lakeside", "name": "Lakeside University"},
                 "location": {"city": "Madison", "region": "WI", "country": "us"}}
                for i in ids[offset : offset + limit]]  # fmt: skip
        body = {"offset": offset, "limit": limit, "totalFound": len(ids), "content": jobs}
        return Response(json.dumps(body), content_type="application/json")

    loopback_server.expect_request(re.compile(".*")).respond_with_handler(handle)
    try:
        url = loopback_server.url_for("/v1/companies/Lakeside/postings?limit=100")
        text = ("fetch: {retries: 0, page_pause: 0}\nfeeds:\n"
                f"  - {{name: Lakeside University, id: lakeside, kind: smartrecruiters, "
                f"board: Lakeside, url: '{url}'}}\n")  # fmt: skip
        config = load_config(write_config(project, text))
        report = run_fetch(config, T1)
        assert asked == [(None, "100"), ("100", "100"), ("200", "100")]
        assert report.feeds[0].new == 250 and report.feeds[0].incomplete is None
        ids.remove(7)  # a whole read without job 7: it has closed
        report = run_fetch(config, T2)
        assert report.feeds[0].left == 1 and report.feeds[0].incomplete is None
        assert postings(config)["Job 7"].closed is not None
        st = state(config)
        assert (st.board_size, st.pages) == (249, 3)
        # Read whole each time (its pages are not conditional): at most every 6 hours.
        again = run_fetch(config, T2 + timedelta(hours=5))
        assert again.feeds[0].outcome == "deferred" and len(asked) == 6
        assert "a full read of the board is many requests" in again.feeds[0].summary()
        assert run_fetch(config, T2 + timedelta(hours=6, minutes=1)).feeds[0].outcome == "fetched"
    finally:
        loopback_server.clear()


def test_a_workday_answer_under_another_kind_names_its_own() -> None:
    feed = FeedConfig(id="x", name="X", url="https://example.org/", kind="greenhouse", board="x")
    parsed = parse_feed(
        feed, (CASE / "page-1.json").read_bytes(), {}, parse_instant(T1.isoformat())
    )
    assert parsed.postings == [] and "set `kind: workday`" in (parsed.error or "")


def test_feeds_add_writes_a_workday_site_that_loads(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_config(project, "feeds: []\n")
    job_page = (
        "https://lakesidehealth.wd5.myworkdayjobs.com/en-US/Careers/job/Madison-WI/RN_R-24017"
    )
    assert main(["feeds", "add", job_page, "--config", str(path), "--area", "Madison"]) == 0
    out = capsys.readouterr().out
    assert "workday feed" in out
    # The lower-case tenant is the company shown, until the person names it.
    assert "shows 'lakesidehealth' as the company: change its `name:` in" in out
    assert '--name "Acme Health"' in out
    [feed] = load_config(path).feeds
    assert (feed.kind, feed.url, feed.area) == (
        "workday", "https://lakesidehealth.wd5.myworkdayjobs.com/en-US/Careers", "Madison",
    )  # fmt: skip
    other = "https://lakesidehealth.wd5.myworkdayjobs.com/Nursing"
    assert main(["feeds", "add", other, "--config", str(path), "--name", "Lakeside Health"]) == 0
    assert "hint" not in capsys.readouterr().out
    assert load_config(path).feeds[1].name == "Lakeside Health"


def test_feeds_add_knows_a_workday_board_under_another_locale_or_page(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = "https://lakesidehealth.wd5.myworkdayjobs.com"
    text = f"feeds:\n  - {{name: Nurses, kind: workday, url: '{site}/Careers', search: nurse}}\n"
    path = write_config(project, text)
    add = ["feeds", "add", "--config", str(path)]
    # A search narrows a board: the whole board is another feed.
    assert main([*add, f"{site}/en-US/Careers"]) == 0
    assert "added" in capsys.readouterr().out
    for again in (f"{site}/fr-CA/Careers", f"{site}/Careers/job/Verona-WI/RN_R-1",
                  "https://LakesideHealth.wd5.myworkdayjobs.com/Careers/"):  # fmt: skip
        assert main([*add, again]) == 0
        assert "already there" in capsys.readouterr().out
    assert [f.url for f in load_config(path).feeds] == [f"{site}/Careers", f"{site}/en-US/Careers"]


def test_feeds_add_help_and_hints_name_every_board_it_knows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["feeds", "add", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "Workday career site" in said and "SmartRecruiters" in said
    assert "for Workday, the company shown" in said
    from aggregator.feed_address import AddressError, read_response

    with pytest.raises(AddressError) as caught:
        read_response("https://example.org/jobs", b"<html><title>Jobs</title></html>", "text/html")
    assert "Personio, SmartRecruiters or Workday" in str(caught.value.hint)


@pytest.mark.parametrize(
    ("bullets", "path", "expected"),
    [
        (["40hrs", "2026-12-01", "R-555"], "/job/X/Nurse_R-555", "R-555"),
        (["Full time", "40hrs", "12/01/2026", "2026"], "/job/X/Nurse_JR0042", "JR0042"),
        (["3.5k", "40 Hours"], "/job/X/Nurse_R-118", "R-118"),
        (["R12345"], "/job/X/Nurse", "R12345"),
        (["JR-0042"], "/job/X/Nurse", "JR-0042"),
        (["REQ_118"], "/job/X/Nurse", "REQ_118"),
        (["123456"], "/job/X/Nurse", "123456"),
        (["R-24017"], "/job/Madison-WI/Registered-Nurse---Cardiac-ICU_R-24017", "R-24017"),
    ],
)  # fmt: skip
def test_the_requisition_is_an_id_never_a_date_or_hours(bullets, path, expected) -> None:
    assert workday.requisition({"bulletFields": bullets, "externalPath": path}) == expected


def test_the_fixtures_requisitions_stay_what_they_were() -> None:
    pages = [json.loads((CASE / f"page-{n}.json").read_text(encoding="utf-8")) for n in (1, 2)]
    got = [workday.requisition(j) for page in pages for j in page["jobPostings"]]
    assert [g for g in got if g] == ["R-24017", "R-23988", "JR0041170", "R-24102", "R-24103"]


def test_paging_limits_come_from_the_fetch_settings_and_keys_read_plainly() -> None:
    from aggregator.boards import smartrecruiters
    from aggregator.paging import Limits

    d = FetchConfig()
    assert Limits.of(d) == Limits(d.page_pause, d.max_pages, d.max_details)
    assert Limits.of(FetchConfig(page_pause=2, max_pages=3, max_details=4)) == Limits(2, 3, 4)
    feed = FeedConfig(id="s", name="S", kind="smartrecruiters", board="S",
                      url="https://api.smartrecruiters.com/v1/companies/S/postings")  # fmt: skip
    pager = smartrecruiters.Pager(feed)
    assert [pager.key(j) for j in ({"id": " 7 "}, {"id": ""}, {}, "7", None)] == [
        "7", None, None, None, None,
    ]  # fmt: skip


# --- untrusted input never breaks the reader -------------------------------------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),  # fmt: skip
    max_leaves=12,
)
_jobs = st.fixed_dictionaries(
    {},
    optional={"title": _json_values,
              "externalPath": st.text(max_size=40).map(lambda t: "/job/" + t) | _json_values,
              "locationsText": _json_values, "postedOn": st.text(max_size=30) | _json_values,
              "bulletFields": _json_values, "remoteType": _json_values},
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    jobs=st.lists(_jobs, max_size=6),
    details=st.dictionaries(st.text(max_size=10), _json_values, max_size=3),
)
def test_any_listing_reads_without_raising_and_keeps_ids_stable(jobs: list, details: dict) -> None:
    feed = FeedConfig(id="w", name="W", url="https://w.wd1.myworkdayjobs.com/en-US/S",
                      kind="workday")  # fmt: skip
    now = parse_instant("2026-07-20T06:00:00Z")
    data = {"total": len(jobs), "jobPostings": jobs, workday.DETAILS: details}
    first = workday.parse(feed, data, now)
    again = workday.parse(feed, data, now + timedelta(days=1))
    assert [p.id for p in first] == [p.id for p in again]
    for p in first:
        assert p.url.startswith("https://w.wd1.myworkdayjobs.com/S/job/")
        assert p.published is None or p.published <= "2026-07-20T06:00:00Z"
        assert "<" not in p.title


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40))
def test_any_posted_on_text_is_a_past_day_or_none(text: str) -> None:
    now = parse_instant("2026-07-20T06:00:00Z")
    day = workday.posted(text, now)
    assert day is None or "2026-05-21T00:00:00Z" <= day <= "2026-07-20T00:00:00Z"
