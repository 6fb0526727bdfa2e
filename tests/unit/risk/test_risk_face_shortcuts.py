"""Face keying shortcuts give what the plain computation gives, to the bit.

* The embedding detectors remember their last few decodings, and
  ``faces.embedding`` reuses one for the same value object instead of decoding
  it again: checked against ``faces.embedding`` with nothing remembered, on
  embeddings and junk alike, and on lists changed in place after the decoding.
* ``FaceKeyer`` finds the nearest kept code with numpy popcounts over every
  kept code: checked against the band tables (the path without numpy).
"""

from __future__ import annotations

import base64
import math
import random
import struct
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from leakwarden.detect.values import media
from leakwarden.risk import faces

DETECTORS = (media.FloatArrayDetector(), media.FloatTextDetector(), media.Float32Base64Detector())


@pytest.fixture(autouse=True)
def _nothing_remembered() -> Iterator[None]:
    media.forget_decoded()
    yield
    media.forget_decoded()


def _plain(value: Any) -> Any:
    """``faces.embedding`` with no decoding remembered."""
    media.forget_decoded()
    return faces.embedding(value)


def _same(a: Any, b: Any) -> bool:
    """The same result, to the bit (-0.0 and NaN payloads included)."""
    if a is None or b is None:
        return a is None and b is None
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and a.tobytes() == b.tobytes()


def _checked_then_keyed(value: Any) -> Any:
    """What the scan does: the counter's detectors check the value, then the assessor decodes it."""
    media.forget_decoded()
    for det in DETECTORS:
        det.match(value)
    return faces.embedding(value)


def _embedding(rng: random.Random, n: int) -> list[float]:
    return [rng.gauss(0.0, 0.1) for _ in range(n)]


def _b64(xs: list[float], fmt: str = "<%df") -> str:
    return base64.b64encode(struct.pack(fmt % len(xs), *xs)).decode()


def _values(rng: random.Random) -> list[Any]:
    out: list[Any] = []
    for n in (8, 63, 64, 65, 128, 512, 2048, 2049):
        xs = _embedding(rng, n)
        out += [xs, ",".join(map(repr, xs)), "[" + ",".join(f"{x:.6f}" for x in xs) + "]", _b64(xs)]
        out += [", ".join(map(repr, xs)), " ".join(map(repr, xs)), ";".join(map(repr, xs))]  # not plain
        out += [" " + ",".join(map(repr, xs)) + "\n", " " + _b64(xs) + " "]
        out += [_b64(xs, ">%df"), _b64(xs).replace("+", "-").replace("/", "_"), _b64(xs).rstrip("=")]
    for _ in range(60):
        n = rng.choice([64, 128, 512])
        xs = _embedding(rng, n)
        r = rng.random()
        if r < 0.1:
            xs[rng.randrange(n)] = math.nan
        elif r < 0.2:
            xs[rng.randrange(n)] = rng.choice([math.inf, -math.inf])
        elif r < 0.3:
            xs[rng.randrange(n)] = rng.choice([0.0, -0.0])
        elif r < 0.4:
            xs = [0.0] * n
        elif r < 0.5:
            xs[rng.randrange(n)] = rng.choice([1e6, 2e6, 999.0, 1001.0])
        elif r < 0.6:
            xs = [x * 1e-200 for x in xs]
        elif r < 0.7:
            xs = [float(round(x * 100)) for x in xs]  # integers: not embedding-like
        out.append(xs)
        out.append([True] + xs[1:])
        out.append([1] + xs[1:])
        out.append([2**2000] + xs[1:])
        out.append([Decimal("0.5")] + xs[1:])
        out.append([np.float64(xs[0])] + xs[1:])
        out.append(["0.5"] + xs[1:])
        out.append(",".join(map(repr, xs)))
        try:
            blob = struct.pack(f"<{n}f", *xs)
        except OverflowError:
            continue
        out.append(base64.b64encode(blob).decode())
        raw = bytearray(blob)
        raw[rng.randrange(n) * 4: rng.randrange(n) * 4 + 4] = b"\xff\xff\xff\x7f"  # a NaN
        out.append(base64.b64encode(bytes(raw)).decode())
    out += ["", "[]", "1,2,3", "not base64!" * 40, "A" * 343, "A" * 344, "=" * 400, "1e999," * 70 + "1", None, 3.5]
    out += [[0.1] * 100, [], [[0.1]] * 64]
    return out


