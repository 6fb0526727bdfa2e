"""CSV: one row per field, formulas defused."""

from __future__ import annotations

import csv
import io

import pytest

from leakwarden.render import render_csv
from leakwarden.render.csv import COLUMNS, csv_cell

from .sample_report import FORMULA_FIELD, empty_report


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_field(report):
    rows = _rows(render_csv(report))
    assert len(rows) == sum(len(c.fields) for s in report.stores for c in s.collections)
    assert tuple(rows[0]) == COLUMNS
    mz = next(r for r in rows if r["path"] == "mz")
    assert mz == {
        "target": "http://127.0.0.1:9200",
        "kind": "elasticsearch",
        "collection": "face_capture_2019.06",
        "path": "mz",
        "categories": "special.ethnicity",
        "confidence": "0.93",
        "hits": "1985",
        "examined": "2000",
        "hit_rate": "0.9925",
        "personal": "true",
        "sensitivity": "96",
        "detectors": "dict.ethnicity-gbt3304;lexicon.pinyin",
        "examples": "* | **",
    }
    multi = next(r for r in rows if r["path"] == "attributes.age")
    assert multi["categories"] == "person.age;biometric.face_attributes"


def test_header_and_line_endings(report):
    text = render_csv(report)
    assert text.startswith(",".join(COLUMNS) + "\r\n")


def test_formula_injection_is_defused(report):
    rows = _rows(render_csv(report))
    hostile = next(r for r in rows if r["path"].endswith(FORMULA_FIELD))
    assert hostile["path"] == "'" + FORMULA_FIELD
    assert hostile["examples"] == "'=cmd******A0"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cell_prefixes_formula_starts(value):
    assert csv_cell(value).startswith("'")


def test_plain_cells_untouched():
    assert csv_cell("face_capture_2019.06") == "face_capture_2019.06"
    assert csv_cell("a=b") == "a=b"


def test_empty_report():
    assert render_csv(empty_report()) == ",".join(COLUMNS) + "\r\n"
