"""The held-out corpus (eval/heldout.py): determinism, complete labels, valid IDs, invalid decoys, truth."""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import orjson
import phonenumbers
import pytest
from stdnum import ean, iban, imei, imsi, luhn
from stdnum.gr import amka
from stdnum.it import codicefiscale
from stdnum.mx import curp, rfc
from stdnum.pl import pesel
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.us import ssn

from leakwarden.demo.synthetic import check_labels, share_below_k, trajectory_persons, write_dump
from leakwarden.profile import flatten
from leakwarden.report import CATEGORIES

ROOT = Path(__file__).resolve().parents[2]


def _load():
    spec = importlib.util.spec_from_file_location("leakwarden_eval_heldout", ROOT / "eval" / "heldout.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


heldout = _load()


@pytest.fixture(scope="module")
def full():
    return heldout.generate_heldout(seed=99, scale=1.0)


@pytest.fixture(scope="module")
def small():
    return heldout.generate_heldout(seed=5, scale=0.1)


def _digest(st) -> str:
    h = hashlib.sha256()
    for c in st.collections:
        h.update(c.name.encode())
        h.update(orjson.dumps(c.documents))
        h.update(orjson.dumps(c.label_document(), option=orjson.OPT_SORT_KEYS))
    h.update(orjson.dumps(st.links, option=orjson.OPT_SORT_KEYS))
    return h.hexdigest()


def _values(coll, path):
    for doc in coll.documents:
        yield from flatten(doc).get(path, [])


# ---------------------------------------------------------------- shape and determinism


def test_shape(full):
    names = [c.name for c in full.collections]
    assert 12 <= len(names) <= 16
    assert len(set(names)) == len(names)
    for c in full.collections:
        assert 200 <= len(c.documents) <= 600, (c.name, len(c.documents))
    assert sum(1 for c in full.collections if c.trajectory) >= 3
    assert sum(1 for c in full.collections if c.reidentification) >= 1
    assert full.links and all(link["shared_keys"] > 0 for link in full.links)
    decoys = [c for c in full.collections if not c.personal]
    assert decoys and all(c.persons is None and c.trajectory is None for c in decoys)


def test_deterministic_in_process():
    a = heldout.generate_heldout(seed=3, scale=0.15)
    b = heldout.generate_heldout(seed=3, scale=0.15)
    c = heldout.generate_heldout(seed=4, scale=0.15)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_deterministic_across_hash_seeds(tmp_path):
    digests = []
    for hs in ("0", "12345"):
        out = tmp_path / f"h{hs}"
        env = {**os.environ, "PYTHONHASHSEED": hs}
        subprocess.run([sys.executable, str(ROOT / "eval" / "heldout.py"), str(out), "--scale", "0.1"],
                       check=True, env=env, capture_output=True)
        h = hashlib.sha256()
        for p in sorted(out.iterdir()):
            h.update(p.name.encode())
            h.update(p.read_bytes())
        digests.append(h.hexdigest())
    assert digests[0] == digests[1]


def test_write_dump(tmp_path, small):
    out = write_dump(small, tmp_path / "d", generator="eval/heldout.py")
    labels = orjson.loads((out / "labels.json").read_bytes())
    assert labels["format"] == "leakwarden/labels@1"
    assert set(labels["collections"]) == {c.name for c in small.collections}
    for c in small.collections:
        lines = (out / f"{c.name}.ndjson").read_bytes().splitlines()
        assert len(lines) == len(c.documents)


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize("which", ["full", "small"])
def test_every_leaf_path_labelled(which, request):
    st = request.getfixturevalue(which)
    problems = [p for c in st.collections for p in check_labels(c)]
    assert not problems, problems


def test_categories_known_and_used(full):
    used = {cat for c in full.collections for cats in c.labels.values() for cat in cats}
    assert used <= set(CATEGORIES)
    # the held-out set exercises (nearly) the whole taxonomy
    assert used == set(CATEGORIES), set(CATEGORIES) - used


def test_trajectory_fields_are_labelled(full):
    for c in full.collections:
        if c.trajectory:
            for key in ("person_keys", "location_fields", "time_fields"):
                assert c.trajectory[key], (c.name, key)
                for p in c.trajectory[key]:
                    assert p in c.labels and c.labels[p], (c.name, p)


# ---------------------------------------------------------------- identifiers


def _coll(st, name):
    return st.collection(name)


def test_italian_ids(full):
    c = _coll(full, "ospiti_albergo")
    n = 0
    for d in c.documents:
        o = d["ospite"]
        cf = o.get("codice_fiscale")
        if cf:
            n += 1
            assert codicefiscale.is_valid(cf), cf
            born = datetime.strptime(o["data_nascita"], "%d/%m/%Y").date()
            assert codicefiscale.get_birth_date(cf, minyear=1930) == born
            assert codicefiscale.get_gender(cf) == ("F" if int(o["sesso"]) == 2 else "M")
    assert n > 100
    for v in _values(c, "carta_garanzia.numero"):
        assert luhn.is_valid(v.replace(" ", "")), v


def test_pesel(full):
    c = _coll(full, "pacjenci_wizyty")
    for d in c.documents:
        assert pesel.is_valid(d["pesel"]), d["pesel"]
        assert pesel.get_birth_date(d["pesel"]).isoformat() == d["data_urodzenia"]
        assert pesel.get_gender(d["pesel"]) == ("F" if d["plec"] == "K" else "M")
    decoys = list(_values(c, "wizyty.nr_skierowania"))
    assert decoys and not any(pesel.is_valid(v) for v in decoys)
    assert c.labels["wizyty.nr_skierowania"] == []


def test_personnummer_and_iban(full):
    c = _coll(full, "hr_anstallda")
    styles = set()
    for d in c.documents:
        pn = d["personnummer"]
        assert personnummer.is_valid(pn), pn
        assert personnummer.get_gender(pn) == ("F" if d["kon"] == "K" else "M")
        styles.add((len(pn), "-" in pn))
        assert iban.is_valid(d["bank"]["iban"]), d["bank"]["iban"]
    assert len(styles) == 3


def test_tc_kimlik(full):
    c = _coll(full, "sendika_uyelik_log")
    for d in c.documents:
        assert tckimlik.is_valid(str(d["tcKimlikNo"]))
        assert not tckimlik.is_valid(d["basvuruNo"])
    assert any(isinstance(d["tcKimlikNo"], int) for d in c.documents)


def test_curp_rfc_clabe(full):
    c = _coll(full, "padron_bienestar")
    for d in c.documents:
        assert curp.is_valid(d["curp"]), d["curp"]
        assert curp.get_birth_date(d["curp"]) == datetime.strptime(d["fecha_nacimiento"], "%d/%m/%Y").date()
        assert curp.get_gender(d["curp"]) == ("F" if d["sexo"] == "M" else "M")
        assert not curp.is_valid(d["clave_seguimiento"])
        assert curp.is_valid(d["clave_seguimiento"], validate_check_digits=False)  # shaped like one
        if "rfc" in d:
            assert rfc.is_valid(d["rfc"], validate_check_digits=True), d["rfc"]
        assert heldout.clabe_valid(d["pago"]["clabe"])
    assert c.labels["clave_seguimiento"] == []


def test_amka_and_gr_iban(full):
    c = _coll(full, "enoria_melh")
    for d in c.documents:
        assert amka.is_valid(d["amka"])
        born = datetime.strptime(d["imer_gennisis"], "%d/%m/%Y").date()
        assert amka.get_birth_date(d["amka"]).strftime("%m%d") == born.strftime("%m%d")
        assert amka.get_gender(d["amka"]) == ("F" if d["fylo"] == "Θήλυ" else "M")
        if "iban" in d:
            assert iban.is_valid(d["iban"])


def test_us_pharmacy_ids(full):
    c = _coll(full, "rx_fills")
    ssns = list(_values(c, "patient.ssn"))
    assert ssns and all(ssn.is_valid(v) for v in ssns)
    for v in _values(c, "prescriber.npi"):
        assert luhn.is_valid("80840" + v)
    assert c.labels["prescriber.npi"] == [] and c.labels["prescriber.dea_no"] == []


def test_mobile_identifiers(full):
    c = _coll(full, "cdr_voice")
    for d in c.documents:
        assert imei.is_valid(d["imei"]) and imsi.is_valid(d["imsi"])
        if "iccid" in d:
            assert luhn.is_valid(d["iccid"]) and d["iccid"].startswith("89")


def test_phones_valid(full):
    regions = {"ospiti_albergo": "IT", "pacjenci_wizyty": "PL", "hr_anstallda": "SE", "sendika_uyelik_log": "TR",
               "kaiin_pointo": "JP", "padron_bienestar": "MX", "rx_fills": "US", "cdr_voice": "UA",
               "enoria_melh": "GR", "rainbowmatch_users": "US"}
    checked = 0
    for name, region in regions.items():
        c = _coll(full, name)
        for path, cats in c.labels.items():
            if "person.phone" not in cats:
                continue
            for v in _values(c, path):
                s = str(v)
                if s.startswith("380") or (name == "cdr_voice" and not s.startswith(("+", "0"))):
                    s = "+" + s.replace(" ", "")
                p = phonenumbers.parse(s, region)
                assert phonenumbers.is_valid_number(p), (name, path, v)
                checked += 1
    assert checked > 2000


# ---------------------------------------------------------------- decoys


def test_luhn_valid_non_cards_are_not_cards(full):
    w = _coll(full, "warehouse_shipments")
    hus = list(_values(w, "hu_ids"))
    assert hus and all(luhn.is_valid(v) and v.startswith("00") for v in hus)
    assert w.labels["hu_ids"] == []
    for v in _values(w, "lines.ean"):
        assert ean.is_valid(v)
    for v in _values(w, "sscc"):
        assert len(v) == 18 and ean.calc_check_digit(v[:-1]) == v[-1]  # GS1 mod 10
    assert w.labels["lines.ean"] == [] and w.labels["sscc"] == []
    k = _coll(full, "kaiin_pointo")
    cards = [v.replace(" ", "") for v in _values(k, "pointo_kaado")]
    assert cards and all(luhn.is_valid(v) for v in cards)
    assert "financial.card" not in k.labels["pointo_kaado"]
    assert all(ean.is_valid(v) for v in _values(k, "okiniiri"))


def test_decoy_collections_have_no_person_labels(full):
    for c in full.collections:
        if c.personal:
            continue
        for path, cats in c.labels.items():
            assert not [x for x in cats if x.startswith(("person.", "special.", "biometric."))], (c.name, path)


def test_non_face_vectors_unlabelled(full):
    for name, path in [("weather_stations", "wind_uv"), ("weather_stations", "mast_accel_g"),
                       ("weather_stations", "rain_mfcc"), ("bikeshare_trips", "imu_peak_g"),
                       ("warehouse_shipments", "lines.pick_bbox"), ("warehouse_shipments", "lines.dims_cm")]:
        c = _coll(full, name)
        vals = list(_values(c, path))
        assert vals and all(isinstance(v, list) for v in vals)
        assert c.labels[path] == []
    c = _coll(full, "rainbowmatch_users")
    vecs = list(_values(c, "faceVerification.embedding"))
    assert vecs and all(len(v) == 128 and abs(math.sqrt(sum(x * x for x in v)) - 1) < 1e-3 for v in vecs)


# ---------------------------------------------------------------- collection-level truth


def _named_place_truth(c, key, places):
    pairs = []
    for d in c.documents:
        f = flatten(d)
        for k in f.get(key, []):
            for p in places:
                for v in f.get(p, []):
                    pairs.append((str(k), v))
    return trajectory_persons(pairs)


def test_trajectories_recomputed(full):
    checks = {"ospiti_albergo": ("documento.numero", ["struttura.nome"]),
              "rx_fills": ("patient.mrn", ["store.addr"]),
              "stop_search": ("subject.person_ref", ["street"]),
              "bikeshare_trips": ("member_id", ["start_station_name", "end_station_name"]),
              "cdr_voice": ("a_num", ["cell_site"])}
    for name, (key, places) in checks.items():
        c = _coll(full, name)
        assert c.trajectory["persons_trackable"] == _named_place_truth(c, key, places), name
    # coordinates only: cluster at 100 m
    c = _coll(full, "bid_requests")
    centres: list[tuple[float, float]] = []
    pairs = []
    for d in c.documents:
        g = d["device"]["geo"]
        if "lat" not in g:
            continue
        pt = (g["lat"], g["lon"])
        for i, ce in enumerate(centres):
            if heldout._haversine(ce, pt) < 100:
                break
        else:
            centres.append(pt)
            i = len(centres) - 1
        pairs.append((d["device"]["ifa"], i))
    assert c.trajectory["persons_trackable"] == trajectory_persons(pairs)


def test_no_trajectory_where_one_place_per_person(full):
    for name in ("kaiin_pointo", "sendika_uyelik_log", "pacjenci_wizyty", "rainbowmatch_users", "weather_stations",
                 "warehouse_shipments"):
        assert _coll(full, name).trajectory is None, name


def test_share_below_k(full):
    c = _coll(full, "gagu_josa")
    qi = c.reidentification["quasi_identifiers"]
    rows = [tuple(d[q] for q in qi) for d in c.documents]
    assert c.reidentification["share_below_k"] == round(share_below_k(rows, 5), 4)
    assert 0.2 < c.reidentification["share_below_k"] < 0.9
    for path, cats in c.labels.items():
        assert not {"person.name", "person.government_id", "person.internal_id", "person.phone",
                    "person.email"} & set(cats), path


def test_link_recomputed(full):
    link = full.links[0]
    a, b = (full.collection(n) for n in link["collections"])
    fa, fb = link["fields"]
    shared = set(map(str, _values(a, fa))) & set(map(str, _values(b, fb)))
    assert link["shared_keys"] == len(shared) > 10


def test_persons(full):
    assert _coll(full, "ospiti_albergo").persons == len({d["documento"]["numero"] for d in _coll(full, "ospiti_albergo").documents})
    assert _coll(full, "stop_search").persons == len({d["subject"]["person_ref"] for d in _coll(full, "stop_search").documents})
    assert _coll(full, "sendika_uyelik_log").persons == len({str(d["tcKimlikNo"]) for d in _coll(full, "sendika_uyelik_log").documents})
    for c in full.collections:
        if c.personal:
            assert c.persons and c.persons <= len(c.documents) * 2, c.name
