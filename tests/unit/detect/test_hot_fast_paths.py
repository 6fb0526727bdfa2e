"""The fast paths of the per-value checks a ``--full`` scan runs most give the plain answers.

Each reference below is the former code of a check (the library call, the
general pattern, the step-by-step loop), and the check with its fast path must
agree with it on generated values: well-formed ones, near misses and junk
(empty and huge strings, NaN and infinities, bools, nested lists, non-ASCII
digits, other white space).
"""

from __future__ import annotations

import base64
import binascii
import math
import random
import re
import string
from datetime import date, timedelta

import numpy as np
import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban

from detect_helpers import mutations, reference_parse
from leakwarden.detect.base import as_text, compact
from leakwarden.detect.lexicon import has_cjk
from leakwarden.detect.values import contact, financial, govid, media, places
from leakwarden.detect.values import time as dt

SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: digits of other scripts, other white space and look-alikes
ODD = "１２３٣٤۵०३৫๓\u00a0\u2003\t\n\u200b－＋ｘ"


# ---------------------------------------------------------------- phone.e164


def reference_plus_number(text: str) -> bool:
    """What _valid_plus_number stands for: the library's parse and validation."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, None))
    except Exception:  # noqa: BLE001 - parse raises NumberParseException (and asserts)
        return False


def reference_e164(value) -> bool:
    """InternationalPhoneDetector.match before the fast path, with the library's own validation."""
    det = contact.InternationalPhoneDetector()
    if not det.prefilter(value):
        return False
    t = value.strip()
    if contact._PHONE_CHARS.fullmatch(t) is None:
        return False
    if t.startswith("00"):
        t = "+" + t[2:]
    return reference_plus_number(t)


def _example_numbers() -> list[phonenumbers.PhoneNumber]:
    out = []
    kinds = [getattr(phonenumbers.PhoneNumberType, n) for n in ("FIXED_LINE", "MOBILE", "TOLL_FREE", "PREMIUM_RATE", "SHARED_COST",
                                                               "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN", "VOICEMAIL")]
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in kinds:
            n = phonenumbers.example_number_for_type(region, kind)
            if n is not None:
                out.append(n)
    for code in sorted(phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS):
        n = phonenumbers.example_number_for_non_geo_entity(code)
        if n is not None:
            out.append(n)
    return out


EXAMPLES = _example_numbers()


def _check_plus(text: str) -> bool:
    """The fast path agrees with the library (or declines); True when it answered."""
    fast = contact._valid_plus_number(text)
    if fast is not None:
        assert fast == reference_plus_number(text), text
    return fast is not None


def test_plus_numbers_of_every_region_with_separators_prefixes_and_edits():
    """Every example number, written with separators, with its national prefix after the code, and edited."""
    rng = random.Random(17)
    answered = valid = 0
    for number in EXAMPLES:
        code, nsn = number.country_code, phonenumbers.national_significant_number(number)
        region = phonenumbers.region_code_for_country_code(code)
        metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(code, region)
        prefix = (metadata.national_prefix or "") if metadata is not None else ""
        texts = [
            f"+{code}{nsn}",
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
            f"+{code} ({prefix}) {nsn}",
            f"+{code}{prefix}{nsn}",
            f"+{code}-{nsn[:3]}.{nsn[3:]}-",
            f"+{code} {nsn}  ",
            f"+{code}{nsn}{rng.choice(string.digits)}",
            f"+{code}{nsn[:-1]}",
        ]
        texts += [f"+{code}{m}" for m in mutations(nsn, rng, string.digits, 6)]
        texts += mutations(texts[1], rng, string.digits + " -().+x#" + ODD, 4)
        for text in texts:
            if _check_plus(text):
                answered += 1
                valid += contact._valid_plus_number(text)
    assert answered > 10000 and valid > 3000


