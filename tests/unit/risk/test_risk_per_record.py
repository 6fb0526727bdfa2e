"""Shortcuts of the assessor's per-record work and set-up give what the plain definitions give.

Companion of ``test_risk_fast_paths.py``: the one-word path of ``norm_name``,
the short-number flag asked only while it can change, the youngest age of a
record found without a list, embeddings read straight into numpy (number
lists by ``fromiter``, comma-separated texts), the quasi-identifier memo of
k-anonymity, ``one_to_one`` by counting distinct pairs, and the sampled key
columns are each compared with the computation they replace.
"""

from __future__ import annotations

import math
import random
import re
from datetime import datetime, timezone
from typing import Any

import numpy as np

from leakwarden.risk import assess, faces, keys
from risk_fixtures import assessor, finding

_PUNCT = re.compile(r"[^\w\s]+")


def _plain_norm_name(v: Any) -> str | None:
    s = keys._text(v)
    if s is None:
        return None
    s = " ".join(_PUNCT.sub(" ", s.casefold()).split())
    return s or None


def test_norm_name_one_word_path_is_the_pattern() -> None:
    # every code point of the basic plane alone, then mixed texts
    for cp in range(0x10000):
        c = chr(cp)
        assert keys.norm_name(c) == _plain_norm_name(c), hex(cp)
        assert keys.norm_name(f"A{c}b") == _plain_norm_name(f"A{c}b"), hex(cp)
    rng = random.Random(11)
    alphabet = list("aZ09_ -.,'") + ["ß", "İ", "ﬁ", "Σ", "ς", "张", "\u0301", "\u3000", "\xa0", "٣", "²", "Ⅻ", "\U0001d7ce", "\ud800"]
    for _ in range(30000):
        v = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert keys.norm_name(v) == _plain_norm_name(v), repr(v)
    for v in [None, 12, 1.0, 2.5, True, [], {}]:
        assert keys.norm_name(v) == _plain_norm_name(v)


def test_short_numbers_is_every_value_a_short_number() -> None:
    rng = random.Random(12)
    for trial in range(40):
        ids: list[Any] = [rng.choice([str(rng.randrange(10**7)), rng.randrange(10**7), f" {rng.randrange(999)} "])
                          for _ in range(rng.randint(25, 80))]
        if trial % 2:  # one long or lettered id somewhere (not always: then every value is short)
            ids[rng.randrange(len(ids))] = rng.choice(["12345678", "A-17", 123456789, "x"])
        if trial % 4 == 1:
            ids = [ids[rng.randrange(3)] for _ in ids]  # repeated: the memo answers
        docs = [{"uid": v, "n": i} for i, v in enumerate(ids)]
        a = assessor("ids", docs, [finding("uid", "person.internal_id")])
        norms = [keys.norm_internal_id(v) for v in ids]
        expected = all(keys.is_short_number(n) for n in norms if n is not None)
        assert a.sketches["person.internal_id"].short_numbers == expected, ids


def _plain_minor_counts(a: assess.CollectionAssessor, records: list[dict[str, list[Any]]]) -> tuple[int, int]:
    age_records = minor_records = 0
    for flat in records:
        if age_records >= 20_000:
            break
        ages: list[float] = []
        for path, kind in a._age_paths:
            values = flat.get(path)
            if not values:
                continue
            if kind == "age":
                try:
                    ages.append(float(values[0]))
                except (TypeError, ValueError):
                    continue
            else:
                d = keys.norm_date(values[0])
                if d and len(d) == 8 and d.isdigit():
                    ages.append(a._this_year - int(d[:4]))
        if ages:
            age_records += 1
            if min(ages) < assess.MINOR_AGE and min(ages) >= 0:
                minor_records += 1
    return age_records, minor_records


def test_youngest_age_is_min_of_the_ages() -> None:
    rng = random.Random(13)
    year = datetime.now(timezone.utc).year
    ages: list[Any] = [5, 13, 14, 40, -3, "7", "nan", "NaN", "inf", "-inf", None, "x", 13.9, True, [], float("nan")]
    births: list[Any] = [f"{year - 10}-01-02", f"{year - 30}0304", f"{year + 2}-05-06", "1990", "bogus", None,
                         19850312, f"{year - 14}-12-31", ""]
    docs = []
    for _ in range(3000):
        doc: dict[str, Any] = {"phone": f"138{rng.randrange(10**8):08d}"}
        for field, pool in (("age", ages), ("age2", ages), ("born", births), ("dob", births)):
            if rng.random() < 0.7:
                doc[field] = rng.choice(pool)
        docs.append(doc)
    # (a direct identifier: no k-anonymity; test_risk_kanon has ages with k-anonymity on)
    a = assessor("ages", docs, [finding("phone", "person.phone"), finding("age", "person.age"), finding("age2", "person.age"),
                                finding("born", "person.birthdate"), finding("dob", "person.birthdate")])
    assert len(a._age_paths) == 4
    expected = _plain_minor_counts(a, a.sample.records)
    assert (a._age_records, a._minor_records) == expected
    assert expected[1] > 0 and expected[0] > expected[1]


