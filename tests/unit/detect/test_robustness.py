"""Junk at every registered detector and at the classifier: nothing may raise.

In the spirit of python-stdnum's ``test_robustness.doctest``: the registry is
enumerated, so a new detector is covered without touching this file.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakwarden.detect.classifier import Classifier
from leakwarden.detect.config import DetectConfig
from leakwarden.detect.values import builtin_detectors
from leakwarden.profile import CollectionSample

JUNK = [
    None, True, False, 0, 1, -1, 2**64, -(2**70), 10**50, 0.0, -0.0, 1.5, float("nan"), float("inf"), float("-inf"),
    "", " ", "\x00", "3²", "①②③", "💩", "😀" * 5000, "\ud800", "a\udfffb", "x" * 1_000_000, "1" * 100_000,
    "-----BEGIN", "$2b$", "eyJ", "eyJ.eyJ.x", "data:image/png;base64,", "/9j/", "iVBORw0KGgo", "POINT(", "12,", "@", "a@b",
    "+", "+86", "00", "::", "1.2.3", "1.2.3.4.5", "年月日", "2019年13月40日", "9999-99-99", "京A", "110101", "11010519491231002",
    b"", b"\xff\xd8\xff", bytearray(b"\x89PNG"), memoryview(b"RIFF"), [], [1], [1.0, 2.0], [float("nan")] * 128, [1e308] * 128,
    [[1, 2], [3]], ["a", 1, None], [True, False], {}, {"lat": "x", "lon": None}, {"lat": float("nan"), "lon": 1},
    {"lat": 1e308, "lon": -1e308}, {"a": {"b": {"c": [1, {"d": 2}]}}}, object(), (1, 2), {1, 2}, complex(1, 2), Ellipsis,
]
DETECTORS = list(builtin_detectors())


def test_registry_is_not_empty_and_ids_unique():
    ids = [d.id for d in DETECTORS]
    assert len(ids) > 100
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_detector_survives_junk(detector):
    for value in JUNK:
        assert detector.prefilter(value) in (True, False)
        assert detector.match(value) in (True, False)
        matcher = detector.bind({"regions": ("CN", "DE")})
        assert matcher(value) in (True, False)
    strength, standalone = detector.assess([v for v in JUNK if isinstance(v, str)][:10])
    assert math.isfinite(strength) and standalone in (True, False)


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=200) | st.binary(max_size=64),
    lambda children: st.lists(children, max_size=6) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_every_detector_on_generated_values(value):
    for detector in DETECTORS:
        assert detector.match(value) in (True, False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["name", "phone", "sfzh", "lat", "lng", "ts", "faceFeature", "x.y", "密码"]), values, max_size=6), min_size=1, max_size=12))
def test_classifier_on_generated_documents(docs):
    sample = CollectionSample("junk")
    sample.extend(docs)
    clf = Classifier()
    findings = clf.classify(sample)
    counter = clf.hit_counter(sample, findings)
    for rec in sample.records:
        counter.update(rec)
    for f in counter.finish():
        assert 0.0 <= f.confidence <= 1.0
        assert f.hits <= f.examined or f.examined == 0


def test_classifier_on_junk_sample():
    sample = CollectionSample("junk")
    docs = [{"f": v} for v in JUNK if not isinstance(v, (bytes, bytearray, memoryview, object().__class__)) or v is None]
    docs += [{"deep": {"a": {"b": {"c": {"d": [1, [2, [3, [4]]]]}}}}}, {"mixed": 1}, {"mixed": "x"}, {"mixed": [1.0] * 300}]
    docs += [{"bad": v} for v in JUNK]
    sample.extend(docs)
    clf = Classifier(DetectConfig())
    findings = clf.classify(sample)
    assert all(0.0 <= f.confidence <= 1.0 for f in findings)
    counter = clf.hit_counter(sample, findings)
    for rec in sample.records:
        counter.update(rec)
    counter.update({"f": JUNK, "unknown": [1]})
    counter.finish()
