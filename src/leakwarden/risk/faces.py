"""Face embeddings as person keys: near-duplicate hashing, so people can be counted.

Two captures of one person give two embeddings that are close (small angle)
but never equal, so an exact hash would count every capture as a new person.
We count them with sign random projections (SimHash, Charikar 2002):

* ``bits`` = 128 hyperplanes, *very sparse* (Li, Hastie & Church 2006): each
  has about ``2*sqrt(d)`` non-zero coordinates of value +1/-1, drawn from a
  generator seeded by the dimension only, so every scan and every collection
  with ``d``-dimensional embeddings uses the same hyperplanes.  The Hamming
  distance of two codes estimates their angle: ``E[H] = bits * angle / pi``.
* A code is mapped to a *representative*: the nearest code already kept
  within ``max_hamming`` = 28 bits (an angle of about 0.69 rad, cosine 0.77),
  found through 16 band tables of 8 bits (multi-index hashing: a kept code is
  a candidate when one of its bytes equals c's; with numpy, the distances to
  all kept codes are taken at once and the near ones tested for a shared
  byte, the same answer); otherwise the code becomes a new representative.
  A matched capture that lies more than 14 bits from what is kept is kept
  too, pointing to the same representative (single linkage), so a person's
  later captures can match it.  Measured on 128-d unit vectors: captures at
  cosine 0.95 from a person's base vector (about 0.90 between two captures,
  expected distance 18 bits) give 1.4 % more keys than people; captures at
  cosine 0.99, none; unrelated vectors lie 64 +- 6.7 bits apart (none within
  28 bits among a million pairs).  Real face models put two captures of one
  person at cosine 0.5-0.8: those are split, so people are over-counted,
  never merged.
* At most ``max_codes`` codes are kept (memory stays bounded); past that, a
  face that matches nothing keeps its own code as its key, which over-counts
  people (the assessor notes it).

The key is the representative's code, hashed with the scan's keyed hash like
any other person key.  Codes stay in memory; nothing derived from a face
leaves the process.  This counts distinct faces in a leak; it identifies no
one and matches no one against anything outside the store.
"""

from __future__ import annotations

import base64
import binascii
import math
import random
import struct
import threading
import weakref
from itertools import chain, compress, repeat
from operator import call, itemgetter, mul, neg
from typing import Any

from leakwarden.detect.values.media import decoded_vector

MIN_DIMS = 8
MAX_DIMS = 8192

BITS = 128
#: a code's bands are its bytes: 16 of 8 bits
BANDS = BITS // 8
MAX_HAMMING = 28
MAX_CODES = 20_000


_NUMBER_TYPES = frozenset({int, float})
_FLOAT_ONLY = frozenset({float})

_numpy: Any = None


def numpy_or_none() -> Any:
    """numpy when it is installed (imported on first use), else None: the pure-Python paths are used."""
    global _numpy
    if _numpy is None:
        try:
            import numpy
        except ImportError:  # pragma: no cover - numpy is a dependency
            numpy = False
        _numpy = numpy
    return _numpy or None


def to_vector(value: Any) -> list[float] | None:
    """An embedding as floats: a number array, a base64 float32 blob, or comma-separated text."""
    if isinstance(value, list):
        if MIN_DIMS <= len(value) <= MAX_DIMS:
            types = set(map(type, value))
            if types <= _FLOAT_ONLY:
                vec = list(value)
            elif types <= _NUMBER_TYPES or all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value):
                try:
                    vec = list(map(float, value))
                except OverflowError:
                    return None
            else:
                return None
            return vec if _usable(vec) else None
        return None
    if isinstance(value, str):
        s = value.strip()
        if "," in s and len(s) < 200_000:
            try:
                vec = list(map(float, s.strip("[]").split(",")))
            except ValueError:
                vec = []
            if MIN_DIMS <= len(vec) <= MAX_DIMS and _usable(vec):
                return vec
            return None
        raw = _float32_blob(s)
        if raw is None:
            return None
        vec = list(struct.unpack(f"<{len(raw) // 4}f", raw))
        return vec if _usable(vec) else None
    return None


def _float32_blob(s: str) -> bytes | None:
    """The bytes of a strict base64 blob of MIN_DIMS to MAX_DIMS float32 components, or None."""
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) % 4 or not MIN_DIMS <= len(raw) // 4 <= MAX_DIMS:
        return None
    return raw


