"""The line format's fast paths write and hash exactly what the plain ones did: a stored
hash that changed would make every live posting look updated on the next night."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator.models import Posting, Salary
from aggregator.store_format import (
    CONTENT_FIELDS,
    DESCRIPTION_CAP,
    content_hashes,
    json_line,
    storage_record,
    storage_values,
)


def _posting() -> Posting:
    return Posting(
        id="p1", feed_id="f", feed="F", url="https://x.example/j?a=1", title="Ingénieure \"SRE\"",
        company="Acme", location="Berlin · Remote", locations=["Berlin", "Remote"],
        description="Über uns\n" + "x" * (DESCRIPTION_CAP + 50), first_seen="2026-03-01T06:00:00Z",
        last_seen="2026-03-02T06:00:00Z", salary=Salary(120000.0, 150000.5, "EUR", "year"),
        tags=["Python", "東京"], work_mode="remote",
        requirements={"terms": ["Python"], "years": {"min": 5, "max": None}, "degree": None,
                      "nested": [{"b": 1, "a": [1.5, True]}]},
    )  # fmt: skip


def _plain_values(p: Posting) -> dict:
    d = asdict(p)
    d.pop("last_seen")
    if len(d["description"]) > DESCRIPTION_CAP:
        d["description"] = d["description"][: DESCRIPTION_CAP - 1].rstrip() + "…"
    return d


def _plain_hash(value: object) -> str:
    if value in (None, "", [], {}):
        return "-"
    raw = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=4).hexdigest()


def test_values_are_asdict_in_field_order_and_copied() -> None:
    p = _posting()
    values = storage_values(p)
    assert values == _plain_values(p) and list(values) == list(_plain_values(p))
    values["tags"].append("changed")
    values["requirements"]["nested"][0]["b"] = 2
    assert p.tags == ["Python", "東京"] and p.requirements["nested"][0]["b"] == 1


def test_hashes_and_lines_are_the_plain_json_ones() -> None:
    record = storage_record(_posting())
    assert content_hashes(record) == " ".join(_plain_hash(record.get(n)) for n in CONTENT_FIELDS)
    plain = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert json_line(record) == plain


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _JSON, max_size=6))
def test_any_line_is_the_plain_json_one(record: dict) -> None:
    plain = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert json_line(record) == plain


def test_a_value_json_cannot_hold_still_fails_the_line() -> None:
    with pytest.raises(TypeError):
        json_line({"id": "p1", "when": object()})
