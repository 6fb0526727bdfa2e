"""Plates as keys, year-of-birth dates, primary key by distinct values, per-field named places."""

from leakwarden.risk.keys import KeySpec, choose_primary, norm_date, norm_plate
from leakwarden.risk.people import PersonTracker


def test_year_of_birth_int_is_a_year_not_epoch():
    assert norm_date(1985) == "1985"
    assert norm_date(1986) != norm_date(1985)


def test_plate_normalised():
    assert norm_plate("B-AB 1234") == norm_plate("bab1234") == "BAB1234"


def test_primary_prefers_key_naming_many_more_people():
    gov = KeySpec("person.government_id", ("driver.id",), 1.0)
    rider = KeySpec("person.internal_id", ("rider_id",), 1.0)
    assert choose_primary([gov, rider]) == gov
    assert choose_primary([gov, rider], {gov: 40, rider: 200}) == rider
    assert choose_primary([gov, rider], {gov: 40, rider: 50}) == gov


def test_named_places_compared_within_their_field_only():
    t = PersonTracker("person.internal_id", ("id",))
    # one record, birthplace (field 0) and hotel (field 1): not moved
    t.observe(1, [], [(0, 11), (1, 22)])
    t.observe(1, [], [(0, 11), (1, 22)])
    assert t.trackable() == 0
    t.observe(1, [], [(0, 11), (1, 33)])
    assert t.trackable() == 1
