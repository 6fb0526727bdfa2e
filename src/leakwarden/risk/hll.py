"""Distinct counting in flat memory: HyperLogLog and an adaptive hash sample.

Both work on 64-bit integers that are already uniformly distributed, such as
:meth:`leakwarden.privacy.Hasher.int64` of a person key.  Neither ever sees a
raw value.

* :class:`HyperLogLog` has ``m = 2**p`` one-byte registers (16 KiB at the
  default ``p = 14``); its relative standard error is ``1.04 / sqrt(m)``
  (0.81 % at ``p = 14``).  The estimate is Ertl's improved raw estimator
  ("New cardinality estimation algorithms for HyperLogLog sketches", 2017),
  which needs neither HLL++'s bias tables nor a switch to linear counting.
* :class:`HashSample` keeps every key whose (mixed) hash falls under a
  threshold, halving the threshold whenever more than ``cap`` keys are kept.
  It is exact while the threshold was never lowered.  Two samples built with
  the same hashing are *coordinated*: restricted to the lower of their two
  thresholds they are uniform samples of the same hash range, so their
  intersection, scaled up, estimates the number of keys two collections share.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

MASK64 = (1 << 64) - 1
FULL_RANGE = 1 << 64
#: Multiplier of Fibonacci hashing; odd, so ``h * GOLDEN mod 2**64`` is a bijection.
GOLDEN = 0x9E3779B97F4A7C15
#: its inverse modulo 2**64 (:func:`unmix64`)
GOLDEN_INVERSE = pow(GOLDEN, -1, FULL_RANGE)


def mix64(h: int) -> int:
    """A bijective remix of a 64-bit hash, used for sampling.

    HyperLogLog reads the top bits of ``h`` for its register index and
    :class:`HashSample` keeps small values; remixing keeps the two decisions
    independent.
    """
    return (h * GOLDEN) & MASK64


def unmix64(s: int) -> int:
    """The hash ``h`` whose :func:`mix64` is ``s``."""
    return (s * GOLDEN_INVERSE) & MASK64


class HyperLogLog:
    """HyperLogLog sketch of 64-bit hashes with ``2**p`` registers."""

    __slots__ = ("p", "m", "_q", "_qmask", "registers")

    def __init__(self, p: int = 14):
        if not 4 <= p <= 18:
            raise ValueError(f"HyperLogLog precision p must be within 4..18, got {p}")
        self.p = p
        self.m = 1 << p
        self._q = 64 - p
        self._qmask = (1 << self._q) - 1
        self.registers = bytearray(self.m)

    @property
    def standard_error(self) -> float:
        """Relative standard error of :meth:`estimate`: ``1.04 / sqrt(m)``."""
        return 1.04 / math.sqrt(self.m)

    def add(self, h: int) -> None:
        """Add one uniformly distributed 64-bit hash."""
        q = self._q
        rho = q - (h & self._qmask).bit_length() + 1
        idx = h >> q
        regs = self.registers
        if rho > regs[idx]:
            regs[idx] = rho

    def update(self, hashes: Iterable[int]) -> None:
        q, qmask, regs = self._q, self._qmask, self.registers
        for h in hashes:
            rho = q - (h & qmask).bit_length() + 1
            idx = h >> q
            if rho > regs[idx]:
                regs[idx] = rho

    def merge(self, other: HyperLogLog) -> None:
        """Fold ``other`` into this sketch (union of the two key sets)."""
        if other.p != self.p:
            raise ValueError(f"cannot merge HyperLogLog sketches of precision {self.p} and {other.p}")
        self.registers = bytearray(map(max, self.registers, other.registers))

    def copy(self) -> HyperLogLog:
        new = HyperLogLog(self.p)
        new.registers[:] = self.registers
        return new

    def is_empty(self) -> bool:
        return not any(self.registers)

    def estimate(self) -> float:
        """Estimated number of distinct hashes added (Ertl 2017, improved raw estimator)."""
        m, q, regs = self.m, self._q, self.registers
        counts = [regs.count(k) for k in range(q + 2)]
        if counts[0] == m:
            return 0.0
        z = m * _tau(1.0 - counts[q + 1] / m)
        for k in range(q, 0, -1):
            z = 0.5 * (z + counts[k])
        z += m * _sigma(counts[0] / m)
        return (0.5 / math.log(2)) * m * m / z

    def __len__(self) -> int:
        return round(self.estimate())


def _sigma(x: float) -> float:
    if x == 1.0:
        return math.inf
    y, z = 1.0, x
    while True:
        x *= x
        z_old = z
        z += x * y
        y += y
        if z == z_old:
            return z


def _tau(x: float) -> float:
    if x == 0.0 or x == 1.0:
        return 0.0
    y, z = 1.0, 1.0 - x
    while True:
        x = math.sqrt(x)
        z_old = z
        y *= 0.5
        z -= (1.0 - x) ** 2 * y
        if z == z_old:
            return z / 3.0


class HashSample:
    """Adaptive threshold sample of keys (already mixed 64-bit hashes) with a value each.

    Keeps every key ``s < threshold``; when more than ``cap`` keys are kept,
    the threshold halves and the keys above it are dropped, so memory is
    bounded by ``cap`` entries whatever the number of keys offered.  A count
    over the kept keys, divided by :attr:`fraction`, estimates the count over
    all keys.
    """

    __slots__ = ("cap", "threshold", "items")

    def __init__(self, cap: int):
        if cap < 1:
            raise ValueError("HashSample cap must be positive")
        self.cap = cap
        self.threshold = FULL_RANGE
        self.items: dict[int, Any] = {}

    @property
    def exact(self) -> bool:
        """True while every key offered is kept."""
        return self.threshold == FULL_RANGE

    @property
    def fraction(self) -> float:
        """Share of the hash range kept."""
        return self.threshold / FULL_RANGE

    def admits(self, s: int) -> bool:
        return s < self.threshold

    def shrink(self) -> None:
        """Lower the threshold until at most ``cap`` keys are kept."""
        items = self.items
        while len(items) > self.cap:
            self.threshold >>= 1
            t = self.threshold
            items = {k: v for k, v in items.items() if k < t}
        self.items = items

    def add(self, s: int, value: Any = 0) -> None:
        """Keep key ``s`` (with ``value`` if new) when it is under the threshold."""
        if s < self.threshold and s not in self.items:
            self.items[s] = value
            if len(self.items) > self.cap:
                self.shrink()

    def keys_below(self, threshold: int) -> Iterator[int]:
        return (k for k in self.items if k < threshold)

    def estimate(self) -> float:
        return len(self.items) / self.fraction


def coordinated_count(samples: list[HashSample], predicate: Any = None, *, union: bool = True) -> tuple[float, bool]:
    """Union (or intersection) size of coordinated samples, scaled to the whole hash range.

    ``predicate(value)`` optionally filters the kept keys by their value.
    Returns ``(estimate, exact)``.
    """
    if not samples:
        return 0.0, True
    t = min(s.threshold for s in samples)
    sets = []
    for s in samples:
        if predicate is None:
            sets.append({k for k in s.items if k < t})
        else:
            sets.append({k for k, v in s.items.items() if k < t and predicate(v)})
    combined = set().union(*sets) if union else set.intersection(*sets)
    fraction = t / FULL_RANGE
    return len(combined) / fraction, t == FULL_RANGE