@SETTINGS
@given(st.one_of(
    st.text(alphabet="0123456789 -().", max_size=30).map(lambda s: "+" + s),
    st.from_regex(r"\+[1-9][0-9]{0,2}[ (]?0?[0-9]{1,4}[) \-.]?[0-9]{2,12}", fullmatch=True),
    st.text(alphabet="0123456789 -().+" + ODD, max_size=30),
    st.text(max_size=40),
    st.sampled_from(["", "+", "++49 176 3930406", "+0049 176 3930406", "+49 176 3930406 ext 5", "+49 176 3930406#",
                     "+49 176 3930406;ext=12", "+1 800 FLOWERS", "+49\t176 3930406", "+４９ １７６ ３９３０４０６",
                     "+49 176 ٣٩٣٠٤٠٦", "+" + "1" * 300, "+(((((1", "+1", "+12", "+123", "+999 123456"]),
))
def test_plus_number_fast_path_is_the_library(text):
    _check_plus(text)


def test_plus_number_fast_path_declines_other_text():
    for text in ["+49 176 ٣٩٣٠٤٠٦", "+４９ １７６ ３９３０４０６", "+49\t176 3930406", "+49 176 3930406 x5", "++49 1763930406",
                 "0049 176 3930406", "", "+", "+" + "1" * 300]:
        assert contact._valid_plus_number(text) is None, text
    assert contact._valid_plus_number("+49 176 3930406") is True
    assert contact._valid_plus_number("+49 176 39304") is False


@SETTINGS
@given(st.one_of(
    st.from_regex(contact._PHONE_CHARS, fullmatch=True),
    st.text(alphabet="+0123456789 -()." + ODD, min_size=6, max_size=34),
    st.sampled_from(EXAMPLES).map(lambda n: phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.INTERNATIONAL)),
    st.sampled_from(EXAMPLES).map(lambda n: "00" + phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164)[1:]),
    st.integers(), st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=3), st.text(max_size=5000),
))
def test_international_phone_detector_is_the_library(value):
    assert contact.InternationalPhoneDetector().match(value) == reference_e164(value), value


def reference_national_number(text: str, region: str) -> bool:
    """What _valid_national_number stands for: the library's parse and validation."""
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(text, region))
    except Exception:  # noqa: BLE001 - parse raises NumberParseException (and asserts)
        return False


def _check_national(text: str, region: str) -> bool:
    """The fast path agrees with the library (or declines); True when it answered."""
    fast = contact._valid_national_number(text, region)
    if fast is not None:
        assert fast == reference_national_number(text, region), (text, region)
    return fast is not None


def _national_texts(number: phonenumbers.PhoneNumber, rng: random.Random) -> list[str]:
    """A number written as people write it at home and abroad: with prefixes, separators, edits."""
    code, nsn = str(number.country_code), phonenumbers.national_significant_number(number)
    region = phonenumbers.region_code_for_country_code(number.country_code)
    metadata = phonenumbers.PhoneMetadata.metadata_for_region_or_calling_code(number.country_code, region)
    prefix = (metadata.national_prefix or "") if metadata is not None else ""
    texts = [nsn, prefix + nsn, code + nsn, code + prefix + nsn, "00" + code + nsn, "011" + code + nsn, "0" + nsn, "1" + nsn,
             "8" + nsn, "810" + code + nsn, "0000" + nsn, nsn[:-1], nsn + "5",
             phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL),
             phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL).lstrip("+"),
             f"({nsn[:3]}) {nsn[3:]}", f"{nsn[:2]}-{nsn[2:]}-", f" {nsn[:4]}.{nsn[4:]} "]
    texts += mutations(nsn, rng, string.digits, 4)
    texts += mutations(texts[13], rng, string.digits + " -().+x#" + ODD, 3)
    return texts


#: the regions a field is checked under most (DEFAULT_REGIONS) and a spread of others
NATIONAL_REGIONS = sorted(set(contact.DEFAULT_REGIONS) | set(sorted(phonenumbers.SUPPORTED_REGIONS)[::7]))


