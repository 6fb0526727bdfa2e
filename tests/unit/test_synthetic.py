"""The synthetic demo store, the evaluation corpus and the demo seeder: determinism, labels, truth."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import os
import random
import struct
import subprocess
import sys
import zlib
from collections import defaultdict
from datetime import date
from pathlib import Path

import httpx
import orjson
import phonenumbers
import pytest
from stdnum import ean, iban, imei, imsi, luhn
from stdnum.br import cpf
from stdnum.cn import ric
from stdnum.de import idnr
from stdnum.es import dni
from stdnum.fr import nir
from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.ru import inn
from stdnum.us import ssn

from leakwarden.demo import synthetic as syn
from leakwarden.demo.seed import SeedError, plant_ransom_note, seed_store
from leakwarden.demo.synthetic import (
    check_labels,
    generate_store,
    is_valid_gb_nino,
    share_below_k,
    trajectory_persons,
    write_dump,
)
from leakwarden.profile import flatten, flatten_mapping
from leakwarden.report import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("leakwarden_eval_corpus", ROOT / "eval" / "corpus.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def store():
    return generate_store(seed=7, scale=0.3)


@pytest.fixture(scope="module")
def eval_store():
    return corpus.generate_corpus(seed=2024, scale=0.15)


def _digest(st) -> str:
    h = hashlib.sha256()
    for c in st.collections:
        h.update(c.name.encode())
        h.update(orjson.dumps(c.documents))
        h.update(orjson.dumps(c.mapping, option=orjson.OPT_SORT_KEYS))
        h.update(orjson.dumps(c.label_document(), option=orjson.OPT_SORT_KEYS))
    h.update(orjson.dumps(st.links, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


# ---------------------------------------------------------------------------- determinism

def test_same_seed_same_store_and_other_seed_differs():
    a, b = generate_store(seed=11, scale=0.1), generate_store(seed=11, scale=0.1)
    assert _digest(a) == _digest(b)
    assert _digest(generate_store(seed=12, scale=0.1)) != _digest(a)


def test_eval_corpus_is_deterministic():
    assert _digest(corpus.generate_corpus(seed=5, scale=0.05)) == _digest(corpus.generate_corpus(seed=5, scale=0.05))


def test_output_does_not_depend_on_hash_randomisation():
    # set iteration order changes with PYTHONHASHSEED; a generator that leaks it is not reproducible
    code = (
        "import sys, hashlib, orjson; sys.path.insert(0, sys.argv[1])\n"
        "from leakwarden.demo.synthetic import generate_store\n"
        "import corpus\n"
        "h = hashlib.sha256()\n"
        "for st in (generate_store(seed=3, scale=0.08), corpus.generate_corpus(seed=3, scale=0.08)):\n"
        "    for c in st.collections: h.update(orjson.dumps(c.documents)); h.update(orjson.dumps(c.labels))\n"
        "print(h.hexdigest())\n"
    )
    digests = set()
    for hashseed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        out = subprocess.run([sys.executable, "-c", code, str(ROOT / "eval")], env=env, capture_output=True,
                             text=True, check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# ---------------------------------------------------------------------------- labels

def _all_paths(docs) -> set[str]:
    paths: set[str] = set()
    for d in docs:
        paths.update(flatten(d))
    return paths


@pytest.mark.parametrize("which", ["store", "eval_store"])
def test_every_leaf_path_is_labelled_with_known_categories(which, request):
    st = request.getfixturevalue(which)
    for coll in st.collections:
        paths = _all_paths(coll.documents)
        assert paths == set(coll.labels), coll.name
        for path, cats in coll.labels.items():
            assert set(cats) <= set(CATEGORIES), (coll.name, path, cats)
        assert check_labels(coll) == []
        cats = {c for cs in coll.labels.values() for c in cs}
        if coll.personal:  # something identifies the people: a person field, a face, a device
            assert any(c.startswith(("person.", "biometric.", "device.")) for c in cats), coll.name
        else:  # decoys hold no data about people (timestamps, places, server IPs, MACs of fixed sensors may be)
            assert not any(c.startswith(("person.", "biometric.", "special.")) for c in cats), coll.name


def test_check_labels_finds_a_missing_label(store):
    coll = store.collection("alert_watchlist")
    broken = syn.SyntheticCollection(coll.name, coll.mapping, coll.documents,
                                     {k: v for k, v in coll.labels.items() if k != "sfzh"} | {"ghost": []},
                                     coll.personal, None, coll.persons)
    problems = check_labels(broken)
    assert any("unlabelled path 'sfzh'" in p for p in problems)
    assert any("'ghost' never occurs" in p for p in problems)


def test_flattening_rules_are_followed_by_the_labels(store):
    face = store.collection("face_capture_2019.06")
    # geo object -> one value at its path; number array -> one vector value; nested object -> dotted paths
    assert face.labels["location"] == ["location.coordinates"] and "location.lat" not in face.labels
    assert face.labels["faceFeature"] == ["biometric.face_embedding"]
    assert face.labels["attributes.eyeOpen"] == ["biometric.face_attributes"]
    register = store.collection("resident_register")
    assert register.labels["contacts.phone"] == ["person.phone"]  # array of objects, no index


def test_mapping_declares_every_labelled_path(store):
    for coll in store.collections:
        declared = set(flatten_mapping(coll.mapping["properties"]))
        assert set(coll.labels) <= declared, (coll.name, set(coll.labels) - declared)


def test_vector_mappings():
    for kind, key in (("dense_vector", "dims"), ("knn_vector", "dimension")):
        st = generate_store(seed=1, scale=0.05, vector_mapping=kind)
        spec = st.collection("face_capture_2019.06").mapping["properties"]["faceFeature"]
        assert spec["type"] == kind and spec[key] == 512
        assert st.collection("product_vectors").mapping["properties"]["embedding"][key] == 256
    plain = generate_store(seed=1, scale=0.05)
    assert plain.collection("face_capture_2019.06").mapping["properties"]["faceFeature"] == {"type": "float"}
    with pytest.raises(ValueError):
        generate_store(scale=0.05, vector_mapping="sparse")


# ---------------------------------------------------------------------------- valid and invalid identifiers

def test_demo_identifiers_are_valid(store):
    reg = store.collection("resident_register").documents
    for d in reg:
        assert ric.is_valid(d["id_number"]), d["id_number"]
        assert ric.get_birth_date(d["id_number"]) == date.fromisoformat(d["birth_date"])
        assert (int(d["id_number"][16]) % 2 == 0) == (d["gender"] == "女")
        assert phonenumbers.is_valid_number(phonenumbers.parse(d["phone"], "CN")), d["phone"]
    for d in store.collection("alert_watchlist").documents:
        assert ric.is_valid(d["sfzh"])
        assert ric.get_birth_date(d["sfzh"]).isoformat() == d["csrq"]
    wifi = store.collection("wifi_probe_2019.06").documents
    assert sum("imei" in d for d in wifi) > 10 and sum("imsi" in d for d in wifi) > 10
    for d in wifi:
        if "imei" in d:
            assert imei.is_valid(d["imei"])
        if "imsi" in d:
            assert imsi.is_valid(d["imsi"]) and d["imsi"].startswith("460")
    notations = {("colon" if ":" in d["mac"] else "hyphen" if "-" in d["mac"] else "dot" if "." in d["mac"] else "bare")
                 for d in wifi}
    assert len(notations) >= 3


def test_decoys_fail_their_checksums(store, eval_store):
    for d in store.collection("shop_orders").documents:
        assert len(d["order_no"]) == 18 and not ric.is_valid(d["order_no"])
        assert not luhn.is_valid(d["payment_ref"])
    for d in eval_store.collection("product_catalog").documents:
        assert not ric.is_valid(d["supplier_ref"])
        assert not bsn.is_valid(d["batch_code"]) and len(d["batch_code"]) == 9
        assert not luhn.is_valid(d["voucher_no"])
        assert ean.is_valid(d["ean13"])  # valid, but a product's
    for d in eval_store.collection("service_logs").documents:
        assert not ric.is_valid(d["ref"]) and not luhn.is_valid(d["retry_token"])


def test_eval_identifiers_are_valid(eval_store):
    checks = {"SSN": ssn.is_valid, "NINO": is_valid_gb_nino, "CODICE_FISCALE": codicefiscale.is_valid,
              "AADHAAR": aadhaar.is_valid}
    kinds = set()
    for d in eval_store.collection("crm_customers").documents:
        kinds.add(d["kyc"]["idType"])
        assert checks[d["kyc"]["idType"]](d["kyc"]["idNumber"]), d["kyc"]
        assert luhn.is_valid(d["payment"]["cardNumber"].replace(" ", ""))
        assert phonenumbers.is_valid_number(phonenumbers.parse(d["phone"], d["address"]["country"]))
    assert kinds == set(checks)
    for d in eval_store.collection("kunden_stammdaten").documents:
        assert idnr.is_valid(d["steuer_id"]) and iban.is_valid(d["iban"])
    for d in eval_store.collection("dossiers_patients").documents:
        assert nir.is_valid(d["patient"]["nir"])
    for d in eval_store.collection("klanten_verzekering").documents:
        assert bsn.is_valid(d["bsn"]) and iban.is_valid(d["iban"])
    for d in eval_store.collection("cadastro_beneficiarios").documents:
        assert cpf.is_valid(d["cpf"])
    for d in eval_store.collection("polzovateli_ru").documents:
        assert inn.is_valid(d["инн"])
    for d in eval_store.collection("viajes_taxi").documents:
        assert dni.is_valid(d["conductor"]["dni"]) and iban.is_valid(d["conductor"]["iban"])
    for d in eval_store.collection("mobile_sdk_events").documents:
        assert all(imei.is_valid(dev["imei"]) for dev in d["devices"])
    for name, field in (("renkou_xinxi", "公民身份号码"), ("renyuan_pinyin", "shenfenzhenghao"), ("zdry_gk", "sfzh")):
        assert all(ric.is_valid(d[field]) for d in eval_store.collection(name).documents)


def test_gb_nino_rules():
    rng = random.Random(3)
    assert all(is_valid_gb_nino(syn.gb_nino(rng)) for _ in range(200))
    assert not is_valid_gb_nino("QQ 12 34 56 C") and not is_valid_gb_nino("AB123456E")


# ---------------------------------------------------------------------------- images and vectors

def _png_rows(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc, kind
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert kind == b"IEND"
    return width, height, zlib.decompress(idat)


def _jpeg_segments(data: bytes) -> dict[int, bytes]:
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    pos, segs = 2, {}
    while True:
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        segs.setdefault(marker, data[pos + 4:pos + 2 + length])
        pos += 2 + length
        if marker == 0xDA:  # entropy-coded data follows: 0xFF only as 0xFF00 or the final EOI
            scan = data[pos:-2]
            assert all(scan[i + 1] == 0 for i in range(len(scan) - 1) if scan[i] == 0xFF)
            return segs


def test_face_crops_are_small_real_images(store):
    faces = store.collection("face_capture_2019.06").documents
    for d in faces[:50]:
        raw = base64.b64decode(d["faceImage"])
        assert 600 <= len(raw) <= 4000
        segs = _jpeg_segments(raw)
        precision, height, width, comps = struct.unpack(">BHHB", segs[0xC0][:6])
        assert (precision, height, width, comps) == (8, 48, 48, 1)
        assert {0xE0, 0xDB, 0xC4, 0xDA} <= segs.keys()
    for d in store.collection("face_library").documents[:30]:
        raw = base64.b64decode(d["photo"])
        assert 800 <= len(raw) <= 5000
        w, h, pixels = _png_rows(raw)
        assert (w, h) == (40, 40) and len(pixels) == h * (1 + 3 * w)
    assert len({d["faceImage"] for d in faces}) == len(faces)  # every capture's bytes differ


def test_embeddings_are_unit_norm_and_blob_decodes(store):
    for d in store.collection("face_capture_2019.06").documents[:100]:
        v = d["faceFeature"]
        assert len(v) == 512 and abs(math.sqrt(sum(x * x for x in v)) - 1) < 1e-3
    for d in store.collection("face_library").documents[:50]:
        raw = base64.b64decode(d["featureData"])
        v = struct.unpack("<512f", raw)
        assert abs(math.sqrt(sum(x * x for x in v)) - 1) < 1e-4
    for d in store.collection("shop_orders").documents[:20]:
        assert len(d["product_vector"]) == 128


def test_same_person_embeddings_are_closer_than_strangers(store):
    by_person = defaultdict(list)
    for d in store.collection("face_capture_2019.06").documents:
        by_person[d["personId"]].append(d["faceFeature"])
    a, b = [vs for vs in by_person.values() if len(vs) >= 2][:2]
    dot = lambda x, y: sum(p * q for p, q in zip(x, y))  # noqa: E731
    assert dot(a[0], a[1]) > 0.7 and abs(dot(a[0], b[0])) < 0.3


# ---------------------------------------------------------------------------- ground truth

def test_trajectory_persons_on_a_tiny_case():
    sightings = [("ann", "gate A"), ("ann", "gate B"), ("ann", "gate A"),  # two places: trackable
                 ("bob", "gate A"), ("bob", "gate A"),                      # one place, twice: not
                 ("cid", None), ("cid", "gate C"),                          # a missing place does not count
                 (None, "gate D")]
    assert trajectory_persons(sightings) == 1
    assert trajectory_persons([]) == 0


def test_share_below_k_on_a_tiny_case():
    rows = [("1980", "F", "10115")] * 5 + [("1980", "M", "10115")] * 4 + [("1990", "F", "10245")]
    assert share_below_k(rows, k=5) == pytest.approx(5 / 10)
    assert share_below_k(rows, k=4) == pytest.approx(1 / 10)
    assert share_below_k([]) == 0.0


def test_trajectory_truth_matches_the_documents(store):
    face = store.collection("face_capture_2019.06")
    places = defaultdict(set)
    for d in face.documents:
        places[d["personId"]].add(d["cameraName"])
    assert face.trajectory["persons_trackable"] == sum(len(p) >= 2 for p in places.values())
    assert 0 < face.trajectory["persons_trackable"] < face.persons == len(places)
    wifi = store.collection("wifi_probe_2019.06")
    assert 0 < wifi.trajectory["persons_trackable"] < wifi.persons
    for coll in store.collections:
        if not coll.personal:
            assert coll.trajectory is None and coll.persons is None
    assert store.collection("resident_register").trajectory is None


def test_raw_coordinate_trajectories_cluster_to_their_spots(eval_store):
    # every pickup/drop-off lies within 30 m of a spot and spots are >= 500 m apart, so 100 m clusters = spots
    rides = eval_store.collection("viajes_taxi")
    points = [tuple(reversed(d["recogida"]["coordinates"])) for d in rides.documents]
    points += [tuple(float(x) for x in reversed(d["destino"][7:-1].split())) for d in rides.documents]
    clusters: list[tuple[float, float]] = []
    for p in points:
        if not any(syn.haversine_m(p, c) < 100 for c in clusters):
            clusters.append(p)
    for i, a in enumerate(clusters):
        assert all(syn.haversine_m(a, b) > 400 for b in clusters[i + 1:])
    events = eval_store.collection("mobile_sdk_events")
    for d in events.documents[:50]:
        lat, lon = syn.geohash_decode(d["geo"]["geohash"])
        assert syn.geohash_encode(lat, lon, 8) == d["geo"]["geohash"]


def test_links_are_real(store):
    alerts = {d["sfzh"] for d in store.collection("alert_watchlist").documents}
    register = {d["id_number"] for d in store.collection("resident_register").documents}
    assert alerts <= register
    (link,) = [lk for lk in store.links if set(lk["collections"]) == {"alert_watchlist", "resident_register"}]
    assert link["shared_keys"] == len(alerts)


def test_reidentification_truth(eval_store):
    survey = eval_store.collection("health_survey")
    qi = survey.reidentification["quasi_identifiers"]
    assert survey.reidentification["share_below_k"] == pytest.approx(
        share_below_k([tuple(d[q] for q in qi) for d in survey.documents]), abs=1e-4)
    assert not any("person.name" in c or "person.government_id" in c for c in survey.labels.values())


# ---------------------------------------------------------------------------- dumps and seeding

def test_write_dump(tmp_path, store):
    out = write_dump(store, tmp_path / "dump")
    labels = json.loads((out / "labels.json").read_text())
    assert set(labels["collections"]) == {c.name for c in store.collections}
    for coll in store.collections:
        lines = (out / f"{coll.name}.ndjson").read_bytes().splitlines()
        assert len(lines) == len(coll.documents)
        assert orjson.loads(lines[0]) == coll.documents[0]
        lab = labels["collections"][coll.name]
        assert lab["fields"] == coll.labels and lab["persons"] == coll.persons
        assert lab["trajectory"] == coll.trajectory and lab["documents"] == len(coll.documents)
    assert labels["links"] == store.links and labels["generator"]["seed"] == 7


class _FakeNode:
    """Just enough of Elasticsearch's REST API to see what the seeder sends."""

    def __init__(self, reject_doc: int | None = None):
        self.requests: list[tuple[str, str, bytes]] = []
        self.reject_doc = reject_doc
        self.indexed = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        self.requests.append((request.method, request.url.path, body))
        if request.url.path == "/_bulk":
            lines = body.splitlines()
            items = []
            for action in lines[::2]:
                doc_id = int(orjson.loads(action)["index"]["_id"])
                if doc_id == self.reject_doc:
                    items.append({"index": {"_id": str(doc_id), "status": 400, "error": {
                        "type": "mapper_parsing_exception", "reason": "failed to parse field [faceFeature]"}}})
                else:
                    items.append({"index": {"_id": str(doc_id), "status": 201}})
            self.indexed += len(items)
            return httpx.Response(200, json={"errors": any("error" in i["index"] for i in items), "items": items})
        if request.method == "DELETE":
            return httpx.Response(404, json={"error": "index_not_found_exception"})
        return httpx.Response(200, json={"acknowledged": True})


