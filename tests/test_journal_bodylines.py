"""The body-line grammar `- TYPE @id [@id ...] [Nm] [+give | +ask] [: summary]`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foundation.errors import NotebookError
from journal.bodylines import parse_body, parse_line

CASES = [
    # line, (type, ids, minutes, give, origin, summary)
    (
        "- call @jane-doe 20m +give: thanked her for the intro",
        ("call", ("jane-doe",), 20, True, None, "thanked her for the intro"),
    ),
    (
        "meal @jane-doe @sam-lee 60m: breakfast: two colons",
        ("meal", ("jane-doe", "sam-lee"), 60, None, None, "breakfast: two colons"),
    ),
    ("- email @raj +ask", ("email", ("raj",), 0, False, None, "")),
    ("- ask @raj: intro to Acme?", ("ask", ("raj",), 0, False, None, "intro to Acme?")),
    ("- help @ana 45min: resume", ("help", ("ana",), 45, True, None, "resume")),
    ("- thank-you @ana", ("thank-you", ("ana",), 0, None, None, "")),
    ("- referral @ana: to Acme", ("referral", ("ana",), 0, None, "network", "to Acme")),
    ("- offer +stranger: cold email", ("offer", (), 0, None, "stranger", "cold email")),
    ("- lead +own-writing: from my blog", ("lead", (), 0, None, "own-writing", "from my blog")),
    ("- Call @Jane-Doe 5m", ("call", ("jane-doe",), 5, None, None, "")),
]


@pytest.mark.parametrize("text,want", CASES)
def test_parse_line(text: str, want: tuple) -> None:
    p = parse_line(text)
    assert (p.type, p.ids, p.minutes, p.give, p.origin, p.summary) == want


@pytest.mark.parametrize(
    "text,message,hint",
    [
        ("- coffe @jane", "unknown interaction type 'coffe'", "types:"),
        ("- call jane", "unexpected 'jane'", "after the colon"),
        ("- call @jane about the job: x", "unexpected 'about'", "after the colon"),
        ("- call @jane +give +ask", "both +give and +ask", None),
        ("- call: nobody", "no @id", "e.g."),
        ("- offer: from where?", "no @id", None),
    ],
)
def test_malformed_lines_are_explained(text: str, message: str, hint: str | None) -> None:
    with pytest.raises(NotebookError) as exc:
        parse_line(text)
    assert message in exc.value.message
    if hint:
        assert hint in exc.value.hint


def test_parse_body_lines_numbers_and_leaves_prose_and_code_alone() -> None:
    body = (
        "Met a few people.\n"  # line 10
        "- talked about jobs with Jane\n"
        "- call @jane 20m: fine\n"
        "```\n"
        "- call @not-parsed-in-code\n"
        "```\n"
        "- meal @jane 2 hours: bad\n"
    )
    found, problems = parse_body(body, body_start=10, path=Path("e.md"), when=date(2026, 1, 1))
    assert [(i.type, i.line, i.date) for i in found] == [("call", 12, date(2026, 1, 1))]
    assert [(p.file, p.line) for p in problems] == [("e.md", 16)]


@given(st.text(max_size=80))
def test_any_text_parses_or_raises_a_notebook_error(text: str) -> None:
    try:
        p = parse_line(text)
    except NotebookError:
        return
    assert p.ids or p.origin in ("stranger", "own-writing")
