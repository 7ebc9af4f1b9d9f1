"""Privacy: the public edition never holds a contact's name, alias, email or phone."""

from __future__ import annotations

import string
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from foundation.clock import parse_instant
from foundation.errors import PrivacyError
from stayready.site import editions
from stayready.site.data import Contact, Entry
from stayready.site.privacy import Needles, check_entries, readable
from tests.site_sample import add_postings, project_config, sample_data

NOW = parse_instant("2026-03-02T06:00:00Z")
JANE = Contact(
    id="jane",
    name="Jane Doe",
    aliases=("JD Smith", "Janie"),
    emails=("Jane@Doe.example",),
    phones=("+1 (555) 010-4477",),
)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("lunch with jane doe", True),  # case ignored
        ("JANE\n  DOE said", True),  # spacing ignored
        ("Janedoe", False),  # whole words only
        ("Jane Doewright", False),
        ("jd smith wrote", True),  # multi-word alias
        ("Janie wrote", False),  # one-word aliases are too common to check
        ("mail JANE@doe.example now", True),
        ("call 555.010.4477", True),  # phones by digits
        ("call +15550104477", True),
        ("order 2026-03-02", False),
        ("ref 0104477", False),  # a short tail of the number is not the number
        ("<td>Jane</td><td>Doe</td>", True),  # words split by markup still meet
        ("Jane&nbsp;Doe", True),
    ],
)
def test_needles_match_whole_words_ignoring_case_and_phones_by_digits(text, found):
    needles = Needles.build([JANE])
    assert (needles.find(readable(Path("x.html"), text)) is not None) is found


def test_json_escapes_are_undone_before_matching():
    needles = Needles.build([Contact(id="j", name="José Núñez")])
    raw = '{"docs": [{"text": "Jos\\u00e9 N\\u00fa\\u00f1ez"}]}'
    assert needles.find(readable(Path("search_index.json"), raw))


def test_a_contact_who_may_be_named_is_not_a_leak_but_their_email_is():
    pat = Contact(id="pat", name="Pat Lee", emails=("pat@lee.example",), may_be_named=True)
    needles = Needles.build([pat], extra=["Pat Lee"])
    assert needles.find("thanks Pat Lee") is None
    assert needles.find("write to pat@lee.example")


def test_posting_text_is_excused_only_on_posting_pages():
    needles = Needles.build([Contact(id="j", name="Jordan Wayne")])
    needles.excuse_postings(["Jordan Wayne Consulting"])
    assert needles.find("Jordan Wayne Consulting | Remote", posting_page=True) is None
    assert needles.find("coffee with Jordan Wayne", posting_page=False)


def test_public_entry_naming_a_private_contact_fails_with_its_file():
    entry = Entry(
        date=date(2026, 3, 1),
        title="Lunch",
        body="Lunch with jane DOE.",
        public=True,
        file="notebook/entries/2026-03-01.md",
    )
    with pytest.raises(PrivacyError) as err:
        check_entries([entry], [JANE])
    assert err.value.file == "notebook/entries/2026-03-01.md"
    mention = Entry(
        date=date(2026, 3, 1),
        title="Lunch",
        body="Lunch.",
        public=True,
        people=("jane",),
        file="e.md",
    )
    with pytest.raises(PrivacyError, match="@jane"):
        check_entries([mention], [JANE])
    allowed = Contact(id="jane", name="Jane Doe", may_be_named=True)
    check_entries([entry, mention], [allowed])  # says they may be named: fine


def test_a_leak_in_the_output_fails_naming_the_file_and_keeps_the_old_site(tmp_path):
    config = project_config(tmp_path, title="Test Site")
    good = sample_data(config, NOW)
    editions.public(config, NOW, data=good)
    before = (tmp_path / "site" / "index.html").read_text()
    # A contact named like the site's own title: the home page would "leak" it.
    leaky = sample_data(config, NOW, contacts=[Contact(id="t", name="Test Site")])
    with pytest.raises(PrivacyError) as err:
        editions.public(config, NOW, data=leaky)
    assert err.value.file.startswith(str(tmp_path / "site"))
    assert "contact 't'" in err.value.message
    assert (tmp_path / "site" / "index.html").read_text() == before, "site/ left as it was"
    assert (tmp_path / ".private" / "rejected-site" / "index.html").exists()
    assert not (tmp_path / "docs" / "generated").exists(), "no leaking pages left to build"
    assert not list(tmp_path.glob(".site-build-*")), "no half-built folder left beside site/"


