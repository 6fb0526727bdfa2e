"""Face embeddings: near-duplicates share a key, different people do not."""

from __future__ import annotations

import base64
import random
import struct

from leakwarden.risk.faces import FaceKeyer, SimHasher, to_vector
from risk_fixtures import noisy, unit


def _bases(n: int, dims: int, seed: int = 7) -> list[list[float]]:
    rng = random.Random(seed)
    return [unit([rng.gauss(0, 1) for _ in range(dims)]) for _ in range(n)]


def test_noisy_captures_of_one_person_collide() -> None:
    rng = random.Random(1)
    keyer = FaceKeyer(128)
    base = _bases(1, 128)[0]
    keys = {keyer.key(noisy(base, 0.99, rng)) for _ in range(20)}
    assert len(keys) == 1


def test_different_people_do_not_collide() -> None:
    keyer = FaceKeyer(128)
    keys = [keyer.key(v) for v in _bases(500, 128)]
    assert len(set(keys)) == 500


def test_people_counted_from_noisy_captures() -> None:
    rng = random.Random(2)
    keyer = FaceKeyer(64)
    bases = _bases(200, 64)
    per_person = [{keyer.key(noisy(b, 0.97, rng)) for _ in range(4)} for b in bases]
    distinct = set().union(*per_person)
    # over-counting (a person split in two) is allowed a little; merging people is not
    assert 200 <= len(distinct) <= 210
    owners: dict[int, int] = {}
    for person, keys in enumerate(per_person):
        for k in keys:
            assert owners.setdefault(k, person) == person


def test_hyperplanes_are_deterministic() -> None:
    v = _bases(1, 96)[0]
    assert SimHasher(96).code(v) == SimHasher(96).code(v)


def test_vector_forms() -> None:
    floats = [0.5, -0.25, 0.125, 1.0, 0.0, 0.75, -1.0, 0.3]
    blob = base64.b64encode(struct.pack("<8f", *floats)).decode()
    assert to_vector(blob) == [float(x) for x in struct.unpack("<8f", struct.pack("<8f", *floats))]
    assert to_vector(floats) == floats
    assert to_vector(",".join(map(str, floats))) == floats
    assert to_vector([1, 2]) is None  # too short to be an embedding
    assert to_vector("hello world") is None
    assert to_vector([0.0] * 16) is None  # zero vector
