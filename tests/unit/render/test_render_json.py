"""The JSON renderer writes exactly the contract, and the contract's schema accepts it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from leakwarden.render import render_json
from leakwarden.report import Report, load_packaged_schema, report_json_schema

from .sample_report import empty_report

SCHEMA_FILE = Path(__file__).parents[3] / "src/leakwarden/schema/report-1.schema.json"


def _schema() -> dict:
    # The packaged schema is the published one; generate it if a checkout lacks the file.
    return load_packaged_schema() if SCHEMA_FILE.exists() else report_json_schema()


@pytest.mark.parametrize("make", [lambda r: r, lambda r: empty_report()], ids=["sample", "empty"])
def test_json_validates_against_the_contract_schema(report, make):
    doc = json.loads(render_json(make(report)))
    jsonschema.Draft202012Validator(_schema()).validate(doc)


def test_json_is_the_contract_document(report):
    raw = render_json(report)
    assert isinstance(raw, bytes) and raw.endswith(b"}\n")
    assert raw.startswith(b'{\n  "schema": "leakwarden/report@1",\n  "tool": {')
    doc = json.loads(raw)
    assert list(doc)[:5] == ["schema", "tool", "started_at", "finished_at", "stores"]
    assert doc["started_at"] == "2026-11-27T10:00:00Z"
    store = doc["stores"][0]
    assert store["exposure"] == {"anonymous_read": True, "tls": False, "anonymous_write_possible": None}
    assert store["risk"] == {"level": "critical", "score": 97}
    face = next(c for c in store["collections"] if c["name"] == "face_capture_2019.06")
    assert face["trajectory"]["persons_trackable"] == 9120
    assert face["fields"][0]["examples"] == ["<text of 684 characters>"]
    # Extra keys of the model (remediation, links, reidentification) are part of the document.
    assert store["remediation"][0]["order"] == 1
    assert store["links"][0]["shared_keys_estimated"] == 1204


def test_json_round_trips_through_the_model(report):
    again = Report.model_validate_json(render_json(report))
    assert again == report


def test_json_keeps_keys_added_by_consumers(report):
    report.stores[0].collections[0].__pydantic_extra__["owner_team"] = "platform"
    doc = json.loads(render_json(report))
    assert doc["stores"][0]["collections"][0]["owner_team"] == "platform"
