"""The classifier on small samples: evidence combination, context, decoys."""

from __future__ import annotations

import random

from leakwarden.detect.classifier import Classifier
from leakwarden.detect.config import DetectConfig
from leakwarden.profile import CollectionSample
from leakwarden.privacy import mask

from detect_helpers import b64_vector, cn_ric, unit_vector


def cats(findings, path):
    f = findings.get(path)
    return set(f.categories) if f else set()


def test_cuisine_uyghur_is_not_ethnicity(classify):
    rng = random.Random(1)
    docs = [{"dish": f"d{i}", "cuisine": rng.choice(["Uyghur cuisine", "Sichuan cuisine", "Cantonese"]), "price": rng.randint(10, 90)} for i in range(60)]
    f = classify(docs, "restaurant_menu")
    assert cats(f, "cuisine") == set()


def test_ethnicity_by_values_and_codes(classify):
    rng = random.Random(2)
    docs = [{"minzu": rng.choice(["汉族", "维吾尔族", "回族"]), "mzdm": rng.choice(["01", "05", "03"]), "n": rng.randint(1, 5)} for _ in range(80)]
    f = classify(docs)
    assert "special.ethnicity" in cats(f, "minzu")
    assert "special.ethnicity" in cats(f, "mzdm")
    assert cats(f, "n") == set()  # small integers without a name signal are nothing


def test_nine_digit_decoys_are_not_government_ids(classify):
    rng = random.Random(3)
    docs = [{"order_ref": str(rng.randint(100_000_000, 999_999_999)), "ticket": rng.randint(100_000_000, 999_999_999)} for _ in range(300)]
    f = classify(docs)
    assert "person.government_id" not in cats(f, "order_ref")
    assert "person.government_id" not in cats(f, "ticket")


def test_ric_found_without_a_name_and_masked(classify):
    rng = random.Random(4)
    values = [cn_ric(rng) for _ in range(200)]
    f = classify([{"col_7": v} for v in values])
    finding = f["col_7"]
    assert finding.categories == ["person.government_id"]
    assert "id.cn_ric" in finding.detectors
    assert finding.hits == 200 and finding.examined == 200
    assert finding.confidence > 0.9
    for ex in finding.examples:
        assert ex not in values and "*" in ex
        assert ex in {mask(v) for v in values}


def test_bad_checksum_ids_in_id_named_field(classify):
    rng = random.Random(5)
    bad = []
    for _ in range(200):
        v = cn_ric(rng)
        bad.append(v[:17] + ("0" if v[17] != "0" else "1"))
    f = classify([{"idNumber": v} for v in bad])
    # name says ID, values look like IDs but fail the checksum: weak at best
    finding = f.get("idNumber")
    assert finding is None or "person.government_id" not in finding.categories or finding.confidence < 0.8


def test_fixed_sensor_coordinates_are_coordinates(classify):
    sensors = [(31.2304 + i * 0.01, 121.4737 + i * 0.01) for i in range(5)]
    docs = [{"sensorId": f"S{i % 5}", "latitude": sensors[i % 5][0], "longitude": sensors[i % 5][1], "pm25": 12.5 + i % 7} for i in range(100)]
    f = classify(docs, "air_quality")
    assert "location.coordinates" in cats(f, "latitude")
    assert "location.coordinates" in cats(f, "longitude")
    assert cats(f, "pm25") == set()


def test_lat_lng_pair_in_other_languages(classify):
    rng = random.Random(6)
    docs = [{"pos": {"breite": 52.5 + rng.random() / 10, "laenge": 13.4 + rng.random() / 10}, "wd": 30.5 + rng.random(), "jd": 114.3 + rng.random()} for _ in range(60)]
    f = classify(docs)
    for p in ("pos.breite", "pos.laenge", "wd", "jd"):
        assert "location.coordinates" in cats(f, p), p


def test_xy_pair_needs_geographic_values(classify):
    rng = random.Random(7)
    docs = [{"x": rng.randint(0, 1920), "y": rng.randint(0, 1080)} for _ in range(60)]  # pixels
    f = classify(docs, "clicks")
    assert cats(f, "x") == set() and cats(f, "y") == set()


def test_geo_forms(classify):
    rng = random.Random(8)
    docs = [
        {
            "loc": {"lat": 39.9 + rng.random() / 10, "lon": 116.3 + rng.random() / 10},
            "where": f"{39.9 + rng.random() / 10:.6f},{116.3 + rng.random() / 10:.6f}",
            "geom": {"type": "Point", "coordinates": [116.3 + rng.random() / 10, 39.9 + rng.random() / 10]},
            "wkt": f"POINT({116.3 + rng.random() / 10:.5f} {39.9 + rng.random() / 10:.5f})",
        }
        for _ in range(50)
    ]
    f = classify(docs)
    for p in ("loc", "where", "geom.coordinates", "wkt"):
        assert "location.coordinates" in cats(f, p), p


