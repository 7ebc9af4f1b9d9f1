"""`stayready build` and `stayready serve`: render the pages, then build or serve the site."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stayready.commands import load


def _zone(config: Any) -> Any:
    """site.timezone: a bare-date STAYREADY_NOW is that day where the person is, as the
    private Today page shows it (foundation/clock.py)."""
    from zoneinfo import ZoneInfo

    return ZoneInfo(config.site.timezone)


def build(args: argparse.Namespace) -> int:
    from foundation.clock import now
    from stayready.site import freshness

    config = load(args)
    if args.private or args.no_site:
        from stayready.site import editions

        make = editions.private if args.private else editions.public
        result = make(config, now(_zone(config)), build=not args.no_site)
    else:
        result = freshness.public_if_changed(config, now(_zone(config)), force=args.force)
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if result.unchanged:
        print("public edition: nothing it shows changed since the last build; site/ left as it is")
        return 0
    where = _rel(result.site_dir or result.docs_dir, config.root)
    line = (
        f"{result.edition} edition: data read in {result.gather_seconds:.2f} s, "
        f"{result.pages} pages rendered in {result.render_seconds:.2f} s"
    )
    if result.site_dir:
        line += f", built strict in {result.build_seconds:.2f} s into {where}/"
        if result.edition == "public":
            line += f" ({result.files_checked} files checked for private strings)"
    else:
        line += f" into {where}/ (site build skipped)"
    print(line)
    return 0


def serve(args: argparse.Namespace) -> int:
    """Render and serve on 127.0.0.1 with live reload; re-render when the notebook changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from foundation.clock import now
    from stayready.site import editions
    from stayready.site.data import gather

    config = load(args)
    editions.ensure_scaffold(config.root)

    def render() -> Path:
        data = gather(config, now(_zone(config)))
        if args.public:
            editions.public(config, now(_zone(config)), build=False, data=data)
            return config.root / "mkdocs.yml"
        return editions.render_private(config, data)

    config_file = render()
    stop = threading.Event()
    watched = [config.notebook.path, config.data_dir, config.path]
    thread = threading.Thread(target=_watch, args=(watched, render, stop), daemon=True)
    thread.start()
    line = (
        f"serving the {'public' if args.public else 'private'} edition on "
        f"http://127.0.0.1:{args.port}/ (Ctrl-C to stop)"
    )
    try:
        with _said_once_serving(line):
            mkdocs_serve(str(config_file), livereload=True, dev_addr=f"127.0.0.1:{args.port}")
    except OSError as exc:
        from foundation.errors import UsageError

        raise UsageError(
            f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}",
            hint="another program uses that port: pick another with --port",
        ) from None
    finally:
        stop.set()
    return 0


@contextmanager
def _said_once_serving(line: str) -> Iterator[None]:
    """Print `line` when MkDocs really serves: it builds the site first and binds the port
    after, so a line printed before it said "serving" and then "address already in use".
    MkDocs logs "Serving on ..." right after the bind; that record is the signal."""
    import logging

    class Served(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "Serving on " in record.getMessage():  # after a "[12:00:00] " stamp
                print(line, flush=True)

    logger = logging.getLogger("mkdocs.livereload")
    handler, level = Served(logging.INFO), logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _snapshot(paths: list[Path]) -> dict[str, float]:
    out: dict[str, float] = {}
    for base in paths:
        if base.is_file():
            out[str(base)] = base.stat().st_mtime
        elif base.is_dir():
            for p in base.rglob("*"):
                if p.is_file():
                    out[str(p)] = p.stat().st_mtime
    return out


def _watch(paths: list[Path], render, stop: threading.Event) -> None:
    # Polling twice a second is cheap for a notebook folder and needs no extra package;
    # mkdocs serve then notices the re-rendered pages and reloads the browser.
    seen = _snapshot(paths)
    while not stop.wait(0.5):
        now_seen = _snapshot(paths)
        if now_seen != seen:
            seen = now_seen
            try:
                render()
            except Exception as exc:  # keep serving the last good pages
                print(f"re-render failed: {exc}", file=sys.stderr)


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)
