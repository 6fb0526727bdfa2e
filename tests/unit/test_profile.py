import math

from leakwarden.profile import CollectionSample, flatten, flatten_mapping


def test_contract_flattening_rules():
    doc = {
        "idCard": {"number": "110101199003074513"},
        "devices": [{"imei": "490154203237518"}, {"imei": "356938035643809"}],
        "tags": ["a", "b"],
        "faceFeature": [0.1, 0.2, 0.3],
        "location": {"lat": 39.9, "lon": 116.4},
        "empty": None,
        "nan": math.nan,
    }
    flat = flatten(doc)
    assert flat["idCard.number"] == ["110101199003074513"]
    assert flat["devices.imei"] == ["490154203237518", "356938035643809"]
    assert flat["tags"] == ["a", "b"]
    assert flat["faceFeature"] == [[0.1, 0.2, 0.3]]
    assert flat["location"] == [{"lat": 39.9, "lon": 116.4}]
    assert "location.lat" not in flat
    assert "empty" not in flat and "nan" not in flat


def test_deep_nesting_and_huge_values_are_skimmed():
    doc: dict = {}
    node = doc
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    node["leaf"] = "v"
    s = CollectionSample("c")
    s.add(doc)
    s.add({"big": "x" * (1 << 20), "arr": list(range(300)) + ["s"]})
    assert s.skims.deep_objects == 1
    assert s.skims.long_values == 1
    assert s.skims.long_arrays == 1
    assert len(s.fields["big"].values[0]) == 64 * 1024


def test_sample_statistics_and_reservoir():
    s = CollectionSample("c", reservoir_size=10, max_records=5)
    for i in range(100):
        s.add({"n": i, "k": "v" if i % 2 else 1})
    assert s.examined == 100
    assert s.fields["n"].present == 100 and len(s.fields["n"].values) == 10
    assert s.fields["k"].types == {"str": 50, "int": 50}
    assert len(s.records) == 5


def test_reservoir_keeps_what_the_plain_algorithm_keeps():
    """Algorithm R with ``rng.randrange``: add_flat's inlined draws pick the same values."""
    import random

    for seed in (0, 1, 7, 12345):
        s = CollectionSample("c", reservoir_size=16, seed=seed)
        rng = random.Random(seed)
        kept: list[int] = []
        seen = 0
        for i in range(2000):
            vals = [i, -i] if i % 3 == 0 else [i]  # several values in some documents
            s.add({"n": [{"x": v} for v in vals]})
            for v in vals:
                seen += 1
                if len(kept) < 16:
                    kept.append(v)
                else:
                    j = rng.randrange(seen)
                    if j < 16:
                        kept[j] = v
        assert s.fields["n.x"].values == kept


def test_flatten_mapping_typed_and_nested():
    props = {
        "person": {"properties": {"name": {"type": "keyword"}, "face": {"type": "dense_vector", "dims": 128}}},
        "loc": {"type": "geo_point"},
        "devices": {"type": "nested", "properties": {"mac": {"type": "keyword"}}},
    }
    m = flatten_mapping(props)
    assert m == {
        "person.name": {"type": "keyword"},
        "person.face": {"type": "dense_vector", "dims": 128},
        "loc": {"type": "geo_point"},
        "devices.mac": {"type": "keyword"},
    }
    s = CollectionSample("c", mapping=m)
    assert s.fields["person.face"].mapping_type == "dense_vector"
    assert s.fields["person.face"].mapping_info == {"dims": 128}
