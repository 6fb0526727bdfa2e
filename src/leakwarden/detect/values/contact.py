"""Contact data: phone numbers and email addresses.

Phones are parsed with ``phonenumbers``.  A number written with ``+`` (or
``00``) carries its country and is strong evidence once valid.  A national
number has no country: the region is inferred per field (from the classifier
context: sibling country fields, the collection's language) or, failing that,
the region under which most of the field's values are valid; such evidence is
weaker, its chance rate is estimated on the field.  Chinese mobiles
(``1[3-9]`` + 9 digits) have a detector of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import phonenumbers

from leakwarden.detect.base import RegexDetector, ValueDetector, as_text

PHONE = "person.phone"
EMAIL = "person.email"

_PHONE_CHARS = re.compile(r"\+?[\d\s\-().]{6,24}")
_JUNK = re.compile(r"[\s\-().]")
DEFAULT_REGIONS = ("CN", "US", "GB", "DE", "FR", "IN", "BR", "ES", "IT", "NL", "RU", "JP")


def _digits(text: str) -> str:
    return _JUNK.sub("", text)


class InternationalPhoneDetector(ValueDetector):
    id = "phone.e164"
    category = PHONE
    description = "phone number in international form (+CC..., 00CC...), validated by phonenumbers"
    types = frozenset({"str", "int"})
    strength = 5.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        if not isinstance(value, str) or not (7 <= len(value) <= 32):
            return False
        v = value.lstrip()
        return v[:1] == "+" or v[:2] == "00"

    def match(self, value: Any) -> bool:
        if not self.prefilter(value):
            return False
        t = value.strip()
        if _PHONE_CHARS.fullmatch(t) is None:
            return False
        if t.startswith("00"):
            t = "+" + t[2:]
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(t, None))
        except Exception:  # noqa: BLE001 - phonenumbers raises NumberParseException and friends
            return False


_CN_MOBILE = re.compile(r"(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}")


class CnMobileDetector(RegexDetector):
    id = "phone.cn_mobile"
    category = PHONE
    description = "Chinese mobile number (1[3-9] + 9 digits, optional +86)"
    chance = None
    strength = 4.5
    min_len = 11
    max_len = 17
    pattern = _CN_MOBILE


class NationalPhoneDetector(ValueDetector):
    """A national number valid under the field's region (inferred)."""

    id = "phone.national"
    category = PHONE
    description = "national phone number valid in the field's inferred region (phonenumbers)"
    types = frozenset({"str", "int"})
    strength = 3.0
    chance = None
    standalone = False

    def prefilter(self, value: Any) -> bool:
        t = as_text(value, 32)
        if t is None or not (6 <= len(t) <= 24) or t[:1] == "+":
            return False
        return _PHONE_CHARS.fullmatch(t) is not None and 6 <= len(_digits(t)) <= 15

    def match(self, value: Any, regions: tuple[str, ...] = DEFAULT_REGIONS) -> bool:
        if not self.prefilter(value):
            return False
        t = as_text(value, 32)
        for region in regions:
            try:
                if phonenumbers.is_valid_number(phonenumbers.parse(t, region)):
                    return True
            except Exception:  # noqa: BLE001 - see InternationalPhoneDetector
                continue
        return False

    def bind(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        regions = tuple(context.get("regions") or DEFAULT_REGIONS)[:3]
        return lambda v: self.match(v, regions)


def best_region(values: list[Any], candidates: tuple[str, ...] = DEFAULT_REGIONS) -> str | None:
    """The region under which most of ``values`` are valid national numbers."""
    det = NationalPhoneDetector()
    sample = [v for v in values if det.prefilter(v)][:20]
    if not sample:
        return None
    best, best_n = None, 0
    for region in candidates:
        n = sum(1 for v in sample if det.match(v, (region,)))
        if n > best_n:
            best, best_n = region, n
    return best


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u00a1-\uffff]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\-\u00a1-\uffff]+)*"
    r"@(?:[A-Za-z0-9\u00a1-\uffff](?:[A-Za-z0-9\u00a1-\uffff\-]{0,61}[A-Za-z0-9\u00a1-\uffff])?\.)+"
    r"[A-Za-z\u00a1-\uffff]{2,24}"
)


class EmailDetector(RegexDetector):
    id = "email.address"
    category = EMAIL
    description = "email address (RFC 5322 dot-atom local part, domain with a TLD)"
    types = frozenset({"str"})
    strength = 5.5
    chance = 0.0
    min_len = 6
    max_len = 254
    pattern = _EMAIL

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 6 <= len(value) <= 300 and "@" in value

    def validate(self, text: str) -> bool:
        # "user@host.png" style asset names are not addresses
        return not text.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"))


DETECTORS: list[ValueDetector] = [
    InternationalPhoneDetector(),
    CnMobileDetector(),
    NationalPhoneDetector(),
    EmailDetector(),
]