def test_face_vectors_vs_product_vectors(classify):
    rng = random.Random(9)
    faces = [{"captureId": i, "faceImg": "https://img.cam.local/face/%d.jpg" % i, "feature": unit_vector(rng, 256)} for i in range(40)]
    f = classify(faces, "face_capture")
    assert "biometric.face_embedding" in cats(f, "feature")
    assert "person.photo" in cats(f, "faceImg")
    products = [{"sku": f"P{i}", "title": "Red shoe", "embedding": unit_vector(rng, 256), "image": "https://cdn.shop.example/p/%d.jpg" % i} for i in range(40)]
    f = classify(products, "product_catalog")
    assert cats(f, "embedding") == set()
    assert cats(f, "image") == set()


def test_base64_float32_blob_with_face_context(classify):
    rng = random.Random(10)
    docs = [{"personId": i, "tezhengzhi": b64_vector(rng), "renlian_url": f"http://10.0.0.9/img/{i}.jpg"} for i in range(30)]
    f = classify(docs, "rlk")
    assert "biometric.face_embedding" in cats(f, "tezhengzhi")
    assert "vector.float32-base64" in f["tezhengzhi"].detectors


def test_sensor_series_are_not_embeddings(classify):
    docs = [{"deviceId": "d1", "readings": [20.0 + i * 0.01 + (j % 3) * 0.001 for j in range(128)]} for i in range(30)]
    f = classify(docs, "telemetry")
    assert cats(f, "readings") == set()


def test_name_evidence_with_contradicting_values(classify):
    docs = [{"phone": bool(i % 2), "email": i, "password_changed_at": "2024-01-02T03:04:05Z"} for i in range(40)]
    f = classify(docs)
    assert cats(f, "phone") == set()
    assert cats(f, "email") == set()
    assert cats(f, "password_changed_at") == {"time.timestamp"}


def test_person_name_vs_camera_name(classify):
    rng = random.Random(11)
    docs = [
        {"person": {"name": rng.choice(["张伟", "王芳", "李娜", "刘洋"])}, "camera": {"name": rng.choice(["人民路口东", "火车站北广场"]), "id": f"C{rng.randint(1, 9)}"}}
        for _ in range(50)
    ]
    f = classify(docs)
    assert cats(f, "person.name") == {"person.name"}
    assert "person.name" not in cats(f, "camera.name")
    assert cats(f, "camera.id") == set()


def test_multilingual_person_record(classify):
    rng = random.Random(12)
    docs = [
        {
            "Vorname": rng.choice(["Hans", "Petra", "Jürgen", "Anna"]),
            "Nachname": rng.choice(["Müller", "Schmidt", "Weber"]),
            "Geburtsdatum": f"{rng.randint(1950, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "Geschlecht": rng.choice(["männlich", "weiblich"]),
            "Telefonnummer": rng.choice(["+49 30 901820", "+49 89 2330"]),
            "Konfession": rng.choice(["römisch-katholisch", "evangelisch", "konfessionslos"]),
            "Anschrift": rng.choice(["Hauptstraße 5, 10115 Berlin", "Bahnhofstr. 12, 80335 München"]),
            "erstellt_am": "2024-03-01T10:00:00+01:00",
        }
        for _ in range(60)
    ]
    f = classify(docs, "kunden")
    assert cats(f, "Vorname") == {"person.name"}
    assert cats(f, "Nachname") == {"person.name"}
    assert cats(f, "Geburtsdatum") == {"person.birthdate"}
    assert cats(f, "Geschlecht") == {"person.gender"}
    assert cats(f, "Telefonnummer") == {"person.phone"}
    assert cats(f, "Konfession") == {"special.religion"}
    assert cats(f, "Anschrift") == {"person.address"}
    assert cats(f, "erstellt_am") == {"time.timestamp"}


def test_french_spanish_fields(classify):
    rng = random.Random(13)
    docs = [
        {
            "nom_complet": rng.choice(["Marie Dubois", "Jean Martin"]),
            "date_de_naissance": "1984-02-11",
            "numero_securite_sociale": "2 95 10 99 126 111 93",
            "correo_electronico": f"u{i}@example.es",
            "direccion": "Calle Mayor 10, Madrid",
            "antecedentes_penales": rng.choice(["robo", "ninguno", "estafa"]),
        }
        for i in range(40)
    ]
    f = classify(docs)
    assert cats(f, "nom_complet") == {"person.name"}
    assert cats(f, "date_de_naissance") == {"person.birthdate"}
    assert cats(f, "numero_securite_sociale") == {"person.government_id"}
    assert cats(f, "correo_electronico") == {"person.email"}
    assert cats(f, "direccion") == {"person.address"}
    assert "special.criminal" in cats(f, "antecedentes_penales")


