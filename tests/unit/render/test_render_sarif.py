"""SARIF 2.1.0: valid against the OASIS schema, with stable rule ids and logical locations.

``sarif-schema-2.1.0.json`` beside this file is the SARIF 2.1.0 JSON schema as
Microsoft ships it in the npm package ``@microsoft/jest-sarif`` 1.0.0-beta.0
(MIT; ``lib/schemas/sarif-2.1.0-rtm.5.json``): 2.1.0-rtm.5, the release the
OASIS standard was published from and the one schemastore serves as
``sarif-2.1.0.json``.  It is draft-04 JSON Schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from leakwarden.render import render_sarif
from leakwarden.render.sarif import LEVELS, field_rule_id

from .sample_report import FORMULA_FIELD, empty_report

SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text("utf-8"))


def _validate(log: dict) -> None:
    # Through JSON, as a consumer reads it.
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(json.dumps(log)))


def test_schema_is_the_sarif_210_schema():
    assert SCHEMA["properties"]["version"]["enum"] == ["2.1.0"]
    jsonschema.Draft4Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("make", [lambda r: r, lambda r: empty_report()], ids=["sample", "empty"])
def test_sarif_validates(report, make):
    log = render_sarif(make(report))
    _validate(log)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1


def test_one_result_per_failed_check_and_per_sensitive_field(report):
    run = render_sarif(report)["runs"][0]
    results = run["results"]
    fails = sum(1 for s in report.stores for c in s.checks if c.status == "fail")
    fields = sum(1 for s in report.stores for c in s.collections for f in c.fields if f.categories)
    assert len(results) == fails + fields
    check_ids = [r["ruleId"] for r in results if not r["ruleId"].startswith("leakwarden.field.")]
    assert check_ids == [
        "es-anonymous-read",
        "es-security-disabled",
        "es-plain-http",
        "es-cors-open",
        "os-version-outdated",
    ]


def test_rule_ids_are_stable(report):
    run = render_sarif(report)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert {
        "es-anonymous-read",
        "leakwarden.field.special.ethnicity",
        "leakwarden.field.special.criminal",
        "leakwarden.field.biometric.face_embedding",
        "leakwarden.field.person.government_id",
    } <= set(ids)
    assert field_rule_id("device.mac") == "leakwarden.field.device.mac"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    # The same report gives the same log, fingerprints included.
    assert render_sarif(report) == render_sarif(report)
    prints = [r["partialFingerprints"]["leakwarden/v1"] for r in run["results"]]
    assert len(prints) == len(set(prints))


def test_rules_carry_help_and_remediation(report):
    rules = {r["id"]: r for r in render_sarif(report)["runs"][0]["tool"]["driver"]["rules"]}
    anon = rules["es-anonymous-read"]
    assert anon["shortDescription"]["text"] == "Anyone can read every index without credentials"
    assert "xpack.security.enabled: true" in anon["help"]["text"]
    assert anon["helpUri"].startswith("https://www.elastic.co/")
    assert anon["properties"]["security-severity"] == "9.5"
    assert anon["defaultConfiguration"]["level"] == "error"
    eth = rules["leakwarden.field.special.ethnicity"]
    assert "Remove it if there is no legal basis" in eth["help"]["text"]


def test_levels_and_logical_locations(report):
    results = render_sarif(report)["runs"][0]["results"]
    by_rule = {}
    for r in results:
        by_rule.setdefault(r["ruleId"], []).append(r)
    assert by_rule["es-anonymous-read"][0]["level"] == "error"
    assert by_rule["es-cors-open"][0]["level"] == "warning"
    assert by_rule["os-version-outdated"][0]["level"] == "note"
    eth = by_rule["leakwarden.field.special.ethnicity"][0]
    assert eth["level"] == "error"
    field, collection, store = eth["locations"][0]["logicalLocations"]
    assert field == {
        "name": "mz",
        "fullyQualifiedName": "http://127.0.0.1:9200/face_capture_2019.06/mz",
        "kind": "member",
    }
    assert collection["kind"] == "module" and collection["name"] == "face_capture_2019.06"
    assert store == {"name": "http://127.0.0.1:9200", "fullyQualifiedName": "http://127.0.0.1:9200", "kind": "resource"}
    assert eth["properties"]["examples"] == ["*", "**"]
    # An email address in a store behind authentication is a warning, not an error.
    email = by_rule["leakwarden.field.person.email"][0]
    assert email["level"] == "warning"
    assert set(LEVELS.values()) == {"error", "warning", "note"}


def test_run_properties_and_invocation(report):
    run = render_sarif(report)["runs"][0]
    assert run["properties"]["verdict"]["level"] == "critical"
    assert run["properties"]["verdict"]["personsExposed"] == 55200
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False  # one store was unreachable
    assert inv["startTimeUtc"] == "2026-11-27T10:00:00Z"
    assert "connection refused" in inv["toolExecutionNotifications"][0]["message"]["text"]


def test_hostile_names_stay_data(report):
    results = render_sarif(report)["runs"][0]["results"]
    paths = [r["properties"]["path"] for r in results if "path" in r["properties"]]
    assert FORMULA_FIELD in paths