def test_national_numbers_of_every_region_under_several_regions():
    """Every example number, written the national and the international way, edited, read under many regions."""
    rng = random.Random(23)
    answered = valid = 0
    for number in EXAMPLES:
        texts = _national_texts(number, rng)
        own = phonenumbers.region_code_for_country_code(number.country_code)
        for region in {own, *rng.sample(NATIONAL_REGIONS, 4)}:
            for text in texts:
                if _check_national(text, region):
                    answered += 1
                    valid += contact._valid_national_number(text, region)
    assert answered > 20000 and valid > 1500


@SETTINGS
@given(st.one_of(
    st.text(alphabet="0123456789 -().", max_size=30),
    st.from_regex(r"\(?0?[1-9][0-9]{1,3}\)?[ \-.]?[0-9]{3,4}[ \-.]?[0-9]{3,5}", fullmatch=True),
    st.text(alphabet="0123456789 -().+" + ODD, max_size=30),
    st.text(max_size=40),
    st.sampled_from(["", "1", "12", "1 2", "12 ", "123", "00", "000", "0000000", "(((123)))", "1.2.3", "030 1234567 ext 5",
                     "030 1234567#", "030 1234567;ext=12", "１３８ ００１３ ８０００", "١٣٨٠٠١٣٨٠٠٠", "1" * 300, "0049 30 1234567",
                     "0086 138 0013 8000", "011 44 20 7946 0958", "86 138 0013 8000", "13800138000"]),
), st.sampled_from([*NATIONAL_REGIONS, "cn", "XX", "001", "", "ZZ"]))
def test_national_number_fast_path_is_the_library(text, region):
    _check_national(text, region)


def test_national_number_fast_path_declines_other_text_and_regions():
    for text, region in [("１３８ ００１３ ８０００", "CN"), ("030\t1234567", "DE"), ("+49 30 1234567", "DE"), ("1 2", "DE"),
                         ("12", "DE"), ("030 1234567", "de"), ("030 1234567", "XX"), ("030 1234567 x5", "DE"), ("1" * 300, "DE")]:
        assert contact._valid_national_number(text, region) is None, (text, region)
    assert contact._valid_national_number("030 1234567", "DE") is True
    assert contact._valid_national_number("138 0013 8000", "CN") is True
    assert contact._valid_national_number("138 0013 800", "CN") is False


def reference_national(value, regions: tuple[str, ...]) -> bool:
    """NationalPhoneDetector.match before the fast path, with the library's own validation."""
    det = contact.NationalPhoneDetector()
    if not det.prefilter(value):
        return False
    t = as_text(value, 32)
    return any(reference_national_number(t, region) for region in regions)


@SETTINGS
@given(st.one_of(
    st.from_regex(contact._PHONE_CHARS, fullmatch=True),
    st.text(alphabet="0123456789 -()." + ODD, min_size=6, max_size=26),
    st.sampled_from(EXAMPLES).map(lambda n: phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.NATIONAL)),
    st.sampled_from(EXAMPLES).map(lambda n: phonenumbers.national_significant_number(n)),
    st.integers(min_value=-10**16, max_value=10**16), st.floats(), st.booleans(), st.none(), st.lists(st.integers(), max_size=3),
    st.text(max_size=300),
), st.lists(st.sampled_from([*contact.DEFAULT_REGIONS, "AU", "MX", "cn", "XX"]), min_size=1, max_size=3).map(tuple))
def test_national_phone_detector_is_the_library(value, regions):
    assert contact.NationalPhoneDetector().match(value, regions) == reference_national(value, regions), (value, regions)


# ---------------------------------------------------------------- bank.iban


def reference_iban(text: str) -> bool:
    try:
        return bool(stdnum_iban.is_valid(text))
    except Exception:  # noqa: BLE001 - the detector treats any raise as "not valid"
        return False


_STRUCT = re.compile(r"([1-9][0-9]*)!([nac])")
_CLASS_CHARS = {"n": string.digits, "a": string.ascii_uppercase, "c": string.digits + string.ascii_uppercase}


