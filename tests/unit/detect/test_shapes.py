"""The classifier's whole-field gates are necessary conditions of the detectors they skip.

A detector that declares ``shapes`` is skipped for a field none of whose
values has one of them; one that declares ``needs_letters`` for a field whose
values are all digit strings.  Both are only sound when every value the
detector matches has such a shape: this file holds each gated detector to it,
on random values of the right lengths (many pass a checksum by chance), on
valid examples with separators, and on generated text.
"""

from __future__ import annotations

import base64
import random
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakwarden.detect.base import ValueDetector, shape_key
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


#: texts of the kinds the non-number detectors read (valid ones, near misses, junk);
#: _kind_values mutates them further
KIND_TEXTS = [
    "+86 138 0013 8000", "+49 30 1234567", "+1 (415) 555-2671", "0049 30 1234567", "+44 20 7946 0958", "+33 1 23 45 67 89",
    "0301234567", "030 1234567", "(415) 555-2671", "415-555-2671", "13800138000", "0612345678", "01 23 45 67 89",
    "user@example.org", "a.b@c.co", "x@y.png", "10.0.0.1", "2001:db8::1", "fe80::1%eth0", "[::1]", "00:1A:2B:3C:4D:5E",
    "2019-06-12T08:15:30Z", "2019-06-12 08:15:30", "2019-06-12", "12.06.2019", "12 Jun 2019", "2019年6月12日",
    "2019年6月12日 12时30分", "20190612083015", "20190612", "昭和39年3月23日", "1985-07", "1985", "1985年7月",
    "Tue, 12 Jun 2019 08:15:30 +0000", "1560327330", "1560327330123", "维吾尔族", "汉族人", "Hispanic or Latino",
    "White", "Catholic", "Muslim", "diabetes", "HIV positive", "schizophrenia", "convicted of fraud", "吸毒人员",
    "Communist Party", "gay", "lesbian", "Patient has diabetes and asthma.", "Health > Diabetes", "张伟", "欧阳娜娜",
    "买买提·艾力", "John Smith", "Maria Garcia Lopez", "Иван Петров", "12 Main Street", "Hauptstraße 5, 10115 Berlin",
    "北京市朝阳区建国路88号", "Central Station North Exit", "39.9042, 116.4074", "(39.9042;116.4074)",
    "POINT(116.4074 39.9042)", "39°54'27\"N 116°23'17\"E", "116.407413", "-33.8688", "u4pruydqqvj",
    "sk_live_" + "a1B2c3D4e5F6g7H8i9J0k1L2", "ghp_" + "A" * 36, "AKIA" + "ABCDEFGHIJKLMNOP",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIE", "PuTTY-User-Key-File-2: ssh-rsa", "s3cr3t!Pass", "hunter2", "true",
    "aGVsbG8gd29ybGQgaGVsbG8gd29ybGQK", "Zx9-q_Lm2.Pw7~Rt4:Vb8+Nc1/Hd5=", "https://img.example.com/faces/1.jpg",
    "/data/capture/2019/06/12/cam3.png", "C:\\photos\\a.jpeg", "group1/M00/00/01/abc.jpg", "https://example.com/a/b",
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "11010519491231002X", "440524188001010014", "京A12345", "粤B·D12345", "沪AD12345", "使123456", "京A1234领",
]


