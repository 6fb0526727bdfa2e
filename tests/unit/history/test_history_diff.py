"""diff_reports: what changed between two reports, and which changes alert."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from rich.console import Console

from leakwarden.history import _samples as S
from leakwarden.history import diff_reports, render_diff_text
from leakwarden.history.diff import CHANGE_KINDS, clean_text, diff_plain_text
from leakwarden.report import Report

A = "http://10.0.0.5:9200"
B = "http://10.0.0.6:9200"
LATER = S.T0 + timedelta(hours=1)


def kinds(old: Report, new: Report) -> list[str]:
    return [c.kind for c in diff_reports(old, new).changes]


def only(old: Report, new: Report, kind: str):  # noqa: ANN201
    found = [c for c in diff_reports(old, new).changes if c.kind == kind]
    assert len(found) == 1, [c.kind for c in diff_reports(old, new).changes]
    return found[0]


def test_identical_reports_have_no_changes() -> None:
    diff = diff_reports(S.report(), S.report(at=LATER))
    assert diff.is_empty and not diff.meaningful and diff.alerts == []


def test_store_newly_readable_alerts() -> None:
    closed = S.report(S.es_store(A, anonymous_read=False, level="critical", score=97))
    opened = S.report(S.es_store(A, anonymous_read=True), at=LATER)
    change = only(closed, opened, "store_exposed")
    assert (change.alert, change.direction, change.before, change.after) == (True, "worse", False, True)
    check = only(closed, opened, "check_failed")
    assert check.check == "es-anonymous-read" and check.alert
    assert diff_reports(closed, opened).meaningful


def test_store_closed_is_better_and_quiet() -> None:
    opened = S.report(S.es_store(A, anonymous_read=True))
    closed = S.report(S.es_store(A, anonymous_read=False, level="low", score=10), at=LATER)
    diff = diff_reports(opened, closed)
    assert only(opened, closed, "store_closed").direction == "better"
    assert only(opened, closed, "check_fixed").direction == "better"
    assert only(opened, closed, "risk_changed").direction == "better"
    assert not diff.meaningful


def test_new_index_on_an_open_store_alerts() -> None:
    old = S.report(S.es_store(A, collections=[S.faces()]))
    new = S.report(S.es_store(A, collections=[S.faces(), S.watchlist()]), at=LATER)
    change = only(old, new, "collection_exposed")
    assert change.collection == "police_alerts" and change.alert
    assert "special.criminal" in change.after
    cats = [c.after for c in diff_reports(old, new).changes if c.kind == "category_added"]
    assert cats == ["person.government_id", "person.name", "special.criminal"]


def test_new_index_on_a_closed_store_is_shown_not_alerted() -> None:
    old = S.report(S.es_store(A, anonymous_read=False, collections=[S.logs()]))
    new = S.report(S.es_store(A, anonymous_read=False, collections=[S.logs(), S.watchlist()]), at=LATER)
    change = only(old, new, "collection_added")
    assert not change.alert and change.direction == "worse"
    # ... but a new sensitive category in the store still alerts
    assert any(c.kind == "category_added" and c.alert for c in diff_reports(old, new).changes)


def test_collection_gone() -> None:
    old = S.report(S.es_store(A, collections=[S.faces(), S.logs()]))
    new = S.report(S.es_store(A, collections=[S.faces()]), at=LATER)
    change = only(old, new, "collection_removed")
    assert change.collection == "app-logs" and change.direction == "neutral"


@pytest.mark.parametrize(("category", "alerts"), [
    ("special.ethnicity", True),
    ("device.mac", True),
    ("time.timestamp", False),
    ("location.place", False),
])
def test_new_category_alerts_unless_personal_only_in_context(category: str, alerts: bool) -> None:
    old = S.report(S.es_store(A, collections=[S.logs()]))
    logs = S.logs().model_copy(update={"fields": [*S.logs().fields, S.field("x", category)]})
    new = S.report(S.es_store(A, collections=[logs]), at=LATER)
    change = only(old, new, "category_added")
    assert change.after == category and change.alert is alerts
    added = only(old, new, "field_added")
    assert added.field == "x" and added.collection == "app-logs" and not added.alert


def test_field_changes() -> None:
    old = S.report(S.es_store(A, collections=[S.watchlist()]))
    w = S.watchlist()
    fields = [f for f in w.fields if f.path != "reason"]
    fields[0] = fields[0].model_copy(update={"categories": ["person.name", "special.ethnicity"]})
    new = S.report(S.es_store(A, collections=[w.model_copy(update={"fields": fields})]), at=LATER)
    removed = only(old, new, "field_removed")
    assert removed.field == "reason" and removed.direction == "better"
    changed = only(old, new, "field_categories_changed")
    assert changed.field == "name" and "+special.ethnicity" in changed.message
    assert only(old, new, "category_removed").before == "special.criminal"
    assert only(old, new, "category_added").after == "special.ethnicity"


def test_check_flip_to_fail_alerts_and_back_is_fixed() -> None:
    ok = S.report(S.es_store(A, tls=True))
    bad = S.report(S.es_store(A, tls=False), at=LATER)
    failed = only(ok, bad, "check_failed")
    assert (failed.check, failed.before, failed.after, failed.alert) == ("es-plain-http", "pass", "fail", True)
    tls = only(ok, bad, "tls_changed")
    assert tls.direction == "worse"
    fixed = only(bad, ok, "check_fixed")
    assert fixed.check == "es-plain-http" and not fixed.alert


def test_check_error_is_neutral() -> None:
    old = S.report(S.es_store(A))
    store = S.es_store(A)
    checks = [c.model_copy(update={"status": "error"}) if c.id == "es-ransom-note" else c for c in store.checks]
    new = S.report(store.model_copy(update={"checks": checks}), at=LATER)
    change = only(old, new, "check_changed")
    assert change.direction == "neutral" and not change.alert


def test_risk_level_up_alerts_down_does_not() -> None:
    low = S.report(S.es_store(A, level="medium", score=50))
    high = S.report(S.es_store(A, level="high", score=75), at=LATER)
    up = diff_reports(low, high)
    assert up.risk_up and up.meaningful
    assert only(low, high, "risk_changed").alert
    down = diff_reports(high, low)
    assert not down.risk_up and not down.meaningful
    same_level = S.report(S.es_store(A, level="medium", score=55), at=LATER)
    assert not only(low, same_level, "risk_changed").alert


def test_people_counts_up_and_down() -> None:
    old = S.report(S.es_store(A, collections=[S.faces(persons=1000, trackable=500)]))
    new = S.report(S.es_store(A, collections=[S.faces(persons=1200, trackable=400)]), at=LATER)
    persons = only(old, new, "persons_changed")
    assert (persons.before, persons.after, persons.direction) == (1000, 1200, "worse")
    assert "+200" in persons.message
    track = only(old, new, "trackable_changed")
    assert track.direction == "better" and "-100" in track.message
    assert not diff_reports(old, new).meaningful


def test_trajectory_found_alerts() -> None:
    old = S.report(S.es_store(A, collections=[S.faces(trackable=None)]))
    new = S.report(S.es_store(A, collections=[S.faces(trackable=800)]), at=LATER)
    change = only(old, new, "trajectory_found")
    assert change.alert and change.after == 800 and "800" in change.message
    assert only(new, old, "trajectory_gone").direction == "better"


def test_new_and_removed_stores() -> None:
    old = S.report(S.es_store(A))
    new = S.report(S.es_store(A), S.es_store(B, anonymous_read=True), at=LATER)
    diff = diff_reports(old, new)
    assert [c.kind for c in diff.changes if c.target == B] == ["store_added", "store_exposed", "risk_changed"]
    assert diff.meaningful
    back = diff_reports(new, old)
    assert [c.kind for c in back.changes] == ["store_removed"]
    assert not back.meaningful


def test_unreachable_store_is_compared_by_status_only() -> None:
    up = S.report(S.es_store(A))
    down = S.report(S.es_store(A, status="unreachable"), at=LATER)
    assert kinds(up, down) == ["status_changed"]
    # coming back is not "newly exposed": anonymous_read was unknown, not false
    assert kinds(down, up) == ["status_changed"]
    assert not diff_reports(down, up).meaningful


def test_stores_match_without_trailing_slash_or_credentials() -> None:
    old = S.report(S.es_store("http://u:p@10.0.0.5:9200/"))
    new = S.report(S.es_store(A), at=LATER)
    assert diff_reports(old, new).is_empty


def test_changes_are_ordered_by_store_then_kind() -> None:
    old = S.report(S.es_store(A, anonymous_read=False, level="medium", score=40, collections=[S.faces(trackable=None)]))
    new = S.report(S.es_store(A, collections=[S.faces(persons=20000), S.watchlist()]), at=LATER)
    ks = kinds(old, new)
    assert ks == sorted(ks, key=CHANGE_KINDS.index)
    assert ks[0] == "store_exposed"


def test_json_form() -> None:
    old = S.report(S.es_store(A, anonymous_read=False))
    new = S.report(S.es_store(A), at=LATER)
    doc = json.loads(json.dumps(diff_reports(old, new, old_id=1, new_id=2).to_json_dict()))
    assert doc["schema"] == "leakwarden/diff@1"
    assert doc["old"]["scan_id"] == 1 and doc["new"]["started_at"] == "2026-11-27T11:00:00Z"
    assert doc["meaningful"] is True
    assert {"kind", "target", "message", "direction", "alert", "collection", "field", "check",
            "before", "after"} <= set(doc["changes"][0])


def test_terminal_rendering() -> None:
    old = S.report(S.es_store(A, anonymous_read=False, level="medium", score=40))
    new = S.report(S.es_store(A, collections=[S.faces(), S.watchlist(), S.logs()]), at=LATER)
    buf = io.StringIO()
    render_diff_text(diff_reports(old, new, old_id=1, new_id=2), Console(file=buf, width=120, color_system=None))
    out = buf.getvalue()
    assert "scan 1 → scan 2" in out
    assert "MEDIUM 40" in out and "CRITICAL 97" in out
    assert "need attention" in out
    assert "now readable without credentials" in out
    assert "police_alerts" in out
    empty = diff_plain_text(diff_reports(new, new))
    assert "No changes." in empty


def test_hostile_names_cannot_drive_the_terminal() -> None:
    evil = "idx\x1b[2J\x1b]0;pwned\x07\u202egnp.exe"
    old = S.report(S.es_store(A, collections=[S.logs()]))
    new = S.report(S.es_store(A, collections=[S.logs(), S.logs().model_copy(update={"name": evil})]), at=LATER)
    out = diff_plain_text(diff_reports(old, new))
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert clean_text("a\nb\u2066c") == "a\ufffdb\ufffdc"
