"""The classifier's whole-field gates are necessary conditions of the detectors they skip.

A detector that declares ``shapes`` is skipped for a field none of whose
values has one of them; one that declares ``needs_letters`` for a field whose
values are all digit strings.  Both are only sound when every value the
detector matches has such a shape: this file holds each gated detector to it,
on random values of the right lengths (many pass a checksum by chance), on
valid examples with separators, and on generated text.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakwarden.detect.base import shape_key
from leakwarden.detect.dictionaries import FILES, load
from leakwarden.detect.values import builtin_detectors

DETECTORS = list(builtin_detectors())
GATED = [d for d in DETECTORS if d.shapes is not None]
LETTERS = [d for d in DETECTORS if d.needs_letters]
CONTEXT = {"regions": ("CN", "DE", "US", "FR", "ES", "BR", "IN")}
SEPARATORS = ["", "", " ", "-", ".", "/", "  "]
VALID = [
    "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "4111 1111 1111 1111", "4111-1111-1111-1111",
    "5555555555554444", "378282246310005", "123-45-6789", "AB 12 34 56 C", "A123456(3)", "A123456789",
    "11010519491231002X", "110105194912310021", "E12345678", "G12345678", "111.444.777-35", "12345678Z",
    "RSSMRA85T10A562S", "1 85 05 78 006 084 36", "234 567 899", "19850512-1238", "850512+1238", "987654321",
]


def _candidates(lengths: set[int], rng: random.Random) -> list:
    out: list = []
    for n in lengths:
        for _ in range(60):
            chars = [rng.choice("0123456789") for _ in range(n)]
            if rng.random() < 0.5:  # a few letters where formats put them
                for pos in rng.sample(range(n), k=min(n, rng.choice((1, 2)))):
                    chars[pos] = rng.choice("ABCDEGHJKLMNPRSTXZ")
            text = "".join(chars)
            sep = rng.choice(SEPARATORS)
            if sep and n > 4:
                cut = rng.randrange(2, n - 1)
                text = text[:cut] + sep + text[cut:]
            out.append(text)
            if text.isdigit() and text[0] != "0":
                out.append(int(text))
            out.append(f" {text} ")
    return out


def _matches(detector) -> int:
    rng = random.Random(detector.id)
    lengths = {n for n, _ in detector.shapes} | {7, 12}
    matcher = detector.bind(CONTEXT)
    matched = 0
    for value in _candidates(lengths, rng) + VALID:
        if detector.prefilter(value) and matcher(value):
            matched += 1
            assert shape_key(value) in detector.shapes, (detector.id, value)
    return matched


@pytest.mark.parametrize("detector", GATED, ids=lambda d: d.id)
def test_every_match_has_one_of_the_declared_shapes(detector):
    _matches(detector)


def test_the_shape_check_sees_matches():
    """Random values of the right lengths pass most checksums now and then: the check above is not empty."""
    assert sum(1 for d in GATED if _matches(d) > 0) >= 0.4 * len(GATED)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.from_regex(r"[ A-Z0-9\-./()]{6,40}", fullmatch=True)))
def test_generated_values_matched_only_in_declared_shapes(value):
    for detector in GATED:
        if detector.prefilter(value) and detector.bind(CONTEXT)(value):
            assert shape_key(value) in detector.shapes, (detector.id, value)


def test_gates_cover_the_number_families():
    ids = {d.id for d in GATED}
    assert "id.cn_ric" in ids and "card.pan" in ids and "bank.iban" in ids
    assert sum(1 for i in ids if i.startswith("id.")) >= 60


def test_in_text_terms_all_have_a_letter():
    """``needs_letters`` on the free-text dictionary detectors rests on this."""
    assert LETTERS
    for category in FILES:
        for term in load(category).inner:
            assert any(ch.isalpha() for ch in term), (category, term)


@pytest.mark.parametrize("value", ["2019", "123 456", "12-34-56", "0.5", "1/2", "(555) 123", "²³", "١٢٣"])
def test_digit_strings_never_match_a_letter_gated_detector(value):
    assert shape_key(value)[1] == "D"
    for detector in LETTERS:
        assert not detector.match(value)


def test_shape_key():
    assert shape_key("110105 19491231 002X") == (18, "A")
    assert shape_key(" 4111-1111-1111-1111 ") == (16, "D")
    assert shape_key(12345) == (5, "D")
    assert shape_key(12.0) == (2, "D")
    assert shape_key("a+b") == (3, "X")
    assert shape_key("x" * 100) is None
    assert shape_key([1, 2]) is None


def _same_after_prefilter(detector, values) -> int:
    """``bind_prefiltered`` gives ``bind``'s answer on every value the prefilter accepts."""
    full, checked = detector.bind(CONTEXT), detector.bind_prefiltered(CONTEXT)
    n = 0
    for value in values:
        try:
            passed = detector.prefilter(value)
        except Exception:  # noqa: BLE001 - the classifier counts a raise as no match
            passed = False
        if not passed:
            continue
        n += 1
        try:
            want = bool(full(value))
        except Exception:  # noqa: BLE001
            want = None
        try:
            got = bool(checked(value))
        except Exception:  # noqa: BLE001
            got = None
        assert got == want, (detector.id, value)
    return n


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_prefiltered_matcher_is_the_matcher_after_the_prefilter(detector):
    rng = random.Random(f"pf-{detector.id}")
    lengths = {n for n, _ in detector.shapes} if detector.shapes else {7, 9, 11, 13, 18}
    values = _candidates(lengths, rng) + VALID + [
        "", " ", "+86 138 0013 8000", "+49 30 1234567", "0301234567", "user@example.org", "10.0.0.1",
        "2019-06-12T08:15:30Z", "维吾尔族", "Hispanic or Latino", "00:1A:2B:3C:4D:5E", True, 0, 1.5, None,
        [0.1] * 128, {"lat": 1.0, "lon": 2.0}, "x" * 5000,
    ]
    _same_after_prefilter(detector, values)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.from_regex(r"[ A-Z0-9\-./()+]{6,40}", fullmatch=True)))
def test_prefiltered_matchers_on_generated_values(value):
    for detector in DETECTORS:
        _same_after_prefilter(detector, [value])
