"""JSON source kinds (Greenhouse, Lever, Ashby, RemoteOK, Remotive, Himalayas, Jobicy, JSON
Feed): each fixture served over loopback, fetched and parsed, compared to its expected.json.

Each case folder in tests/fixtures/boards/ holds `feed.json` (the feed's config and the
clock), `response.json` (what the board sends) and `expected.json` (the postings, or the
error). After a deliberate change of mapping, refresh the expectations with
`STAYREADY_REFRESH_FIXTURES=1 pytest tests/test_boards_json.py` and review the diff.
"""

from __future__ import annotations

import importlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.boards import JSON_KINDS, default_url
from aggregator.fetch import fetch_all
from aggregator.models import Posting
from aggregator.parse import parse_feed
from foundation.clock import parse_instant
from foundation.config import FeedConfig, FetchConfig
from tests.conftest import FIXTURES, SAMPLES

CASES_DIR = FIXTURES / "boards"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "response.json").exists())
REFRESH = os.environ.get("STAYREADY_REFRESH_FIXTURES") == "1"


def _case(name: str, url: str | None = None) -> tuple[FeedConfig, datetime, Path]:
    folder = CASES_DIR / name
    spec = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    f = spec["feed"]
    feed = FeedConfig(
        id=f["id"],
        name=f["name"],
        url=url or default_url(f["kind"], f.get("board")) or "https://jobs.example.org/feed.json",
        area=f.get("area"),
        kind=f["kind"],
        board=f.get("board"),
    )
    return feed, parse_instant(spec["now"]), folder


def _parse(feed: FeedConfig, data: Any, now: datetime) -> list[Posting]:
    return importlib.import_module(JSON_KINDS[feed.kind]).parse(feed, data, now)


def _expected(folder: Path, feed: FeedConfig, now: datetime) -> dict[str, Any]:
    """The case's expectation; written from the current mapping when refreshing."""
    path = folder / "expected.json"
    if REFRESH:
        data = json.loads((folder / "response.json").read_text(encoding="utf-8"))
        try:
            result: dict[str, Any] = {"postings": [p.to_dict() for p in _parse(feed, data, now)]}
        except ValueError as exc:
            result = {"error": str(exc)}
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


def _postings(name: str) -> list[Posting]:
    feed, now, folder = _case(name)
    return _parse(feed, json.loads((folder / "response.json").read_bytes()), now)


# --- every fixture, parsed directly and over loopback ---------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_fixture_maps_to_its_expectation(name: str) -> None:
    feed, now, folder = _case(name)
    expected = _expected(folder, feed, now)
    data = json.loads((folder / "response.json").read_bytes())
    if "error" in expected:
        with pytest.raises(ValueError) as caught:
            _parse(feed, data, now)
        assert str(caught.value) == expected["error"]
    else:
        assert [p.to_dict() for p in _parse(feed, data, now)] == expected["postings"]


@pytest.mark.parametrize("name", CASES)
def test_fixture_over_loopback_through_fetch_and_parse(name: str, httpserver, tmp_path) -> None:
    body = (CASES_DIR / name / "response.json").read_bytes()
    httpserver.expect_request(f"/{name}").respond_with_data(body, content_type="application/json")
    feed, now, folder = _case(name, url=httpserver.url_for(f"/{name}"))
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))

    [result] = fetch_all(
        [feed], {}, cache_dir=tmp_path / ".cache", settings=FetchConfig(retries=0), now=now
    )
    assert result.outcome == "fetched", result.error
    parsed = parse_feed(feed, result.body, result.headers, now)
    if "error" in expected:
        assert parsed.postings == []
        assert parsed.error and expected["error"] in parsed.error
    else:
        assert parsed.error is None
        assert [p.to_dict() for p in parsed.postings] == expected["postings"]


# --- the quirks, stated where a reader can see them -------------------------------------


def test_greenhouse_content_escaped_twice_becomes_plain_text() -> None:
    first = _postings("greenhouse")[0]
    assert first.title == "Senior Data Engineer & Analytics Lead"
    assert "5+ years of Python & SQL" in first.description
    assert "Salary: €80,000 – €95,000" in first.description
    assert "&lt;" not in first.description and "<" not in first.description
    assert first.department == "Data & Engineering"


