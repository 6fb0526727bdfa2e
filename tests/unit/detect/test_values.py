"""One parametrised table per detector family: (detector id, value, expected).

Where a case comes from is said in its comment: "stdnum doc" = the example in
the python-stdnum module's docstring; "spec" = the format's specification;
"decoy" = a value made to look like the format but failing it.
"""

from __future__ import annotations

import base64
import math
import random
import struct

import pytest

from leakwarden.detect.values import builtin_registry

REG = builtin_registry()


def check(det_id: str, value, expected: bool) -> None:
    det = REG.get(det_id)
    assert det is not None, det_id
    assert det.match(value) is expected, (det_id, value)


GOVID = [
    ("id.cn_ric", "11010519491231002X", True),        # GB 11643 example (stdnum doc)
    ("id.cn_ric", "110105194912310021", False),       # decoy: check digit wrong
    ("id.cn_ric", "110105194913310028", False),       # decoy: month 13
    ("id.cn_ric", 110105194912310021, False),         # int form, wrong check
    ("id.us_ssn", "536-90-4399", True),               # stdnum doc
    ("id.us_ssn", "666-00-0000", False),              # spec: area 666 never issued
    ("id.de_idnr", "36574261809", True),              # stdnum doc
    ("id.de_idnr", "36574261890", False),             # decoy: transposed check
    ("id.nl_bsn", "1112.22.333", True),               # stdnum doc
    ("id.nl_bsn", "111222334", False),                # decoy: 11-proof fails
    ("id.fr_nir", "2 95 10 99 126 111 93", True),     # stdnum doc
    ("id.in_aadhaar", "2341 2341 2346", True),        # stdnum doc
    ("id.in_aadhaar", "1234 5678 9012", False),       # spec: cannot start with 0/1
    ("id.br_cpf", "390.533.447-05", True),            # stdnum doc
    ("id.br_cpf", "231.002.999-00", False),           # stdnum doc (invalid)
    ("id.es_dni", "54362315-K", True),                # stdnum doc
    ("id.it_codicefiscale", "RCCMNL83S18D969H", True),  # stdnum doc
    ("id.gb_nino", "AB 12 34 56 C", True),            # HMRC format
    ("id.gb_nino", "BG 12 34 56 C", False),           # spec: BG prefix not allocated
    ("id.hk_hkid", "A123456(3)", True),               # HKID check digit example
    ("id.hk_hkid", "A123456(4)", False),              # decoy
    ("id.tw_id", "A123456789", True),                 # Taiwan ID example
    ("id.tw_id", "A123456788", False),                # decoy
    ("id.kr_rrn", "971013-9019902", True),            # stdnum doc
    ("id.pl_pesel", "44051401359", True),             # stdnum doc
    ("id.passport", "E12345678", True),               # China ordinary passport shape
    ("id.passport", "hello", False),
]

CONTACT = [
    ("phone.e164", "+86 138 0013 8000", True),        # China mobile, international form
    ("phone.e164", "+49 30 901820", True),            # Berlin city hall switchboard shape
    ("phone.e164", "+1 000 000 0000", False),         # decoy: invalid NANP
    ("phone.cn_mobile", "13800138000", True),
    ("phone.cn_mobile", 13800138000, True),           # stored as a number
    ("phone.cn_mobile", "12800138000", False),        # spec: 12x not a mobile prefix
    ("phone.national", "030 901820", True),           # DE national form (region DE tried)
    ("email.address", "zhang.wei@example.com", True),
    ("email.address", "用户@例子.广告", True),           # IDN
    ("email.address", "logo@2x.png", False),          # asset name, not an address
    ("email.address", "not an email", False),
]

