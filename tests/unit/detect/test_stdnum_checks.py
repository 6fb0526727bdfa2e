"""The fast stdnum check-digit tests give the modules' own answers (and raise where they raise)."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leakwarden.detect.values import _stdnum_checks as checks
from leakwarden.detect.values import _stdnum_fast as stdnum_fast
from leakwarden.detect.values import govid

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: digits of other scripts, other white space and look-alikes
ODD = "１２３٣٤۵०३৫๓\u00a0\u2003\t\n\u200b－＋ｘ`ß"
#: the lengths each module reads, and their neighbours
LENGTHS = {"cl.rut": (7, 8, 9, 10), "pe.cui": (7, 8, 9, 10), "nl.bsn": (7, 8, 9, 10), "hr.oib": (10, 11, 12),
           "de.idnr": (10, 11, 12), "br.cpf": (10, 11, 12), "ru.inn": (9, 10, 11, 12, 13), "nz.ird": (7, 8, 9, 10),
           "at.vnr": (9, 10, 11), "bg.pnf": (9, 10, 11), "th.pin": (12, 13, 14)}


def test_every_fast_check_has_its_lengths_here():
    assert set(checks.CHECKS) == set(LENGTHS)


def _outcome(fn, *args):
    """The answer, or the type of what was raised."""
    try:
        return fn(*args)
    except Exception as e:  # noqa: BLE001 - compared, not handled
        return type(e)


def _agree(name: str, text: str) -> None:
    module = stdnum_fast.load(name)
    fast = _outcome(checks.is_valid, name, module, text)
    slow = _outcome(lambda t: bool(module.is_valid(t)), text)
    assert fast == slow, (name, text)


def _numbers(name: str, rng: random.Random, n: int) -> list[str]:
    """Random digit strings of the module's lengths and, for each, its valid completions."""
    module = stdnum_fast.load(name)
    out = []
    for _ in range(n):
        length = rng.choice(LENGTHS[name])
        digits = "".join(rng.choice(string.digits) for _ in range(length))
        out.append(digits)
        for last in string.digits + "Kk":  # one check digit (K for a RUT)
            if module.is_valid(digits[:-1] + last):
                out.append(digits[:-1] + last)
        for last in range(100):  # two (CPF, INN)
            if module.is_valid(digits[:-2] + "%02d" % last):
                out.append(digits[:-2] + "%02d" % last)
    return out


def _written(number: str, rng: random.Random) -> list[str]:
    """A number as it is written, prefixed, padded and broken."""
    i = rng.randrange(len(number) + 1)
    return [number, f" {number} ", number + "\n", "\n" + number, "HR" + number, "NZ" + number, "CL" + number, "cl" + number,
            f"{number[:3]}.{number[3:6]}.{number[6:-1]}-{number[-1]}", f"{number[:2]} {number[2:]}", f"{number[:4]}/{number[4:]}",
            number[:i] + rng.choice(" -./," + ODD + "KkX") + number[i:], number[:-1] + "K", number[:-1] + "k", number + "K",
            "0" * len(number), number[:8] + "ß", "`" + number, number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]


@pytest.mark.parametrize("name", sorted(LENGTHS))
def test_fast_check_is_the_module_on_numbers_valid_and_not(name):
    rng = random.Random(name)
    valid = 0
    for number in _numbers(name, rng, 1500):
        for text in _written(number, rng):
            _agree(name, text)
        valid += stdnum_fast.load(name).is_valid(number)
    assert valid > 100


@pytest.mark.parametrize("name", sorted(LENGTHS))
def test_fast_check_is_the_module_on_junk(name):
    for text in ["", " ", "0", "-", "\n", "K", "1" * 5000, "0" * 4400, "０" * 9, "K" * 9, "١٢٣٤٥٦٧٨٩", "12345678\n9", "1234567\n",
                 "HR", "NZ", "CL", "00000000000", "99999999999", "150000000", "10000000", "100000001", "1" * 13, "9" + "1" * 12]:
        _agree(name, text)


@SETTINGS
@given(st.sampled_from(sorted(LENGTHS)), st.one_of(
    st.text(alphabet=string.digits, min_size=6, max_size=14),
    st.text(alphabet=string.digits + " -./,Kk" + ODD, max_size=16),
    st.text(max_size=20),
))
def test_fast_check_is_the_module_on_generated_text(name, text):
    _agree(name, text)


@SETTINGS
@given(st.one_of(st.text(alphabet=string.digits + " -.", min_size=7, max_size=16), st.integers(min_value=0, max_value=10**14),
                 st.text(max_size=20), st.floats(), st.booleans(), st.none()))
def test_stdnum_detectors_are_the_modules(value):
    for det in govid.DETECTORS:
        if isinstance(det, govid.StdnumDetector) and det.module_name in checks.CHECKS:
            expected = det.prefilter(value) and bool(_outcome(lambda t, m=det.module: bool(m.is_valid(t)), govid.as_text(value, 40)) is True)
            assert det.match(value) == expected, (det.id, value)
