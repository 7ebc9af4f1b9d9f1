"""The "Log an interaction" issue form: GitHub's schema accepts it, and its labels, ids and
choices are the ones `stayready capture` reads (journal/capture_body.py)."""

from __future__ import annotations

import subprocess

from ruamel.yaml import YAML

from journal.capture_body import FORM_FIELDS, GIVE_OPTIONS, NO_RESPONSE, form_fields
from journal.model import INTERACTION_TYPES
from tests.conftest import REPO
from tests.test_workflows import _tool

FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "log.yml"


def _fields() -> list[dict]:
    form = YAML(typ="safe").load(FORM.read_text(encoding="utf-8"))
    assert form["name"] == "Log an interaction"
    return [f for f in form["body"] if f["type"] != "markdown"]


def test_the_form_matches_githubs_issue_form_schema() -> None:
    done = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", str(FORM)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_labels_and_ids_are_the_ones_capture_reads() -> None:
    fields = _fields()
    assert [f["attributes"]["label"] for f in fields] == list(FORM_FIELDS)
    assert [f["id"] for f in fields] == list(FORM_FIELDS.values())


def test_choices_are_the_journals_and_no_contact_is_listed() -> None:
    by_id = {f["id"]: f for f in _fields()}
    assert by_id["type"]["attributes"]["options"] == list(INTERACTION_TYPES)
    assert by_id["give"]["attributes"]["options"] == list(GIVE_OPTIONS)
    # A template may be public: the contact is typed, never picked from a list of names.
    assert by_id["contact"]["type"] == "input"
    assert {f["id"] for f in _fields() if f["type"] == "dropdown"} == {"type", "give"}
    required = {f["id"] for f in _fields() if f.get("validations", {}).get("required")}
    assert required == {"contact", "type"}


def test_a_body_as_github_writes_it_from_this_form_is_read_back() -> None:
    answers = {"contact": "jane-doe", "type": "call", "minutes": "20", "summary": "caught up"}
    body = "\n\n".join(
        f"### {f['attributes']['label']}\n\n{answers.get(f['id']) or NO_RESPONSE}"
        for f in _fields()
    )
    read = form_fields(body)
    assert read == {key: answers.get(key, "") for key in FORM_FIELDS.values()}
