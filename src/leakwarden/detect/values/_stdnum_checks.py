"""The check-digit tests of the python-stdnum modules a scan validates most, done faster.

A stdnum ``is_valid(text)`` compacts the text, checks its length and digits,
then computes the check digits with a generator over ``int(ch)`` and raises
on each failure; most numbers a scan tries fail (random probes, fields of
another country's IDs), so that is a raise and a catch per number.

:func:`is_valid` takes the number the module's own ``compact`` makes of the
text and, when the part the module reads as digits is ASCII digits, runs the
module's checks on it with the same arithmetic: the weighted sums over the
digits' bytes at C speed, lengths and ranges compared directly.  Any other
number (letters where digits belong, other Unicode digits...) is left to the
module, so its odd corners (``isdigits`` accepts a trailing newline, then
``int`` raises) stay its own.  ``tests/unit/detect/test_stdnum_checks.py``
compares each check with the module on generated numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import mul
from types import ModuleType
from typing import Any


def _digits(text: str) -> bool:
    """``stdnum.util.isdigits`` for text without a newline: ASCII digits, at least one."""
    return text.isascii() and text.isdigit()


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    """``sum(w * int(n) for w, n in zip(weights, digits))`` for ASCII digits."""
    raw = digits.encode("ascii")
    return sum(map(mul, raw, weights)) - 48 * sum(weights[: len(raw)])


#: stdnum.iso7064.mod_11_10.checksum, one step: (state, digit) -> next state
_MOD_11_10 = [[(((check or 10) * 2) % 11 + d) % 10 for d in range(10)] for check in range(10)]


def _mod_11_10(digits: str) -> int:
    """``stdnum.iso7064.mod_11_10.checksum`` of ASCII digits."""
    check = 5
    table = _MOD_11_10
    for b in digits.encode("ascii"):
        check = table[check][b - 48]
    return check


def _cl_rut(number: str) -> bool | None:
    if len(number) not in (8, 9):
        return False
    body = number[:-1]
    if not _digits(body):
        return None
    # weights 4 + (5 - i) % 6 from the last digit of the body backwards
    s = _weighted(body[::-1], (9, 8, 7, 6, 5, 4, 9, 8))
    return number[-1] == "0123456789K"[s % 11]


def _pe_cui(number: str) -> bool | None:
    if len(number) not in (8, 9):
        return False
    if not _digits(number[:8]):
        return None
    if len(number) == 9:
        # calc_check_digits compacts the number again: its first 8 ASCII digits stay
        c = _weighted(number[:8], (3, 2, 7, 6, 5, 4, 3, 2)) % 11
        return number[-1] in "65432110987"[c] + "KJIHGFEDCBA"[c]
    return True


def _nl_bsn(number: str) -> bool | None:
    if not _digits(number):
        return None
    if int(number) <= 0 or len(number) != 9:
        return False
    return (_weighted(number[:8], (9, 8, 7, 6, 5, 4, 3, 2)) - int(number[8])) % 11 == 0


def _hr_oib(number: str) -> bool | None:
    if not _digits(number):
        return None
    return len(number) == 11 and _mod_11_10(number) == 1


def _de_idnr(number: str) -> bool | None:
    if len(number) != 11:
        return False
    if not _digits(number):
        return None
    if number[0] == "0":
        return False
    # in the first 10 digits exactly one digit appears more than once, two or three times
    head = number[:10]
    repeated = [n for n in map(head.count, set(head)) if n > 1]
    if len(repeated) != 1 or repeated[0] not in (2, 3):
        return False
    return _mod_11_10(number) == 1


def _br_cpf(number: str) -> bool | None:
    if not _digits(number):
        return None
    if int(number) <= 0 or len(number) != 11:
        return False
    d1 = (11 - _weighted(number, (10, 9, 8, 7, 6, 5, 4, 3, 2))) % 11 % 10
    d2 = (11 - (_weighted(number, (11, 10, 9, 8, 7, 6, 5, 4, 3)) + 2 * d1)) % 11 % 10
    return number[-2:] == "%d%d" % (d1, d2)


def _ru_inn(number: str) -> bool | None:
    if not _digits(number):
        return None
    if len(number) == 10:
        return str(_weighted(number, (2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10) == number[-1]
    if len(number) == 12:
        d1 = str(_weighted(number, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)
        d2 = str(_weighted(number[:10] + d1, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)
        return number[-2:] == d1 + d2
    return False


def _nz_ird(number: str) -> bool | None:
    if len(number) not in (8, 9):
        return False
    if not _digits(number):
        return None
    if not 10000000 < int(number) < 150000000:
        return False
    body = number[:-1].zfill(8)
    s = -_weighted(body, (3, 2, 7, 6, 5, 4, 3, 2)) % 11
    if s == 10:
        s = -_weighted(body, (7, 4, 3, 2, 5, 2, 7, 6)) % 11
    return number[-1] == str(s)  # "10" is no digit: invalid


def _at_vnr(number: str) -> bool | None:
    if not _digits(number):
        return None
    if number[0] == "0" or len(number) != 10:
        return False
    return str(_weighted(number, (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)) % 11) == number[3]


def _bg_pnf(number: str) -> bool | None:
    if not _digits(number):
        return None
    if len(number) != 10:
        return False
    return str(_weighted(number[:-1], (21, 19, 17, 13, 11, 9, 7, 3, 1)) % 10) == number[-1]


def _th_pin(number: str) -> bool | None:
    if len(number) != 13:
        return False
    if not _digits(number):
        return None
    if number[0] in ("0", "9"):
        return False
    s = _weighted(number[:12], (2, 1, 0, -1, -2, -3, -4, -5, -6, -7, -8, -9)) % 11
    return number[-1] == str((1 - s) % 10)


#: module name -> the module's checks on its compacted number (None: ask the module)
CHECKS: dict[str, Callable[[str], bool | None]] = {
    "cl.rut": _cl_rut,
    "pe.cui": _pe_cui,
    "nl.bsn": _nl_bsn,
    "hr.oib": _hr_oib,
    "de.idnr": _de_idnr,
    "br.cpf": _br_cpf,
    "ru.inn": _ru_inn,
    "nz.ird": _nz_ird,
    "at.vnr": _at_vnr,
    "bg.pnf": _bg_pnf,
    "th.pin": _th_pin,
}


def is_valid(module_name: str, module: ModuleType, text: Any) -> bool:
    """``module.is_valid(text)`` (``module`` being ``stdnum.<module_name>``), its checks faster where :data:`CHECKS` has them."""
    check = CHECKS.get(module_name)
    if check is not None and type(text) is str:
        answer = check(module.compact(text))
        if answer is not None:
            return answer
    return bool(module.is_valid(text))