def _random_iban(rng: random.Random) -> str:
    """A number of a random registry country: random BBAN of its structure, right check digits."""
    entry = rng.choice(financial.stdnum_fast.load("iban")._ibandb.prefixes)
    country, props = entry[1], entry[3]
    bban = "".join(rng.choice(_CLASS_CHARS[kind]) for n, kind in _STRUCT.findall(props.get("bban", "")) for _ in range(int(n)))
    return country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban


def _ibans(rng: random.Random) -> list[str]:
    text = _random_iban(rng)
    out = [text, text.lower(), " ".join(text[i:i + 4] for i in range(0, len(text), 4)), text[:2] + "00" + text[4:]]
    out += mutations(text, rng, string.digits + string.ascii_uppercase, 4)
    out += mutations(text, rng, " -./" + ODD + "ÄÖ", 3)
    return out


def test_iban_fast_path_on_every_country():
    rng = random.Random(23)
    valid = 0
    for _ in range(4000):
        for text in _ibans(rng):
            expected = reference_iban(text)
            assert financial.iban_is_valid(text) == expected, text
            valid += expected
    # well-known numbers, through the national modules too (BE, ES, ME, NO)
    for text in ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "BE68539007547034", "ES9121000418450200051332",
                 "ME25505000012345678951", "NO9386011117947", "NL91ABNA0417164300", "ES9121000418450200051333"]:
        assert financial.iban_is_valid(text) == reference_iban(text), text
    assert valid > 4000


@SETTINGS
@given(st.one_of(
    st.randoms(use_true_random=False).map(_random_iban),
    st.from_regex(r"[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}", fullmatch=True),
    st.text(alphabet=string.ascii_uppercase + string.digits + " -." + ODD, max_size=40),
    st.text(max_size=60),
    st.sampled_from(["", "DE", "DE89", "DE893", "XX89370400440532013000", "de89370400440532013000", "DE89 3704 0044 0532 0130 00",
                     "DE８９370400440532013000", "DE89370400440532013000" * 20]),
))
def test_iban_fast_path_is_stdnum(text):
    assert financial.iban_is_valid(text) == reference_iban(text), text


@SETTINGS
@given(st.one_of(st.randoms(use_true_random=False).map(_random_iban), st.text(max_size=40), st.integers(),
                 st.floats(), st.booleans(), st.lists(st.text(max_size=3), max_size=2)))
def test_iban_detector_is_the_pattern_and_stdnum(value):
    det = financial.IbanDetector()
    t = as_text(value, det.max_len * 2)
    expected = False
    if t is not None:
        t = compact(t)
        expected = det.min_len <= len(t) <= det.max_len and det.pattern.fullmatch(t) is not None and reference_iban(t)
    assert det.match(value) == expected, value


# ---------------------------------------------------------------- id.cn_ric


def reference_cn_ric(text: str) -> bool:
    """is_cn_ric as it was: a Python loop over the code points, date.today() every time."""
    if len(text) != 18 or govid._RIC_RE.fullmatch(text) is None:
        return False
    s = 0
    for i in range(17):
        s += (ord(text[i]) - 48) * govid._RIC_W[i]
    if govid._RIC_C[s % 11] != text[17].upper():
        return False
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    return date(1890, 1, 1) <= born <= date.today()


def _ric(rng: random.Random, born: date | None = None) -> str:
    if born is None:
        born = date(1880, 1, 1) + timedelta(days=rng.randrange(150 * 366))
    head = f"{rng.randrange(100000, 999999)}{born:%Y%m%d}{rng.randrange(1000):03d}"
    s = sum(int(c) * w for c, w in zip(head, govid._RIC_W))
    check = govid._RIC_C[s % 11] if rng.random() < 0.8 else rng.choice("0123456789Xx")
    return head + (check.lower() if rng.random() < 0.2 else check)


