"""Requirement and rehiring trends over the job history: what is asked for, who keeps hiring.

The public names: `compute_trends`, `TrendsReport` (JSON documented in `report.py`),
`CompanyStats`, `TrendRow` and `iter_trend_rows` (the lean reader of the store's files).
"""

from __future__ import annotations

from aggregator.trends.rehiring import CompanyStats, Flag
from aggregator.trends.report import TrendsReport, compute_trends
from aggregator.trends.rows import TrendRow

__all__ = ["CompanyStats", "Flag", "TrendRow", "TrendsReport", "compute_trends"]
