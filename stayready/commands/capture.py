"""`stayready capture EVENT.json`: the capture workflow's command (README: Log from a phone).

Prints two lines for the workflow: the commit message (it names no contact), then the
entry's path from the project folder. Exit 3: refused (leave the issue alone); 4: the
issue needs fixing (the error says what); 0: written, or already there.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from stayready.commands import load


def capture(args: argparse.Namespace) -> int:
    from journal.capture import capture as capture_issue
    from journal.capture import load_event

    cfg = load(args)
    event = load_event(Path(args.event))
    result = capture_issue(
        Path(cfg.notebook.path),
        event,
        ZoneInfo(cfg.site.timezone),
        cfg.notebook.capture_from,
    )
    print(result.message)
    try:
        print(result.path.relative_to(cfg.root))
    except ValueError:
        print(result.path)
    return 0