def embedding(value: Any) -> Any:
    """Like :func:`to_vector`, as a numpy array when numpy is there (what :meth:`FaceKeyer.key` wants)."""
    np = numpy_or_none()
    if np is None:
        return to_vector(value)
    vec = decoded_vector(value)
    if vec is not None:
        # in a --full scan the hit counter's embedding detector has just decoded this
        # very value, to the array decoded below (it keeps only such decodings)
        return vec if _usable_array(np, vec) else None
    if isinstance(value, list):
        if not MIN_DIMS <= len(value) <= MAX_DIMS:
            return None
        types = set(map(type, value))
        if not types <= _NUMBER_TYPES:
            return to_vector(value)  # subclasses of numbers, or not numbers at all
        try:
            # (fromiter: the same float conversion per item as np.array, without its
            # dtype and shape discovery over the list)
            vec = np.fromiter(value, dtype=np.float64, count=len(value))
        except OverflowError:
            return None
    elif isinstance(value, str):
        s = value.strip()
        if "," in s:
            if len(s) >= 200_000:
                return to_vector(value)  # (read as base64 there: never a vector)
            # to_vector's parsing, its checks done by numpy below (not by _usable in Python)
            try:
                parts = list(map(float, s.strip("[]").split(",")))
            except ValueError:
                return None
            if not MIN_DIMS <= len(parts) <= MAX_DIMS:
                return None
            vec = np.array(parts, dtype=np.float64)
        else:
            raw = _float32_blob(s)
            if raw is None:
                return None
            with np.errstate(all="ignore"):  # signalling NaNs in arbitrary bytes
                vec = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    else:
        return None
    return vec if _usable_array(np, vec) else None


def _usable_array(np: Any, vec: Any) -> bool:
    """:func:`_usable` of a float64 array: every component finite and within 1e6 (the
    largest magnitude is NaN when a component is: one comparison), not the zero vector."""
    return bool(np.maximum.reduce(np.abs(vec)) <= 1e6) and bool(vec @ vec > 0.0)


def _usable(vec: list[float]) -> bool:
    """Every component finite and within 1e6, and not the zero vector (at C speed)."""
    s = sum(vec)
    if s != s:  # a NaN, or +inf and -inf
        return False
    if max(map(abs, vec)) > 1e6:  # an infinity too
        return False
    return sum(map(mul, vec, vec)) > 0.0


class SimHasher:
    """Sign of ``bits`` very sparse random projections of a ``dims``-dimensional vector."""

    def __init__(self, dims: int, bits: int = BITS):
        self.dims = dims
        self.bits = bits
        rng = random.Random(f"leakwarden/simhash/{dims}/{bits}")
        nnz = min(dims, max(16, round(2 * math.sqrt(dims))))
        planes: list[tuple[list[int], list[int]]] = []
        for _ in range(bits):
            idx = rng.sample(range(dims), nnz)
            signs = [rng.random() < 0.5 for _ in idx]
            pos = [i for i, up in zip(idx, signs) if up]
            neg = [i for i, up in zip(idx, signs) if not up]
            planes.append((pos, neg))
        np = numpy_or_none()
        if np is not None:
            # the planes as one dense +1/-1 matrix: a code is one matrix-vector product
            matrix = np.zeros((bits, dims), dtype=np.float64)
            for b, (pos, neg) in enumerate(planes):
                matrix[b, pos] = 1.0
                matrix[b, neg] = -1.0
            self._matrix = matrix
            self._np = np
        else:
            self._matrix = None
            # one getter per hyperplane over ``vec + [-x for x in vec]``: its +1
            # coordinates from the first half, its -1 coordinates from the second
            self._getters = tuple(_getter(pos + [i + dims for i in neg]) for pos, neg in planes)
            self._bit_values = tuple(1 << b for b in range(bits))

    def code(self, vec: Any) -> int:
        """The ``bits``-bit code of ``vec`` (a list of floats or a numpy array of ``dims``)."""
        if self._matrix is not None:
            np = self._np
            bits = (self._matrix @ np.asarray(vec, dtype=np.float64)) >= 0.0
            return int.from_bytes(np.packbits(bits, bitorder="little").tobytes(), "little")
        signed = list(vec) + list(map(neg, vec))
        sums = map(sum, map(call, self._getters, repeat(signed)))
        return sum(compress(self._bit_values, map(_ZERO.__le__, sums)))


_ZERO = 0.0
_LOW_64 = (1 << 64) - 1


def _getter(idx: list[int]) -> Any:
    if not idx:
        return lambda v: ()
    if len(idx) == 1:
        i = idx[0]
        return lambda v: (v[i],)
    return itemgetter(*idx)


