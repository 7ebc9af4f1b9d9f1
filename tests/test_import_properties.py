"""Properties of every import, whatever the export holds: the notebook reader accepts
every file it writes, and importing the same file again changes nothing. Exports are
written to real files (CSV through the csv module, vCards byte by byte, in any charset
and with any bytes) and imported into a real notebook folder."""

from __future__ import annotations

import csv
import quopri
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foundation.errors import NotebookError
from journal.importers import import_file
from journal.notebook import load_folder
from tests.journal_support import snapshot

# Any text a file can hold (no lone surrogates), control characters included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
NAMEISH = st.one_of(TEXT, st.sampled_from(["Alison Hill", "alison hill", "ALISON  HILL"]))
EMAIL = st.one_of(
    TEXT,
    st.sampled_from(["a@x.example", "A@X.example", '"Omega" <a@x.example>', "b@y.example"]),
)
URL = st.one_of(
    st.just(""),
    st.sampled_from(
        ["https://www.linkedin.com/in/one", "https://linkedin.com/in/two/", "http://x.example"]
    ),
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(path: Path, root: Path) -> None:
    """Import `path`, then: the reader takes every file, and a second import is a no-op.
    A refusal is allowed only as a NotebookError that names the file and writes nothing."""
    try:
        import_file(root, path)
    except NotebookError as exc:
        assert exc.file == str(path) and not root.exists()
        return
    nb = load_folder(root)
    assert nb.problems == [], [str(p) for p in nb.problems]
    first = snapshot(root)
    again = import_file(root, path)
    assert (again.added, again.merged, again.twins) == ([], {}, {})
    assert snapshot(root) == first


ROW = st.fixed_dictionaries(
    {
        "First Name": NAMEISH,
        "Last Name": TEXT,
        "Organization Name": TEXT,
        "Organization Title": TEXT,
        "Notes": TEXT,
        "E-mail 1 - Value": EMAIL,
        "E-mail 2 - Value": EMAIL,
        "Phone 1 - Value": TEXT,
        "Website 1 - Value": URL,
    }
)


@SETTINGS
@given(st.lists(ROW, max_size=6), st.sampled_from([",", ";", "\t"]))
def test_any_google_csv_leaves_a_notebook_the_reader_takes(rows, delimiter) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "contacts.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(ROW_KEYS), delimiter=delimiter)
            writer.writeheader()
            writer.writerows(rows)
        _check(path, Path(tmp) / "notebook")


ROW_KEYS = (
    "First Name", "Last Name", "Organization Name", "Organization Title", "Notes",
    "E-mail 1 - Value", "E-mail 2 - Value", "Phone 1 - Value", "Website 1 - Value",
)  # fmt: skip

# Any bytes but line breaks, or text in UTF-8 or Shift-JIS (Japanese, with the kanji
# whose second byte is a backslash), in a value that declares one of these charsets or none.
_UTF8 = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=16)
_SJIS = st.text("山田 太郎表能ソ;\\,Ab", max_size=12)
VALUE = st.one_of(  # random bytes one time in five: a control byte refuses the file
    st.binary(max_size=16),
    *[_UTF8.map(lambda t: t.encode("utf-8"))] * 2,
    *[_SJIS.map(lambda t: t.encode("shift_jis"))] * 2,
).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))
CHARSET = st.sampled_from(["", "SHIFT_JIS", "UTF-8", "ISO-8859-1", "windows-1252", "X-NONE"])
PROP = st.sampled_from(["FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "NOTE", "URL"])


def _line(prop: str, charset: str, qp: bool, value: bytes) -> bytes:
    params = (f";CHARSET={charset}" if charset else "") + (
        ";ENCODING=QUOTED-PRINTABLE" if qp else ""
    )
    if qp:
        value = quopri.encodestring(value).replace(b"=\n", b"")
    return prop.encode() + params.encode() + b":" + value + b"\r\n"


CARD = st.lists(st.tuples(PROP, CHARSET, st.booleans(), VALUE), min_size=1, max_size=6)


@SETTINGS
@given(st.lists(CARD, min_size=1, max_size=4), st.sampled_from([b"2.1", b"3.0"]))
def test_any_vcard_bytes_leave_a_notebook_the_reader_takes(cards, version) -> None:
    data = b"".join(
        b"BEGIN:VCARD\r\nVERSION:" + version + b"\r\n"
        + b"".join(_line(*p) for p in props)
        + b"END:VCARD\r\n"
        for props in cards
    )  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "contacts.vcf"
        path.write_bytes(data)
        _check(path, Path(tmp) / "notebook")


@SETTINGS
@given(st.lists(st.tuples(NAMEISH, EMAIL, URL, TEXT), max_size=6))
def test_importing_twice_over_a_typed_in_notebook_changes_nothing(people) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "notebook"
        (root / "contacts").mkdir(parents=True)
        (root / "contacts" / "alison.md").write_text(
            "---\nname: Alison Hill  # typed\nemails:\n  - a@x.example\nphones: [+1 555]\n---\n"
            "Notes.\n",
            encoding="utf-8",
        )
        path = Path(tmp) / "export.vcf"
        with path.open("w", encoding="utf-8", newline="") as f:
            for name, email, url, note in people:
                esc = [v.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "")
                       for v in (name, email, url, note)]  # fmt: skip
                f.write(
                    f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{esc[0]}\r\nEMAIL:{esc[1]}\r\n"
                    f"URL:{esc[2]}\r\nNOTE:{esc[3]}\r\nEND:VCARD\r\n"
                )
        try:
            import_file(root, path)
        except NotebookError:
            return
        assert load_folder(root).problems == []
        first = snapshot(root)
        import_file(root, path)
        assert snapshot(root) == first
