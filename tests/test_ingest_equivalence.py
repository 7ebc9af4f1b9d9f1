"""The faster ingest paths give exactly what the plain ones gave: tag stripping with the
unrolled tag pattern and the quick "&nbsp;", and the salary reader's benefits check,
against the earlier definitions kept here as the reference, on real and generated text."""

from __future__ import annotations

import html
import json
import re

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import aggregator.normalize as normalize
import aggregator.requirements.salary as salary
from aggregator.requirements.terms import split_alternatives
from tests.conftest import FIXTURES, SAMPLES

# --- the reference: tag stripping as it was defined before ----------------------------

_OLD_BODY = r"(?:[^<>\"']|\"[^<>\"]*\"|'[^<>']*')*"
_OLD_LIST_ITEM = re.compile(rf"<li\b{_OLD_BODY}>", re.IGNORECASE)
_OLD_BLOCK = re.compile(
    rf"</?(?:{'|'.join(sorted(normalize._BLOCK_TAGS))})\b{_OLD_BODY}/?>", re.IGNORECASE
)
_OLD_CELL = re.compile(rf"</?t[dh]\b{_OLD_BODY}>", re.IGNORECASE)
_OLD_ANY_TAG = re.compile(rf"</?[a-zA-Z][a-zA-Z0-9:-]*{_OLD_BODY}>|<![^<>]*>|<\?[^<>]*>")


def old_strip_tags(markup: str, source: bool = True) -> str:
    if source and normalize._REAL_TAG.search(markup):
        markup = markup.replace("\r", " ").replace("\n", " ")
    markup = normalize._DROP_BLOCKS.sub(" ", markup)
    markup = _OLD_LIST_ITEM.sub("\n- ", markup)
    markup = _OLD_BLOCK.sub("\n", markup)
    markup = _OLD_CELL.sub(" ", markup)
    markup = _OLD_ANY_TAG.sub("", markup)
    return html.unescape(markup) if "&" in markup else markup


def _sample_descriptions() -> list[str]:
    if not SAMPLES.exists():
        pytest.skip(f"real samples {SAMPLES} not present (the shared samples folder is optional)")
    out: list[str] = []
    for name in ("weworkremotely.xml", "neogov-governmentjobs.rss", "craigslist-rss1.rdf"):
        parsed = feedparser.parse((SAMPLES / "rss" / name).read_bytes(), sanitize_html=False,
                                  resolve_relative_uris=False)  # fmt: skip
        out += [e.get("summary") or "" for e in parsed.entries]
    board = json.loads((SAMPLES / "json-api" / "greenhouse-board.json").read_text("utf-8"))
    out += [html.unescape(job["content"]) for job in board["jobs"]]
    return [d for d in out if d]


def test_real_descriptions_strip_to_the_same_text() -> None:
    descriptions = _sample_descriptions()
    assert len(descriptions) > 20
    for d in descriptions:
        assert normalize._strip_tags(d) == old_strip_tags(d)
        assert normalize._strip_tags(d, source=False) == old_strip_tags(d, source=False)


def test_fixture_feed_descriptions_strip_to_the_same_text() -> None:
    # The repository's own feed fixtures (hostile and broken ones included), so the
    # comparison runs on real-shaped markup even where the shared samples are absent.
    descriptions = []
    for path in sorted((FIXTURES / "feeds").iterdir()):
        if path.suffix in (".xml", ".rss", ".rdf", ".atom"):
            parsed = feedparser.parse(path.read_bytes(), sanitize_html=False,
                                      resolve_relative_uris=False)  # fmt: skip
            descriptions += [e.get("summary") or "" for e in parsed.entries]
    descriptions = [d for d in descriptions if "<" in d]
    assert len(descriptions) > 5
    for d in descriptions:
        assert normalize._strip_tags(d) == old_strip_tags(d)
        assert normalize._strip_tags(d, source=False) == old_strip_tags(d, source=False)


_PIECES = [
    "<p>", "</p>", "<br/>", "<br />", "<li>", "<li class='x'>", "</li>", "<td>", "</th>",
    "<div title=\"a>b\">", "<span a='1' b=\"2\">", "<a href=\"x\"/>", "<LI>", "<Br>", "<h1>",
    "<script>x</script>", "<!-- c -->", "<!doctype html>", "<?xml ?>", "<tr/", "<p a=\"",
    "'", '"', "<", ">", "/", "=", " ", "\n", "\r", "&", ";", "#", "&nbsp;", "&nbsp", "&amp;",
    "&lt;", "&gt;", "&#160;", "&#x41;", "&#38;", "nbsp;", "amp", "lt", "\u00a0", "text",
]  # fmt: skip
_MARKUP = st.lists(st.sampled_from(_PIECES) | st.text(max_size=3), max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(_MARKUP, st.booleans())
def test_generated_markup_strips_to_the_same_text(markup: str, source: bool) -> None:
    assert normalize._strip_tags(markup, source) == old_strip_tags(markup, source)


_REFERENCES = st.lists(
    st.sampled_from(
        [
            "&",
            "&nbsp;",
            "nbsp",
            ";",
            "#",
            "&#",
            "x",
            "1",
            "lt",
            "amp",
            "\u00a0",
            " ",
            "<",
            "a" * 31,
            "&notin",
            "&not",
        ]
    ),
    max_size=20,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(_REFERENCES)
def test_nbsp_replaced_first_unescapes_the_same(text: str) -> None:
    # What _strip_tags relies on: no entity name reaches across a no-break space.
    assert html.unescape(text.replace("&nbsp;", "\u00a0")) == html.unescape(text)


# --- salary: the benefits words checked before the benefits regex -----------------------

_FOLDS = {"s": ["s", "S", "\u017f"], "i": ["i", "I", "\u0130", "\u0131"], "k": ["k", "K", "\u212a"]}


@st.composite
def _benefit_text(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from([*salary._BENEFIT_WORDS, "401(k)", "401k", "Per Diem"]))
    spelled = "".join(draw(st.sampled_from(_FOLDS.get(c.lower(), [c, c.upper()]))) for c in word)
    around = st.text(alphabet="ab $\u0307\u0131\u017fİK\n", max_size=6)
    return draw(around) + spelled + draw(around)


def test_every_benefit_alternative_holds_one_of_its_words() -> None:
    for alternative in split_alternatives(salary._BENEFIT.pattern):
        assert any(w in alternative.replace("\\", "") for w in salary._BENEFIT_WORDS), alternative


@settings(max_examples=800, deadline=None)
@given(st.one_of(_benefit_text(), st.text(max_size=30)))
def test_text_the_benefits_regex_matches_always_holds_a_benefits_word(text: str) -> None:
    if salary._BENEFIT.search(text) is not None:
        assert salary._may_hold(text, salary._BENEFIT_WORDS)
    expected = bool(list(salary._BENEFIT.finditer(text))) and _old_benefit_talk(text)
    assert salary._benefit_talk(text) == expected


def _old_benefit_talk(before: str) -> bool:
    benefit = [b.start() for b in salary._BENEFIT.finditer(before)]
    if not benefit:
        return False
    pay = [p.start() for p in salary._PAY_CUE.finditer(before)]
    return not pay or pay[-1] < benefit[-1]
