"""Career sources of big local employers (Workable, Recruitee, Personio, SmartRecruiters):
each read as a whole board over a loopback server answering in its real shape: lifetimes,
an empty board believed only on the second night, a 429 with Retry-After waited out,
Personio's XML read safely, and SmartRecruiters' one page closing nothing when short.

The JSON kinds' fixtures are also checked field by field by tests/test_boards_json.py;
Personio's XML case lives beside them as response.xml (refresh it with
`STAYREADY_REFRESH_FIXTURES=1 pytest tests/test_boards_career.py`).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from aggregator.parse import parse_feed
from aggregator.run import run_fetch
from aggregator.store import Store
from foundation.clock import parse_instant
from foundation.config import Config, FeedConfig, load_config
from stayready.cli import main
from tests.conftest import FIXTURES, write_config
from tests.test_run import S1, S3, T1, T2, T3

CASES = FIXTURES / "boards"
REFRESH = os.environ.get("STAYREADY_REFRESH_FIXTURES") == "1"
KINDS = ("workable", "recruitee", "personio", "smartrecruiters")
# Each source's answer when the company lists nothing, in its own shape.
EMPTY = {
    "workable": b'{"name": "Harbor Health Group", "description": "", "jobs": []}',
    "recruitee": b'{"offers": []}',
    "personio": b'<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs></workzag-jobs>',
    "smartrecruiters": b'{"offset": 0, "limit": 100, "totalFound": 0, "content": []}',
}


def _body(kind: str) -> bytes:
    name = "response.xml" if kind == "personio" else "response.json"
    return (CASES / kind / name).read_bytes()


class Boards:
    """A loopback host for the four sources: a body per path, or a queue of answers."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.bodies: dict[str, bytes] = {}
        self.queued: dict[str, list[Response]] = {}
        self.asked: dict[str, int] = {}
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        path = request.path
        self.asked[path] = self.asked.get(path, 0) + 1
        if self.queued.get(path):
            return self.queued[path].pop(0)
        body = self.bodies.get(path)
        if body is None:
            return Response("not found", status=404)
        xml = body.lstrip().startswith(b"<")
        return Response(body, content_type="text/xml" if xml else "application/json")


@pytest.fixture
def boards(loopback_server: HTTPServer):
    host = Boards(loopback_server)
    yield host
    loopback_server.clear()


def configure(folder: Path, boards: Boards, kinds: tuple[str, ...], retries: int = 0) -> Config:
    lines = [f"fetch: {{retries: {retries}, connect_timeout: 2, read_timeout: 5}}", "feeds:"]
    for kind in kinds:
        spec = json.loads((CASES / kind / "feed.json").read_text(encoding="utf-8"))["feed"]
        url = boards.server.url_for(f"/{kind}")
        lines.append("  - " + json.dumps({"name": spec["name"], "id": kind, "kind": kind,
                                          "board": spec["board"], "url": url}))  # fmt: skip
    return load_config(write_config(folder, "\n".join(lines) + "\n"))


def _by_title(config: Config) -> dict[str, Any]:
    return {p.title: p for p in Store(config.data_dir).load().postings.values()}


# --- Personio's XML, read safely ---------------------------------------------------------


def _personio(body: bytes, url: str = "https://korn.jobs.personio.de/xml") -> Any:
    spec = json.loads((CASES / "personio" / "feed.json").read_text(encoding="utf-8"))
    f = spec["feed"]
    feed = FeedConfig(id=f["id"], name=f["name"], url=url, area=f["area"], kind="personio",
                      board=f["board"])  # fmt: skip
    return parse_feed(feed, body, {}, parse_instant(spec["now"]))


def test_personio_fixture_maps_to_its_expectation() -> None:
    parsed = _personio(_body("personio"))
    got = {"postings": [p.to_dict() for p in parsed.postings]}
    path = CASES / "personio" / "expected.json"
    if REFRESH:
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert parsed.error is None
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_personio_offices_sections_and_types() -> None:
    baker, intern = _personio(_body("personio")).postings  # the position without an id is dropped
    assert baker.url == "https://korn.jobs.personio.de/job/1187453"
    assert baker.company == "Bäckerei Korn GmbH" and intern.company == "Bäckerei Korn"
    assert baker.locations == ["München", "Augsburg", "Remote"] and baker.work_mode == "remote"
    assert baker.employment_type == "full-time" and intern.employment_type == "internship"
    assert "Deine Aufgaben\n- Brot & Brötchen backen" in baker.description
    assert baker.tags == ["Backen", "Handwerk"] and baker.department == "Produktion"
    assert intern.published == "2026-07-17T06:00:00Z"  # +02:00, stored in UTC


