"""Allow `python -m stayready`."""

from stayready.cli import main

raise SystemExit(main())
