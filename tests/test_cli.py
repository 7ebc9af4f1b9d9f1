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


def test_a_command_leaves_the_garbage_collector_alone_while_the_caller_runs(tmp_path, capsys):
    # A program (or a test run) that calls main in-process must keep a working collector.
    import gc

    (tmp_path / "stayready.yml").write_text("feeds: []\n", encoding="utf-8")
    assert main(["status", "--config", str(tmp_path / "stayready.yml")]) == 0
    assert "no feeds configured" in capsys.readouterr().out
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_the_shutdown_skips_collecting_what_a_command_loaded(tmp_path) -> None:
    # Python's shutdown would spend 40-60 ms collecting the objects of requests,
    # requests-cache and the rest; the command line freezes them at exit instead. The
    # probe is registered first, so it runs after the command line's hook (atexit is LIFO).
    (tmp_path / "stayready.yml").write_text("feeds: []\n", encoding="utf-8")
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count()))\n"
        "from stayready.cli import main\n"
        f"status = main(['status', '--config', {str(tmp_path / 'stayready.yml')!r}])\n"
        "print('frozen on return:', gc.get_freeze_count())\n"
        "sys.exit(status)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("no feeds configured")
    assert lines[1] == "frozen on return: 0"
    assert lines[2].startswith("frozen at exit: ") and int(lines[2].split()[-1]) > 1000