def test_personio_on_its_com_host_links_there() -> None:
    [baker, _] = _personio(_body("personio"), "https://korn.jobs.personio.com/xml").postings
    assert baker.url == "https://korn.jobs.personio.com/job/1187453"


def test_personio_without_a_board_says_what_it_needs() -> None:
    feed = FeedConfig(id="x", name="X", url="https://mirror.example/xml", kind="personio")
    parsed = parse_feed(feed, _body("personio"), {}, parse_instant("2026-07-20T06:00:00Z"))
    assert parsed.postings == [] and "needs its `board`" in (parsed.error or "")


@pytest.mark.parametrize(
    ("body", "said"),
    [
        # A "billion laughs": refused before a single entity is expanded.
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
         b'"&lol;&lol;&lol;&lol;">]><workzag-jobs><position><id>1</id><name>&lol2;</name>'
         b"</position></workzag-jobs>", "refused: the XML declares a DTD"),
        (b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><workzag-jobs/>',
         "refused: the XML declares a DTD"),
        (b"<workzag-jobs><position>", "not valid XML"),
        (b'<rss version="2.0"><channel/></rss>', "expected <workzag-jobs>, got <rss>"),
        (b'{"jobs": []}', "sent JSON, not XML"),
        (b"<!doctype html><html><body>Jobs</body></html>", "an HTML page"),
    ],
)  # fmt: skip
def test_personio_refuses_what_is_not_its_feed(body: bytes, said: str) -> None:
    parsed = _personio(body)
    assert parsed.postings == [] and parsed.error and said in parsed.error


# --- SmartRecruiters: one page, and a short read closes nothing -----------------------------


def _page(ids: list[int], total: int) -> bytes:
    jobs = [{"id": str(i), "name": f"Job {i}", "releasedDate": "2026-02-20T10:00:00.000Z",
             "company": {"identifier": "LakesideUniversity", "name": "Lakeside University"},
             "location": {"city": "Madison", "region": "WI", "country": "us"},
             "typeOfEmployment": {"id": "permanent", "label": "Full-time"}}
            for i in ids]  # fmt: skip
    return json.dumps({"offset": 0, "limit": 100, "totalFound": total, "content": jobs}).encode()


def test_smartrecruiters_short_read_closes_nothing_and_says_so(
    project: Path, boards: Boards, capsys: pytest.CaptureFixture[str]
) -> None:
    config = configure(project, boards, ("smartrecruiters",))
    boards.bodies["/smartrecruiters"] = _page([1, 2, 3], 3)
    run_fetch(config, T1)
    boards.bodies["/smartrecruiters"] = _page([1], 150)  # more than one page: read short
    report = run_fetch(config, T2)
    assert "incomplete: read 1 of the 150 postings" in report.feeds[0].summary()
    assert {t: p.closed for t, p in _by_title(config).items()} == {
        "Job 1": None, "Job 2": None, "Job 3": None,
    }  # fmt: skip
    assert main(["status", "--config", str(config.path)]) == 0
    assert "incomplete: read 1 of the 150 postings" in capsys.readouterr().out
    boards.bodies["/smartrecruiters"] = _page([1, 3], 2)  # whole again: now 2 has closed
    report = run_fetch(config, T3)
    assert report.feeds[0].incomplete is None
    assert {t: p.closed for t, p in _by_title(config).items()} == {
        "Job 1": None, "Job 2": S3, "Job 3": None,
    }  # fmt: skip
    assert Store(config.data_dir).feed_states()["smartrecruiters"].incomplete is None