def test_cn_ric_around_the_date_bounds_and_today():
    rng = random.Random(29)
    today = date.today()
    days = [date(1889, 12, 31), date(1890, 1, 1), date(1890, 1, 2), today - timedelta(days=1), today, today + timedelta(days=1),
            today + timedelta(days=400), date(2099, 12, 31)]
    for _ in range(3):  # the remembered day is set by then
        for born in days:
            for _ in range(20):
                text = _ric(rng, born)
                assert govid.is_cn_ric(text) == reference_cn_ric(text), text


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_cn_ric_is_the_plain_loop(rng):
    text = _ric(rng)
    for t in [text, *mutations(text, rng, string.digits + "Xx" + ODD, 8), text.replace("1", "١"), text[:17] + "Ⅹ"]:
        assert govid.is_cn_ric(t) == reference_cn_ric(t), t
        det = govid.CnRicDetector()
        v = as_text(t, 36)
        assert det.match(t) == (v is not None and reference_cn_ric(v)), t


@SETTINGS
@given(st.one_of(st.text(alphabet=string.digits + "Xx" + ODD, min_size=17, max_size=19), st.text(max_size=40),
                 st.integers(), st.floats(), st.booleans(), st.none()))
def test_cn_ric_detector_on_junk(value):
    v = as_text(value, 36)
    assert govid.CnRicDetector().match(value) == (v is not None and reference_cn_ric(v)), value


# ---------------------------------------------------------------- vectors


def reference_float_array(value) -> bool:
    """FloatArrayDetector.match as it was: a set of the element types picks the branch."""
    if not media.FloatArrayDetector().prefilter(value):
        return False
    if set(map(type, value)) <= {int, float}:
        try:
            a = np.array(value, dtype=np.float64)
        except OverflowError:
            return False
        return media._embedding_like_array(np, a)
    xs = media.float_list(value)
    return xs is not None and media.embedding_like(xs)


def _vectors(seed: random.Random) -> list[list]:
    rng = random.Random(seed.randrange(2**32))  # hypothesis' Random draws extreme floats from gauss()
    n = rng.choice([63, 64, 65, 128, 512, 2048, 2049])
    base = [rng.gauss(0, rng.choice([0.05, 1.0, 400.0])) for _ in range(n)]
    smooth = [math.sin(i / 10) for i in range(n)]
    out = [base, smooth, [float(round(x)) for x in base], [round(x, 1) for x in base]]
    for odd in [math.nan, math.inf, -math.inf, 1000.0, 1000.5, True, False, 0, 7, 10**400, "0.5", "x", None, [0.5], np.float64(0.25),
                np.float32(0.5), 1.0]:
        v = list(base)
        v[rng.randrange(n)] = odd
        out.append(v)
    out.append([int(x * 100) for x in base])
    out.append([bool(x > 0) for x in base])
    out.append([str(x) for x in base])
    out.append([np.float64(x) for x in base])
    out.append([0.0] * n)
    return out


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_float_array_is_the_type_set_branch(rng):
    for v in _vectors(rng):
        assert media.FloatArrayDetector().match(v) == reference_float_array(v)


@SETTINGS
@given(st.one_of(st.lists(st.floats(), min_size=64, max_size=80), st.lists(st.floats(-1, 1), min_size=64, max_size=70),
                 st.lists(st.one_of(st.floats(-1, 1), st.integers(-3, 3), st.booleans()), min_size=64, max_size=70),
                 st.lists(st.floats(-1, 1), max_size=63), st.text(max_size=10), st.integers(), st.none()))
def test_float_array_on_generated_lists(value):
    assert media.FloatArrayDetector().match(value) == reference_float_array(value)


@SETTINGS
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True), min_size=64, max_size=300))
def test_fromiter_stores_the_doubles_np_array_does(xs):
    assert np.fromiter(xs, np.float64, len(xs)).tobytes() == np.array(xs, dtype=np.float64).tobytes()


def reference_float_text(value) -> bool:
    """FloatTextDetector.match as it was: the general pattern and split only."""
    det = media.FloatTextDetector()
    if not det.prefilter(value) or media._FLOAT_LIST.fullmatch(value) is None:
        return False
    parts = value.strip().strip("[]").translate(media._SEPARATORS_TO_SPACE).split()
    try:
        return media._embedding_like_array(np, np.fromiter(map(float, parts), np.float64, len(parts)))
    except ValueError:
        return False


