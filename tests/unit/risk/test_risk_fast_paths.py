"""The assessor's fast paths give what the plain definitions give, to the bit.

Each shortcut of the per-record path (prefix-hashed HMAC, the HyperLogLog
caught up from an exact sample, the face band lookup, memos of repeated
values, places skipped for persons already seen moving, normaliser fast
paths) is checked against the straightforward computation it replaces.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import random
import re
import struct
from itertools import compress
from typing import Any

import numpy as np
import pytest

from leakwarden.privacy import Hasher
from leakwarden.profile import FieldStats
from leakwarden.risk import assess, faces, keys
from leakwarden.risk.hll import HyperLogLog, mix64
from leakwarden.risk.people import KeySketch, PersonTracker
from risk_fixtures import KEY, assessor, finding, hasher, noisy, sample_of, unit

_ALPHABET = [" ", "\x1f", "\t", "\n", "a", "Z", "ß", "İ", "Σ", "ς", "\ud800", "\u3000", "\x85", "1", ".", "ﬁ", "٣"]


def _texts(rng: random.Random, n: int, longest: int = 8) -> list[str]:
    return ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, longest))) for _ in range(n)]


# -- keyed hashes ---------------------------------------------------------------------------


@pytest.mark.parametrize("key_len", [0, 1, 32, 64, 65, 200])
def test_digest_is_hmac_sha256(key_len: int) -> None:
    key = bytes(range(key_len % 256)) * (key_len // 256 + 1)
    key = key[:key_len]
    h = Hasher(key)
    for value in ["Alice ", "alice", "", b"raw bytes", 12345, 1.5, None, "\ud800x"]:
        canonical = value if isinstance(value, bytes) else (
            value.strip().casefold() if isinstance(value, str) else repr(value)
        )
        data = canonical if isinstance(canonical, bytes) else canonical.encode("utf-8", "surrogatepass")
        assert h.digest(value) == hmac.new(key, data, hashlib.sha256).digest()


@pytest.mark.parametrize("prefix", ["person.phone\x1f", " lead\x1f", "", "\x1f", "Σ\x1f", "x "])
def test_int64_after_is_int64_of_the_whole_text(prefix: str) -> None:
    h = Hasher(KEY)
    int64_of = h.int64_after(prefix)
    for s in _texts(random.Random(len(prefix)), 3000):
        assert int64_of(s) == h.int64(prefix + s), repr(s)


# -- HyperLogLog left behind while the sample is exact -----------------------------------


def _eager_registers(hashes: list[int]) -> bytes:
    hll = HyperLogLog(14)
    for x in hashes:
        hll.add(x)
    return bytes(hll.registers)


@pytest.mark.parametrize("read_while_exact", [False, True])
def test_key_sketch_hll_is_every_hash_added(read_while_exact: bool) -> None:
    rng = random.Random(3)
    hashes = [rng.getrandbits(64) for _ in range(3000)]
    hashes += hashes[:500]  # repeated keys
    sketch = KeySketch("person.phone", ("phone",), cap=1000)
    for i, x in enumerate(hashes):
        sketch.add(x)
        if read_while_exact and i == 400:
            assert sketch.exact and bytes(sketch.hll.registers) == _eager_registers(hashes[:401])
    assert not sketch.exact  # the sample shrank: the HyperLogLog had to catch up first
    assert bytes(sketch.hll.registers) == _eager_registers(hashes)
    assert sketch.values == len(hashes)
    assert set(sketch.sample.items) == {s for s in map(mix64, hashes) if s < sketch.sample.threshold}


def test_person_tracker_hll_is_every_person_observed() -> None:
    rng = random.Random(4)
    persons = [rng.getrandbits(64) for _ in range(2500)]
    seen = [rng.choice(persons) for _ in range(6000)]
    tracker = PersonTracker("person.phone", ("phone",), cap=800)
    for x in seen:
        tracker.observe(x, [], [])
    assert not tracker.exact
    assert bytes(tracker.hll.registers) == _eager_registers(seen)

    small = PersonTracker("person.phone", ("phone",), cap=800)
    for x in seen[:300]:
        small.observe(x, [], [])
    assert small.exact and bytes(small.hll.registers) == _eager_registers(seen[:300])


# -- faces ---------------------------------------------------------------------------------


class _ReferenceKeyer(faces.FaceKeyer):
    """The band lookup as documented, without shortcuts: the nearest kept code sharing a band."""

    def _lookup_or_add(self, c: int) -> int:
        bands = [(c >> (8 * i)) & 0xFF for i in range(faces.BANDS)]
        candidates = sorted(
            x for x in self._rep_of if any(((x >> (8 * i)) & 0xFF) == b for i, b in enumerate(bands))
        )
        best, best_d = -1, self.max_hamming + 1
        if candidates:
            dists = [(c ^ x).bit_count() for x in candidates]
            best_d = min(dists)
            if best_d <= self.max_hamming:
                best = min(compress(candidates, [d == best_d for d in dists]))
        if best >= 0:
            rep = self._rep_of[best]
            if best_d > self.max_hamming // 2 and self.codes < self.max_codes:
                self._store(c, c.to_bytes(faces.BANDS, "little"), rep)
            return rep
        if self.codes < self.max_codes:
            self._store(c, c.to_bytes(faces.BANDS, "little"), c)
            self.reps += 1
        else:
            self.overflowed = True
        return c


def test_face_lookup_as_documented() -> None:
    rng = random.Random(5)
    people = [rng.getrandbits(128) for _ in range(300)]
    codes = []
    for _ in range(4000):
        c = rng.choice(people)
        for bit in rng.sample(range(128), rng.randint(0, 34)):
            c ^= 1 << bit
        codes.append(c)
    codes += codes[:50]  # exact repeats
    fast, slow = faces.FaceKeyer(8, max_codes=2500), _ReferenceKeyer(8, max_codes=2500)
    assert [fast._lookup_or_add(c) for c in codes] == [slow._lookup_or_add(c) for c in codes]
    assert (fast.codes, fast.reps, fast.overflowed) == (slow.codes, slow.reps, slow.overflowed)


def test_face_ties_go_to_the_smallest_code() -> None:
    keyer = faces.FaceKeyer(8)
    a, b = 0b1011 << 100, 0b0111 << 100  # 2 bits apart; each 1 bit from c below
    assert keyer._lookup_or_add(a) == a
    assert keyer._lookup_or_add(b) == a  # within 14 bits of a: a's person, not kept
    keyer = faces.FaceKeyer(8)
    keyer._store(b, b.to_bytes(16, "little"), b)
    keyer._store(a, a.to_bytes(16, "little"), a)
    c = 0b0011 << 100
    assert keyer._lookup_or_add(c) == min(a, b)


def _vector_forms(rng: random.Random) -> list[Any]:
    out: list[Any] = []
    for _ in range(300):
        n = rng.choice([4, 8, 16, 128])
        v = [rng.gauss(0, 1) * rng.choice([1, 1e5, 1e7, 1e-200]) for _ in range(n)]
        r = rng.random()
        if r < 0.1:
            v[rng.randrange(n)] = float("nan")
        elif r < 0.2:
            v[rng.randrange(n)] = rng.choice([math.inf, -math.inf])
        elif r < 0.3:
            v = [0.0] * n
        elif r < 0.4:
            v[0] = 1e6
        out.append(v)
        out.append([True] + v[1:])
        out.append(",".join(map(repr, v)))
        try:
            out.append(base64.b64encode(struct.pack(f"<{n}f", *v)).decode())
        except OverflowError:
            pass
    return out


def test_embedding_is_to_vector_as_an_array() -> None:
    for value in _vector_forms(random.Random(6)):
        plain, fast = faces.to_vector(value), faces.embedding(value)
        assert (plain is None) == (fast is None), repr(value)[:60]
        if plain is not None:
            assert np.array_equal(np.asarray(plain, dtype=np.float64), np.asarray(fast, dtype=np.float64))


# -- normalisers ---------------------------------------------------------------------------


def test_normaliser_fast_paths_match_the_patterns() -> None:
    rng = random.Random(7)
    alphabet = list("0123456789abcXYZ -./_:+()ß\u3000\t") + ["\u0660", "\U0001d7ce", "²", "Ⅻ", "٣"]
    separators, non_digits = re.compile(r"[\s\-./_:]+"), re.compile(r"\D+")
    for _ in range(20000):
        v = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        s = v.strip()
        gov = separators.sub("", s).upper()
        assert keys.norm_government_id(v) == (gov if s and len(gov) >= 4 else None)
        digits = non_digits.sub("", s)
        assert keys.norm_phone(v) == (digits[-9:] if s and len(digits) >= 6 else None)
        assert keys.norm_digits(v) == (digits if s and len(digits) >= 8 else None)


def test_constant_key_field_check_is_distinct_ratio() -> None:
    rng = random.Random(8)
    a = assessor("p", [{"phone": "13800138000"}], [finding("phone", "person.phone")])
    shapes: list[Any] = ["x", 1, 1.0, True, None, [1, 2], {"a": 1}, [{"a": [1]}], "y"]
    for _ in range(300):
        fs = FieldStats(path="phone")
        fs.values = [rng.choice(shapes[: rng.randint(1, len(shapes))]) for _ in range(rng.randint(20, 60))]
        a.sample.fields["phone"] = fs
        assert a._usable_key_field("phone") == (fs.distinct_ratio * len(fs.values) > 1)


# -- the assessor with and without its memos and skips ------------------------------------


def _state(a: assess.CollectionAssessor) -> Any:
    sketches = {c: (s.values, s.short_numbers, bytes(s.hll.registers), sorted(s.sample.items.items()))
                for c, s in a.sketches.items()}
    t = a.tracker
    tracked = (t.values, bytes(t.hll.registers), sorted(t.sample.items.items())) if t else None
    return sketches, tracked, a._age_records, a._minor_records, a._face_overflow


def _people_docs(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    base = unit([rng.gauss(0, 1) for _ in range(16)])
    sites = [{"lat": 39.9 + i / 100, "lon": 116.4} for i in range(5)]
    docs = []
    for i in range(n):
        p = rng.randrange(n // 4) if i % 2 else 10_000 + i  # half the persons recur, half do not
        docs.append({
            "sfzh": f"1101011990{p:08d}",
            "phone": [f"+86 138 {p:08d}", f"13{rng.randrange(10**9):09d}"],
            "name": f"Person {p}", "born": f"19{p % 90 + 10}-0{p % 9 + 1}-1{p % 9}",
            "plate": f"京A{p % 977:05d}", "id": p % 5000,
            "where": rng.choice(sites), "site": f"Gate {p % 3}", "geo": "wx4g0b" + "0123456789"[p % 10],
            "when": "2019-06-01T08:00:00Z",
            "face": noisy(base, 0.97, rng) if i % 3 else [str(i)] * 16,
        })
    return docs


_FINDINGS = [
    finding("sfzh", "person.government_id"), finding("phone", "person.phone"),
    finding("name", "person.name"), finding("born", "person.birthdate"),
    finding("plate", "person.vehicle_plate"), finding("id", "person.internal_id"),
    finding("where", "location.coordinates"), finding("geo", "location.coordinates"),
    finding("site", "location.place"), finding("when", "time.timestamp"),
    finding("face", "biometric.face_embedding"),
]


def test_memos_and_skipped_places_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _people_docs(3000, 9)
    fast = assessor("people", docs, _FINDINGS)
    assert fast.tracker is not None and fast._track_places

    # the plain path: no memo, every value computed; places read for every sighting
    def no_memo(self: assess._Memo) -> None:
        self.table, self.reused = None, 0

    monkeypatch.setattr(assess._Memo, "__init__", no_memo)
    monkeypatch.setattr(PersonTracker, "places_matter", lambda self, h: mix64(h) < self.sample.threshold)
    plain = assessor("people", docs, _FINDINGS)
    assert _state(fast) == _state(plain)
    assert fast.result().model_dump() == plain.result().model_dump()


def test_memo_is_bounded_and_given_up_when_values_do_not_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assess, "KEY_MEMO_CAP", 64)
    monkeypatch.setattr(assess, "KEY_MEMO_TRIAL", 16)
    repeating, unique = assess._Memo(), assess._Memo()
    for i in range(1000):
        repeating.of_text(f"v{i // 3}", str.upper)  # each value thrice: emptied when full, kept
        unique.of_text(f"u{i}", str.upper)
        assert repeating.table is not None and len(repeating.table) < 64
    assert unique.table is None  # no repeat among its first 16 values
    assert repeating.of_text("v1", str.upper) == "V1" and unique.of_text("u1", str.upper) == "U1"
    repeating.drop()
    assert repeating.table is None and repeating.of_text("v1", str.upper) == "V1"


def test_assessor_memos_are_dropped() -> None:
    a = assessor("people", _people_docs(200, 10), _FINDINGS)
    a.drop_caches()
    memos = [kf.memo for kf in a._key_fields] + [a._date_memo, a._place_memo, a._point_memo]
    assert all(m.table is None for m in memos)
    before = _state(a)
    a.update(sample_of("x", [{"sfzh": "110101199000000001"}]).records[0])  # still works, unremembered
    assert _state(a) != before
    assert hasher().int64("x") == Hasher(KEY).int64("x")
