"""Multilingual lexicon and dictionaries: field names and values in ~25 languages.

The names and values here are deliberately NOT the ones of the demo, eval or
held-out corpora: they check that the lexicon generalises (other words of the
same concepts, other scripts, compounds), not that it memorised a corpus.
"""

from __future__ import annotations

import random

import pytest

from leakwarden.detect.classifier import Classifier
from leakwarden.detect.dictionaries import load
from leakwarden.detect.lexicon import compound_head, name_evidence
from leakwarden.detect.values.people import GenderDetector, name_shape
from leakwarden.detect.values.secrets import HighEntropyDetector
from leakwarden.detect.values.time import BirthDateDetector, parse_datetime_text
from leakwarden.detect.values.vehicle import EuPlateDetector
from leakwarden.profile import CollectionSample


def top(path: str, collection: str = "") -> str | None:
    cats = {k: v for k, v in name_evidence(path, collection).categories.items() if v > 0}
    return max(cats, key=cats.get) if cats else None


# --------------------------------------------------------------- field names
@pytest.mark.parametrize(
    "path,category",
    [
        # names
        ("etunimi", "person.name"),                        # fi
        ("sukunimi", "person.name"),                       # fi
        ("efternamn", "person.name"),                      # sv
        ("etternavn", "person.name"),                      # no
        ("prijmeni", "person.name"),                       # cs
        ("vezeteknev", "person.name"),                     # hu
        ("prenume", "person.name"),                        # ro
        ("ονοματεπώνυμο", "person.name"),                  # el
        ("onomateponymo", "person.name"),                  # el translit.
        ("soyadi", "person.name"),                         # tr
        ("прізвище", "person.name"),                       # uk
        ("الاسم_الكامل", "person.name"),                   # ar
        ("שם_משפחה", "person.name"),                       # he
        ("पूरा_नाम", "person.name"),                        # hi
        ("nama_lengkap", "person.name"),                   # id
        ("ho_va_ten", "person.name"),                      # vi
        ("นามสกุลลูกค้า", "person.name"),                   # th (substring)
        ("顧客氏名", "person.name"),                        # ja
        ("namae", "person.name"),                          # ja romaji
        ("고객이름", "person.name"),                         # ko (substring)
        ("seongmyeong", "person.name"),                    # ko romanised
        # birth, age, sex
        ("syntymapaiva", "person.birthdate"),
        ("dataNasterii", "person.birthdate"),
        ("dogum_tarihi", "person.birthdate"),
        ("tanggal_lahir", "person.birthdate"),
        ("ngay_sinh", "person.birthdate"),
        ("生年月日", "person.birthdate"),
        ("saengnyeonwolil", "person.birthdate"),
        ("تاريخ_الميلاد", "person.birthdate"),
        ("usia", "person.age"),
        ("tuoi", "person.age"),
        ("年齢", "person.age"),
        ("ηλικία", "person.age"),
        ("pohlavi", "person.gender"),
        ("cinsiyet", "person.gender"),
        ("gioi_tinh", "person.gender"),
        ("성별", "person.gender"),
        ("pronouns", "person.gender"),
        # contact
        ("puhelinnumero", "person.phone"),
        ("numer_telefonu", "person.phone"),
        ("cep_telefonu", "person.phone"),
        ("nomor_hp", "person.phone"),
        ("携帯番号", "person.phone"),
        ("calledNumber", "person.phone"),
        ("sahkoposti", "person.email"),
        ("eposta", "person.email"),
        # address
        ("katuosoite", "person.address"),
        ("postinumero", "person.address"),
        ("iranyitoszam", "person.address"),
        ("kod_pocztowy", "person.address"),
        ("alamat_rumah", "person.address"),
        ("ikamet_adresi", "person.address"),
        ("郵便番号", "person.address"),
        ("우편번호", "person.address"),
        # government ids
        ("henkilotunnus", "person.government_id"),
        ("rodne_cislo", "person.government_id"),
        ("numer_dowodu", "person.government_id"),
        ("kimlik_numarasi", "person.government_id"),
        ("رقم_الهوية", "person.government_id"),
        ("מספר_זהות", "person.government_id"),
        ("no_ktp", "person.government_id"),
        ("so_cccd", "person.government_id"),
        ("เลขบัตรประชาชน", "person.government_id"),
        ("マイナンバー", "person.government_id"),
        ("주민등록번호", "person.government_id"),
        ("numero_patente", "person.government_id"),
        # special categories
        ("uskonto", "special.religion"),
        ("vallas", "special.religion"),
        ("ศาสนา", "special.religion"),
        ("종교", "special.religion"),
        ("agama", "special.religion"),
        ("veriryhma", "special.health"),
        ("kan_grubu", "special.health"),
        ("golongan_darah", "special.health"),
        ("血液型", "special.health"),
        ("lakemedel", "special.health"),
        ("sairauspoissaolo", "special.health"),
        ("alergie", "special.health"),
        ("hiv_status", "special.health"),
        ("rikosrekisteri", "special.criminal"),
        ("sabika_kaydi", "special.criminal"),
        ("судимость", "special.criminal"),
        ("arrest_reason", "special.criminal"),
        ("ammattiliitto", "special.political"),
        ("vakbond", "special.political"),
        ("gewerkschaft", "special.political"),
        ("노동조합", "special.political"),
        ("cinsel_yonelim", "special.sexual_orientation"),
        ("pochodzenie_etniczne", "special.ethnicity"),
        # places, coordinates, time, devices, money, secrets
        ("miejsce_urodzenia", "location.place"),
        ("start_station_name", "location.place"),
        ("cell_site", "location.place"),
        ("店舗名", "location.place"),
        ("enlem", "location.coordinates"),
        ("経度", "location.coordinates"),
        ("olusturma_tarihi", "time.timestamp"),
        ("作成日時", "time.timestamp"),
        ("idfa", "device.imsi_imei"),
        ("gaid", "device.imsi_imei"),
        ("tilinumero", "financial.bank_account"),
        ("clabe", "financial.bank_account"),
        ("kartyaszam", "financial.card"),
        ("salasana", "credential.secret"),
        ("비밀번호", "credential.secret"),
        ("rekisterinumero", "person.vehicle_plate"),
        ("차량번호", "person.vehicle_plate"),
        ("kundenkarte_nr", "person.internal_id"),
        ("numer_pacjenta", "person.internal_id"),
    ],
)
def test_multilingual_names(path: str, category: str) -> None:
    assert top(path) == category, name_evidence(path).categories


