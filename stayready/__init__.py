"""Stay Ready: the application layer (command line, site rendering, nightly run, demo).

It stands on the two cores, `aggregator` (the market watch) and `journal` (the
networking journal), which stand on `foundation` (configuration, errors, clock); the
site rendering in `stayready.site` is the one place where the two cores meet.
"""

from foundation import __version__

__all__ = ["__version__"]
