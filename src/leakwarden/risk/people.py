"""Counting people and their movements in flat memory.

:class:`KeySketch` counts the distinct values of one person key (a keyed
hash each) with a :class:`~leakwarden.risk.hll.HyperLogLog` and keeps a
coordinated :class:`~leakwarden.risk.hll.HashSample` of them for linkage
between collections.  :class:`PersonTracker` is the sketch of a collection's
primary key: its sample also remembers, per sampled person, how many records
named them (1, 2, 3+) and whether two of their sightings were at distinct
places (:mod:`leakwarden.risk.places`).  Sampling is by person, never by
record: a sampled person's every sighting is seen, so "seen at two places" is
exact for them, and the count over sampled persons divided by the sampled
share of the hash range estimates the count over all persons.
"""

from __future__ import annotations

from collections.abc import Sequence

from leakwarden.risk.hll import GOLDEN, MASK64, HashSample, HyperLogLog, unmix64
from leakwarden.risk.places import LAT_BITS, LON_BITS, points_distinct

#: Persons whose sightings are tracked exactly before sampling starts.
PERSON_CAP = 50_000
#: Keys kept per secondary key for linkage between collections.
LINK_CAP = 16_384
HLL_P = 14

# Packed per-person state of PersonTracker (one Python int per sampled person):
# bits 0-1 records naming the person (saturates at 3), bit 2 moved,
# bit 3 a first point is known, bit 4 unused,
# then the first point (places.point_key) and, per named-place field i, a
# 25-bit slot at _NAME_SHIFT + 25 * i: bit 0 known, bits 1-24 the first place id.
_COUNT = 0b11
_MOVED = 1 << 2
_HAS_POINT = 1 << 3
_HAS_NAME = 1 << 4
_POINT_SHIFT = 5
_POINT_MASK = (1 << (LAT_BITS + LON_BITS)) - 1
_NAME_SHIFT = _POINT_SHIFT + LAT_BITS + LON_BITS
_NAME_MASK = (1 << 24) - 1
_NAME_SLOT = 25


class KeySketch:
    """Distinct values of one person key: HyperLogLog + coordinated hash sample."""

    def __init__(self, category: str, paths: tuple[str, ...], *, cap: int = LINK_CAP, p: int = HLL_P):
        self.category = category
        self.paths = paths
        self._hll = HyperLogLog(p)
        #: while the sample is exact it holds every hash (as mix64(h)): the HyperLogLog
        #: is then left behind, and caught up from the sample when read or before the
        #: sample first shrinks (it is the same sketch whatever the order of its hashes)
        self._hll_behind = True
        self.sample = HashSample(cap)
        #: every value was a short number (sequential ids): unfit for linkage
        self.short_numbers = True
        self.values = 0

    @property
    def label(self) -> str:
        return "+".join(self.paths)

    @property
    def hll(self) -> HyperLogLog:
        """The HyperLogLog of every hash added."""
        if self._hll_behind:
            self._catch_up()
        return self._hll

    def _catch_up(self) -> None:
        self._hll.update(map(unmix64, self.sample.items))
        self._hll_behind = False

    def _shrink(self) -> None:
        if self._hll_behind:
            self._catch_up()  # before the sample forgets hashes
        self.sample.shrink()

    def add(self, h: int) -> None:
        self.values += 1
        s = (h * GOLDEN) & MASK64  # mix64(h), inline
        sample = self.sample
        if s < sample.threshold:
            items = sample.items
            if s in items:
                return  # added before: the HyperLogLog has it, or will have it from the sample
            items[s] = 0
            if len(items) > sample.cap:
                self._shrink()
        if not self._hll_behind:
            self._hll.add(h)

    @property
    def exact(self) -> bool:
        return self.sample.exact

    def distinct(self) -> float:
        """Distinct keys: exact while the sample holds them all, else the HyperLogLog estimate."""
        if self.sample.exact:
            return float(len(self.sample.items))
        return self.hll.estimate()


class PersonTracker(KeySketch):
    """The primary key's sketch, also tracking per sampled person their count and movement."""

    def __init__(self, category: str, paths: tuple[str, ...], *, cap: int = PERSON_CAP, p: int = HLL_P):
        super().__init__(category, paths, cap=cap, p=p)

    def places_matter(self, h: int) -> bool:
        """Whether a sighting's places could tell more of person ``h``: sampled, not yet seen moving."""
        s = (h * GOLDEN) & MASK64
        if s >= self.sample.threshold:
            return False
        st = self.sample.items.get(s)
        return st is None or not st & _MOVED

    def observe(self, h: int, points: Sequence[int], names: Sequence[tuple[int, int]]) -> None:
        """One record naming the person ``h``, seen at ``points``/``names`` (empty without a time).

        ``names`` are ``(place field index, place id)``: a named place is compared
        only with the same field's earlier values (a hotel with hotels, never with
        the guest's birthplace; a workplace's name never with its province).
        """
        self.values += 1
        s = (h * GOLDEN) & MASK64  # mix64(h), inline
        sample = self.sample
        if s >= sample.threshold:
            self._hll.add(h)  # (a sample that dropped hashes has caught the HyperLogLog up)
            return
        items = sample.items
        st = items.get(s)
        new = st is None
        if new:  # (a person already in the sample is in the HyperLogLog, or will be)
            if not self._hll_behind:
                self._hll.add(h)
            st = 0
        if st & _COUNT != _COUNT:
            st += 1
        if not st & _MOVED:
            for point in points:
                if st & _HAS_POINT:
                    if points_distinct((st >> _POINT_SHIFT) & _POINT_MASK, point):
                        st |= _MOVED
                        break
                else:
                    st |= _HAS_POINT | ((point & _POINT_MASK) << _POINT_SHIFT)
        if not st & _MOVED:
            for field, name in names:
                shift = _NAME_SHIFT + _NAME_SLOT * field
                if (st >> shift) & 1:
                    if (st >> (shift + 1)) & _NAME_MASK != name & _NAME_MASK:
                        st |= _MOVED
                        break
                else:
                    st |= (1 | ((name & _NAME_MASK) << 1)) << shift
        items[s] = st
        if new and len(items) > sample.cap:
            self._shrink()

    def _scaled(self, n: int) -> float:
        return n / self.sample.fraction

    def trackable(self) -> float:
        """Persons seen at two or more distinct places (sampled count scaled up)."""
        return self._scaled(sum(1 for st in self.sample.items.values() if st & _MOVED))

    def recurring(self) -> float:
        """Persons named by two or more records."""
        return self._scaled(sum(1 for st in self.sample.items.values() if st & _COUNT >= 2))

    def frequencies(self) -> tuple[float, float]:
        """``(f1, f2)``: persons named by exactly one and exactly two records."""
        f1 = f2 = 0
        for st in self.sample.items.values():
            c = st & _COUNT
            if c == 1:
                f1 += 1
            elif c == 2:
                f2 += 1
        return self._scaled(f1), self._scaled(f2)

    @staticmethod
    def moved(state: int) -> bool:
        return bool(state & _MOVED)