def test_a_contact_named_like_a_company_in_a_posting_is_not_a_leak(tmp_path):
    config = project_config(tmp_path)
    data = sample_data(config, NOW, contacts=[Contact(id="jw", name="Jordan Wayne")])
    add_postings(
        data,
        [
            {
                "id": "jw1",
                "title": "Planner",
                "company": "Jordan Wayne Consulting",
                "url": "https://jobs.example/jw1",
            }
        ],
    )
    editions.public(config, NOW, data=data)
    remote = (tmp_path / "site" / "generated" / "jobs" / "remote" / "index.html").read_text()
    assert "Jordan Wayne Consulting" in remote


# --- random notebooks --------------------------------------------------------------

_word = st.text(alphabet=string.ascii_lowercase, min_size=5, max_size=9).map(
    lambda w: "Zq" + w
)  # a prefix no site text has, so only a real leak can match
_phone = st.integers(min_value=2_000_000_000, max_value=9_999_999_999).map(
    lambda n: f"+1 ({str(n)[:3]}) {str(n)[3:6]}-{str(n)[6:]}"
)


@st.composite
def notebooks(draw):
    n = draw(st.integers(min_value=1, max_value=4))
    contacts, entries = [], []
    for i in range(n):
        first, last = draw(_word), draw(_word)
        contacts.append(
            Contact(
                id=f"c{i}",
                name=f"{first.title()} {last.title()}",
                aliases=(f"{first.title()} {draw(_word).title()}",),
                emails=(f"{first}.{last}@mail{i}.example",),
                phones=(draw(_phone),),
                may_be_named=draw(st.booleans()) and i > 0,
            )
        )
    for i, c in enumerate(contacts):
        entries.append(
            Entry(
                date=date(2026, 2, 1 + i),
                title=f"Call with {c.name}",
                body=f"Talked to {c.name} ({c.emails[0]}, {c.phones[0]}).",
                people=(c.id,),
                slug=f"call-{i}",
            )
        )
        if c.may_be_named:
            entries.append(
                Entry(
                    date=date(2026, 2, 10 + i),
                    title=f"Thanks, {c.name}",
                    body=f"{c.name} helped me today.",
                    public=True,
                    people=(c.id,),
                    slug=f"thanks-{i}",
                )
            )
    return contacts, entries


def _private_strings(contacts):
    for c in contacts:
        if not c.may_be_named:
            yield c.name
            yield from c.aliases
        yield from c.emails
        yield from c.phones


def _site_text(site: Path) -> list[tuple[Path, str]]:
    return [
        (p, readable(p, p.read_text(encoding="utf-8", errors="replace")))
        for p in site.rglob("*")
        if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt", ".ics")
    ]


# Each example is two real builds, so few examples and no shrinking (the failing
# example is still printed in full).
@settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(book=notebooks())
def test_random_notebooks_stay_out_of_the_public_edition_and_all_in_the_private(tmp_path, book):
    contacts, entries = book
    root = tmp_path / f"p{abs(hash(tuple(c.name for c in contacts)))}"
    config = project_config(root)
    data = sample_data(config, NOW, contacts=contacts, entries=entries)
    editions.public(config, NOW, data=data)
    editions.private(config, NOW, data=data)
    public = _site_text(root / "site")
    private = _site_text(root / ".private" / "site")
    private_text = "\n".join(t for _, t in private)
    for secret in _private_strings(contacts):
        single = Needles.build([], extra=[secret])
        for path, text in public:
            assert single.find(text) is None, (secret, path)
        assert single.find(private_text) is not None, secret
    for c in contacts:
        if c.may_be_named:  # named in their public post, as they allowed
            assert any(c.name in t for _, t in public)
