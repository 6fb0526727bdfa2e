"""Regulations: which categories trigger which law."""

from __future__ import annotations

import pytest

from leakwarden.risk.regulations import SIGNALS, load_regulations, regulation_triggers
from risk_fixtures import assessor, finding


def test_table_loads_and_ids_are_unique() -> None:
    ids = [r.id for r in load_regulations()]
    assert ids == ["GDPR-4", "GDPR-9", "GDPR-10", "PIPL-28", "CCPA-SPI"]
    assert "personal" in SIGNALS


@pytest.mark.parametrize(
    ("categories", "signals", "expected"),
    [
        ({"special.ethnicity"}, set(), ["GDPR-4", "GDPR-9", "PIPL-28", "CCPA-SPI"]),
        ({"biometric.face_embedding"}, set(), ["GDPR-4", "GDPR-9", "PIPL-28", "CCPA-SPI"]),
        ({"special.criminal"}, set(), ["GDPR-4", "GDPR-10", "PIPL-28"]),
        ({"special.political"}, set(), ["GDPR-4", "GDPR-9"]),
        ({"person.government_id"}, set(), ["GDPR-4", "PIPL-28", "CCPA-SPI"]),
        ({"person.name", "person.phone"}, set(), ["GDPR-4"]),
        ({"person.internal_id", "time.timestamp"}, {"trajectory"}, ["GDPR-4", "PIPL-28"]),
        ({"device.mac", "location.coordinates"}, {"precise_location"}, ["GDPR-4", "PIPL-28", "CCPA-SPI"]),
        ({"person.age"}, {"minor"}, ["GDPR-4", "PIPL-28"]),
    ],
)
def test_mapping(categories: set[str], signals: set[str], expected: list[str]) -> None:
    assert list(regulation_triggers(categories, signals | {"personal"})) == expected


def test_nothing_applies_without_personal_data() -> None:
    assert regulation_triggers({"special.ethnicity", "network.ip"}, set()) == {}


def test_triggers_are_named() -> None:
    got = regulation_triggers({"special.health", "biometric.face_embedding"}, {"personal"})
    assert got["GDPR-9"] == ["special.health", "biometric.face_embedding"]


def test_minors_trigger_pipl() -> None:
    docs = [{"age": 9 if i % 10 == 0 else 35, "gender": "F"} for i in range(100)]
    col = assessor("kids", docs, [finding("age", "person.age"), finding("gender", "person.gender")]).result()
    assert col.regulations == ["GDPR-4", "PIPL-28"]
    adults = [{"age": 35, "gender": "F"} for _ in range(100)]
    col = assessor("adults", adults, [finding("age", "person.age"), finding("gender", "person.gender")]).result()
    assert col.regulations == ["GDPR-4"]
