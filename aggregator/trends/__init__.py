"""Requirement and rehiring trends over the job history: what is asked for, who keeps hiring.

Public names: `compute_trends(postings, now=...)` and `TrendsReport` (its JSON is
documented in report.py), `CompanyStats`, `Flag`, `TrendRow`; from the store,
`trends_from_store(data_dir, now=..., cache_dir=...)` and `iter_trend_rows(data_dir)`.

The names are imported when first used: a site rebuild that takes the kept report
from `trends.cache` needs none of the counting code (about 0.1 s of imports).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what the names are, for type checkers (imported on use below)
    from aggregator.trends.parallel import trends_from_store  # noqa: F401
    from aggregator.trends.reader import iter_trend_rows  # noqa: F401
    from aggregator.trends.rehiring import CompanyStats, Flag  # noqa: F401
    from aggregator.trends.report import TrendsReport, compute_trends  # noqa: F401
    from aggregator.trends.rows import TrendRow  # noqa: F401

_WHERE = {
    "CompanyStats": "rehiring",
    "Flag": "rehiring",
    "TrendRow": "rows",
    "TrendsReport": "report",
    "compute_trends": "report",
    "iter_trend_rows": "reader",
    "trends_from_store": "parallel",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
