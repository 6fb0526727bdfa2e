"""The fast forms of RegexDetector and of the stdnum prefilters give the plain answers.

``RegexDetector.prefilter``/``match`` inline :func:`as_text` and skip compacting
text of letters and digits.
``StdnumDetector.prefilter`` looks the value's record up in a memo shared by
every stdnum detector.  Each is held here to the straightforward form, on
generated values: valid numbers, near misses, separators, other scripts and
junk.
"""

from __future__ import annotations

import random
import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detect_helpers import cn_ric, mutations
from leakwarden.detect import base
from leakwarden.detect.base import RegexDetector, as_text, compact
from leakwarden.detect.config import CustomDetector
from leakwarden.detect.values import builtin_detectors, govid
from leakwarden.detect.values.govid import StdnumDetector

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------- references


def reference_prefilter(d: RegexDetector, value: Any) -> bool:
    """RegexDetector.prefilter as first written."""
    t = as_text(value, d.max_len * 2)
    return t is not None and d.min_len <= len(t) <= d.max_len * 2


def reference_match(d: RegexDetector, value: Any) -> bool:
    """RegexDetector.match as first written."""
    t = as_text(value, d.max_len * 2)
    if t is None:
        return False
    if d.compact_first:
        t = compact(t)
    if not (d.min_len <= len(t) <= d.max_len):
        return False
    if d.pattern.fullmatch(t) is None:
        return False
    return d.validate(t)


class _Text(str):
    """A str subclass (takes as_text's isinstance path)."""


class _OwnPrefilter(RegexDetector):
    """A prefilter looser than the base one: the prefiltered matcher must still test everything."""

    id = "test.own_prefilter"
    min_len = 5
    max_len = 8
    compact_first = True
    pattern = re.compile(r"\d{5,8}")

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, (str, int))


class _OwnMatch(RegexDetector):
    id = "test.own_match"
    pattern = re.compile(r"\d+")

    def match(self, value: Any) -> bool:
        return value == "42"


def _regex_detectors() -> list[RegexDetector]:
    out = [d for d in builtin_detectors() if isinstance(d, RegexDetector)]
    out.append(CustomDetector({"id": "custom.order", "category": "person.government_id", "regex": r"ORD-\d{6}", "max_length": 12}))
    out.append(CustomDetector({"id": "custom.num", "category": "person.government_id", "regex": r"\d{9}", "validator": "luhn"}))
    out += [_OwnPrefilter(), _OwnMatch()]
    return out


REGEX = _regex_detectors()

SEEDS = [
    "13800138000", "+86 138-0013-8000", "user@example.org", "x@y.png", "4111 1111 1111 1111", "4111-1111-1111-1111",
    "378282246310005", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "12345678901", "u4pruydqqvj",
    "11010519491231002X", "AB 12 34 56 C", "A123456(3)", "A123456789", "E12345678", "C12345678", "H12345678",
    "10.0.0.1", "192.168.1.254:8080", "1.0.0.0", "00:1A:2B:3C:4D:5E", "001a.2b3c.4d5e", "001A2B3C4D5E",
    "490154203237518", "35-209900-176148-1", "460001234567890", "8986001234567890123", "89860012345678901234F",
    "A0000012345678", "$2b$12$" + "a" * 53, "d41d8cd98f00b204e9800998ecf8427e", "京A12345", "粤B·D12345", "使123456",
    "B-AB 1234", "AB-123-CD", "1234 BCD", "ORD-123456", "79927398713", "42", "١٢٣٤٥٦٧٨٩٠١", "１３８００１３８０００",
]


def _values(rng: random.Random) -> list[Any]:
    """Seeds and their mutations, random separated digit/letter strings, numbers and junk."""
    alphabet = "0123456789ABCDEFabcdefXx -./()_:@+·\t\u3000١٢"
    out: list[Any] = []
    for text in SEEDS + [cn_ric(rng) for _ in range(20)]:
        out += [text, f" {text} ", f"\t{text}\n", text.lower(), text.upper(), text.replace(" ", ""), _Text(text)]
        out += mutations(text, rng, alphabet, 8)
    for _ in range(600):
        n = rng.randrange(0, 45)
        text = "".join(rng.choice("0123456789" * 3 + "ABCXabcx -./") for _ in range(n))
        out += [text, " " * rng.randrange(4) + text + " " * rng.randrange(40)]
        out.append(rng.randrange(-10**rng.randrange(1, 45), 10**rng.randrange(1, 45)))
    out += [10**40, -10**40, 10**40 - 1, 1.0e15, 4111111111111111.0, 1.5, float("nan"), float("inf"), -0.0,
            True, False, None, [1, 2], {"a": 1}, b"12345678", "", " ", "\u3000", "x" * 600, " " * 30 + "4111111111111111",
            "4111111111111111" + " " * 30]
    return out


