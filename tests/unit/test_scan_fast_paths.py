"""The fast paths of a --full scan give what the plain ones give.

Each fast path (C-speed type checks in flatten, memoised detector verdicts,
numpy vectors, one automaton for the free-text dictionaries, skipped weak
detectors, reused sample documents) is checked against the straightforward
computation it replaces.
"""

from __future__ import annotations

import base64
import math
import random
import struct

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakwarden import profile
from leakwarden.connectors.files import FilesConnector
from leakwarden.detect import classifier as clf_mod
from leakwarden.detect.classifier import Classifier
from leakwarden.detect.dictionaries import FILES, inner_categories, load
from leakwarden.detect.lexicon import has_cjk, is_cjk
from leakwarden.detect.values import media
from leakwarden.privacy import Hasher
from leakwarden.profile import CollectionSample, Skims, flatten
from leakwarden.risk import faces
from leakwarden.scan import ScanOptions, run_scan
from leakwarden.targets import parse_target

# ---------------------------------------------------------------- flatten

json_leaves = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
)
json_docs = st.recursive(
    json_leaves,
    lambda kids: st.one_of(
        st.lists(kids, max_size=5),
        st.dictionaries(st.sampled_from(["a", "b", "lat", "lon", "", "x.y", "1"]), kids, max_size=4),
    ),
    max_leaves=30,
)


def _generic(doc):
    out: dict = {}
    skims = Skims()
    profile._walk(doc, "", out, 0, skims)
    return out, skims


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_docs)
def test_flatten_fast_path_is_the_general_walk(doc):
    skims = Skims()
    fast = flatten(doc, skims)
    slow, slow_skims = _generic(doc)
    assert repr(fast) == repr(slow)
    assert skims == slow_skims


def test_flatten_fast_path_limits():
    deep: dict = {}
    node = deep
    for _ in range(40):
        node["n"] = {"v": 1}
        node = node["n"]
    for doc in (
        deep,
        {"big": "x" * (profile.MAX_VALUE_CHARS + 5), "arr": list(range(300)) + ["s"], "mixed": [1, True], "v": [0.5, 1]},
        {"": {"a": 1, "": [1, {"lat": 1, "lon": 2}]}, "g": [{"lat": 1.0, "lon": "2"}, {"lat": None, "lon": 1}]},
        [[{"a": [[1.5, 2]]}]],
    ):
        skims = Skims()
        assert repr(flatten(doc, skims)) == repr(_generic(doc)[0])
        assert skims == _generic(doc)[1]


def test_type_name_of_vectors_and_arrays():
    assert profile.type_name([0.1, 2]) == "vector"
    assert profile.type_name([0.1, True]) == "array"
    assert profile.type_name([]) == "array"
    assert profile.type_name(["a"]) == "array"


# ---------------------------------------------------------------- detectors


def _vectors(rng: random.Random) -> list:
    out: list = []
    for _ in range(60):
        n = rng.choice([16, 64, 128, 512])
        kind = rng.random()
        if kind < 0.4:
            v = [rng.gauss(0, 1) for _ in range(n)]
        elif kind < 0.5:
            v = [float(rng.randint(0, 5)) for _ in range(n)]
        elif kind < 0.6:
            v = [math.sin(i / 10) for i in range(n)]
        elif kind < 0.7:
            v = [rng.randint(-3, 3) for _ in range(n)]
        else:
            v = [rng.gauss(0, 1) for _ in range(n)]
            v[rng.randrange(n)] = rng.choice([math.nan, math.inf, 2e3, True, "x", 10**400])
        out.append(v)
        try:
            floats = [float(x) for x in v]
        except (TypeError, ValueError, OverflowError):
            continue
        out.append(base64.b64encode(struct.pack(f"<{n}f", *floats)).decode())
        out.append(",".join(f"{x:.5f}" for x in floats))
    return out