@SETTINGS
@given(st.randoms(use_true_random=False), st.sampled_from([",", ", ", ";", " "]), st.sampled_from(["", "[", "[["]),
       st.sampled_from(["", "]", "]]", " ", ","]))
def test_float_text_plain_layout_is_the_general_pattern(seed, sep, head, tail):
    rng = random.Random(seed.randrange(2**32))
    n = rng.choice([62, 63, 64, 65, 128, 700, 2047, 2048, 2049])
    xs = [rng.gauss(0, rng.choice([0.05, 1.0])) for _ in range(n)]
    text = head + sep.join(rng.choice([f"{x:.4f}", f"{x:.1f}", repr(x), str(round(x)), f"{x:e}"]) for x in xs) + tail
    for t in [text, *mutations(text, rng, "0123456789,;. -e[]١\u00a0", 5)]:
        if media._PLAIN_FLOAT_LIST.fullmatch(t) is not None:
            assert media._FLOAT_LIST.fullmatch(t) is not None, t
        assert media.FloatTextDetector().match(t) == reference_float_text(t), t


@SETTINGS
@given(st.one_of(st.text(alphabet="0123456789.,-[] ", min_size=120, max_size=700), st.text(max_size=300),
                 st.just("[" + ",".join(["0.5"] * 64) + "]"), st.just(",".join(["-0.25", "0.75"] * 40))))
def test_float_text_on_junk(text):
    if media._PLAIN_FLOAT_LIST.fullmatch(text) is not None:
        assert media._FLOAT_LIST.fullmatch(text) is not None, text
    assert media.FloatTextDetector().match(text) == reference_float_text(text), text