VALUES = _values(random.Random(20240611))


def _same(d: RegexDetector, value: Any) -> None:
    want_match = reference_match(d, value) if type(d).match is RegexDetector.match else d.match(value)
    assert d.match(value) == want_match, (d.id, value)
    if type(d).prefilter is RegexDetector.prefilter:
        assert d.prefilter(value) == reference_prefilter(d, value), (d.id, value)
    if d.prefilter(value):
        assert d.bind_prefiltered({})(value) == d.bind({})(value) == want_match, (d.id, value)


@pytest.mark.parametrize("detector", REGEX, ids=lambda d: d.id)
def test_regex_detector_fast_paths_agree_with_the_plain_form(detector):
    passed = 0
    for value in VALUES:
        _same(detector, value)
        passed += bool(detector.prefilter(value))
    assert passed >= 20, (detector.id, passed)


@SETTINGS
@given(st.one_of(st.text(max_size=60), st.integers(), st.floats(), st.booleans(),
                 st.from_regex(r"[ 0-9A-Fa-fXx\-./()_:@]{4,40}", fullmatch=True)))
def test_regex_detectors_on_generated_values(value):
    for d in REGEX:
        _same(d, value)


def test_text_of_letters_and_digits_has_no_separator():
    """``compact_first`` skips compacting a text for which ``str.isalnum`` holds: no such text has a separator."""
    sep = re.compile(base._SEPARATORS.pattern)
    assert not [c for c in map(chr, range(sys.maxunicode + 1)) if c.isalnum() and sep.fullmatch(c)]


# ---------------------------------------------------------------- stdnum prefilter

STDNUM = [d for d in builtin_detectors() if isinstance(d, StdnumDetector)]


def _number_values(rng: random.Random) -> list[Any]:
    out: list[Any] = []
    for _ in range(1500):
        n = rng.randrange(3, 24)
        chars = [rng.choice("0123456789") for _ in range(n)]
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            chars[rng.randrange(n)] = rng.choice("ABCKXZaz+-./ ١é")
        text = "".join(chars)
        out += [text, f" {text} ", text[:-1] + rng.choice("AX+-")]
        if text.isdigit():
            out.append(int(text))
    out += ["19850512-1238", "850512+1238", "1985051212-38", "12345678Z", "RSSMRA85T10A562S", "ABCDEFG1234", "ABCDEFGH",
            "1234567", "123456", " 1234567 ", "12 34 567", "１２３４５６７８９", 1234567, -1234567, 10**39, 10**40, True, False,
            1234567.0, 1.5, None, [1], "x" * 41, "1" * 40, "1" * 41, ""]
    return out


NUMBER_VALUES = _number_values(random.Random(7))


def test_stdnum_prefilter_is_the_plain_prefilter():
    for value in NUMBER_VALUES + VALUES:
        for d in STDNUM:
            assert d.prefilter(value) == d._prefilter_reference(value), (d.id, value)


def test_stdnum_prefilter_with_a_small_memo(monkeypatch):
    """A memo emptied again and again gives the same answers; it never grows past its cap."""
    monkeypatch.setattr(govid, "_RECORDS_CAP", 8)
    govid._RECORDS.clear()
    for value in NUMBER_VALUES:
        for d in STDNUM:
            assert d.prefilter(value) == d._prefilter_reference(value), (d.id, value)
            assert len(govid._RECORDS) <= 8
    govid._RECORDS.clear()


def test_stdnum_records_keep_kinds_apart():
    """1 and True hash alike; "1234567" and 1234567 share a text: each is judged as itself."""
    d = next(d for d in STDNUM if d.module_name == "ar.dni")
    govid._RECORDS.clear()
    for value in (1234567, True, "1234567", 1, 1234567.0):
        assert d.prefilter(value) == d._prefilter_reference(value), value
    assert d.prefilter(1234567) and d.prefilter("1234567") and not d.prefilter(True)


@SETTINGS
@given(st.one_of(st.text(max_size=45), st.integers(), st.floats(), st.booleans(),
                 st.from_regex(r"[ 0-9A-Z+\-./()]{6,30}", fullmatch=True)))
def test_stdnum_prefilter_on_generated_values(value):
    for d in STDNUM:
        assert d.prefilter(value) == d._prefilter_reference(value), (d.id, value)


def test_every_stdnum_detector_accepts_something():
    """The accepted-record sets are not empty, and each takes a value of its lengths."""
    accepted = {d.id: 0 for d in STDNUM}
    for value in NUMBER_VALUES:
        for d in STDNUM:
            accepted[d.id] += d.prefilter(value)
    assert all(accepted.values()), [k for k, v in accepted.items() if not v]
