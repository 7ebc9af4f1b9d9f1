"""The command line: every command has help, and --help starts without heavy imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

from stayready.cli import COMMANDS, main


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: stayready {name}" in out and COMMANDS[name][0] in out


def test_top_level_help_lists_every_command(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name, (summary, _target, _setup) in COMMANDS.items():
        assert name in out and summary[:30] in out


def test_help_imports_none_of_the_heavy_libraries() -> None:
    # Start-up matters for a nightly that usually finds nothing new (GUIDE.md, section 2).
    code = (
        "import sys; from stayready.cli import main\n"
        "try: main(['--help'])\nexcept SystemExit: pass\n"
        "heavy = {'requests', 'requests_cache', 'feedparser', 'mkdocs', 'jinja2', 'ruamel'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_no_command_prints_help_and_exits_2(capsys) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().out