NETWORK = [
    ("net.ipv4", "192.168.1.20", True),
    ("net.ipv4", "10.0.0.5:9200", True),
    ("net.ipv4", "256.1.1.1", False),
    ("net.ipv4", "1.0.0.0", False),                   # version-string shape
    ("net.ipv6", "2001:db8::1", True),                # RFC 3849 documentation prefix
    ("net.ipv6", "fe80::1%eth0", True),
    ("net.ipv6", "aa:bb:cc:dd:ee:ff", False),         # a MAC
    ("mac.address", "aa:bb:cc:dd:ee:ff", True),
    ("mac.address", "AA-BB-CC-DD-EE-FF", True),
    ("mac.address", "aabb.ccdd.eeff", True),          # Cisco notation
    ("mac.address", "00:00:00:00:00:00", False),      # placeholder
    ("mac.address", "aa:bb-cc:dd:ee:ff", False),      # mixed separators
    ("mac.bare", "a4b1c2d3e4f5", True),
    ("mac.bare", "123456789012", False),              # digits only: an id, not hex
    ("mobile.imei", "490154203237518", True),         # Wikipedia IMEI example
    ("mobile.imei", "490154203237519", False),        # decoy: Luhn fails
    ("mobile.imei", "771234567890121", False),        # decoy: TAC reporting body 77 not allocated
    ("mobile.imsi", "460001234567890", True),         # China Mobile MCC/MNC
    ("mobile.imsi", "999001234567890", False),        # MCC 999 not allocated
    ("mobile.iccid", "8986001234567890120", True),    # 89 86 ... Luhn
    ("mobile.iccid", "8986001234567890121", False),
]

FINANCIAL = [
    ("card.pan", "4111 1111 1111 1111", True),        # Visa test number
    ("card.pan", "5555555555554444", True),           # Mastercard test number
    ("card.pan", "378282246310005", True),            # Amex test number
    ("card.pan", "6212345678901232", True),           # UnionPay range, Luhn ok
    ("card.pan", "4111111111111112", False),          # Luhn fails
    ("card.pan", "9111111111111111", False),          # no issuer range
    ("bank.iban", "GB82 WEST 1234 5698 7654 32", True),  # ECBS example
    ("bank.iban", "DE89370400440532013000", True),    # ECBS example
    ("bank.iban", "DE89370400440532013001", False),   # mod 97 fails
]

VEHICLE = [
    ("plate.cn", "京A12345", True),
    ("plate.cn", "粤B·D12345", True),                  # new-energy plate
    ("plate.cn", "沪AD12345", True),                   # new-energy small car
    ("plate.cn", "京12345", False),
    ("plate.eu", "B-AB 1234", True),                  # DE
    ("plate.eu", "AB-123-CD", True),                  # FR SIV
    ("plate.eu", "1234 BCD", True),                   # ES
    ("plate.eu", "AB12 CDE", True),                   # UK
    ("plate.eu", "hello world", False),
]

GEO = [
    ("geo.object", {"lat": 39.9, "lon": 116.4}, True),
    ("geo.object", {"lat": 120.0, "lon": 116.4}, False),
    ("geo.latlon_text", "39.9042,116.4074", True),
    ("geo.latlon_text", "12, 34", False),
    ("geo.wkt", "POINT(116.4074 39.9042)", True),
    ("geo.wkt", "POINT(416.4 39.9)", False),
    ("geo.dms", "39°54'27\"N 116°23'17\"E", True),
    ("geo.vector_pair", [116.407413, 39.904214], True),   # GeoJSON order
    ("geo.vector_pair", [10, 20], False),                 # integers: a size, not a place
    ("geo.vector_pair", [0.5, 0.25], False),              # scores
    ("geo.geohash", "wx4g0ec1", True),
    ("geo.component", 39.904214, True),
    ("geo.component", 3, False),
]

