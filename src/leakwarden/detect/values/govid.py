"""Government-issued personal numbers: national IDs, tax IDs, social security
numbers, passports, driver licences.

Checksummed formats delegate to python-stdnum, one detector per stdnum module
that holds a *personal* number (company and VAT numbers are left out).  Many of
them are short digit strings whose checksum a random number passes by chance,
so their ``chance`` is estimated on the field (see ``base.ValueDetector``) and
such evidence needs a name or context signal before it decides a field.

A few formats stdnum lacks (UK NINO, Hong Kong and Taiwan IDs, passports) are
written here.  ``cn.ric`` has a fast checksum of its own for ``--full`` scans.
"""

from __future__ import annotations

import re
from datetime import date
from operator import mul
from typing import Any

from leakwarden.detect.base import SHORT_TEXT, RegexDetector, ValueDetector, as_text, compact, shape_set, short_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector
from leakwarden.detect.values import _stdnum_fast as stdnum_fast
from leakwarden.detect.values import _stdnum_checks as stdnum_checks

CATEGORY = "person.government_id"
BG = ("person.birthdate", "person.gender")
B = ("person.birthdate",)

#: stdnum module -> (compact lengths, charset: "d" digits only, "a" alphanumeric, derives)
STDNUM_PERSONAL: dict[str, tuple[tuple[int, ...], str, tuple[str, ...]]] = {
    "ar.dni": ((7, 8), "d", ()),
    "at.vnr": ((10,), "d", B),
    "au.tfn": ((8, 9), "d", ()),
    "be.bis": ((11,), "d", B),
    "be.eid": ((12,), "d", ()),
    "be.nn": ((11,), "d", BG),
    "bg.egn": ((10,), "d", BG),
    "bg.pnf": ((10,), "d", ()),
    "br.cpf": ((11,), "d", ()),
    "ca.bc_phn": ((10,), "d", ()),
    "ca.sin": ((9,), "d", ()),
    "ch.ssn": ((13,), "d", ()),
    "cl.rut": ((8, 9), "a", ()),
    "cn.ric": ((18,), "a", BG),
    "cr.cpf": ((9, 10), "d", ()),
    "cr.cr": ((11, 12), "d", ()),
    "cu.ni": ((11,), "d", BG),
    "cz.rc": ((9, 10), "d", BG),
    "de.idnr": ((11,), "d", ()),
    "dk.cpr": ((10,), "d", BG),
    "do.cedula": ((11,), "d", ()),
    "ec.ci": ((10,), "d", ()),
    "ee.ik": ((11,), "d", BG),
    "es.dni": ((9,), "a", ()),
    "es.nie": ((9,), "a", ()),
    "fi.hetu": ((10, 11), "a", BG),
    "fr.nif": ((13,), "d", ()),
    "fr.nir": ((13, 15), "a", BG),
    "gb.nhs": ((10,), "d", ()),
    "gb.upn": ((13,), "a", ()),
    "gb.utr": ((10,), "d", ()),
    "gr.amka": ((11,), "d", BG),
    "hr.oib": ((11,), "d", ()),
    "id.nik": ((16,), "d", BG),
    "ie.pps": ((8, 9), "a", ()),
    "il.idnr": ((9,), "d", ()),
    "in_.aadhaar": ((12,), "d", ()),
    "in_.epic": ((10,), "a", ()),
    "in_.pan": ((10,), "a", ()),
    "in_.vid": ((16,), "d", ()),
    "is_.kennitala": ((10,), "d", B),
    "it.codicefiscale": ((16,), "a", BG),
    "jp.in_": ((12,), "d", ()),
    "kr.rrn": ((13,), "d", BG),
    "lt.asmens": ((11,), "d", BG),
    "mu.nid": ((14,), "a", B),
    "mx.curp": ((18,), "a", BG),
    "mx.rfc": ((12, 13), "a", B),
    "my.nric": ((12,), "d", B),
    "nl.bsn": ((8, 9), "d", ()),
    "nl.onderwijsnummer": ((9,), "d", ()),
    "no.fodselsnummer": ((11,), "d", BG),
    "nz.ird": ((8, 9), "d", ()),
    "pe.cui": ((8, 9), "a", ()),
    "pk.cnic": ((13,), "d", ("person.gender",)),
    "pl.pesel": ((11,), "d", BG),
    "pt.cc": ((12,), "a", ()),
    "ro.cnp": ((13,), "d", BG),
    "ru.inn": ((12,), "d", ()),
    "se.personnummer": ((10, 12), "d", BG),
    "si.emso": ((13,), "d", BG),
    "sk.rc": ((9, 10), "d", BG),
    "th.pin": ((13,), "d", ()),
    "tr.tckimlik": ((11,), "d", ()),
    "ua.rntrc": ((10,), "d", B),
    "us.atin": ((9,), "d", ()),
    "us.itin": ((9,), "d", ()),
    "us.ptin": ((9,), "a", ()),
    "us.ssn": ((9,), "d", ()),
    "za.idnr": ((13,), "d", BG),
}

