"""Whatever a person (or an exporter) writes, loading reports problems instead of crashing."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foundation.errors import StayReadyError
from journal.importers import read_records
from journal.notebook import load_folder

PIECES = list("abc:-[]{}'\"#@ \n\t0123456789") + [
    "date: ",
    "with: ",
    "type: ",
    "interactions:\n  - ",
    "2026-01-02",
    "follow_up: ",
    "\n    ",
]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(front=YAMLISH, body=st.text(max_size=80))
def test_any_entry_loads_or_reports(front: str, body: str) -> None:
    with TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "entries" / "2026" / "2026-01-02-x.md"
        path.parent.mkdir(parents=True)
        path.write_text(f"---\n{front}\n---\n{body}", encoding="utf-8")
        (root / "contacts").mkdir()
        (root / "contacts" / "a.md").write_text(f"---\n{front}\n---\n", encoding="utf-8")
        nb = load_folder(root)
        for p in nb.problems:
            assert p.file and Path(p.file).is_file()
            assert p.line is None or p.line >= 1


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_export_reads_or_says_why(data: bytes) -> None:
    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        path.write_bytes(b"First Name,Last Name,E-mail Address\n" + data)
        try:
            read_records(path)
        except StayReadyError as exc:
            assert exc.file == str(path)