def test_greenhouse_several_locations_and_offices() -> None:
    first, second = _postings("greenhouse")
    assert first.location == "Berlin; London; Munich"
    assert first.locations == ["Berlin", "London", "Munich", "Barcelona"]
    assert second.locations == ["Remote - US"] and second.work_mode == "remote"


def test_greenhouse_keeps_the_job_parameter_and_drops_tracking() -> None:
    first = _postings("greenhouse")[0]
    assert first.url == "https://boards.greenhouse.io/northwind/jobs/5012345101?gh_jid=5012345101"


def test_a_malformed_job_is_skipped_while_the_rest_parse() -> None:
    # Five entries: a job without a title, a string and a javascript: link are dropped.
    assert [p.title for p in _postings("greenhouse")] == [
        "Senior Data Engineer & Analytics Lead",
        "Field Service Technician",
    ]
    # Lever: a job without an id is dropped; one with broken categories still parses.
    assert [p.title for p in _postings("lever")] == [
        "Android Engineer III", "Robot Test Operator", "Support Engineer",
    ]  # fmt: skip


def test_timestamps_in_milliseconds_and_in_seconds() -> None:
    lever = _postings("lever")[0]  # createdAt 1779223091267 (ms)
    assert lever.published == "2026-05-19T20:38:11Z"
    himalayas = _postings("himalayas")[0]  # pubDate 1771851144 (s)
    assert himalayas.published == "2026-02-23T12:52:24Z"
    remoteok = _postings("remoteok")[0]  # epoch 1771718404 (s)
    assert remoteok.published == "2026-02-22T00:00:04Z"
    greenhouse = _postings("greenhouse")[0]  # ISO with an offset, stored in UTC
    assert greenhouse.published == "2026-06-29T15:47:48Z"
    assert greenhouse.updated == "2026-07-16T15:40:12Z"


def test_an_implausible_date_is_dropped_not_kept() -> None:
    future = [p for p in _postings("himalayas") if p.company == "Time Travel Inc"]
    assert future and future[0].published is None


def test_lever_locations_mode_and_salary() -> None:
    android, operator, support = _postings("lever")
    assert android.locations == ["New York, New York", "San Francisco, California", "Austin, Texas"]
    assert android.company == "Ostara Robotics"  # the postings API names no company
    assert android.work_mode == "hybrid" and operator.work_mode == "onsite"
    assert support.work_mode is None  # "unspecified"
    pay = android.salary
    assert (pay.min, pay.max, pay.period) == (150000, 180000, "year")
    assert (operator.salary.min, operator.salary.max, operator.salary.period) == (24, None, "hour")
    assert support.salary is None
    assert "3-5 years of Android development with Kotlin" in android.description


def test_ashby_locations_compensation_and_work_mode() -> None:
    engineer, vision, office = _postings("ashby")  # the unlisted job is not public
    assert engineer.locations == ["Paris", "London", "Berlin"]
    assert (engineer.salary.min, engineer.salary.max) == (70000, 90000)
    assert (engineer.salary.currency, engineer.salary.period) == ("EUR", "year")
    assert engineer.work_mode == "hybrid" and engineer.employment_type == "full-time"
    # Tiers without a summary: the span of all tiers.
    assert (vision.salary.min, vision.salary.max, vision.salary.period) == (60, 85, "hour")
    assert vision.work_mode == "remote"  # from isRemote, workplaceType null
    # Only a summary text: no numbers guessed, the text kept for the requirements extractor.
    assert office.salary is None and "Compensation: €2,400 per month" in office.description


def test_remoteok_skips_its_legal_notice_and_links_back() -> None:
    postings = _postings("remoteok")
    assert [p.title for p in postings] == [
        "Product Manager – Customer Care", "Talent Acquisition Partner", "Support Engineer",
    ]  # fmt: skip
    assert all(p.url.startswith("https://remoteok.com/remote-jobs/") for p in postings)
    assert "São Paulo" in postings[0].description  # UTF-8 read as Latin-1, repaired


