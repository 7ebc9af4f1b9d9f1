"""Pass-along rules one at a time (issue 13): the contact's `pass_along` section as read
(unknown keys get a did-you-mean), the `pass-along` interaction in front matter and as
a body line, and the matcher's words, places, skills, companies, exclude and until.
The whole path over a replayed history is tests/test_passalong_replay.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import journal
from aggregator.models import Posting
from foundation.config import load_config
from journal.bodylines import format_line, parse_line
from journal.model import PassAlong
from journal.notebook import load_folder
from journal.passalong import passed, split_refs, wishes
from stayready.cli import main
from stayready.passalong import has_words, is_remote, matcher, pass_alongs
from tests.conftest import FIXTURES, write_config

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)


def notebook(tmp: Path, contact: str, entry: str = "") -> Path:
    (tmp / "contacts").mkdir(parents=True, exist_ok=True)
    (tmp / "contacts" / "ana.md").write_text(contact, encoding="utf-8")
    if entry:
        (tmp / "entries" / "2026").mkdir(parents=True, exist_ok=True)
        (tmp / "entries" / "2026" / "2026-03-09-a.md").write_text(entry, encoding="utf-8")
    return tmp


# --- the section --------------------------------------------------------------------


def test_the_section_is_read_with_every_key(tmp_path: Path) -> None:
    nb = load_folder(notebook(tmp_path, (
        "---\nname: Ana\npass_along:\n  roles: [data engineer]\n  areas: Remote\n"
        "  skills: [Python]\n  companies: [Northwind]\n  exclude: [intern]\n"
        "  until: 2026-06-30\n---\n"
    )))  # fmt: skip
    assert nb.problems == []
    assert nb.contacts["ana"].pass_along == PassAlong(
        ("data engineer",), ("Remote",), ("Python",), ("Northwind",), ("intern",),
        date(2026, 6, 30), line=3,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("section", "message", "hint"),
    [
        ("{role: [nurse]}", "pass_along: unknown key 'role'", "did you mean 'roles'?"),
        ("{excludes: [x]}", "pass_along: unknown key 'excludes'", "did you mean 'exclude'?"),
        ("{until: 03-01}", "pass_along.until: '03-01' has no year", None),
        ("[nurse]", "pass_along: expected a mapping", None),
        ("{roles: {a: b}}", "pass_along.roles: expected a list of words", None),
    ],
)
def test_problems_in_the_section_name_the_line(tmp_path, section, message, hint) -> None:
    nb = load_folder(notebook(tmp_path, f"---\nname: Ana\npass_along: {section}\n---\n"))
    assert [(p.message, p.line) for p in nb.problems] == [(message, 3)]
    if hint:
        assert nb.problems[0].hint == hint


def test_a_top_level_typo_gets_a_did_you_mean(tmp_path: Path) -> None:
    nb = load_folder(notebook(tmp_path, "---\nname: Ana\npass_alongs: {roles: [x]}\n---\n"))
    assert [p.hint for p in nb.problems] == ["did you mean 'pass_along'?"]


def test_check_flags_a_skill_the_taxonomy_does_not_know(project: Path, capsys) -> None:
    notebook(project / "notebook", "---\nname: Ana\npass_along: {skills: [Pyhton, python3]}\n---\n")
    write_config(project, "notebook: {path: notebook}\n")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "'Pyhton' is not a known skill" in out and "did you mean 'Python'?" in out
    assert "python3" not in out  # an alias of Python


# --- the interaction ----------------------------------------------------------------


def test_a_pass_along_line_names_its_postings_and_counts_as_a_give() -> None:
    p = parse_line("- pass-along @ana: 3f2a91c0d4e5f6a7 https://jobs.example/9 a fit for her")
    assert (p.type, p.ids, p.give, p.minutes) == ("pass-along", ("ana",), True, 0)
    assert split_refs(p.summary) == (
        ("3f2a91c0d4e5f6a7", "https://jobs.example/9"),
        "a fit for her",
    )
    assert (
        format_line(p) == "- pass-along @ana: 3f2a91c0d4e5f6a7 https://jobs.example/9 a fit for her"
    )
    with pytest.raises(Exception, match="names the posting"):
        parse_line("- pass-along @ana: a great job")


def test_front_matter_and_body_pass_alongs_are_read_alike(tmp_path: Path) -> None:
    nb = load_folder(notebook(tmp_path, "---\nname: Ana\n---\n", (
        "---\ndate: 2026-03-09\ninteractions:\n  - with: [ana]\n    type: pass-along\n"
        "    postings: [aaaaaaaaaaaaaaaa]\n  - with: [ana]\n    type: pass-along\n---\n"
        "- pass-along @ana 15m: bbbbbbbbbbbbbbbb\n"
    )))  # fmt: skip
    assert [p.message for p in nb.problems] == ["interactions[1]: a pass-along needs its postings"]
    assert passed(nb) == {"ana": [(date(2026, 3, 9), "aaaaaaaaaaaaaaaa"),
                                  (date(2026, 3, 9), "bbbbbbbbbbbbbbbb")]}  # fmt: skip
    row = journal.ledger(nb).row("ana")
    assert (row.gives, row.give_minutes) == (3, 15)  # minutes only where given


def test_expired_archived_and_snoozed_wishes_are_left_out(tmp_path: Path) -> None:
    root = notebook(tmp_path, "---\nname: Ana\npass_along: {until: 2026-03-10}\n---\n")
    for cid, extra in (("bo", "status: archived\n"), ("cy", "snooze_until: 2026-04-01\n")):
        (root / "contacts" / f"{cid}.md").write_text(
            f"---\nname: {cid}\n{extra}pass_along: {{roles: [x]}}\n---\n"
        )
    nb = load_folder(root)
    assert list(wishes(nb, date(2026, 3, 10))) == ["ana"]  # until is inclusive
    assert wishes(nb, date(2026, 3, 11)) == {}


# --- the matcher ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "title", "found"),
    [
        ("data engineer", "Senior Data Engineer", True),
        ("data engineer", "Database Engineer", False),
        ("Data Engineer", "data-engineer (contract)", True),
        ("nurse", "Nurse Practitioner", True),
        ("nurse", "Nursery Teacher", False),
        ("c++", "C++ Developer", True),
        ("c++", "C Developer", False),
        ("c", "C++ Developer", True),  # a word boundary: say exclude if that matters
        ("go", "Google Ads Manager", False),
    ],
)
def test_roles_are_whole_words_in_any_case(phrase, title, found) -> None:
    assert has_words(phrase, title) is found


def posting(pid: str, title: str, company: str = "Acme", location: str = "Austin, TX",
            **kw) -> Posting:  # fmt: skip
    return Posting(id=pid, feed_id="f", feed="F", url=f"https://jobs.example/{pid}",
                   title=title, company=company, location=location, locations=[location],
                   first_seen=kw.pop("first_seen", "2026-03-09T06:00:00Z"), **kw)  # fmt: skip


@pytest.mark.parametrize(
    ("location", "mode", "remote"),
    [
        ("Remote", None, True),
        ("Remote (US)", None, True),
        ("Austin, TX", "remote", True),
        ("Austin, TX (no remote)", None, False),
        ("Non-remote, Austin", None, False),
        ("Remoteville, OR", None, False),
    ],
)
def test_remote_is_the_source_word_or_a_place_that_says_so(location, mode, remote) -> None:
    assert is_remote(posting("a", "Nurse", location=location, work_mode=mode)) is remote


def run(wish: PassAlong, postings: list[Posting], project: Path, aliases: str = "") -> dict:
    cfg = load_config(write_config(project, aliases or "site: {title: x}\n"))
    out = pass_alongs({"ana": wish}, {"ana": "Ana"}, {}, postings, hidden=set(), now=NOW,
                      match=matcher(cfg))  # fmt: skip
    return {p["id"]: p["why"] for rec in out for p in rec["postings"]}


def test_skills_by_name_or_alias_against_extracted_terms(project: Path) -> None:
    ps = [posting("a", "Engineer", requirements={"terms": ["Python", "SQL"]}),
          posting("b", "Engineer", requirements={"terms": ["Go"]})]  # fmt: skip
    assert run(PassAlong(skills=("python3",)), ps, project) == {"a": "Engineer with Python"}
    assert run(PassAlong(skills=("golang", "python")), ps, project).keys() == {"a", "b"}


def test_companies_use_the_warm_paths_normalization_and_aliases(project: Path) -> None:
    names = ["Northwind Inc.", "The Northwind Company", "Northwind Analytics", "Metal Works",
             "NW Traders"]  # fmt: skip
    ps = [posting(pid, "Analyst", name) for pid, name in zip("abcde", names, strict=True)]
    assert run(PassAlong(companies=("northwind",)), ps, project).keys() == {"a", "b"}
    assert run(PassAlong(companies=("Meta",)), ps, project) == {}
    aliases = "companies:\n  aliases:\n    Northwind: [NW Traders]\n"
    assert run(PassAlong(companies=("Northwind",)), ps, project, aliases).keys() == {"a", "b", "e"}


def test_exclude_rules_out_and_every_given_list_must_match(project: Path) -> None:
    ps = [posting("a", "Data Engineer Intern"), posting("b", "Data Engineer", location="Remote"),
          posting("c", "Data Engineer")]  # fmt: skip
    wish = PassAlong(roles=("data engineer",), areas=("Austin",), exclude=("intern",))
    assert run(wish, ps, project) == {"c": "data engineer in Austin, TX"}


def test_at_most_three_newest_first_never_hidden_or_passed_or_old(project: Path) -> None:
    ps = [posting(f"p{i}", "Nurse", first_seen=f"2026-03-0{i}T06:00:00Z") for i in range(1, 10)]
    cfg = load_config(write_config(project, "site: {title: x}\n"))
    out = pass_alongs({"ana": PassAlong(roles=("nurse",))}, {}, {"ana": [(date(2026, 3, 9), "p9")]},
                      ps, hidden={"p8"}, now=NOW, match=matcher(cfg))  # fmt: skip
    assert [p["id"] for p in out[0]["postings"]] == ["p7", "p6", "p5"]
    assert out[0]["name"] == "ana"  # no name known: the id
    late = posting("x", "Nurse", first_seen="2026-03-03T11:59:59Z")
    old = pass_alongs({"ana": PassAlong()}, {}, {}, [late], hidden=set(), now=NOW,
                      match=matcher(cfg))  # fmt: skip
    assert old == []  # first seen more than 7 days ago


def test_contacts_import_never_writes_or_changes_the_section(project: Path, capsys) -> None:
    root = project / "notebook"
    mine = "---\nname: Ana Costa\npass_along:  # hers, kept as written\n  roles: [manager]\n---\n"
    notebook(root, mine)
    (root / "contacts" / "ana.md").rename(root / "contacts" / "ana-costa.md")
    write_config(project, "notebook: {path: notebook}\n")
    csv = FIXTURES / "imports" / "linkedin_Connections.csv"
    assert main(["contacts", "import", str(csv)]) == 0
    text = (root / "contacts" / "ana-costa.md").read_text()
    assert text.startswith("---\nname: Ana Costa\npass_along:  # hers, kept as written\n")
    assert "  roles: [manager]\n" in text
    others = [p for p in (root / "contacts").glob("*.md") if p.name != "ana-costa.md"]
    assert others and not any("pass_along" in p.read_text() for p in others)


def test_the_readme_contact_example_reads_without_a_problem(tmp_path: Path) -> None:
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Pass-alongs", 1)[1]
    example = section.split("```markdown\n", 1)[1].split("```", 1)[0]
    nb = load_folder(notebook(tmp_path, example))
    assert nb.problems == []
    wish = nb.contacts["ana"].pass_along
    assert wish is not None and wish.until == date(2026, 6, 30) and "Remote" in wish.areas
    routine = section.split("five lines:\n\n```sh\n", 1)[1].split("```", 1)[0]
    assert len(routine.splitlines()) == 5


@pytest.mark.parametrize(
    ("summary", "refs", "rest"),
    [
        ("aaaaaa,bbbbbb note", ("aaaaaa", "bbbbbb"), "note"),
        ("https://jobs.example/1?a=b, aaaaaa", ("https://jobs.example/1?a=b", "aaaaaa"), ""),
        ("aaaaaaz more", (), "aaaaaaz more"),  # not an id: prose
        ("a great job", (), "a great job"),
    ],
)
def test_postings_come_first_in_the_summary(summary, refs, rest) -> None:
    assert split_refs(summary) == (refs, rest)