def test_decoy_health_and_status(classify):
    docs = [{"server_health": ["green", "yellow"][i % 2], "status": ["active", "suspended"][i % 2], "level": "INFO", "msg": "request served"} for i in range(50)]
    f = classify(docs, "app_logs")
    assert all(not f[p].categories for p in f)


def test_secrets(classify):
    docs = [
        {
            "password_hash": "$2b$12$" + "".join(random.Random(i).choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./") for _ in range(53)),
            "api_key": "AKIA" + "".join(random.Random(i).choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
            "file_sha256": "".join(random.Random(i + 1).choice("0123456789abcdef") for _ in range(64)),
        }
        for i in range(30)
    ]
    f = classify(docs)
    assert cats(f, "password_hash") == {"credential.secret"}
    assert cats(f, "api_key") == {"credential.secret"}
    assert cats(f, "file_sha256") == set()


def test_devices(classify):
    rng = random.Random(14)
    docs = [{"sta": ":".join(f"{rng.randrange(256):02X}" for _ in range(6)), "src": f"10.1.{rng.randint(0, 255)}.{rng.randint(1, 254)}", "seen": 1560306600 + i} for i in range(60)]
    f = classify(docs, "wifi_probe")
    assert cats(f, "sta") == {"device.mac"}
    assert cats(f, "src") == {"network.ip"}
    assert cats(f, "seen") == {"time.timestamp"}


def test_mapping_types(classify):
    mapping = {"when": {"type": "date"}, "where": {"type": "geo_point"}}
    docs = [{"when": 1560306600000 + i, "where": {"lat": 30.1, "lon": 120.2}} for i in range(20)]
    f = classify(docs, mapping=mapping)
    assert cats(f, "when") == {"time.timestamp"}
    assert cats(f, "where") == {"location.coordinates"}


def test_confidence_is_calibrated_ordering(classify):
    rng = random.Random(15)
    docs = [{"sfzh": cn_ric(rng), "tel": "1380013" + f"{rng.randint(0, 9999):04d}"} for _ in range(100)]
    f = classify(docs)
    assert f["sfzh"].confidence >= 0.95
    assert 0.5 <= f["tel"].confidence <= 1.0


def test_allow_lists_and_custom_detector(tmp_path):
    cfg_file = tmp_path / "detect.yaml"
    cfg_file.write_text(
        "threshold: 0.5\n"
        "custom_detectors:\n"
        "  - id: acme.employee\n"
        "    category: person.internal_id\n"
        "    regex: 'EMP-\\d{6}'\n"
        "    keywords: [staff]\n"
        "allow:\n"
        "  paths: ['debug.*']\n"
        "  values: ['test@example.com']\n"
    )
    cfg = DetectConfig.from_file(cfg_file)
    clf = Classifier(cfg)
    s = CollectionSample("hr")
    s.extend({"staff_ref": f"EMP-{i:06d}", "other_ref": f"EMP-{i:06d}", "debug": {"email": "a@b.example"}, "mail": "test@example.com"} for i in range(30))
    f = {x.path: x for x in clf.classify(s)}
    assert f["staff_ref"].categories == ["person.internal_id"] and "acme.employee" in f["staff_ref"].detectors
    assert "acme.employee" not in f.get("other_ref").detectors
    assert "debug.email" not in f
    assert f.get("mail") is None or not f["mail"].categories


def test_hit_counter_counts_exactly(classifier):
    rng = random.Random(16)
    s = CollectionSample("people")
    docs = [{"sfzh": cn_ric(rng), "note": "x"} for _ in range(50)]
    s.extend(docs)
    findings = classifier.classify(s)
    counter = classifier.hit_counter(s, findings)
    stream = [{"sfzh": [cn_ric(rng)], "note": ["y"]} for _ in range(1000)] + [{"sfzh": ["12345"]}]
    for rec in stream:
        counter.update(rec)
    out = {f.path: f for f in counter.finish()}
    assert out["sfzh"].hits == 1000 and out["sfzh"].examined == 1001


def test_prepare_loads_every_validator_up_front():
    import sys

    from leakwarden.detect.values.govid import StdnumDetector

    clf = Classifier().prepare()
    stdnum = [d for d in clf.detectors if isinstance(d, StdnumDetector)]
    assert len(stdnum) > 50 and all(d._module is not None for d in stdnum)
    assert "numpy" in sys.modules
    assert "phonenumbers.data.region_CN" in sys.modules
