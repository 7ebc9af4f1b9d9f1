"""Requirement and rehiring trends over the job history: what is asked for, who keeps hiring.

Public names: `compute_trends(postings, now=...)` and `TrendsReport` (its JSON is
documented in report.py), `CompanyStats`, `Flag`, `TrendRow`; from the store,
`trends_from_store(data_dir, now=..., cache_dir=...)` and `iter_trend_rows(data_dir)`.
"""

from __future__ import annotations

from aggregator.trends.parallel import trends_from_store
from aggregator.trends.reader import iter_trend_rows
from aggregator.trends.rehiring import CompanyStats, Flag
from aggregator.trends.report import TrendsReport, compute_trends
from aggregator.trends.rows import TrendRow

__all__ = ["CompanyStats", "Flag", "TrendRow", "TrendsReport", "compute_trends",
           "iter_trend_rows", "trends_from_store"]  # fmt: skip