def test_vector_detectors_with_and_without_numpy(monkeypatch):
    values = _vectors(random.Random(4))
    detectors = [d for d in media.DETECTORS if d.id.startswith("vector.")]
    with_numpy = [[d.match(v) for d in detectors] for v in values]
    monkeypatch.setattr(media, "_numpy", False)
    without = [[d.match(v) for d in detectors] for v in values]
    assert with_numpy == without
    assert any(any(row) for row in with_numpy) and not all(all(row) for row in with_numpy)


def test_face_vectors_with_and_without_numpy(monkeypatch):
    rng = random.Random(5)
    values = _vectors(rng)
    arrays = [faces.embedding(v) for v in values]
    lists = [faces.to_vector(v) for v in values]
    assert [a is None for a in arrays] == [x is None for x in lists]
    for a, x in zip(arrays, lists):
        if x is not None:
            assert [float(y) for y in a] == x
    usable = [x for x in lists if x is not None and len(x) == 128]
    fast = faces.SimHasher(128)
    monkeypatch.setattr(faces, "_numpy", False)
    slow = faces.SimHasher(128)
    assert [fast.code(v) for v in usable] == [slow.code(v) for v in usable]


def test_one_automaton_for_every_free_text_dictionary():
    rng = random.Random(6)
    terms = [t for c in FILES for t in load(c).inner]
    texts = [" ".join(rng.choice(terms + ["x", "abc", "的"]) for _ in range(rng.randint(1, 3))) + rng.choice(["", "s", " ok"])
             for _ in range(2000)]
    texts += ["", "plain words only", "x" * 2000 + " " + terms[0]]
    for text in texts:
        got = inner_categories(text)
        assert {c for c in FILES if load(c).find_inner(text)} == set(got)


def test_has_cjk_is_is_cjk_of_any_character():
    for o in list(range(0, 0x3100, 7)) + list(range(0x3400, 0x30000, 97)):
        ch = chr(o)
        if 0xD800 <= o <= 0xDFFF:
            continue
        assert has_cjk("a" + ch) == is_cjk(ch)


# ---------------------------------------------------------------- classifier


def _people_sample(seed: int) -> CollectionSample:
    rng = random.Random(seed)
    s = CollectionSample("kunden")
    for i in range(300):
        s.add({
            "telefon": rng.choice(["+49 30 ", "030 "]) + str(rng.randint(1000000, 9999999)),
            "ref": f"{rng.randint(10**10, 10**11 - 1)}",
            "status": rng.choice(["aktiv", "gesperrt", "neu"]),
            "name": rng.choice(["Anna Schmidt", "Jonas Weber", "Lea Fischer", "Paul Wagner"]),
            "bemerkung": rng.choice(["", "Diabetes Typ 2", "keine", "Termin verschoben"]),
            "n": i,
        })
    return s


def test_skipping_weak_detectors_changes_no_finding(monkeypatch):
    on = {f.path: f for f in Classifier().classify(_people_sample(1))}
    monkeypatch.setattr(clf_mod, "PRUNE", False)
    off = {f.path: f for f in Classifier().classify(_people_sample(1))}
    assert on == off


def test_skipping_weak_detectors_changes_no_finding_in_the_demo_store(monkeypatch):
    from leakwarden.demo.synthetic import generate_store
    from leakwarden.profile import flatten_mapping

    store = generate_store(seed=3, scale=0.15)

    def findings():
        out = {}
        for coll in store.collections:
            s = CollectionSample(coll.name, mapping=flatten_mapping(coll.mapping.get("properties", {})))
            s.extend(coll.documents)
            out[coll.name] = Classifier().classify(s)
        return out

    on = findings()
    monkeypatch.setattr(clf_mod, "PRUNE", False)
    assert findings() == on


