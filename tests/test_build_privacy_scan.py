"""The faster privacy scan of the built site finds exactly what the plain scan found.

The scan of the public output was made cheaper (names looked for only where one of
their first words occurs, emails only where there is an "@", phones' digits taken in
one pass, the search index's sections looked at together first). Each shortcut must
find the same thing as looking everywhere: random pages are scanned both ways here,
the plain way written out as the check read before.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from stayready.site import privacy
from stayready.site.data import Contact
from stayready.site.privacy import MIN_PHONE_DIGITS, Needles, readable, readable_parts

PEOPLE = [
    Contact(
        id="jane",
        name="Jane Doe",
        aliases=("JD Smith",),
        emails=("Jane@Doe.example",),
        phones=("+1 (555) 010-4477",),
    ),  # fmt: skip
    Contact(id="olu", name="Olu Bankole-Reyes", phones=("020 7946 0958",)),
    Contact(id="pat", name="Pat Lee", emails=("pat@lee.example",), may_be_named=True),
    Contact(id="kim", name="Kim Ortiz", phones=("867-5309",)),  # seven digits, the fewest
]


def plain_find(needles: Needles, text: str, posting_page: bool = False) -> str | None:
    """The scan as it was: every word, every email-like and phone-like run, one by one."""
    toks = privacy.words(text)
    for cand, label in needles._name_hits(toks):
        if not (posting_page and cand in needles.excused):
            return label
    for m in privacy._EMAIL.finditer(text):
        label = needles.emails.get(m.group(0).casefold())
        if label:
            return label
    for m in privacy._PHONE.finditer(text):
        d = re.sub(r"\D", "", m.group(0))
        if len(d) >= MIN_PHONE_DIGITS and (label := needles._phone_label(d)):
            return label
    return None


PIECES = [
    "Jane", "jane", "DOE", "Doe", "Doewright", "JD", "smith", "Olu", "Bankole", "Reyes", "-",
    "Pat", "Lee", "jane@doe.example", "JANE@DOE.EXAMPLE", "pat@lee.example", "x@y.example",
    "@", ".", "555", "010", "4477", "(555)", "+1", "+44", "20", "7946", "0958", "2026-03-02",
    " ", "  ", "\n", "\t", "<b>", "</b>", "</td><td>", '<a title="', '">', "&nbsp;", "&amp;",
    "&#74;ane", "&lt;", "&gt;", "/", "(", ")", "é", "ß", "word", "Consulting", "\0",
    "867", "5309", "55", "1", "0", "7", "8675309",
]  # fmt: skip
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _needles() -> Needles:
    needles = Needles.build(PEOPLE, extra=["Pat Lee", "Jane Doe"])
    needles.excuse_postings(["Jane Doe Consulting", "a posting about nothing"])
    return needles


@settings(max_examples=400, deadline=None)
@given(raw=texts, posting=st.booleans())
def test_a_page_is_scanned_as_plainly_as_before(raw, posting):
    needles = _needles()
    text, words_in = readable_parts(Path("p.html"), raw)
    assert text == readable(Path("p.html"), raw)
    expected = plain_find(needles, text, posting)
    assert needles.find(text, posting_page=posting, words_in=words_in) == expected
    assert needles.find(text, posting_page=posting) == expected


@settings(max_examples=200, deadline=None)
@given(sections=st.lists(st.tuples(texts, st.booleans()), max_size=8))
def test_the_search_index_is_scanned_as_plainly_as_before(sections):
    needles = _needles()
    docs = [{"location": ("generated/jobs/x/" if posting else "journal/") + "#s", "text": text}
            for text, posting in sections]  # fmt: skip
    expected = None
    for doc in docs:
        posting = doc["location"].startswith(privacy.POSTING_PAGES)
        expected = plain_find(needles, "\n".join(privacy._strings(doc)), posting)
        if expected:
            break
    assert privacy._check_search_index(json.dumps({"docs": docs}), needles) == expected


def test_a_name_in_one_of_many_sections_is_found_and_one_across_two_is_not():
    needles = _needles()
    filler = [{"location": f"generated/jobs/a/#{i}", "text": f"Posting {i}"} for i in range(500)]
    leak = {"location": "journal/#x", "text": "coffee with jane  doe"}
    index = json.dumps({"docs": [*filler, leak, *filler]})
    assert privacy._check_search_index(index, needles) == "the name of contact 'jane'"
    split = [{"location": "journal/#a", "text": "ends with Jane"},
             {"location": "journal/#b", "text": "Doe starts this one"}]  # fmt: skip
    assert privacy._check_search_index(json.dumps({"docs": split}), needles) is None
    excused = {"location": "generated/jobs/a/#y", "text": "Jane Doe Consulting is hiring"}
    assert privacy._check_search_index(json.dumps({"docs": [*filler, excused]}), needles) is None


def test_a_phone_among_other_numbers_is_found_wherever_it_stands():
    needles = _needles()
    for text in ["on 2026-03-02 call 555 010 4477", "call 555 010 4477, room 12",
                 "call 55 010 4477 (nine digits: the end of Jane's)", "8675309", "8-6-7-5-3-0-9",
                 "867/5309", "(867) 53.09", "867\t5309", "+1 555/010/4477",
                 "2026, 555\n010-4477", "020 7946 0958 or 12 34 56 78"]:  # fmt: skip
        found = plain_find(needles, text)
        assert found and needles.find(text) == found, text
    # Sections of the search index stay apart: a number at the end of one does not
    # run into a phone at the start of the next.
    docs = [{"location": "journal/#a", "text": "ref 2026"},
            {"location": "journal/#b", "text": "555 010 4477 is Jane's"}]  # fmt: skip
    assert privacy._check_search_index(json.dumps({"docs": docs}), needles) == (
        "a phone number of contact 'jane'"
    )
