"""`stayready demo`'s last lines point at `stayready serve`, which works, not at
site/index.html, whose links land on directory listings when opened as a file."""

from __future__ import annotations

from pathlib import Path

from stayready.cli import main
from stayready.demo import run


def test_the_last_lines_say_how_to_serve_both_editions(tmp_path: Path, monkeypatch, capsys):
    folder = tmp_path / "demo"

    def fake(folder: Path, **kw) -> run.DemoResult:
        result = run.DemoResult(folder=folder, days=kw["days"])
        result.site, result.private_site = folder / "site", folder / ".private" / "site"
        return result

    monkeypatch.setattr(run, "run_demo", fake)
    assert main(["demo", "--dir", str(folder), "--days", "1"]) == 0
    last = capsys.readouterr().out.splitlines()[-2:]
    assert last[0].startswith("private site: cd ") and "&& stayready serve " in last[0]
    assert last[1].startswith("public site:  cd ") and "stayready serve --public" in last[1]
    assert not any("index.html" in line for line in last)