def test_decoded_once_is_decoded_as_faces_would() -> None:
    remembered = 0
    for value in _values(random.Random(11)):
        plain = _plain(value)
        shared = _checked_then_keyed(value)
        assert _same(plain, shared), repr(value)[:80]
        remembered += media.decoded_vector(value) is not None
    assert remembered > 100  # the shortcut is taken


def test_only_faces_decodings_are_remembered() -> None:
    rng = random.Random(12)
    xs = _embedding(rng, 128)
    for value in (xs, ",".join(map(repr, xs)), _b64(xs)):
        _checked_then_keyed(value)
        assert media.decoded_vector(value) is not None
    for value in (
        ", ".join(map(repr, xs)),  # faces splits at "," only: another layout, not shared
        _b64(xs, ">%df"),  # faces reads little-endian only
        _b64(xs).replace("+", "-").replace("/", "_"),  # faces decodes the standard alphabet only
        _b64(xs[:127]).rstrip("="),  # padding added by the detector, not by faces
        [0.0] + xs[1:],  # a zero: -0.0 would compare equal
        [1] + xs[1:],  # not all floats
    ):
        _checked_then_keyed(value)
        assert media.decoded_vector(value) is None, repr(value)[:80]


def test_an_equal_value_that_is_another_object_is_not_answered_for() -> None:
    xs = _embedding(random.Random(13), 128)
    text = ",".join(map(repr, xs))
    _checked_then_keyed(text)
    copy = "".join(list(text))
    assert copy == text and copy is not text
    assert media.decoded_vector(copy) is None
    assert media.decoded_vector(list(xs)) is None
    assert _same(faces.embedding(copy), _plain(text))


def test_a_list_changed_in_place_is_decoded_again() -> None:
    rng = random.Random(14)
    changes: list[Any] = [
        lambda v: v.__setitem__(3, v[3] + 1.0),
        lambda v: v.__setitem__(3, math.nan),
        lambda v: v.__setitem__(-1, math.inf),
        lambda v: v.__setitem__(0, 0.0),
        lambda v: v.append(0.25),
        lambda v: v.pop(),
        lambda v: v.reverse(),
        lambda v: v.__setitem__(slice(None), [0.0] * len(v)),
    ]
    for change in changes:
        xs = _embedding(rng, 256)
        faces_value = list(xs)
        _checked_then_keyed(faces_value)
        assert media.decoded_vector(faces_value) is not None
        change(faces_value)
        assert _same(faces.embedding(faces_value), _plain(list(faces_value)))


@pytest.mark.parametrize(
    "replacement",
    [
        lambda x: float(repr(x)),  # an equal float, another object: the same bits
        lambda x: x + 0.0,
        lambda x: np.float64(x),  # equal, a float subclass
        lambda x: Decimal(x),  # equal, not a number faces takes
        lambda x: complex(x, 0.0),
        lambda x: True,  # equal to 1.0 below
        lambda x: 1,
    ],
)
def test_an_item_replaced_by_an_equal_object(replacement: Any) -> None:
    xs = _embedding(random.Random(15), 128)
    xs[7] = 1.0
    for i in (0, 7):
        value = list(xs)
        _checked_then_keyed(value)
        value[i] = replacement(value[i])
        if value[i] != xs[i]:
            continue
        assert _same(faces.embedding(value), _plain(list(value))), (i, value[i])


def test_a_remembered_array_is_read_only_and_the_memory_bounded() -> None:
    rng = random.Random(16)
    values = [_embedding(rng, 64) for _ in range(media.DECODED_CAP + 5)]
    for v in values:
        media.FloatArrayDetector().match(v)
    assert len(media._decoded) == media.DECODED_CAP
    assert media.decoded_vector(values[0]) is None  # the oldest went first
    vec = media.decoded_vector(values[-1])
    assert vec is not None
    with pytest.raises(ValueError):
        vec[0] = 1.0


def test_face_keys_with_and_without_the_shortcut() -> None:
    rng = random.Random(17)
    people = [_embedding(rng, 128) for _ in range(40)]
    values: list[Any] = []
    for _ in range(600):
        base = rng.choice(people)
        xs = [x + rng.gauss(0.0, 0.02) for x in base]
        values.append(rng.choice([xs, ",".join(map(repr, xs)), _b64(xs)]))
    plain_keyer, fast_keyer = faces.FaceKeyer(128), faces.FaceKeyer(128)
    plain = [plain_keyer.key(_plain(v)) for v in values]
    fast = [fast_keyer.key(_checked_then_keyed(v)) for v in values]
    assert plain == fast


