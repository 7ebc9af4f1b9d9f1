"""Stay Ready's ground floor: the typed configuration, the error hierarchy and the clock.

Everything else stands on it and it imports nothing of the project: the two cores
(`aggregator`, the market watch; `journal`, the networking journal) read their settings,
raise their errors and tell the time through it, and the application (`stayready`: the
command line, the site, the nightly run, the demo) sits on top of all three.
"""

__version__ = "0.1.0"
