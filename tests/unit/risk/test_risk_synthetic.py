"""Against the synthetic smart-city leak's ground truth (labels used as findings)."""

from __future__ import annotations

import pytest

from leakwarden.profile import CollectionSample, flatten_mapping
from leakwarden.report import FieldFinding
from leakwarden.risk import CollectionAssessor, assess_store
from risk_fixtures import OPEN, hasher, store

synthetic = pytest.importorskip("leakwarden.demo.synthetic")
pytest.importorskip("faker")


@pytest.fixture(scope="module")
def assessed():
    st = synthetic.generate_store(seed=7, scale=0.5)
    h = hasher()
    assessors = []
    for c in st.collections:
        s = CollectionSample(
            name=c.name,
            documents=len(c.documents),
            max_records=len(c.documents),
            mapping=flatten_mapping(c.mapping.get("properties", {})),
        )
        s.extend(c.documents)
        findings = [
            FieldFinding(path=p, categories=cats, confidence=1.0, hits=s.fields[p].present, examined=s.examined)
            for p, cats in c.labels.items()
            if cats and p in s.fields
        ]
        assessors.append(CollectionAssessor(s, findings, h))
    report_store = store(OPEN)
    assess_store(report_store, assessors)
    return st, report_store


def test_people_movements_and_personal_flags_match_the_truth(assessed) -> None:
    truth, got = assessed
    by_name = {c.name: c for c in got.collections}
    for c in truth.collections:
        col = by_name[c.name]
        assert col.personal == c.personal, c.name
        assert col.persons_estimated == c.persons, c.name
        if c.trajectory is None:
            assert col.trajectory is None, c.name
        else:
            assert col.trajectory is not None, c.name
            assert col.trajectory.persons_trackable == c.trajectory["persons_trackable"], c.name
            assert set(col.trajectory.person_keys) <= set(c.trajectory["person_keys"]), c.name
            assert set(col.trajectory.time_fields) == set(c.trajectory["time_fields"]), c.name
        if not c.personal:
            assert col.sensitivity < 20, c.name


def test_links_match_the_truth(assessed) -> None:
    truth, got = assessed
    want = {(frozenset(link["collections"]), link["key_category"], link["shared_keys"]) for link in truth.links}
    have = {(frozenset(link.collections), link.key_category, link.shared_keys_estimated) for link in got.links}
    assert have == want


def test_store_is_critical(assessed) -> None:
    _, got = assessed
    assert got.risk.level == "critical"
    assert {"GDPR-9", "GDPR-10", "PIPL-28", "CCPA-SPI"} <= set(got.regulations)
    assert got.remediation[0].severity == "critical"
