"""Scan history: every report saved in a database, compared over time.

:class:`History` stores reports in SQLite (default, no set-up) or PostgreSQL
and reads them back; :func:`diff_reports` tells what changed between two
reports; :mod:`leakwarden.history.cli` holds the ``history``, ``diff``
and ``serve`` commands.  See docs/history.md.
"""

from leakwarden.history.diff import Change, ReportDiff, diff_reports, render_diff_text
from leakwarden.history.store import (
    History,
    HistoryError,
    ScanNotFound,
    ScanSummary,
    TargetSummary,
    TrendPoint,
    default_db_path,
    redact_db_url,
    resolve_db_url,
)

__all__ = [
    "Change",
    "History",
    "HistoryError",
    "ReportDiff",
    "ScanNotFound",
    "ScanSummary",
    "TargetSummary",
    "TrendPoint",
    "default_db_path",
    "diff_reports",
    "redact_db_url",
    "render_diff_text",
    "resolve_db_url",
]
