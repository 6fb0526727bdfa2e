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


def _trips(place: str, n: int = 240, seed: int = 5):
    """Riders and drivers; each record's place is where both are (or the caller's cell)."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        r, d = rng.randrange(60), rng.randrange(12)
        docs.append({"rider": {"dni": f"{10000000 + r}R"}, "driver": {"dni": f"{20000000 + d}D"},
                     place: f"site {rng.randrange(30)}", "ts": f"2024-03-{1 + i % 28:02d}T10:{i % 60:02d}:00Z"})
    return docs


def _roles_assessor(place: str):
    return assessor("trips", _trips(place), [
        finding("rider.dni", "person.government_id"), finding("driver.dni", "person.government_id"),
        finding(place, "location.place"), finding("ts", "time.timestamp")])


def _people(place: str) -> tuple[int, int]:
    """(persons, persons at two or more places) of the generated trips, counted exactly."""
    seen: dict[str, set[str]] = {}
    for d in _trips(place):
        for who in (d["rider"]["dni"], d["driver"]["dni"]):
            seen.setdefault(who, set()).add(d[place])
    return len(seen), sum(1 for s in seen.values() if len(s) >= 2)


def test_other_roles_are_followed_to_the_records_places():
    res = _roles_assessor("pickup").result()
    persons, moving = _people("pickup")
    assert res.persons_estimated == persons
    # riders (4 trips on average) and drivers (20) at their trips' places
    assert res.trajectory is not None and res.trajectory.persons_trackable == moving > 60


def test_a_network_cell_locates_only_the_primary_person():
    res = _roles_assessor("cell_site").result()
    persons, moving = _people("cell_site")
    assert res.persons_estimated == persons
    # the second role is counted but not placed at the first one's cell: only riders move
    drivers = len({d["driver"]["dni"] for d in _trips("cell_site")})
    assert res.trajectory is not None and res.trajectory.persons_trackable <= moving - drivers