@pytest.mark.parametrize(
    "token,category",
    [
        ("lieferadresse", "person.address"),        # de compound: Liefer + adresse
        ("kundentelefon", "person.phone"),           # de: Kunden + telefon
        ("medlemsreligion", "special.religion"),     # run-together head
        ("forsakringskassakontonummer", "financial.bank_account"),
    ],
)
def test_compound_heads(token: str, category: str) -> None:
    head = compound_head(token) or ()
    seg = name_evidence(token).categories
    assert any(c == category for c, _ in head) or seg.get(category, 0) > 0


@pytest.mark.parametrize(
    "path,category,collection",
    [
        ("indirizzo.civico", "person.address", "anagrafe"),      # unknown part of an address object
        ("adres.postcode", "person.address", "klanten"),
        ("shop.address", "location.place", "orders"),            # a store's address is a named place
        ("venue.city", "location.place", "events"),
        ("cliente.indirizzo.citta", "person.address", "crm"),
    ],
)
def test_address_vs_place(path: str, category: str, collection: str) -> None:
    assert top(path, collection) == category, name_evidence(path, collection).categories


def test_validity_dates_are_not_events() -> None:
    assert name_evidence("permis.date_expiration").get("time.timestamp") <= 0
    assert name_evidence("id_card.valid_until").get("person.government_id") <= 0


def test_name_word_under_a_category_parent() -> None:
    ev = name_evidence("partito.nome")
    assert ev.get("special.political") > 2.5 and ev.get("person.name") <= 0


