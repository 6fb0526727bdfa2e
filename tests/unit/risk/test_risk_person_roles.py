"""Several people per record: key fields in a one-to-one dependency are one person, roles add up."""

import random

from leakwarden.risk.keys import one_to_one

from risk_fixtures import assessor, finding


def test_one_to_one_rule():
    same = [(f"p{i}", f"t{i}") for i in range(50)] * 3
    assert one_to_one(same)
    # a driver meets many riders: not one-to-one
    roles = [(f"r{i}", f"d{i % 5}") for i in range(50)]
    assert not one_to_one(roles)
    assert one_to_one([])


def _rides(riders: int = 60, drivers: int = 8, n: int = 200, seed: int = 3):
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        r = i % riders if i < riders else rng.randrange(riders)
        d = rng.randrange(drivers) if i >= drivers else i
        docs.append({"rider": {"dni": f"{10000000 + r}R", "tax": f"TX{900000 + r}"},
                     "driver": {"dni": f"{20000000 + d}D", "tax": f"TX{500000 + d}"}})
    return docs


def test_two_roles_are_counted_together():
    docs = _rides()
    a = assessor("rides", docs, [finding("rider.dni", "person.government_id"),
                                 finding("driver.dni", "person.government_id")])
    assert a.result().persons_estimated == 60 + 8


def test_two_ids_of_one_person_count_once():
    docs = _rides()
    a = assessor("rides", docs, [finding("rider.dni", "person.government_id"),
                                 finding("rider.tax", "person.government_id")])
    assert a.result().persons_estimated == 60


def test_roles_and_their_second_ids():
    docs = _rides()
    a = assessor("rides", docs, [finding(p, "person.government_id")
                                 for p in ("rider.dni", "rider.tax", "driver.dni", "driver.tax")])
    assert a.result().persons_estimated == 60 + 8


def test_internal_ids_of_other_roles_are_not_counted():
    # staff numbers (officers, prescribers) also number workplaces and accounts: not a role
    docs = _rides()
    for d in docs:
        d["driver"]["staff_no"] = d["driver"]["dni"][:-1]
    a = assessor("rides", docs, [finding("rider.dni", "person.government_id"),
                                 finding("driver.staff_no", "person.internal_id")])
    assert a.result().persons_estimated == 60


def test_listed_relations_are_not_counted():
    docs = [{"id": f"{30000000 + i}X", "contacts": [{"phone": f"+34 600 {i:03d} {j:03d}"} for j in range(1 + (i % 5 == 0))]}
            for i in range(40)]
    a = assessor("register", docs, [finding("id", "person.government_id"),
                                    finding("contacts.phone", "person.phone")])
    assert a.result().persons_estimated == 40