def test_comma_separated_embedding_is_to_vector_as_an_array() -> None:
    rng = random.Random(14)
    forms: list[str] = []
    for _ in range(400):
        n = rng.choice([4, 7, 8, 9, 64, 128, 9000])
        v = [rng.gauss(0, 1) * rng.choice([1, 1e5, 1e7, 1e-200]) for _ in range(n)]
        r = rng.random()
        if r < 0.1:
            v[rng.randrange(n)] = math.nan
        elif r < 0.2:
            v[rng.randrange(n)] = rng.choice([math.inf, -math.inf])
        elif r < 0.3:
            v = [0.0] * n
        text = rng.choice([",", ", ", " ,"]).join(map(repr, v))
        r = rng.random()
        if r < 0.2:
            text = f"[{text}]"
        elif r < 0.3:
            text = f"  {text}\n"
        elif r < 0.35:
            text = text.replace(",", ",x", 1)
        elif r < 0.4:
            text = text + ","
        elif r < 0.45:
            text = text.replace("0", "٠")  # digits float() reads
        forms.append(text)
    forms += [",", "1,2", "[1,2,3,4,5,6,7,8]", "1_0,2,3,4,5,6,7,8", "1," * 70_000 + "1", "nan," * 8]
    for value in forms:
        plain, fast = faces.to_vector(value), faces.embedding(value)
        assert (plain is None) == (fast is None), value[:60]
        if plain is not None:
            assert isinstance(fast, np.ndarray)
            assert np.array_equal(np.asarray(plain, dtype=np.float64), fast)


def test_number_list_embedding_is_to_vector_as_an_array() -> None:
    rng = random.Random(15)
    pool: list[Any] = [0, 1, -7, 2**53 + 1, 2**63, -(2**63) - 1, 10**20, 10**400, 0.5, -0.0, 1e-200, 3e6, math.nan]
    for _ in range(3000):
        n = rng.choice([7, 8, 16, 128])
        value = [rng.gauss(0, 1) if rng.random() < 0.5 else rng.choice(pool) for _ in range(n)]
        plain, fast = faces.to_vector(value), faces.embedding(value)
        assert (plain is None) == (fast is None), value
        if plain is not None:
            assert np.asarray(plain, dtype=np.float64).tobytes() == fast.tobytes()


def test_quasi_identifier_memo_changes_no_group(monkeypatch: Any) -> None:
    from leakwarden.risk import kanon

    monkeypatch.setattr(kanon, "QI_MEMO_CAP", 16)  # emptied often
    rng = random.Random(16)
    pools: dict[str, list[Any]] = {
        "born": [1986, 1986.0, "1986", True, 19850312, 1_560_000_000, "12.03.1985", None, "x" * 200],
        "age": [1, 1.0, True, False, 0, "1", " 1 ", "n/a", 40, 40.5],
        "sex": ["M", "m", "F", "female", "女", 1, 2, True, None, [], "x"],
        "zip": ["10437", "SW1A 1AA", "北京市朝阳区", "a, b, c", 10437, "x" * 300, {"a": 1}],
        "site": ["Gate 1", "gate-1", 1, 1.0, None],
    }
    qi = [("born", "person.birthdate"), ("age", "person.age"), ("sex", "person.gender"),
          ("zip", "person.address"), ("site", "location.place")]
    fast = kanon.KAnonymity(qi)
    records = []
    for _ in range(3000):
        flat = {p: [rng.choice(pool)] for p, pool in pools.items() if rng.random() < 0.9}
        records.append(flat)
        fast.update(flat)
    plain: Any = {}
    for flat in records:
        combo = tuple(kanon.QI_NORMALISERS[c](flat[p][0]) if flat.get(p) else None for p, c in qi)
        plain[combo] = plain.get(combo, 0) + 1
    assert dict(fast.groups) == plain and fast.records == 3000
    assert all(len(memo) <= 16 for _, _, memo in fast._fields)
    fast.drop_caches()
    assert all(not memo for _, _, memo in fast._fields)