#: (module, compact length) pairs with no check digit: only a birth date (and
#: a serial) is validated, so any date-shaped number of that length passes and
#: the chance measured by re-drawing digits (which breaks the date) is far too
#: low.  Such numbers need a name signal (a PESEL-shaped reference with a wrong
#: check digit is not a Cuban identity number).
NO_CHECK_DIGIT: frozenset[tuple[str, int]] = frozenset({
    ("cu.ni", 11), ("cz.rc", 9), ("sk.rc", 9), ("dk.cpr", 10), ("my.nric", 12), ("ar.dni", 7), ("ar.dni", 8),
    ("cr.cpf", 9), ("us.atin", 9), ("pk.cnic", 13),
})
NO_CHECK_STRENGTH = 2.5

_KEEP = re.compile(r"[0-9A-Za-z+\-]")  # fi.hetu and se.personnummer keep their century sign


#: number_record flags: the compacted text is ASCII digits; ASCII letters and
#: digits with at least 4 digits; ASCII digits but for its last character
_DIGITS, _ALNUM4, _DIGITS_BUT_LAST = 1, 2, 4
#: value (a str of at most SHORT_TEXT characters, or an int) -> number_record(value)
_RECORDS: dict[str | int, int] = {}
_RECORDS_CAP = 4096


def number_record(value: Any) -> int:
    """What every stdnum prefilter asks of a value, as one int (-1: none of them accepts it).

    ``8 * len(compact text) + flags`` (``_DIGITS``, ``_ALNUM4``, ``_DIGITS_BUT_LAST``)
    of the value's :func:`short_text` (computed here as it does), when the text
    has at least 7 characters.
    """
    if type(value) is str:
        if len(value) > SHORT_TEXT:
            return -1
        t = value.strip()
    else:
        t = as_text(value, SHORT_TEXT)
        if t is None:
            return -1
    if len(t) < 7:
        return -1
    c = t if t.isalnum() else compact(t)  # letters and digits: nothing to compact
    n = len(c)
    if c.isascii():
        if c.isdigit():
            return n * 8 + _DIGITS + (_ALNUM4 if n >= 4 else 0) + (_DIGITS_BUT_LAST if n >= 2 else 0)
        flags = _ALNUM4 if c.isalnum() and sum(map(str.isdigit, c)) >= 4 else 0  # ASCII: isdigit is 0-9
    else:
        flags = 0
    head = c[:-1]
    if head.isascii() and head.isdigit():
        flags |= _DIGITS_BUT_LAST
    return n * 8 + flags


def _remember(value: str | int) -> int:
    """:func:`number_record` of a str or int value, kept in ``_RECORDS`` (emptied when full).

    The dozens of stdnum detectors read the same values one after another.
    """
    code = number_record(value)
    if len(_RECORDS) >= _RECORDS_CAP:
        _RECORDS.clear()
    _RECORDS[value] = code
    return code


