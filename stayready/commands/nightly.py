"""`stayready nightly`: fetch, commit data/, build — a night reproduced locally."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stayready.commands import load


def nightly(args: argparse.Namespace) -> int:
    from foundation.clock import now
    from stayready.commands.fetch import (
        network_down_message,
        no_feeds_warning,
        too_many_failed_message,
    )
    from stayready.nightly import FetchFailed, run_nightly, summary_markdown

    config = load(args)
    if not args.no_fetch and not config.feeds:
        print(no_feeds_warning("nightly", config), file=sys.stderr)
    status = 0
    try:
        report = run_nightly(config, now(), fetch=not args.no_fetch, build=not args.no_build)
    except FetchFailed as exc:
        # What the working feeds brought is committed; say so, then fail the night.
        report, status = exc.report, 1
    if report.fetch is not None:
        f = report.fetch
        if f.network_down:
            print(f"fetched nothing: no feed could be reached ({f.network_down})")
        else:
            print(f"fetched {f.total_feeds} feeds: {len(f.new_postings)} new postings, "
                  f"{len(f.failed_feeds)} failing")  # fmt: skip
        tz = config.site.timezone
        for fr in f.failed_feeds if not f.network_down else ():
            print(f"  {fr.name}: {fr.summary(tz)}")
    print(f"committed {report.commit[:12]}: {report.message}" if report.commit
          else "no data commit (nothing changed or not a git repository)")  # fmt: skip
    if report.site_unchanged:
        print("site unchanged: nothing it shows changed since the last build")
    elif report.site:
        print(f"site built in {report.site}")
    for note in report.notes:
        print(f"stayready nightly: warning: {note}", file=sys.stderr)
    if args.summary:
        with Path(args.summary).open("a", encoding="utf-8") as fh:
            fh.write(summary_markdown(report))
    if status and report.fetch.network_down:
        print(network_down_message("nightly", report.fetch), file=sys.stderr)
    elif status:
        print(too_many_failed_message("nightly", report.fetch), file=sys.stderr)
    if report.refused is not None:
        raise report.refused  # after the summary, so the job's page says why
    return status