def test_seed_store_creates_indices_and_bulks_in_chunks():
    st = generate_store(seed=2, scale=0.1)
    node = _FakeNode()
    seen: list[str] = []
    seed_store("http://127.0.0.1:9", st, transport=httpx.MockTransport(node), progress=seen.append)
    assert node.indexed == sum(len(c.documents) for c in st.collections)
    creates = [(p, orjson.loads(b)) for m, p, b in node.requests if m == "PUT" and not p.endswith("_settings")]
    assert [p.lstrip("/") for p, _ in creates] == [c.name for c in st.collections]
    settings = creates[0][1]["settings"]["index"]
    assert settings["number_of_shards"] == 1 and settings["number_of_replicas"] == 0
    assert creates[0][1]["mappings"] == st.collections[0].mapping
    bulks = [b for m, p, b in node.requests if p == "/_bulk"]
    assert max(len(b) for b in bulks) < 2 * (1 << 20)
    assert any(p.endswith("/_refresh") for _, p, _ in node.requests)
    assert any("indexed" in s for s in seen)


def test_seed_store_raises_on_a_rejected_document():
    st = generate_store(seed=2, scale=0.05)
    with pytest.raises(SeedError, match=r"document #3 was rejected \(mapper_parsing_exception"):
        seed_store("http://127.0.0.1:9", st, transport=httpx.MockTransport(_FakeNode(reject_doc=3)))


def test_seed_store_refuses_mappings_the_engine_lacks():
    with pytest.raises(SeedError, match="knn_vector"):
        seed_store("http://127.0.0.1:9", generate_store(scale=0.05, vector_mapping="knn_vector"),
                   engine="elasticsearch", transport=httpx.MockTransport(_FakeNode()))
    node = _FakeNode()
    seed_store("http://127.0.0.1:9", generate_store(scale=0.05, vector_mapping="knn_vector"), engine="opensearch",
               transport=httpx.MockTransport(node))
    face = next(orjson.loads(b) for m, p, b in node.requests if m == "PUT" and p == "/face_capture_2019.06")
    assert face["settings"]["index"]["knn"] is True


def test_plant_ransom_note():
    node = _FakeNode()
    plant_ransom_note("http://127.0.0.1:9", transport=httpx.MockTransport(node))
    doc = next(orjson.loads(b) for m, p, b in node.requests if p == "/read_me/_doc/1")
    assert "BTC" in doc["message"] and doc["email"].endswith(".invalid")
