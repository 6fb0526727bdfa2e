"""A synthetic smart-city surveillance leak, with its ground truth.

:func:`generate_store` builds, from a seed, the kind of store the mission's
leak held (face captures with embeddings and an ethnicity label per face,
WiFi sightings of phones, police watch-list alerts, a residents register)
plus decoys that hold no personal data (application logs, fixed air-quality
sensors, shop orders, product embeddings). Every collection carries its
Elasticsearch 7 mapping and its ground truth: the categories of every field
path (flattened by the contract's rules, see :mod:`leakwarden.profile`),
whether it is personal, whether movements can be reconstructed from it and
for how many people, and how many people it holds.

Every value is generated: names and addresses come from Faker, numbers are
built to pass (or, for decoys, to fail) their checksums, face crops are tiny
drawn cartoons, embeddings are random unit vectors. No real person is in it.
The same seed gives byte-identical output.

The value generators below (``cn_ric``, ``imei``, ``iban``, ``png_face``...)
are public: ``eval/corpus.py`` builds the larger evaluation corpus with them.
"""

from __future__ import annotations

import base64
import math
import random
import string
import struct
import uuid
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

__all__ = [
    "SyntheticCollection",
    "SyntheticStore",
    "check_labels",
    "generate_store",
    "leaf_paths",
    "prune_labels",
    "labels_document",
    "share_below_k",
    "trajectory_persons",
    "write_dump",
]

VECTOR_MAPPINGS = ("float", "dense_vector", "knn_vector")
TZ_CN = timezone(timedelta(hours=8))


# --------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------


@dataclass
class SyntheticCollection:
    """One index of the synthetic store, with its ground truth."""

    name: str
    #: Elasticsearch 7 mapping body: ``{"properties": {...}}``
    mapping: dict
    documents: list[dict]
    #: field path (contract flattening) -> categories; [] = not sensitive. Every leaf path is here.
    labels: dict[str, list[str]]
    personal: bool
    #: {"person_keys", "location_fields", "time_fields", "persons_trackable"} or None
    trajectory: dict | None
    #: true number of distinct people (None: no people)
    persons: int | None
    #: {"quasi_identifiers": [...], "k": 5, "share_below_k": float} for collections without a
    #: direct identifier whose records can be singled out by quasi-identifiers; else None
    reidentification: dict | None = None

    def label_document(self) -> dict[str, Any]:
        return {
            "fields": {p: list(c) for p, c in sorted(self.labels.items())},
            "personal": self.personal,
            "trajectory": self.trajectory,
            "persons": self.persons,
            "reidentification": self.reidentification,
            "documents": len(self.documents),
        }


@dataclass
class SyntheticStore:
    collections: list[SyntheticCollection]
    seed: int
    #: ground truth of person keys shared between collections:
    #: {"collections": [a, b], "fields": [path_in_a, path_in_b], "key_category": cat, "shared_keys": n}
    links: list[dict] = field(default_factory=list)
    scale: float = 1.0

    def collection(self, name: str) -> SyntheticCollection:
        for c in self.collections:
            if c.name == name:
                return c
        raise KeyError(name)


def labels_document(store: SyntheticStore, generator: str = "leakwarden.demo.synthetic") -> dict[str, Any]:
    """The ``labels.json`` document (format in ``eval/LABELLING.md``)."""
    return {
        "format": "leakwarden/labels@1",
        "generator": {"name": generator, "seed": store.seed, "scale": store.scale},
        "collections": {c.name: c.label_document() for c in store.collections},
        "links": store.links,
    }


def write_dump(store: SyntheticStore, directory: str | Path, *, generator: str = "leakwarden.demo.synthetic") -> Path:
    """Write ``<name>.ndjson`` per collection and ``labels.json`` into ``directory``; return it."""
    import orjson

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for coll in store.collections:
        with open(out / f"{coll.name}.ndjson", "wb") as fh:
            for doc in coll.documents:
                fh.write(orjson.dumps(doc))
                fh.write(b"\n")
    (out / "labels.json").write_bytes(
        orjson.dumps(labels_document(store, generator), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    )
    return out


# --------------------------------------------------------------------------
# Ground-truth helpers
# --------------------------------------------------------------------------


def trajectory_persons(sightings: Iterable[tuple[Hashable, Hashable]]) -> int:
    """People seen at >= 2 distinct places, from ``(person_key, place)`` pairs."""
    places: dict[Hashable, set] = defaultdict(set)
    for person, place in sightings:
        if person is None or place is None:
            continue
        places[person].add(place)
    return sum(1 for ps in places.values() if len(ps) >= 2)


def share_below_k(rows: Iterable[tuple], k: int = 5) -> float:
    """Share of records whose quasi-identifier tuple occurs fewer than ``k`` times."""
    rows = list(rows)
    if not rows:
        return 0.0
    counts: dict[tuple, int] = defaultdict(int)
    for r in rows:
        counts[r] += 1
    return sum(1 for r in rows if counts[r] < k) / len(rows)


def leaf_paths(docs: Iterable[Any]) -> set[str]:
    """Every field path of ``docs`` under the contract's flattening rules."""
    from leakwarden.profile import flatten

    seen: set[str] = set()
    for doc in docs:
        seen.update(flatten(doc))
    return seen


def prune_labels(coll: SyntheticCollection) -> SyntheticCollection:
    """Drop labels of optional fields that no document happens to have (small scales)."""
    seen = leaf_paths(coll.documents)
    coll.labels = {p: c for p, c in coll.labels.items() if p in seen}
    if coll.trajectory:
        for key in ("person_keys", "location_fields", "time_fields"):
            coll.trajectory[key] = [p for p in coll.trajectory[key] if p in seen]
    return coll


def check_labels(coll: SyntheticCollection) -> list[str]:
    """Problems with a collection's labels: unlabelled leaf paths, labels for absent paths, bad categories."""
    from leakwarden.report import CATEGORIES

    seen = leaf_paths(coll.documents)
    problems = [f"{coll.name}: unlabelled path {p!r}" for p in sorted(seen - coll.labels.keys())]
    problems += [f"{coll.name}: labelled path {p!r} never occurs" for p in sorted(coll.labels.keys() - seen)]
    for p, cats in sorted(coll.labels.items()):
        for c in cats:
            if c not in CATEGORIES:
                problems.append(f"{coll.name}: {p!r} has unknown category {c!r}")
    if coll.trajectory:
        for key in ("person_keys", "location_fields", "time_fields"):
            for p in coll.trajectory[key]:
                if p not in coll.labels:
                    problems.append(f"{coll.name}: trajectory {key} {p!r} is not a labelled path")
    return problems


# --------------------------------------------------------------------------
# Value generators: identifiers
# --------------------------------------------------------------------------

# Real county codes (GB/T 2260) that python-stdnum's cn.ric accepts.
CN_REGIONS = {
    "110101": "北京市东城区", "110105": "北京市朝阳区", "310101": "上海市黄浦区", "310115": "上海市浦东新区",
    "420102": "湖北省武汉市江岸区", "420103": "湖北省武汉市江汉区", "420106": "湖北省武汉市武昌区",
    "440303": "广东省深圳市罗湖区", "440305": "广东省深圳市南山区", "650102": "新疆乌鲁木齐市天山区",
    "650104": "新疆乌鲁木齐市新市区", "653101": "新疆喀什市", "652901": "新疆阿克苏市",
    "540102": "西藏拉萨市城关区", "632801": "青海省格尔木市", "130102": "河北省石家庄市长安区",
}

#: GB/T 3304 nationality codes: code -> (Chinese name, English name)
ETHNIC_GROUPS = {
    "01": ("汉族", "Han"), "02": ("蒙古族", "Mongol"), "03": ("回族", "Hui"), "04": ("藏族", "Tibetan"),
    "05": ("维吾尔族", "Uyghur"), "06": ("苗族", "Miao"), "08": ("壮族", "Zhuang"), "10": ("朝鲜族", "Korean"),
    "11": ("满族", "Manchu"), "17": ("哈萨克族", "Kazakh"), "18": ("傣族", "Dai"), "26": ("东乡族", "Dongxiang"),
}
ETHNIC_WEIGHTS = {"01": 55, "05": 20, "03": 8, "17": 5, "02": 3, "04": 3, "11": 2, "06": 1, "08": 1, "10": 1,
                  "18": 0.5, "26": 0.5}


def weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def random_birthdate(rng: random.Random, start_year: int = 1950, end_year: int = 2003) -> date:
    start = date(start_year, 1, 1)
    span = (date(end_year, 12, 31) - start).days
    return start + timedelta(days=rng.randrange(span + 1))


def cn_ric(rng: random.Random, birth: date, female: bool, region: str | None = None) -> str:
    """A Chinese resident ID (18 digits) valid per stdnum.cn.ric, consistent with birth date and sex.

    stdnum also checks that the county code existed in the birth year (most codes date from 1983),
    so a region that fails for this birth date is replaced by another one.
    """
    from stdnum.cn import ric

    regions = [region] if region else []
    regions += rng.sample(sorted(CN_REGIONS), len(CN_REGIONS))
    seq = rng.randrange(0, 1000)
    if (seq % 2 == 0) != female:  # 17th digit: odd for men, even for women
        seq = (seq + 1) % 1000
    for code in regions:
        body = f"{code}{birth:%Y%m%d}{seq:03d}"
        number = body + _ric_check(body)
        if ric.is_valid(number):
            return number
    raise ValueError(f"no region code is valid for birth date {birth}")  # pragma: no cover


def _ric_check(body17: str) -> str:
    checksum = (1 - 2 * int(body17, 13)) % 11
    return "X" if checksum == 10 else str(checksum)


def cn_ric_bad_checksum(rng: random.Random) -> str:
    """18 characters shaped like a resident ID (real region, real date) whose check digit is wrong."""
    good = cn_ric(rng, random_birthdate(rng), rng.random() < 0.5)
    wrong = [c for c in "0123456789X" if c != good[-1]]
    return good[:-1] + rng.choice(wrong)


def luhn_check_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_number(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def luhn_bad_number(rng: random.Random, prefix: str, length: int) -> str:
    good = luhn_number(rng, prefix, length)
    return good[:-1] + str((int(good[-1]) + rng.randrange(1, 10)) % 10)


IMEI_TACS = ("35332509", "35391110", "86891603", "86452703", "35925406", "86769004", "35467011", "86030804")


def imei(rng: random.Random) -> str:
    """A 15-digit IMEI with a valid Luhn check digit and a plausible TAC."""
    return luhn_number(rng, rng.choice(IMEI_TACS), 15)


CN_MNC = ("00", "01", "02", "03", "07", "11")


def imsi(rng: random.Random, mcc: str = "460", mnc: str | None = None) -> str:
    """An IMSI: MCC + MNC + MSIN, 15 digits (China Mobile/Unicom/Telecom MNCs by default)."""
    mnc = mnc or rng.choice(CN_MNC)
    return mcc + mnc + "".join(rng.choice(string.digits) for _ in range(15 - len(mcc) - len(mnc)))


MAC_NOTATIONS = ("colon", "hyphen", "cisco", "bare", "colon_lower")
MAC_OUIS = ("8C:BE:BE", "F0:18:98", "AC:BC:32", "3C:28:6D", "48:3C:0C", "DC:A6:32", "64:09:80", "B8:27:EB")


def mac_bytes(rng: random.Random) -> bytes:
    oui = bytes.fromhex(rng.choice(MAC_OUIS).replace(":", ""))
    return oui + bytes(rng.randrange(256) for _ in range(3))


def format_mac(raw: bytes, notation: str = "colon") -> str:
    h = raw.hex()
    if notation == "colon":
        return ":".join(h[i:i + 2] for i in range(0, 12, 2)).upper()
    if notation == "colon_lower":
        return ":".join(h[i:i + 2] for i in range(0, 12, 2))
    if notation == "hyphen":
        return "-".join(h[i:i + 2] for i in range(0, 12, 2)).upper()
    if notation == "cisco":
        return ".".join(h[i:i + 4] for i in range(0, 12, 4))
    if notation == "bare":
        return h.upper()
    raise ValueError(f"unknown MAC notation {notation!r}")


CN_MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                      "155", "156", "157", "158", "159", "180", "181", "182", "183", "186", "187", "188", "189")


def cn_mobile(rng: random.Random, style: str | None = None) -> str:
    """A Chinese mobile number, valid per phonenumbers, in one of several notations."""
    digits = rng.choice(CN_MOBILE_PREFIXES) + "".join(rng.choice(string.digits) for _ in range(8))
    style = style or rng.choice(("plain", "intl", "intl_spaced", "dashed"))
    if style == "plain":
        return digits
    if style == "intl":
        return "+86" + digits
    if style == "intl_spaced":
        return f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}"
    return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"