TIME = [
    ("time.datetime", "2019-06-12T10:30:00Z", True),
    ("time.datetime", "2019-06-12 10:30:00", True),
    ("time.datetime", "2019年6月12日 10时30分", True),
    ("time.datetime", "Wed, 12 Jun 2019 10:30:00 +0800", True),   # RFC 2822
    ("time.datetime", "2019-02-30 10:00:00", False),               # no 30 February
    ("time.date", "2019-06-12", True),
    ("time.date", "12.06.2019", True),
    ("time.date", "2019年6月12日", True),
    ("time.date", "June 12, 2019", True),
    ("time.epoch", 1560306600, True),
    ("time.epoch", 1560306600123, True),
    ("time.epoch", 123456, False),
    ("time.epoch", 4102444800, False),                             # 2100: out of the event range
    ("time.compact", "20190612103000", True),
    ("time.birthdate", "1985-07-02", True),
    ("time.birthdate", "2019-06-12 10:30:00", False),              # has a time of day
    ("time.birthdate", 1985, True),
]


def _vec(n=128, seed=1):
    rng = random.Random(seed)
    v = [rng.gauss(0, 1) for _ in range(n)]
    s = math.sqrt(sum(x * x for x in v))
    return [x / s for x in v]


_B64VEC = base64.b64encode(struct.pack("<128f", *_vec())).decode()
_JPEG = base64.b64encode(b"\xff\xd8\xff\xe0" + bytes(200)).decode()
_PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(200)).decode()

MEDIA = [
    ("image.base64", _JPEG, True),
    ("image.base64", _PNG, True),
    ("image.base64", "data:image/png;base64," + _PNG, True),
    ("image.base64", base64.b64encode(bytes(300)).decode(), False),     # no magic bytes
    ("image.url", "https://img.example.com/face/2019/06/12/abc.jpg", True),
    ("image.url", "http://vsp-img.city.internal/scene/2019/06/16/cb225e", True),   # image host, no extension
    ("image.url", "https://example.com/index.html", False),
    ("vector.float_array", _vec(), True),
    ("vector.float_array", [float(i) for i in range(128)], False),      # a ramp: integers, smooth
    ("vector.float_array", [20 + math.sin(i / 10) for i in range(128)], False),  # smooth sensor series
    ("vector.float32-base64", _B64VEC, True),
    ("vector.float32-base64", base64.b64encode(bytes(512)).decode(), False),   # all zeros
    ("vector.float_text", ",".join(f"{x:.5f}" for x in _vec()), True),
]