class StdnumDetector(PrefilteredDetector):
    """One python-stdnum personal-number module."""

    category = CATEGORY
    chance = None  # estimated on the field
    strength = 6.0
    coverage = 0.9

    def __init__(self, module_name: str, lengths: tuple[int, ...], charset: str, derives: tuple[str, ...]):
        self.module_name = module_name
        self.id = "id." + module_name.replace(".", "_").replace("__", "_").rstrip("_")
        self._lengths = frozenset(lengths)
        self._digits_only = charset == "d"
        # the number records (see number_record) this module's prefilter accepts
        need = _DIGITS | _DIGITS_BUT_LAST if module_name == "se.personnummer" else _DIGITS if self._digits_only else _ALNUM4
        self._accepted = frozenset(n * 8 + flags for n in lengths for flags in range(8) if flags & need)
        # prefilter: ASCII digits (se.personnummer: but the last), or letters and >= 4 digits
        self.shapes = shape_set(lengths, "DAX" if module_name == "se.personnummer" else "D" if self._digits_only else "DA")  # type: ignore[misc]  # per instance: its module's lengths
        self.derives = derives
        self._module = None
        self.description = module_name

    def prepare(self) -> None:
        self.module  # noqa: B018 - loads the stdnum module

    @property
    def module(self):
        if self._module is None:
            self._module = stdnum_fast.load(self.module_name)
            doc = (self._module.__doc__ or "").strip().splitlines()
            if doc:
                self.description = doc[0]
        return self._module

    def prefilter(self, value: Any) -> bool:
        # (what _prefilter_reference says, in one lookup of the value's record)
        tv = type(value)
        if tv is str:
            if len(value) > SHORT_TEXT:
                return False
            code = _RECORDS.get(value)
        elif tv is int:
            code = _RECORDS.get(value)
        else:
            return number_record(value) in self._accepted
        if code is None:
            code = _remember(value)
        return code in self._accepted

    def _prefilter_reference(self, value: Any) -> bool:
        """The prefilter written out (tests hold :meth:`prefilter` to it)."""
        tc = short_text(value)
        if tc is None:
            return False
        t, c = tc
        if len(t) < 7 or len(c) not in self._lengths:
            return False
        if self._digits_only:
            return (c.isascii() and c.isdigit()) or ((c[:-1].isascii() and c[:-1].isdigit()) and self.module_name in ("se.personnummer",))
        return c.isascii() and c.isalnum() and sum(map(str.isdigit, c)) >= 4  # ASCII: isdigit is 0-9

    def assess(self, matched: list[Any]) -> tuple[float, bool]:
        unchecked = {n for m, n in NO_CHECK_DIGIT if m == self.module_name}
        if unchecked and matched:
            weak = 0
            for v in matched:
                tc = short_text(v)
                if tc is not None and len(tc[1]) in unchecked:
                    weak += 1
            if weak * 2 >= len(matched):
                return min(self.strength, NO_CHECK_STRENGTH), False
        return self.strength, self.standalone

    def _checked(self, value: Any) -> bool:
        t = as_text(value, 40)
        try:
            return stdnum_checks.is_valid(self.module_name, self.module, t)
        except Exception:  # noqa: BLE001 - third-party validator; never let it stop a scan
            return False


# ---------------------------------------------------------------- cn.ric, fast
_RIC_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_C = "10X98765432"
_RIC_RE = re.compile(r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")


def is_cn_ric(text: str) -> bool:
    """Chinese resident ID (18 characters): region, birth date, sequence, ISO 7064 check."""
    if len(text) != 18 or _RIC_RE.fullmatch(text) is None:
        return False
    return _ric_checks(text)


#: sum(_RIC_W) * ord("0"): the weighted sum of the character codes less this is the weighted sum of the digits
_RIC_ZERO = 48 * sum(_RIC_W)
_RIC_EARLIEST = date(1890, 1, 1)
#: a day that was today when last looked at (see _ric_checks)
_ric_today = date.min


def _ric_checks(text: str) -> bool:
    """The check digit and birth date of an ID that matched ``_RIC_RE``."""
    global _ric_today
    if text.isascii():  # the 17 digits are 0-9: weigh their bytes in one C-level pass
        s = sum(map(mul, text[:17].encode(), _RIC_W)) - _RIC_ZERO
    else:  # other Unicode digits (\d): their code points, as ever
        s = 0
        for i in range(17):
            s += (ord(text[i]) - 48) * _RIC_W[i]
    if _RIC_C[s % 11] != text[17].upper():
        return False
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if born < _RIC_EARLIEST:
        return False
    # born <= date.today(): a day before one that was today is before today (the
    # clock moves forward), so date.today() is asked only for later days
    if born < _ric_today:
        return True
    _ric_today = date.today()
    return born <= _ric_today


class CnRicDetector(RegexDetector):
    id = "id.cn_ric"
    category = CATEGORY
    description = "Chinese Resident Identity Card number (18 chars, ISO 7064 mod 11-2)"
    shapes = shape_set((18,), "DA")
    chance = None
    strength = 6.0
    derives = BG
    min_len = 18
    max_len = 18
    pattern = _RIC_RE

    def prefilter(self, value: Any) -> bool:
        t = as_text(value, 24)
        return t is not None and len(t) == 18 and (t[:17].isascii() and t[:17].isdigit())

    def validate(self, text: str) -> bool:
        return _ric_checks(text)  # RegexDetector.match: text is 18 characters matching _RIC_RE


# ---------------------------------------------------------------- UK NINO
class GbNinoDetector(RegexDetector):
    id = "id.gb_nino"
    category = CATEGORY
    description = "UK National Insurance number (AB123456C)"
    shapes = shape_set((8, 9), "A")
    chance = None
    strength = 4.5
    compact_first = True
    min_len = 8
    max_len = 9
    pattern = re.compile(r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]?", re.I)


# ---------------------------------------------------------------- Hong Kong HKID
class HkIdDetector(RegexDetector):
    id = "id.hk_hkid"
    category = CATEGORY
    description = "Hong Kong Identity Card number (A123456(7), mod 11)"
    shapes = shape_set((8, 9), "A")  # without its parentheses and space
    chance = None
    strength = 5.0
    min_len = 8
    max_len = 11
    pattern = re.compile(r"([A-Z]{1,2})(\d{6})\s*\(?([0-9A])\)?")

    def validate(self, text: str) -> bool:
        m = self.pattern.fullmatch(text)
        if m is None:
            return False
        letters, digits, check = m.groups()
        letters = letters.rjust(2, " ")
        vals = [36 if ch == " " else ord(ch) - 55 for ch in letters] + [int(d) for d in digits]
        s = sum(v * w for v, w in zip(vals, range(9, 1, -1)))
        r = (11 - s % 11) % 11
        return ("A" if r == 10 else str(r)) == check


# ---------------------------------------------------------------- Taiwan national ID
_TW_LETTER = {ch: v for ch, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36))}


