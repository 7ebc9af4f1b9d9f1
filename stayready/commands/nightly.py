"""`stayready nightly`: fetch, commit data/, build — a night reproduced locally."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from stayready.commands import load


def nightly(args: argparse.Namespace) -> int:
    from foundation.clock import now
    from stayready.nightly import run_nightly, summary_markdown

    config = load(args)
    report = run_nightly(config, now(), fetch=not args.no_fetch, build=not args.no_build)
    if report.fetch is not None:
        f = report.fetch
        print(f"fetched {f.total_feeds} feeds: {len(f.new_postings)} new postings, "
              f"{len(f.failed_feeds)} failing")  # fmt: skip
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
    if report.refused is not None:
        raise report.refused  # after the summary, so the job's page says why
    return 0