def reference_float32_bytes(text: str) -> bytes | None:
    """_float32_bytes as it was: the alphabet pattern first, then the decoder."""
    n = len(text)
    if n < 340 or n > 11000:
        return None
    if media._B64.fullmatch(text) is None:
        return None
    try:
        if "-" in text or "_" in text:
            raw = base64.urlsafe_b64decode(text + "=" * (-n % 4))
        else:
            raw = base64.b64decode(text + "=" * (-n % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) % 4 or not (media.MIN_DIMS <= len(raw) // 4 <= media.MAX_DIMS):
        return None
    return raw


def _base64_variants(text: str, rng: random.Random) -> list[str]:
    """Base64 text with its padding, alphabet and layout broken in the ways a strict decoder must notice."""
    body = text.rstrip("=")
    out = [text, body, body + "=", body + "==", body + "===", "=" + body, body[:-1], body[:-2], body[:-3],
           body[:100] + "=" + body[100:], body[:100] + "==" + body[101:], body[:-4] + "=" + body[-3:], body + "=A",
           body[:50] + " " + body[50:], body[:50] + "\n" + body[50:], body[:50] + "-" + body[51:], body[:50] + "+-" + body[52:],
           body[:60] + "é" + body[61:], body[:60] + "١" + body[61:], body.replace("+", "-").replace("/", "_"), body + "\x00"]
    out += mutations(body, rng, string.ascii_letters + "+/=-_ .\n", 6)
    return out


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_float32_bytes_without_the_pattern_first_is_the_same(seed):
    rng = random.Random(seed.randrange(2**32))
    raw = bytes(rng.randrange(256) for _ in range(rng.choice([252, 256, 257, 258, 259, 512, 1024, 1027])))
    for text in _base64_variants(base64.b64encode(raw).decode(), rng):
        assert media._float32_bytes(text) == reference_float32_bytes(text), text


def reference_float32_base64(value) -> bool:
    """Float32Base64Detector.match as it was: decode, then the whole embedding check."""
    det = media.Float32Base64Detector()
    if not det.prefilter(value):
        return False
    raw = reference_float32_bytes(value.strip())
    if raw is None:
        return False
    with np.errstate(all="ignore"):
        for dtype in ("<f4", ">f4"):
            a = np.frombuffer(raw, dtype=dtype).astype(np.float64)
            if np.abs(a).max() <= 1000.0:
                norm = math.sqrt(float(a @ a))
                if 0.01 <= norm <= 10000.0:
                    return media._embedding_like_array(np, a)
    return False


@SETTINGS
@given(st.randoms(use_true_random=False))
def test_float32_base64_is_decode_then_check(seed):
    rng = random.Random(seed.randrange(2**32))
    n = rng.choice([63, 64, 128, 512, 2048, 2049])
    a = np.array([rng.gauss(0, rng.choice([1e-5, 0.05, 1.0, 300.0])) for _ in range(n)], dtype=rng.choice(["<f4", ">f4"]))
    if rng.random() < 0.2:
        a[rng.randrange(n)] = rng.choice([np.nan, np.inf, 5000.0, 0.0])
    if rng.random() < 0.1:
        a[:] = np.round(a)
    raw = a.tobytes()
    for text in [base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode().rstrip("="),
                 base64.b64encode(raw).decode()[:-5], " " + base64.b64encode(raw).decode() + "\n"]:
        assert media.Float32Base64Detector().match(text) == reference_float32_base64(text)


@SETTINGS
@given(st.one_of(st.text(alphabet=string.ascii_letters + string.digits + "+/=-_", min_size=330, max_size=1200),
                 st.binary(min_size=256, max_size=1024).map(lambda b: base64.b64encode(b).decode()), st.text(max_size=400),
                 st.integers(), st.none()))
def test_float32_base64_on_junk(value):
    assert media.Float32Base64Detector().match(value) == reference_float32_base64(value)


@pytest.mark.parametrize("seed", range(10))
def test_embedding_check_with_a_given_square_sum(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(0, 0.1, size=64 + 50 * seed)
    if seed % 3 == 0:
        a = np.sin(np.arange(a.size) / 10.0)
    assert media._embedding_like_array(np, a, float(a @ a)) == media._embedding_like_array(np, a)


# ---------------------------------------------------------------- address.street


def test_every_character_matching_a_russian_street_word_is_cyrillic():
    """The Cyrillic pre-check of is_address may skip _RU_ADDRESS for text without such characters."""
    words = re.search(r"\(\?:([^)]*)\)", places._RU_ADDRESS.pattern).group(1)
    letters = {ch for ch in words if not ch.isascii()}
    assert letters and all("\u0400" <= ch <= "\u04ff" for ch in letters)
    # every word of the alternation holds one of these letters
    assert all(any(ch in letters for ch in w) for w in words.split("|"))
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    for ch in letters:
        for found in re.findall(re.escape(ch), everything, re.I):
            assert places._CYRILLIC.fullmatch(found) is not None, (ch, found)


def reference_is_address(text: str) -> bool:
    t = text.strip()
    if not (6 <= len(t) <= 300):
        return False
    if has_cjk(t):
        admin = len(places._CN_ADMIN.findall(t))
        street = places._CN_STREET.search(t) is not None
        number = places._CN_NUMBER.search(t) is not None
        return (street and number) or (admin >= 2 and (street or number)) or (admin >= 3)
    if not any(map(str.isdigit, t)):
        return False
    return any(rx.fullmatch(t) for rx in places._LATIN_ADDRESS) or places._RU_ADDRESS.fullmatch(t) is not None


_ADDRESSES = ["г. Оймякон, алл. Кузнецова, д. 60 стр. 2, 157795", "ул. Ленина, д. 5", "УЛИЦА Пушкина 10", "Chácara Sales, 13",
              "4394 Timothy Club", "Hauptstraße 5", "12 rue de la Paix", "Calle Mayor 3", "Keizersgracht 12", "проспект Мира 1",
              "Набережная 7", "наб. реки 3", "ᲂул. 5"]


@SETTINGS
@given(st.one_of(st.sampled_from(_ADDRESSES), st.text(alphabet="улицапрдомшосе .,0123456789ᲀᲁᲂᲃᲄABcdé", max_size=40),
                 st.text(max_size=60)), st.randoms(use_true_random=False))
def test_is_address_is_every_pattern(text, rng):
    for t in [text, *mutations(text or "x", rng, "ул.д 5ᲂÉé")]:
        assert places.is_address(t) == reference_is_address(t), t


#: words and pieces the Latin address patterns are made of, to build near misses from
_STREET_PIECES = ["12", "5b", "3-7", "1200", "99999", "123456", ",", " ", "  ", ".", "-", "'", "’", "Street", "st", "Rd", "ave", "way",
                  "Hauptstraße", "Haupt", "straße", "strasse", "str.", "weg", "platz", "Gasse", "ring", "damm", "rue", "avenue", "av.",
                  "bd", "allée", "calle", "c/", "avda", "Avda.", "via", "piazza", "rua", "praça", "nº", "n°", "no.", "straat", "laan",
                  "gracht", "hof", "bis", "ter", "de", "la", "Paix", "Mayor", "a", "B", "ß", "ẞ", "ſt", "K", "\n", "\t", "١٢", "é", "x"]


@SETTINGS
@given(st.lists(st.sampled_from(_STREET_PIECES), max_size=9).map("".join) | st.lists(st.sampled_from(_STREET_PIECES), max_size=9).map(" ".join)
       | st.text(alphabet="0123456789 ,.-'abcdefghijklmnopqrstuvwxyzßäöüéº°/", max_size=40))
def test_latin_address_alternation_is_any_pattern(text):
    expected = any(rx.fullmatch(text) for rx in places._LATIN_ADDRESS)
    assert (places._LATIN_ANY.fullmatch(text) is not None) == expected, text


# ---------------------------------------------------------------- time.datetime


def reference_datetime(value) -> bool:
    det = dt.DateTimeTextDetector()
    if not det.prefilter(value):
        return False
    p = dt.parse_datetime_text(value.strip())
    return p is not None and p.has_time


_DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@SETTINGS
@given(st.datetimes(), st.sampled_from(["%a, %d %b %Y %H:%M:%S +0100", "%a, %d %b %Y %H:%M:%S -0000", "%Y-%m-%dT%H:%M:%S%z",
                                         "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d %b %Y %H:%M"]),
       st.randoms(use_true_random=False))
def test_common_rfc_and_iso_layouts_are_the_general_patterns(moment, fmt, rng):
    text = moment.strftime(fmt)
    for t in [text, *mutations(text, rng, string.digits + " ,:+-TZ" + "".join(_DAY_NAMES) + "٣\u00a0"), text.lower(), text.upper()]:
        m = dt._RFC_COMMON.fullmatch(t)
        if m is not None:  # the general pattern matches with the same groups
            g = dt._RFC.fullmatch(t)
            assert g is not None and (g["d"], g["mon"], g["y"]) == m.groups() and g["H"] is not None, t
        got = dt.parse_datetime_text(t)
        ref = reference_parse(t)
        assert (None if got is None else tuple(got)) == ref, t
        stripped = reference_parse(t.strip())
        assert dt.DateTimeTextDetector().match(t) == (8 <= len(t) <= 64 and stripped is not None and stripped[3]), t


@SETTINGS
@given(st.one_of(st.from_regex(dt._ISO_COMMON, fullmatch=True), st.from_regex(dt._RFC_COMMON, fullmatch=True),
                 st.text(max_size=70), st.integers(), st.floats(), st.none(), st.lists(st.text(max_size=3), max_size=2),
                 st.sampled_from(["", " " * 100, "2019-02-29T08:35:11Z", "1799-12-31T00:00:00", "2101-01-01 00:00:00",
                                  "2019-06-12T12:30:00.000+08:00" + "0" * 60, "Sun, 31 Apr 2023 22:21:19 +0100",
                                  "Fri, 28 Apr 1799 22:21:19 +0100", " 2019-06-12 12:30:00 ", "２０１９-06-12 12:30:00"])))
def test_datetime_detector_is_the_parse(value):
    assert dt.DateTimeTextDetector().match(value) == reference_datetime(value), value
