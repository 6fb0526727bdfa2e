"""Store level: risk = exposure x sensitivity, people across collections, links."""

from __future__ import annotations

import json

import jsonschema

from leakwarden.report import Check, Exposure, Report, Tool, report_json_schema, utcnow
from leakwarden.risk import assess_store
from risk_fixtures import (
    ANON_READ_FAIL,
    OPEN,
    SECURED,
    TLS_FAIL,
    app_logs,
    assessor,
    face_captures,
    finding,
    fixed_sensors,
    hasher,
    store,
)


def _logs_and_sensors(h):
    return [assessor("app-logs", *app_logs(), h), assessor("sensors", *fixed_sensors(), h)]


def test_open_cluster_of_logs_is_not_critical() -> None:
    st = store(OPEN, [ANON_READ_FAIL])
    assess_store(st, _logs_and_sensors(hasher()))
    assert st.risk.level in ("low", "medium")
    assert st.persons_estimated is None and st.persons_trackable is None
    assert st.regulations == []


def test_open_cluster_with_faces_and_ethnicity_is_critical() -> None:
    h = hasher()
    st = store(OPEN, [ANON_READ_FAIL, TLS_FAIL])
    assess_store(st, [assessor("face_capture", *face_captures(), h)] + _logs_and_sensors(h))
    assert st.risk.level == "critical" and st.risk.score >= 80
    assert st.persons_estimated == 60 and st.persons_trackable == 30
    assert st.regulations == ["GDPR-4", "GDPR-9", "PIPL-28", "CCPA-SPI"]


def test_secured_cluster_is_lower_and_never_critical_for_content() -> None:
    h = hasher()
    open_st, secured_st, unknown_st = store(OPEN), store(SECURED), store(Exposure())
    for st in (open_st, secured_st, unknown_st):
        assess_store(st, [assessor("face_capture", *face_captures(), h)])
    assert secured_st.risk.level not in ("critical", "high")
    assert secured_st.risk.score < unknown_st.risk.score < open_st.risk.score
    assert unknown_st.risk.level != "critical"


def test_failed_critical_check_counts_as_open() -> None:
    h = hasher()
    default_login = Check(id="es-default-credentials", status="fail", severity="critical", title="Default password accepted")
    st = store(Exposure(anonymous_read=False, tls=True), [default_login])
    assess_store(st, [assessor("face_capture", *face_captures(), h)])
    assert st.risk.level == "critical"


def test_passed_checks_do_not_raise_risk() -> None:
    h = hasher()
    passed = Check(id="es-anonymous-read", status="pass", severity="critical", title="Anonymous read")
    a, b = store(SECURED, [passed]), store(SECURED)
    assess_store(a, [assessor("face_capture", *face_captures(), h)])
    assess_store(b, [assessor("face_capture", *face_captures(), h)])
    assert a.risk == b.risk


def _ids(i: int) -> str:
    return f"1101011990{i:04d}{i % 10}"


def test_links_between_collections_by_id_number() -> None:
    h = hasher()
    alerts = [{"sfzh": _ids(i), "reason": "released from prison", "time": "t"} for i in range(0, 40)]
    residents = [{"idNumber": _ids(i)[:6] + " " + _ids(i)[6:], "name": f"N{i}"} for i in range(30, 230)]
    a = assessor("alerts", alerts, [finding("sfzh", "person.government_id"), finding("reason", "special.criminal")], h)
    r = assessor("residents", residents, [finding("idNumber", "person.government_id"), finding("name", "person.name")], h)
    st = store(OPEN, [ANON_READ_FAIL])
    assess_store(st, [r, a])
    assert len(st.links) == 1
    link = st.links[0]
    assert link.collections == ["alerts", "residents"] and link.fields == ["sfzh", "idNumber"]
    assert link.key_category == "person.government_id" and link.shared_keys_estimated == 10
    assert st.persons_estimated == 230  # union of the ID numbers of both
    assert "GDPR-10" in st.regulations


def test_sequential_internal_ids_do_not_link() -> None:
    h = hasher()
    one = assessor("orders", [{"uid": i, "email": f"a{i}@x.org"} for i in range(50)], [finding("uid", "person.internal_id")], h)
    two = assessor("tickets", [{"uid": i} for i in range(50)], [finding("uid", "person.internal_id")], h)
    st = store(OPEN)
    assess_store(st, [one, two])
    assert st.links == []


def test_report_with_risk_validates_against_the_schema() -> None:
    h = hasher()
    st = store(OPEN, [ANON_READ_FAIL, TLS_FAIL])
    assess_store(st, [assessor("face_capture", *face_captures(), h)] + _logs_and_sensors(h))
    report = Report(tool=Tool(version="0.1.0"), started_at=utcnow(), finished_at=utcnow(), stores=[st])
    doc = json.loads(json.dumps(report.to_json_dict()))
    jsonschema.validate(doc, report_json_schema())


def test_no_raw_value_leaves_the_assessment() -> None:
    h = hasher()
    raw = ["110101199003074513", "13800138000", "Wang Wei", "wang.wei@example.cn", "aa:bb:cc:00:11:22"]
    docs = [
        {"id": raw[0], "phone": raw[1], "name": raw[2], "mail": raw[3], "mac": raw[4], "t": "x", "site": "Gate"},
        {"id": raw[0], "phone": raw[1], "name": raw[2], "mail": raw[3], "mac": raw[4], "t": "y", "site": "Park"},
    ]
    findings = [
        finding("id", "person.government_id"),
        finding("phone", "person.phone"),
        finding("name", "person.name"),
        finding("mail", "person.email"),
        finding("mac", "device.mac"),
        finding("t", "time.timestamp"),
        finding("site", "location.place"),
    ]
    st = store(OPEN, [ANON_READ_FAIL])
    assess_store(st, [assessor("people", docs, findings, h), assessor("people2", docs, findings, h)])
    text = st.model_dump_json()
    assert st.links  # the two collections share every key...
    for value in raw + ["Gate", "Park"]:
        assert value.casefold() not in text.casefold()  # ...without showing one


def test_store_without_assessors_keeps_collection_figures() -> None:
    # the scan assesses collections read through a Kibana proxy in an inner store
    h = hasher()
    inner = store(OPEN, [ANON_READ_FAIL])
    assess_store(inner, [assessor("face_capture", *face_captures(), h)])
    outer = store(OPEN, [ANON_READ_FAIL])
    outer.collections = inner.collections
    assess_store(outer, [])
    assert outer.persons_estimated == 60 and outer.persons_trackable == 30
    assert outer.risk == inner.risk and outer.regulations == inner.regulations