def test_remoteok_salary_zero_means_none() -> None:
    pm, recruiter, support = _postings("remoteok")
    assert pm.salary is None
    assert (recruiter.salary.min, recruiter.salary.max) == (90000, 110000)
    assert (support.salary.min, support.salary.max) == (None, 60000)


def test_remotive_free_text_salary_stays_in_the_description() -> None:
    first, second = _postings("remotive")  # the ftp: link is dropped
    assert first.salary is None
    assert first.description.startswith("Salary: $120 - $170 /hour\n")
    assert first.locations == ["Americas", "Europe", "Israel"]
    assert first.employment_type == "contract" and second.employment_type == "full-time"
    assert second.tags == ["zendesk", "account management"]


def test_jobicy_both_salary_generations() -> None:
    engineer, recruiter = _postings("jobicy")
    assert (engineer.salary.min, engineer.salary.max, engineer.salary.period) == (
        120000, 150000, "year",
    )  # fmt: skip
    assert (recruiter.salary.min, recruiter.salary.currency, recruiter.salary.period) == (
        3000, "EUR", "month",
    )  # fmt: skip
    assert engineer.locations == ["USA", "Canada"]
    assert recruiter.department == "HR & Recruiting"


def test_jsonfeed_role_at_company() -> None:
    backend, sales, nurse = _postings("jsonfeed")
    assert (backend.title, backend.company) == ("Backend Developer", "Acme Widgets")
    assert backend.url == "https://jobs.example.org/job/101"
    assert (sales.title, sales.company) == ("Head of Sales at Scale", "Bright Logistics")
    # No company in the title: the item's author names the employer.
    assert (nurse.title, nurse.company) == ("Registered Nurse (Remote)", "Providence Health")
    assert nurse.url == "https://careers.example.com/nurse-103" and nurse.published is None


def test_jsonfeed_version_1_author_and_plain_text_lines() -> None:
    feed = FeedConfig(id="x", name="City jobs", url="https://example.org/", kind="jsonfeed")
    data = {
        "version": "https://jsonfeed.org/version/1",
        "items": [
            {"id": 7, "url": "https://example.org/7", "title": "Librarian",
             "author": {"name": "Austin Public Library"},
             "content_text": "Requirements:\nMLS degree\nSpanish a plus"},
            {"id": 8, "url": "https://example.org/8", "title": "Clerk"},
        ],
    }  # fmt: skip
    librarian, clerk = _parse(feed, data, datetime(2026, 7, 20, tzinfo=UTC))
    assert librarian.company == "Austin Public Library"
    assert librarian.description == "Requirements:\nMLS degree\nSpanish a plus"
    assert clerk.company == "City jobs"  # nothing names an employer: the feed's name


def test_jsonfeed_title_pattern_override() -> None:
    import re

    feed, now, folder = _case("jsonfeed")
    feed = FeedConfig(id=feed.id, name=feed.name, url=feed.url, kind="jsonfeed",
                      title_pattern=re.compile(r"^(?P<title>.+?) at (?P<company>.+)$"))  # fmt: skip
    data = json.loads((folder / "response.json").read_bytes())
    sales = _parse(feed, data, now)[1]
    assert (sales.title, sales.company) == ("Head of Sales", "Scale at Bright Logistics")


@pytest.mark.parametrize(
    ("kind", "data", "says"),
    [
        ("greenhouse", [{"id": 1}], "got a JSON list"),
        ("lever", {"ok": False, "error": "Document not found"}, "Document not found"),
        ("ashby", "<html>", "got a JSON string"),
        ("remoteok", {"jobs": "none"}, "got a JSON object"),
        ("remotive", None, "got null"),
        ("himalayas", 42, "got a JSON int"),
        ("jobicy", {"jobs": {"1": {}}}, "got a JSON object"),
        ("jsonfeed", {"data": []}, "not a JSON Feed"),
        ("workable", {"name": "Acme", "jobs": None}, "got a JSON object"),
        ("recruitee", {"error": "Not found"}, "the board answered 'Not found'"),
        ("smartrecruiters", [], "got a JSON list"),
    ],
)
def test_a_payload_of_the_wrong_shape_is_a_value_error(kind: str, data: Any, says: str) -> None:
    feed = FeedConfig(id="x", name="X", url="https://example.org/", kind=kind, board="x")
    with pytest.raises(ValueError, match=says):
        _parse(feed, data, datetime(2026, 7, 20, tzinfo=UTC))