def phone_number(rng: random.Random, country: str) -> str:
    """A mobile number valid per phonenumbers for DE, FR, ES, NL, BR, RU, US, GB, IT, IN."""
    import phonenumbers

    patterns = {
        "DE": ("+49 15{d} {dddd}{ddd}", "015{d}{dddd}{ddd}", "+49 17{d} {ddddddd}"),
        "FR": ("+33 6 {dd} {dd} {dd} {dd}", "06{dd}{dd}{dd}{dd}", "+33 7 {dd} {dd} {dd} {dd}"),
        "ES": ("+34 6{dd} {ddd} {ddd}", "6{dd}{ddd}{ddd}"),
        "NL": ("+31 6 {dddd}{dddd}", "06-{dddd}{dddd}"),
        "BR": ("+55 11 9{dddd}-{dddd}", "(21) 9{dddd}-{dddd}"),
        "RU": ("+7 9{dd} {ddd}-{dd}-{dd}", "8 (9{dd}) {ddd}-{dd}-{dd}"),
        "US": ("+1 {area} {ddd} {dddd}", "({area}) {ddd}-{dddd}"),
        "GB": ("+44 7{ddd} {ddd}{ddd}", "07{ddd} {ddd}{ddd}"),
        "IT": ("+39 3{dd} {ddd} {dddd}",),
        "IN": ("+91 9{dddd} {ddddd}",),
    }[country]
    for _ in range(200):
        pat = rng.choice(patterns)
        text = pat
        while "{" in text:
            start = text.index("{")
            end = text.index("}", start)
            token = text[start + 1:end]
            if token == "area":
                rep = rng.choice(("212", "310", "415", "617", "312", "202", "305", "512", "646", "718"))
            else:
                rep = "".join(rng.choice(string.digits) for _ in token)
            text = text[:start] + rep + text[end + 1:]
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, country)):
                return text
        except phonenumbers.NumberParseException:
            pass
    raise RuntimeError(f"could not generate a valid {country} phone number")  # pragma: no cover


def us_ssn(rng: random.Random, dashed: bool = True) -> str:
    while True:
        area = rng.randrange(1, 900)
        if area == 666:
            continue
        group, serial = rng.randrange(1, 100), rng.randrange(1, 10000)
        s = f"{area:03d}-{group:02d}-{serial:04d}"
        if s in ("078-05-1120", "457-55-5462", "219-09-9999"):
            continue
        return s if dashed else s.replace("-", "")


def de_idnr(rng: random.Random) -> str:
    """German tax identification number (Steuer-IdNr), 11 digits, ISO 7064 Mod 11,10."""
    from stdnum.iso7064 import mod_11_10

    while True:
        digits = rng.sample(string.digits, 9)
        repeated = rng.choice(digits)
        digits.append(repeated)
        rng.shuffle(digits)
        if digits[0] == "0":
            continue
        body = "".join(digits)
        return body + mod_11_10.calc_check_digit(body)


def nl_bsn(rng: random.Random) -> str:
    """Dutch citizen service number (BSN), 9 digits, eleven-test."""
    while True:
        body = [rng.randrange(10) for _ in range(8)]
        total = sum(d * w for d, w in zip(body, range(9, 1, -1)))
        last = total % 11
        if last == 10 or (body[0] == 0 and body[1] == 0):
            continue
        return "".join(map(str, body)) + str(last)


def nl_bsn_bad_checksum(rng: random.Random) -> str:
    good = nl_bsn(rng)
    return good[:-1] + str((int(good[-1]) + rng.randrange(1, 10)) % 10)


NINO_BAD_PREFIXES = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def gb_nino(rng: random.Random, spaced: bool = True) -> str:
    """UK National Insurance number (no checksum; format rules of HMRC)."""
    first_ok = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
    second_ok = [c for c in string.ascii_uppercase if c not in "DFIQUVO"]
    while True:
        prefix = rng.choice(first_ok) + rng.choice(second_ok)
        if prefix not in NINO_BAD_PREFIXES:
            break
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    suffix = rng.choice("ABCD")
    if spaced:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return prefix + digits + suffix


def is_valid_gb_nino(number: str) -> bool:
    n = number.replace(" ", "").upper()
    return (len(n) == 9 and n[0] not in "DFIQUV" and n[1] not in "DFIQUVO" and n[:2] not in NINO_BAD_PREFIXES
            and n[2:8].isdigit() and n[8] in "ABCD")


def fr_nir(rng: random.Random, birth: date, female: bool, spaced: bool = False) -> str:
    """French social security number (NIR), 15 digits with a mod-97 key, consistent with birth and sex."""
    dept = rng.choice(("75", "69", "13", "33", "59", "31", "44", "67", "06", "92", "93", "94"))
    body = f"{2 if female else 1}{birth:%y}{birth.month:02d}{dept}{rng.randrange(1, 990):03d}{rng.randrange(1, 999):03d}"
    key = 97 - int(body) % 97
    number = f"{body}{key:02d}"
    if spaced:
        return f"{number[0]} {number[1:3]} {number[3:5]} {number[5:7]} {number[7:10]} {number[10:13]} {number[13:]}"
    return number


def in_aadhaar(rng: random.Random, spaced: bool = True) -> str:
    from stdnum import verhoeff

    while True:
        body = str(rng.randrange(2, 10)) + "".join(rng.choice(string.digits) for _ in range(10))
        number = body + verhoeff.calc_check_digit(body)
        if number != number[::-1]:
            break
    return f"{number[:4]} {number[4:8]} {number[8:]}" if spaced else number


def br_cpf(rng: random.Random, formatted: bool = True) -> str:
    while True:
        d = [rng.randrange(10) for _ in range(9)]
        if len(set(d)) > 1:
            break
    for n in (10, 11):
        s = sum(x * w for x, w in zip(d, range(n, 1, -1)))
        d.append((s * 10) % 11 % 10)
    number = "".join(map(str, d))
    return f"{number[:3]}.{number[3:6]}.{number[6:9]}-{number[9:]}" if formatted else number