def _kind_values(rng: random.Random) -> list:
    """Values of every kind a detector with a fast matcher reads, valid and not."""
    out: list = []
    for text in KIND_TEXTS:
        out += [text, f" {text} ", text.upper(), text.lower(), text[:-1], text + "x"]
        for _ in range(4):  # one character replaced, dropped or doubled
            i = rng.randrange(len(text))
            ch = rng.choice("0123456789aZ .-:/,°(é汉")
            out += [text[:i] + ch + text[i + 1:], text[:i] + text[i + 1:], text[:i] + text[i] + text[i:]]
    for category in FILES:  # dictionary words, alone and inside text
        d = load(category)
        for term in rng.sample(sorted(d.specific | d.generic), k=min(40, len(d.specific | d.generic))):
            out += [term, term.title(), f" {term}  ", term + " people", term + "族", term[1:]]
        for term in rng.sample(sorted(d.inner), k=min(40, len(d.inner))):
            out += [f"note: {term}, seen twice", f"x{term}y", f"{term.upper()}!", f"Subject reported {term} (2019)."]
    for _ in range(150):  # numbers, floats, coordinates, vectors, bytes
        out += [rng.randrange(10**rng.randrange(1, 16)), rng.uniform(-200, 200), round(rng.uniform(-90, 90), rng.randrange(6)),
                rng.choice([1900, 1985, 19850512, 20991231, 1560327330, 1560327330123, 0, 1, 2, 9, True, False])]
        out.append({"lat": rng.uniform(-100, 100), "lon": rng.uniform(-200, 200)})
        out.append([round(rng.uniform(-180, 180), rng.randrange(6)) for _ in range(rng.choice((2, 3)))])
    for n in (63, 64, 100, 128, 300, 512) * 4:  # embeddings as lists, text and base64 float32; series and counts
        vec = [rng.gauss(0, rng.choice((0.01, 0.1, 1.0))) for _ in range(n)]
        text = ",".join("%.4f" % x for x in vec)
        out += [vec, [1.0] * n, list(range(n)), [x / n for x in range(n)], vec[:-1] + ["x"], vec[:-1] + [True],
                "[" + text + "]", text, " ".join("%.4f" % x for x in vec), "[" + text.replace(",", "; ") + "]", text + ",x"]
        blob = base64.b64encode(struct.pack(f"<{n}f", *vec)).decode()
        out += [blob, " " + blob, blob[:-4], blob.replace("A", "!"), base64.b64encode(bytes(4 * n)).decode()]
    for head in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"GIF89a", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b"BM\x00\x00\x00\x00\x00\x00\x00\x00", b"\x00" * 8):
        for size in (30, 60, 200):
            b64 = base64.b64encode(head + rng.randbytes(size)).decode()
            out += [b64, "data:image/png;base64," + b64, "data:image/jpeg," + b64, b64[:-5] + "!@#$%", b64[:70]]
    for size in (16, 32, 40, 100):  # raw bytes, images and not
        for head in (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"", b"BM"):
            raw = head + rng.randbytes(size)
            out += [raw, bytearray(raw), memoryview(raw)]
    out += ["x" * 5000, "", " ", None]
    return out


#: how many values past its prefilter each detector with a fast matcher sees in
#: the test below at least (so that test is not empty for any of them)
MIN_PREFILTERED = 20


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.id)
def test_prefiltered_matcher_is_the_matcher_after_the_prefilter(detector):
    rng = random.Random(f"pf-{detector.id}")
    lengths = {n for n, _ in detector.shapes} if detector.shapes else {7, 9, 11, 13, 18}
    values = _candidates(lengths, rng) + VALID + [
        "", " ", "+86 138 0013 8000", "+49 30 1234567", "0301234567", "user@example.org", "10.0.0.1",
        "2019-06-12T08:15:30Z", "维吾尔族", "Hispanic or Latino", "00:1A:2B:3C:4D:5E", True, 0, 1.5, None,
        [0.1] * 128, {"lat": 1.0, "lon": 2.0}, "x" * 5000,
    ] + _kind_values(rng)
    n = _same_after_prefilter(detector, values)
    if type(detector).bind_prefiltered is not ValueDetector.bind_prefiltered:
        assert n >= MIN_PREFILTERED, (detector.id, n)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(), st.from_regex(r"[ A-Z0-9\-./()+]{6,40}", fullmatch=True)))
def test_prefiltered_matchers_on_generated_values(value):
    for detector in DETECTORS:
        _same_after_prefilter(detector, [value])