def test_chance_measured_only_where_it_matters_changes_no_finding(monkeypatch):
    import importlib.util
    from pathlib import Path

    from leakwarden.demo.synthetic import generate_store
    from leakwarden.profile import flatten_mapping

    spec = importlib.util.spec_from_file_location(
        "leakwarden_eval_corpus_chance", Path(__file__).resolve().parents[2] / "eval" / "corpus.py")
    eval_corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(eval_corpus)
    stores = [generate_store(seed=3, scale=0.15), eval_corpus.generate_corpus(seed=11, scale=0.15)]

    def findings():
        out = {}
        for store in stores:
            for coll in store.collections:
                for exact in (True, False):
                    s = CollectionSample(coll.name, mapping=flatten_mapping(coll.mapping.get("properties", {})))
                    s.extend(coll.documents)
                    out[coll.name, exact] = Classifier().classify(s, exact_hits=exact)
        return out

    lazy = findings()
    assert sum(len(v) for v in lazy.values()) > 100
    monkeypatch.setattr(clf_mod, "LAZY_CHANCE", False)
    assert findings() == lazy


def test_distinct_texts_judged_once_give_the_same_results(monkeypatch):
    """Detectors that read a whole field: judged per distinct text, the results of the value loop."""
    from leakwarden.demo.synthetic import generate_store
    from leakwarden.profile import flatten_mapping

    store = generate_store(seed=5, scale=0.2)
    extra = CollectionSample("notes")
    rng = random.Random(3)
    for _ in range(400):
        extra.add({"status": rng.choice(["吸毒人员", "刑满释放人员", "normal", "Diabetes Typ 2", "keine", "HIV+"]),
                   "remark": rng.choice(["muslim", "catholic", "Uyghur cuisine", "", "x"]),
                   "mixed": rng.choice(["Hispanic or Latino", 7, "White", None, "7"])})

    def results():
        out = {}
        samples = [extra]
        for coll in store.collections:
            s = CollectionSample(coll.name, mapping=flatten_mapping(coll.mapping.get("properties", {})))
            s.extend(coll.documents)
            samples.append(s)
        for s in samples:
            for exact in (True, False):
                for path, a in Classifier().analyze(s, exact_hits=exact).items():
                    out[s.name, exact, path] = (
                        a.chosen, {d: (r.hits, r.examined, r.idx, r.matched, r.vocab_rate) for d, r in a.results.items()})
        return out

    grouped = results()
    assert sum(1 for _, res in grouped.values() for d in res if d.endswith(".text")) > 5
    monkeypatch.setattr(clf_mod, "TEXT_GROUPS", False)
    assert results() == grouped


def test_settled_detectors_keep_the_categories():
    exact = {f.path: f for f in Classifier().classify(_people_sample(2))}
    settled = {f.path: f for f in Classifier().classify(_people_sample(2), exact_hits=False)}
    assert {p: f.categories for p, f in exact.items()} == {p: f.categories for p, f in settled.items()}


def test_hit_counter_memo_counts_exactly():
    clf = Classifier()
    s = CollectionSample("people")
    s.extend({"email": f"user{i % 7}@example.org", "note": "x"} for i in range(60))
    findings = clf.classify(s)
    counter = clf.hit_counter(s, findings)
    # repeated values (remembered), then values that never repeat (the memo is given up)
    stream = [{"email": [f"user{i % 5}@example.org", "not an email"]} for i in range(3000)]
    stream += [{"email": [f"u{i}@example.org"]} for i in range(clf_mod.MEMO_CAP * 2)]
    stream += [{"email": ["x" * 300 + "@example.org", None, 5]}]
    for rec in stream:
        counter.update(rec)
    out = {f.path: f for f in counter.finish()}
    assert out["email"].hits == 3000 + clf_mod.MEMO_CAP * 2
    assert out["email"].examined == 6000 + clf_mod.MEMO_CAP * 2 + 2


# ---------------------------------------------------------------- the scan


def _dump(directory, name, docs, extra=b""):
    (directory / f"{name}.ndjson").write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs) + extra)


