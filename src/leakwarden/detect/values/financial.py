"""Financial data: payment cards (Luhn + issuer ranges), IBAN (mod 97), and the
bank-account formats python-stdnum knows."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Any

from leakwarden.detect.base import RegexDetector, ValueDetector, as_text, shape_set, short_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector
from leakwarden.detect.values import _stdnum_fast as stdnum_fast
from leakwarden.detect.values.network import _luhn_ok

CARD = "financial.card"
ACCOUNT = "financial.bank_account"


def card_issuer(digits: str) -> str | None:
    """The card scheme whose IIN range and length fit ``digits``, or None."""
    n = len(digits)
    p2, p3, p4, p6 = int(digits[:2]), int(digits[:3]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or p2 == 65 or 644 <= p3 <= 649 or 622126 <= p6 <= 622925) and 16 <= n <= 19:
        return "discover"
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39)) and 14 <= n <= 19:
        return "diners"
    if (p2 == 50 or 56 <= p2 <= 69) and 12 <= n <= 19:
        return "maestro"
    if p4 in (2200, 2201, 2202, 2203, 2204) and 16 <= n <= 19:
        return "mir"
    return None


class CardDetector(RegexDetector):
    id = "card.pan"
    category = CARD
    description = "payment card number (13-19 digits, Luhn, issuer IIN range and length)"
    shapes = shape_set(range(13, 20), "D")
    chance = None
    strength = 5.5
    compact_first = True
    min_len = 13
    max_len = 19
    pattern = re.compile(r"\d{13,19}")

    def prefilter(self, value: Any) -> bool:
        t = as_text(value, 40)
        return t is not None and 13 <= len(t) <= 23 and (t[:1].isascii() and t[:1].isdigit())

    def validate(self, text: str) -> bool:
        if len(set(text)) < 2:
            return False
        return card_issuer(text) is not None and _luhn_ok(text)


class IbanDetector(RegexDetector):
    id = "bank.iban"
    category = ACCOUNT
    description = "IBAN (country length and ISO 7064 mod 97-10, via stdnum.iban)"
    shapes = shape_set(range(15, 35), "A")
    types = frozenset({"str"})
    chance = 0.0
    strength = 6.0
    compact_first = True
    min_len = 15
    max_len = 34
    pattern = re.compile(r"[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}")

    def prepare(self) -> None:
        stdnum_fast.load("iban")

    def validate(self, text: str) -> bool:
        return iban_is_valid(text)


#: ``int(ch, 36)`` as text, for the characters of a compacted IBAN (stdnum.iso7064.mod_97_10._to_base10)
_BASE36_DIGITS = {ord(ch): str(int(ch, 36)) for ch in string.digits + string.ascii_uppercase}
#: country code -> the properties stdnum's IBAN registry gives the first part of a number of that country
_IBAN_COUNTRY: dict[str, dict[str, str]] = {}


@lru_cache(maxsize=None)
def _bban_pattern(structure: str) -> re.Pattern[str]:
    """``stdnum.iban._struct_to_re(structure)``, compiled once per structure (stdnum converts it per call)."""
    return stdnum_fast.load("iban")._struct_to_re(structure)  # noqa: SLF001 - the library's own conversion


@lru_cache(maxsize=1)
def _registry_by_country() -> bool:
    """Whether every top-level entry of stdnum's IBAN registry is a two-letter country code.

    Then the properties of a number's first part (``_ibandb.info(number)[0][1]``)
    depend on its first two characters only: ``NumDB._find`` keeps the entries
    whose prefix of their length lies in their range, all of length 2.
    """
    return all(entry[0] == 2 for entry in stdnum_fast.load("iban")._ibandb.prefixes)  # noqa: SLF001


def iban_is_valid(text: str) -> bool:
    """``stdnum.iban.is_valid(text)`` (False for any exception), with its slow steps done faster.

    ``stdnum.iban.validate`` compacts the number, checks ISO 7064 mod 97-10
    by building the base-10 text one ``int(ch, 36)`` at a time, looks the
    country up in its registry with a linear scan of ~90 entries, converts the
    registry's BBAN structure into a regex and checks the country's own module.
    For a compacted number of ASCII letters and digits the same steps are done
    here with one ``translate`` for the base-10 text, the registry answer
    remembered per country, the structure regex compiled once, and the
    library's country module; other text goes to the library.
    ``tests/unit/detect/test_hot_fast_paths.py`` compares the two.
    """
    iban = stdnum_fast.load("iban")
    try:
        number = iban.compact(text)
        if not (len(number) >= 5 and number.isascii() and number.isalnum() and _registry_by_country()):
            return bool(iban.is_valid(text))
        # mod_97_10.validate(number[4:] + number[:4]); compact upper-cased the letters
        if int((number[4:] + number[:4]).translate(_BASE36_DIGITS)) % 97 != 1:
            return False
        country = number[:2]
        props = _IBAN_COUNTRY.get(country)
        if props is None:
            props = _IBAN_COUNTRY[country] = iban._ibandb.info(number)[0][1]  # noqa: SLF001
        if not props or not _bban_pattern(props.get("bban", "")).match(number[4:]):
            return False
        module = iban._get_cc_module(country)  # noqa: SLF001 - the library's cached country module
        if module:
            module.validate(number)
        return True
    except Exception:  # noqa: BLE001 - third-party validator (ValidationError: not valid)
        return False


class StdnumAccountDetector(PrefilteredDetector):
    category = ACCOUNT
    chance = None
    strength = 4.0
    types = frozenset({"str", "int"})

    def __init__(self, module_name: str, lengths: tuple[int, ...]):
        self.module_name = module_name
        self.id = "bank." + module_name.replace(".", "_")
        self._lengths = frozenset(lengths)
        self._module = None
        self.shapes = shape_set(lengths, "D")  # type: ignore[misc]  # per instance: its module's lengths
        self.description = f"bank account number (stdnum.{module_name})"

    def prefilter(self, value: Any) -> bool:
        tc = short_text(value)
        if tc is None:
            return False
        c = tc[1]
        return len(c) in self._lengths and c.isascii() and c.isdigit()

    def prepare(self) -> None:
        if self._module is None:
            self._module = stdnum_fast.load(self.module_name)

    def _checked(self, value: Any) -> bool:
        if self._module is None:
            self.prepare()
        try:
            return bool(self._module.is_valid(as_text(value, 40)))
        except Exception:  # noqa: BLE001 - third-party validator
            return False


class AccountNumberDetector(RegexDetector):
    """A bare account number: digits only, so only with a name signal."""

    id = "bank.account_number"
    category = ACCOUNT
    description = "bank account number as 8-20 digits (needs a name signal)"
    shapes = shape_set(range(8, 21), "D")
    chance = 0.5
    strength = 1.5
    standalone = False
    compact_first = True
    min_len = 8
    max_len = 20
    pattern = re.compile(r"\d{8,20}")


DETECTORS: list[ValueDetector] = [
    CardDetector(),
    IbanDetector(),
    StdnumAccountDetector("es.ccc", (20,)),
    StdnumAccountDetector("ar.cbu", (22,)),
    StdnumAccountDetector("no.kontonr", (11,)),
    StdnumAccountDetector("cz.bankaccount", (10, 16)),
    StdnumAccountDetector("nz.bankaccount", (15, 16)),
    AccountNumberDetector(),
]