# --- every source over loopback: lifetimes, the second empty night, Retry-After -------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_whole_board_closes_jobs_and_believes_an_empty_board_the_second_night(
    project: Path, boards: Boards, kind: str
) -> None:
    config = configure(project, boards, (kind,))
    boards.bodies[f"/{kind}"] = _body(kind)
    first = run_fetch(config, T1)
    assert first.feeds[0].error is None and first.feeds[0].new >= 2
    titles = set(_by_title(config))
    boards.bodies[f"/{kind}"] = EMPTY[kind]  # a glitch, or a company with no openings
    second = run_fetch(config, T2)
    assert (second.feeds[0].error or "").startswith("the board listed no jobs at all")
    assert all(p.closed is None for p in _by_title(config).values())
    run_fetch(config, T3)  # empty again: now it is believed
    postings = _by_title(config)
    assert set(postings) == titles
    assert {(p.first_seen, p.last_seen, p.closed) for p in postings.values()} == {(S1, S1, S3)}


def test_a_429_with_retry_after_is_waited_out_for_every_source(
    project: Path, boards: Boards
) -> None:
    config = configure(project, boards, KINDS, retries=1)
    for kind in KINDS:
        boards.bodies[f"/{kind}"] = _body(kind)
        boards.queued[f"/{kind}"] = [
            Response("slow down", status=429, headers={"Retry-After": "1"})
        ]
    report = run_fetch(config, T1)
    assert [(f.feed_id, f.outcome, f.error) for f in report.feeds] == [
        (kind, "fetched", None) for kind in KINDS
    ]
    assert all(f.new >= 2 for f in report.feeds)
    assert boards.asked == {f"/{kind}": 2 for kind in KINDS}


# --- the JSON kinds' quirks (their fixtures are compared whole by test_boards_json.py) ------


def _json_postings(kind: str) -> list[Any]:
    spec = json.loads((CASES / kind / "feed.json").read_text(encoding="utf-8"))
    f = spec["feed"]
    feed = FeedConfig(id=f["id"], name=f["name"], url="https://example.org/", kind=kind,
                      board=f["board"], area=f["area"])  # fmt: skip
    return parse_feed(feed, _body(kind), {}, parse_instant(spec["now"])).postings


def test_workable_names_the_account_and_lists_its_visible_places() -> None:
    nurse, analyst = _json_postings("workable")  # no title, and a javascript: link, dropped
    assert nurse.company == analyst.company == "Harbor Health Group"
    assert nurse.locations == ["Lisbon, Portugal", "Porto, Portugal"]  # Faro is hidden
    assert nurse.work_mode is None and analyst.work_mode == "remote"  # telecommuting
    assert (nurse.employment_type, analyst.employment_type) == ("full-time", "contract")
    assert nurse.url == "https://apply.workable.com/j/4F1B2C3D9E"


def test_recruitee_flags_codes_salary_and_times() -> None:
    fitter, engineer, student = _json_postings("recruitee")  # the draft is not open
    assert fitter.locations == ["Hamburg, Germany", "Norderstedt, Schleswig-Holstein, Germany"]
    assert (fitter.work_mode, engineer.work_mode, student.work_mode) == (
        "onsite", "hybrid", "remote",
    )  # fmt: skip
    assert (fitter.employment_type, engineer.employment_type) == ("full-time", "part-time")
    pay = fitter.salary
    assert (pay.min, pay.max, pay.currency, pay.period) == (52000, 61000, "EUR", "year")
    assert engineer.salary is None  # a salary object without figures
    assert (student.salary.min, student.salary.max, student.salary.currency) == (16, 18, "EUR")
    assert fitter.published == "2026-07-01T09:30:00Z"  # "... 09:30:00 UTC", time kept
    assert "- Führerschein Klasse B" in fitter.description


def test_smartrecruiters_links_the_public_page_and_reads_its_labels() -> None:
    engineer, coordinator = _json_postings("smartrecruiters")  # the job without an id dropped
    assert engineer.url == "https://jobs.smartrecruiters.com/LakesideUniversity/744000067123451"
    assert engineer.location == "Madison, WI, United States" and engineer.work_mode == "hybrid"
    assert coordinator.work_mode == "remote" and coordinator.department is None
    assert (engineer.employment_type, coordinator.employment_type) == ("full-time", "contract")


@pytest.mark.parametrize("kind", ["workable", "recruitee", "smartrecruiters"])
def test_a_response_under_the_wrong_kind_names_its_own(kind: str) -> None:
    feed = FeedConfig(id="x", name="X", url="https://example.org/", kind="greenhouse", board="x")
    parsed = parse_feed(feed, _body(kind), {}, parse_instant("2026-07-20T06:00:00Z"))
    assert parsed.postings == [] and f"set `kind: {kind}`" in (parsed.error or "")
