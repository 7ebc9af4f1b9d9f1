"""The thin command line: parse options, call one core function, turn errors into messages.

Each command's handler lives in `stayready.commands.<module>` and is imported only
when that command runs, so `stayready --help` starts fast. A handler has the
signature `handler(args: argparse.Namespace) -> int` and loads the config itself
with `stayready.commands.load(args)`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from foundation import __version__

Setup = Callable[[argparse.ArgumentParser], None]


def _common() -> argparse.ArgumentParser:
    # --config is accepted before or after the command name (and after a sub-action such
    # as `contacts import`); SUPPRESS keeps a later parser's default from overwriting a
    # value given earlier.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        "-c",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="the configuration file (default: ./stayready.yml)",
    )
    return common


def _none(p: argparse.ArgumentParser) -> None:
    pass


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def _fetch(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--feed", action="append", metavar="ID", help="fetch only this feed (repeatable)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress display")
    p.add_argument(
        "--now", action="store_true", help="ask every feed now, even those waiting out a backoff"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="as --now, and ask the rate-limited job APIs even if they were asked recently",
    )


def _export(p: argparse.ArgumentParser) -> None:
    p.add_argument("what", choices=["postings"], help="what to export")
    p.add_argument("--include-closed", action="store_true", default=True, help=argparse.SUPPRESS)


def _feeds(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = sub.add_parser(
        "import-opml", help="add the feeds of an OPML file to stayready.yml", parents=[_common()]
    )
    imp.add_argument("file", help="an OPML file exported by a feed reader")
    sub.add_parser("export-opml", help="print the configured feeds as OPML", parents=[_common()])
    what = ("add a feed from an address copied from the browser: a career board's page "
            "(Greenhouse, Lever, Ashby, Workable, Recruitee, Personio, SmartRecruiters, a "
            "Workday career site), a feed, or a page that links to its feed")  # fmt: skip
    add = sub.add_parser("add", help=what, description=what, parents=[_common()])
    add.add_argument("url", help="e.g. https://boards.greenhouse.io/acme or a job site's page")
    add.add_argument(
        "--name",
        help="the feed's name (default: the feed's own title, or the "
        "board's name); for Workday, the company shown",
    )
    add.add_argument("--area", help='where its jobs are, e.g. "Austin, TX" or Remote')


def _reindex(p: argparse.ArgumentParser) -> None:
    p.add_argument("--part", action="append", metavar="PART",
                   help="only this part (repeatable); parts: duplicates")  # fmt: skip


def _log(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "line",
        help='e.g. "meal @jane-doe 60m +give: passed along her resume", or a posting passed '
        'along: "pass-along @jane-doe: POSTING_ID" (its id, 6+ characters of it, or its URL)',
    )
    p.add_argument("--date", default="today", help="today, yesterday or YYYY-MM-DD")


def _done(p: argparse.ArgumentParser) -> None:
    p.description = f"{p.description}. " + (
        "A follow-up stays on `today` until it is done, whatever else was logged since. "
        "This writes `done: DATE` into the one open follow-up whose text contains WHAT "
        "(or write `done: true` / `done: 2026-03-09` in its follow_up yourself)."
    )
    p.add_argument("what", nargs="+", help='words of the follow-up, e.g. "share the slides"')
    p.add_argument(
        "--date", default="today", help="when it was done: today, yesterday or YYYY-MM-DD"
    )


def _mark(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "posting_id", help="the id from the private job tables, or its first 6+ characters"
    )
    p.add_argument(
        "state", choices=["interesting", "applied", "interviewing", "offer", "rejected", "hidden"]
    )
    p.add_argument(
        "--elsewhere",
        action="store_true",
        help="the posting was seen on another site: keep the id as typed, not in the history",
    )
    p.add_argument("--note", default=None, help="a note kept with the application")
    p.add_argument("--date", default="today", help="today, yesterday or YYYY-MM-DD")


def _contacts(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    imp = sub.add_parser(
        "import",
        help="import LinkedIn, Outlook or Google CSV, or vCard (3 or 4) contacts",
        parents=[_common()],
    )
    imp.add_argument("file")
    add = sub.add_parser("add", help="write a new contact file", parents=[_common()])
    add.add_argument("name", help='the full name, e.g. "Jane Doe"')
    add.add_argument("--org", default=None, help="where they work")
    add.add_argument("--tier", type=str.upper, choices=["A", "B", "C", "D"], default=None,
                     help="A (closest) to D: sets how often to keep in touch")  # fmt: skip
    add.add_argument("--id", dest="cid", default=None, help="the id (default: from the name)")
    ren = sub.add_parser(
        "rename", help="rename a contact id and every reference to it", parents=[_common()]
    )
    ren.add_argument("old")
    ren.add_argument("new")


def _capture(p: argparse.ArgumentParser) -> None:
    p.add_argument("event", help="GitHub's issues event payload ($GITHUB_EVENT_PATH)")


def _build(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--private", action="store_true", help="build the private edition into .private/"
    )
    p.add_argument("--no-site", action="store_true", help="render pages only; skip the site build")
    p.add_argument(
        "--force",
        action="store_true",
        help="build the public site even when nothing it shows changed since the last build",
    )


def _serve(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--public", action="store_true", help="serve the public edition instead")


def _demo(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--dir", default=None, help="where to create the demo (default: ./stayready-demo)"
    )
    p.add_argument("--days", type=int, default=120, help="how many nights of history to replay")
    p.add_argument("--no-site", action="store_true", help="skip building the demo site")


def _init(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", help="the folder for your site (created if needed)")
    p.add_argument(
        "--area",
        action="append",
        default=[],
        metavar="AREA",
        help='an area you might live or work in, e.g. "Remote" or "Austin, TX" (repeatable)',
    )
    p.add_argument("--title", default="Stay Ready", help="the site's title")
    p.add_argument("--timezone", default=None, help="IANA time zone (default: this machine's)")


def _nightly(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-build", action="store_true", help="fetch and commit only")
    p.add_argument("--no-fetch", action="store_true", help="build only (the privacy guard runs)")
    p.add_argument(
        "--summary",
        metavar="PATH",
        help="append a markdown summary (new postings, failing feeds) to PATH",
    )


# name -> (one-line help, "module:function", argument setup)
COMMANDS: dict[str, tuple[str, str, Setup]] = {
    "fetch": ("fetch every feed and update the job history", "fetch:fetch", _fetch),
    "status": ("show each feed's health", "fetch:status", _json),
    "export": ("print the job history as JSON Lines", "fetch:export", _export),
    "feeds": ("add a feed, or import or export the feed list as OPML", "fetch:feeds", _feeds),
    "reindex": (
        "recompute what the history stored under older rules (duplicate marks)",
        "fetch:reindex",
        _reindex,
    ),  # fmt: skip
    "trends": ("requirement trends and who keeps hiring", "trends:trends", _json),
    "today": ("what to do today and this week for your network", "journal:today", _json),
    "log": ("log an interaction in today's journal entry", "journal:log", _log),
    "done": ("mark a follow-up done (it stays on `today` until then)", "journal:done", _done),
    "mark": ("mark a posting interesting, applied, ... or hidden", "journal:mark", _mark),
    "contacts": ("add, import or rename contacts", "journal:contacts", _contacts),
    "capture": ("log a GitHub issue (the capture workflow)", "capture:capture", _capture),
    "check": ("validate the config and the notebook; changes nothing", "journal:check", _none),
    "build": ("render the pages and build the site", "site:build", _build),
    "serve": ("serve the private edition on loopback with live reload", "site:serve", _serve),
    "nightly": ("what the nightly run does: fetch, then build", "nightly:nightly", _nightly),
    "demo": ("run an offline demo against bundled sample feeds", "demo:demo", _demo),
    "init": ("make your own Stay Ready site in a new folder", "init:init", _init),
}


def make_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="stayready",
        description="Stay ready for the next job hunt: watch the market, feed your network.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"stayready {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, _target, setup) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        setup(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "config", None):
        args.config = None
    if not args.command:
        parser.print_help()
        return 2
    module_name, func_name = COMMANDS[args.command][1].split(":")
    import importlib

    _skip_collection_at_exit()

    from foundation.errors import StayReadyError

    try:
        module = importlib.import_module(f"stayready.commands.{module_name}")
        return int(getattr(module, func_name)(args) or 0)
    except StayReadyError as exc:
        print(f"stayready {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except BrokenPipeError:
        # `stayready export postings | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("interrupted; the history was left as the last completed write", file=sys.stderr)
        return 130


_exit_hook: list[bool] = []


def _skip_collection_at_exit() -> None:
    """Have the interpreter's shutdown skip its garbage collection of today's objects.

    Once a command has imported requests, requests-cache and the rest, Python's shutdown
    spends 40 to 60 ms (measured: a warm `stayready fetch` took 0.52 s in all) in full
    garbage collections over tens of thousands of module-level objects that the process
    is about to hand back to the OS anyway. Freezing them at exit (an atexit hook, so a
    caller that runs `main` in-process, such as the tests, keeps a normal collector until
    it exits) cuts that to under 10 ms. Nothing is lost: files and the HTTP cache are
    closed explicitly by the commands, and objects not in cycles are still freed; Python
    never promised `__del__` for what is left at exit.
    """
    if not _exit_hook:
        import atexit
        import gc

        atexit.register(gc.freeze)
        _exit_hook.append(True)


if __name__ == "__main__":
    raise SystemExit(main())