def _people(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [{
        "sfzh": f"11010519{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 2)}{rng.randint(100, 999)}",
        "phone": f"13{rng.randint(100000000, 999999999)}",
        "email": f"p{rng.randint(1, n)}@example.org",
        "note": "x" * (70 * 1024) if i == 3 else "ok",
    } for i in range(n)]


@pytest.mark.parametrize("docs", [150, 1300])
def test_full_scan_reads_each_document_once(tmp_path, monkeypatch, docs):
    _dump(tmp_path, "people", _people(docs, 9), extra=b"{broken\n")
    parsed = []
    real_parse = FilesConnector._parse

    def counting(self, line, stats):
        parsed.append(1)
        return real_parse(self, line, stats)

    monkeypatch.setattr(FilesConnector, "_parse", counting)
    report = run_scan([parse_target(str(tmp_path))], ScanOptions(full=True, run_checks=False, hash_key=b"k" * 32))
    (coll,) = report.stores[0].collections
    assert len(parsed) == docs + 1  # sampled documents are not parsed twice
    assert coll.examined == docs
    notes = " ".join(coll.notes)
    assert "1 line(s) were not valid JSON" in notes and "2 line(s)" not in notes
    assert "1 value(s) longer than 64 KiB" in notes
    email = next(f for f in coll.fields if f.path == "email")
    assert email.hits == email.examined == docs


def test_full_scan_same_result_with_and_without_reuse(tmp_path, monkeypatch):
    _dump(tmp_path, "people", _people(1300, 10))
    options = ScanOptions(full=True, run_checks=False, hash_key=b"k" * 32, sample_size=200)
    fast = run_scan([parse_target(str(tmp_path))], options)
    monkeypatch.setattr(FilesConnector, "sampled_lines", lambda self, coll: None)
    plain = run_scan([parse_target(str(tmp_path))], options)
    a, b = fast.stores[0].collections[0], plain.stores[0].collections[0]
    assert a.fields == b.fields
    assert (a.persons_estimated, a.examined, a.trajectory) == (b.persons_estimated, b.examined, b.trajectory)


def test_faces_counted_alike_with_and_without_numpy(tmp_path, monkeypatch):
    rng = random.Random(11)
    people = [[rng.gauss(0, 1) for _ in range(128)] for _ in range(40)]
    docs = [{"faceFeature": [x + rng.gauss(0, 0.05) for x in people[rng.randrange(40)]], "captureTime": "2019-06-12T10:00:00Z"}
            for _ in range(400)]
    _dump(tmp_path, "face_capture", docs)
    options = ScanOptions(full=True, run_checks=False, hash_key=b"k" * 32)
    fast = run_scan([parse_target(str(tmp_path))], options).stores[0].collections[0]
    monkeypatch.setattr(faces, "_numpy", False)
    monkeypatch.setattr(media, "_numpy", False)
    plain = run_scan([parse_target(str(tmp_path))], ScanOptions(full=True, run_checks=False, hash_key=b"k" * 32))
    plain_coll = plain.stores[0].collections[0]
    assert fast.persons_estimated == plain_coll.persons_estimated == 40
    assert fast.fields == plain_coll.fields


def test_hasher_is_unchanged_by_the_key_memo():
    from leakwarden.report import FieldFinding
    from leakwarden.risk.assess import CollectionAssessor
    from leakwarden.risk.hll import mix64
    from leakwarden.risk.keys import norm_phone

    s = CollectionSample("p")
    s.extend({"phone": f"1380013800{i % 10}"} for i in range(50))
    finding = FieldFinding(path="phone", categories=["person.phone"], confidence=0.9, detectors=["field.name"],
                           hits=50, examined=50, examples=[])
    hasher = Hasher(b"k" * 32)
    a = CollectionAssessor(s, [finding], hasher)
    for i in range(500):
        a.update({"phone": [f"+86 138 0013 800{i % 10}"]})
    assert a.tracker is not None and a.tracker.distinct() == 10
    expected = {mix64(hasher.int64(f"person.phone\x1f{norm_phone(f'+86 138 0013 800{i}')}")) for i in range(10)}
    assert set(a.sketches["person.phone"].sample.items) == expected


def test_cycle_collector_pause_nests_and_restores():
    import gc

    from leakwarden.scan import _cycle_collector_paused

    was = gc.isenabled()
    gc.enable()
    try:
        with _cycle_collector_paused():
            assert not gc.isenabled()
            with _cycle_collector_paused():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled()
        gc.disable()
        with _cycle_collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable() if was else gc.disable()
