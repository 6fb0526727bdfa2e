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
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import ValidationResult
from phonenumbers.phonenumberutil import _extract_country_code, _match_national_number, _test_number_length
from phonenumbers.phonenumberutil import _maybe_strip_national_prefix_carrier_code as _strip_national_prefix
from phonenumbers.re_util import re_compile

from leakwarden.detect.base import RegexDetector, ValueDetector, as_text
from leakwarden.detect.values._prefiltered import PrefilteredDetector

PHONE = "person.phone"
EMAIL = "person.email"

_PHONE_CHARS = re.compile(r"\+?[\d\s\-().]{6,24}")
_JUNK = re.compile(r"[\s\-().]")
DEFAULT_REGIONS = ("CN", "US", "GB", "DE", "FR", "IN", "BR", "ES", "IT", "NL", "RU", "JP")


def _digits(text: str) -> str:
    return _JUNK.sub("", text)


# phonenumbers compiles its metadata patterns through ``re``'s bounded cache,
# which numbers from many regions keep evicting; keep them all (a few thousand).
phonenumbers.enable_pattern_cache()

#: the number types that make a number valid (``_number_type_helper``); mobile
#: is tested apart where its pattern is the fixed-line one
_TYPE_DESCS = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail", "fixed_line")
#: (region id, country code, NSN length) -> (general pattern, union of the type patterns) or None
_TYPE_PATTERNS: dict[tuple[str | None, int | None, int], tuple[re.Pattern[str], re.Pattern[str]] | None] = {}


#: the length verdicts under which ``parse`` keeps the national prefix
_UNSTRIPPED = (ValidationResult.TOO_SHORT, ValidationResult.IS_POSSIBLE_LOCAL_ONLY, ValidationResult.INVALID_LENGTH)


def _type_patterns(metadata: Any, length: int) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A region's number-type descriptions that admit ``length``, merged into one pattern.

    ``_number_type_helper`` tries up to eleven descriptions one by one, each a
    possible-length check then a pattern; a number is valid when the general
    description and any type match, which is one length lookup and two
    patterns here.  None: no number of this length can be valid.
    """
    key = (metadata.id, metadata.country_code, length)
    if key in _TYPE_PATTERNS:
        return _TYPE_PATTERNS[key]

    def admits(desc: Any) -> bool:  # as _is_number_matching_desc, but for the pattern itself
        return (
            desc is not None
            and bool(desc.national_number_pattern)
            and (not desc.possible_length or length in desc.possible_length)
        )

    descs = [getattr(metadata, name) for name in _TYPE_DESCS]
    if not metadata.same_mobile_and_fixed_line_pattern:
        descs.append(metadata.mobile)
    types = [d.national_number_pattern for d in descs if admits(d)]
    out = None
    if admits(metadata.general_desc) and types:
        # re_compile: phonenumbers' pattern cache, so lengths with the same types share one
        out = re_compile(metadata.general_desc.national_number_pattern), re_compile("|".join(f"(?:{p})" for p in types))
    _TYPE_PATTERNS[key] = out
    return out


def _has_type(nsn: str, metadata: Any) -> bool:
    """``_number_type_helper(nsn, metadata) != UNKNOWN`` (phonenumbers), from the merged patterns."""
    patterns = _type_patterns(metadata, len(nsn))
    return patterns is not None and patterns[0].fullmatch(nsn) is not None and patterns[1].fullmatch(nsn) is not None


def is_valid_number(number: phonenumbers.PhoneNumber) -> bool:
    """``phonenumbers.is_valid_number``, step by step, with the type check of :func:`_has_type`."""
    return _is_valid_nsn(number.country_code, phonenumbers.national_significant_number(number))


def _is_valid_nsn(code: int, nsn: str) -> bool:
    """:func:`is_valid_number` of the number with country code ``code`` and national significant number ``nsn``."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code)
    if regions is None:
        return False
    if len(regions) == 1:
        region = regions[0]
    else:  # region_code_for_number: the first region whose leading digits or patterns fit
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
            if metadata is None:
                continue
            if metadata.leading_digits is not None:
                if re_compile(metadata.leading_digits).match(nsn):
                    break
            elif _has_type(nsn, metadata):
                break
        else:
            return False
    # is_valid_number_for_region
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region.upper())
    if metadata is None or (region != phonenumbers.REGION_CODE_FOR_NON_GEO_ENTITY and metadata.country_code != code):
        return False
    return _has_type(nsn, metadata)


