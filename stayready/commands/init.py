"""`stayready init DIR`: make a person's own site repository and say what to do next."""

from __future__ import annotations

import argparse
from pathlib import Path


def init(args: argparse.Namespace) -> int:
    from stayready.home import make_home

    home = make_home(Path(args.dir), areas=args.area, title=args.title, timezone=args.timezone)
    print(f"Stay Ready site in {home.folder}")
    for path in home.written:
        print(f"  wrote  {path.relative_to(home.folder)}")
    for path in home.extended:
        print(f"  added Stay Ready's lines to {path.relative_to(home.folder)}")
    for path in home.kept:
        print(f"  kept   {path.relative_to(home.folder)} (already there; not changed)")
    workflow = home.folder / ".github" / "workflows" / "nightly.yml"
    if workflow in home.kept:
        print(f'your nightly was kept: have its install steps run pip install "{home.pin}"')
    else:
        print(f"the nightly installs {home.pin}")
    print(
        f"next: cd {home.folder} && stayready check, add feeds to stayready.yml, "
        "then stayready fetch && stayready build --private"
    )
    return 0