class FaceKeyer:
    """Maps face embeddings of one dimension to representative codes (see module doc)."""

    def __init__(self, dims: int, *, max_hamming: int = MAX_HAMMING, max_codes: int = MAX_CODES):
        self.simhash = SimHasher(dims)
        self.max_hamming = max_hamming
        self.max_codes = max_codes
        self.reps = 0
        self.codes = 0
        self.overflowed = False
        self._rep_of: dict[int, int] = {}
        self._lock = threading.Lock()
        np = numpy_or_none()
        #: numpy with a popcount (2.0 and later): the nearest code is found by _nearest
        self._np: Any = np if np is not None and hasattr(np, "bitwise_count") else None
        # with numpy: the kept codes in the order kept, and as their low and high 64 bits
        # (the first self.codes items of each array; grown by doubling, to max_codes)
        self._kept: list[int] = []
        self._low: Any = None
        self._high: Any = None
        # without: band tables, band i's value -> the kept codes with that value there
        self._tables: list[dict[int, list[int]]] = []
        if self._np is not None:
            self._low = self._np.zeros(0, dtype=self._np.uint64)
            self._high = self._np.zeros(0, dtype=self._np.uint64)
        else:
            self._tables = [{} for _ in range(BANDS)]

    def key(self, vec: Any) -> int:
        c = self.simhash.code(vec)
        with self._lock:
            return self._lookup_or_add(c)

    def _lookup_or_add(self, c: int) -> int:
        # band i is bits 8i..8i+7 of the code: byte i of its little-endian form
        bands = c.to_bytes(BANDS, "little")
        rep = self._rep_of.get(c)
        if rep is not None and self.max_hamming >= 0:
            # kept already: c itself is the nearest kept code sharing a band (distance 0,
            # and no other code is c), and one at distance 0 is not kept again
            return rep
        if self._np is not None:
            best, best_d = self._nearest(c)
        else:
            best, best_d = self._nearest_in_tables(c, bands)
        if best >= 0:
            rep = self._rep_of[best]
            if best_d > self.max_hamming // 2 and self.codes < self.max_codes:
                # keep a capture far from the known ones too: later captures of
                # the same face may be nearer to it (single linkage)
                self._store(c, bands, rep)
            return rep
        if self.codes < self.max_codes:
            self._store(c, bands, c)
            self.reps += 1
        else:
            self.overflowed = True
        return c

    def _nearest(self, c: int) -> tuple[int, int]:
        """The nearest kept code sharing a band with ``c`` within ``max_hamming`` (ties: the
        smallest), and its distance; ``(-1, max_hamming + 1)`` when there is none.

        With numpy: the distances to every kept code at once (a popcount of each 64-bit
        half), then the band test for the few codes near enough.  The same answer as
        :meth:`_nearest_in_tables`, which measures the codes sharing a band and keeps the
        near ones: both pick the minimum over the codes sharing a band and near enough.
        """
        np = self._np
        n = self.codes
        best, best_d = -1, self.max_hamming + 1
        if not n or self.max_hamming < 0:
            return best, best_d
        d = np.bitwise_count(self._low[:n] ^ np.uint64(c & _LOW_64))
        d += np.bitwise_count(self._high[:n] ^ np.uint64(c >> 64))  # at most 128: no overflow of uint8
        kept = self._kept
        for i in np.flatnonzero(d <= min(self.max_hamming, BITS)).tolist():
            x = kept[i]
            diff = c ^ x
            if 0 in diff.to_bytes(BANDS, "little"):  # a band (byte) where they agree
                dist = diff.bit_count()
                if dist < best_d or (dist == best_d and x < best):
                    best, best_d = x, dist
        return best, best_d

    def _nearest_in_tables(self, c: int, bands: bytes) -> tuple[int, int]:
        """:meth:`_nearest` through the band tables (no numpy)."""
        # codes sharing a band with c; one sharing several bands comes several times,
        # which changes neither the nearest distance nor the smallest code at it
        candidates = list(chain.from_iterable(map(dict.get, self._tables, bands, repeat(()))))
        best = -1
        best_d = self.max_hamming + 1
        if candidates:
            # the nearest kept code (ties: the smallest); a comprehension (specialised
            # xor) beats map over the bound c.__xor__, whose every call is a slot wrapper
            dists = [(c ^ x).bit_count() for x in candidates]
            best_d = min(dists)
            if best_d <= self.max_hamming:
                best = candidates[dists.index(best_d)]
                ties = dists.count(best_d)
                if ties > 1 and ties != candidates.count(best):  # another code as near
                    best = min(compress(candidates, map(best_d.__eq__, dists)))
        return best, best_d

    def _store(self, c: int, bands: bytes, rep: int) -> None:
        if c in self._rep_of:
            return
        self._rep_of[c] = rep
        np = self._np
        if np is not None:
            i = self.codes
            if i == len(self._low):
                size = min(max(64, 2 * i), max(self.max_codes, i + 1))
                self._low = np.concatenate((self._low, np.zeros(size - i, dtype=np.uint64)))
                self._high = np.concatenate((self._high, np.zeros(size - i, dtype=np.uint64)))
            self._kept.append(c)
            self._low[i] = c & _LOW_64
            self._high[i] = c >> 64
            self.codes += 1
            return
        for table, band in zip(self._tables, bands):
            kept = table.get(band)
            if kept is None:
                table[band] = [c]
            else:
                kept.append(c)
        self.codes += 1


# One set of representatives per scan (per Hasher) and dimension, shared by
# every collection of the scan, so the same face links two collections.
_KEYERS: weakref.WeakKeyDictionary[Any, dict[int, FaceKeyer]] = weakref.WeakKeyDictionary()
_KEYERS_LOCK = threading.Lock()


def keyer_for(owner: Any, dims: int) -> FaceKeyer:
    with _KEYERS_LOCK:
        per_owner = _KEYERS.setdefault(owner, {})
        keyer = per_owner.get(dims)
        if keyer is None:
            keyer = per_owner[dims] = FaceKeyer(dims)
        return keyer


def code_bytes(code: int) -> bytes:
    return b"face\x1f" + code.to_bytes(BITS // 8, "big")
