"""Names as people write them, without false alarms.

A one-word contact from a phone's address book ("No", "Home") is not looked for in the
text every build writes whatever the data (the theme's "No matching documents", the
"Home" link), measured from a build with an empty notebook; it is still looked for
everywhere else. A name imported with credentials or pronouns is also protected as it
is written in an entry.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from stayready.cli import main
from stayready.site.data import Contact
from stayready.site.privacy import (
    BOILERPLATE,
    TEXT_SUFFIXES,
    Needles,
    check_site,
    plain_name,
    text_units,
    unit_shape,
)
from tests.conftest import write_config

LIST = Path(__file__).resolve().parents[1] / "stayready" / "site" / "boilerplate.txt"
REFRESH = "STAYREADY_UPDATE_BOILERPLATE"


def _notebook(root: Path, contacts: dict[str, str], entry: str | None = None) -> Path:
    folder = root / "notebook" / "contacts"
    folder.mkdir(parents=True)
    for cid, name in contacts.items():
        (folder / f"{cid}.md").write_text(f"---\nname: {name}\n---\n", encoding="utf-8")
    if entry is not None:
        entries = root / "notebook" / "entries" / "2026"
        entries.mkdir(parents=True)
        (entries / "2026-02-20-note.md").write_text(
            f"---\ndate: 2026-02-20\nvisibility: public\n---\n{entry}\n", encoding="utf-8"
        )
    return write_config(root, "notebook:\n  path: notebook\n")


def _site_units(site: Path) -> set[str]:
    """Every unit of the built files the privacy check reads, as it reads them."""
    found: set[str] = set()
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        if path.name.endswith(".min.js") or "/assets/javascripts/" in path.as_posix():
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        found.update(unit_shape(u) for u in text_units(path, raw))
    return {u for u in found if re.search(r"[^\W\d_]", u)}  # a word to protect, or nothing


def test_the_boilerplate_list_covers_a_build_with_an_empty_notebook(project, capsys):
    cfg = _notebook(project, {})
    assert main(["build", "--config", str(cfg)]) == 0, capsys.readouterr().err
    measured = _site_units(project / "site")
    assert len(measured) > 50  # the theme's strings and the pages' own words
    if os.environ.get(REFRESH):
        head = LIST.read_text(encoding="utf-8").splitlines()[0]
        LIST.write_text("\n".join([head, *sorted(measured)]) + "\n", encoding="utf-8")
        BOILERPLATE.cache_clear()
    missing = sorted(measured - BOILERPLATE())
    assert not missing, f"{len(missing)} new unit(s), e.g. {missing[:5]}; refresh with {REFRESH}=1"


def test_an_address_book_of_one_word_names_builds(project, capsys):
    cfg = _notebook(project, {"no": "No", "home": "Home", "search": "Search", "ana": "Ana Costa"})
    status = main(["build", "--config", str(cfg)])
    assert status == 0, capsys.readouterr().err
    # They are there to be found: the theme's own strings hold them.
    index = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"\bHome\b", index) and re.search(r"\bSearch\b", index)


@pytest.mark.parametrize(
    "entry",
    ["Breakfast with No at the diner.", "Passed a lead to Home.", "# Thanks, Home\n\nA good day."],
)
def test_a_public_entry_naming_a_one_word_contact_still_fails(project, capsys, entry):
    cfg = _notebook(project, {"no": "No", "home": "Home"}, entry)
    assert main(["build", "--config", str(cfg)]) == 1
    assert "public entry contains the name of contact" in capsys.readouterr().err
    assert not (project / "site").exists()


def test_a_one_word_name_in_a_post_title_nav_and_search_index_is_found(project, capsys):
    """The site scan itself, past the entry check: a post titled with the name."""
    cfg = _notebook(project, {}, "Good talk.")
    entry = project / "notebook" / "entries" / "2026" / "2026-02-20-note.md"
    entry.write_text(
        "---\ndate: 2026-02-20\ntitle: Coffee with Zed\nvisibility: public\n---\nGood talk.\n",
        encoding="utf-8",
    )
    assert main(["build", "--config", str(cfg)]) == 0, capsys.readouterr().err
    site = project / "site"
    needles = Needles.build([Contact(id="zed", name="Zed")])
    with pytest.raises(Exception, match="the name of contact 'zed'"):
        check_site(site, needles)
    # Where it is found: the page <title>, the navigation and the search index.
    post = next(p for p in site.rglob("*.html") if "Coffee with Zed" in p.read_text())
    units = text_units(post, post.read_text(encoding="utf-8"))
    assert any(u.startswith("Coffee with Zed") for u in units)
    index = site / "search" / "search_index.json"
    assert (
        needles.find(index.read_text(), units=lambda: text_units(index, index.read_text()))
        == "the name of contact 'zed'"
    )
    # And a name that is only in the theme's words passes the same site.
    assert check_site(site, Needles.build([Contact(id="no", name="No")])) > 0


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Rashmi Nayak, MSc, MBA, PHR", "Rashmi Nayak"),
        ("Joel Olazagoitia (he/him)", "Joel Olazagoitia"),
        ("Mia Wong 🚀 | Hiring!", "Mia Wong"),
        ("Ana Costa [Acme]", "Ana Costa"),
    ],
)
def test_names_with_credentials_or_pronouns_are_protected_as_written(name, written):
    assert plain_name(name) == written
    needles = Needles.build([Contact(id="x", name=name)])
    assert needles.find(f"Had lunch with {written} today") == "the name of contact 'x'"


def test_a_plain_name_is_not_made_of_one_word():
    assert plain_name("Doe, Jane") is None  # one word left: not a name to look for
    assert plain_name("Jane Doe") is None  # nothing to remove


def test_build_refuses_an_entry_naming_a_contact_imported_with_credentials(project, capsys):
    cfg = _notebook(
        project, {"rashmi-nayak": "'Rashmi Nayak, MSc, MBA, PHR'"}, "Had lunch with Rashmi Nayak."
    )
    assert main(["build", "--config", str(cfg)]) == 1
    assert "public entry contains the name of contact 'rashmi-nayak'" in capsys.readouterr().err


def test_import_warns_of_a_one_word_name(project, capsys):
    cfg = _notebook(project, {})
    vcf = project / "phone.vcf"
    vcf.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Home\r\nN:;Home;;;\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Costa\r\nN:Costa;Ana;;;\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    assert main(["contacts", "import", str(vcf), "--config", str(cfg)]) == 0
    err = capsys.readouterr().err
    assert "home: a one-word name" in err
    assert "ana-costa" not in err
