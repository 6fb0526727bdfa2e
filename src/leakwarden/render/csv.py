"""CSV: one row per field, for spreadsheets and data-protection inventories.

Columns (docs/reports.md): target, kind, collection, path, categories
(``;``-joined), confidence, hits, examined, hit_rate, personal, sensitivity,
detectors, examples (masked, `` | ``-joined).  Every text cell that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) is prefixed with ``'`` (OWASP's advice against CSV
injection): collection names and field paths come from the store.
"""

from __future__ import annotations

import csv
import io

from leakwarden.report import Report

from ._common import clean, safe_target

COLUMNS: tuple[str, ...] = (
    "target",
    "kind",
    "collection",
    "path",
    "categories",
    "confidence",
    "hits",
    "examined",
    "hit_rate",
    "personal",
    "sensitivity",
    "detectors",
    "examples",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Text for a cell, never read as a formula by a spreadsheet."""
    text = clean(value)
    # clean() turned tabs and line breaks into spaces; spreadsheets may skip leading blanks.
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


def render_csv(report: Report) -> str:
    """One row per field of every collection; numbers stay numbers, text is defused."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for store in report.stores:
        target = safe_target(store.target)
        for collection in store.collections:
            for field in collection.fields:
                rate = round(field.hits / field.examined, 4) if field.examined else ""
                writer.writerow(
                    [
                        csv_cell(target),
                        csv_cell(store.kind),
                        csv_cell(collection.name),
                        csv_cell(field.path),
                        csv_cell(";".join(field.categories)),
                        f"{field.confidence:.2f}",
                        field.hits,
                        field.examined,
                        rate,
                        "true" if collection.personal else "false",
                        collection.sensitivity,
                        csv_cell(";".join(field.detectors)),
                        csv_cell(" | ".join(field.examples)),
                    ]
                )
    return buf.getvalue()