# -- the nearest kept code -------------------------------------------------------------------


class _ReferenceKeyer(faces.FaceKeyer):
    """The lookup as documented, no shortcut: the nearest kept code sharing a band (ties: the smallest)."""

    def _lookup_or_add(self, c: int) -> int:
        bands = c.to_bytes(faces.BANDS, "little")
        sharing = [x for x in self._rep_of if any(map(int.__eq__, x.to_bytes(faces.BANDS, "little"), bands))]
        near = [((c ^ x).bit_count(), x) for x in sharing if (c ^ x).bit_count() <= self.max_hamming]
        if near:
            best_d, best = min(near)
            if best_d > self.max_hamming // 2 and self.codes < self.max_codes:
                self._store(c, bands, self._rep_of[best])
            return self._rep_of[best]
        if self.codes < self.max_codes:
            self._store(c, bands, c)
            self.reps += 1
        else:
            self.overflowed = True
        return c


def _clustered_codes(rng: random.Random, people: int, n: int, spread: int) -> list[int]:
    bases = [rng.getrandbits(128) for _ in range(people)]
    codes = []
    for _ in range(n):
        c = rng.choice(bases)
        for bit in rng.sample(range(128), rng.randint(0, spread)):
            c ^= 1 << bit
        codes.append(c)
    codes += codes[: n // 10]  # exact repeats
    rng.shuffle(codes)
    return codes


def _keyer_without_numpy(monkeypatch: pytest.MonkeyPatch, **kw: Any) -> faces.FaceKeyer:
    with monkeypatch.context() as m:
        m.setattr(faces, "numpy_or_none", lambda: None)
        keyer = faces.FaceKeyer(8, **kw)
    assert keyer._np is None and len(keyer._tables) == faces.BANDS
    return keyer


@pytest.mark.parametrize("max_hamming", [-1, 0, 1, 7, 14, 28, 40, 64, 127, 128, 200])
def test_nearest_by_popcount_or_band_tables_is_as_documented(monkeypatch: pytest.MonkeyPatch, max_hamming: int) -> None:
    rng = random.Random(max_hamming + 100)
    codes = _clustered_codes(rng, 100, 900 if max_hamming < 100 else 300, 40)
    codes += [0, (1 << 128) - 1, 1, 1 << 127, (1 << 64) - 1, 1 << 64, 0, 1 << 127]
    reference = _ReferenceKeyer(8, max_hamming=max_hamming, max_codes=600)
    expected = [reference._lookup_or_add(c) for c in codes]
    with_numpy = faces.FaceKeyer(8, max_hamming=max_hamming, max_codes=600)
    without = _keyer_without_numpy(monkeypatch, max_hamming=max_hamming, max_codes=600)
    assert with_numpy._np is not None
    for keyer in (with_numpy, without):
        assert [keyer._lookup_or_add(c) for c in codes] == expected
        assert (keyer.codes, keyer.reps, keyer.overflowed) == (reference.codes, reference.reps, reference.overflowed)
        assert keyer._rep_of == reference._rep_of


def test_nearest_ties_and_stored_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = 0b1011 << 100, 0b0111 << 100, 0b0011 << 100
    for keyer in (faces.FaceKeyer(8), _keyer_without_numpy(monkeypatch)):
        keyer._store(b, b.to_bytes(16, "little"), b)
        keyer._store(a, a.to_bytes(16, "little"), a)
        keyer._store(a, a.to_bytes(16, "little"), b)  # kept once
        assert keyer.codes == 2
        assert keyer._lookup_or_add(c) == min(a, b)
        assert keyer._lookup_or_add(b) == b


def test_codes_grow_past_the_first_arrays() -> None:
    rng = random.Random(18)
    keyer = faces.FaceKeyer(8, max_codes=300)
    codes = [rng.getrandbits(128) for _ in range(400)]
    assert [keyer._lookup_or_add(c) for c in codes] == codes  # unrelated: each its own
    assert keyer.codes == 300 and keyer.overflowed and len(keyer._low) == 300
    assert keyer._kept == codes[:300]
    assert [int(lo) | int(hi) << 64 for lo, hi in zip(keyer._low, keyer._high)] == codes[:300]
    for bad in (-1, 1 << 128):
        with pytest.raises(OverflowError):
            keyer._lookup_or_add(bad)