def _plain_one_to_one(pairs: list[tuple[str, str]], share: float = keys.ONE_TO_ONE_SHARE) -> bool:
    if not pairs:
        return True
    fwd: dict[str, set[str]] = {}
    back: dict[str, set[str]] = {}
    for a, b in pairs:
        fwd.setdefault(a, set()).add(b)
        back.setdefault(b, set()).add(a)

    def single(m: dict[str, set[str]]) -> float:
        return sum(1 for v in m.values() if len(v) == 1) / len(m)

    return single(fwd) >= share and single(back) >= share


def test_one_to_one_counts_distinct_partners() -> None:
    rng = random.Random(17)
    outcomes = set()
    for _ in range(2000):
        n = rng.randint(0, 60)
        people = rng.randint(1, 30)
        pairs = []
        for _ in range(n):
            p = rng.randrange(people)
            a, b = f"a{p}", f"b{p}"
            if rng.random() < rng.choice([0.0, 0.02, 0.1, 0.5]):
                b = f"b{rng.randrange(people)}"  # another person's, or a second partner
            pairs.append((a, b))
        for share in (keys.ONE_TO_ONE_SHARE, 0.5, 1.0):
            got = keys.one_to_one(pairs, share)
            assert got == _plain_one_to_one(pairs, share), pairs
            outcomes.add(got)
    assert outcomes == {True, False}


def test_sample_keys_as_plainly_computed() -> None:
    rng = random.Random(18)
    pool: list[Any] = ["13800138000", "+86 138 0013 8000", "a@b.c", "A@B.C", " ", "", "x", 13800138000, 1.5e10,
                       None, True, "110101199003070000", "1101-0119-9003-0700-00", 42, "42", "00:1A:2b:3c:4d:5e"]
    cats = ["person.phone", "person.email", "person.government_id", "person.internal_id", "device.mac"]
    specs = [keys.KeySpec(c, (f"f{i}",), 1.0) for i, c in enumerate(cats)]
    specs.append(keys.KeySpec(keys.NAME_BIRTHDATE, ("name", "born"), 1.0))  # (not normalised from one value)
    records: list[dict[str, list[Any]]] = []
    for _ in range(500):
        flat: dict[str, list[Any]] = {}
        for i in range(len(cats)):
            if rng.random() < 0.8:
                flat[f"f{i}"] = [rng.choice(pool) for _ in range(rng.choice([0, 1, 1, 1, 2, 3]))]
        records.append(flat)
    distinct, first = assess.CollectionAssessor._sample_keys(specs, records)
    assert set(distinct) == set(first) == set(specs[:-1])
    for spec in specs[:-1]:
        normalise = keys.NORMALISERS[spec.category]
        seen, column = set(), []
        for flat in records:
            norms = [normalise(v) for v in flat.get(spec.paths[0]) or ()]
            seen.update(n for n in norms if n is not None)
            column.append(next((n for n in norms if n is not None), None))
        assert distinct[spec] == len(seen) and first[spec] == column, spec
    assert assess.CollectionAssessor._sample_keys(specs, []) == ({}, {})


def test_composite_first_values_as_plainly_computed() -> None:
    rng = random.Random(19)
    names: list[Any] = ["Anna", "anna ", "O'Brien", "", " ", None, 7, "张三", "-"]
    births: list[Any] = ["1990-01-02", "02.01.1990", "", None, 19900102, "x", "1990"]
    docs: list[dict[str, Any]] = []
    for i in range(600):
        doc: dict[str, Any] = {"phone": f"138{i:08d}"}
        if rng.random() < 0.8:
            doc["name"] = rng.choice(names) if rng.random() < 0.8 else [rng.choice(names) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.8:
            doc["born"] = rng.choice(births)
        docs.append(doc)
    a = assessor("composite", docs, [finding("phone", "person.phone"), finding("name", "person.name"),
                                     finding("born", "person.birthdate")])
    spec = keys.KeySpec(keys.NAME_BIRTHDATE, ("name", "born"))
    expected = []
    for flat in a.sample.records:
        ns, bs = flat.get("name") or [], flat.get("born") or []
        n = keys.norm_name(ns[0]) if ns else None
        b = keys.norm_date(bs[0]) if bs else None
        expected.append(f"{n}|{b}" if n and b else None)
    assert a._first_values(spec, a.sample.records, {}) == expected
    assert any(expected) and None in expected