# --------------------------------------------------------------- dictionaries
@pytest.mark.parametrize(
    "category,value",
    [
        ("special.religion", "Ορθόδοξη"),
        ("special.religion", "개신교"),
        ("special.religion", "浄土真宗"),
        ("special.religion", "Hồi giáo"),
        ("special.religion", "prawosławny"),
        ("special.religion", "Müslüman"),
        ("special.health", "Rosuvastatin"),
        ("special.health", "escitalopram"),
        ("special.health", "AB Rh-"),
        ("special.health", "B型"),
        ("special.health", "Laktoseintoleranz"),
        ("special.health", "Poradnia Neurologiczna"),
        ("special.criminal", "Penalty Notice for Disorder"),
        ("special.criminal", "Festnahme"[:0] + "vorläufig festgenommen"),
        ("special.criminal", "gözaltına alındı"),
    ],
)
def test_dictionary_values(category: str, value: str) -> None:
    assert load(category).lookup(value) is not None


@pytest.mark.parametrize(
    "category,text",
    [
        ("special.health", "Quetiapine 100 MG Oral Tablet"),
        ("special.health", "Interest > Health > Diabetes care"),
        ("special.religion", "Interest > Religion > Buddhism"),
        ("special.criminal", "Searched under Misuse of Drugs Act 1971"),
    ],
)
def test_dictionary_inner_terms(category: str, text: str) -> None:
    assert load(category).find_inner(text)


# --------------------------------------------------------------- values
@pytest.mark.parametrize("value", ["Αρσενικό", "Kvinna", "여성", "perempuan", "they/them", "genderqueer"])
def test_gender_words(value: str) -> None:
    assert GenderDetector().match(value)


@pytest.mark.parametrize("value,ok", [("昭和50年7月1日", True), ("H7.12.24", True), ("12/31/1990", True), ("31/12/1990", True), ("2024.3.12x", False)])
def test_birth_dates(value: str, ok: bool) -> None:
    assert BirthDateDetector().match(value) is ok


def test_us_dates() -> None:
    assert parse_datetime_text("11/23/2019") is not None


@pytest.mark.parametrize("value", ["ABC 123", "MLK 45R", "XYZ-789", "WX 12345", "1AB 2345", "CJ 12 ABC", "34 ABC 123"])
def test_more_plates(value: str) -> None:
    assert EuPlateDetector().match(value)


@pytest.mark.parametrize("value,ok", [
    ("GOMA900101HDFRRN05", False),         # CURP-shaped code
    ("PEAJ750215MNLRRN09", False),
    ("kJ8s9QpL2xV7mN4bR6tY", True),        # random token
])
def test_document_codes_are_not_secrets(value: str, ok: bool) -> None:
    assert HighEntropyDetector().match(value) is ok


@pytest.mark.parametrize("value", ["Dr. Anna Nowak", "lek. med. Piotr Zieliński", "JONES, MARY MD"])
def test_names_with_titles(value: str) -> None:
    assert name_shape(value)


# --------------------------------------------------------------- classifier
def _classify(name: str, docs: list[dict]) -> dict[str, list[str]]:
    s = CollectionSample(name)
    for d in docs:
        s.add(d)
    return {f.path: f.categories for f in Classifier().classify(s)}


def test_pesel_shaped_references_without_checksum() -> None:
    """11-digit YYMMDD-shaped references (Cuban NI has no check digit) are not an ID."""
    rng = random.Random(5)
    docs = []
    for _ in range(200):
        body = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 9999):04d}"
        docs.append({"ref_skierowania": body + str(rng.randint(0, 9))})
    out = _classify("zlecenia", docs)
    assert "person.government_id" not in out["ref_skierowania"]


def test_advertising_ids() -> None:
    import uuid
    rng = random.Random(3)
    docs = [{"device": {"idfa": str(uuid.UUID(int=rng.getrandbits(128))).upper()}, "event_id": str(uuid.UUID(int=rng.getrandbits(128)))} for _ in range(100)]
    out = _classify("ad_events", docs)
    assert out["device.idfa"] == ["device.imsi_imei"]
    assert "device.imsi_imei" not in out["event_id"]


def test_warehouse_codes_are_not_places() -> None:
    docs = [{"lagerort": f"WH-{i % 7:02d}", "order_no": f"O{i:06d}"} for i in range(120)]
    out = _classify("bestellungen", docs)
    assert out["lagerort"] == []