def br_cpf_bad_checksum(rng: random.Random) -> str:
    good = br_cpf(rng, formatted=False)
    return good[:-1] + str((int(good[-1]) + rng.randrange(1, 10)) % 10)


def es_dni(rng: random.Random) -> str:
    body = f"{rng.randrange(10**7, 10**8):08d}"
    return body + "TRWAGMYFPDXBNJZSQVHLCKE"[int(body) % 23]


_CF_MONTHS = "ABCDEHLMPRST"
_CF_TOWNS = ("H501", "F205", "L219", "F839", "A662", "D612", "G273", "C351", "L736", "A944")


def _cf_letters(word: str, first_name: bool) -> str:
    word = "".join(c for c in word.upper() if c.isalpha() and c in string.ascii_uppercase)
    cons = [c for c in word if c not in "AEIOU"]
    vows = [c for c in word if c in "AEIOU"]
    if first_name and len(cons) > 3:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def it_codicefiscale(rng: random.Random, surname: str, name: str, birth: date, female: bool) -> str:
    from stdnum.it import codicefiscale

    day = birth.day + (40 if female else 0)
    body = (_cf_letters(surname, False) + _cf_letters(name, True) + f"{birth:%y}" + _CF_MONTHS[birth.month - 1]
            + f"{day:02d}" + rng.choice(_CF_TOWNS))
    return body + codicefiscale.calc_check_digit(body)


def ru_inn(rng: random.Random) -> str:
    """Russian personal taxpayer number (INN), 12 digits with two check digits."""
    from stdnum.ru import inn

    body = f"{rng.choice((77, 78, 50, 66, 16, 23, 54)):02d}" + "".join(rng.choice(string.digits) for _ in range(8))
    return body + inn.calc_personal_check_digits(body)


def iban(rng: random.Random, country: str, spaced: bool = False) -> str:
    """An IBAN valid per stdnum.iban (DE, NL, GB, FR, ES, IT, BE)."""
    from stdnum import iban as _iban

    def digits(n: int) -> str:
        return "".join(rng.choice(string.digits) for _ in range(n))

    for _ in range(500):
        if country == "DE":
            bban = digits(18)
        elif country == "NL":
            bban = rng.choice(("ABNA", "INGB", "RABO", "TRIO")) + digits(10)
        elif country == "GB":
            bban = rng.choice(("NWBK", "BARC", "LOYD", "HBUK")) + digits(14)
        elif country == "FR":
            bank, branch, acct = digits(5), digits(5), digits(11)
            key = 97 - (int(bank + branch + acct) * 100) % 97
            bban = f"{bank}{branch}{acct}{key:02d}"
        elif country == "ES":
            bank, branch, acct = digits(4), digits(4), digits(10)
            w = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

            def ccc(s: str) -> str:
                s = s.rjust(10, "0")
                v = 11 - sum(int(a) * b for a, b in zip(s, w)) % 11
                return "0" if v == 11 else ("1" if v == 10 else str(v))
            bban = bank + branch + ccc(bank + branch) + ccc(acct) + acct
        elif country == "IT":
            account = "".join(rng.choice(string.digits + string.ascii_uppercase) for _ in range(12))
            bban = rng.choice(string.ascii_uppercase) + digits(10) + account
        elif country == "BE":
            body = digits(10)
            chk = int(body) % 97 or 97
            bban = f"{body}{chk:02d}"
        else:
            raise ValueError(country)
        candidate = country + "00" + bban
        number = country + _iban.calc_check_digits(candidate) + bban
        if _iban.is_valid(number):
            if spaced:
                return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
            return number
    raise RuntimeError(f"could not build a valid {country} IBAN")  # pragma: no cover


def iban_bad_checksum(rng: random.Random, country: str = "DE") -> str:
    good = iban(rng, country)
    check = int(good[2:4])
    return good[:2] + f"{(check + rng.randrange(1, 90)) % 97 + 2:02d}"[-2:] + good[4:]


CARD_BRANDS = {"visa": (("4",), 16), "mastercard": (("51", "52", "53", "54", "55"), 16),
               "amex": (("34", "37"), 15), "unionpay": (("62",), 16)}


def card_number(rng: random.Random, brand: str | None = None, grouped: bool = False) -> str:
    brand = brand or rng.choice(sorted(CARD_BRANDS))
    prefixes, length = CARD_BRANDS[brand]
    number = luhn_number(rng, rng.choice(prefixes), length)
    if grouped:
        if length == 15:
            return f"{number[:4]} {number[4:10]} {number[10:]}"
        return " ".join(number[i:i + 4] for i in range(0, length, 4))
    return number


