"""`stayready capture`: GitHub `issues` payloads (tests/fixtures/capture/, each with its
expectation beside it) written into a copy of the sample notebook, or refused with the
notebook left byte for byte as it was."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

import journal
from journal.capture import read_event
from journal.capture_body import FORM_FIELDS, NO_RESPONSE, form_fields
from stayready.cli import main
from tests.conftest import FIXTURES, write_config
from tests.journal_support import copy_sample, settings, snapshot

CASES = FIXTURES / "capture"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "event.json").is_file())


def _expected(name: str) -> dict:
    return json.loads((CASES / name / "expected.json").read_text(encoding="utf-8"))


def _project(root: Path, capture_from: list[str] | None = None) -> tuple[Path, Path]:
    nb = copy_sample(root)
    extra = f", capture_from: {json.dumps(capture_from)}" if capture_from else ""
    cfg = write_config(
        root, f"site: {{timezone: America/Chicago}}\nnotebook: {{path: notebook{extra}}}\n"
    )
    return cfg, nb


def _capture(cfg: Path, event: Path, capsys) -> tuple[int, str, str]:
    status = main(["--config", str(cfg), "capture", str(event)])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_every_case_has_its_expectation() -> None:
    assert len(NAMES) >= 9
    for name in NAMES:
        assert (CASES / name / "expected.json").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_capture_case(name: str, project: Path, capsys) -> None:
    exp = _expected(name)
    cfg, nb = _project(project, exp.get("capture_from"))
    before = snapshot(nb)
    status, out, err = _capture(cfg, CASES / name / "event.json", capsys)
    assert status == exp["exit"], out + err
    if status != 0:
        assert snapshot(nb) == before, "a refused or unreadable issue changes nothing"
        assert out == ""
        for text in exp["stderr_has"]:
            assert text in err, f"{text!r} not in:\n{err}"
        for text in exp.get("stderr_lacks", []):
            assert text not in err
        return
    assert out.splitlines() == exp["stdout"]
    path = nb / exp["entry"]
    assert path.read_text(encoding="utf-8") == exp["text"]
    after = snapshot(nb)
    assert set(after) - set(before) == {exp["entry"]} and all(before[k] == after[k] for k in before)
    # The journal reads it back with no problem, private, with the minutes and the give.
    loaded = journal.load_notebook(settings(nb))
    assert loaded.problems == []
    entry = next(e for e in loaded.entries if e.path == path)
    assert not entry.public and entry not in journal.public_entries(loaded)
    helping = sum(i.minutes for i in entry.interactions if i.give)
    assert helping == exp["helping_minutes"]


def test_the_entry_is_dated_in_site_timezone_with_its_follow_up(project: Path, capsys) -> None:
    # Opened at 03:30 UTC on 3 March: still 2 March in Chicago, so it counts on the 2nd.
    cfg, nb = _project(project)
    status, _, _ = _capture(cfg, CASES / "owner-form" / "event.json", capsys)
    assert status == 0
    loaded = journal.load_notebook(settings(nb))
    [found] = [i for e in loaded.entries if "issue-12" in e.path.name for i in e.interactions]
    assert (found.date, found.type, found.with_ids) == (date(2026, 3, 2), "meal", ("ana-costa",))
    assert (found.minutes, found.give) == (60, True)
    assert found.follow_up is not None
    assert (found.follow_up.due, found.follow_up.what) == (
        date(2026, 3, 9),
        "send her the intro to Fjord",
    )


def test_the_same_issue_twice_is_written_once(project: Path, capsys) -> None:
    cfg, nb = _project(project)
    event = CASES / "owner-form" / "event.json"
    assert _capture(cfg, event, capsys)[0] == 0
    once = snapshot(nb)
    status, out, _ = _capture(cfg, event, capsys)
    assert status == 0
    assert out.splitlines() == [
        "issue #12 is already in the notebook; nothing was written",
        "notebook/entries/2026/2026-03-02-issue-12.md",
    ]
    assert snapshot(nb) == once
    loaded = journal.load_notebook(settings(nb))
    meals = [i for i in loaded.interactions() if i.type == "meal" and i.date == date(2026, 3, 2)]
    assert len(meals) == 1


def test_a_renamed_or_edited_entry_still_holds_its_issue(project: Path, capsys) -> None:
    # The person may rename the file or fix its summary: the `issue:` key is what counts.
    cfg, nb = _project(project)
    event = CASES / "owner-plain" / "event.json"
    assert _capture(cfg, event, capsys)[0] == 0
    written = nb / "entries" / "2026" / "2026-03-02-issue-14.md"
    moved = written.with_name("2026-03-02-breakfast-calls.md")
    moved.write_text(written.read_text("utf-8").replace("mock interview", "mock"), "utf-8")
    written.unlink()
    before = snapshot(nb)
    status, out, _ = _capture(cfg, event, capsys)
    assert status == 0 and "already in the notebook" in out
    assert "breakfast-calls" in out and snapshot(nb) == before


def _payload(name: str) -> dict:
    return json.loads((CASES / name / "event.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda e: e["repository"].update(visibility="internal"), "is internal"),
        (lambda e: e["repository"].pop("private"), "is public"),
        (lambda e: e.update(action="edited"), "the event is 'edited'"),
    ],
    ids=["internal", "no-private-flag", "edited"],
)
def test_other_refusals_change_nothing(project: Path, capsys, change, says) -> None:
    cfg, nb = _project(project)
    event = _payload("owner-form")
    change(event)
    path = project / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    before = snapshot(nb)
    status, out, err = _capture(cfg, path, capsys)
    assert (status, out) == (3, "") and says in err
    assert snapshot(nb) == before


def test_a_payload_of_another_event_is_a_usage_error(project: Path, capsys) -> None:
    cfg, _ = _project(project)
    push = project / "push.json"
    push.write_text(json.dumps({"ref": "refs/heads/main", "repository": {}}), "utf-8")
    status, _, err = _capture(cfg, push, capsys)
    assert status == 2 and "not an `issues` event" in err
    assert _capture(cfg, project / "missing.json", capsys)[0] == 2


def test_an_unknown_contact_in_the_form_is_named_with_a_suggestion(project, capsys) -> None:
    cfg, nb = _project(project)
    event = _payload("owner-form")
    event["issue"]["body"] = event["issue"]["body"].replace("ana-costa", "ana-costta")
    path = project / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    before = snapshot(nb)
    status, _, err = _capture(cfg, path, capsys)
    assert status == 4 and snapshot(nb) == before
    assert 'Contact id, "ana-costta": unknown contact @ana-costta' in err
    assert "did you mean @ana-costa" in err


def test_a_broken_contact_file_is_named_rather_than_called_unknown(project, capsys) -> None:
    cfg, nb = _project(project)
    (nb / "contacts" / "ana-costa.md").write_text("---\nname: [Ana\n---\n", "utf-8")
    status, _, err = _capture(cfg, CASES / "owner-form" / "event.json", capsys)
    assert status == 4
    assert "@ana-costa's contact file has a problem" in err


def test_form_fields_read_githubs_rendering() -> None:
    body = _payload("owner-form")["issue"]["body"]
    fields = form_fields(body)
    assert fields is not None and set(fields) == set(FORM_FIELDS.values())
    assert fields["date"] == "" and NO_RESPONSE in body
    assert fields["summary"] == "passed along her resume\nand two leads"  # CRLF read as lines
    assert form_fields("- call @ana-costa 20m: plain") is None


def test_read_event_takes_a_null_body_and_the_owner() -> None:
    issue = read_event(_payload("owner-title-only"))
    assert (issue.number, issue.body, issue.author, issue.owner) == (
        15,
        "",
        "avery-lin",
        "avery-lin",
    )
    assert issue.private and issue.visibility == "private"
    assert issue.opened.isoformat() == "2026-03-02T18:05:00+00:00"


def test_capture_from_is_checked_with_a_did_you_mean(project: Path, capsys) -> None:
    cfg = write_config(project, "notebook: {path: notebook, capture_form: [pat-helper]}\n")
    status, _, err = _capture(cfg, CASES / "owner-form" / "event.json", capsys)
    assert status == 1 and "notebook.capture_form: unknown key" in err
    assert "did you mean 'capture_from'?" in err
    cfg = write_config(project, "notebook: {capture_from: ['@pat-helper', a@b.example]}\n")
    status, _, err = _capture(cfg, CASES / "owner-form" / "event.json", capsys)
    assert status == 1 and "write it without the @: pat-helper" in err
    assert "notebook.capture_from[1]: 'a@b.example' is not a GitHub login" in err


def test_the_command_leaves_other_projects_alone(tmp_path: Path, capsys) -> None:
    # Run from another folder: the entry lands where --config says, nowhere else.
    project = tmp_path / "p"
    project.mkdir()
    cfg, nb = _project(project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(CASES / "owner-form" / "event.json", elsewhere / "event.json")
    status, out, _ = _capture(cfg, elsewhere / "event.json", capsys)
    assert status == 0 and (nb / "entries" / "2026" / "2026-03-02-issue-12.md").is_file()
    assert list(elsewhere.iterdir()) == [elsewhere / "event.json"]
    assert out.splitlines()[1] == "notebook/entries/2026/2026-03-02-issue-12.md"


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ("### Contact id\n\nana-costa", "### Contact id\n\n, ,", "Contact id"),
        ("### Date\n\n_No response_", "### Date\n\n2026-03-05", "is after the day the issue"),
        ("2026-03-09", "2026-02-27", 'Follow-up due, "2026-02-27": is before the interaction'),
        ("### Give or ask\n\ngive", "### Give or ask\n\nboth", "is not one of the choices"),
        ("### Type\n\nmeal", "### Type\n\nlunch", "unknown interaction type 'lunch'"),
    ],
    ids=["no-contact", "future-date", "due-before", "give-choice", "type"],
)
def test_form_answers_that_cannot_be_read(project: Path, capsys, old, new, says) -> None:
    cfg, nb = _project(project)
    event = _payload("owner-form")
    assert old in event["issue"]["body"]
    event["issue"]["body"] = event["issue"]["body"].replace(old, new)
    path = project / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    before = snapshot(nb)
    status, _, err = _capture(cfg, path, capsys)
    assert status == 4 and says in err, err
    assert snapshot(nb) == before


def test_an_empty_plain_issue_says_how_to_log(project: Path, capsys) -> None:
    cfg, nb = _project(project)
    event = _payload("owner-title-only")
    event["issue"].update(title=" ", body="<!-- nothing here -->\r\n\r\n")
    path = project / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    status, _, err = _capture(cfg, path, capsys)
    assert status == 4 and "no interaction in the issue" in err
    assert "- TYPE @id" in err


def test_an_id_starting_with_a_digit_goes_to_the_front_matter(project: Path, capsys) -> None:
    # A body bullet `- call @42-studio` is read as prose (bodylines._LOOKS_LIKE), so such
    # an interaction is written where it is read back.
    cfg, nb = _project(project)
    (nb / "contacts" / "42-studio.md").write_text("---\nname: Studio 42\n---\n", "utf-8")
    event = _payload("owner-title-only")
    event["issue"]["title"] = "call @42-studio @ana-costa 10m: the studio's open day"
    path = project / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    assert _capture(cfg, path, capsys)[0] == 0
    text = (nb / "entries" / "2026" / "2026-03-02-issue-15.md").read_text("utf-8")
    assert '  - with: ["42-studio", ana-costa]\n' in text
    loaded = journal.load_notebook(settings(nb))
    assert loaded.problems == []
    [found] = [i for i in loaded.interactions() if "42-studio" in i.with_ids]
    assert (found.type, found.minutes, found.summary) == ("call", 10, "the studio's open day")


def test_a_captured_entry_is_in_the_private_notes_and_not_in_the_public_edition(
    project: Path, capsys
) -> None:
    cfg, _ = _project(project)
    assert _capture(cfg, CASES / "owner-plain" / "event.json", capsys)[0] == 0
    assert main(["--config", str(cfg), "build", "--no-site"]) == 0
    public = [p for p in (project / "docs").rglob("*") if p.is_file()]
    assert public and not any(b"mock interview" in p.read_bytes() for p in public)
    assert main(["--config", str(cfg), "build", "--private", "--no-site"]) == 0
    notes = (project / ".private" / "docs" / "generated" / "notes" / "2026-03.md").read_text()
    assert "## 2026-03-02: Logged from issue #14" in notes
    assert "**Call** with Raj Rao, 20 min, gave: mock interview" in notes


def test_an_entry_whose_front_matter_broke_still_holds_its_issue(project: Path, capsys) -> None:
    # A hand edit that breaks the YAML must not make the next delivery write it again.
    cfg, nb = _project(project)
    assert _capture(cfg, CASES / "owner-plain" / "event.json", capsys)[0] == 0
    path = nb / "entries" / "2026" / "2026-03-02-issue-14.md"
    path.write_text(path.read_text("utf-8").replace("visibility: private", "title: [oops"))
    before = snapshot(nb)
    status, out, _ = _capture(cfg, CASES / "owner-plain" / "event.json", capsys)
    assert status == 0 and "already in the notebook" in out
    assert snapshot(nb) == before
