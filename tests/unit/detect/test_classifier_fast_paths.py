"""The classifier's shortcuts give the answers of the plain computations they replace.

Each reference below is the straightforward form (the general helper called
value by value, every detector tested in turn), and the classifier's faster
form must agree with it on generated values: JSON-like ones and junk.
"""

from __future__ import annotations

import math
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakwarden.detect import classifier as C
from leakwarden.detect.base import shape_key, value_kind
from leakwarden.profile import CollectionSample

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_DIGITS = "0123456789"
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**45, max_value=10**45),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80),
    st.text(alphabet="0123456789１２３٣٤ -./()_+\t\n²", max_size=75),
    st.from_regex(r"[0-9]{1,70}", fullmatch=True),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)


def _redraw_reference(value: str, rng: random.Random) -> str:
    r = rng.random
    return "".join([
        _DIGITS[int(r() * 10)] if "0" <= ch <= "9"
        else _UPPER[int(r() * 26)] if "A" <= ch <= "Z"
        else _LOWER[int(r() * 26)] if "a" <= ch <= "z"
        else ch
        for ch in value
    ])


@SETTINGS
@given(st.lists(st.text(max_size=40), max_size=6), st.integers(min_value=0, max_value=2**32))
def test_redraw_draws_as_the_plain_form(texts, seed):
    a, b = random.Random(seed), random.Random(seed)
    for t in texts:
        assert C._redraw(t, a) == _redraw_reference(t, b)
    assert a.random() == b.random()  # the same number of draws


@SETTINGS
@given(st.lists(values, max_size=30))
def test_value_shapes_and_kinds_are_the_helpers_value_by_value(vals):
    shapes = C._value_shapes(vals)
    for v, k in zip(vals, shapes):
        t = type(v)
        if t in (str, int, float):
            assert k == shape_key(v)
        else:
            assert k == C._NOT_TEXT
    assert C._value_kinds(vals) == [value_kind(v) for v in vals]


@SETTINGS
@given(st.lists(values, max_size=40), st.booleans())
def test_share_is_the_plain_count(vals, repeats):
    for fn in C.COMPAT.values():
        assert C._share(fn, vals, repeats) == sum(1 for v in vals if fn(v))


@SETTINGS
@given(st.lists(values, min_size=1, max_size=40))
def test_detectors_by_kind_set_are_the_applicable_ones(vals):
    clf = C.Classifier()
    sample = CollectionSample(name="people", mapping={})
    for v in vals:
        sample.add({"phone_number": v})
    a = clf.analyze(sample).get("phone_number")
    if a is None:  # only None values: nothing to run
        return
    kinds = set(C._value_kinds(a.values))
    typed = [d for d in clf._typed(kinds) if clf._applicable_here(d, a)]
    assert typed == [d for d in clf.detectors if clf._applicable(d, a)]


def test_value_shapes_of_digit_strings_at_the_length_limit():
    for n in (1, 67, 68, 69, 200):
        v = "7" * n
        assert C._value_shapes([v]) == [shape_key(v)]
    assert math.isnan(float("nan"))  # the float branch takes NaN without raising
    assert C._value_shapes([float("nan"), float("inf")]) == [shape_key(float("nan")), shape_key(float("inf"))]


def _distinct_reference(vals: list) -> int:
    seen = set()
    for v in vals:
        try:
            seen.add(repr(v)[:200] if isinstance(v, (list, dict)) else v)
        except TypeError:
            seen.add(id(v))
    return len(seen)


@SETTINGS
@given(st.lists(values, max_size=40))
def test_distinct_is_the_plain_count(vals):
    assert C._distinct(vals) == _distinct_reference(vals)


@SETTINGS
@given(st.lists(values, max_size=30))
def test_compat_digit_counts_are_the_per_character_counts(vals):
    from leakwarden.detect.base import as_text, compact

    def name_ref(v):
        return C._short_text(v, 1, 100) and sum(ch.isdigit() for ch in v) <= 2

    def phone_ref(v):
        return (isinstance(v, int) and not isinstance(v, bool)) or (
            C._short_text(v, 5, 40) and sum(ch.isdigit() for ch in v) >= 5)

    def digits_id_ref(v):
        t = as_text(v, 64)
        if t is None:
            return False
        c = compact(t)
        return 4 <= len(c) <= 32 and c.isalnum() and sum(ch.isdigit() for ch in c) >= 3

    for v in vals:
        assert bool(C.COMPAT["person.name"](v)) == bool(name_ref(v))
        assert bool(C.COMPAT["person.phone"](v)) == bool(phone_ref(v))
        assert C._digits_id(v) == digits_id_ref(v)


def _shape_key_reference(value):
    from leakwarden.detect import base

    t = base.as_text(value, base.SHAPE_TEXT)
    if t is None:
        return None
    c = base._SEPARATORS.sub("", t)
    return len(c), ("D" if c.isdigit() else "A" if c.isalnum() else "X")


@SETTINGS
@given(st.lists(st.one_of(values, st.text(alphabet="0123456789 aZ-._/()\t１٣é\u00a0\u2028", max_size=72)), max_size=20))
def test_shape_key_is_the_plain_form(vals):
    for v in vals:
        assert shape_key(v) == _shape_key_reference(v)
