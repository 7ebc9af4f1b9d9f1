"""The lean store reader yields exactly what the store's own reader gives, for trends' fields."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.models import FeedState, Posting
from aggregator.store import Batch, Store
from aggregator.trends.reader import (
    _DECODER,
    Deriver,
    _lean_tuple,
    iter_trend_rows,
    parse_month_file,
)
from aggregator.trends.rows import row_from_posting

# Characters that could fool a reader that cuts lines: quotes, commas, brackets, escapes.
NASTY = st.text(alphabet=st.sampled_from(list('ab ,"]}[{\\:é€\n\t/'))
             | st.characters(blacklist_categories=("Cs",)),
                max_size=12)  # fmt: skip
SALARY = st.none() | st.fixed_dictionaries({
    "min": st.none() | st.integers(0, 300_000), "max": st.none() | st.integers(0, 300_000),
    "currency": st.none() | NASTY, "period": st.sampled_from(["year", "hour", None]),
    "source": st.just("text")})  # fmt: skip
REQUIREMENTS = st.fixed_dictionaries(
    {"terms": st.lists(NASTY, max_size=4)},
    optional={"years": st.integers(0, 10), "salary": SALARY, "employment_type": NASTY | st.none(),
              "languages": st.lists(NASTY, max_size=2)},
)  # fmt: skip


@st.composite
def postings(draw):
    n = draw(st.integers(1, 6))
    out = []
    for i in range(n):
        out.append(Posting(
            id=f"id{i}", feed_id=draw(st.sampled_from(["f1", "f2"])), feed="F",
            url=f"https://x.example/{i}", title=draw(NASTY), company=draw(NASTY),
            location=draw(NASTY), area=draw(st.none() | NASTY),
            published=draw(st.none() | st.just("2026-01-02T03:04:05Z")),
            first_seen="2026-01-05T06:00:00Z", last_seen="2026-01-05T06:00:00Z",
            description=draw(NASTY), duplicate_of=draw(st.none() | st.just("id0")),
            employment_type=draw(st.none() | NASTY), tags=draw(st.lists(NASTY, max_size=2)),
            requirements=draw(st.one_of(st.just({}), REQUIREMENTS)),
        ))  # fmt: skip
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(postings(), st.data())
def test_same_rows_as_the_store(items, data):
    ids = [p.id for p in items]
    gone = data.draw(st.lists(st.sampled_from(ids), unique=True))
    closed = [i for i in ids if i not in gone][:1]
    events = [{"event": "gone", "at": "2026-01-09T06:00:00Z", "feed": "f1",
               "last_seen": "2026-01-08T06:00:00Z", "ids": gone}] if gone else []  # fmt: skip
    if closed:
        events.append({"event": "closed", "at": "2026-01-10T06:00:00Z", "feed": "f2",
                       "last_seen": "2026-01-09T06:00:00Z", "ids": closed})  # fmt: skip
    changed = data.draw(st.sampled_from(ids))
    events.append({"event": "updated", "at": "2026-01-07T06:00:00Z", "id": changed,
                   "changes": {"title": data.draw(NASTY),
                               "requirements": data.draw(REQUIREMENTS)}})  # fmt: skip
    live = [i for i in ids if i not in gone and i not in closed]
    feeds = {"f1": FeedState("f1", "F", "https://x.example/f1", ok=True,
                             last_success="2026-01-20T06:00:00Z", live_ids=live)}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp))
        with store.lock():
            store.commit(Batch(month="2026-01", new=items, events=events, feeds=feeds))
        expected = [row_from_posting(p) for p in store.iter_postings()]
        assert list(iter_trend_rows(tmp)) == expected


def test_a_bad_line_is_skipped_and_reported(tmp_path):
    store = Store(tmp_path)
    p = Posting(id="a", feed_id="f", feed="F", url="https://x.example/", title="T",
                company="C", first_seen="2026-01-05T06:00:00Z", description="text")  # fmt: skip
    with store.lock():
        store.commit(Batch(month="2026-01", new=[p]))
    month = tmp_path / "postings" / "2026-01.jsonl"
    month.write_text(month.read_text() + '{"id": "broken", \n')
    problems: list[str] = []
    rows = list(iter_trend_rows(tmp_path, problems))
    assert [r.id for r in rows] == ["a"]
    assert problems == ["postings/2026-01.jsonl:3: line does not parse; skipped"]


def test_decoding_drops_the_description_only():
    line = (b'{"id":"x","feed_id":"f","feed":"F","url":"u","title":"T","company":"C",'
            b'"first_seen":"2026-01-01T00:00:00Z","description":"a \\"b\\", c ]} d",'
            b'"employment_type":"full-time","requirements":{"terms":["Go","C++"],"years":3,'
            b'"salary":{"min":1,"max":2},"employment_type":"contract"}}')  # fmt: skip
    s = _DECODER.decode(line)
    assert not hasattr(s, "description") and s.employment_type == "full-time"
    assert s.requirements is not None
    assert (s.requirements.terms, s.requirements.salary, s.requirements.employment_type) == (
        ("Go", "C++"), {"min": 1, "max": 2}, "contract")  # fmt: skip


# Lines of any shape the trends code can take: odd types where it accepts any value
# (salaries, duplicate_of, ids), text or null where it needs text, broken JSON, headers.
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | NASTY,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NASTY, inner, max_size=3),
    max_leaves=6,
)  # fmt: skip
TEXT = st.none() | NASTY
ODD_REQUIREMENTS = st.fixed_dictionaries({}, optional={
    "terms": st.none() | st.lists(NASTY | st.integers(), max_size=3),
    "salary": ANY_JSON, "employment_type": TEXT, "years": ANY_JSON})  # fmt: skip
ODD_POSTING = st.fixed_dictionaries({}, optional={
    "id": TEXT | st.integers(), "company": TEXT, "title": TEXT, "location": TEXT,
    "area": TEXT, "published": TEXT, "first_seen": TEXT, "duplicate_of": ANY_JSON,
    "salary": ANY_JSON, "employment_type": TEXT, "description": ANY_JSON,
    "requirements": st.none() | ODD_REQUIREMENTS | REQUIREMENTS})  # fmt: skip
ODD_LINE = ODD_POSTING.map(
    lambda d: json.dumps(d, ensure_ascii=False, separators=(",", ":"))
) | st.sampled_from(['{"id": "broken", ', "[1, 2]", "   ", '{"schema": "x", "id": "s"}',
                     '{"id":"n","salary":1e400}', '{"id":"d","id":"e"}', '{"schema": "y"}',
                     ' {"schema": "z"}', '{"area":"a","schema":1}'])  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ODD_LINE, max_size=6))
def test_decoder_agrees_with_json_loads_on_any_line(lines):
    """Whatever the lines, the Struct decoding (whole file or line by line) gives the rows
    and bad lines that json.loads of each line gives."""
    text = "\n".join(['{"schema": "stayready.postings", "version": 1}', *lines]) + "\n"
    buf = bytearray(text.encode())
    derive = Deriver()
    expected_rows, expected_bad = [], []
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        if not line or line.startswith('{"schema"'):
            continue
        try:
            d = json.loads(line)
        except ValueError:
            d = None
        if not isinstance(d, dict) or "id" not in d:
            if line.strip():
                expected_bad.append((number, "line does not parse; skipped"))
            continue
        expected_rows.append(_lean_tuple(d, {}, derive))
    assert parse_month_file(buf, len(buf), derive) == (expected_rows, expected_bad)


def test_missing_store_gives_no_rows(tmp_path):
    assert list(iter_trend_rows(tmp_path / "nothing")) == []
