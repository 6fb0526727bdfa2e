"""Re-identification: share of records in quasi-identifier groups smaller than k = 5."""

from __future__ import annotations

from leakwarden.risk.kanon import KAnonymity, address_area, norm_gender
from risk_fixtures import assessor, finding

QI_FINDINGS = [
    finding("sex", "person.gender"),
    finding("dob", "person.birthdate"),
    finding("addr", "person.address"),
    finding("diagnosis", "special.health"),
]


def _docs() -> list[dict]:
    docs = []
    # group 1: six records alike -> k = 6, safe
    docs += [{"sex": "M", "dob": "1980-01-02", "addr": "Hauptstr. 1, 10115 Berlin", "diagnosis": "flu"}] * 6
    # group 2: four alike (spelled differently) -> k = 4 < 5
    docs += [{"sex": "male", "dob": "02.01.1980", "addr": "Zoo 2, 10117 Berlin", "diagnosis": "flu"}] * 2
    docs += [{"sex": "m", "dob": "1980/1/2", "addr": "10117 Berlin", "diagnosis": "asthma"}] * 2
    # two unique records
    docs += [{"sex": "F", "dob": "1975-05-05", "addr": "Weg 3, 80331 München", "diagnosis": "diabetes"}]
    docs += [{"sex": "F", "dob": "1999-09-09", "addr": "Weg 3, 80331 München", "diagnosis": "flu"}]
    return docs


def test_share_below_k_on_a_tiny_case() -> None:
    col = assessor("patients", _docs(), QI_FINDINGS).result()
    reid = col.reidentification
    assert reid is not None
    assert reid.quasi_identifiers == ["dob", "sex", "addr"]
    assert reid.records_examined == 12
    assert reid.k_threshold == 5
    assert reid.share_below_k == 0.5  # 4 + 1 + 1 of 12
    assert col.personal and col.persons_estimated is None


def test_no_reidentification_with_a_direct_identifier() -> None:
    docs = [dict(d, name=f"Person {i}") for i, d in enumerate(_docs())]
    col = assessor("patients", docs, QI_FINDINGS + [finding("name", "person.name")]).result()
    assert col.reidentification is None


def test_counting_is_bounded() -> None:
    k = KAnonymity([("age", "person.age")], limit=100)
    for i in range(1000):
        k.update({"age": [i]})
    assert k.records == 100 and len(k.groups) == 100 and k.share_below_k() == 1.0


def test_area_and_gender_normalisation() -> None:
    assert address_area("221B Baker Street, London NW1 6XE") == "NW16XE"
    assert address_area("1600 Amphitheatre Pkwy, Mountain View, CA 94043") == "94043"
    assert address_area("北京市朝阳区建国路88号") == "北京市朝阳区"
    assert address_area("Rue de Rivoli, Paris") == "paris"
    assert norm_gender("男") == norm_gender("Male") == "m"
    assert norm_gender("weiblich") == "f"


def test_odd_ages_do_not_stop_k_anonymity() -> None:
    """Infinite, NaN, textual and huge ages are quasi-identifier values like any other."""
    from leakwarden.risk.kanon import norm_age

    assert norm_age("inf") == "inf" and norm_age(float("-inf")) == "-inf" and norm_age("NaN") == "nan"
    assert norm_age("42") == 42 and norm_age(41.9) == 41 and norm_age(True) is None
    ages = ["inf", float("inf"), float("nan"), "-inf", "1e400", 10**400, "37", 37, "unknown"]
    docs = [{"sex": "F", "age": ages[i % len(ages)], "diagnosis": "flu"} for i in range(90)]
    col = assessor("odd_ages", docs, [finding("sex", "person.gender"), finding("age", "person.age"),
                                      finding("diagnosis", "special.health")]).result()
    reid = col.reidentification
    assert reid is not None and reid.records_examined == 90
    assert "age" in reid.quasi_identifiers