SECRETS = [
    ("secret.password_hash", "$2b$12$KIXQJ1jv0t2bKzQm0o9p1OQh8oLz5rS0f3aWmVJvE6n0uE1uJ8d2K", True),   # bcrypt shape
    ("secret.password_hash", "$6$rounds=5000$saltsalt$" + "a" * 86, True),                          # sha512-crypt shape
    ("secret.password_hash", "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", True),
    ("secret.password_hash", "$ hello", False),
    ("secret.service_key", "AKIAIOSFODNN7EXAMPLE", True),          # AWS docs example key id
    ("secret.service_key", "ghp_" + "a" * 36, True),               # GitHub token shape
    ("secret.service_key", "xoxb-1234567890-abcdefghij", True),    # Slack bot token shape
    ("secret.service_key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", True),  # Stripe docs shape
    ("secret.service_key", "AIza" + "B" * 35, True),               # Google API key shape
    ("secret.service_key", "hello world", False),
    ("secret.jwt", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", True),  # jwt.io
    ("secret.jwt", "eyJub3QiOiJhIGp3dCJ9.eyJ4IjoxfQ.x", False),  # header without alg
    ("secret.private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", True),
    ("secret.private_key", "-----BEGIN PUBLIC KEY-----\nMIIB...", False),
    ("secret.high_entropy", "q8ZsL2vP0xN4wR7tY1uJ3kM6", True),
    ("secret.high_entropy", "aaaaaaaaaaaaaaaaaaaa", False),
    ("secret.high_entropy", "123e4567-e89b-12d3-a456-426614174000", False),   # UUID: an id
]

PEOPLE = [
    ("name.chinese", "张伟", True),
    ("name.chinese", "欧阳娜娜", True),                   # compound surname
    ("name.chinese", "买买提·艾力", True),                # Uyghur name with middle dot
    ("name.chinese", "北京", False),                      # a city
    ("name.chinese", "苹果手机", False),
    ("name.lexicon", "John Smith", True),
    ("name.lexicon", "Müller, Hans", True),
    ("name.lexicon", "García López", True),
    ("name.lexicon", "Main Street", False),
    ("name.lexicon", "john smith 42", False),
    ("gender.value", "女", True),
    ("gender.value", "weiblich", True),
    ("gender.value", "blue", False),
    ("age.value", 42, True),
    ("age.value", "25岁", True),
    ("age.value", "20-30", True),
    ("age.value", 240, False),
    ("person_key.value", "123e4567-e89b-12d3-a456-426614174000", True),
    ("person_key.value", "hello world", False),
    ("face_attr.value", True, True),
    ("face_attr.value", "happy", True),
    ("face_attr.value", "a long sentence that is not an attribute value at all", False),
]

PLACES = [
    ("address.street", "1600 Pennsylvania Avenue NW, Washington", True),
    ("address.street", "Hauptstraße 5, 10115 Berlin", True),
    ("address.street", "12 rue de la Paix, Paris", True),
    ("address.street", "Calle Mayor 10, Madrid", True),
    ("address.street", "北京市朝阳区建国路88号", True),
    ("address.street", "Keizersgracht 123", True),
    ("address.street", "hello world", False),
    ("address.street", "北京", False),
    ("address.postcode", "10115", True),
    ("address.postcode", "1012 AB", True),
    ("place.name", "人民路与解放路交叉口", True),
    ("place.name", "Central Station North Gate", True),
    ("place.name", "12345", False),
]

SPECIAL = [
    ("ethnicity.dictionary", "维吾尔族", True),
    ("ethnicity.dictionary", "Uyghur", True),
    ("ethnicity.dictionary", "Hispanic or Latino", True),
    ("ethnicity.dictionary", "Uyghur cuisine", False),   # a dish, not a person's ethnicity
    ("ethnicity.gbt3304", "05", True),
    ("ethnicity.gbt3304", "57", False),
    ("religion.dictionary", "伊斯兰教", True),
    ("religion.dictionary", "römisch-katholisch", True),
    ("health.dictionary", "糖尿病", True),
    ("health.dictionary", "Type 2 diabetes", True),
    ("health.icd10", "E11.9", True),
    ("health.icd10", "U07", False),                       # U codes are reserved, not in the range used
    ("criminal.dictionary", "刑满释放人员", True),
    ("criminal.dictionary", "released from prison", True),
    ("criminal.text", "Released from prison 2014; under community supervision.", True),
    ("criminal.text", "Package released from customs", False),
    ("political.dictionary", "中共党员", True),
    ("political.dictionary", "群众", True),
    ("sexual_orientation.dictionary", "bisexual", True),
]


@pytest.mark.parametrize("det_id,value,expected", GOVID)
def test_govid(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", CONTACT)
def test_contact(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", NETWORK)
def test_network(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", FINANCIAL)
def test_financial(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", VEHICLE)
def test_vehicle(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", GEO)
def test_geo(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", TIME)
def test_time(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", MEDIA)
def test_media(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", SECRETS)
def test_secrets(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", PEOPLE)
def test_people(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", PLACES)
def test_places(det_id, value, expected):
    check(det_id, value, expected)


@pytest.mark.parametrize("det_id,value,expected", SPECIAL)
def test_special(det_id, value, expected):
    check(det_id, value, expected)


def test_every_category_has_a_detector():
    from leakwarden.report import CATEGORIES

    assert set(CATEGORIES) <= set(REG.by_category())


def test_derivable_metadata():
    assert set(REG.get("id.cn_ric").derives) == {"person.birthdate", "person.gender"}