#: the separators of :func:`_valid_plus_number`'s fast path (all in phonenumbers'
#: VALID_PUNCTUATION, none a word character, none part of an extension pattern)
_PLUS_PUNCT = str.maketrans("", "", " -().")
_COUNTRY_CODES = phonenumbers.COUNTRY_CODE_TO_REGION_CODE
_SUPPORTED_REGIONS = phonenumbers.SUPPORTED_REGIONS


def _valid_plus_number(text: str) -> bool | None:
    """``is_valid_number(phonenumbers.parse(text, None))`` (False when parse raises) for
    ``"+"`` then ASCII digits and ``" -()."``; None for any other text.

    This is what ``parse`` does to such text, without its general machinery
    (Unicode digits, letters, extensions, RFC 3966, IDD prefixes):

    * ``_extract_possible_number`` starts at the ``+`` and cuts the trailing
      separators (no ``/`` starts a second number, no ``;`` a sub-address);
    * the text is a viable number (``VALID_PHONE_NUMBER``) exactly when it has
      three digits or more, and ``_EXTN_PATTERN`` cannot match (each of its forms
      needs a letter, ``;``, ``,``, ``#`` or ``~``);
    * after the plus the number is its digits; two digits or fewer raise
      TOO_SHORT_AFTER_IDD; a leading ``0`` or no known code in the first three
      digits raises INVALID_COUNTRY_CODE (the retry without the plus has no
      region, so it raises again);
    * the national prefix is stripped with the library's own helpers, then the
      NSN length is checked (2..17); the NSN string is those digits (leading
      zeros are kept as "Italian leading zeros").

    ``tests/unit/detect/test_hot_fast_paths.py`` compares it with the library.
    """
    digits = text[1:].translate(_PLUS_PUNCT)
    if text[:1] != "+" or not (digits.isdigit() and digits.isascii()) or len(text) > 250:
        return None
    if len(digits) <= 2 or digits[0] == "0":
        return False
    for i in (1, 2, 3):  # _extract_country_code
        code = int(digits[:i])
        if code in _COUNTRY_CODES:
            break
    else:
        return False
    nsn = digits[i:]
    if len(nsn) < 2:
        return False
    region = _COUNTRY_CODES[code][0]  # region_code_for_country_code
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
    if metadata is None:  # parse asserts it is not
        return False
    if metadata.national_prefix_for_parsing:
        _, stripped, _ = _strip_national_prefix(nsn, metadata)
        if _test_number_length(stripped, metadata) not in _UNSTRIPPED:
            nsn = stripped
    if not (2 <= len(nsn) <= 17):  # _MIN_LENGTH_FOR_NSN, _MAX_LENGTH_FOR_NSN
        return False
    return _is_valid_nsn(code, nsn)


def _valid_national_number(text: str, region: str) -> bool | None:
    """``is_valid_number(phonenumbers.parse(text, region))`` (False when parse raises)
    for text of ASCII digits and ``" -()."`` with three digits or more and a
    supported region; None for any other text or region.

    ``parse`` on such text, without its general machinery (its per-character
    Unicode digit normalisation is most of its cost):

    * ``_extract_possible_number`` keeps the text from its first digit to its
      last; ``_normalize`` makes that the digits (the separators are dropped,
      there are no letters); three digits make it viable, and no extension
      pattern can match (each form needs a letter, ``;``, ``,``, ``#`` or ``~``);
    * ``_maybe_extract_country_code``: digits that start with the region's IDD
      prefix (not followed by a ``0``) carry a country code after it: two
      digits or fewer after the prefix raise TOO_SHORT_AFTER_IDD, no known code
      raises INVALID_COUNTRY_CODE (no plus to retry without); otherwise digits
      that start with the region's own country code lose it when that fits the
      region's general pattern better, or the whole is too long;
    * then, as for a ``+`` number, the national prefix is stripped where the
      length allows and the NSN length is checked (2..17).

    ``tests/unit/detect/test_hot_fast_paths.py`` compares it with the library.
    """
    digits = text.translate(_PLUS_PUNCT)
    if not (digits.isdigit() and digits.isascii()) or len(digits) < 3 or len(text) > 250:
        return None
    if region not in _SUPPORTED_REGIONS:  # parse raises (no plus), or the library decides
        return None
    metadata = PhoneMetadata.metadata_for_region(region, None)
    if metadata is None:
        return None
    code = 0
    nsn = digits
    idd = metadata.international_prefix
    m = re_compile(idd).match(digits) if idd is not None else None
    if m is not None and digits[m.end():m.end() + 1] != "0":  # _parse_prefix_as_idd
        rest = digits[m.end():]
        if len(rest) <= 2:
            return False
        code, nsn = _extract_country_code(rest)
        if code == 0:
            return False
    else:
        own = str(metadata.country_code)
        if digits.startswith(own):
            _, potential, _ = _strip_national_prefix(digits[len(own):], metadata)
            general = metadata.general_desc
            if (
                not _match_national_number(digits, general, False) and _match_national_number(potential, general, False)
            ) or _test_number_length(digits, metadata) == ValidationResult.TOO_LONG:
                code, nsn = metadata.country_code, potential
    if code != 0:
        number_region = phonenumbers.region_code_for_country_code(code)
        if number_region != region:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, number_region)
            if metadata is None:  # parse asserts it is not
                return False
    else:
        code = metadata.country_code
    if len(nsn) < 2:
        return False
    _, stripped, _ = _strip_national_prefix(nsn, metadata)
    if _test_number_length(stripped, metadata) not in _UNSTRIPPED:
        nsn = stripped
    if not (2 <= len(nsn) <= 17):
        return False
    return _is_valid_nsn(code, nsn)