class TwIdDetector(RegexDetector):
    id = "id.tw_id"
    category = CATEGORY
    description = "Taiwan national identification number (A123456789)"
    shapes = shape_set((10,), "A")
    chance = None
    strength = 5.0
    derives = ("person.gender",)
    min_len = 10
    max_len = 10
    pattern = re.compile(r"[A-Z][12]\d{8}")

    def validate(self, text: str) -> bool:
        n = _TW_LETTER[text[0]]
        digits = [n // 10, n % 10] + [int(c) for c in text[1:]]
        weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
        return sum(d * w for d, w in zip(digits, weights)) % 10 == 0


# ---------------------------------------------------------------- passports (no checksum: weak)
class PassportDetector(RegexDetector):
    """Passport numbers of common issuing formats; no checksum, so weak alone."""

    id = "id.passport"
    category = CATEGORY
    description = "passport numbers (CN E/G/P+8, DE C+8, FR 2d2l5d, IN l7d, generic 2l7d); needs a name signal"
    shapes = shape_set((8, 9, 10), "DA")
    chance = 0.2
    strength = 2.0
    standalone = False
    min_len = 8
    max_len = 10
    pattern = re.compile(
        r"(?:[EGPSD][A-Z]?\d{7,8}"        # China (E12345678, EA1234567, G/P/S/D series)
        r"|[CFGHJK][CFGHJKLMNPRTVWXYZ0-9]{8}"  # Germany
        r"|\d{2}[A-Z]{2}\d{5}"            # France
        r"|[A-Z]\d{7}"                    # India and others
        r"|[A-Z]{2}\d{7}"                 # UK/many
        r"|[A-Z]{1,3}\d{5,7}[A-Z]{1,2}"   # ID cards with trailing letters (IT CIE CA12345AB, IT paper RM1234567B)
        r"|\d{9})",                        # US/UK numeric
    )

    def validate(self, text: str) -> bool:
        return sum((ch.isascii() and ch.isdigit()) for ch in text) >= 5


# ---------------------------------------------------------------- HK/Macau travel permits (China)
class CnPermitDetector(RegexDetector):
    id = "id.cn_travel_permit"
    category = CATEGORY
    description = "Mainland travel permits for HK/Macau/Taiwan (C/H/M/T + 8 digits)"
    shapes = shape_set((9, 10), "A")
    chance = 0.1
    strength = 2.0
    standalone = False
    min_len = 9
    max_len = 11
    pattern = re.compile(r"[CHMTW][A-Z]?\d{8}")


def _stdnum_detectors() -> list[ValueDetector]:
    out: list[ValueDetector] = []
    for name, (lengths, charset, derives) in STDNUM_PERSONAL.items():
        if name == "cn.ric":
            continue  # the fast detector below covers it (same checks)
        out.append(StdnumDetector(name, lengths, charset, derives))
    return out


DETECTORS: list[ValueDetector] = [
    CnRicDetector(),
    GbNinoDetector(),
    HkIdDetector(),
    TwIdDetector(),
    PassportDetector(),
    CnPermitDetector(),
    *_stdnum_detectors(),
]