def uuid4(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hex_id(rng: random.Random, nbytes: int = 16) -> str:
    return rng.getrandbits(nbytes * 8).to_bytes(nbytes, "big").hex()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(rng: random.Random, claims: dict[str, Any]) -> str:
    import json

    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64url(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    return f"{header}.{payload}.{_b64url(rng.randbytes(32))}"


_ALNUM = string.ascii_letters + string.digits


def api_key(rng: random.Random, style: str | None = None) -> str:
    """Shaped like live API keys of common services (randomly generated, never real)."""
    style = style or rng.choice(("stripe", "aws", "github", "slack", "generic"))
    if style == "stripe":
        return "sk_live_" + "".join(rng.choice(_ALNUM) for _ in range(24))
    if style == "aws":
        return "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    if style == "github":
        return "ghp_" + "".join(rng.choice(_ALNUM) for _ in range(36))
    if style == "slack":
        ids = "-".join("".join(rng.choice(string.digits) for _ in range(n)) for n in (12, 13))
        return f"xoxb-{ids}-" + "".join(rng.choice(_ALNUM) for _ in range(24))
    return "".join(rng.choice("0123456789abcdef") for _ in range(40))


_BCRYPT_ALPHABET = "./" + string.ascii_uppercase + string.ascii_lowercase + string.digits


def bcrypt_hash(rng: random.Random, cost: int = 12) -> str:
    return f"$2b${cost:02d}$" + "".join(rng.choice(_BCRYPT_ALPHABET) for _ in range(53))


def ipv4(rng: random.Random, private: bool = False) -> str:
    if private:
        return f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    while True:
        a = rng.randrange(1, 224)
        if a not in (10, 127, 169, 172, 192, 100):
            return f"{a}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def ipv6(rng: random.Random) -> str:
    groups = ["2001", "db8"] + [f"{rng.randrange(65536):x}" for _ in range(6)]
    text = ":".join(groups)
    if rng.random() < 0.5:  # compressed form
        groups[4:6] = ["0", "0"]
        text = ":".join(groups[:4]) + "::" + ":".join(groups[6:])
    return text


CN_PLATE_PROVINCES = "京沪津渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤川青藏琼宁"
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I, O


def cn_plate(rng: random.Random) -> str:
    tail = "".join(rng.choice(_PLATE_LETTERS + string.digits * 3) for _ in range(5))
    sep = rng.choice(("", "·", " "))
    return f"{rng.choice(CN_PLATE_PROVINCES)}{rng.choice(_PLATE_LETTERS)}{sep}{tail}"


def eu_plate(rng: random.Random, country: str) -> str:
    L = lambda n: "".join(rng.choice(_PLATE_LETTERS) for _ in range(n))  # noqa: E731
    D = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    if country == "DE":
        return f"{rng.choice(('B', 'M', 'HH', 'K', 'F', 'S', 'D', 'HB'))}-{L(rng.choice((1, 2)))} {rng.randrange(1, 9999)}"
    if country == "FR":
        return f"{L(2)}-{D(3)}-{L(2)}"
    if country == "NL":
        return rng.choice((f"{D(2)}-{L(3)}-{D(1)}", f"{L(2)}-{D(3)}-{L(1)}", f"{D(1)}-{L(3)}-{D(2)}"))
    if country == "ES":
        return f"{D(4)} {''.join(rng.choice('BCDFGHJKLMNPRSTVWXYZ') for _ in range(3))}"
    if country == "IT":
        return f"{L(2)} {D(3)}{L(2)}"
    raise ValueError(country)


_GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"


def geohash_encode(lat: float, lon: float, precision: int = 8) -> str:
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    bits, bit, ch, even, out = (16, 8, 4, 2, 1), 0, 0, True, []
    while len(out) < precision:
        if even:
            mid = (lon_lo + lon_hi) / 2
            if lon > mid:
                ch |= bits[bit]
                lon_lo = mid
            else:
                lon_hi = mid
        else:
            mid = (lat_lo + lat_hi) / 2
            if lat > mid:
                ch |= bits[bit]
                lat_lo = mid
            else:
                lat_hi = mid
        even = not even
        if bit < 4:
            bit += 1
        else:
            out.append(_GEOHASH[ch])
            bit, ch = 0, 0
    return "".join(out)


def geohash_decode(gh: str) -> tuple[float, float]:
    lat_lo, lat_hi, lon_lo, lon_hi = -90.0, 90.0, -180.0, 180.0
    even = True
    for c in gh:
        cd = _GEOHASH.index(c)
        for mask in (16, 8, 4, 2, 1):
            if even:
                mid = (lon_lo + lon_hi) / 2
                if cd & mask:
                    lon_lo = mid
                else:
                    lon_hi = mid
            else:
                mid = (lat_lo + lat_hi) / 2
                if cd & mask:
                    lat_lo = mid
                else:
                    lat_hi = mid
            even = not even
    return (lat_lo + lat_hi) / 2, (lon_lo + lon_hi) / 2


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def spread_points(rng: random.Random, center: tuple[float, float], n: int, radius_m: float,
                  min_sep_m: float = 500.0) -> list[tuple[float, float]]:
    """``n`` points within ``radius_m`` of ``center``, pairwise at least ``min_sep_m`` apart."""
    pts: list[tuple[float, float]] = []
    lat0, lon0 = center
    for _ in range(n * 200):
        if len(pts) == n:
            break
        r = radius_m * math.sqrt(rng.random())
        t = rng.random() * 2 * math.pi
        p = (lat0 + r * math.cos(t) / 111_320, lon0 + r * math.sin(t) / (111_320 * math.cos(math.radians(lat0))))
        if all(haversine_m(p, q) >= min_sep_m for q in pts):
            pts.append((round(p[0], 6), round(p[1], 6)))
    if len(pts) < n:
        raise ValueError("cannot place that many points that far apart")  # pragma: no cover
    return pts


def jitter(rng: random.Random, point: tuple[float, float], meters: float) -> tuple[float, float]:
    r = meters * math.sqrt(rng.random())
    t = rng.random() * 2 * math.pi
    lat = point[0] + r * math.cos(t) / 111_320
    lon = point[1] + r * math.sin(t) / (111_320 * math.cos(math.radians(point[0])))
    return round(lat, 6), round(lon, 6)


# --------------------------------------------------------------------------
# Value generators: vectors and images
# --------------------------------------------------------------------------


def unit_vector(rng: random.Random, dim: int) -> list[float]:
    v = [rng.gauss(0.0, 1.0) for _ in range(dim)]
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [x / n for x in v]


def perturbed_unit(rng: random.Random, base: list[float], noise: float, digits: int = 5) -> list[float]:
    """``base`` plus uniform noise, renormalised, rounded (same person, another capture)."""
    rnd = rng.random
    v = [x + noise * (rnd() - 0.5) for x in base]
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return [round(x / n, digits) for x in v]


def float32_b64(vec: list[float]) -> str:
    return base64.b64encode(struct.pack(f"<{len(vec)}f", *vec)).decode()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_png(rows: list[bytes], width: int, height: int, color: bool = True) -> bytes:
    """A valid PNG from raw 8-bit rows (RGB when ``color``, else grayscale)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2 if color else 0, 0, 0, 0)
    raw = b"".join(b"\x00" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(raw, 9))
            + _png_chunk(b"IEND", b""))


def face_pixels(rng: random.Random, size: int, color: bool = True, noise: int = 3) -> list[bytes]:
    """A cartoon face (hair, skin ellipse, eyes, mouth) with sensor noise, as raw 8-bit rows.

    ``noise`` is the number of low bits flipped at random in each sample.
    """
    def px(rgb: tuple[int, int, int]) -> bytes:
        return bytes(rgb) if color else bytes((int(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]),))

    bg = px(tuple(rng.randrange(90, 200) for _ in range(3)))  # type: ignore[arg-type]
    skin = px(rng.choice(((224, 172, 140), (198, 134, 100), (241, 194, 160), (170, 112, 80), (230, 185, 150))))
    hair = px(rng.choice(((30, 25, 20), (60, 40, 30), (90, 70, 40), (20, 20, 20))))
    dark, lips = px((40, 30, 30)), px((150, 60, 60))
    ch = len(bg)
    cx = size / 2 + rng.uniform(-1.5, 1.5)
    cy = size / 2 + rng.uniform(-1, 2)
    a = size * rng.uniform(0.28, 0.34)
    b = size * rng.uniform(0.36, 0.42)
    eye_y = int(cy - b * 0.15)
    eye_dx = a * rng.uniform(0.38, 0.48)
    mouth_y = int(cy + b * 0.45)
    mouth_w = a * rng.uniform(0.3, 0.5)
    hair_line = cy - b * rng.uniform(0.45, 0.65)
    width = size * ch
    mask = int.from_bytes(bytes(((1 << noise) - 1,)) * width, "big")
    rows: list[bytes] = []
    for y in range(size):
        row = bytearray(bg * size)
        dy = (y + 0.5 - cy) / b
        if abs(dy) < 1:
            half = a * math.sqrt(1 - dy * dy)
            x0, x1 = max(0, int(cx - half)), min(size, int(cx + half) + 1)
            row[x0 * ch:x1 * ch] = (hair if y < hair_line else skin) * (x1 - x0)
        if y in (eye_y, eye_y + 1):
            for ex in (int(cx - eye_dx), int(cx + eye_dx)):
                lo, hi = max(0, ex), min(size, ex + 2)
                row[lo * ch:hi * ch] = dark * (hi - lo)
        if y == mouth_y:
            lo, hi = max(0, int(cx - mouth_w)), min(size, int(cx + mouth_w) + 1)
            row[lo * ch:hi * ch] = lips * (hi - lo)
        # sensor noise: flip the low bits at random (no overflow, cheap on big ints)
        noisy = int.from_bytes(row, "big") ^ (int.from_bytes(rng.randbytes(width), "big") & mask)
        rows.append(noisy.to_bytes(width, "big"))
    return rows


def png_product(rng: random.Random, size: int = 40) -> bytes:
    """A product shot: a shaded box on a plain background (not a person)."""
    bg = bytes(rng.randrange(200, 256) for _ in range(3))
    face = [rng.randrange(30, 230) for _ in range(3)]
    side = bytes(max(0, c - 40) for c in face)
    top = bytes(min(255, c + 30) for c in face)
    x0, x1 = rng.randrange(4, 12), rng.randrange(size - 14, size - 6)
    y0, y1 = rng.randrange(6, 14), rng.randrange(size - 10, size - 4)
    depth = rng.randrange(3, 7)
    width = size * 3
    mask = int.from_bytes(b"\x03" * width, "big")
    rows = []
    for y in range(size):
        row = bytearray(bg * size)
        if y0 - depth <= y < y0:
            row[(x0 + (y0 - y)) * 3:(x1 + (y0 - y)) * 3] = top * (x1 - x0)
        elif y0 <= y < y1:
            row[x0 * 3:x1 * 3] = bytes(face) * (x1 - x0)
            row[x1 * 3:(x1 + depth) * 3] = side * depth
        noisy = int.from_bytes(row, "big") ^ (int.from_bytes(rng.randbytes(width), "big") & mask)
        rows.append(noisy.to_bytes(width, "big"))
    return encode_png(rows, size, size, color=True)


def png_face(rng: random.Random, size: int = 32) -> bytes:
    return encode_png(face_pixels(rng, size, color=True), size, size, color=True)


# Baseline JPEG (grayscale) encoder: small, standard Huffman tables of ITU T.81 Annex K.
_ZIGZAG = (0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
           14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39,
           46, 53, 60, 61, 54, 47, 55, 62, 63)
_Q_LUMA = (16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17,
           22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78,
           87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99)
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALS = tuple(range(12))
_AC_BITS = (0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D)
_AC_VALS = (
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
    0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
    0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
    0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
    0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
    0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
    0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
    0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
    0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
    0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
    0xF9, 0xFA,
)
_COS = [[math.cos((2 * x + 1) * u * math.pi / 16) * (math.sqrt(0.5) if u == 0 else 1.0) / 2 for x in range(8)]
        for u in range(8)]


def _huff_codes(bits: tuple[int, ...], vals: tuple[int, ...]) -> dict[int, tuple[int, int]]:
    codes: dict[int, tuple[int, int]] = {}
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


_DC_CODES = _huff_codes(_DC_BITS, _DC_VALS)
_AC_CODES = _huff_codes(_AC_BITS, _AC_VALS)


def encode_jpeg_gray(rows: list[bytes], width: int, height: int, quality: int = 80, comment: bytes = b"") -> bytes:
    """A valid baseline grayscale JPEG (width and height multiples of 8)."""
    if width % 8 or height % 8:
        raise ValueError("width and height must be multiples of 8")
    scale = 5000 / quality if quality < 50 else 200 - 2 * quality
    q = [min(255, max(1, (v * scale + 50) // 100)) for v in _Q_LUMA]
    out = bytearray()
    acc, nacc = 0, 0

    def put(code: int, length: int) -> None:
        nonlocal acc, nacc
        acc = (acc << length) | code
        nacc += length
        while nacc >= 8:
            nacc -= 8
            byte = (acc >> nacc) & 0xFF
            out.append(byte)
            if byte == 0xFF:
                out.append(0)
        acc &= (1 << nacc) - 1

    prev_dc = 0
    cos = _COS
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            blk = [[rows[by + y][bx + x] - 128 for x in range(8)] for y in range(8)]
            # separable 2-D DCT-II: rows then columns
            tmp = [[sum(c * p for c, p in zip(cos[u], row)) for u in range(8)] for row in blk]
            coef = [0] * 64
            for v in range(8):
                cv = cos[v]
                for u in range(8):
                    f = sum(cv[y] * tmp[y][u] for y in range(8))
                    coef[v * 8 + u] = int(round(f / q[v * 8 + u]))
            zz = [coef[i] for i in _ZIGZAG]
            diff = zz[0] - prev_dc
            prev_dc = zz[0]
            size = abs(diff).bit_length()
            put(*_DC_CODES[size])
            if size:
                put(diff if diff > 0 else diff + (1 << size) - 1, size)
            run = 0
            last = max((i for i in range(1, 64) if zz[i]), default=0)
            for i in range(1, last + 1):
                c = zz[i]
                if c == 0:
                    run += 1
                    continue
                while run > 15:
                    put(*_AC_CODES[0xF0])
                    run -= 16
                size = abs(c).bit_length()
                put(*_AC_CODES[(run << 4) | size])
                put(c if c > 0 else c + (1 << size) - 1, size)
                run = 0
            if last < 63:
                put(*_AC_CODES[0x00])
    if nacc:
        put((1 << (8 - nacc)) - 1, 8 - nacc)

    def seg(marker: int, payload: bytes) -> bytes:
        return struct.pack(">HH", 0xFF00 | marker, len(payload) + 2) + payload

    head = b"\xff\xd8" + seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if comment:
        head += seg(0xFE, comment)
    head += seg(0xDB, b"\x00" + bytes(q[i] for i in _ZIGZAG))
    head += seg(0xC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00")
    head += seg(0xC4, b"\x00" + bytes(_DC_BITS) + bytes(_DC_VALS))
    head += seg(0xC4, b"\x10" + bytes(_AC_BITS) + bytes(_AC_VALS))
    head += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return head + bytes(out) + b"\xff\xd9"


def jpeg_face(rng: random.Random, size: int = 48, quality: int = 92) -> bytes:
    return encode_jpeg_gray(face_pixels(rng, size, color=False, noise=4), size, size, quality)


def jpeg_with_comment(jpeg: bytes, comment: bytes) -> bytes:
    """The same JPEG with a COM segment after SOI (a per-capture tag, as camera firmware writes)."""
    return jpeg[:2] + struct.pack(">HH", 0xFFFE, len(comment) + 2) + comment + jpeg[2:]


# --------------------------------------------------------------------------
# The demo store
# --------------------------------------------------------------------------

CITY_CENTER = (30.5928, 114.3055)  # a fictional grid over a large city
DISTRICTS = ("江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区")
ROADS = ("解放大道", "建设大道", "中山大道", "发展大道", "京汉大道", "武珞路", "珞喻路", "民族路", "和平大道",
         "友谊大道", "黄浦大街", "新华路", "江汉路", "航空路", "雄楚大道", "徐东大街", "沿江大道", "青年路")
CORNERS = ("东北角", "西南角", "东南角", "西北角", "北侧", "南侧")
VENUES = ("地铁2号线江汉路站B口", "汉口火车站北广场", "武昌火车站东广场", "万达广场3F", "光谷步行街入口", "中南路地铁站A口",
          "循礼门地铁站C口", "协和医院门诊楼", "天河机场T3出发层", "司门口公交站", "楚河汉街北入口", "江滩公园二期",
          "宝通寺", "古琴台", "洪山广场南", "街道口地铁站D口", "沙湖公园东门", "园博园北门", "王家湾商圈", "后湖大道市场")
HOTELS = ("如家酒店(江汉路店)", "汉庭酒店(中山公园店)", "七天连锁(武昌站店)", "锦江之星(光谷店)")
NET_CAFES = ("网鱼网咖(街道口店)", "极速网吧(徐东店)", "星空网咖(汉阳店)")
RELIGIONS_CN = {"无": 62, "伊斯兰教": 24, "佛教": 9, "基督教": 4, "道教": 1}
ALERT_REASONS = {"吸毒人员": 35, "刑满释放人员": 30, "在逃人员": 10, "涉恐人员": 8, "精神病人": 7, "上访人员": 10}
ALERT_REMARKS = {
    "吸毒人员": "Registered drug user, urine test overdue; notify local station.",
    "刑满释放人员": "Released from prison {y}; under community supervision.",
    "在逃人员": "Wanted fugitive (case {case}); detain on sight.",
    "涉恐人员": "Terrorism suspect list {y}; escalate to county bureau.",
    "精神病人": "Severe mental illness, off medication since {y}; check on family.",
    "上访人员": "Repeated petitioner to Beijing; watch during political sessions.",
}
LIBRARIES = {"重点人员库": 40, "在逃人员库": 10, "常住人口库": 50}
PRODUCTS = ("Xiaomi Mi Band 4", "Huawei P30 Pro 8+256G", "Anker PowerCore 10000", "Redmi Note 7 4+64G",
            "小米空气净化器 Pro", "华为 FreeBuds 3", "格力 KFR-35GW 空调", "美的电饭煲 MB-FB40", "Lenovo Xiaoxin Air 14",
            "Nongfu Spring 550ml x24", "三只松鼠 坚果礼盒", "Li-Ning 运动鞋 云四代", "DJI Osmo Pocket", "Haier 冰箱 BCD-470",
            "Sony WH-1000XM3", "OPPO Reno 10x", "vivo iQOO 8+128G", "Midea 电风扇 FS40", "Uni-President 方便面 x12")
PRODUCT_CATEGORIES = ("electronics", "phones", "appliances", "food", "sports", "audio")


def _vector_mapping(kind: str, dims: int) -> dict:
    if kind == "float":
        return {"type": "float"}
    if kind == "dense_vector":
        return {"type": "dense_vector", "dims": dims}
    if kind == "knn_vector":
        # Lucene's HNSW: the k-NN plugin's native engines (nmslib/faiss) need JNI libraries that an
        # embedded node does not have, and its refresh then hangs.
        return {"type": "knn_vector", "dimension": dims,
                "method": {"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}
    raise ValueError(f"vector_mapping must be one of {VECTOR_MAPPINGS}, not {kind!r}")


def _n(count: int, scale: float, minimum: int = 5) -> int:
    return max(minimum, int(round(count * scale)))


def _rand_time(rng: random.Random, start: datetime, days: int, hours: tuple[int, int] = (6, 23)) -> datetime:
    day = start + timedelta(days=rng.randrange(days))
    return day.replace(hour=rng.randrange(*hours), minute=rng.randrange(60), second=rng.randrange(60))


@dataclass
class _Person:
    name: str
    female: bool
    birth: date
    ric: str
    ethnic: str  # GB/T 3304 code
    religion: str
    phone: str
    address: str
    household: str


def _camera_name(rng: random.Random, used: set[str]) -> str:
    while True:
        a, b = rng.sample(ROADS, 2)
        name = f"{rng.choice(DISTRICTS)}{a}与{b}交叉口{rng.choice(CORNERS)}"
        if name not in used:
            used.add(name)
            return name


def _cn_address(rng: random.Random, fk: Any) -> str:
    return (f"湖北省武汉市{rng.choice(DISTRICTS)}{fk.street_name()}{rng.randrange(1, 400)}号"
            f"{rng.randrange(1, 30)}栋{rng.randrange(1, 6)}单元{rng.randrange(1, 33)}{rng.randrange(1, 5):02d}室")


def _religion_for(rng: random.Random, ethnic: str) -> str:
    if ethnic in ("05", "03", "17", "26"):
        return weighted(rng, {"伊斯兰教": 80, "无": 20})
    if ethnic == "04":
        return weighted(rng, {"佛教": 80, "无": 20})
    return weighted(rng, {"无": 85, "佛教": 8, "基督教": 5, "道教": 2})


def generate_store(seed: int = 7, scale: float = 1.0, *, vector_mapping: str = "float") -> SyntheticStore:
    """The demo's synthetic smart-city leak (deterministic in ``seed``), with ground truth."""
    from faker import Faker

    if vector_mapping not in VECTOR_MAPPINGS:
        raise ValueError(f"vector_mapping must be one of {VECTOR_MAPPINGS}, not {vector_mapping!r}")
    if scale <= 0:
        raise ValueError("scale must be positive")
    rng = random.Random(seed)
    fk = Faker("zh_CN")
    fk.seed_instance(seed)
    month = datetime(2019, 6, 1, tzinfo=TZ_CN)

    # --- places: cameras and WiFi sites, each at its own fixed point (>= 300 m apart)
    n_cams = _n(40, min(scale, 1.0) ** 0.5, 8)
    used: set[str] = set()
    cam_names = [_camera_name(rng, used) for _ in range(n_cams)]
    cam_points = spread_points(rng, CITY_CENTER, n_cams + len(VENUES) + len(HOTELS) + len(NET_CAFES), 9000, 300)
    place_point = dict(zip(cam_names + list(VENUES) + list(HOTELS) + list(NET_CAFES), cam_points))
    # GB/T 28181 device codes: 8-digit area, 2-digit industry, 132 = IP camera, 7-digit serial
    cam_ids = {c: f"42010300{rng.choice(('00', '01', '02'))}132{i + 1:07d}" for i, c in enumerate(cam_names)}

    # --- the residents register: the population
    n_res = _n(800, scale, 40)
    residents: list[_Person] = []
    seen_ric: set[str] = set()
    households: list[str] = []
    while len(residents) < n_res:
        female = rng.random() < 0.5
        birth = random_birthdate(rng, 1945, 2003)
        ric = cn_ric(rng, birth, female)
        if ric in seen_ric:
            continue
        seen_ric.add(ric)
        ethnic = weighted(rng, ETHNIC_WEIGHTS)
        if not households or rng.random() < 0.45:
            households.append(f"HH{rng.randrange(10**9):09d}")
        name = fk.name_female() if female else fk.name_male()
        residents.append(_Person(name, female, birth, ric, ethnic, _religion_for(rng, ethnic), cn_mobile(rng),
                                 _cn_address(rng, fk), households[-1]))

    # --- face persons: captured people; some are in the face library (and so have a known identity)
    n_face = _n(160, scale, 12)
    n_lib = _n(300, scale, 20)
    n_shared_face = min(n_face * 5 // 8, n_lib)  # captured people who are in the library
    lib_people = rng.sample(range(n_res), n_lib)
    face_pids = [hex_id(rng, 12) for _ in range(n_face)]
    face_person_of: dict[str, int | None] = {pid: (lib_people[i] if i < n_shared_face else None)
                                             for i, pid in enumerate(face_pids)}
    lib_pids = face_pids[:n_shared_face] + [hex_id(rng, 12) for _ in range(n_lib - n_shared_face)]

    collections = [
        _face_capture(rng, scale, vector_mapping, month, cam_names, place_point, cam_ids, face_pids,
                      face_person_of, residents),
        _face_library(rng, lib_pids, lib_people, residents),
        _wifi_probe(rng, scale, month, place_point),
        _alerts(rng, scale, month, lib_people, residents, cam_names, place_point),
        _resident_register(rng, residents),
        _app_logs(rng, scale, month, cam_names),
        _air_quality(rng, scale, month),
        _shop_orders(rng, scale, vector_mapping, month),
        _product_vectors(rng, scale, vector_mapping, month),
    ]
    store = SyntheticStore(collections=[prune_labels(c) for c in collections], seed=seed, scale=scale)
    store.links = _links(store)
    return store


def _face_capture(rng, scale, vector_mapping, month, cam_names, place_point, cam_ids, face_pids,
                  face_person_of, residents) -> SyntheticCollection:
    n_docs = _n(1000, scale, 30)
    pool = [jpeg_face(rng) for _ in range(24)]
    bases = {pid: unit_vector(rng, 512) for pid in face_pids}
    # who they are, as the camera system believes (estimated age, gender and an "ethnicity" label)
    traits = {}
    for pid in face_pids:
        idx = face_person_of[pid]
        if idx is not None:
            p = residents[idx]
            traits[pid] = (p.female, 2019 - p.birth.year, p.ethnic)
        else:
            traits[pid] = (rng.random() < 0.5, rng.randrange(16, 75), weighted(rng, ETHNIC_WEIGHTS))
    # each person moves between a few cameras; a quarter only ever pass one camera
    homes = {pid: rng.sample(cam_names, 1 if rng.random() < 0.25 else rng.randrange(2, 5)) for pid in face_pids}
    order = list(face_pids) + rng.choices(face_pids, weights=[1 / (i + 1) ** 0.7 for i in range(len(face_pids))],
                                          k=max(0, n_docs - len(face_pids)))
    rng.shuffle(order)
    docs = []
    for i, pid in enumerate(order[:n_docs]):
        female, age, ethnic = traits[pid]
        cam = rng.choice(homes[pid])
        lat, lon = place_point[cam]
        t = _rand_time(rng, month, 30)
        capture_id = hex_id(rng, 12)
        est_gender = female if rng.random() < 0.95 else not female
        cn, en = ETHNIC_GROUPS[ethnic]
        img = jpeg_with_comment(pool[(face_pids.index(pid) * 7 + i) % len(pool)], f"vsp:{capture_id}".encode())
        x, y = rng.randrange(0, 1800), rng.randrange(0, 900)
        w = rng.randrange(60, 220)
        docs.append({
            "captureId": capture_id,
            "personId": pid,
            "captureTime": t.isoformat(),
            "deviceId": cam_ids[cam],
            "cameraName": cam,
            "location": {"lat": lat, "lon": lon},
            "faceImage": base64.b64encode(img).decode(),
            "sceneUrl": f"http://vsp-img.city.internal/scene/{t:%Y/%m/%d}/{capture_id}.jpg",
            "faceFeature": perturbed_unit(rng, bases[pid], 0.07),
            "faceRect": [x, y, w, int(w * rng.uniform(1.1, 1.3))],
            "quality": round(rng.uniform(0.45, 0.99), 3),
            "age": max(12, age + rng.randrange(-6, 7)),
            "gender": "female" if est_gender else "male",
            "ethnic": en,
            "ethnicCode": ethnic,
            "ethnicName": cn,
            "attributes": {
                "eyeOpen": rng.random() < 0.9,
                "mouthOpen": rng.random() < 0.2,
                "glasses": rng.random() < 0.25,
                "sunglasses": rng.random() < 0.08,
                "mask": rng.random() < 0.05,
                "hat": rng.random() < 0.15,
                "beard": (not female) and rng.random() < 0.2,
                "smile": round(rng.random(), 2),
                "attractiveness": rng.randrange(35, 96),
            },
        })
    labels = {
        "captureId": [], "personId": ["person.internal_id"], "captureTime": ["time.timestamp"], "deviceId": [],
        "cameraName": ["location.place"], "location": ["location.coordinates"], "faceImage": ["person.photo"],
        "sceneUrl": ["person.photo"], "faceFeature": ["biometric.face_embedding"], "faceRect": [], "quality": [],
        "age": ["person.age"], "gender": ["person.gender"], "ethnic": ["special.ethnicity"],
        "ethnicCode": ["special.ethnicity"], "ethnicName": ["special.ethnicity"],
    }
    for k in docs[0]["attributes"]:
        labels[f"attributes.{k}"] = ["biometric.face_attributes"]
    kw = {"type": "keyword"}
    mapping = {"properties": {
        "captureId": kw, "personId": kw, "captureTime": {"type": "date"}, "deviceId": kw, "cameraName": kw,
        "location": {"type": "geo_point"}, "faceImage": {"type": "text", "index": False},
        "sceneUrl": {"type": "keyword", "index": False}, "faceFeature": _vector_mapping(vector_mapping, 512),
        "faceRect": {"type": "integer"}, "quality": {"type": "float"}, "age": {"type": "integer"}, "gender": kw,
        "ethnic": kw, "ethnicCode": kw, "ethnicName": kw,
        "attributes": {"properties": {
            **{k: {"type": "boolean"} for k in ("eyeOpen", "mouthOpen", "glasses", "sunglasses", "mask", "hat", "beard")},
            "smile": {"type": "float"}, "attractiveness": {"type": "integer"}}},
    }}
    pids_seen = {d["personId"] for d in docs}
    return SyntheticCollection(
        name="face_capture_2019.06", mapping=mapping, documents=docs, labels=labels, personal=True,
        trajectory={"person_keys": ["personId", "faceFeature"], "location_fields": ["cameraName", "location", "deviceId"],
                    "time_fields": ["captureTime"],
                    "persons_trackable": trajectory_persons((d["personId"], d["cameraName"]) for d in docs)},
        persons=len(pids_seen),
    )


def _face_library(rng, lib_pids, lib_people, residents) -> SyntheticCollection:
    docs = []
    for pid, idx in zip(lib_pids, lib_people):
        p = residents[idx]
        vec = unit_vector(rng, 512)
        enrolled = _rand_time(rng, datetime(2018, 1, 1, tzinfo=TZ_CN), 500, (8, 19))
        docs.append({
            "personId": pid,
            "name": p.name,
            "idNumber": p.ric,
            "libraryName": weighted(rng, LIBRARIES),
            "featureData": float32_b64(vec),
            "featureVersion": "v3.2.1",
            "photo": base64.b64encode(png_face(rng, 40)).decode(),
            "enrollTime": enrolled.strftime("%Y-%m-%d %H:%M:%S"),
        })
    labels = {"personId": ["person.internal_id"], "name": ["person.name"], "idNumber": ["person.government_id"],
              "libraryName": ["special.criminal"], "featureData": ["biometric.face_embedding"], "featureVersion": [],
              "photo": ["person.photo"], "enrollTime": ["time.timestamp"]}
    kw = {"type": "keyword"}
    mapping = {"properties": {"personId": kw, "name": kw, "idNumber": kw, "libraryName": kw,
                              "featureData": {"type": "binary"}, "featureVersion": kw, "photo": {"type": "binary"},
                              "enrollTime": {"type": "date", "format": "yyyy-MM-dd HH:mm:ss"}}}
    return SyntheticCollection(name="face_library", mapping=mapping, documents=docs, labels=labels, personal=True,
                               trajectory=None, persons=len({d["idNumber"] for d in docs}))


def _wifi_probe(rng, scale, month, place_point) -> SyntheticCollection:
    n_docs = _n(2000, scale, 40)
    n_dev = _n(300, scale, 10)
    sites = list(VENUES)
    sensors = {s: (f"WS-{i + 1:04d}", rng.choice(MAC_NOTATIONS)) for i, s in enumerate(sites)}
    devices = []
    for _ in range(n_dev):
        devices.append({
            "mac": mac_bytes(rng),
            "imsi": imsi(rng) if rng.random() < 0.6 else None,
            "imei": imei(rng) if rng.random() < 0.5 else None,
            "vendor": rng.choice(("Apple", "Huawei", "Xiaomi", "OPPO", "vivo", "Samsung")),
            "homes": rng.sample(sites, 1 if rng.random() < 0.2 else rng.randrange(2, 5)),
            "ssids": rng.sample(("ChinaNet-3F2A", "CMCC-WEB", "TP-LINK_5G_88E1", "Xiaomi_7A21", "iTV-K9Xk",
                                 "HUAWEI-B311", "ChinaUnicom", "Starbucks"), rng.randrange(0, 3)),
        })
    order = list(range(n_dev)) + rng.choices(range(n_dev), k=max(0, n_docs - n_dev))
    rng.shuffle(order)
    docs = []
    for di in order[:n_docs]:
        d = devices[di]
        site = rng.choice(d["homes"])
        sensor_id, notation = sensors[site]
        lat, lon = place_point[site]
        t = _rand_time(rng, month, 30, (5, 24))
        doc: dict[str, Any] = {"mac": format_mac(d["mac"], notation)}
        if d["imsi"]:
            doc["imsi"] = d["imsi"]
        if d["imei"]:
            doc["imei"] = d["imei"]
        doc.update({
            "sensorId": sensor_id, "site": site, "lat": lat, "lng": lon,
            "captureTime": int(t.timestamp() * 1000) + rng.randrange(1000),
            "rssi": rng.randrange(-92, -35), "channel": rng.choice((1, 6, 11, 36, 149)), "vendor": d["vendor"],
        })
        if d["ssids"]:
            doc["ssidList"] = list(d["ssids"])
        docs.append(doc)
    labels = {"mac": ["device.mac"], "imsi": ["device.imsi_imei"], "imei": ["device.imsi_imei"], "sensorId": [],
              "site": ["location.place"], "lat": ["location.coordinates"], "lng": ["location.coordinates"],
              "captureTime": ["time.timestamp"], "rssi": [], "channel": [], "vendor": [], "ssidList": []}
    kw = {"type": "keyword"}
    mapping = {"properties": {"mac": kw, "imsi": kw, "imei": kw, "sensorId": kw, "site": kw, "lat": {"type": "double"},
                              "lng": {"type": "double"}, "captureTime": {"type": "date", "format": "epoch_millis"},
                              "rssi": {"type": "integer"}, "channel": {"type": "integer"}, "vendor": kw,
                              "ssidList": kw}}
    seen = {devices[di]["mac"] for di in order[:n_docs]}
    return SyntheticCollection(
        name="wifi_probe_2019.06", mapping=mapping, documents=docs, labels=labels, personal=True,
        trajectory={"person_keys": ["mac", "imsi", "imei"], "location_fields": ["site", "lat", "lng", "sensorId"],
                    "time_fields": ["captureTime"],
                    "persons_trackable": trajectory_persons((devices[di]["mac"], d["site"])
                                                            for di, d in zip(order, docs))},
        persons=len(seen),
    )


def _alerts(rng, scale, month, lib_people, residents, cam_names, place_point) -> SyntheticCollection:
    n_people = _n(220, scale, 10)
    from_lib = lib_people[: min(len(lib_people), n_people * 6 // 11)]
    in_lib = set(lib_people)
    others = [i for i in range(len(residents)) if i not in in_lib]
    people = from_lib + rng.sample(others, min(len(others), n_people - len(from_lib)))
    places = cam_names + list(HOTELS) + list(NET_CAFES)
    docs = []
    for idx in people:
        p = residents[idx]
        reason = weighted(rng, ALERT_REASONS)
        haunts = rng.sample(places, 1 if rng.random() < 0.35 else rng.randrange(2, 4))
        for _ in range(1 + min(5, int(rng.expovariate(0.6)))):
            place = rng.choice(haunts)
            t = _rand_time(rng, month, 30, (0, 24))
            lat, lon = jitter(rng, place_point[place], 15)
            remark = ALERT_REMARKS[reason].format(y=rng.randrange(2012, 2019), case=f"A{rng.randrange(10**6):06d}")
            docs.append({
                "bjbh": f"BJ{t:%Y%m%d}{rng.randrange(10**6):06d}",
                "xm": p.name,
                "sfzh": p.ric,
                "xb": "女" if p.female else "男",
                "mz": ETHNIC_GROUPS[p.ethnic][0],
                "csrq": p.birth.isoformat(),
                "bjyy": reason,
                "bz": remark,
                "fxsj": t.strftime("%Y-%m-%d %H:%M:%S"),
                "fxdd": place,
                "jwd": f"{lat:.6f},{lon:.6f}",
                "xsd": round(rng.uniform(0.8, 0.995), 3),
                "clzt": weighted(rng, {"未处置": 50, "已签收": 30, "已处置": 20}),
            })
    rng.shuffle(docs)
    labels = {"bjbh": [], "xm": ["person.name"], "sfzh": ["person.government_id"], "xb": ["person.gender"],
              "mz": ["special.ethnicity"], "csrq": ["person.birthdate"],
              "bjyy": ["special.criminal", "special.health"], "bz": ["special.criminal", "special.health"],
              "fxsj": ["time.timestamp"], "fxdd": ["location.place"], "jwd": ["location.coordinates"], "xsd": [],
              "clzt": []}
    kw = {"type": "keyword"}
    mapping = {"properties": {"bjbh": kw, "xm": kw, "sfzh": kw, "xb": kw, "mz": kw, "csrq": {"type": "date"},
                              "bjyy": kw, "bz": {"type": "text"},
                              "fxsj": {"type": "date", "format": "yyyy-MM-dd HH:mm:ss"}, "fxdd": kw,
                              "jwd": {"type": "geo_point"}, "xsd": {"type": "float"}, "clzt": kw}}
    return SyntheticCollection(
        name="alert_watchlist", mapping=mapping, documents=docs, labels=labels, personal=True,
        trajectory={"person_keys": ["sfzh", "xm"], "location_fields": ["fxdd", "jwd"], "time_fields": ["fxsj"],
                    "persons_trackable": trajectory_persons((d["sfzh"], d["fxdd"]) for d in docs)},
        persons=len({d["sfzh"] for d in docs}),
    )


def _resident_register(rng, residents) -> SyntheticCollection:
    docs = []
    by_household: dict[str, list[_Person]] = defaultdict(list)
    for p in residents:
        by_household[p.household].append(p)
    for p in residents:
        members = by_household[p.household]
        head = members[0]
        doc: dict[str, Any] = {
            "name": p.name, "id_number": p.ric, "birth_date": p.birth.isoformat(), "gender": "女" if p.female else "男",
            "phone": p.phone, "address": p.address, "ethnicity": ETHNIC_GROUPS[p.ethnic][0], "religion": p.religion,
            "household_id": p.household, "relation": "户主" if p is head else rng.choice(("配偶", "子女", "父母", "其他")),
            "registered_at": random_birthdate(rng, 2008, 2018).isoformat(),
        }
        # emergency contacts are other residents (household members first), so they add no new people
        others = [m for m in members if m is not p] or [rng.choice(residents)]
        contacts = []
        for c in others[: rng.choice((0, 1, 1, 2))]:
            if c is p:
                continue
            relation = rng.choice(("配偶", "子女", "父母")) if c.household == p.household else rng.choice(("朋友", "同事"))
            contacts.append({"name": c.name, "phone": c.phone, "relation": relation})
        if contacts:
            doc["contacts"] = contacts
        docs.append(doc)
    labels = {"name": ["person.name"], "id_number": ["person.government_id"], "birth_date": ["person.birthdate"],
              "gender": ["person.gender"], "phone": ["person.phone"], "address": ["person.address"],
              "ethnicity": ["special.ethnicity"], "religion": ["special.religion"], "household_id": [],
              "relation": [], "registered_at": ["time.timestamp"], "contacts.name": ["person.name"],
              "contacts.phone": ["person.phone"], "contacts.relation": []}
    kw = {"type": "keyword"}
    mapping = {"properties": {
        "name": kw, "id_number": kw, "birth_date": {"type": "date"}, "gender": kw, "phone": kw,
        "address": {"type": "text"}, "ethnicity": kw, "religion": kw, "household_id": kw, "relation": kw,
        "registered_at": {"type": "date"},
        "contacts": {"type": "nested", "properties": {"name": kw, "phone": kw, "relation": kw}}}}
    return SyntheticCollection(name="resident_register", mapping=mapping, documents=docs, labels=labels,
                               personal=True, trajectory=None, persons=len(residents))


def _app_logs(rng, scale, month, cam_names) -> SyntheticCollection:
    n_docs = _n(1500, scale, 30)
    loggers = ("com.city.vsp.ingest.FaceBatchConsumer", "com.city.vsp.api.CameraController",
               "com.city.vsp.search.FeatureIndexer", "org.apache.kafka.clients.consumer.KafkaConsumer",
               "com.city.vsp.alarm.RuleEngine")
    templates = (
        "Processed face batch {n} ({k} records) in {ms} ms",
        "GET /api/v1/cameras/CAM-{cam:04d}/status 200 {ms}ms",
        "Consumer lag {n} on partition vsp-capture-{p}",
        "Cache miss for key cfg:{hex}",
        "Retrying upstream call to feature-svc (attempt {p}/3)",
        "Rule set v{p}.{k} reloaded, {n} rules active",
        "Slow query on index face_capture_2019.06 took {ms} ms",
    )
    docs = []
    for _ in range(n_docs):
        t = month + timedelta(seconds=rng.randrange(30 * 86400), milliseconds=rng.randrange(1000))
        ms = rng.randrange(2, 4000)
        msg = rng.choice(templates).format(n=rng.randrange(1, 99999), k=rng.randrange(1, 500), ms=ms,
                                           cam=rng.randrange(1, 400), p=rng.randrange(1, 12), hex=hex_id(rng, 6))
        level = weighted(rng, {"INFO": 80, "WARN": 12, "ERROR": 5, "DEBUG": 3})
        docs.append({
            "@timestamp": t.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": level, "logger": rng.choice(loggers), "thread": f"pool-{rng.randrange(1, 9)}-thread-{rng.randrange(1, 33)}",
            "message": msg, "request_id": uuid4(rng), "trace_id": hex_id(rng, 16), "span_id": hex_id(rng, 8),
            "host": f"vsp-ingest-{rng.randrange(1, 7):02d}", "duration_ms": ms,
            "status": rng.choice((200, 200, 200, 201, 204, 400, 404, 500, 503)),
        })
    labels = {"@timestamp": ["time.timestamp"], "level": [], "logger": [], "thread": [], "message": [],
              "request_id": [], "trace_id": [], "span_id": [], "host": [], "duration_ms": [], "status": []}
    kw = {"type": "keyword"}
    mapping = {"properties": {"@timestamp": {"type": "date"}, "level": kw, "logger": kw, "thread": kw,
                              "message": {"type": "text"}, "request_id": kw, "trace_id": kw, "span_id": kw,
                              "host": kw, "duration_ms": {"type": "long"}, "status": {"type": "short"}}}
    return SyntheticCollection(name="app-logs-2019.06", mapping=mapping, documents=docs, labels=labels,
                               personal=False, trajectory=None, persons=None)


def _air_quality(rng, scale, month) -> SyntheticCollection:
    n_sensors = _n(30, min(scale, 1.0) ** 0.5, 4)
    hours = _n(24, scale, 4) if scale < 1 else 24
    points = spread_points(rng, CITY_CENTER, n_sensors, 12000, 800)
    stations = [(f"AQ-{i + 1:03d}", f"{DISTRICTS[i % len(DISTRICTS)]}{['一', '二', '三', '四', '五'][i // len(DISTRICTS) % 5]}号监测站", pt)
                for i, pt in enumerate(points)]
    day = datetime(2019, 6, 12, tzinfo=TZ_CN)
    docs = []
    for h in range(hours):
        for sid, station, (lat, lon) in stations:
            pm25 = round(rng.uniform(15, 90), 1)
            docs.append({
                "sensor_id": sid, "station": station, "location": {"lat": lat, "lon": lon},
                "ts": int((day + timedelta(hours=h)).timestamp()),
                "pm25": pm25, "pm10": round(pm25 * rng.uniform(1.3, 1.9), 1), "no2": round(rng.uniform(10, 70), 1),
                "o3": round(rng.uniform(20, 160), 1), "temperature": round(rng.uniform(24, 35), 1),
                "humidity": rng.randrange(40, 95),
                "pm25_last_6h": [round(pm25 + rng.uniform(-8, 8), 1) for _ in range(6)],
                "aqi_level": rng.choice(("优", "良", "轻度污染")),
            })
    labels = {"sensor_id": [], "station": ["location.place"], "location": ["location.coordinates"],
              "ts": ["time.timestamp"], "pm25": [], "pm10": [], "no2": [], "o3": [], "temperature": [],
              "humidity": [], "pm25_last_6h": [], "aqi_level": []}
    f = {"type": "float"}
    mapping = {"properties": {"sensor_id": {"type": "keyword"}, "station": {"type": "keyword"},
                              "location": {"type": "geo_point"}, "ts": {"type": "date", "format": "epoch_second"},
                              "pm25": f, "pm10": f, "no2": f, "o3": f, "temperature": f,
                              "humidity": {"type": "integer"}, "pm25_last_6h": f, "aqi_level": {"type": "keyword"}}}
    return SyntheticCollection(name="air_quality", mapping=mapping, documents=docs, labels=labels, personal=False,
                               trajectory=None, persons=None)


def _shop_orders(rng, scale, vector_mapping, month) -> SyntheticCollection:
    n_docs = _n(1000, scale, 20)
    product_vecs = {p: unit_vector(rng, 128) for p in PRODUCTS}
    skus = {p: f"SKU-{rng.randrange(10000, 99999)}-{rng.choice(('BK', 'WH', 'BL', 'RD', 'GN'))}" for p in PRODUCTS}
    docs = []
    for _ in range(n_docs):
        prod = rng.choice(PRODUCTS)
        t = month + timedelta(seconds=rng.randrange(30 * 86400))
        docs.append({
            "order_no": cn_ric_bad_checksum(rng),
            "sku": skus[prod], "product_name": prod, "quantity": rng.randrange(1, 5),
            "unit_price": round(rng.uniform(9.9, 8999), 2), "currency": "CNY",
            "created_at": t.isoformat(), "status": rng.choice(("PAID", "SHIPPED", "DELIVERED", "REFUNDED")),
            "payment_ref": luhn_bad_number(rng, "62", 16), "warehouse": f"WH-{rng.randrange(1, 9):02d}",
            "product_vector": [round(x, 4) for x in product_vecs[prod]],
        })
    labels = {"order_no": [], "sku": [], "product_name": [], "quantity": [], "unit_price": [], "currency": [],
              "created_at": ["time.timestamp"], "status": [], "payment_ref": [], "warehouse": [], "product_vector": []}
    kw = {"type": "keyword"}
    mapping = {"properties": {"order_no": kw, "sku": kw, "product_name": {"type": "text"}, "quantity": {"type": "integer"},
                              "unit_price": {"type": "scaled_float", "scaling_factor": 100}, "currency": kw,
                              "created_at": {"type": "date"}, "status": kw, "payment_ref": kw, "warehouse": kw,
                              "product_vector": _vector_mapping(vector_mapping, 128)}}
    return SyntheticCollection(name="shop_orders", mapping=mapping, documents=docs, labels=labels, personal=False,
                               trajectory=None, persons=None)


def _product_vectors(rng, scale, vector_mapping, month) -> SyntheticCollection:
    n_docs = _n(600, scale, 20)
    docs = []
    for i in range(n_docs):
        prod = rng.choice(PRODUCTS)
        docs.append({
            "product_id": f"P-{i + 1:07d}", "title": f"{prod} {rng.choice(('官方旗舰店', '自营', '包邮', 'new', '2019款'))}",
            "category": rng.choice(PRODUCT_CATEGORIES),
            "embedding": [round(x, 4) for x in unit_vector(rng, 256)],
            "model": "text2vec-base-chinese",
            "updated_at": (month + timedelta(seconds=rng.randrange(30 * 86400))).isoformat(),
        })
    labels = {"product_id": [], "title": [], "category": [], "embedding": [], "model": [],
              "updated_at": ["time.timestamp"]}
    kw = {"type": "keyword"}
    mapping = {"properties": {"product_id": kw, "title": {"type": "text"}, "category": kw,
                              "embedding": _vector_mapping(vector_mapping, 256), "model": kw,
                              "updated_at": {"type": "date"}}}
    return SyntheticCollection(name="product_vectors", mapping=mapping, documents=docs, labels=labels,
                               personal=False, trajectory=None, persons=None)


def path_values(doc: Any, path: str) -> list[Any]:
    """Values at a dotted path, through nested objects and arrays of objects (no vectors, no geo)."""
    nodes = [doc]
    for key in path.split("."):
        nxt = []
        for node in nodes:
            if isinstance(node, dict) and key in node:
                v = node[key]
                nxt.extend(v if isinstance(v, list) else [v])
            elif isinstance(node, list):
                nxt.extend(x[key] for x in node if isinstance(x, dict) and key in x)
        nodes = nxt
    return [v for v in nodes if v is not None]


def link_truth(a: SyntheticCollection, a_field: str, b: SyntheticCollection, b_field: str,
               key_category: str) -> dict | None:
    """Ground truth of one cross-collection link: distinct key values found in both (None when none)."""
    def values(coll: SyntheticCollection, path: str) -> set:
        return {v for doc in coll.documents for v in path_values(doc, path) if isinstance(v, (str, int))}

    shared = values(a, a_field) & values(b, b_field)
    if not shared:
        return None
    return {"collections": [a.name, b.name], "fields": [a_field, b_field], "key_category": key_category,
            "shared_keys": len(shared)}


def _links(store: SyntheticStore) -> list[dict]:
    c = store.collection
    pairs = [
        (c("alert_watchlist"), "sfzh", c("resident_register"), "id_number", "person.government_id"),
        (c("face_library"), "idNumber", c("resident_register"), "id_number", "person.government_id"),
        (c("face_library"), "idNumber", c("alert_watchlist"), "sfzh", "person.government_id"),
        (c("face_capture_2019.06"), "personId", c("face_library"), "personId", "person.internal_id"),
    ]
    return [link for link in (link_truth(*p) for p in pairs) if link]
