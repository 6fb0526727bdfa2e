"""The verdict: one set of headline facts for every renderer."""

from __future__ import annotations

from leakwarden.render.verdict import TOP_STEPS, history_point, verdict
from leakwarden.report import Exposure

from .sample_report import empty_report


def test_verdict_of_the_open_store(report):
    v = verdict(report)
    assert v.level == "critical" and v.score == 97
    assert v.headline == (
        "CRITICAL: http://127.0.0.1:9200 (elasticsearch 7.17.25) is readable by anyone: "
        "55,200 people exposed, movements of 12,050 can be reconstructed; "
        "GDPR-4, GDPR-9, GDPR-10, PIPL-28, CCPA-SPI"
    )
    assert [s.target for s in v.open_stores] == ["http://127.0.0.1:9200"]
    assert v.persons_exposed == 55200
    assert v.persons_trackable_exposed == 12050
    assert v.records_exposed == 1843221 + 48210 + 512300 + 5000 + 3 + 42
    assert v.regulations == ("GDPR-4", "GDPR-9", "GDPR-10", "PIPL-28", "CCPA-SPI")
    assert v.failed == {"critical": 2, "high": 1, "medium": 1, "low": 1}
    assert (v.critical_failed, v.high_failed) == (2, 1)
    assert [s.status for s in v.unreachable] == ["unreachable"]


def test_top_steps_are_the_gravest_across_stores(report):
    steps = verdict(report).top_steps
    assert len(steps) == TOP_STEPS
    assert [s.step.severity for s in steps] == ["critical", "critical", "high", "high", "high"]
    # Within a severity, the riskier store first, then the store's own order.
    assert [(s.store_index, s.step.order) for s in steps] == [(0, 1), (0, 2), (0, 3), (0, 4), (2, 1)]


def test_people_fall_back_to_the_sum_over_collections(report):
    store = report.stores[0]
    store.persons_estimated = None
    store.persons_trackable = None
    summary = verdict(report).stores[0]
    assert summary.persons == 12840 + 3911 + 40120
    assert summary.persons_trackable == 9120 + 3104  # the WiFi trajectory has no count
    assert summary.movements_reconstructable


def test_nothing_open(report):
    report.stores[0].exposure = Exposure(anonymous_read=False, tls=True)
    v = verdict(report)
    assert not v.open_stores and v.persons_exposed is None
    assert v.headline.startswith("CRITICAL: no store is open to anyone (3 of 4 scanned); 65,801 people held")
    assert "5 failed checks (2 critical, 1 high)" in v.headline


def test_several_open_stores(report):
    report.stores[1].exposure = Exposure(anonymous_read=True, tls=True)
    v = verdict(report)
    assert v.subject.startswith("2 stores are readable by anyone (http://127.0.0.1:9200, https://opensearch")
    assert v.persons_exposed == 55200 + 2210


def test_unreachable_only_and_empty(report):
    report.stores = report.stores[3:]
    assert verdict(report).headline == "NONE: the store could not be scanned"
    v = verdict(empty_report())
    assert v.headline == "NONE: no store was scanned"
    assert v.level == "none" and v.top_steps == ()


def test_targets_are_redacted_in_the_verdict(report):
    report.stores[0].target = "http://admin:hunter2@127.0.0.1:9200"
    v = verdict(report)
    assert "hunter2" not in v.headline and v.stores[0].target == "http://***@127.0.0.1:9200"


def test_history_point(report):
    point = history_point(report)
    assert point == {
        "at": "2026-11-27T10:00:41Z",
        "risk_level": "critical",
        "risk_score": 97,
        "stores": 4,
        "open_stores": 1,
        "persons_exposed": 55200,
        "persons_trackable": 12050,
        "records_exposed": 2408776,
        "failed_critical": 2,
        "failed_high": 1,
    }
