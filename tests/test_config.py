"""stayready.yml: the minimal shape loads; every problem names file, line and key path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from foundation.config import load_config
from foundation.errors import ConfigError, StayReadyError
from stayready.cli import main
from tests.conftest import REPO, write_config

MINIMAL = """\
feeds:
  - name: We Work Remotely - Programming
    url: https://weworkremotely.com/categories/remote-programming-jobs.rss
    area: Remote
  - name: City jobs
    url: https://example.org/jobs.rss
    area: Austin, TX
"""


def test_minimal_shape_loads_with_defaults(project: Path) -> None:
    cfg = load_config(write_config(project, MINIMAL))
    assert [f.id for f in cfg.feeds] == ["we-work-remotely-programming", "city-jobs"]
    assert cfg.feeds[1].area == "Austin, TX"
    assert cfg.data_dir == project / "data"
    assert cfg.cache_dir == project / ".cache"
    assert cfg.notebook.path == project / "notebook"
    assert cfg.notebook.cadences == {"A": 30, "B": 90, "C": 180, "D": 365}


def test_relative_paths_resolve_from_the_files_folder(project: Path) -> None:
    sub = project / "conf"
    sub.mkdir()
    write_config(sub, "paths: {data: history}\nnotebook: {path: ../notes}\nfeeds: []\n")
    cfg = load_config(sub / "stayready.yml")
    assert cfg.data_dir == sub / "history"
    assert cfg.notebook.path.resolve() == (project / "notes").resolve()


def test_every_problem_is_reported_with_line_and_key_path(project: Path) -> None:
    path = write_config(
        project,
        MINIMAL
        + "  - name: Broken\n    url: ftp://example.org/x\n"
        + "  - name: Typo\n    url: https://example.org/a\n    aera: Remote\n"
        + "filters:\n  keep:\n    - title: '(unclosed'\n"
        + "sitee: {}\n",
    )
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert f"{path}:9: feeds[2].url: not an http(s) URL" in text
    assert f"{path}:12: feeds[3].aera: unknown key" in text and "did you mean 'area'?" in text
    assert f"{path}:15: filters.keep[0]: invalid regular expression" in text
    assert f"{path}:16: sitee: unknown key" in text and "did you mean 'site'?" in text


def test_yaml_syntax_error_names_the_line(project: Path) -> None:
    path = write_config(project, "feeds:\n  - name: A\n    url: [unclosed\n")
    with pytest.raises(StayReadyError) as info:
        load_config(path)
    assert re.match(rf"{re.escape(str(path))}:[34]: YAML syntax error", str(info.value))


def test_duplicate_feed_ids_are_an_error(project: Path) -> None:
    path = write_config(
        project,
        "feeds:\n  - {name: Jobs, url: 'https://a.example/x'}\n"
        "  - {name: jobs, url: 'https://b.example/x'}\n",
    )
    with pytest.raises(ConfigError, match="duplicate feed id 'jobs'"):
        load_config(path)


def test_board_kinds_derive_their_api_address(project: Path) -> None:
    cfg = load_config(
        write_config(
            project,
            "feeds:\n  - {name: Acme, kind: greenhouse, board: acme}\n"
            "  - {name: Mirror, kind: lever, board: x, url: 'http://127.0.0.1:1/x'}\n",
        )
    )
    assert cfg.feeds[0].url.startswith("https://boards-api.greenhouse.io/v1/boards/acme/jobs")
    assert cfg.feeds[0].whole_board
    assert cfg.feeds[1].url == "http://127.0.0.1:1/x"


def test_shipped_config_is_valid_and_has_a_dozen_feeds() -> None:
    cfg = load_config(REPO / "stayready.yml")
    assert 10 <= len(cfg.feeds) <= 16
    assert len({f.area for f in cfg.feeds}) >= 3


def test_cli_reports_config_errors_and_exits_1(project: Path, capsys) -> None:
    write_config(project, "feeds:\n  - name: A\n    url: nope\n")
    assert main(["status", "--config", "stayready.yml"]) == 1
    err = capsys.readouterr().err
    assert "stayready.yml:3: feeds[0].url: not an http(s) URL" in err


def test_config_option_before_or_after_the_command(project: Path) -> None:
    from stayready.cli import make_parser

    p = make_parser()
    assert p.parse_args(["--config", "a.yml", "status"]).config == "a.yml"
    assert p.parse_args(["status", "--config", "b.yml"]).config == "b.yml"


def test_config_option_after_a_sub_action() -> None:
    from stayready.cli import make_parser

    p = make_parser()
    args = p.parse_args(["contacts", "import", "x.csv", "--config", "c.yml"])
    assert (args.config, args.file) == ("c.yml", "x.csv")
    assert p.parse_args(["feeds", "export-opml", "-c", "d.yml"]).config == "d.yml"


def test_the_readme_configuration_example_is_valid(project: Path) -> None:
    # README is the front door: its example must keep loading as the schema changes.
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Configuration") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example, "README's Configuration section has a yaml example"
    cfg = load_config(write_config(project, example.group(1)))
    assert [f.kind for f in cfg.feeds] == [
        "rss", "rss", "greenhouse", "workable", "recruitee", "personio", "smartrecruiters",
        "workday",
    ]  # fmt: skip
    assert [f.url for f in cfg.feeds[3:]] == [
        "https://apply.workable.com/api/v1/widget/accounts/harbor-health",
        "https://stadtwerke-nord.recruitee.com/api/offers/",
        "https://korn.jobs.personio.de/xml",
        "https://api.smartrecruiters.com/v1/companies/LakesideUniversity/postings?limit=100",
        "https://lakesidehealth.wd5.myworkdayjobs.com/en-US/Careers",
    ]
    assert cfg.feeds[-1].search == "nurse" and cfg.fetch.max_details == 25
    assert all(f.whole_board for f in cfg.feeds[2:])
    assert cfg.notebook.cadences["B"] == 90 and cfg.public.index is False


def test_the_shipped_config_shows_one_feed_of_each_career_kind(project: Path) -> None:
    # Commented out there (placeholder boards must not be fetched), but each must load.
    text = (REPO / "stayready.yml").read_text(encoding="utf-8")
    examples = [line.split("# ", 1)[1].split("}  #")[0].rstrip() for line in text.splitlines()
                if line.lstrip().startswith("# - {name:")]  # fmt: skip
    examples = [e if e.endswith("}") else e.rsplit("}", 1)[0] + "}" for e in examples]
    cfg = load_config(write_config(project, "feeds:\n" + "".join(f"  {e}\n" for e in examples)))
    assert [f.kind for f in cfg.feeds] == [
        "workable", "recruitee", "personio", "smartrecruiters", "workday",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["workable", "recruitee", "personio", "smartrecruiters"])
def test_a_career_site_kind_without_its_board_is_refused(project: Path, kind: str) -> None:
    path = write_config(project, f"feeds:\n  - {{name: A, kind: {kind}}}\n")
    with pytest.raises(
        ConfigError, match=rf"(?s)feeds\[0\]\.board: missing.*a {kind} feed needs its board name"
    ):
        load_config(path)


def test_timeouts_must_be_positive(project: Path) -> None:
    path = write_config(project, "feeds: []\nfetch:\n  read_timeout: 0\n")
    with pytest.raises(
        ConfigError, match=r"stayready.yml:3: fetch.read_timeout: expected a number >= 0.1"
    ):
        load_config(path)


def test_a_tab_in_the_indentation_gets_its_own_hint(project: Path) -> None:
    path = write_config(project, "feeds:\n\t- name: A\n\t  url: https://a.example/rss\n")
    with pytest.raises(StayReadyError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}:2: YAML syntax error")
    assert info.value.hint == "YAML does not allow tabs: indent with spaces"
