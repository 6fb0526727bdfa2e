"""HyperLogLog and hash samples: accuracy and bounded memory."""

from __future__ import annotations

import random

import pytest

from leakwarden.risk.hll import MASK64, HashSample, HyperLogLog, coordinated_count, mix64


def splitmix64(x: int) -> int:
    # fast, well-mixed synthetic hashes (the real ones are HMAC-SHA256, too slow here)
    z = (x + 0x9E3779B97F4A7C15) & MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


@pytest.mark.parametrize("n", [100_000, 1_000_000])
def test_hll_within_three_percent_at_p14(n: int) -> None:
    h = HyperLogLog(14)
    h.update(splitmix64(i) for i in range(n))
    assert h.standard_error == pytest.approx(1.04 / 128)
    assert abs(h.estimate() / n - 1) < 0.03


def test_hll_duplicates_do_not_count() -> None:
    h = HyperLogLog(14)
    for _ in range(5):
        h.update(splitmix64(i) for i in range(20_000))
    assert abs(h.estimate() / 20_000 - 1) < 0.03


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_hll_small_counts(n: int) -> None:
    h = HyperLogLog(14)
    h.update(splitmix64(i) for i in range(n))
    assert abs(h.estimate() - n) <= max(1, 0.02 * n)


def test_hll_merge_is_union() -> None:
    a, b = HyperLogLog(12), HyperLogLog(12)
    a.update(splitmix64(i) for i in range(0, 60_000))
    b.update(splitmix64(i) for i in range(30_000, 90_000))
    a.merge(b)
    assert abs(a.estimate() / 90_000 - 1) < 0.05
    with pytest.raises(ValueError):
        a.merge(HyperLogLog(14))


def test_hash_sample_exact_until_cap_then_bounded() -> None:
    s = HashSample(1000)
    for i in range(800):
        s.add(mix64(splitmix64(i)))
    assert s.exact and s.estimate() == 800
    for i in range(200_000):
        s.add(mix64(splitmix64(i)))
    assert len(s.items) <= 1000
    assert not s.exact
    assert abs(s.estimate() / 200_000 - 1) < 0.15


def test_coordinated_samples_estimate_the_intersection() -> None:
    a, b = HashSample(2000), HashSample(4000)
    for i in range(50_000):
        a.add(mix64(splitmix64(i)))
    for i in range(40_000, 140_000):
        b.add(mix64(splitmix64(i)))
    shared, exact = coordinated_count([a, b], union=False)
    assert not exact
    assert 10_000 * 0.6 < shared < 10_000 * 1.4
    union, _ = coordinated_count([a, b])
    assert abs(union / 140_000 - 1) < 0.15


def test_coordinated_exact_on_small_sets() -> None:
    rng = random.Random(3)
    keys = [rng.getrandbits(64) for _ in range(300)]
    a, b = HashSample(1000), HashSample(1000)
    for k in keys[:200]:
        a.add(k)
    for k in keys[150:]:
        b.add(k)
    assert coordinated_count([a, b], union=False) == (50.0, True)
