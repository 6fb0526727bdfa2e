"""Sensitivity: monotone in what a collection holds; decoys score low."""

from __future__ import annotations

from leakwarden.risk.score import CATEGORY_WEIGHTS, sensitivity
from leakwarden.report import CATEGORIES
from risk_fixtures import app_logs, assessor, face_captures, fixed_sensors


def test_every_category_has_a_weight() -> None:
    assert set(CATEGORY_WEIGHTS) == set(CATEGORIES)


def test_more_sensitive_categories_score_higher() -> None:
    ladder = [
        {"time.timestamp": 1.0},
        {"time.timestamp": 1.0, "person.gender": 1.0},
        {"time.timestamp": 1.0, "person.gender": 1.0, "person.name": 1.0},
        {"time.timestamp": 1.0, "person.gender": 1.0, "person.name": 1.0, "person.phone": 1.0},
        {"person.name": 1.0, "person.phone": 1.0, "person.government_id": 1.0},
        {"person.name": 1.0, "person.government_id": 1.0, "special.criminal": 1.0},
        {"person.name": 1.0, "person.government_id": 1.0, "special.criminal": 1.0, "biometric.face_embedding": 1.0},
    ]
    scores = [sensitivity(s, personal=True, persons=1000) for s in ladder]
    assert scores == sorted(scores) and len(set(scores)) == len(scores), scores


def test_score_grows_with_share_people_and_trajectories() -> None:
    base = {"person.phone": 0.2}
    assert sensitivity({"person.phone": 1.0}, personal=True) > sensitivity(base, personal=True)
    assert sensitivity(base, personal=True, persons=100_000) > sensitivity(base, personal=True, persons=10)
    assert sensitivity(base, personal=True, persons=10, trackable=5) > sensitivity(base, personal=True, persons=10)
    assert sensitivity(base, personal=True, share_below_k=0.9) > sensitivity(base, personal=True, share_below_k=0.0)


def test_context_categories_count_little_outside_personal_data() -> None:
    cats = {"device.mac": 1.0, "location.coordinates": 1.0, "network.ip": 1.0, "time.timestamp": 1.0}
    assert sensitivity(cats, personal=False) < 20
    assert sensitivity(cats, personal=True, persons=1000) > 40


def test_decoys_low_and_not_personal() -> None:
    for docs, findings in (app_logs(), fixed_sensors()):
        col = assessor("decoy", docs, findings).result()
        assert not col.personal and col.sensitivity < 20 and col.regulations == []
    products = [{"sku": f"X{i}", "vec": [0.1 * (i % 7)] * 16, "price": 9.99} for i in range(50)]
    col = assessor("products", products, []).result()
    assert not col.personal and col.sensitivity == 0


def test_faces_with_ethnicity_score_near_the_top() -> None:
    docs, findings = face_captures()
    col = assessor("faces", docs, findings).result()
    assert col.personal and col.sensitivity >= 85
