"""The body-line grammar `- TYPE @id [@id ...] [Nm] [+give | +ask] [: summary]`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foundation.errors import NotebookError
from journal.bodylines import format_line, interaction_lines, parse_body, parse_line
from journal.model import INTERACTION_TYPES

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


_TOKENS = st.one_of(
    # An id may start with a digit, but a body bullet whose first id does is read as prose
    # (_LOOKS_LIKE): capture writes those to the front matter (tests/test_capture.py).
    st.from_regex(r"@[A-Za-z][A-Za-z0-9_-]{0,8}", fullmatch=True),
    st.from_regex(r"[0-9]{1,4}(m|min)", fullmatch=True),
    st.sampled_from(["+give", "+ask", "+GIVE", "+network", "+stranger", "+own-writing"]),
)


@given(
    kind=st.sampled_from(INTERACTION_TYPES),
    tokens=st.lists(_TOKENS, max_size=5),
    summary=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30),
)
def test_format_line_is_read_back_as_written_and_seen_in_a_body(kind, tokens, summary) -> None:
    # What capture writes into an entry's body must come back as the same interaction.
    raw = f"- {kind.upper()} {' '.join(tokens)}" + (f": {summary}" if summary else "")
    try:
        parsed = parse_line(raw)
    except NotebookError:
        return
    line = format_line(parsed)
    assert parse_line(line) == parsed
    assert [marked for _, marked in interaction_lines([line])] == [True]


def test_format_line_puts_a_flag_first_when_there_is_nobody() -> None:
    parsed = parse_line("- lead 20m +stranger: a recruiter wrote")
    assert format_line(parsed) == "- lead +stranger 20m: a recruiter wrote"
    assert format_line(parse_line("- ask @raj +ask 5m: a referral")) == "- ask @raj 5m: a referral"