class InternationalPhoneDetector(PrefilteredDetector):
    id = "phone.e164"
    category = PHONE
    description = "phone number in international form (+CC..., 00CC...), validated by phonenumbers"
    types = frozenset({"str", "int"})
    strength = 5.0
    chance = 0.0

    def prepare(self) -> None:
        # every region's metadata (phonenumbers loads each on its first number)
        for region in phonenumbers.SUPPORTED_REGIONS:
            PhoneMetadata.metadata_for_region(region)
        for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
            PhoneMetadata.metadata_for_nongeo_region(code)

    def prefilter(self, value: Any) -> bool:
        if not isinstance(value, str) or not (7 <= len(value) <= 32):
            return False
        v = value.lstrip()
        return v[:1] == "+" or v[:2] == "00"

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if _PHONE_CHARS.fullmatch(t) is None:
            return False
        if t.startswith("00"):
            t = "+" + t[2:]
        fast = _valid_plus_number(t)
        if fast is not None:
            return fast
        try:
            return is_valid_number(phonenumbers.parse(t, None))
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
    #: the region of the last number found valid: tried first, as the values of
    #: a field come from one region (the answer, valid in any of the regions,
    #: does not depend on the order)
    _last_region: str | None = None

    def prefilter(self, value: Any) -> bool:
        t = as_text(value, 32)
        if t is None or not (6 <= len(t) <= 24) or t[:1] == "+":
            return False
        return _PHONE_CHARS.fullmatch(t) is not None and 6 <= len(_digits(t)) <= 15

    def match(self, value: Any, regions: tuple[str, ...] = DEFAULT_REGIONS) -> bool:
        return self.prefilter(value) and self._checked(value, regions)

    def _checked(self, value: Any, regions: tuple[str, ...] = DEFAULT_REGIONS) -> bool:
        """:meth:`match` for a value the prefilter accepted."""
        t = as_text(value, 32)
        last = self._last_region
        if last is not None and len(regions) > 1 and last in regions:
            regions = (last, *(r for r in regions if r != last))
        for region in regions:
            try:
                fast = _valid_national_number(t, region)
                if fast is None:
                    fast = is_valid_number(phonenumbers.parse(t, region))
                if fast:
                    self._last_region = region
                    return True
            except Exception:  # noqa: BLE001 - see InternationalPhoneDetector
                continue
        return False

    def bind(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        regions = tuple(context.get("regions") or DEFAULT_REGIONS)[:3]
        return lambda v: self.match(v, regions)

    def bind_prefiltered(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        regions = tuple(context.get("regions") or DEFAULT_REGIONS)[:3]
        return lambda v: self._checked(v, regions)


def best_region(values: list[Any], candidates: tuple[str, ...] = DEFAULT_REGIONS) -> str | None:
    """The region under which most of ``values`` are valid national numbers."""
    det = NationalPhoneDetector()
    sample = [v for v in values if det.prefilter(v)][:20]
    if not sample:
        return None
    best, best_n = None, 0
    for region in candidates:
        n = 0
        for i, v in enumerate(sample):
            if n + len(sample) - i <= best_n:  # cannot beat the best any more
                break
            if det.match(v, (region,)):
                n += 1
        if n > best_n:
            best, best_n = region, n
            if best_n == len(sample):  # nor can any region after it
                break
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