def test_the_same_job_twice_counts_once() -> None:
    feed = FeedConfig(id="x", name="X", url="https://example.org/", kind="lever", board="x")
    job = {"id": "a", "text": "Chef", "hostedUrl": "https://jobs.lever.co/x/a"}
    assert len(_parse(feed, [job, dict(job)], datetime(2026, 7, 20, tzinfo=UTC))) == 1


# --- the real captures, where they exist ----------------------------------------------------

_SAMPLES = {
    "greenhouse": ("greenhouse-board.json", "title"),
    "lever": ("lever-postings.json", "text"),
    "ashby": ("ashby-job-board.json", "title"),
    "remoteok": ("remoteok.json", "position"),
    "remotive": ("remotive.json", "title"),
    "himalayas": ("himalayas.json", "title"),
    "jobicy": ("jobicy.json", "jobTitle"),
}


@pytest.mark.parametrize("kind", sorted(_SAMPLES))
def test_real_samples_map_every_titled_job(kind: str) -> None:
    filename, title_key = _SAMPLES[kind]
    path = SAMPLES / "json-api" / filename
    if not path.exists():
        pytest.skip(f"no real sample at {path} (the shared samples folder is not here)")
    data = json.loads(path.read_bytes())
    feed = FeedConfig(id=kind, name=f"{kind} board", url="https://example.org/", kind=kind)
    postings = _parse(feed, data, datetime(2026, 7, 20, tzinfo=UTC))
    jobs = data if isinstance(data, list) else data["jobs"]
    titled = [j for j in jobs if isinstance(j, dict) and str(j.get(title_key) or "").strip()]
    assert titled and len(postings) == len(titled)
    for p in postings:
        assert p.title and p.company and p.url.startswith(("http://", "https://"))
        assert p.first_seen == p.last_seen == "2026-07-20T00:00:00Z"


# --- anything a board might send: postings or a ValueError, never a crash -------------------

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
# Jobs made of the keys the kinds read, with values of any type.
_KEYS = sorted(
    {
        "text", "position", "jobTitle", "url", "hostedUrl", "jobUrl", "absolute_url",
        "guid", "applicationLink", "location", "categories", "secondaryLocations", "offices",
        "departments", "salaryRange", "compensation", "salary_min", "salary_max", "minSalary",
        "createdAt", "epoch", "pubDate", "publishedAt", "first_published", "content", "description",
        "tags", "metadata", "workplaceType", "isRemote", "jobGeo", "locationRestrictions",
        "shortcode", "telecommuting", "locations", "careers_url", "salary", "status", "hybrid",
        "name", "company", "releasedDate", "typeOfEmployment", "department",
    }
)  # fmt: skip
_jobs = st.lists(
    st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=5), "title": st.text(max_size=10)},
        optional={k: _json_values for k in _KEYS},
    ),
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(kind=st.sampled_from(sorted(JSON_KINDS)), data=_json_values | _jobs | _jobs.map(
    lambda jobs: {"jobs": jobs, "items": jobs, "offers": jobs, "content": jobs,
                  "totalFound": 9}))  # fmt: skip
def test_any_payload_gives_postings_or_a_value_error(kind: str, data: Any) -> None:
    feed = FeedConfig(id="x", name="X", url="https://example.org/", kind=kind, board="x")
    try:
        postings = _parse(feed, data, datetime(2026, 7, 20, tzinfo=UTC))
    except ValueError:
        return
    for p in postings:
        assert p.title and p.url.startswith(("http://", "https://"))
