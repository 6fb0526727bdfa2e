"""An independent held-out corpus: 16 data stores of other countries, domains and naming habits.

    python eval/heldout.py OUTDIR [--seed 99] [--scale 1.0]

writes ``<collection>.ndjson`` + ``labels.json`` (format ``leakwarden/labels@1``,
rules in ``eval/LABELLING.md``). It imitates the held-out set that will score
leakwarden: the schemas, field names, languages and decoys here were written
from knowledge of real systems, without looking at the classifier, its lexicon
or the field names of ``eval/corpus.py`` / ``leakwarden.demo.synthetic``. Only
a few value helpers (``jpeg_face``, ``png_face``, ``imei``) and the truth helpers
are imported. Every value is generated (Faker, numbers built to pass or fail
their checksums); no real person is in it. Same seed => byte-identical output.

Collections (personal unless marked decoy):

- ``ospiti_albergo``       Italian hotel guest registry (schedina alloggiati): codice fiscale,
                           CIE/passport numbers, Cyrillic names of Ukrainian guests, guarantee cards;
                           trajectory over the chain's hotels
- ``pacjenci_wizyty``      Polish clinic: PESEL, ICD-10, clinic departments, visits array, referral
                           numbers shaped like PESEL with a wrong check digit (decoy)
- ``hr_anstallda``         Swedish HR: personnummer in 3 notations, SE IBAN, trade union, sick days
- ``sendika_uyelik_log``   Turkish e-Devlet union-membership transactions: T.C. Kimlik (sometimes an
                           int), Turkish local timestamps, IPs, JWTs, 11-digit decoys failing the check
- ``kaiin_pointo``         Japanese loyalty app (romaji keys): kanji/kana names, Japanese-era birth
                           dates, JIS X 0303 sex codes, JAN codes, allergy field, Django hashes
- ``padron_bienestar``     Mexican welfare register: CURP, RFC, CLABE, self-identified ethnicity,
                           disability, CURP-shaped tracking keys failing the check (decoy)
- ``rx_fills``             US pharmacy fills: SSN / last-4, CDC race codes, NDC + drug names, NPI/DEA of
                           prescribers, store geo; trajectory over the chain's stores
- ``stop_search``          UK police stop-and-search: IC codes, census ethnicity, legislation, officer
                           notes, VRMs, collar numbers; trajectory over streets
- ``bikeshare_trips``      bike-share trips (Barcelona): member id (int or str), 0/1/2 gender code,
                           birth year, station names and separate lat/lng; trajectory
- ``cdr_voice``            Ukrainian operator CDRs: MSISDN, IMSI, IMEI, ICCID, Cyrillic cell sites,
                           ``cell.lat``/``cell.lon`` inside a 5-key object; trajectory
- ``bid_requests``         OpenRTB bid log: IDFA/GAID, truncated IPs, device geo, IAB-like audience
                           segments; trajectory by raw coordinates (clustered at 100 m)
- ``enoria_melh``          Greek Orthodox parish register (Greek-script keys and values): AMKA,
                           religion incl. "none", baptism/marriage with godparents and priests, GR IBAN
- ``rainbowmatch_users``   LGBTQ+ dating app: names in 8 scripts, orientation, gender identity,
                           pronouns, HIV/PrEP, photo URLs and base64 avatars, 128-d face embeddings and
                           face-API attributes of selfie verification, argon2 hashes, refresh tokens, ad id
- ``gagu_josa``            Korean cohort survey (romanised keys, Hangul values): quasi-identifiers only
- ``weather_stations``     decoy: fixed stations, gateway MACs in 4 notations, firmware semver, git
                           commits, MQTT passwords, [u,v] wind, 3-axis accelerometer, 13-d MFCC
- ``warehouse_shipments``  decoy: tracking numbers, 9-digit order numbers, Luhn-valid handling units,
                           SSCCs, valid EANs, SKUs, hex colours, calendar-version strings, bounding
                           boxes, product names that are first names ("INGRID desk lamp")

Links: ``rainbowmatch_users.device.adId`` <-> ``bid_requests.device.ifa`` (the dating app's
advertising SDK sends its users' ad ids to the exchange).

Labelling judgement calls (rules LABELLING.md does not settle; the held-out labellers may differ):

A. Trade-union membership (a GDPR art. 9 category the taxonomy lacks) is labelled
   ``special.political`` - the closest category ("political opinion or affiliation"):
   ``hr_anstallda.fackforbund``, ``sendika_uyelik_log.sendika.adi`` and ``.konfederasyon``.
   The join/leave action type (``islemTuru``) is ``[]``.
B. Mobile advertising ids (IDFA/GAID, ``device.ifa``, ``device.adId``) are ``device.imsi_imei``
   ("similar mobile identifiers"), not ``person.internal_id``.
C. Place of birth (``ospite.luogo_nascita``, ``entidad_nacimiento``) is ``location.place`` (a named
   place where something happened, not where the person lives). Citizenship / nationality is ``[]``
   (like a country code); spoken languages are ``[]`` (not ethnicity).
D. Professional registration numbers of clinicians (US NPI, DEA number) are ``[]``: public
   registry numbers of a role, not a personal government ID. ``ssn_last4`` IS
   ``person.government_id`` (a fragment of one; HIPAA identifier) although no checksum applies.
E. Loyalty / point-card numbers (16 digits, Luhn-valid, prefix 9) are ``person.internal_id``
   (the member's key), never ``financial.card``. Handling-unit ids (16 digits, Luhn-valid, prefix
   00) are ``[]``. The last 4 digits and brand of a card are ``[]``.
F. Health: sick-leave days, allergies (including the value "none"), PrEP use (a boolean), drug
   names and NDC codes, ICD-10 codes, disability, smoking are ``special.health``.
G. Audience segments of the bid log (``user.data.segment.name``) carry every special category a
   meaningful share of them names: health, sexual orientation, religion. Segment ids are ``[]``.
H. Police officers' collar numbers identify a person across records -> ``person.internal_id``
   (officers are not counted in ``persons``, like doctors).
I. Co-ordinates of a household (``geo_vivienda``) are ``location.coordinates`` only.
J. Separate ``lat``/``lon`` inside an object with more than 3 keys are two leaves, each
   ``location.coordinates`` (``cell.lat``, ``device.geo.lat``, ``station.lat``).
K. An IP address's city in the bid log (``device.geo.city``) and a workplace's province are
   ``location.place``; a survey respondent's district of residence is ``person.address``.
L. ``kaiin_pointo`` keeps only the member's LAST visit (one store, one time per person): no
   trajectory. ``sendika_uyelik_log`` ties each person to one fixed workplace province: no
   trajectory (nobody is seen at 2 places). ``pacjenci_wizyty`` is one clinic: no trajectory.
M. Link ``shared_keys`` and ``persons`` count normalised values (a personnummer written with or
   without the century is one person; MSISDNs are compared in E.164).
O. Trajectory places are where the person WENT: the hotels of a guest, not the guest's birthplace
   (``ospite.luogo_nascita`` is ``location.place`` but constant per person, so it is not a
   location field of the trajectory; counting it would make almost every guest "trackable").
   ``stop_search`` counts the stopped subjects only: officers' collar numbers are person keys too,
   but officers are not counted in ``persons`` (LABELLING.md), and not in ``persons_trackable``.
   In ``cdr_voice`` the cell locates the A party only: ``b_num`` is not a trajectory key.
P. Calendar-version strings (``wms_release: "2024.3.12"``), firmware semver, git SHAs are ``[]``;
   a document's validity end (``documento.scadenza``) is ``[]`` (LABELLING rule 3).
N. A mobile advertising SDK's app name (``app.name``), product names, hotel names, station names
   and company names are never ``person.name``; hotel and station names are ``location.place``.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import random
import string
import sys
import unicodedata
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

import phonenumbers  # noqa: E402
from faker import Faker  # noqa: E402
from stdnum import ean as std_ean  # noqa: E402
from stdnum import luhn  # noqa: E402
from stdnum.gr import amka as gr_amka  # noqa: E402
from stdnum.it import codicefiscale  # noqa: E402
from stdnum.mx import curp as mx_curp  # noqa: E402
from stdnum.mx import rfc as mx_rfc  # noqa: E402
from stdnum.pl import pesel as pl_pesel  # noqa: E402
from stdnum.tr import tckimlik  # noqa: E402
from stdnum.us import ssn as us_ssn  # noqa: E402

from leakwarden.demo.synthetic import (  # noqa: E402
    SyntheticCollection,
    SyntheticStore,
    check_labels,
    imei,
    jpeg_face,
    png_face,
    share_below_k,
    trajectory_persons,
    write_dump,
)
from leakwarden.profile import flatten  # noqa: E402

GENERATOR = "eval/heldout.py"

# categories, short
NAME, GOV, PID, BIRTH, AGE, GENDER = ("person.name", "person.government_id", "person.internal_id",
                                      "person.birthdate", "person.age", "person.gender")
PHONE, EMAIL, ADDR, PHOTO, PLATE = ("person.phone", "person.email", "person.address", "person.photo",
                                    "person.vehicle_plate")
FACE_VEC, ETH, REL, HEALTH, CRIM, POL, SEX = ("biometric.face_embedding", "special.ethnicity",
                                              "special.religion", "special.health", "special.criminal",
                                              "special.political", "special.sexual_orientation")
COORD, PLACE, TS, MAC, IMX, IP = ("location.coordinates", "location.place", "time.timestamp", "device.mac",
                                  "device.imsi_imei", "network.ip")
CARD, BANK, SECRET = "financial.card", "financial.bank_account", "credential.secret"
FACE_ATTR = "biometric.face_attributes"


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------


def _rng(seed: int, name: str) -> random.Random:
    return random.Random(f"leakwarden-heldout:{seed}:{name}")


def _n(base: int, scale: float, floor: int = 20) -> int:
    return max(floor, int(round(base * scale)))


def _faker(locale: str, rng: random.Random) -> Faker:
    f = Faker(locale)
    f.seed_instance(rng.getrandbits(32))
    return f


def _pick(rng: random.Random, weights: dict[Any, float]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _rbytes(rng: random.Random, n: int) -> bytes:
    return bytes(rng.getrandbits(8) for _ in range(n))


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).replace("ł", "l").replace("Ł", "L")


def _letters(s: str) -> str:
    return "".join(c for c in _ascii(s).upper() if "A" <= c <= "Z")


def _birth(rng: random.Random, y0: int, y1: int) -> date:
    start = date(y0, 1, 1)
    return start + timedelta(days=rng.randrange((date(y1, 12, 31) - start).days + 1))


def _when(rng: random.Random, start: datetime, days: float, hours: tuple[int, int] = (0, 24)) -> datetime:
    d = start + timedelta(days=rng.randrange(max(1, int(days))))
    return d.replace(hour=rng.randrange(*hours), minute=rng.randrange(60), second=rng.randrange(60))


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _luhn_number(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + _digits(rng, length - len(prefix) - 1)
    return body + luhn.calc_check_digit(body)


def _ean(rng: random.Random, prefix: str, length: int = 13) -> str:
    body = prefix + _digits(rng, length - 1 - len(prefix))
    return body + std_ean.calc_check_digit(body)


def _iban(cc: str, bban: str) -> str:
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def _group(s: str, n: int = 4) -> str:
    return " ".join(s[i:i + n] for i in range(0, len(s), n))


def _card(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.55:
        return _luhn_number(rng, "4", 16)
    if kind < 0.9:
        return _luhn_number(rng, str(rng.randint(51, 55)), 16)
    return _luhn_number(rng, rng.choice(["34", "37"]), 15)


def _jwt(rng: random.Random, claims: dict) -> str:
    head = _b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": _hex(rng, 8)}, separators=(",", ":")).encode())
    body = _b64url(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
    return f"{head}.{body}.{_b64url(_rbytes(rng, 64))}"


def _argon2(rng: random.Random) -> str:
    b = lambda n: base64.b64encode(_rbytes(rng, n)).rstrip(b"=").decode()  # noqa: E731
    return f"$argon2id$v=19$m=65536,t=3,p=4${b(16)}${b(32)}"


def _django_hash(rng: random.Random) -> str:
    salt = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(22))
    return f"pbkdf2_sha256$600000${salt}${base64.b64encode(_rbytes(rng, 32)).decode()}"


def _vec(rng: random.Random, dim: int, digits: int = 5) -> list[float]:
    v = [rng.gauss(0.0, 1.0) for _ in range(dim)]
    norm = math.sqrt(sum(x * x for x in v)) or 1.0
    return [round(x / norm, digits) for x in v]


# ---- geography


def _offset(lat: float, lon: float, dist_m: float, bearing: float) -> tuple[float, float]:
    dlat = dist_m * math.cos(bearing) / 111_320.0
    dlon = dist_m * math.sin(bearing) / (111_320.0 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _near(rng: random.Random, point: tuple[float, float], max_m: float, digits: int = 6) -> tuple[float, float]:
    lat, lon = _offset(point[0], point[1], max_m * math.sqrt(rng.random()), rng.random() * 2 * math.pi)
    return round(lat, digits), round(lon, digits)


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _grid_spots(rng: random.Random, center: tuple[float, float], n: int, spacing_m: float = 800.0,
                wiggle_m: float = 100.0) -> list[tuple[float, float]]:
    """``n`` points on a jittered grid: pairwise >= spacing - 2*wiggle apart (600 m by default)."""
    side = math.ceil(math.sqrt(n))
    cells = [(i, j) for i in range(side) for j in range(side)]
    rng.shuffle(cells)
    out = []
    for i, j in sorted(cells[:n]):
        lat, lon = _offset(center[0], center[1], (i - side / 2) * spacing_m, 0.0)
        lat, lon = _offset(lat, lon, (j - side / 2) * spacing_m, math.pi / 2)
        out.append(_near(rng, (lat, lon), wiggle_m, 6))
    return out


# ---- phones

_MOBILE = {
    "IT": lambda r: "3" + r.choice(["20", "28", "29", "31", "33", "34", "35", "38", "39", "40", "45", "47", "48",
                                    "49", "66", "68", "88", "89", "92", "93"]) + _digits(r, 7),
    "DE": lambda r: "01" + r.choice(["51", "52", "60", "62", "70", "71", "72", "73", "75", "76", "77", "78",
                                     "79"]) + _digits(r, 8),
    "FR": lambda r: "0" + r.choice("67") + _digits(r, 8),
    "ES": lambda r: "6" + _digits(r, 8),
    "US": lambda r: r.choice(["212", "312", "415", "617", "713", "773", "872", "206", "305", "404"])
                    + str(r.randint(2, 9)) + _digits(r, 6),
    "UA": lambda r: "0" + r.choice(["67", "68", "96", "97", "98", "50", "66", "95", "99", "63", "73", "93"])
                    + _digits(r, 7),
    "GB": lambda r: "07" + r.choice("45789") + _digits(r, 8),
    "PL": lambda r: r.choice(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + _digits(r, 7),
    "SE": lambda r: "07" + r.choice("02369") + _digits(r, 7),
    "TR": lambda r: "05" + r.choice(["30", "32", "33", "35", "36", "38", "42", "43", "44", "46", "50", "52",
                                     "53", "54", "55"]) + _digits(r, 7),
    "JP": lambda r: "0" + r.choice(["90", "80", "70"]) + str(r.randint(1, 9)) + _digits(r, 7),
    "MX": lambda r: r.choice(["55", "33", "81"]) + _digits(r, 8),
    "GR": lambda r: "69" + r.choice("4789") + _digits(r, 7),
    "KR": lambda r: "010" + str(r.randint(2, 9)) + _digits(r, 7),
    "IN": lambda r: r.choice("6789") + _digits(r, 9),
    "AE": lambda r: "05" + r.choice("024568") + _digits(r, 7),
    "BR": lambda r: r.choice(["11", "21", "31"]) + "9" + _digits(r, 8),
}


def _phone(rng: random.Random, region: str) -> phonenumbers.PhoneNumber:
    for _ in range(200):
        p = phonenumbers.parse(_MOBILE[region](rng), region)
        if phonenumbers.is_valid_number(p):
            return p
    raise RuntimeError(f"cannot make a valid {region} number")


def _fmt_phone(p: phonenumbers.PhoneNumber, style: str) -> str:
    F = phonenumbers.PhoneNumberFormat
    if style == "e164":
        return phonenumbers.format_number(p, F.E164)
    if style == "intl":
        return phonenumbers.format_number(p, F.INTERNATIONAL)
    if style == "national":
        return phonenumbers.format_number(p, F.NATIONAL)
    if style == "digits":  # E.164 without the plus
        return phonenumbers.format_number(p, F.E164)[1:]
    if style == "compact":  # national digits
        return "".join(c for c in phonenumbers.format_number(p, F.NATIONAL) if c.isdigit())
    raise ValueError(style)


def _email(rng: random.Random, first: str, last: str, domains: list[str]) -> str:
    a, b = _ascii(first).lower(), _ascii(last).lower()
    a = "".join(c for c in a if c.isalnum()) or "user"
    b = "".join(c for c in b if c.isalnum()) or _hex(rng, 4)
    style = rng.randrange(4)
    local = [f"{a}.{b}", f"{a[0]}{b}", f"{a}{rng.randint(1, 99)}", f"{b}.{a}{rng.randint(60, 99)}"][style]
    return f"{local}@{rng.choice(domains)}"


# ---- government ids (valid per python-stdnum, consistent with birth date and sex)

_CF_MONTHS = "ABCDEHLMPRST"


def _cf_part(word: str, first_name: bool) -> str:
    letters = _letters(word)
    cons = [c for c in letters if c not in "AEIOU"]
    vows = [c for c in letters if c in "AEIOU"]
    if first_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(surname: str, name: str, birth: date, female: bool, comune: str) -> str:
    body = (_cf_part(surname, False) + _cf_part(name, True) + f"{birth.year % 100:02d}"
            + _CF_MONTHS[birth.month - 1] + f"{birth.day + (40 if female else 0):02d}" + comune)
    return body + codicefiscale.calc_check_digit(body)


def pesel(rng: random.Random, birth: date, female: bool) -> str:
    month = birth.month + {18: 80, 19: 0, 20: 20}[birth.year // 100]
    body = f"{birth.year % 100:02d}{month:02d}{birth.day:02d}" + _digits(rng, 3)
    body += str(rng.choice("02468" if female else "13579"))
    return body + pl_pesel.calc_check_digit(body)


def pesel_bad(rng: random.Random, birth: date) -> str:
    good = pesel(rng, birth, rng.random() < 0.5)
    return good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)


def personnummer(rng: random.Random, birth: date, female: bool, style: str) -> str:
    serial = _digits(rng, 2) + rng.choice("02468" if female else "13579")
    core = f"{birth.year % 100:02d}{birth.month:02d}{birth.day:02d}{serial}"
    check = luhn.calc_check_digit(core)
    if style == "long":
        return f"{birth.year // 100}{core[:6]}-{core[6:]}{check}"
    if style == "short":
        return f"{core[:6]}-{core[6:]}{check}"
    return f"{birth.year // 100}{core}{check}"  # 12 digits, no separator


def tc_kimlik(rng: random.Random) -> str:
    body = str(rng.randint(1, 9)) + _digits(rng, 8)
    return body + tckimlik.calc_check_digits(body)


def tc_kimlik_bad(rng: random.Random) -> str:
    good = tc_kimlik(rng)
    return good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)


_CURP_STATES = {"JALISCO": "JC", "CIUDAD DE MÉXICO": "DF", "NUEVO LEÓN": "NL", "PUEBLA": "PL", "OAXACA": "OC",
                "CHIAPAS": "CS", "VERACRUZ": "VZ", "YUCATÁN": "YN", "GUERRERO": "GR", "MÉXICO": "MC",
                "MICHOACÁN": "MN", "GUANAJUATO": "GT"}


def _mx_first4(paterno: str, materno: str, nombre: str) -> str:
    p, m, n = _letters(paterno), _letters(materno), _letters(nombre.split()[0])
    vowel = next((c for c in p[1:] if c in "AEIOU"), "X")
    return p[0] + vowel + (m[0] if m else "X") + n[0]


def _mx_consonant(word: str) -> str:
    w = _letters(word)
    return next((c for c in w[1:] if c not in "AEIOU"), "X")


def curp(rng: random.Random, paterno: str, materno: str, nombre: str, birth: date, female: bool,
         state: str) -> str:
    first4 = _mx_first4(paterno, materno, nombre)
    if first4 in mx_curp._name_blacklist:  # the registry replaces the 2nd letter of rude words
        first4 = first4[0] + "X" + first4[2:]
    diff = str(rng.randint(0, 9)) if birth.year < 2000 else rng.choice(string.ascii_uppercase[:10])
    body = (first4 + birth.strftime("%y%m%d") + ("M" if female else "H") + _CURP_STATES[state]
            + _mx_consonant(paterno) + _mx_consonant(materno) + _mx_consonant(nombre.split()[0]) + diff)
    return body + mx_curp.calc_check_digit(body)


def curp_bad(good: str, rng: random.Random) -> str:
    return good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)


def rfc(rng: random.Random, paterno: str, materno: str, nombre: str, birth: date) -> str:
    first4 = _mx_first4(paterno, materno, nombre)
    if first4 in mx_curp._name_blacklist:
        first4 = first4[:3] + "X"
    while True:
        homo = rng.choice("123456789ABCDEFGHIJKLMNPRSTUV") + rng.choice("123456789ABCDEFGHIJKLMNPRSTUVWXYZ")
        body = first4 + birth.strftime("%y%m%d") + homo
        check = mx_rfc.calc_check_digit(body)
        if check in "0123456789A":
            return body + check


def amka(rng: random.Random, birth: date, female: bool) -> str:
    body = birth.strftime("%d%m%y") + _digits(rng, 3) + rng.choice("02468" if female else "13579")
    return body + luhn.calc_check_digit(body)


def us_ssn_number(rng: random.Random) -> str:
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        s = f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if us_ssn.is_valid(s):
            return s


def npi(rng: random.Random) -> str:
    body = rng.choice("12") + _digits(rng, 8)
    return body + luhn.calc_check_digit("80840" + body)


def dea(rng: random.Random, surname: str) -> str:
    d = [rng.randint(0, 9) for _ in range(6)]
    check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return rng.choice("ABFM") + (_letters(surname) or "X")[0] + "".join(map(str, d)) + str(check)


def clabe(rng: random.Random) -> str:
    body = rng.choice(["002", "012", "014", "021", "072", "127", "137"]) + _digits(rng, 14)
    total = sum((int(c) * w) % 10 for c, w in zip(body, [3, 7, 1] * 6))
    return body + str((10 - total % 10) % 10)


def clabe_valid(number: str) -> bool:
    if len(number) != 18 or not number.isdigit():
        return False
    total = sum((int(c) * w) % 10 for c, w in zip(number[:17], [3, 7, 1] * 6))
    return number[-1] == str((10 - total % 10) % 10)


# ---- plates

_SE_LETTERS = "ABCDEFGHJKLMNOPRSTUWXYZ"
_IT_LETTERS = "ABCDEFGHJKLMNPRSTVWXYZ"
_GB_LETTERS = "ABCDEFGHJKLMNOPRSTUVWXYZ"


def se_plate(rng: random.Random) -> str:
    last = rng.choice(string.digits + _SE_LETTERS) if rng.random() < 0.4 else rng.choice(string.digits)
    return "".join(rng.choice(_SE_LETTERS) for _ in range(3)) + " " + _digits(rng, 2) + last


def it_plate(rng: random.Random) -> str:
    L = lambda k: "".join(rng.choice(_IT_LETTERS) for _ in range(k))  # noqa: E731
    return f"{L(2)}{_digits(rng, 3)}{L(2)}"


def gb_plate(rng: random.Random) -> str:
    L = lambda k: "".join(rng.choice(_GB_LETTERS) for _ in range(k))  # noqa: E731
    return f"{L(2)}{rng.choice(['15', '16', '18', '19', '20', '21', '22', '23', '24', '66', '68', '70', '71', '72', '73'])} {L(3)}"


def de_plate(rng: random.Random) -> str:
    L = lambda k: "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(k))  # noqa: E731
    return f"{rng.choice(['M', 'B', 'HH', 'K', 'S', 'F'])} {L(rng.randint(1, 2))} {rng.randint(1, 9999)}"


# --------------------------------------------------------------------------
# finishing a collection
# --------------------------------------------------------------------------


def _infer_mapping(docs: list[dict]) -> dict:
    """A plain Elasticsearch 7 mapping (first type seen wins) for seeding a live store."""
    def merge(props: dict, doc: dict) -> None:
        for k, v in doc.items():
            if v is None:
                continue
            if isinstance(v, list):
                if not v:
                    continue
                if all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
                    props.setdefault(k, {"type": "float"})
                    continue
                v = v[0]
            if isinstance(v, dict):
                if set(v) == {"lat", "lon"}:
                    props.setdefault(k, {"type": "geo_point"})
                else:
                    merge(props.setdefault(k, {"properties": {}}).setdefault("properties", {}), v)
            elif isinstance(v, bool):
                props.setdefault(k, {"type": "boolean"})
            elif isinstance(v, int):
                props.setdefault(k, {"type": "long"})
            elif isinstance(v, float):
                props.setdefault(k, {"type": "double"})
            else:
                props.setdefault(k, {"type": "keyword"})
    props: dict = {}
    for d in docs:
        merge(props, d)
    return {"properties": props}


def _finish(name: str, docs: list[dict], labels: dict[str, list[str]], *, personal: bool,
            trajectory: dict | None = None, persons: int | None = None,
            reidentification: dict | None = None) -> SyntheticCollection:
    """Drop labels of optional paths absent at this scale; fail loudly on unlabelled paths."""
    seen: set[str] = set()
    for d in docs:
        seen.update(flatten(d))
    missing = sorted(seen - labels.keys())
    if missing:
        raise AssertionError(f"{name}: unlabelled paths {missing}")
    labels = {p: sorted(set(c)) for p, c in labels.items() if p in seen}
    if trajectory is not None:
        for key in ("person_keys", "location_fields", "time_fields"):
            trajectory[key] = [p for p in trajectory[key] if p in seen]
        if trajectory["persons_trackable"] == 0:
            trajectory = None
    coll = SyntheticCollection(name=name, mapping=_infer_mapping(docs), documents=docs, labels=labels,
                               personal=personal, trajectory=trajectory, persons=persons,
                               reidentification=reidentification)
    problems = check_labels(coll)
    if problems:
        raise AssertionError("; ".join(problems))
    return coll


# --------------------------------------------------------------------------
# 1. Italian hotel guest registry
# --------------------------------------------------------------------------

_HOTELS = [
    ("Hotel Bellavista Palace", "Roma", (41.90093, 12.48331)),
    ("Albergo Al Duomo", "Milano", (45.46421, 9.18996)),
    ("Grand Hotel Riviera", "Sanremo", (43.81592, 7.77612)),
    ("Hotel Laguna Blu", "Venezia", (45.43402, 12.33881)),
    ("Residenza Ponte Vecchio", "Firenze", (43.76791, 11.25311)),
    ("Hotel Vesuvio Mare", "Napoli", (40.83591, 14.24882)),
]
_COMUNI = [("H501", "ROMA"), ("F205", "MILANO"), ("D612", "FIRENZE"), ("F839", "NAPOLI"), ("L219", "TORINO"),
           ("A944", "BOLOGNA"), ("G273", "PALERMO"), ("L736", "VENEZIA"), ("A662", "BARI"), ("D969", "GENOVA")]
_FOREIGN = {  # locale, citizenship as the registry writes it, phone region, passport maker
    "DE": ("de_DE", "GERMANIA", "DE", lambda r: r.choice("CFGHJK") + "".join(r.choice("CFGHJKLMNPRTVWXYZ0123456789") for _ in range(8))),
    "FR": ("fr_FR", "FRANCIA", "FR", lambda r: _digits(r, 2) + "".join(r.choice(string.ascii_uppercase) for _ in range(2)) + _digits(r, 5)),
    "US": ("en_US", "STATI UNITI D'AMERICA", "US", lambda r: r.choice("ACE") + _digits(r, 8)),
    "UA": ("uk_UA", "UCRAINA", "UA", lambda r: r.choice(["FA", "FB", "FE", "GB"]) + _digits(r, 6)),
    "ES": ("es_ES", "SPAGNA", "ES", lambda r: "PA" + r.choice(string.ascii_uppercase) + _digits(r, 6)),
}


def _ospiti_albergo(seed: int, scale: float) -> SyntheticCollection:
    name = "ospiti_albergo"
    rng = _rng(seed, name)
    fk = {loc: _faker(loc, rng) for loc in ("it_IT", "de_DE", "fr_FR", "en_US", "uk_UA", "es_ES")}
    n_guests, n_docs = _n(260, scale), _n(480, scale)
    guests = []
    for _ in range(n_guests):
        nat = _pick(rng, {"IT": 60, "DE": 10, "FR": 8, "US": 8, "UA": 7, "ES": 7})
        female = rng.random() < 0.5
        birth = _birth(rng, 1945, 2004)
        loc = "it_IT" if nat == "IT" else _FOREIGN[nat][0]
        f = fk[loc]
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name_female() if (female and hasattr(f, "last_name_female")) else f.last_name()
        if nat == "IT":
            code, comune = rng.choice(_COMUNI)
            g = {"cf": codice_fiscale(last, first, birth, female, code), "luogo": comune, "citt": "ITALIA"}
            kind = _pick(rng, {"IDENT": 60, "PATEN": 25, "PASOR": 15})
            if kind == "IDENT":
                num = "C" + rng.choice("ABCDEFGH") + _digits(rng, 5) + "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
            elif kind == "PATEN":
                num = rng.choice(["RM", "MI", "NA", "TO", "FI"]) + _digits(rng, 7) + rng.choice(string.ascii_uppercase)
            else:
                num = "Y" + rng.choice("ABCD") + _digits(rng, 7)
            region = "IT"
        else:
            _, citt, region, passport = _FOREIGN[nat]
            g = {"cf": None, "luogo": f.city(), "citt": citt}
            kind, num = "PASOR", passport(rng)
        ph = _phone(rng, region)
        g.update(first=first, last=last, female=female, birth=birth, kind=kind, num=num, nat=nat,
                 phone=_fmt_phone(ph, rng.choice(["intl", "e164", "national"] if nat == "IT" else ["intl", "e164"])),
                 email=_email(rng, first, last, ["gmail.com", "libero.it", "yahoo.com", "gmx.de", "outlook.com"])
                 if rng.random() < 0.65 else None,
                 plate=(it_plate(rng) if nat == "IT" else de_plate(rng) if nat == "DE" else None)
                 if rng.random() < 0.3 else None,
                 expiry=date(2025 + rng.randrange(10), rng.randint(1, 12), rng.randint(1, 28)),
                 home=rng.randrange(len(_HOTELS)), second=rng.randrange(len(_HOTELS)),
                 repeat=rng.random() < 0.45)
        guests.append(g)
    order = list(range(n_guests))
    rng.shuffle(order)
    repeaters = [i for i in range(n_guests) if guests[i]["repeat"]] or [0]
    while len(order) < n_docs:
        order.append(rng.choice(repeaters))
    docs, sightings = [], []
    notes_health = ["allergia al glutine", "celiachia - colazione senza glutine", "camera accessibile per sedia a rotelle",
                    "diabetico: frigobar per insulina", "intolleranza al lattosio", "allergia alle arachidi"]
    notes_plain = ["late check-out", "camera vista mare", "culla in camera", "parcheggio riservato", "letto aggiuntivo",
                   "arrivo dopo le 23"]
    for i, gi in enumerate(order[:n_docs]):
        g = guests[gi]
        h = g["home"] if rng.random() < 0.5 else g["second"] if rng.random() < 0.6 else rng.randrange(len(_HOTELS))
        hname, city, point = _HOTELS[h]
        arrive = _when(rng, datetime(2023, 1, 1, tzinfo=timezone(timedelta(hours=1))), 700, (12, 23))
        nights = rng.randint(1, 7)
        surname = g["last"]
        if rng.random() < 0.3:
            surname = surname.upper()
        if rng.random() < 0.1:
            surname += "  "
        ospite = {"cognome": surname, "nome": g["first"] if rng.random() > 0.05 else " " + g["first"],
                  "sesso": (2 if g["female"] else 1) if rng.random() < 0.85 else ("2" if g["female"] else "1"),
                  "data_nascita": g["birth"].strftime("%d/%m/%Y"), "luogo_nascita": g["luogo"],
                  "cittadinanza": g["citt"], "codice_fiscale": g["cf"], "cellulare": g["phone"]}
        if g["email"]:
            ospite["email"] = g["email"]
        doc: dict[str, Any] = {
            "id_schedina": f"AW{arrive.year}{i + 1:07d}",
            "tipo_alloggiato": rng.choice(["16 - Ospite singolo", "17 - Capofamiglia", "19 - Familiare"]),
            "ospite": ospite,
            "documento": {"tipo": g["kind"], "numero": g["num"], "scadenza": g["expiry"].isoformat()},
            "struttura": {"nome": hname, "citta": city, "coord": {"lat": point[0], "lon": point[1]}},
            "arrivo": arrive.date().isoformat(),
            "partenza": (arrive.date() + timedelta(days=nights)).isoformat(),
            "notti": nights,
            "camera": str(rng.randint(1, 5) * 100 + rng.randint(1, 30)),
            "registrato_il": arrive.isoformat(timespec="seconds"),
            "inviato_questura": rng.random() < 0.9,
        }
        if g["plate"]:
            doc["targa"] = g["plate"]
        if rng.random() < 0.3 or i == 0:
            doc["richieste"] = rng.choice(notes_health) if rng.random() < 0.45 or i == 0 else rng.choice(notes_plain)
        if rng.random() < 0.2 or i == 0:
            doc["carta_garanzia"] = {"numero": _card(rng) if rng.random() < 0.6 else _group(_card(rng)),
                                     "scadenza": f"{rng.randint(1, 12):02d}/{rng.randint(25, 30)}"}
        docs.append(doc)
        sightings.append((g["num"], hname))
    labels = {
        "id_schedina": [], "tipo_alloggiato": [],
        "ospite.cognome": [NAME], "ospite.nome": [NAME], "ospite.sesso": [GENDER], "ospite.data_nascita": [BIRTH],
        "ospite.luogo_nascita": [PLACE], "ospite.cittadinanza": [], "ospite.codice_fiscale": [GOV],
        "ospite.cellulare": [PHONE], "ospite.email": [EMAIL],
        "documento.tipo": [], "documento.numero": [GOV], "documento.scadenza": [],
        "struttura.nome": [PLACE], "struttura.citta": [PLACE], "struttura.coord": [COORD],
        "arrivo": [TS], "partenza": [TS], "notti": [], "camera": [], "registrato_il": [TS], "inviato_questura": [],
        "targa": [PLATE], "richieste": [HEALTH], "carta_garanzia.numero": [CARD], "carta_garanzia.scadenza": [],
    }
    traj = {"person_keys": ["documento.numero", "ospite.codice_fiscale", "ospite.cognome"],
            "location_fields": ["struttura.nome", "struttura.citta", "struttura.coord"],
            "time_fields": ["arrivo", "partenza", "registrato_il"],
            "persons_trackable": trajectory_persons(sightings)}
    return _finish(name, docs, labels, personal=True, trajectory=traj, persons=len({p for p, _ in sightings}))


# --------------------------------------------------------------------------
# 2. Polish clinic
# --------------------------------------------------------------------------

_PORADNIE = {
    "Poradnia Kardiologiczna": ["I10", "I20.8", "I48.0", "I25.1"],
    "Poradnia Diabetologiczna": ["E11.9", "E10.6", "E11.65"],
    "Poradnia Zdrowia Psychicznego": ["F32.1", "F41.1", "F20.0", "F31.3"],
    "Poradnia Leczenia Uzależnień": ["F10.2", "F11.2", "F12.1"],
    "Poradnia Dermatologiczna": ["L40.0", "L20.9", "L70.0"],
    "Poradnia Ginekologiczno-Położnicza": ["Z34.0", "N92.0", "O21.0"],
    "Poradnia Onkologiczna": ["C50.9", "C61", "C18.7"],
    "Poradnia POZ": ["J06.9", "M54.5", "R51"],
}


def _pacjenci_wizyty(seed: int, scale: float) -> SyntheticCollection:
    name = "pacjenci_wizyty"
    rng = _rng(seed, name)
    f = _faker("pl_PL", rng)
    n = _n(300, scale)
    doctors = []
    for _ in range(12):
        fem = rng.random() < 0.55
        doctors.append(rng.choice(["lek. ", "dr n. med. ", "lek. med. ", ""]) +
                       f"{f.first_name_female() if fem else f.first_name_male()} "
                       f"{f.last_name_female() if fem else f.last_name_male()}")
    docs = []
    poradnie = list(_PORADNIE)
    for i in range(n):
        female = rng.random() < 0.52
        birth = _birth(rng, 1938, 2018)
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name_female() if female else f.last_name_male()
        surname = last.upper() if rng.random() < 0.4 else last
        if rng.random() < 0.1:
            surname = surname + " "
        ph = _phone(rng, "PL")
        visits = []
        for _ in range(rng.randint(1, 4)):
            por = rng.choice(poradnie)
            v = {"data": _when(rng, datetime(2023, 1, 2), 600, (7, 19)).strftime("%Y-%m-%d %H:%M"),
                 "poradnia": por, "lekarz": rng.choice(doctors), "icd10": rng.choice(_PORADNIE[por]),
                 "oplata_pln": rng.choice([0, 0, 0, 150, 200, 250])}
            if rng.random() < 0.6:
                v["nr_skierowania"] = pesel_bad(rng, _birth(rng, 1950, 2005))
            visits.append(v)
        doc: dict[str, Any] = {
            "id_pacjenta": 100_000 + i * 7 + rng.randint(0, 6),
            "pesel": pesel(rng, birth, female),
            "imie": first, "nazwisko": surname,
            "data_urodzenia": birth.isoformat(),
            "plec": "K" if female else "M",
            "adres_zamieszkania": {"ulica": f.street_name(), "nr_domu": str(rng.randint(1, 120)),
                                   "kod_pocztowy": f.postcode(), "miejscowosc": f.city()},
            "telefon": _fmt_phone(ph, rng.choice(["intl", "national", "compact", "e164"])),
            "grupa_krwi": rng.choice(["0 Rh+", "0 Rh-", "A Rh+", "A Rh-", "B Rh+", "AB Rh+", None]),
            "bmi": round(rng.uniform(17.0, 39.0), 1),
            "wizyty": visits,
            "nfz_oddzial": rng.choice(["07", "06", "12", "15", "01"]),
            "zgoda_rodo": rng.random() < 0.93,
            "utworzono": int(_when(rng, datetime(2015, 1, 1, tzinfo=timezone.utc), 3000).timestamp() * 1000),
        }
        if rng.random() < 0.4 or i == 0:
            doc["adres_zamieszkania"]["nr_lokalu"] = str(rng.randint(1, 80))
        if rng.random() < 0.55 or i == 0:
            doc["email"] = _email(rng, first, last, ["wp.pl", "onet.pl", "gmail.com", "interia.pl", "o2.pl"])
        if rng.random() < 0.5 or i == 0:
            cf = rng.random() < 0.5
            doc["osoba_kontaktowa"] = {
                "imie_nazwisko": f"{f.first_name_female() if cf else f.first_name_male()} "
                                 f"{f.last_name_female() if cf else f.last_name_male()}",
                "telefon": _fmt_phone(_phone(rng, "PL"), "national"),
                "pokrewienstwo": rng.choice(["matka", "ojciec", "żona", "mąż", "córka", "syn", "siostra"])}
        docs.append(doc)
    labels = {
        "id_pacjenta": [PID], "pesel": [GOV], "imie": [NAME], "nazwisko": [NAME], "data_urodzenia": [BIRTH],
        "plec": [GENDER], "adres_zamieszkania.ulica": [ADDR], "adres_zamieszkania.nr_domu": [ADDR],
        "adres_zamieszkania.nr_lokalu": [ADDR], "adres_zamieszkania.kod_pocztowy": [ADDR],
        "adres_zamieszkania.miejscowosc": [ADDR], "telefon": [PHONE], "email": [EMAIL],
        "grupa_krwi": [HEALTH], "bmi": [HEALTH],
        "wizyty.data": [TS], "wizyty.poradnia": [HEALTH], "wizyty.lekarz": [NAME], "wizyty.icd10": [HEALTH],
        "wizyty.oplata_pln": [], "wizyty.nr_skierowania": [],
        "nfz_oddzial": [], "zgoda_rodo": [], "utworzono": [TS],
        "osoba_kontaktowa.imie_nazwisko": [NAME], "osoba_kontaktowa.telefon": [PHONE],
        "osoba_kontaktowa.pokrewienstwo": [],
    }
    return _finish(name, docs, labels, personal=True, persons=n)


# --------------------------------------------------------------------------
# 3. Swedish HR system
# --------------------------------------------------------------------------


def _hr_anstallda(seed: int, scale: float) -> SyntheticCollection:
    name = "hr_anstallda"
    rng = _rng(seed, name)
    f = _faker("sv_SE", rng)
    n = _n(250, scale)
    managers = [f"{f.first_name()} {f.last_name()}" for _ in range(10)]
    docs = []
    for i in range(n):
        female = rng.random() < 0.48
        birth = _birth(rng, 1960, 2003)
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name()
        bank_code = rng.choice(["500", "800", "600", "300", "950"])
        ib = _iban("SE", bank_code + _digits(rng, 17))
        doc: dict[str, Any] = {
            "anstNr": f"E{10000 + i}",
            "personnummer": personnummer(rng, birth, female, _pick(rng, {"long": 50, "short": 35, "plain": 15})),
            "namn": {"fornamn": first, "efternamn": last if rng.random() > 0.06 else last + " "},
            "kon": "K" if female else "M",
            "adress": f"{f.street_address()}, {f.postcode()} {f.city()}",
            "epost": _email(rng, first, last, ["nordviklogistik.se"]),
            "mobil": _fmt_phone(_phone(rng, "SE"), rng.choice(["national", "intl", "e164"])),
            "anstallning": {
                "startdatum": _birth(rng, max(birth.year + 19, 1990), 2024).isoformat(),
                "befattning": rng.choice(["Lagerarbetare", "Truckförare", "Controller", "HR-specialist",
                                          "Utvecklare", "Transportledare", "Kundtjänstmedarbetare"]),
                "avdelning": rng.choice(["Lager Jönköping", "Ekonomi", "IT", "HR", "Transport", "Kundtjänst"]),
                "chef": rng.choice(managers),
                "manadslon": rng.randrange(26_000, 68_000, 100),
            },
            "bank": {"iban": ib if rng.random() < 0.5 else _group(ib),
                     "bic": {"500": "ESSESESS", "800": "SWEDSESS", "600": "HANDSESS", "300": "NDEASESS",
                             "950": "NDEASESS"}[bank_code]},
            "fackforbund": _pick(rng, {"Unionen": 20, "IF Metall": 12, "Transport": 18, "Akademikerförbundet SSR": 8,
                                       "Vision": 5, "Sveriges Ingenjörer": 5, "Ej medlem": 27, None: 5}),
            "sjukdagar_2023": rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 12, 21, 35]),
            "friskvardsbidrag_kr": rng.choice([0, 1500, 3000, 5000]),
            "uppdaterad": _when(rng, datetime(2024, 1, 1), 300).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if rng.random() < 0.25 or i == 0:
            doc["formansbil_regnr"] = se_plate(rng)
        docs.append(doc)
    labels = {
        "anstNr": [PID], "personnummer": [GOV], "namn.fornamn": [NAME], "namn.efternamn": [NAME], "kon": [GENDER],
        "adress": [ADDR], "epost": [EMAIL], "mobil": [PHONE], "anstallning.startdatum": [TS],
        "anstallning.befattning": [], "anstallning.avdelning": [], "anstallning.chef": [NAME],
        "anstallning.manadslon": [], "bank.iban": [BANK], "bank.bic": [], "fackforbund": [POL],
        "sjukdagar_2023": [HEALTH], "friskvardsbidrag_kr": [], "uppdaterad": [TS], "formansbil_regnr": [PLATE],
    }
    return _finish(name, docs, labels, personal=True, persons=n)


# --------------------------------------------------------------------------
# 4. Turkish e-Devlet union membership log
# --------------------------------------------------------------------------

_SENDIKA = [("Türk Metal Sendikası", "Türk-İş"), ("Birleşik Metal-İş", "DİSK"), ("Eğitim-Sen", "KESK"),
            ("Eğitim-Bir-Sen", "Memur-Sen"), ("Tez-Koop-İş", "Türk-İş"), ("Öz Gıda-İş", "Hak-İş"),
            ("Genel-İş", "DİSK"), ("Sağlık-Sen", "Memur-Sen")]
_ILLER = ["İstanbul", "Ankara", "İzmir", "Bursa", "Kocaeli", "Konya", "Gaziantep", "Kayseri"]


def _sendika_uyelik_log(seed: int, scale: float) -> SyntheticCollection:
    name = "sendika_uyelik_log"
    rng = _rng(seed, name)
    f = _faker("tr_TR", rng)
    n_people, n_docs = _n(220, scale), _n(420, scale)
    employers = [(f.company(), rng.choice(_ILLER), _digits(rng, 26)) for _ in range(25)]
    people = []
    for _ in range(n_people):
        female = rng.random() < 0.4
        first = f.first_name_female() if female else f.first_name_male()
        people.append({"tc": tc_kimlik(rng), "ad": f"{first} {f.last_name().upper()}",
                       "emp": rng.choice(employers), "sendika": rng.choice(_SENDIKA),
                       "tel": _fmt_phone(_phone(rng, "TR"), rng.choice(["national", "intl"])) if rng.random() < 0.6 else None})
    order = list(range(n_people))
    rng.shuffle(order)
    while len(order) < n_docs:
        order.append(rng.randrange(n_people))
    docs, sightings = [], []
    for i, pi in enumerate(order[:n_docs]):
        p = people[pi]
        at = _when(rng, datetime(2023, 6, 1), 400, (7, 24))
        emp_name, il, sgk = p["emp"]
        ip = (f"{rng.choice([78, 88, 85, 176, 212, 31])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
              if rng.random() < 0.8 else f"2a02:ff0:{_hex(rng, 4)}:{_hex(rng, 4)}::{_hex(rng, 3)}")
        doc: dict[str, Any] = {
            "islemNo": 5_000_000 + i,
            "islemZamani": at.strftime("%d.%m.%Y %H:%M:%S"),
            "tcKimlikNo": int(p["tc"]) if rng.random() < 0.1 else p["tc"],
            "adSoyad": p["ad"],
            "sendika": {"adi": p["sendika"][0], "konfederasyon": p["sendika"][1]},
            "islemTuru": _pick(rng, {"Üyelik Başvurusu": 50, "Üyelik Sorgulama": 35, "Üyelikten Çekilme": 15}),
            "isyeri": {"unvan": emp_name, "il": il, "sgkSicilNo": sgk},
            "istemciIp": ip,
            "girisYontemi": rng.choice(["e-Devlet Şifresi", "Mobil İmza", "e-İmza", "İnternet Bankacılığı"]),
            "oturumId": _uuid(rng),
            "basvuruNo": tc_kimlik_bad(rng),
            "userAgent": rng.choice(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/122.0",
                                     "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148",
                                     "TurkiyeApp/3.2.1 (Android 14)"]),
        }
        if p["tel"]:
            doc["cepTelefonu"] = p["tel"]
        if rng.random() < 0.3 or i == 0:
            doc["erisimJetonu"] = _jwt(rng, {"sub": _uuid(rng), "iat": int(at.timestamp()),
                                             "exp": int(at.timestamp()) + 900, "aud": "edevlet"})
        docs.append(doc)
        sightings.append((p["tc"], il))
    labels = {
        "islemNo": [], "islemZamani": [TS], "tcKimlikNo": [GOV], "adSoyad": [NAME], "sendika.adi": [POL],
        "sendika.konfederasyon": [POL], "islemTuru": [], "isyeri.unvan": [], "isyeri.il": [PLACE],
        "isyeri.sgkSicilNo": [], "istemciIp": [IP], "girisYontemi": [], "oturumId": [], "basvuruNo": [],
        "userAgent": [], "cepTelefonu": [PHONE], "erisimJetonu": [SECRET],
    }
    assert trajectory_persons(sightings) == 0
    return _finish(name, docs, labels, personal=True, persons=len({p for p, _ in sightings}))


# --------------------------------------------------------------------------
# 5. Japanese loyalty app
# --------------------------------------------------------------------------

_TENPO = ["新宿東口店", "渋谷センター街店", "池袋西口店", "横浜駅前店", "梅田茶屋町店", "名古屋栄店", "札幌大通店",
          "博多駅南店"]


def _era(d: date, style: str) -> str:
    if d >= date(1989, 1, 8):
        era, kanji, y = "H", "平成", d.year - 1988
    else:
        era, kanji, y = "S", "昭和", d.year - 1925
    if style == "kanji":
        return f"{kanji}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    return f"{era}{y}.{d.month}.{d.day}"


def _kaiin_pointo(seed: int, scale: float) -> SyntheticCollection:
    name = "kaiin_pointo"
    rng = _rng(seed, name)
    f = _faker("ja_JP", rng)
    n = _n(350, scale)
    docs = []
    today = date(2024, 9, 1)
    for i in range(n):
        female = rng.random() < 0.55
        birth = _birth(rng, 1950, 2005)
        last_k, last_kana, last_ro = f.last_name_pair()
        first_k, first_kana, first_ro = f.first_name_female_pair() if female else f.first_name_male_pair()
        style = _pick(rng, {"iso": 40, "kanji": 35, "short": 25})
        born = birth.strftime("%Y/%m/%d") if style == "iso" else _era(birth, style)
        sex = 2 if female else 1
        if rng.random() < 0.03:
            sex = rng.choice([0, 9])
        last_visit = _when(rng, datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=9))), 240, (9, 22))
        doc: dict[str, Any] = {
            "kaiin_bango": f"K{rng.randrange(10**9, 10**10)}",
            "pointo_kaado": (lambda c: c if rng.random() < 0.5 else _group(c))(_luhn_number(rng, "9810", 16)),
            "shimei": f"{last_k}{rng.choice([' ', '　'])}{first_k}",
            "furigana": f"{last_kana} {first_kana}",
            "seinengappi": born,
            "nenrei": _age(birth, today) if rng.random() < 0.9 else str(_age(birth, today)),
            "seibetsu": sex if rng.random() < 0.8 else str(sex),
            "keitai": _fmt_phone(_phone(rng, "JP"), rng.choice(["national", "national", "intl"])),
            "meeru": _email(rng, first_ro, last_ro, ["docomo.ne.jp", "ezweb.ne.jp", "gmail.com", "yahoo.co.jp",
                                                     "i.softbank.jp"]),
            "jusho": {"yubin_bango": rng.choice(["〒", ""]) + f.zipcode(), "todofuken": f.prefecture(),
                      "shikuchoson": f.city() + f.town(),
                      "banchi": rng.choice([f"{rng.randint(1, 9)}丁目{rng.randint(1, 30)}番{rng.randint(1, 20)}号",
                                            f"{rng.randint(1, 9)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}"])},
            "pointo_zandaka": rng.randint(0, 25_000),
            "rank": rng.choice(["ブロンズ", "シルバー", "ゴールド", "プラチナ"]),
            "saishu_raiten": {"tenpo": rng.choice(_TENPO), "nichiji": last_visit.isoformat(timespec="seconds")},
            "okiniiri": [_ean(rng, rng.choice(["49", "45"])) for _ in range(rng.randint(0, 4))],
            "arerugi": _pick(rng, {"なし": 60, "卵": 8, "小麦": 8, "乳": 6, "えび・かに": 6, "そば": 4, "落花生": 4,
                                   None: 4}),
            "touroku_nichiji": _when(rng, datetime(2016, 4, 1), 2800).strftime("%Y/%m/%d %H:%M:%S"),
            "password": _django_hash(rng),
            "merumaga_kyodaku": rng.random() < 0.6,
        }
        if rng.random() < 0.3 or i == 0:
            doc["jusho"]["tatemono"] = f"{f.building_name()}{rng.randint(101, 1205)}号室"
        if rng.random() < 0.3 or i == 0:
            doc["romaji"] = f"{first_ro} {last_ro.upper()}"
        docs.append(doc)
    labels = {
        "kaiin_bango": [PID], "pointo_kaado": [PID], "shimei": [NAME], "furigana": [NAME], "romaji": [NAME],
        "seinengappi": [BIRTH], "nenrei": [AGE], "seibetsu": [GENDER], "keitai": [PHONE], "meeru": [EMAIL],
        "jusho.yubin_bango": [ADDR], "jusho.todofuken": [ADDR], "jusho.shikuchoson": [ADDR], "jusho.banchi": [ADDR],
        "jusho.tatemono": [ADDR], "pointo_zandaka": [], "rank": [], "saishu_raiten.tenpo": [PLACE],
        "saishu_raiten.nichiji": [TS], "okiniiri": [], "arerugi": [HEALTH], "touroku_nichiji": [TS],
        "password": [SECRET], "merumaga_kyodaku": [],
    }
    return _finish(name, docs, labels, personal=True, persons=n)


# --------------------------------------------------------------------------
# 6. Mexican welfare register
# --------------------------------------------------------------------------


def _padron_bienestar(seed: int, scale: float) -> SyntheticCollection:
    name = "padron_bienestar"
    rng = _rng(seed, name)
    f = _faker("es_MX", rng)
    n = _n(400, scale)
    docs = []
    states = list(_CURP_STATES)
    for i in range(n):
        female = rng.random() < 0.53
        birth = _birth(rng, 1940, 2006)
        nombre = f.first_name_female() if female else f.first_name_male()
        if rng.random() < 0.25:
            nombre += " " + (f.first_name_female() if female else f.first_name_male())
        paterno, materno = f.last_name(), f.last_name()
        state = rng.choice(states)
        c = curp(rng, paterno, materno, nombre, birth, female, state)
        doc: dict[str, Any] = {
            "folio": f"BIE-2023-{rng.randint(0, 999_999):06d}",
            "clave_seguimiento": curp_bad(curp(rng, f.last_name(), f.last_name(), f.first_name(),
                                               _birth(rng, 1950, 2005), rng.random() < 0.5, rng.choice(states)), rng),
            "curp": c,
            "nombre": {"nombres": nombre, "apellido_paterno": paterno, "apellido_materno": materno},
            "fecha_nacimiento": birth.strftime("%d/%m/%Y"),
            "sexo": "M" if female else "H",
            "entidad_nacimiento": state,
            "domicilio": {"calle": f.street_name(), "numero_exterior": str(rng.randint(1, 3000)),
                          "colonia": "Col. " + f.city(), "codigo_postal": f.postcode(),
                          "municipio": f.city(), "estado": f.state()},
            "telefono_celular": _fmt_phone(_phone(rng, "MX"), rng.choice(["intl", "compact", "e164"])),
            "autoadscripcion_etnica": _pick(rng, {"Indígena": 20, "Afromexicana": 6, "Ninguna": 68,
                                                  "No especificado": 6}),
            "discapacidad": _pick(rng, {"Ninguna": 78, "Motriz": 8, "Visual": 5, "Auditiva": 4, "Intelectual": 3,
                                        "Psicosocial": 2}),
            "programa": rng.choice(["Pensión para el Bienestar de las Personas Adultas Mayores",
                                    "Becas Benito Juárez", "Sembrando Vida", "Jóvenes Construyendo el Futuro"]),
            "pago": {"clabe": clabe(rng), "banco": "Banco del Bienestar",
                     "ultimo_deposito": _birth(rng, 2024, 2024).isoformat(), "monto_mxn": rng.choice([3000, 6000, 7200])},
            "fecha_alta": _when(rng, datetime(2019, 1, 1, tzinfo=timezone(timedelta(hours=-6))), 1800,
                                (8, 18)).isoformat(timespec="seconds"),
        }
        if rng.random() < 0.5 or i == 0:
            doc["rfc"] = rfc(rng, paterno, materno, nombre, birth)
        if rng.random() < 0.4 or i == 0:
            doc["correo"] = _email(rng, nombre.split()[0], paterno, ["gmail.com", "hotmail.com", "outlook.es",
                                                                     "yahoo.com.mx"])
        if rng.random() < 0.3 or i == 0:
            lat, lon = _near(rng, (19.4326, -99.1332), 30_000, 6)
            doc["geo_vivienda"] = {"lat": lat, "lon": lon}
        docs.append(doc)
    labels = {
        "folio": [], "clave_seguimiento": [], "curp": [GOV], "rfc": [GOV], "nombre.nombres": [NAME],
        "nombre.apellido_paterno": [NAME], "nombre.apellido_materno": [NAME], "fecha_nacimiento": [BIRTH],
        "sexo": [GENDER], "entidad_nacimiento": [PLACE], "domicilio.calle": [ADDR],
        "domicilio.numero_exterior": [ADDR], "domicilio.colonia": [ADDR], "domicilio.codigo_postal": [ADDR],
        "domicilio.municipio": [ADDR], "domicilio.estado": [ADDR], "telefono_celular": [PHONE], "correo": [EMAIL],
        "autoadscripcion_etnica": [ETH], "discapacidad": [HEALTH], "programa": [], "pago.clabe": [BANK],
        "pago.banco": [], "pago.ultimo_deposito": [TS], "pago.monto_mxn": [], "fecha_alta": [TS],
        "geo_vivienda": [COORD],
    }
    return _finish(name, docs, labels, personal=True, persons=n)


# --------------------------------------------------------------------------
# 7. US pharmacy fills
# --------------------------------------------------------------------------

_STORES = [("1200 N Milwaukee Ave, Chicago, IL 60622", (41.90312, -87.66891)),
           ("3400 N Broadway, Chicago, IL 60657", (41.94302, -87.64421)),
           ("5600 S Lake Park Ave, Chicago, IL 60637", (41.79312, -87.58781)),
           ("2200 W 63rd St, Chicago, IL 60636", (41.77911, -87.68011)),
           ("800 W Roosevelt Rd, Chicago, IL 60607", (41.86701, -87.64712)),
           ("4700 N Western Ave, Chicago, IL 60625", (41.96722, -87.68891)),
           ("1900 W Cermak Rd, Chicago, IL 60608", (41.85232, -87.67561)),
           ("150 N State St, Chicago, IL 60601", (41.88451, -87.62782))]
_DRUGS = [("00093-7146-56", "Sertraline HCl 50 MG Oral Tablet"), ("00378-3952-77", "Atorvastatin Calcium 20 MG Oral Tablet"),
          ("12496-1208-03", "Buprenorphine HCl / Naloxone 8 MG-2 MG Sublingual Film"),
          ("61958-2501-01", "Bictegravir/Emtricitabine/Tenofovir AF 50-200-25 MG Tablet"),
          ("00169-4132-12", "Semaglutide 0.25 MG/DOSE Pen Injector"), ("00093-1048-01", "Lisinopril 10 MG Oral Tablet"),
          ("00591-0405-01", "Metformin HCl 500 MG Oral Tablet"), ("00185-0674-01", "Alprazolam 0.5 MG Oral Tablet"),
          ("59762-3304-01", "Fluoxetine HCl 20 MG Oral Capsule"), ("00054-4297-25", "Lithium Carbonate 300 MG Capsule"),
          ("00781-1506-10", "Amoxicillin 500 MG Oral Capsule"), ("00003-0894-21", "Apixaban 5 MG Oral Tablet")]
_RACE = {"2106-3": 58, "2054-5": 20, "2028-9": 8, "1002-5": 2, "2076-8": 1, "2131-1": 8, "UNK": 3}


def _rx_fills(seed: int, scale: float) -> SyntheticCollection:
    name = "rx_fills"
    rng = _rng(seed, name)
    f = _faker("en_US", rng)
    n_pat, n_docs = _n(230, scale), _n(520, scale)
    prescribers = []
    for _ in range(20):
        last = f.last_name()
        prescribers.append({"npi": npi(rng), "dea_no": dea(rng, last),
                            "nm": f"{last.upper()}, {f.first_name().upper()} {rng.choice(['MD', 'DO', 'NP', 'PA-C'])}"})
    patients = []
    for i in range(n_pat):
        female = rng.random() < 0.55
        birth = _birth(rng, 1935, 2010)
        s = us_ssn_number(rng)
        mode = _pick(rng, {"full": 35, "last4": 40, "none": 25})
        patients.append({
            "mrn": f"{rng.randint(10**7, 10**8 - 1)}", "first": f.first_name_female() if female else f.first_name_male(),
            "last": f.last_name(), "birth": birth, "sex": _pick(rng, {"F" if female else "M": 97, "U": 3}),
            "race": _pick(rng, _RACE), "eth": _pick(rng, {"2135-2": 22, "2186-5": 74, "UNK": 4}),
            "ssn": s if mode == "full" else None, "last4": s[-4:] if mode == "last4" else None,
            "addr": {"line1": f.street_address(), "city": "Chicago", "st": "IL", "zip5": f"606{rng.randint(1, 60):02d}"},
            "tel": _fmt_phone(_phone(rng, "US"), rng.choice(["national", "compact", "e164"])),
            "email": f.free_email() if rng.random() < 0.4 else None,
            "member": ("W" + _digits(rng, 9)) if rng.random() < 0.85 else None,
            "stores": [rng.randrange(len(_STORES))] + ([rng.randrange(len(_STORES))] if rng.random() < 0.35 else []),
            "drugs": rng.sample(range(len(_DRUGS)), rng.randint(1, 3)),
        })
    order = list(range(n_pat))
    rng.shuffle(order)
    while len(order) < n_docs:
        order.append(rng.randrange(n_pat))
    docs, sightings = [], []
    for i, pi in enumerate(order[:n_docs]):
        p = patients[pi]
        si = p["stores"][0] if len(p["stores"]) == 1 or rng.random() < 0.6 else p["stores"][1]
        addr, point = _STORES[si]
        ndc, drug = _DRUGS[rng.choice(p["drugs"])]
        patient: dict[str, Any] = {"mrn": p["mrn"], "first_nm": p["first"], "last_nm": p["last"],
                                   "dob": p["birth"].strftime("%m/%d/%Y"), "sex_cd": p["sex"], "race_cd": p["race"],
                                   "ethnic_cd": p["eth"], "addr": dict(p["addr"]), "tel_no": p["tel"]}
        if p["ssn"]:
            patient["ssn"] = p["ssn"] if rng.random() < 0.6 else p["ssn"].replace("-", "")
        if p["last4"]:
            patient["ssn_last4"] = p["last4"]
        if p["email"]:
            patient["email"] = p["email"]
        doc: dict[str, Any] = {
            "rx_no": str(rng.randint(1_000_000, 9_999_999)), "refill_no": rng.randint(0, 5),
            "fill_ts": int(_when(rng, datetime(2023, 1, 1, tzinfo=timezone(timedelta(hours=-6))), 600, (8, 21)).timestamp()),
            "patient": patient,
            "drug": {"ndc11": ndc if rng.random() < 0.5 else ndc.replace("-", ""), "name": drug,
                     "qty": rng.choice([30, 60, 90, 14, 28]), "days_supply": rng.choice([30, 90, 7, 14]),
                     "daw": rng.choice([0, 0, 1])},
            "prescriber": dict(rng.choice(prescribers)),
            "store": {"store_no": f"#{4500 + si * 17:05d}", "addr": addr, "geo": {"lat": point[0], "lon": point[1]}},
            "copay_usd": round(rng.choice([0, 5, 10, 15, 47.5, 120.0]), 2),
        }
        if p["member"]:
            doc["payer"] = {"bin": rng.choice(["610014", "004336", "003858"]), "pcn": rng.choice(["MEDDPRIME", "ADV", "A4"]),
                            "member_id": p["member"], "group_no": f"RX{rng.randint(1000, 9999)}"}
        if rng.random() < 0.15 or i == 0:
            doc["card"] = {"brand": rng.choice(["VISA", "MC", "AMEX"]), "last4": _digits(rng, 4),
                           "exp": f"{rng.randint(1, 12):02d}/{rng.randint(25, 30)}"}
        docs.append(doc)
        sightings.append((p["mrn"], addr))
    labels = {
        "rx_no": [], "refill_no": [], "fill_ts": [TS], "patient.mrn": [PID], "patient.first_nm": [NAME],
        "patient.last_nm": [NAME], "patient.dob": [BIRTH], "patient.sex_cd": [GENDER], "patient.race_cd": [ETH],
        "patient.ethnic_cd": [ETH], "patient.addr.line1": [ADDR], "patient.addr.city": [ADDR],
        "patient.addr.st": [ADDR], "patient.addr.zip5": [ADDR], "patient.tel_no": [PHONE], "patient.ssn": [GOV],
        "patient.ssn_last4": [GOV], "patient.email": [EMAIL],
        "drug.ndc11": [HEALTH], "drug.name": [HEALTH], "drug.qty": [], "drug.days_supply": [], "drug.daw": [],
        "prescriber.npi": [], "prescriber.dea_no": [], "prescriber.nm": [NAME],
        "store.store_no": [], "store.addr": [PLACE], "store.geo": [COORD], "copay_usd": [],
        "payer.bin": [], "payer.pcn": [], "payer.member_id": [PID], "payer.group_no": [],
        "card.brand": [], "card.last4": [], "card.exp": [],
    }
    traj = {"person_keys": ["patient.mrn", "patient.ssn", "payer.member_id"],
            "location_fields": ["store.addr", "store.geo"], "time_fields": ["fill_ts"],
            "persons_trackable": trajectory_persons(sightings)}
    return _finish(name, docs, labels, personal=True, trajectory=traj, persons=len({p for p, _ in sightings}))


# --------------------------------------------------------------------------
# 8. UK police stop and search
# --------------------------------------------------------------------------

_STREETS = ["On or near Brick Lane", "On or near Whitechapel Road", "On or near Commercial Street",
            "On or near Bethnal Green Road", "On or near Mile End Road", "On or near Cable Street",
            "On or near Hackney Road", "On or near Roman Road", "On or near Kingsland Road",
            "On or near Old Street", "On or near Shoreditch High Street", "On or near Cambridge Heath Road"]
_SDE = {"White - English/Welsh/Scottish/Northern Irish/British": 38, "White - Any other White background": 10,
        "Black/African/Caribbean/Black British - African": 12, "Black/African/Caribbean/Black British - Caribbean": 8,
        "Asian/Asian British - Bangladeshi": 14, "Asian/Asian British - Pakistani": 5,
        "Mixed/Multiple ethnic groups - White and Black Caribbean": 4, "Other ethnic group - Any other ethnic group": 3,
        "Other ethnic group - Not stated": 6}
_SDE_IC = {"White": "IC1", "Black": "IC3", "Asian": "IC4", "Mixed": "IC3", "Other": "IC6"}


def _stop_search(seed: int, scale: float) -> SyntheticCollection:
    name = "stop_search"
    rng = _rng(seed, name)
    f = _faker("en_GB", rng)
    n_subj, n_docs = _n(260, scale), _n(450, scale)
    spots = _grid_spots(rng, (51.5202, -0.0655), len(_STREETS))
    officers = [{"collar_no": f"{rng.randint(100, 999)}{rng.choice(['HT', 'TH', 'CE', 'NE'])}", "surname": f.last_name()}
                for _ in range(18)]
    subjects = []
    for _ in range(n_subj):
        female = rng.random() < 0.12
        birth = _birth(rng, 1960, 2010)
        sde = _pick(rng, _SDE)
        subjects.append({"ref": f"N{rng.randint(10**6, 10**7 - 1)}",
                         "first": f.first_name_female() if female else f.first_name_male(), "last": f.last_name(),
                         "birth": birth, "gender": "Female" if female else ("Male" if rng.random() < 0.98 else "Other"),
                         "sde": sde, "ic": _SDE_IC[sde.split("/")[0].split(" ")[0]] if rng.random() < 0.85 else rng.choice(["IC1", "IC2", "IC3", "IC4", "IC5", "IC6"]),
                         "post": f.postcode() if rng.random() < 0.7 else None, "dob_known": rng.random() < 0.6,
                         "home": rng.randrange(len(_STREETS)), "repeat": rng.random() < 0.4})
    order = list(range(n_subj))
    rng.shuffle(order)
    rep = [i for i, s in enumerate(subjects) if s["repeat"]] or [0]
    while len(order) < n_docs:
        order.append(rng.choice(rep))
    reasons = [("Misuse of Drugs Act 1971 (section 23)", "Controlled drugs",
                ["Strong smell of cannabis from subject", "Seen passing small package in known drug dealing area",
                 "Subject discarded wrap on seeing officers"]),
               ("Police and Criminal Evidence Act 1984 (section 1)", "Stolen goods",
                ["Matched description of suspect for phone snatch", "Carrying bicycle with cut lock"]),
               ("Police and Criminal Evidence Act 1984 (section 1)", "Offensive weapons",
                ["Bulge consistent with knife in waistband", "Intel: subject known to carry blade"]),
               ("Criminal Justice and Public Order Act 1994 (section 60)", "Offensive weapons",
                ["S60 authorisation in force after stabbing", "Group dispersal, S60 area"])]
    outcomes = {"A no further action disposal": 68, "Arrest": 14, "Community resolution": 7,
                "Khat or Cannabis warning": 6, "Penalty Notice for Disorder": 3, "Summons / charged by post": 2}
    docs, sightings = [], []
    for i, si in enumerate(order[:n_docs]):
        s = subjects[si]
        st = s["home"] if rng.random() < 0.5 else rng.randrange(len(_STREETS))
        lat, lon = _near(rng, spots[st], 10.0, 6)
        leg, obj, notes = rng.choice(reasons)
        when = _when(rng, datetime(2024, 1, 1, tzinfo=timezone.utc), 300)
        vehicle = rng.random() < 0.22 or i == 0
        subj: dict[str, Any] = {"person_ref": s["ref"], "forename": s["first"], "surname": s["last"].upper(),
                                "age_range": (lambda a: "10-17" if a < 18 else "18-24" if a < 25 else "25-34" if a < 35 else "over 34")(_age(s["birth"], when.date())),
                                "gender": s["gender"], "self_defined_ethnicity": s["sde"], "ic_code": s["ic"]}
        if s["dob_known"] or i == 0:
            subj["dob"] = s["birth"].isoformat()
        if s["post"]:
            subj["home_postcode"] = s["post"]
        doc: dict[str, Any] = {
            "ref": f"MPS-SS-24-{i + 1:06d}",
            "datetime": when.isoformat(timespec="seconds"),
            "type": "Person and Vehicle search" if vehicle else "Person search",
            "officer": dict(rng.choice(officers)),
            "subject": subj,
            "location": {"lat": lat, "lon": lon},
            "street": _STREETS[st],
            "legislation": leg, "object_of_search": obj, "outcome": _pick(rng, outcomes),
            "outcome_linked_to_object": rng.random() < 0.2,
            "officer_notes": rng.choice(notes),
            "clothing_removed": rng.random() < 0.05,
            "bwv_ref": f"BWV-{_hex(rng, 10).upper()}",
        }
        if vehicle:
            doc["vrm"] = gb_plate(rng)
        docs.append(doc)
        sightings.append((s["ref"], _STREETS[st]))
    labels = {
        "ref": [], "datetime": [TS], "type": [], "officer.collar_no": [PID], "officer.surname": [NAME],
        "subject.person_ref": [PID], "subject.forename": [NAME], "subject.surname": [NAME], "subject.dob": [BIRTH],
        "subject.age_range": [AGE], "subject.gender": [GENDER], "subject.self_defined_ethnicity": [ETH],
        "subject.ic_code": [ETH], "subject.home_postcode": [ADDR], "location": [COORD], "street": [PLACE],
        "legislation": [CRIM], "object_of_search": [CRIM], "outcome": [CRIM], "outcome_linked_to_object": [],
        "officer_notes": [CRIM], "clothing_removed": [], "bwv_ref": [], "vrm": [PLATE],
    }
    traj = {"person_keys": ["subject.person_ref", "subject.surname", "subject.forename"],
            "location_fields": ["street", "location"], "time_fields": ["datetime"],
            "persons_trackable": trajectory_persons(sightings)}
    return _finish(name, docs, labels, personal=True, trajectory=traj, persons=len({p for p, _ in sightings}))


# --------------------------------------------------------------------------
# 9. Bike-share trips
# --------------------------------------------------------------------------

_STATIONS = ["Pl. de Catalunya, 7", "C/ de Balmes, 150", "Pg. de Gràcia, 92", "Av. Diagonal, 405",
             "C/ de Sants, 79", "Pg. Lluís Companys, 11", "C/ de Pujades, 57", "Rambla del Raval, 13",
             "C/ de la Marina, 199", "Av. del Paral·lel, 54", "C/ de Provença, 322", "Pl. d'Espanya",
             "C/ de Sardenya, 296", "Gran Via de les Corts Catalanes, 632", "C/ de Girona, 68", "Pl. del Sol"]


def _bikeshare_trips(seed: int, scale: float) -> SyntheticCollection:
    name = "bikeshare_trips"
    rng = _rng(seed, name)
    n_mem, n_docs = _n(150, scale), _n(600, scale)
    spots = _grid_spots(rng, (41.3930, 2.1650), len(_STATIONS), spacing_m=900)
    members = []
    for i in range(n_mem):
        annual = rng.random() < 0.75
        members.append({"id": 700_000 + i * 13 if annual else f"C-{_hex(rng, 6).upper()}",
                        "type": "annual" if annual else "casual",
                        "yob": rng.randint(1955, 2006) if rng.random() < 0.6 else None,
                        "gender": _pick(rng, {1: 50, 2: 40, 0: 10}),
                        "favs": rng.sample(range(len(_STATIONS)), 3)})
    order = list(range(n_mem))
    rng.shuffle(order)
    while len(order) < n_docs:
        order.append(rng.randrange(n_mem))
    docs, sightings = [], []
    for i, mi in enumerate(order[:n_docs]):
        m = members[mi]
        a = rng.choice(m["favs"]) if rng.random() < 0.8 else rng.randrange(len(_STATIONS))
        b = a if rng.random() < 0.08 else (rng.choice(m["favs"]) if rng.random() < 0.7 else rng.randrange(len(_STATIONS)))
        start = _when(rng, datetime(2024, 5, 1), 120, (6, 23))
        dur = int(_haversine(spots[a], spots[b]) / 4.0) + rng.randint(120, 900)
        doc: dict[str, Any] = {
            "trip_id": 90_000_000 + i,
            "member_id": m["id"], "member_type": m["type"],
            "bike_id": f"B{rng.randint(10000, 99999)}", "rideable_type": rng.choice(["classic_bike", "electric_bike"]),
            "started_at": start.strftime("%Y-%m-%d %H:%M:%S"),
            "ended_at": (start + timedelta(seconds=dur)).strftime("%Y-%m-%d %H:%M:%S"),
            "start_station_id": 100 + a, "start_station_name": _STATIONS[a],
            "start_lat": spots[a][0], "start_lng": spots[a][1],
            "end_station_id": 100 + b, "end_station_name": _STATIONS[b],
            "end_lat": spots[b][0], "end_lng": spots[b][1],
            "duration_sec": dur if rng.random() < 0.9 else str(dur),
            "birth_year": m["yob"],
            "gender": m["gender"] if rng.random() < 0.8 else str(m["gender"]),
            "imu_peak_g": [round(rng.gauss(0, 0.6), 3), round(rng.gauss(0, 0.6), 3), round(1 + rng.gauss(0, 0.3), 3)],
            "fare_eur": round(rng.choice([0.0, 0.35, 0.70, 1.05, 2.10]), 2),
        }
        docs.append(doc)
        sightings += [(str(m["id"]), _STATIONS[a]), (str(m["id"]), _STATIONS[b])]
    labels = {
        "trip_id": [], "member_id": [PID], "member_type": [], "bike_id": [], "rideable_type": [],
        "started_at": [TS], "ended_at": [TS], "start_station_id": [], "start_station_name": [PLACE],
        "start_lat": [COORD], "start_lng": [COORD], "end_station_id": [], "end_station_name": [PLACE],
        "end_lat": [COORD], "end_lng": [COORD], "duration_sec": [], "birth_year": [BIRTH], "gender": [GENDER],
        "imu_peak_g": [], "fare_eur": [],
    }
    traj = {"person_keys": ["member_id"],
            "location_fields": ["start_station_name", "end_station_name", "start_lat", "start_lng", "end_lat", "end_lng"],
            "time_fields": ["started_at", "ended_at"], "persons_trackable": trajectory_persons(sightings)}
    return _finish(name, docs, labels, personal=True, trajectory=traj, persons=len({p for p, _ in sightings}))


# --------------------------------------------------------------------------
# 10. Telecom CDRs (Ukraine)
# --------------------------------------------------------------------------

_CELLS = ["Київ, Поділ, вул. Сагайдачного 25", "Київ, Хрещатик 22", "Київ, Печерськ, вул. Липська 10",
          "Київ, Оболонь, просп. Героїв Сталінграду 6", "Київ, Лук'янівка, вул. Мельникова 12",
          "Київ, Лівобережна, Русанівська наб. 8", "Київ, Голосіїв, просп. Голосіївський 50",
          "Київ, Солом'янка, вул. Гетьмана 1", "Київ, Дарниця, вул. Привокзальна 2",
          "Київ, Троєщина, просп. Маяковського 4", "Київ, Виноградар, просп. Свободи 20",
          "Київ, Позняки, вул. Драгоманова 31", "Київ, Святошин, просп. Перемоги 136", "Київ, ВДНГ, просп. Глушкова 1"]


def _cdr_voice(seed: int, scale: float) -> SyntheticCollection:
    name = "cdr_voice"
    rng = _rng(seed, name)
    n_subs, n_docs = _n(120, scale), _n(600, scale)
    spots = _grid_spots(rng, (50.4501, 30.5234), len(_CELLS), spacing_m=2200, wiggle_m=200)
    cells = [{"lac": 31000 + k // 4, "cid": 10000 + k * 37, "az": rng.choice([0, 120, 240])} for k in range(len(_CELLS))]
    subs = []
    for _ in range(n_subs):
        p = _phone(rng, "UA")
        usual = rng.sample(range(len(_CELLS)), rng.choice([1, 2, 2, 3, 4]))
        subs.append({"msisdn": _fmt_phone(p, "digits"), "p": p, "imsi": "25501" + _digits(rng, 10), "imei": imei(rng),
                     "iccid": _luhn_number(rng, "8938001", 19), "cells": usual})
    externals = [_phone(rng, "UA") for _ in range(max(10, n_subs // 2))]
    order = list(range(n_subs))
    rng.shuffle(order)
    while len(order) < n_docs:
        order.append(rng.randrange(n_subs))
    docs, sightings, numbers = [], [], set()
    for i, si in enumerate(order[:n_docs]):
        s = subs[si]
        other = subs[rng.randrange(n_subs)]["p"] if rng.random() < 0.6 else rng.choice(externals)
        k = rng.choice(s["cells"])
        lat, lon = _near(rng, spots[k], 8.0, 6)
        svc = _pick(rng, {"MOC": 45, "MTC": 35, "SMS-MO": 12, "SMS-MT": 8})
        dur = 0 if svc.startswith("SMS") else rng.randint(3, 1800)
        doc: dict[str, Any] = {
            "rec_id": _hex(rng, 16),
            "a_num": s["msisdn"],
            "b_num": _fmt_phone(other, rng.choice(["e164", "compact", "intl", "digits"])),
            "imsi": s["imsi"], "imei": s["imei"],
            "start_ts": _when(rng, datetime(2024, 3, 1), 30).strftime("%Y%m%d%H%M%S"),
            "dur": dur if rng.random() < 0.85 else str(dur),
            "svc": svc,
            "cell": {"lac": cells[k]["lac"], "cid": cells[k]["cid"], "lat": lat, "lon": lon, "azimuth": cells[k]["az"]},
            "cell_site": _CELLS[k],
            "rat": rng.choice(["LTE", "LTE", "UMTS", "GSM"]),
            "roaming": False,
            "charge_uah": round(dur / 60 * 1.5, 2) if svc == "MOC" else 0.0,
        }
        if rng.random() < 0.25 or i == 0:
            doc["iccid"] = s["iccid"]
        docs.append(doc)
        sightings.append((s["msisdn"], _CELLS[k]))
        numbers.add(s["msisdn"])
        numbers.add(_fmt_phone(other, "digits"))
    labels = {
        "rec_id": [], "a_num": [PHONE], "b_num": [PHONE], "imsi": [IMX], "imei": [IMX], "iccid": [IMX],
        "start_ts": [TS], "dur": [], "svc": [], "cell.lac": [], "cell.cid": [], "cell.lat": [COORD],
        "cell.lon": [COORD], "cell.azimuth": [], "cell_site": [PLACE], "rat": [], "roaming": [], "charge_uah": [],
    }
    traj = {"person_keys": ["a_num", "imsi", "imei"], "location_fields": ["cell_site", "cell.lat", "cell.lon"],
            "time_fields": ["start_ts"], "persons_trackable": trajectory_persons(sightings)}
    return _finish(name, docs, labels, personal=True, trajectory=traj, persons=len(numbers))


# --------------------------------------------------------------------------
# 11. Ad-tech bid requests (OpenRTB 2.5)
# --------------------------------------------------------------------------

_SEGMENTS_PLAIN = ["Auto > Intenders > SUV", "Travel > Beach holidays", "Sports > Football", "Tech > Smartphones",
                   "Food & Drink > Vegan", "Finance > Credit cards", "Home & Garden > DIY", "Gaming > Mobile RPG",
                   "Parenting > Toddlers", "Fashion > Sneakers"]
_SEGMENTS_HEALTH = ["Health > Diabetes", "Health > Depression & anxiety", "In-market > Fertility treatment",
                    "Pharma > HIV / PrEP", "Health > Weight loss medication"]
_SEGMENTS_SEX = ["Lifestyle > LGBTQ+", "Dating > Gay men", "Dating > Lesbian"]
_SEGMENTS_REL = ["Religion > Islam", "Religion > Christianity > Catholic", "Religion > Judaism"]
_APPS = [("com.weatherpro.live", "Weather Live Pro", "Sundial Apps GmbH"), ("de.bahnzeit.app", "BahnZeit", "Schiene Digital"),
         ("com.puzzle.blocks3d", "Block Puzzle 3D", "Kaiju Games"), ("com.newsflash.de", "NewsFlash", "Flash Media AG"),
         ("app.rainbowmatch", "Rainbow Match", "Rainbow Match Inc.")]


def _ifa(rng: random.Random) -> str:
    u = _uuid(rng)
    return u.upper() if rng.random() < 0.5 else u


def _bid_requests(seed: int, scale: float, shared_ifas: list[str]) -> SyntheticCollection:
    name = "bid_requests"
    rng = _rng(seed, name)
    n_dev, n_docs = _n(130, scale), _n(550, scale)
    spots = _grid_spots(rng, (52.5200, 13.4050), 30)
    shared_ifas = shared_ifas[: n_dev // 2]
    devices = []
    for i in range(n_dev):
        ifa = shared_ifas[i] if i < len(shared_ifas) else _ifa(rng)
        ios = ifa.isupper()
        segs = rng.sample(_SEGMENTS_PLAIN, rng.randint(1, 3))
        if rng.random() < 0.3:
            segs.append(rng.choice(_SEGMENTS_HEALTH))
        if rng.random() < (0.6 if i < len(shared_ifas) else 0.12):
            segs.append(rng.choice(_SEGMENTS_SEX))
        if rng.random() < 0.15:
            segs.append(rng.choice(_SEGMENTS_REL))
        devices.append({"ifa": ifa, "ios": ios, "uid": _hex(rng, 32),
                        "model": rng.choice(["iPhone15,2", "iPhone14,5", "iPhone16,1"]) if ios else rng.choice(["SM-S918B", "Pixel 8", "SM-A546B"]),
                        "osv": rng.choice(["17.4.1", "17.5", "16.7.8"]) if ios else rng.choice(["14", "13", "12"]),
                        "ip": f"{rng.choice([95, 77, 89, 188, 31])}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.0",
                        "ipv6": f"2a02:{_hex(rng, 4)}:{_hex(rng, 4)}::" if rng.random() < 0.25 else None,
                        "yob": rng.randint(1960, 2006) if rng.random() < 0.45 else None,
                        "gender": rng.choice(["M", "F", "O"]) if rng.random() < 0.4 else None,
                        "spots": rng.sample(range(len(spots)), rng.choice([1, 2, 2, 3, 4])),
                        "segs": segs, "apps": ([4] if i < len(shared_ifas) else []) + rng.sample(range(4), 2),
                        "lmt": rng.random() < 0.12})
    order = list(range(n_dev))
    rng.shuffle(order)
    while len(order) < n_docs:
        order.append(rng.randrange(n_dev))
    docs, sightings = [], []
    for i, di in enumerate(order[:n_docs]):
        d = devices[di]
        bundle, app_name, publisher = _APPS[rng.choice(d["apps"])]
        ts = _when(rng, datetime(2024, 4, 1, tzinfo=timezone.utc), 30)
        geo: dict[str, Any] = {"country": "DEU", "city": "Berlin", "utcoffset": 120}
        if not d["lmt"] or i == 0:
            k = rng.choice(d["spots"])
            lat, lon = _near(rng, spots[k], 30.0, 5)
            geo = {"lat": lat, "lon": lon, "type": 1, "accuracy": rng.randint(5, 40), **geo}
            sightings.append((d["ifa"], k))
        device: dict[str, Any] = {"ifa": d["ifa"], "ip": d["ip"], "ua": "Mozilla/5.0 (Linux; Android) Mobile" if not d["ios"]
                                  else "Mozilla/5.0 (iPhone; CPU iPhone OS like Mac OS X) Mobile",
                                  "make": "Apple" if d["ios"] else "Google/Samsung", "model": d["model"],
                                  "os": "iOS" if d["ios"] else "Android", "osv": d["osv"], "lmt": int(d["lmt"]), "geo": geo}
        if d["ipv6"]:
            device["ipv6"] = d["ipv6"] + _hex(rng, 4)
        user: dict[str, Any] = {"id": d["uid"],
                                "data": [{"id": "dmp-7", "name": "SegmentHub",
                                          "segment": [{"id": f"s-{1000 + abs(hash_str(s)) % 9000}", "name": s} for s in d["segs"]]}],
                                "ext": {"consent": "CP" + _b64url(_rbytes(rng, 45)) + ".YAAAAAAAAAAA"}}
        if d["yob"]:
            user["yob"] = d["yob"]
        if d["gender"]:
            user["gender"] = d["gender"]
        docs.append({
            "id": _uuid(rng), "at": 1, "tmax": rng.choice([120, 200, 300]), "ts": int(ts.timestamp() * 1000),
            "imp": [{"id": "1", "tagid": rng.choice(["banner_top", "interstitial", "native_feed"]),
                     "bidfloor": round(rng.uniform(0.05, 2.5), 2), "banner": {"w": 320, "h": rng.choice([50, 100, 480])}}],
            "app": {"id": f"app-{_hex(rng, 6)}", "bundle": bundle, "name": app_name,
                    "publisher": {"id": f"pub-{abs(hash_str(publisher)) % 10000}", "name": publisher}, "cat": ["IAB14"]},
            "device": device, "user": user, "regs": {"coppa": 0, "ext": {"gdpr": 1}},
        })
    labels = {
        "id": [], "at": [], "tmax": [], "ts": [TS], "imp.id": [], "imp.tagid": [], "imp.bidfloor": [],
        "imp.banner.w": [], "imp.banner.h": [], "app.id": [], "app.bundle": [], "app.name": [],
        "app.publisher.id": [], "app.publisher.name": [], "app.cat": [],
        "device.ifa": [IMX], "device.ip": [IP], "device.ipv6": [IP], "device.ua": [], "device.make": [],
        "device.model": [], "device.os": [], "device.osv": [], "device.lmt": [],
        "device.geo.lat": [COORD], "device.geo.lon": [COORD], "device.geo.type": [], "device.geo.accuracy": [],
        "device.geo.country": [], "device.geo.city": [PLACE], "device.geo.utcoffset": [],
        "user.id": [PID], "user.yob": [BIRTH], "user.gender": [GENDER], "user.data.id": [], "user.data.name": [],
        "user.data.segment.id": [], "user.data.segment.name": [HEALTH, SEX, REL], "user.ext.consent": [],
        "regs.coppa": [], "regs.ext.gdpr": [],
    }
    traj = {"person_keys": ["device.ifa", "user.id"], "location_fields": ["device.geo.lat", "device.geo.lon"],
            "time_fields": ["ts"], "persons_trackable": trajectory_persons(sightings)}
    return _finish(name, docs, labels, personal=True, trajectory=traj,
                   persons=len({d["ifa"] for d in (devices[j] for j in set(order[:n_docs]))}))


def hash_str(s: str) -> int:
    """A stable (PYTHONHASHSEED-independent) small hash."""
    h = 0
    for c in s:
        h = (h * 131 + ord(c)) % 1_000_003
    return h


# --------------------------------------------------------------------------
# 12. Greek Orthodox parish register
# --------------------------------------------------------------------------

_NAOI = ["Ι.Ν. Αγίου Δημητρίου", "Ι.Ν. Αγίας Σοφίας", "Ι.Ν. Ευαγγελισμού της Θεοτόκου", "Ι.Ν. Αγίου Νικολάου",
         "Ι.Ν. Αγίων Κωνσταντίνου και Ελένης"]


def _enoria_melh(seed: int, scale: float) -> SyntheticCollection:
    name = "enoria_melh"
    rng = _rng(seed, name)
    f = _faker("el_GR", rng)
    n = _n(260, scale)
    priests = [f"π. {f.first_name_male()} {f.last_name_male()}" for _ in range(5)]
    docs = []
    for i in range(n):
        female = rng.random() < 0.52
        birth = _birth(rng, 1935, 2015)
        first = f.first_name_female() if female else f.first_name_male()
        last = f.last_name_female() if female else f.last_name_male()
        doc: dict[str, Any] = {
            "αριθμός_μητρώου": f"{rng.randint(1990, 2024)}/{rng.randint(1, 999):03d}",
            "επώνυμο": last, "όνομα": first, "πατρώνυμο": f.first_name_male(),
            "imer_gennisis": birth.strftime("%d/%m/%Y"),
            "fylo": "Θήλυ" if female else "Άρρεν",
            "amka": amka(rng, birth, female),
            "thriskevma": _pick(rng, {"Χριστιανός Ορθόδοξος": 80, "Ρωμαιοκαθολικός": 5, "Ευαγγελικός": 3,
                                      "Μουσουλμάνος": 5, "Κανένα": 7}),
            "dieuthynsi": {"odos": f.street_name(), "arithmos": str(rng.randint(1, 200)),
                           "tk": f"{rng.randint(100, 859)} {rng.randint(0, 99):02d}", "poli": f.city()},
            "tilefono": _fmt_phone(_phone(rng, "GR"), rng.choice(["intl", "compact", "e164"])),
            "eisfora_eur": rng.choice([0, 10, 20, 50, 100]),
            "eggrafi": _when(rng, datetime(2010, 1, 1, tzinfo=timezone(timedelta(hours=2))), 5000,
                             (9, 20)).isoformat(timespec="seconds"),
        }
        if rng.random() < 0.85 or i == 0:
            bap = birth + timedelta(days=rng.randint(60, 900))
            doc["vaptisi"] = {"imerominia": bap.strftime("%d/%m/%Y"), "naos": rng.choice(_NAOI),
                              "anadochos": f"{f.first_name()} {f.last_name()}", "ierea": rng.choice(priests)}
        if (birth.year < 1998 and rng.random() < 0.5) or i == 0:
            wed = date(max(birth.year + 20, 1960), 1, 1) + timedelta(days=rng.randint(0, 7000))
            doc["gamos"] = {"imerominia": wed.strftime("%d/%m/%Y"), "naos": rng.choice(_NAOI),
                            "syzygos": f"{f.first_name_male() if female else f.first_name_female()} "
                                       f"{f.last_name_male() if female else f.last_name_female()}"}
        if rng.random() < 0.3 or i == 0:
            doc["email"] = _email(rng, first, last, ["gmail.com", "yahoo.gr", "otenet.gr"])
        if rng.random() < 0.35 or i == 0:
            doc["iban"] = _iban("GR", rng.choice(["011", "014", "017", "026"]) + _digits(rng, 4) + _digits(rng, 16))
        if rng.random() < 0.25 or i == 0:
            doc["σημειώσεις"] = rng.choice(["Αλλαγή διεύθυνσης 2023", "Επιστροφή αλληλογραφίας",
                                            "Δεν επιθυμεί ενημερωτικά", "Νέα εγγραφή"])
        docs.append(doc)
    labels = {
        "αριθμός_μητρώου": [PID], "επώνυμο": [NAME], "όνομα": [NAME], "πατρώνυμο": [NAME],
        "imer_gennisis": [BIRTH], "fylo": [GENDER], "amka": [GOV], "thriskevma": [REL],
        "dieuthynsi.odos": [ADDR], "dieuthynsi.arithmos": [ADDR], "dieuthynsi.tk": [ADDR], "dieuthynsi.poli": [ADDR],
        "tilefono": [PHONE], "eisfora_eur": [], "eggrafi": [TS],
        "vaptisi.imerominia": [TS], "vaptisi.naos": [PLACE], "vaptisi.anadochos": [NAME], "vaptisi.ierea": [NAME],
        "gamos.imerominia": [TS], "gamos.naos": [PLACE], "gamos.syzygos": [NAME], "email": [EMAIL], "iban": [BANK],
        "σημειώσεις": [],
    }
    return _finish(name, docs, labels, personal=True, persons=n)


# --------------------------------------------------------------------------
# 13. LGBTQ+ dating app
# --------------------------------------------------------------------------

_SCRIPTS = {"en_US": ("US", 30), "pt_BR": ("BR", 8), "uk_UA": ("UA", 10), "el_GR": ("GR", 8), "ar_AA": ("AE", 10),
            "hi_IN": ("IN", 10), "ko_KR": ("KR", 12), "ja_JP": ("JP", 12)}
_BIOS = ["Coffee, hiking and bad puns.", "Новий у місті, шукаю друзів.", "Μου αρέσει η θάλασσα και τα βιβλία.",
         "أحب السفر والقهوة", "संगीत और किताबें पसंद हैं", "주말에는 등산을 해요", "猫と映画が好きです", "Dog parent. Runner.",
         "Amo cozinhar e dançar."]


def _rainbowmatch_users(seed: int, scale: float) -> tuple[SyntheticCollection, list[str]]:
    name = "rainbowmatch_users"
    rng = _rng(seed, name)
    fk = {loc: _faker(loc, rng) for loc in _SCRIPTS}
    n = _n(300, scale)
    faces = [png_face(rng) for _ in range(8)]
    selfies = [jpeg_face(rng) for _ in range(6)]
    ids = [_hex(rng, 24) for _ in range(n)]
    docs, ad_ids = [], []
    for i in range(n):
        loc = _pick(rng, {k: v[1] for k, v in _SCRIPTS.items()})
        f = fk[loc]
        gi = _pick(rng, {"cis man": 38, "cis woman": 24, "trans woman": 10, "trans man": 7, "non-binary": 15,
                         "genderqueer": 6})
        fem = gi in ("cis woman", "trans woman") or (gi in ("non-binary", "genderqueer") and rng.random() < 0.5)
        if loc == "ja_JP":
            first = (f.first_name_female_pair() if fem else f.first_name_male_pair())[1]  # katakana
        else:
            first = f.first_name_female() if fem else f.first_name_male()
        if rng.random() < 0.08:
            first = f" {first} "
        birth = _birth(rng, 1970, 2006)
        created = _when(rng, datetime(2020, 1, 1, tzinfo=timezone.utc), 1500)
        active = _when(rng, datetime(2024, 6, 1, tzinfo=timezone.utc), 90)
        lat, lon = _near(rng, rng.choice([(52.52, 13.405), (40.4168, -3.7038), (37.5665, 126.978), (35.6762, 139.6503),
                                          (19.076, 72.8777), (-23.5505, -46.6333), (50.4501, 30.5234)]), 8000, 5)
        ad = _ifa(rng)
        ad_ids.append(ad)
        age = _age(birth, active.date())
        ph = _phone(rng, _SCRIPTS[loc][0])
        profile: dict[str, Any] = {
            "firstName": first, "birthday": birth.isoformat(), "age": age if rng.random() < 0.8 else str(age),
            "genderIdentity": gi,
            "pronouns": {"cis man": "he/him", "trans man": "he/him", "cis woman": "she/her", "trans woman": "she/her"}.get(
                gi, rng.choice(["they/them", "she/they", "he/they"])),
            "orientation": _pick(rng, {"gay": 35, "lesbian": 18, "bisexual": 20, "pansexual": 8, "queer": 10,
                                       "asexual": 4, "straight": 5}),
            "bio": rng.choice(_BIOS),
            "photos": [f"https://img.rainbowmatch.app/u/{ids[i]}/{k}.jpg" for k in range(rng.randint(1, 4))],
            "languages": rng.sample(["en", "de", "es", "ko", "ja", "uk", "el", "ar", "hi", "pt"], rng.randint(1, 3)),
            "heightCm": rng.randint(150, 200),
        }
        if rng.random() < 0.6 or i == 0:
            profile["hiv"] = {"status": _pick(rng, {"Negative": 55, "Negative, on PrEP": 25, "Positive, undetectable": 12,
                                                    "Prefer not to say": 8}),
                              "onPrep": rng.random() < 0.3}
        if rng.random() < 0.25 or i == 0:
            profile["avatar"] = "data:image/png;base64," + base64.b64encode(rng.choice(faces)).decode()
        doc: dict[str, Any] = {
            "_id": ids[i], "handle": f"{rng.choice(['sunny', 'moon', 'kiwi', 'nova', 'bear', 'pixel', 'river', 'jade'])}"
                                     f"{rng.choice(['_', '.', ''])}{rng.randint(1, 99)}",
            "profile": profile,
            "lastLocation": {"lat": lat, "lon": lon},
            "lastActive": int(active.timestamp() * 1000),
            "createdAt": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "auth": {"email": _email(rng, _ascii(first.strip()) if first.strip().isascii() else "user", _hex(rng, 3),
                                     ["gmail.com", "proton.me", "icloud.com", "naver.com", "yahoo.co.jp"]),
                     "phone": _fmt_phone(ph, rng.choice(["e164", "intl"])),
                     "passwordHash": _argon2(rng), "refreshToken": _b64url(_rbytes(rng, 48))},
            "device": {"adId": ad, "platform": "ios" if ad.isupper() else "android",
                       "appVersion": rng.choice(["5.12.0", "5.11.3", "5.10.1"])},
        }
        if rng.random() < 0.3 or i == 0:
            doc["blocked"] = rng.sample(ids, rng.randint(1, 3))
        if rng.random() < 0.35 or i == 0:
            doc["subscription"] = {"tier": rng.choice(["plus", "premium"]), "cardLast4": _digits(rng, 4),
                                   "cardBrand": rng.choice(["visa", "mastercard", "amex"])}
        if rng.random() < 0.4 or i == 0:
            fv: dict[str, Any] = {"embedding": _vec(rng, 128), "livenessScore": round(rng.uniform(0.80, 0.999), 3),
                                  "verifiedAt": _when(rng, datetime(2023, 1, 1, tzinfo=timezone.utc), 500).isoformat()}
            if rng.random() < 0.5 or i == 0:
                fv["selfie"] = base64.b64encode(rng.choice(selfies)).decode()
            if rng.random() < 0.6 or i == 0:  # a face API's DetectFaces output, as stored by the app
                low = max(18, age - rng.randint(2, 6))
                fv["faceDetail"] = {"AgeRange": {"Low": low, "High": low + rng.randint(5, 10)},
                                    "Eyeglasses": rng.random() < 0.2, "Sunglasses": rng.random() < 0.03,
                                    "Smile": rng.random() < 0.6, "EyesOpen": rng.random() < 0.95,
                                    "Emotion": _pick(rng, {"HAPPY": 50, "CALM": 35, "SURPRISED": 8, "CONFUSED": 7})}
            doc["faceVerification"] = fv
        docs.append(doc)
    labels = {
        "_id": [PID], "handle": [PID], "profile.firstName": [NAME], "profile.birthday": [BIRTH], "profile.age": [AGE],
        "profile.genderIdentity": [GENDER], "profile.pronouns": [GENDER], "profile.orientation": [SEX],
        "profile.bio": [], "profile.photos": [PHOTO], "profile.languages": [], "profile.heightCm": [],
        "profile.hiv.status": [HEALTH], "profile.hiv.onPrep": [HEALTH], "profile.avatar": [PHOTO],
        "lastLocation": [COORD], "lastActive": [TS], "createdAt": [TS],
        "auth.email": [EMAIL], "auth.phone": [PHONE], "auth.passwordHash": [SECRET], "auth.refreshToken": [SECRET],
        "device.adId": [IMX], "device.platform": [], "device.appVersion": [], "blocked": [PID],
        "subscription.tier": [], "subscription.cardLast4": [], "subscription.cardBrand": [],
        "faceVerification.embedding": [FACE_VEC], "faceVerification.livenessScore": [],
        "faceVerification.verifiedAt": [TS], "faceVerification.selfie": [PHOTO],
        "faceVerification.faceDetail.AgeRange.Low": [AGE], "faceVerification.faceDetail.AgeRange.High": [AGE],
        "faceVerification.faceDetail.Eyeglasses": [FACE_ATTR], "faceVerification.faceDetail.Sunglasses": [FACE_ATTR],
        "faceVerification.faceDetail.Smile": [FACE_ATTR], "faceVerification.faceDetail.EyesOpen": [FACE_ATTR],
        "faceVerification.faceDetail.Emotion": [FACE_ATTR],
    }
    return _finish(name, docs, labels, personal=True, persons=n), ad_ids


# --------------------------------------------------------------------------
# 14. Korean cohort survey (quasi-identifiers only)
# --------------------------------------------------------------------------

_SIGUNGU_MAIN = ["서울특별시 관악구", "서울특별시 송파구", "부산광역시 해운대구", "경기도 수원시"]
_SIGUNGU_RARE = ["서울특별시 종로구", "대구광역시 수성구", "인천광역시 남동구", "광주광역시 북구", "대전광역시 유성구",
                 "강원특별자치도 춘천시", "충청북도 청주시", "전북특별자치도 전주시", "경상남도 창원시", "제주특별자치도 제주시"]


def _gagu_josa(seed: int, scale: float) -> SyntheticCollection:
    name = "gagu_josa"
    rng = _rng(seed, name)
    n = _n(400, scale)
    docs, rows = [], []
    for i in range(n):
        year = rng.randint(1975, 1984)
        sex = rng.choice([1, 2])
        place = rng.choice(_SIGUNGU_MAIN) if rng.random() < 0.8 else rng.choice(_SIGUNGU_RARE)
        docs.append({
            "eungdap_beonho": 20230000 + i,
            "josa_ilja": _birth(rng, 2023, 2023).isoformat(),
            "chulsaeng_yeondo": year,
            "seongbyeol": sex,
            "geoju_sigungu": place,
            "gagu_wonsu": rng.randint(1, 6),
            "honin_sangtae": rng.choice(["미혼", "기혼", "기혼", "이혼", "사별"]),
            "jigeop": rng.choice(["사무직", "전문직", "서비스직", "판매직", "생산직", "무직", "자영업"]),
            "wol_sodeuk_manwon": rng.randrange(150, 900, 10),
            "janghae_yeobu": "있음" if rng.random() < 0.07 else "없음",
            "heubyeon": _pick(rng, {"비흡연": 60, "흡연": 22, "과거흡연": 18}),
            "jonggyo": _pick(rng, {"없음": 52, "개신교": 20, "불교": 16, "천주교": 11, "기타": 1}),
        })
        rows.append((year, sex, place))
    labels = {
        "eungdap_beonho": [], "josa_ilja": [TS], "chulsaeng_yeondo": [BIRTH], "seongbyeol": [GENDER],
        "geoju_sigungu": [ADDR], "gagu_wonsu": [], "honin_sangtae": [], "jigeop": [], "wol_sodeuk_manwon": [],
        "janghae_yeobu": [HEALTH], "heubyeon": [HEALTH], "jonggyo": [REL],
    }
    reid = {"quasi_identifiers": ["chulsaeng_yeondo", "seongbyeol", "geoju_sigungu"], "k": 5,
            "share_below_k": round(share_below_k(rows, 5), 4)}
    return _finish(name, docs, labels, personal=True, persons=n, reidentification=reid)


# --------------------------------------------------------------------------
# 15. Decoy: weather station network
# --------------------------------------------------------------------------

_WX = [("06260", "De Bilt", 52.1009, 5.1797, 2), ("06240", "Amsterdam Schiphol", 52.3156, 4.7903, -3),
       ("06330", "Hoek van Holland", 51.9925, 4.1219, 11), ("06280", "Groningen Eelde", 53.1236, 6.5847, 5),
       ("10962", "Zugspitze", 47.4211, 10.9850, 2956), ("10453", "Brocken", 51.7986, 10.6183, 1134),
       ("10578", "Fichtelberg", 50.4283, 12.9542, 1213), ("10962x", "Hohenpeißenberg", 47.8009, 11.0108, 977),
       ("10427", "Kahler Asten", 51.1803, 8.4891, 839), ("10091", "Arkona", 54.6792, 13.4343, 42),
       ("06680", "Säntis", 47.2494, 9.3434, 2502), ("11035", "Wien Hohe Warte", 48.2486, 16.3564, 198),
       ("07149", "Paris-Montsouris", 48.8217, 2.3378, 75), ("08221", "Madrid Barajas", 40.4667, -3.5556, 609),
       ("16242", "Roma Urbe", 41.9522, 12.4989, 24), ("12375", "Warszawa Okęcie", 52.1628, 20.9611, 106),
       ("02485", "Stockholm Bromma", 59.3537, 17.9513, 14), ("03772", "London Heathrow", 51.4780, -0.4610, 25),
       ("06447", "Uccle", 50.7967, 4.3581, 100), ("10384", "Berlin-Tempelhof", 52.4675, 13.4021, 48)]


def _mac_notation(raw: bytes, k: int) -> str:
    h = raw.hex()
    if k == 0:
        return ":".join(h[i:i + 2] for i in range(0, 12, 2)).upper()
    if k == 1:
        return "-".join(h[i:i + 2] for i in range(0, 12, 2))
    if k == 2:
        return ".".join(h[i:i + 4] for i in range(0, 12, 4))
    return h.upper()


def _weather_stations(seed: int, scale: float) -> SyntheticCollection:
    name = "weather_stations"
    rng = _rng(seed, name)
    per = _n(20, scale, 1)
    stations = []
    for wmo, sname, lat, lon, elev in _WX:
        raw = bytes([0x00, 0x1E, 0xC0]) + _rbytes(rng, 3)
        stations.append({"wmo": wmo, "name": sname, "lat": lat, "lon": lon, "elev": elev, "mac": raw,
                         "ip": f"10.{rng.randint(20, 40)}.{rng.randint(0, 255)}.{rng.randint(2, 250)}",
                         "installed": _birth(rng, 2012, 2022).isoformat(), "fw": rng.choice(["2.4.1", "2.4.0", "3.0.0-rc.2"]),
                         "commit": _hex(rng, 40), "pw": "".join(rng.choice(string.ascii_letters + string.digits + "#!%")
                                                                for _ in range(14)) if rng.random() < 0.35 else None})
    stations[0]["pw"] = stations[0]["pw"] or "Wx#" + _hex(rng, 10)
    docs = []
    for k in range(per):
        t = datetime(2024, 3, 1, tzinfo=timezone.utc) + timedelta(hours=6 * k)
        for st in stations:
            doc: dict[str, Any] = {
                "station": {"wmo": st["wmo"], "name": st["name"], "lat": st["lat"], "lon": st["lon"],
                            "elev_m": st["elev"], "installed": st["installed"]},
                "gw": {"mac": _mac_notation(st["mac"], rng.randrange(4)), "ip": st["ip"], "fw": st["fw"],
                       "cfg_commit": st["commit"]},
                "obs_time": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "t2m_c": round(rng.uniform(-12, 24), 1), "rh_pct": rng.randint(30, 100),
                "p_hpa": round(rng.uniform(960, 1040), 1), "precip_mm": round(max(0.0, rng.gauss(0.3, 1.2)), 1),
                "wind_uv": [round(rng.gauss(0, 4), 2), round(rng.gauss(0, 4), 2)],
                "mast_accel_g": [round(rng.gauss(0, 0.02), 4), round(rng.gauss(0, 0.02), 4), round(1 + rng.gauss(0, 0.01), 4)],
                "rain_mfcc": [round(rng.gauss(0, 10 if j == 0 else 3), 3) for j in range(13)],
                "qc": rng.choice(["OK", "OK", "OK", "SUSPECT"]),
            }
            if st["pw"]:
                doc["gw"]["mqtt_pass"] = st["pw"]
            docs.append(doc)
    labels = {
        "station.wmo": [], "station.name": [PLACE], "station.lat": [COORD], "station.lon": [COORD],
        "station.elev_m": [], "station.installed": [TS], "gw.mac": [MAC], "gw.ip": [IP], "gw.fw": [],
        "gw.cfg_commit": [], "gw.mqtt_pass": [SECRET], "obs_time": [TS], "t2m_c": [], "rh_pct": [], "p_hpa": [],
        "precip_mm": [], "wind_uv": [], "mast_accel_g": [], "rain_mfcc": [], "qc": [],
    }
    return _finish(name, docs, labels, personal=False)


# --------------------------------------------------------------------------
# 16. Decoy: warehouse shipments
# --------------------------------------------------------------------------

_DEPOTS = [("Venlo DC", (51.3704, 6.1724)), ("Duisburg Hub", (51.4344, 6.7623)), ("Bratislava DC", (48.1486, 17.1077)),
           ("Poznań Fulfilment", (52.4064, 16.9252)), ("Lyon Saint-Exupéry XD", (45.7256, 5.0811)),
           ("Zaragoza PLAZA", (41.6488, -0.8891)), ("Milano Nord DC", (45.5845, 9.2744)), ("Tilburg Cross-dock", (51.5555, 5.0913))]
_PRODUCTS = ["INGRID desk lamp", "HENRIK chair, black", "BILLY-style bookcase 80x28", "Anna 3-seat sofa, grey",
             "Lars shelving unit", "Ergonomic steel chair", "Nordic oak table 160", "LED strip 5 m warm white",
             "Cordless drill 18V", "Espresso machine Duo", "Marta bath towel set", "Oskar kids bunk bed"]
_COMPANIES = ["Schmidt & Söhne GmbH", "Jan de Vries Transport B.V.", "Maison Dubois SARL", "Kowalski i Wspólnicy Sp. z o.o.",
              "García Hermanos S.L.", "Rossi Arredamenti S.r.l."]


def _tracking(rng: random.Random, carrier: str) -> str:
    if carrier == "UPS":
        return "1Z" + "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + _digits(rng, 10)
    if carrier == "DHL":
        return _digits(rng, 10)
    if carrier == "DPD":
        return "0" + _digits(rng, 13)
    return _digits(rng, 11)


def _warehouse_shipments(seed: int, scale: float) -> SyntheticCollection:
    name = "warehouse_shipments"
    rng = _rng(seed, name)
    fde = _faker("de_DE", rng)
    n = _n(300, scale)
    catalogue = [{"sku": f"{p.split()[0][:3].upper()}-{rng.randint(1000, 9999)}-{rng.choice(['BLK', 'WHT', 'GRY', 'OAK'])}",
                  "ean": _ean(rng, rng.choice(["40", "87", "590", "80", "84"])), "name": p,
                  "colour": "#" + _hex(rng, 6).upper(),
                  "dims": [rng.randint(10, 200), rng.randint(10, 120), rng.randint(5, 90)]} for p in _PRODUCTS]
    consignees = [{"name": c, "street": fde.street_address(), "city": rng.choice(["Köln", "Utrecht", "Lille", "Łódź",
                                                                                   "Valencia", "Torino"])}
                  for c in _COMPANIES]
    docs = []
    for i in range(n):
        o, d = rng.sample(range(len(_DEPOTS)), 2)
        created = _when(rng, datetime(2024, 1, 1, tzinfo=timezone.utc), 250)
        carrier = rng.choice(["UPS", "DHL", "DPD", "GLS"])
        events, t = [], created
        for code, dep in (("PU", o), ("AR", rng.choice([o, d])), ("DP", d), ("DL", d)):
            t = t + timedelta(hours=rng.randint(2, 30))
            events.append({"ts": t.isoformat(timespec="seconds"), "facility": _DEPOTS[dep][0], "code": code})
        lines = []
        for c in rng.sample(catalogue, rng.randint(1, 4)):
            lines.append({"sku": c["sku"], "ean": c["ean"], "name": c["name"], "colour": c["colour"],
                          "qty": rng.randint(1, 40), "dims_cm": c["dims"],
                          "pick_bbox": [rng.randint(0, 600), rng.randint(0, 400), rng.randint(40, 300), rng.randint(40, 300)]})
        order_no = rng.randint(100_000_000, 999_999_999)
        doc: dict[str, Any] = {
            "shipment_no": f"SHP24-{i + 1:07d}",
            "order_no": order_no if rng.random() < 0.7 else str(order_no),
            "tracking": {"carrier": carrier, "number": _tracking(rng, carrier)},
            "hu_ids": [_luhn_number(rng, "00", 16) for _ in range(rng.randint(1, 3))],
            "sscc": _ean(rng, "0" + rng.choice(["40", "87", "590"]), 18),
            "origin": {"depot": _DEPOTS[o][0], "geo": {"lat": _DEPOTS[o][1][0], "lon": _DEPOTS[o][1][1]}},
            "destination": {"depot": _DEPOTS[d][0], "geo": {"lat": _DEPOTS[d][1][0], "lon": _DEPOTS[d][1][1]}},
            "consignee": dict(rng.choice(consignees)),
            "events": events, "lines": lines,
            "created_at": int(created.timestamp()),
            "wms_release": rng.choice(["2024.3.12", "2024.1.30", "2023.11.7"]),
            "seal_no": _digits(rng, 9),
        }
        if rng.random() < 0.2 or i == 0:
            doc["reefer_temps_c"] = [round(rng.uniform(2, 8), 1) for _ in range(12)]
        docs.append(doc)
    labels = {
        "shipment_no": [], "order_no": [], "tracking.carrier": [], "tracking.number": [], "hu_ids": [], "sscc": [],
        "origin.depot": [PLACE], "origin.geo": [COORD], "destination.depot": [PLACE], "destination.geo": [COORD],
        "consignee.name": [], "consignee.street": [PLACE], "consignee.city": [PLACE],
        "events.ts": [TS], "events.facility": [PLACE], "events.code": [],
        "lines.sku": [], "lines.ean": [], "lines.name": [], "lines.colour": [], "lines.qty": [], "lines.dims_cm": [],
        "lines.pick_bbox": [], "created_at": [TS], "wms_release": [], "seal_no": [], "reefer_temps_c": [],
    }
    return _finish(name, docs, labels, personal=False)


# --------------------------------------------------------------------------
# the corpus
# --------------------------------------------------------------------------


def generate_heldout(seed: int = 99, scale: float = 1.0) -> SyntheticStore:
    """The held-out corpus: 16 collections with their ground truth (deterministic per seed and scale)."""
    dating, ad_ids = _rainbowmatch_users(seed, scale)
    link_rng = _rng(seed, "link")
    shared = [a for a in ad_ids if link_rng.random() < 0.45]
    bids = _bid_requests(seed, scale, shared)
    collections = [
        _ospiti_albergo(seed, scale),
        _pacjenci_wizyty(seed, scale),
        _hr_anstallda(seed, scale),
        _sendika_uyelik_log(seed, scale),
        _kaiin_pointo(seed, scale),
        _padron_bienestar(seed, scale),
        _rx_fills(seed, scale),
        _stop_search(seed, scale),
        _bikeshare_trips(seed, scale),
        _cdr_voice(seed, scale),
        bids,
        _enoria_melh(seed, scale),
        dating,
        _gagu_josa(seed, scale),
        _weather_stations(seed, scale),
        _warehouse_shipments(seed, scale),
    ]
    in_bids = {d["device"]["ifa"] for d in bids.documents}
    in_dating = {d["device"]["adId"] for d in dating.documents}
    links = [{"collections": ["rainbowmatch_users", "bid_requests"], "fields": ["device.adId", "device.ifa"],
              "key_category": IMX, "shared_keys": len(in_bids & in_dating)}]
    return SyntheticStore(collections=collections, seed=seed, links=links, scale=scale)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write the held-out evaluation corpus (ndjson + labels.json).")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=99)
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args(argv)
    store = generate_heldout(args.seed, args.scale)
    write_dump(store, args.outdir, generator=GENERATOR)
    total = sum(len(c.documents) for c in store.collections)
    print(f"wrote {len(store.collections)} collections, {total} documents to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
