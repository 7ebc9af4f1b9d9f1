"""`stayready demo`: run the offline demo and say where everything is."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def demo(args: argparse.Namespace) -> int:
    from foundation.clock import now
    from stayready.demo.run import run_demo

    folder = Path(args.dir or "stayready-demo").resolve()
    print(f"Stay Ready demo in {folder}: replaying {args.days} nights against loopback boards")
    result = run_demo(
        folder,
        days=args.days,
        today=now(),
        build=not args.no_site,
        progress=lambda line: print("  " + line, file=sys.stderr),
    )
    print(f"history: {result.postings} postings in {folder / 'data'}")
    print(f"try: cd {folder} && stayready today && stayready trends && stayready status")
    # Opened as files, the sites' links land on directory listings: serve them instead.
    if result.private_site:
        print(f"private site: cd {folder} && stayready serve           (http://127.0.0.1:8000)")
    if result.site:
        print(f"public site:  cd {folder} && stayready serve --public  (http://127.0.0.1:8000)")
    return 0
