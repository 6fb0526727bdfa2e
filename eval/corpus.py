"""The labelled evaluation corpus: larger and harder than the demo store.

Twenty collections in many languages and naming habits (English camelCase and
snake_case, German, French, Dutch, Portuguese, Russian, Spanish, Chinese
characters, full pinyin, pinyin initials), nested objects and arrays of
objects, many countries' identifiers valid per python-stdnum, decoys that look
like identifiers but fail their checksums, vectors that are not faces,
coordinates of fixed sensors, trajectories (with ground truth computed from
the generated data), and a collection with quasi-identifiers only.

Every value is synthetic. The labelling rules are in ``eval/LABELLING.md``;
``check_labels`` enforces that every leaf path of every document is labelled.

    python eval/corpus.py [--out eval/out/corpus] [--seed 2024] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import base64
import email.utils
import random
import string
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from leakwarden.demo.synthetic import (
    ETHNIC_GROUPS,
    ETHNIC_WEIGHTS,
    SyntheticCollection,
    SyntheticStore,
    api_key,
    bcrypt_hash,
    br_cpf,
    card_number,
    check_labels,
    cn_mobile,
    cn_plate,
    cn_ric,
    cn_ric_bad_checksum,
    de_idnr,
    es_dni,
    eu_plate,
    float32_b64,
    format_mac,
    fr_nir,
    gb_nino,
    geohash_encode,
    hex_id,
    iban,
    imei,
    in_aadhaar,
    ipv4,
    ipv6,
    it_codicefiscale,
    jitter,
    jwt,
    link_truth,
    luhn_bad_number,
    mac_bytes,
    nl_bsn,
    nl_bsn_bad_checksum,
    perturbed_unit,
    phone_number,
    png_product,
    prune_labels,
    random_birthdate,
    ru_inn,
    share_below_k,
    spread_points,
    trajectory_persons,
    unit_vector,
    us_ssn,
    uuid4,
    weighted,
    write_dump,
)

DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "corpus"
GENERATOR = "eval/corpus.py"

CET = timezone(timedelta(hours=1))
MSK = timezone(timedelta(hours=3))
CST = timezone(timedelta(hours=8))
SPRING = datetime(2023, 3, 1, tzinfo=timezone.utc)


def _n(count: int, scale: float, minimum: int = 10) -> int:
    return max(minimum, int(round(count * scale)))


def _when(rng: random.Random, start: datetime = SPRING, days: int = 90, tz: timezone = timezone.utc) -> datetime:
    t = start + timedelta(days=rng.randrange(days), hours=rng.randrange(6, 23), minutes=rng.randrange(60),
                          seconds=rng.randrange(60))
    return t.astimezone(tz)


def _fakers(seed: int) -> dict[str, Any]:
    from faker import Faker

    out = {}
    for i, loc in enumerate(("en_US", "en_GB", "it_IT", "en_IN", "de_DE", "fr_FR", "nl_NL", "pt_BR", "ru_RU",
                             "es_ES", "zh_CN")):
        f = Faker(loc)
        f.seed_instance(seed * 100 + i)
        out[loc] = f
    return out


def _coll(name: str, docs: list[dict], labels: dict[str, list[str]], *, personal: bool,
          trajectory: dict | None = None, persons: int | None = None,
          reidentification: dict | None = None) -> SyntheticCollection:
    return SyntheticCollection(name=name, mapping={}, documents=docs, labels=labels, personal=personal,
                               trajectory=trajectory, persons=persons, reidentification=reidentification)


def _traj(keys: list[str], places: list[str], times: list[str], sightings) -> dict | None:
    n = trajectory_persons(sightings)
    if n == 0:
        return None
    return {"person_keys": keys, "location_fields": places, "time_fields": times, "persons_trackable": n}


# ---------------------------------------------------------------------------- 1. English camelCase, KYC

IT_CITIES = ("Roma", "Milano", "Napoli", "Torino", "Bologna", "Firenze", "Bari", "Verona", "Padova", "Spoleto")

def crm_customers(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    docs = []
    for _ in range(_n(600, scale)):
        country = weighted(rng, {"US": 45, "GB": 25, "IT": 15, "IN": 15})
        f = fk[{"US": "en_US", "GB": "en_GB", "IT": "it_IT", "IN": "en_IN"}[country]]
        female = rng.random() < 0.5
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name()
        birth = random_birthdate(rng, 1950, 2004)
        if country == "US":
            id_type, id_number = "SSN", us_ssn(rng, dashed=rng.random() < 0.7)
        elif country == "GB":
            id_type, id_number = "NINO", gb_nino(rng, spaced=rng.random() < 0.5)
        elif country == "IT":
            id_type, id_number = "CODICE_FISCALE", it_codicefiscale(rng, last, first, birth, female)
        else:
            id_type, id_number = "AADHAAR", in_aadhaar(rng, spaced=rng.random() < 0.6)
        cid = uuid4(rng)
        created = _when(rng, datetime(2021, 1, 1, tzinfo=timezone.utc), 800)
        login = _when(rng)
        doc = {
            "customerId": cid,
            "firstName": first,
            "lastName": last,
            "email": f"{first}.{last}{rng.randrange(1, 99)}@{rng.choice(('example.com', 'mail.example', 'example.org'))}".lower().replace(" ", ""),
            "phone": phone_number(rng, country),
            "dateOfBirth": birth.isoformat(),
            "gender": rng.choice(("F", "female")) if female else rng.choice(("M", "male")),
            # it_IT's city() draws from a set: its order changes with PYTHONHASHSEED
            "address": {"line1": f.street_address(), "city": rng.choice(IT_CITIES) if country == "IT" else f.city(),
                        "postalCode": f.postcode(), "country": country},
            "kyc": {"idType": id_type, "idNumber": id_number,
                    "verifiedAt": (created + timedelta(hours=rng.randrange(1, 72))).isoformat()},
            "payment": {"cardNumber": card_number(rng, grouped=rng.random() < 0.5),
                        "cardExpiry": f"{rng.randrange(1, 13):02d}/{rng.randrange(24, 31)}",
                        "cardBrand": rng.choice(("visa", "mastercard", "amex"))},
            "auth": {"passwordHash": bcrypt_hash(rng), "apiToken": api_key(rng),
                     "accessToken": jwt(rng, {"sub": cid, "iat": int(login.timestamp()),
                                              "exp": int(login.timestamp()) + 3600, "scope": "customer"}),
                     "lastLoginIp": ipv4(rng) if rng.random() < 0.8 else ipv6(rng),
                     "lastLoginAt": int(login.timestamp() * 1000), "mfaEnabled": rng.random() < 0.3},
            "loyaltyTier": rng.choice(("bronze", "silver", "gold", "platinum")),
            "marketingOptIn": rng.random() < 0.4,
            "createdAt": created.isoformat().replace("+00:00", "Z"),
        }
        docs.append(doc)
    labels = {
        "customerId": ["person.internal_id"], "firstName": ["person.name"], "lastName": ["person.name"],
        "email": ["person.email"], "phone": ["person.phone"], "dateOfBirth": ["person.birthdate"],
        "gender": ["person.gender"], "address.line1": ["person.address"], "address.city": ["person.address"],
        "address.postalCode": ["person.address"], "address.country": [], "kyc.idType": [],
        "kyc.idNumber": ["person.government_id"], "kyc.verifiedAt": ["time.timestamp"],
        "payment.cardNumber": ["financial.card"], "payment.cardExpiry": [], "payment.cardBrand": [],
        "auth.passwordHash": ["credential.secret"], "auth.apiToken": ["credential.secret"],
        "auth.accessToken": ["credential.secret"], "auth.lastLoginIp": ["network.ip"],
        "auth.lastLoginAt": ["time.timestamp"], "auth.mfaEnabled": [], "loyaltyTier": [], "marketingOptIn": [],
        "createdAt": ["time.timestamp"],
    }
    return _coll("crm_customers", docs, labels, personal=True, persons=len({d["customerId"] for d in docs}))


# ---------------------------------------------------------------------------- 2. German

KONFESSION = {"römisch-katholisch": 27, "evangelisch": 24, "konfessionslos": 40, "muslimisch": 6, "orthodox": 2,
              "jüdisch": 1}


def kunden_stammdaten(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["de_DE"]
    docs = []
    for i in range(_n(500, scale)):
        female = rng.random() < 0.5
        birth = random_birthdate(rng, 1940, 2004)
        idnr = de_idnr(rng)
        street = f.street_name() + " " + str(rng.randrange(1, 180))
        doc = {
            "kundennummer": f"K-{200000 + i * 7 + rng.randrange(7)}",
            "anrede": "Frau" if female else "Herr",
            "vorname": f.first_name_female() if female else f.first_name_male(),
            "nachname": f.last_name(),
            "geburtsdatum": birth.strftime("%d.%m.%Y"),
            "strasse": street,
            "plz": f.postcode(),
            "ort": f.city(),
            "steuer_id": idnr if rng.random() < 0.6 else f"{idnr[:2]} {idnr[2:5]} {idnr[5:8]} {idnr[8:]}",
            "iban": iban(rng, "DE", spaced=rng.random() < 0.5),
            "telefon": phone_number(rng, "DE"),
            "email": f.free_email(),
            "konfession": weighted(rng, KONFESSION),
            "erstellt_am": _when(rng, datetime(2020, 1, 1, tzinfo=CET), 1000, CET).isoformat(),
            "kundenstatus": rng.choice(("aktiv", "gesperrt", "inaktiv")),
            "newsletter": rng.random() < 0.3,
        }
        if rng.random() < 0.45:
            doc["kfz_kennzeichen"] = eu_plate(rng, "DE")
        docs.append(doc)
    labels = {
        "kundennummer": ["person.internal_id"], "anrede": ["person.gender"], "vorname": ["person.name"],
        "nachname": ["person.name"], "geburtsdatum": ["person.birthdate"], "strasse": ["person.address"],
        "plz": ["person.address"], "ort": ["person.address"], "steuer_id": ["person.government_id"],
        "iban": ["financial.bank_account"], "telefon": ["person.phone"], "email": ["person.email"],
        "konfession": ["special.religion"], "erstellt_am": ["time.timestamp"], "kundenstatus": [],
        "newsletter": [], "kfz_kennzeichen": ["person.vehicle_plate"],
    }
    return _coll("kunden_stammdaten", docs, labels, personal=True, persons=len(docs))


# ---------------------------------------------------------------------------- 3. French, hospital visits (trajectory)

HOPITAUX = ("Hôpital Saint-Louis", "Hôpital Lariboisière", "Hôpital Necker", "Hôpital Cochin",
            "Clinique du Parc Monceau", "Hôpital Bichat", "Hôpital de la Pitié-Salpêtrière", "Centre médical Vaugirard")
DIAGNOSTICS = {
    "cardiologie": ("hypertension artérielle", "insuffisance cardiaque", "fibrillation auriculaire"),
    "endocrinologie": ("diabète de type 2", "diabète de type 1", "hypothyroïdie"),
    "psychiatrie": ("épisode dépressif majeur", "trouble bipolaire", "trouble anxieux généralisé"),
    "oncologie": ("cancer du sein", "lymphome", "cancer colorectal"),
    "addictologie": ("dépendance à l'alcool", "dépendance aux opioïdes"),
    "médecine générale": ("bronchite aiguë", "lombalgie", "grippe saisonnière"),
}
TRAITEMENTS = ("metformine 500 mg", "ramipril 5 mg", "sertraline 50 mg", "lévothyrox 75 µg", "paracétamol 1 g",
               "buprénorphine 8 mg", "tamoxifène 20 mg", "insuline glargine")


def dossiers_patients(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["fr_FR"]
    patients = []
    for _ in range(_n(260, scale)):
        female = rng.random() < 0.5
        birth = random_birthdate(rng, 1935, 2010)
        patients.append({
            "nom": f.last_name(), "prenom": f.first_name_female() if female else f.first_name_male(),
            "nir": fr_nir(rng, birth, female, spaced=rng.random() < 0.3),
            "date_naissance": birth.strftime("%d/%m/%Y"), "sexe": "F" if female else "M",
            "telephone": phone_number(rng, "FR"), "courriel": f.free_email(),
            "adresse": f.address().replace("\n", ", "),
            "_hospitals": rng.sample(HOPITAUX, 1 if rng.random() < 0.4 else rng.randrange(2, 4)),
            "_service": rng.choice(sorted(DIAGNOSTICS)),
        })
    doctors = [f"Dr {f.first_name()} {f.last_name()}" for _ in range(30)]
    docs = []
    for p in patients:
        for _ in range(1 + min(5, int(rng.expovariate(0.7)))):
            when = _when(rng, datetime(2022, 9, 1, tzinfo=CET), 240, CET)
            svc = p["_service"]
            docs.append({
                "id_visite": uuid4(rng),
                "patient": {k: v for k, v in p.items() if not k.startswith("_")},
                "medecin": rng.choice(doctors),
                "etablissement": rng.choice(p["_hospitals"]),
                "service": svc,
                "diagnostic": rng.choice(DIAGNOSTICS[svc]),
                "traitement": rng.choice(TRAITEMENTS),
                "date_consultation": email.utils.format_datetime(when),
                "montant": rng.choice((25.0, 30.0, 50.0, 60.0)),
                "mutuelle": rng.choice(("MGEN", "Harmonie Mutuelle", "AG2R", "aucune")),
            })
    rng.shuffle(docs)
    labels = {
        "id_visite": [], "patient.nom": ["person.name"], "patient.prenom": ["person.name"],
        "patient.nir": ["person.government_id"], "patient.date_naissance": ["person.birthdate"],
        "patient.sexe": ["person.gender"], "patient.telephone": ["person.phone"], "patient.courriel": ["person.email"],
        "patient.adresse": ["person.address"], "medecin": ["person.name"], "etablissement": ["location.place"],
        "service": ["special.health"], "diagnostic": ["special.health"], "traitement": ["special.health"],
        "date_consultation": ["time.timestamp"], "montant": [], "mutuelle": [],
    }
    traj = _traj(["patient.nir", "patient.telephone", "patient.courriel", "patient.nom"], ["etablissement"],
                 ["date_consultation"], ((d["patient"]["nir"], d["etablissement"]) for d in docs))
    return _coll("dossiers_patients", docs, labels, personal=True, trajectory=traj,
                 persons=len({d["patient"]["nir"] for d in docs}))


# ---------------------------------------------------------------------------- 4. Dutch

TUSSENVOEGSELS = ("van", "van der", "de", "van den", "ter", "van de")


def klanten_verzekering(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["nl_NL"]
    docs = []
    for i in range(_n(400, scale)):
        female = rng.random() < 0.5
        birth = random_birthdate(rng, 1940, 2004)
        doc: dict[str, Any] = {
            "polisnummer": f"POL-2023-{i + 1:06d}",
            "voornaam": f.first_name_female() if female else f.first_name_male(),
        }
        if rng.random() < 0.3:
            doc["tussenvoegsel"] = rng.choice(TUSSENVOEGSELS)
        doc.update({
            "achternaam": f.last_name().split(" ")[-1].capitalize(),
            "bsn": nl_bsn(rng),
            "geboortedatum": birth.isoformat(),
            "geslacht": "vrouw" if female else "man",
            "adres": {"straat": f.street_name(), "huisnummer": str(rng.randrange(1, 300)) + rng.choice(("", "", "A", "-2")),
                      "postcode": f.postcode(), "woonplaats": f.city()},
            "telefoonnummer": phone_number(rng, "NL"),
            "iban": iban(rng, "NL", spaced=rng.random() < 0.5),
            "medische_verklaring": weighted(rng, {"geen": 60, "astma": 10, "diabetes type 1": 6, "hartfalen": 4,
                                                  "depressie": 8, "epilepsie": 4, "rugklachten": 8}),
            "premie": round(rng.uniform(95, 180), 2),
            "ingangsdatum": date(2023, rng.randrange(1, 6), 1).isoformat(),
            "schadevrije_jaren": rng.randrange(0, 15),
        })
        if rng.random() < 0.5:
            doc["kenteken"] = eu_plate(rng, "NL")
        docs.append(doc)
    labels = {
        "polisnummer": [], "voornaam": ["person.name"], "tussenvoegsel": ["person.name"], "achternaam": ["person.name"],
        "bsn": ["person.government_id"], "geboortedatum": ["person.birthdate"], "geslacht": ["person.gender"],
        "adres.straat": ["person.address"], "adres.huisnummer": ["person.address"], "adres.postcode": ["person.address"],
        "adres.woonplaats": ["person.address"], "telefoonnummer": ["person.phone"], "iban": ["financial.bank_account"],
        "medische_verklaring": ["special.health"], "premie": [], "ingangsdatum": ["time.timestamp"],
        "schadevrije_jaren": [], "kenteken": ["person.vehicle_plate"],
    }
    return _coll("klanten_verzekering", docs, labels, personal=True, persons=len(docs))


# ---------------------------------------------------------------------------- 5. Brazilian Portuguese, arrays of objects

COR_RACA = {"parda": 45, "branca": 43, "preta": 10, "amarela": 1, "indígena": 1}


def cadastro_beneficiarios(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["pt_BR"]
    docs = []
    for i in range(_n(500, scale)):
        female = rng.random() < 0.55
        birth = random_birthdate(rng, 1945, 2005)
        enderecos = [{"tipo": "residencial", "logradouro": f.street_address(), "cidade": f.city(),
                      "cep": f"{rng.randrange(10000, 99999)}-{rng.randrange(1000):03d}"}]
        if rng.random() < 0.3:
            enderecos.append({"tipo": "correspondência", "logradouro": f.street_address(), "cidade": f.city(),
                              "cep": f"{rng.randrange(10000, 99999)}-{rng.randrange(1000):03d}"})
        pagamentos = []
        for m in range(rng.randrange(1, 5)):
            paid = datetime(2023, 1 + m, rng.randrange(10, 28), tzinfo=timezone(timedelta(hours=-3)))
            pagamentos.append({"competencia": f"2023-{m + 1:02d}", "valor": rng.choice((600.0, 650.0, 750.0)),
                               "data_pagamento": paid.isoformat()})
        docs.append({
            "id_beneficiario": 100001 + i,
            "nome": f.name_female() if female else f.name_male(),
            "cpf": br_cpf(rng, formatted=rng.random() < 0.6),
            "data_nascimento": birth.strftime("%d/%m/%Y"),
            "sexo": "feminino" if female else "masculino",
            "cor_raca": weighted(rng, COR_RACA),
            "deficiencia": weighted(rng, {"nenhuma": 85, "visual": 4, "auditiva": 4, "física": 5, "intelectual": 2}),
            "telefone": phone_number(rng, "BR"),
            "email": f.free_email(),
            "enderecos": enderecos,
            "pagamentos": pagamentos,
            "renda_familiar": round(rng.uniform(0, 2500), 2),
        })
    labels = {
        "id_beneficiario": ["person.internal_id"], "nome": ["person.name"], "cpf": ["person.government_id"],
        "data_nascimento": ["person.birthdate"], "sexo": ["person.gender"], "cor_raca": ["special.ethnicity"],
        "deficiencia": ["special.health"], "telefone": ["person.phone"], "email": ["person.email"],
        "enderecos.tipo": [], "enderecos.logradouro": ["person.address"], "enderecos.cidade": ["person.address"],
        "enderecos.cep": ["person.address"], "pagamentos.competencia": [], "pagamentos.valor": [],
        "pagamentos.data_pagamento": ["time.timestamp"], "renda_familiar": [],
    }
    return _coll("cadastro_beneficiarios", docs, labels, personal=True, persons=len(docs))


# ---------------------------------------------------------------------------- 6. Russian (Cyrillic field names)

def polzovateli_ru(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["ru_RU"]
    docs = []
    for _ in range(_n(400, scale)):
        female = rng.random() < 0.5
        birth = random_birthdate(rng, 1950, 2004)
        docs.append({
            "идентификатор": uuid4(rng),
            "фамилия": f.last_name_female() if female else f.last_name_male(),
            "имя": f.first_name_female() if female else f.first_name_male(),
            "отчество": f.middle_name_female() if female else f.middle_name_male(),
            "дата_рождения": birth.strftime("%d.%m.%Y"),
            "пол": "женский" if female else "мужской",
            "инн": ru_inn(rng),
            "паспорт": f"{rng.randrange(1000, 9999)} {rng.randrange(100000, 999999)}",
            "паспорт_действителен_до": date(rng.randrange(2024, 2040), rng.randrange(1, 13), rng.randrange(1, 28)).strftime("%d.%m.%Y"),
            "телефон": phone_number(rng, "RU"),
            "email": f.free_email(),
            "адрес_регистрации": f.address(),
            "дата_регистрации": _when(rng, datetime(2021, 1, 1, tzinfo=MSK), 800, MSK).isoformat(),
            "ip_адрес": ipv4(rng),
            "статус": rng.choice(("активен", "заблокирован", "удалён")),
        })
    labels = {
        "идентификатор": ["person.internal_id"], "фамилия": ["person.name"], "имя": ["person.name"],
        "отчество": ["person.name"], "дата_рождения": ["person.birthdate"], "пол": ["person.gender"],
        "инн": ["person.government_id"], "паспорт": ["person.government_id"], "паспорт_действителен_до": [],
        "телефон": ["person.phone"], "email": ["person.email"], "адрес_регистрации": ["person.address"],
        "дата_регистрации": ["time.timestamp"], "ip_адрес": ["network.ip"], "статус": [],
    }
    return _coll("polzovateli_ru", docs, labels, personal=True, persons=len(docs))


# ---------------------------------------------------------------------------- 7-10. Chinese: characters, pinyin, initials

ZHENGZHI = {"群众": 70, "中共党员": 18, "共青团员": 10, "民主党派": 2}
WENHUA = ("小学", "初中", "高中", "大学专科", "大学本科", "研究生")
ZONGJIAO = {"无": 60, "伊斯兰教": 24, "佛教": 10, "基督教": 5, "天主教": 1}
JIANKANG = {"良好": 70, "高血压": 10, "糖尿病": 6, "残疾": 5, "精神障碍": 3, "慢性病": 6}
RYLB = {"涉毒人员": 30, "刑释解教人员": 30, "涉恐人员": 10, "肇事肇祸精神病人": 10, "在逃人员": 10, "涉稳人员": 10}
GK_NOTES = ("该人员近期频繁出入网吧，需重点关注", "刑满释放后未按时报到", "有吸毒史，每月尿检一次", "曾因盗窃被判处有期徒刑三年",
            "家属反映其精神状况不稳定", "多次进京上访，敏感时期重点管控")
CN_PLACES = ("火车站北广场", "长途汽车站", "人民广场", "中心医院", "大巴扎", "体育馆", "步行街南口", "清真寺东侧", "网吧一条街",
             "汽车客运站", "高铁站进站口", "机场出发层", "城北农贸市场", "中山路口", "解放路与团结路交叉口", "南湖公园")
HDLX = ("旅馆住宿", "网吧上网", "火车出行", "民航出行", "卡口过车", "医院就诊")


def _cn_people(rng: random.Random, f: Any, n: int) -> list[dict]:
    people, seen = [], set()
    while len(people) < n:
        female = rng.random() < 0.5
        birth = random_birthdate(rng, 1950, 2004)
        ric = cn_ric(rng, birth, female)
        if ric in seen:
            continue
        seen.add(ric)
        ethnic = weighted(rng, ETHNIC_WEIGHTS)
        people.append({"name": f.name_female() if female else f.name_male(), "female": female, "birth": birth,
                       "ric": ric, "ethnic": ethnic, "phone": cn_mobile(rng), "address": f.address().split(" ")[0],
                       "plate": cn_plate(rng) if rng.random() < 0.4 else None,
                       "rybh": f"R{rng.randrange(10**11, 10**12)}"})
    return people


def renkou_xinxi(rng: random.Random, fk: dict, scale: float, people: list[dict]) -> SyntheticCollection:
    docs = []
    for p in people:
        reg = random_birthdate(rng, 2005, 2022)
        doc = {
            "人员编号": p["rybh"], "姓名": p["name"], "公民身份号码": p["ric"], "性别": "女" if p["female"] else "男",
            "民族": ETHNIC_GROUPS[p["ethnic"]][0],
            "出生日期": f"{p['birth'].year}年{p['birth'].month}月{p['birth'].day}日",
            "户籍地址": p["address"], "现住址": fk["zh_CN"].address().split(" ")[0], "联系电话": p["phone"],
            "宗教信仰": weighted(rng, ZONGJIAO), "登记日期": f"{reg.year}年{reg.month}月{reg.day}日",
            "文化程度": rng.choice(WENHUA), "婚姻状况": rng.choice(("未婚", "已婚", "离异", "丧偶")),
            "政治面貌": weighted(rng, ZHENGZHI),
        }
        if p["plate"]:
            doc["车牌号码"] = p["plate"]
        docs.append(doc)
    labels = {
        "人员编号": ["person.internal_id"], "姓名": ["person.name"], "公民身份号码": ["person.government_id"],
        "性别": ["person.gender"], "民族": ["special.ethnicity"], "出生日期": ["person.birthdate"],
        "户籍地址": ["person.address"], "现住址": ["person.address"], "联系电话": ["person.phone"],
        "宗教信仰": ["special.religion"], "登记日期": ["time.timestamp"], "文化程度": [], "婚姻状况": [],
        "政治面貌": ["special.political"], "车牌号码": ["person.vehicle_plate"],
    }
    return _coll("renkou_xinxi", docs, labels, personal=True, persons=len(docs))


def renyuan_pinyin(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["zh_CN"]
    docs = []
    for p in _cn_people(rng, f, _n(500, scale)):
        docs.append({
            "renyuan_id": uuid4(rng), "xingming": p["name"], "shenfenzhenghao": p["ric"],
            "xingbie": "女" if p["female"] else "男", "minzu": ETHNIC_GROUPS[p["ethnic"]][0],
            "chushengriqi": p["birth"].strftime("%Y%m%d"), "jiatingzhuzhi": p["address"], "shoujihao": p["phone"],
            "zongjiaoxinyang": weighted(rng, ZONGJIAO), "gongzuodanwei": f.company(),
            "jiankangzhuangkuang": weighted(rng, JIANKANG),
            "gengxinshijian": int(_when(rng, tz=CST).timestamp() * 1000),
        })
    labels = {
        "renyuan_id": ["person.internal_id"], "xingming": ["person.name"], "shenfenzhenghao": ["person.government_id"],
        "xingbie": ["person.gender"], "minzu": ["special.ethnicity"], "chushengriqi": ["person.birthdate"],
        "jiatingzhuzhi": ["person.address"], "shoujihao": ["person.phone"], "zongjiaoxinyang": ["special.religion"],
        "gongzuodanwei": [], "jiankangzhuangkuang": ["special.health"], "gengxinshijian": ["time.timestamp"],
    }
    return _coll("renyuan_pinyin", docs, labels, personal=True, persons=len(docs))


def zdry_gk(rng: random.Random, fk: dict, scale: float, people: list[dict]) -> SyntheticCollection:
    f = fk["zh_CN"]
    officers = [f.name() for _ in range(12)]
    docs = []
    for p in people:
        doc = {
            "rybh": p["rybh"], "xm": p["name"], "sfzh": p["ric"], "xb": "2" if p["female"] else "1",
            "mz": p["ethnic"], "csrq": p["birth"].isoformat(), "hjdz": p["address"], "sjhm": p["phone"],
            "rylb": weighted(rng, RYLB), "gkjb": rng.choice(("一级", "二级", "三级")), "zrmj": rng.choice(officers),
            "lrsj": _when(rng, datetime(2018, 1, 1, tzinfo=CST), 500, CST).strftime("%Y-%m-%d %H:%M:%S"),
            "bz": rng.choice(GK_NOTES),
        }
        if p["plate"]:
            doc["cph"] = p["plate"]
        docs.append(doc)
    labels = {
        "rybh": ["person.internal_id"], "xm": ["person.name"], "sfzh": ["person.government_id"], "xb": ["person.gender"],
        "mz": ["special.ethnicity"], "csrq": ["person.birthdate"], "hjdz": ["person.address"], "sjhm": ["person.phone"],
        "rylb": ["special.criminal", "special.health"], "gkjb": ["special.criminal"], "zrmj": ["person.name"],
        "lrsj": ["time.timestamp"], "bz": ["special.criminal", "special.health"], "cph": ["person.vehicle_plate"],
    }
    return _coll("zdry_gk", docs, labels, personal=True, persons=len(docs))


def gj_guiji(rng: random.Random, fk: dict, scale: float, people: list[dict]) -> SyntheticCollection:
    points = dict(zip(CN_PLACES, spread_points(rng, (43.80, 87.60), len(CN_PLACES), 8000, 400)))
    docs = []
    n_docs = _n(1000, scale, 20)
    haunts = {p["ric"]: rng.sample(CN_PLACES, 1 if rng.random() < 0.25 else rng.randrange(2, 6)) for p in people}
    order = list(range(len(people))) + rng.choices(range(len(people)), k=max(0, n_docs - len(people)))
    rng.shuffle(order)
    for i in order[:n_docs]:
        p = people[i]
        place = rng.choice(haunts[p["ric"]])
        lat, lon = points[place]
        docs.append({
            "gjbh": f"GJ{rng.randrange(10**15, 10**16)}", "sfzh": p["ric"], "xm": p["name"], "hdlx": rng.choice(HDLX),
            "hdsj": _when(rng, tz=CST).strftime("%Y%m%d%H%M%S"), "hddd": place, "jd": lon, "wd": lat,
            "sjly": rng.choice(("旅馆业系统", "网吧实名系统", "铁路购票", "卡口系统")),
        })
    labels = {"gjbh": [], "sfzh": ["person.government_id"], "xm": ["person.name"], "hdlx": [],
              "hdsj": ["time.timestamp"], "hddd": ["location.place"], "jd": ["location.coordinates"],
              "wd": ["location.coordinates"], "sjly": []}
    traj = _traj(["sfzh", "xm"], ["hddd", "jd", "wd"], ["hdsj"], ((d["sfzh"], d["hddd"]) for d in docs))
    return _coll("gj_guiji", docs, labels, personal=True, trajectory=traj, persons=len({d["sfzh"] for d in docs}))


# ---------------------------------------------------------------------------- 11. ANPR, EU plates (trajectory)

BERLIN_STREETS = ("Friedrichstraße / Unter den Linden", "Karl-Marx-Allee / Straße der Pariser Kommune",
                  "Kurfürstendamm / Joachimsthaler Straße", "Torstraße / Rosenthaler Straße", "Sonnenallee / Hermannstraße",
                  "Frankfurter Allee / Möllendorffstraße", "Hauptstraße / Dominicusstraße", "Invalidenstraße / Chausseestraße",
                  "Leipziger Straße / Wilhelmstraße", "Greifswalder Straße / Danziger Straße", "Schönhauser Allee / Eberswalder Straße",
                  "Potsdamer Straße / Kurfürstenstraße")


def anpr_sightings(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    cams = {s: (f"ANPR-{i + 1:03d}", pt) for i, (s, pt) in
            enumerate(zip(BERLIN_STREETS, spread_points(rng, (52.515, 13.39), len(BERLIN_STREETS), 6000, 600)))}
    vehicles = []
    for _ in range(_n(200, scale)):
        cc = weighted(rng, {"DE": 80, "NL": 6, "FR": 6, "IT": 4, "ES": 4})
        vehicles.append({"plate": eu_plate(rng, cc), "cc": cc,
                         "make": rng.choice(("VW", "BMW", "Mercedes-Benz", "Opel", "Renault", "Skoda", "Toyota", "Tesla")),
                         "colour": rng.choice(("black", "silver", "white", "blue", "red", "grey")),
                         "route": rng.sample(BERLIN_STREETS, 1 if rng.random() < 0.3 else rng.randrange(2, 5))})
    n_docs = _n(1000, scale, 20)
    order = list(range(len(vehicles))) + rng.choices(range(len(vehicles)), k=max(0, n_docs - len(vehicles)))
    rng.shuffle(order)
    docs = []
    for i in order[:n_docs]:
        v = vehicles[i]
        street = rng.choice(v["route"])
        cam_id, (lat, lon) = cams[street]
        docs.append({
            "sighting_id": uuid4(rng), "plate": v["plate"], "plate_country": v["cc"],
            "camera": {"id": cam_id, "street": street, "position": f"{lat:.5f},{lon:.5f}"},
            "ts": int(_when(rng, tz=CET).timestamp()), "speed_kmh": rng.randrange(12, 71), "lane": rng.randrange(1, 4),
            "vehicle": {"make": v["make"], "colour": v["colour"]}, "confidence": round(rng.uniform(0.8, 0.999), 3),
        })
    labels = {"sighting_id": [], "plate": ["person.vehicle_plate"], "plate_country": [], "camera.id": [],
              "camera.street": ["location.place"], "camera.position": ["location.coordinates"], "ts": ["time.timestamp"],
              "speed_kmh": [], "lane": [], "vehicle.make": [], "vehicle.colour": [], "confidence": []}
    traj = _traj(["plate"], ["camera.street", "camera.position", "camera.id"], ["ts"],
                 ((d["plate"], d["camera"]["street"]) for d in docs))
    return _coll("anpr_sightings", docs, labels, personal=True, trajectory=traj,
                 persons=len({d["plate"] for d in docs}))


# ---------------------------------------------------------------------------- 12. Spanish ride hailing: GeoJSON + WKT (trajectory)

def viajes_taxi(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["es_ES"]
    spots = spread_points(rng, (40.4168, -3.7038), 30, 6000, 500)
    drivers = [{"nombre": f.name(), "dni": es_dni(rng), "matricula": eu_plate(rng, "ES"), "iban": iban(rng, "ES")}
               for _ in range(max(5, _n(40, scale)))]
    riders = [{"id": uuid4(rng), "nombre": f.name(), "telefono": phone_number(rng, "ES"),
               "spots": rng.sample(range(len(spots)), rng.randrange(2, 6))} for _ in range(_n(200, scale))]
    n_docs = _n(800, scale, 20)
    order = list(range(len(riders))) + rng.choices(range(len(riders)), k=max(0, n_docs - len(riders)))
    rng.shuffle(order)
    docs, sightings = [], []
    for i in order[:n_docs]:
        r = riders[i]
        a, b = rng.sample(r["spots"], 2)
        (la, lo), (lb, lob) = jitter(rng, spots[a], 30), jitter(rng, spots[b], 30)
        start = _when(rng, tz=CET)
        end = start + timedelta(minutes=rng.randrange(6, 45))
        d = rng.choice(drivers)
        docs.append({
            "id_viaje": uuid4(rng), "id_pasajero": r["id"],
            "pasajero": {"nombre": r["nombre"], "telefono": r["telefono"]},
            "conductor": dict(d),
            "recogida": {"type": "Point", "coordinates": [lo, la]},
            "destino": f"POINT ({lob} {lb})",
            "hora_recogida": int(start.timestamp() * 1000),
            "hora_llegada": email.utils.format_datetime(end),
            "importe": round(rng.uniform(6, 40), 2), "metodo_pago": rng.choice(("tarjeta", "efectivo", "bizum")),
            "valoracion": rng.randrange(1, 6),
        })
        sightings += [(r["id"], a), (r["id"], b), (d["dni"], a), (d["dni"], b)]
    labels = {
        "id_viaje": [], "id_pasajero": ["person.internal_id"], "pasajero.nombre": ["person.name"],
        "pasajero.telefono": ["person.phone"], "conductor.nombre": ["person.name"],
        "conductor.dni": ["person.government_id"], "conductor.matricula": ["person.vehicle_plate"],
        "conductor.iban": ["financial.bank_account"], "recogida.type": [], "recogida.coordinates": ["location.coordinates"],
        "destino": ["location.coordinates"], "hora_recogida": ["time.timestamp"], "hora_llegada": ["time.timestamp"],
        "importe": [], "metodo_pago": [], "valoracion": [],
    }
    # riders and drivers are both keyed people who move: both count
    traj = _traj(["id_pasajero", "pasajero.telefono", "pasajero.nombre", "conductor.dni", "conductor.nombre",
                  "conductor.matricula"], ["recogida.coordinates", "destino"], ["hora_recogida", "hora_llegada"],
                 sightings)
    return _coll("viajes_taxi", docs, labels, personal=True, trajectory=traj,
                 persons=len({d["id_pasajero"] for d in docs} | {d["conductor"]["dni"] for d in docs}))


# ---------------------------------------------------------------------------- 13. mobile SDK events: nested arrays, geohash (trajectory)

def mobile_sdk_events(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    spots = spread_points(rng, (52.3676, 4.9041), 40, 7000, 500)
    users = []
    for i in range(_n(150, scale)):
        devs = []
        for _ in range(rng.choice((1, 1, 1, 2))):
            devs.append({"imei": imei(rng), "mac": format_mac(mac_bytes(rng), rng.choice(("colon", "hyphen", "cisco", "bare", "colon_lower"))),
                         "os": rng.choice(("Android 13", "Android 12", "iOS 16.4", "iOS 15.7")),
                         "model": rng.choice(("Pixel 7", "Galaxy S22", "iPhone 13", "iPhone 12 mini", "Fairphone 4"))})
        users.append({"id": f"u_{rng.randrange(10**8, 10**9)}", "devices": devs,
                      "spots": rng.sample(range(len(spots)), 1 if rng.random() < 0.2 else rng.randrange(2, 5)),
                      "ipv6": rng.random() < 0.4})
    sdk_key = api_key(rng, "generic")
    n_docs = _n(1000, scale, 20)
    order = list(range(len(users))) + rng.choices(range(len(users)), k=max(0, n_docs - len(users)))
    rng.shuffle(order)
    docs, sightings = [], []
    for i in order[:n_docs]:
        u = users[i]
        s = rng.choice(u["spots"])
        lat, lon = jitter(rng, spots[s], 30)
        docs.append({
            "event_id": hex_id(rng, 12), "user_id": u["id"],
            "event": rng.choice(("app_open", "screen_view", "purchase", "search", "push_open")),
            "ts": int(_when(rng).timestamp()),
            "geo": {"geohash": geohash_encode(lat, lon, 8), "accuracy_m": rng.randrange(5, 60)},
            "ip": ipv6(rng) if u["ipv6"] else ipv4(rng),
            "devices": [dict(d) for d in u["devices"]],
            "app": {"version": rng.choice(("5.2.1", "5.2.0", "5.1.9")), "build_date": "2023-02-14", "sdk_key": sdk_key},
            "session_count": rng.randrange(1, 400),
        })
        sightings.append((u["id"], s))
    labels = {
        "event_id": [], "user_id": ["person.internal_id"], "event": [], "ts": ["time.timestamp"],
        "geo.geohash": ["location.coordinates"], "geo.accuracy_m": [], "ip": ["network.ip"],
        "devices.imei": ["device.imsi_imei"], "devices.mac": ["device.mac"], "devices.os": [], "devices.model": [],
        "app.version": [], "app.build_date": ["time.timestamp"], "app.sdk_key": ["credential.secret"],
        "session_count": [],
    }
    traj = _traj(["user_id", "devices.imei", "devices.mac"], ["geo.geohash"], ["ts"], sightings)
    return _coll("mobile_sdk_events", docs, labels, personal=True, trajectory=traj,
                 persons=len({d["user_id"] for d in docs}))


# ---------------------------------------------------------------------------- 14. dating profiles: special categories

def dating_profiles(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["en_US"]
    docs = []
    for i in range(_n(500, scale)):
        g = weighted(rng, {"woman": 48, "man": 48, "non-binary": 4})
        lat, lon = jitter(rng, (40.73, -73.95), 9000)
        photos = [{"url": f"https://cdn.dating.example/p/{hex_id(rng, 10)}.jpg", "is_primary": j == 0}
                  for j in range(rng.randrange(1, 4))]
        docs.append({
            "member_id": 5_000_000 + i * 3,
            "first_name": f.first_name_female() if g == "woman" else f.first_name_male() if g == "man" else f.first_name(),
            "age": rng.randrange(18, 66), "gender": g,
            "orientation": weighted(rng, {"straight": 70, "gay": 10, "lesbian": 6, "bisexual": 11, "pansexual": 3}),
            "religion": weighted(rng, {"Christian": 40, "Catholic": 15, "Jewish": 8, "Muslim": 7, "Hindu": 4,
                                       "Buddhist": 3, "Atheist": 13, "Agnostic": 10}),
            "politics": weighted(rng, {"liberal": 45, "moderate": 25, "conservative": 20, "apolitical": 10}),
            "ethnicity": weighted(rng, {"White": 45, "Black": 15, "Hispanic / Latino": 18, "Asian": 14,
                                        "Middle Eastern": 4, "Mixed": 4}),
            "hiv_status": weighted(rng, {"negative": 70, "positive": 5, "undisclosed": 25}),
            "height_cm": rng.randrange(150, 200),
            "bio": rng.choice(("Coffee first.", "Hiking, books and bad puns.", "Ask me about my dog.",
                               "New in town, show me around?", "Amateur chef, professional eater.")),
            "photos": photos,
            "last_location": f"{lat:.4f},{lon:.4f}",
            "last_active": _when(rng).isoformat().replace("+00:00", "Z"),
            "email": f.free_email(),
        })
    labels = {
        "member_id": ["person.internal_id"], "first_name": ["person.name"], "age": ["person.age"],
        "gender": ["person.gender"], "orientation": ["special.sexual_orientation"], "religion": ["special.religion"],
        "politics": ["special.political"], "ethnicity": ["special.ethnicity"], "hiv_status": ["special.health"],
        "height_cm": [], "bio": [], "photos.url": ["person.photo"], "photos.is_primary": [],
        "last_location": ["location.coordinates"], "last_active": ["time.timestamp"], "email": ["person.email"],
    }
    return _coll("dating_profiles", docs, labels, personal=True, persons=len(docs))


# ---------------------------------------------------------------------------- 15. quasi-identifiers only

CONDITIONS = ("hypertension", "asthma", "type 2 diabetes", "depression", "migraine", "arthritis", "COPD")
MEDICATIONS = ("metformin", "lisinopril", "salbutamol", "sertraline", "ibuprofen", "atorvastatin")


def health_survey(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    postcodes = {"10115": 30, "10245": 25, "10437": 20, "12043": 15, "13353": 6, "14193": 4}
    docs = []
    for _ in range(_n(800, scale)):
        conditions = sorted(rng.sample(CONDITIONS, weighted(rng, {0: 50, 1: 35, 2: 15})))
        doc: dict[str, Any] = {
            "response_id": uuid4(rng),
            "year_of_birth": max(1930, min(2005, int(rng.gauss(1978, 9)))),
            "sex": rng.choice(("M", "F")),
            "postcode": weighted(rng, postcodes),
            "smoker": rng.random() < 0.22,
            "bmi": round(rng.gauss(26, 4), 1),
            "submitted_at": _when(rng, tz=CET).isoformat(),
            "survey_version": "v2",
        }
        if conditions:
            doc["conditions"] = conditions
            doc["medications"] = sorted(rng.sample(MEDICATIONS, rng.randrange(1, 3)))
        docs.append(doc)
    labels = {
        "response_id": [], "year_of_birth": ["person.birthdate"], "sex": ["person.gender"],
        "postcode": ["person.address"], "smoker": ["special.health"], "bmi": ["special.health"],
        "conditions": ["special.health"], "medications": ["special.health"], "submitted_at": ["time.timestamp"],
        "survey_version": [],
    }
    qi = ["year_of_birth", "sex", "postcode"]
    reid = {"quasi_identifiers": qi, "k": 5,
            "share_below_k": round(share_below_k(tuple(d[q] for q in qi) for d in docs), 4)}
    return _coll("health_survey", docs, labels, personal=True, persons=len(docs), reidentification=reid)


# ---------------------------------------------------------------------------- 16. face matches: string and blob embeddings (trajectory)

def face_match_log(rng: random.Random, fk: dict, scale: float, people: list[dict]) -> SyntheticCollection:
    points = dict(zip(CN_PLACES, spread_points(rng, (43.80, 87.60), len(CN_PLACES), 8000, 400)))
    bases = {p["rybh"]: unit_vector(rng, 128) for p in people}
    haunts = {p["rybh"]: rng.sample(CN_PLACES, 1 if rng.random() < 0.3 else rng.randrange(2, 5)) for p in people}
    n_docs = _n(600, scale, 20)
    order = list(range(len(people))) + rng.choices(range(len(people)), k=max(0, n_docs - len(people)))
    rng.shuffle(order)
    docs = []
    for i in order[:n_docs]:
        p = people[i]
        place = rng.choice(haunts[p["rybh"]])
        lat, lon = points[place]
        vec = perturbed_unit(rng, bases[p["rybh"]], 0.1, 4)
        rid = hex_id(rng, 10)
        w = rng.randrange(40, 160)
        docs.append({
            "rlid": rid, "ryid": p["rybh"],
            "tezheng": ",".join(f"{x:.4f}" for x in vec),
            "feat_b64": float32_b64(perturbed_unit(rng, bases[p["rybh"]], 0.1, 6)),
            "抓拍时间": _when(rng, tz=CST).strftime("%Y-%m-%d %H:%M:%S"),
            "点位名称": place, "点位坐标": {"lat": lat, "lon": lon},
            "nianling": max(14, 2023 - p["birth"].year + rng.randrange(-5, 6)), "xingbie": "女" if p["female"] else "男",
            "kouzhao": int(rng.random() < 0.1), "yanjing": int(rng.random() < 0.2),
            "biaoqing": rng.choice(("平静", "微笑", "惊讶", "愤怒")), "yanzhi": rng.randrange(40, 95),
            "renlian_kuang": [rng.randrange(1800), rng.randrange(1000), w, int(w * 1.2)],
            "xiangsidu": round(rng.uniform(0.75, 0.99), 3),
            "tupian": f"http://face-store.example/face/{rid}.jpg",
            "quanjing_url": f"http://face-store.example/scene/{rid}.jpg",
        })
    labels = {
        "rlid": [], "ryid": ["person.internal_id"], "tezheng": ["biometric.face_embedding"],
        "feat_b64": ["biometric.face_embedding"], "抓拍时间": ["time.timestamp"], "点位名称": ["location.place"],
        "点位坐标": ["location.coordinates"], "nianling": ["person.age"], "xingbie": ["person.gender"],
        "kouzhao": ["biometric.face_attributes"], "yanjing": ["biometric.face_attributes"],
        "biaoqing": ["biometric.face_attributes"], "yanzhi": ["biometric.face_attributes"], "renlian_kuang": [],
        "xiangsidu": [], "tupian": ["person.photo"], "quanjing_url": ["person.photo"],
    }
    traj = _traj(["ryid", "tezheng", "feat_b64"], ["点位名称", "点位坐标"], ["抓拍时间"],
                 ((d["ryid"], d["点位名称"]) for d in docs))
    return _coll("face_match_log", docs, labels, personal=True, trajectory=traj,
                 persons=len({d["ryid"] for d in docs}))


# ---------------------------------------------------------------------------- 17-20. decoys

def service_logs(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    services = ("checkout-api", "inventory-svc", "search-gateway", "auth-proxy")
    builds = {s: {"git_sha": hex_id(rng, 20), "build_date": (SPRING - timedelta(days=rng.randrange(5, 60))).isoformat().replace("+00:00", "Z"),
                  "version": f"2.{rng.randrange(1, 20)}.{rng.randrange(0, 9)}"} for s in services}
    docs = []
    for _ in range(_n(1000, scale)):
        svc = rng.choice(services)
        status = rng.choice((200, 200, 200, 201, 204, 304, 400, 401, 404, 500, 502))
        path = rng.choice(("/api/v2/orders/{n}", "/api/v2/items?page={n}", "/healthz", "/api/v2/cart/{n}/checkout",
                           "/metrics")).format(n=rng.randrange(1, 99999))
        doc = {
            "@timestamp": _when(rng).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": weighted(rng, {"info": 80, "warn": 12, "error": 8}), "service": svc,
            "msg": rng.choice(("request completed", "upstream timeout, retrying", "cache warmed",
                               "circuit breaker half-open", "config reloaded")),
            "request_id": uuid4(rng), "trace_id": hex_id(rng, 16), "span_id": hex_id(rng, 8),
            "upstream_addr": f"{ipv4(rng, private=True)}:{rng.choice((8080, 9000, 5432))}",
            "http": {"method": rng.choice(("GET", "POST", "PUT")), "path": path, "status": status,
                     "duration_ms": rng.randrange(1, 3000)},
            "server_health": weighted(rng, {"green": 85, "yellow": 12, "red": 3}),
            "build": dict(builds[svc]),
            "config_checksum": hex_id(rng, 32),
            "ref": cn_ric_bad_checksum(rng),
            "retry_token": luhn_bad_number(rng, "4", 16),
        }
        if rng.random() < 0.3:
            doc["client_key"] = api_key(rng, rng.choice(("stripe", "aws", "github")))
        docs.append(doc)
    labels = {
        "@timestamp": ["time.timestamp"], "level": [], "service": [], "msg": [], "request_id": [], "trace_id": [],
        "span_id": [], "upstream_addr": ["network.ip"], "http.method": [], "http.path": [], "http.status": [],
        "http.duration_ms": [], "server_health": [], "build.git_sha": [], "build.build_date": ["time.timestamp"],
        "build.version": [], "config_checksum": [], "ref": [], "retry_token": [], "client_key": ["credential.secret"],
    }
    return _coll("service_logs", docs, labels, personal=False)


def iot_stations(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    districts = ("Mitte", "Kreuzberg", "Neukölln", "Pankow", "Spandau", "Lichtenberg", "Tempelhof", "Wedding")
    n_st = max(4, _n(40, scale ** 0.5, 4))
    pts = spread_points(rng, (52.52, 13.405), n_st, 12000, 700)
    stations = [{"id": f"ST-{i + 1:03d}", "district": districts[i % len(districts)], "pt": pt,
                 "mac": format_mac(mac_bytes(rng), "colon"),
                 "installed": date(2019, rng.randrange(1, 13), rng.randrange(1, 28)).isoformat()}
                for i, pt in enumerate(pts)]
    per = max(2, _n(600, scale) // n_st)
    docs = []
    for st in stations:
        for k in range(per):
            t = SPRING + timedelta(hours=k)
            base = rng.uniform(4, 16)
            docs.append({
                "station_id": st["id"], "district": st["district"], "position": [st["pt"][1], st["pt"][0]],
                "installed": st["installed"], "reading_time": int(t.timestamp() * 1000),
                "series_1h": [round(base + rng.uniform(-0.5, 0.5), 2) for _ in range(60)],
                "temperature_c": round(base, 1), "humidity": rng.randrange(35, 95),
                "firmware": rng.choice(("1.4.2", "1.4.3")), "gateway_mac": st["mac"],
            })
    labels = {"station_id": [], "district": ["location.place"], "position": ["location.coordinates"],
              "installed": ["time.timestamp"], "reading_time": ["time.timestamp"], "series_1h": [],
              "temperature_c": [], "humidity": [], "firmware": [], "gateway_mac": ["device.mac"]}
    return _coll("iot_stations", docs, labels, personal=False)


PRODUCT_NAMES = ("Aurora Desk Lamp", "Trailblazer 40L Backpack", "Nimbus Wireless Earbuds", "Kettle Pro 1.7L",
                 "Granite Chef Knife 20cm", "Luna Baby Monitor", "Orbit Smart Watch", "Polar Thermos 500ml",
                 "Summit Hiking Boots", "Echo Bluetooth Speaker", "Zephyr Desk Fan", "Vertex Gaming Mouse",
                 "Harper Lee Paperback Set", "Marie Curie Biography", "Jordan Running Shoes", "Victoria Sponge Mix")
BRANDS = ("Acme", "Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Hooli", "Stark")


def product_catalog(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    from stdnum import ean

    docs = []
    for i in range(_n(800, scale)):
        body = rng.choice(("400", "500", "690", "871")) + "".join(rng.choice(string.digits) for _ in range(9))
        docs.append({
            "sku": f"{rng.choice(BRANDS)[:3].upper()}-{i + 1:05d}", "name": rng.choice(PRODUCT_NAMES),
            "brand": rng.choice(BRANDS), "ean13": body + ean.calc_check_digit(body),
            "price": round(rng.uniform(3, 400), 2), "created_at": _when(rng, datetime(2021, 1, 1, tzinfo=timezone.utc), 800).isoformat(),
            "image_embedding": [round(x, 4) for x in unit_vector(rng, 512)],
            "thumbnail": base64.b64encode(png_product(rng)).decode(),
            "supplier_ref": cn_ric_bad_checksum(rng), "batch_code": nl_bsn_bad_checksum(rng),
            "voucher_no": luhn_bad_number(rng, "5", 16),
        })
    labels = {"sku": [], "name": [], "brand": [], "ean13": [], "price": [], "created_at": ["time.timestamp"],
              "image_embedding": [], "thumbnail": [], "supplier_ref": [], "batch_code": [], "voucher_no": []}
    return _coll("product_catalog", docs, labels, personal=False)


CUISINES = ("Uyghur cuisine", "Sichuan", "Cantonese", "Halal", "Kosher deli", "Tibetan momo", "Turkish", "Vietnamese",
            "Ethiopian", "Neapolitan pizza")
VENUE_WORDS = ("Kashgar Noodle House", "Silk Road Grill", "Golden Dragon", "Casa Lucia", "Little Lhasa", "Bosphorus Kebab",
               "Pho 99", "Addis Table", "Napoli Centrale", "The Bagel Shop")


def poi_venues(rng: random.Random, fk: dict, scale: float) -> SyntheticCollection:
    f = fk["es_ES"]
    docs = []
    for i in range(_n(400, scale)):
        lat, lon = jitter(rng, (40.4168, -3.7038), 6000)
        tags = rng.sample(("family-friendly", "vegetarian", "terrace", "late-night", "takeaway"), rng.randrange(0, 3))
        doc = {
            "venue_id": f"V{i + 1:05d}", "name": rng.choice(VENUE_WORDS), "cuisine": rng.choice(CUISINES),
            "street": f.street_address(), "city": "Madrid", "geo": {"lat": lat, "lon": lon},
            "rating": round(rng.uniform(2.5, 5), 1), "price_level": rng.choice(("€", "€€", "€€€")),
            "opened_year": rng.randrange(1985, 2023), "website": f"https://venue{i + 1}.example",
        }
        if tags:
            doc["tags"] = tags
        docs.append(doc)
    labels = {"venue_id": [], "name": [], "cuisine": [], "street": ["location.place"], "city": ["location.place"],
              "geo": ["location.coordinates"], "rating": [], "price_level": [], "opened_year": [], "website": [],
              "tags": []}
    return _coll("poi_venues", docs, labels, personal=False)


# ---------------------------------------------------------------------------- the corpus

def generate_corpus(seed: int = 2024, scale: float = 1.0) -> SyntheticStore:
    """The evaluation corpus (deterministic in ``seed``); raises if any label is missing."""
    fk = _fakers(seed)

    def r(k: int) -> random.Random:  # one stream per collection: editing one leaves the others unchanged
        return random.Random(seed * 1000 + k)

    cn_people = _cn_people(r(100), fk["zh_CN"], _n(600, scale, 40))
    watched = cn_people[: max(10, len(cn_people) * 2 // 3)]
    tracked = watched[: max(6, len(watched) * 3 // 8)]
    faces = watched[len(watched) // 4: len(watched) // 4 + max(6, len(watched) * 3 // 10)]
    makers: list[Callable[[], SyntheticCollection]] = [
        lambda: crm_customers(r(1), fk, scale),
        lambda: kunden_stammdaten(r(2), fk, scale),
        lambda: dossiers_patients(r(3), fk, scale),
        lambda: klanten_verzekering(r(4), fk, scale),
        lambda: cadastro_beneficiarios(r(5), fk, scale),
        lambda: polzovateli_ru(r(6), fk, scale),
        lambda: renkou_xinxi(r(7), fk, scale, cn_people),
        lambda: renyuan_pinyin(r(8), fk, scale),
        lambda: zdry_gk(r(9), fk, scale, watched),
        lambda: gj_guiji(r(10), fk, scale, tracked),
        lambda: anpr_sightings(r(11), fk, scale),
        lambda: viajes_taxi(r(12), fk, scale),
        lambda: mobile_sdk_events(r(13), fk, scale),
        lambda: dating_profiles(r(14), fk, scale),
        lambda: health_survey(r(15), fk, scale),
        lambda: face_match_log(r(16), fk, scale, faces),
        lambda: service_logs(r(17), fk, scale),
        lambda: iot_stations(r(18), fk, scale),
        lambda: product_catalog(r(19), fk, scale),
        lambda: poi_venues(r(20), fk, scale),
    ]
    store = SyntheticStore(collections=[prune_labels(make()) for make in makers], seed=seed, scale=scale)
    problems = [p for c in store.collections for p in check_labels(c)]
    if problems:
        raise AssertionError("corpus labels are incomplete:\n  " + "\n  ".join(problems))
    c = store.collection
    pairs = [
        (c("renkou_xinxi"), "公民身份号码", c("zdry_gk"), "sfzh", "person.government_id"),
        (c("renkou_xinxi"), "公民身份号码", c("gj_guiji"), "sfzh", "person.government_id"),
        (c("zdry_gk"), "sfzh", c("gj_guiji"), "sfzh", "person.government_id"),
        (c("renkou_xinxi"), "人员编号", c("face_match_log"), "ryid", "person.internal_id"),
        (c("zdry_gk"), "rybh", c("face_match_log"), "ryid", "person.internal_id"),
    ]
    store.links = [link for link in (link_truth(*p) for p in pairs) if link]
    return store


def summary(store: SyntheticStore) -> str:
    lines = [f"{'collection':26} {'docs':>6} {'paths':>6} {'labelled':>8} {'persons':>8} {'trackable':>9}"]
    for coll in store.collections:
        labelled = sum(1 for v in coll.labels.values() if v)
        traj = coll.trajectory["persons_trackable"] if coll.trajectory else "-"
        lines.append(f"{coll.name:26} {len(coll.documents):6d} {len(coll.labels):6d} {labelled:8d} "
                     f"{coll.persons if coll.persons is not None else '-':>8} {traj:>9}")
    total_docs = sum(len(c.documents) for c in store.collections)
    total_paths = sum(len(c.labels) for c in store.collections)
    total_cats = sum(len(v) for c in store.collections for v in c.labels.values())
    lines.append(f"{len(store.collections)} collections, {total_docs} documents, {total_paths} field paths, "
                 f"{total_cats} (path, category) labels, {len(store.links)} links")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default {DEFAULT_OUT})")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    store = generate_corpus(args.seed, args.scale)
    t1 = time.perf_counter()
    write_dump(store, args.out, generator=GENERATOR)
    print(summary(store))
    print(f"generated in {t1 - t0:.1f} s, written to {args.out} in {time.perf_counter() - t1:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
