"""Vehicle licence plates: China (incl. new-energy 8-character plates) and the
common European formats (DE, FR, NL, ES, IT, UK)."""

from __future__ import annotations

import re
from typing import Any

from leakwarden.detect.base import RegexDetector, ValueDetector

PLATE = "person.vehicle_plate"

_CN_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_CN = re.compile(
    rf"[{_CN_PROVINCES}][A-HJ-NP-Z][·•\s\-]?"
    r"(?:[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳领试超]"   # ordinary: 5 characters
    r"|[DF][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF])"                 # new energy: 6 characters
)


class CnPlateDetector(RegexDetector):
    id = "plate.cn"
    category = PLATE
    description = "Chinese licence plate (京A12345, 粤B·D12345 new-energy, 使/领 plates)"
    types = frozenset({"str"})
    strength = 5.5
    chance = 0.0
    min_len = 7
    max_len = 10
    pattern = re.compile(rf"{_CN.pattern}|[使][0-9]{{6}}|[{_CN_PROVINCES}][A-Z0-9]{{4,5}}领")

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 7 <= len(value) <= 12 and value.strip()[:1] in _CN_PROVINCES + "使"

    def validate(self, text: str) -> bool:
        return sum(ch.isdigit() for ch in text) >= 2


_EU = {
    # Germany: district code (1-3 letters, umlauts), 1-2 letters, 1-4 digits, optional E/H
    "de": r"[A-ZÄÖÜ]{1,3}[\s\-]+[A-Z]{1,2}[\s\-]?[1-9]\d{0,3}[EH]?",
    # France SIV (since 2009): AB-123-CD
    "fr": r"[A-HJ-NP-TV-Z]{2}[\s\-]\d{3}[\s\-][A-HJ-NP-TV-Z]{2}",
    # Netherlands sidecodes 4-11 (with dashes)
    "nl": r"\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|\d{2}-[A-Z]{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}",
    # Spain (since 2000): 1234 BCD (no vowels, no Q/Ñ)
    "es": r"\d{4}[\s\-]?[BCDFGHJKLMNPRSTVWXYZ]{3}",
    # Italy (since 1994): AB 123 CD
    "it": r"[A-HJ-NPR-Z]{2}\s?\d{3}\s?[A-HJ-NPR-Z]{2}",
    # UK (since 2001): AB12 CDE; prefix (A123 BCD) and suffix (ABC 123D) series
    "uk": r"[A-HJ-PR-Y]{2}\d{2}\s?[A-HJ-PR-Z]{3}|[A-HJ-NPR-Y]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-HJ-NPR-Y]",
    # Sweden: ABC 123 / ABC 12A
    "se": r"[A-HJ-PR-UW-Z]{3}\s?\d{2}[A-HJ-PR-UW-Z0-9]",
    # Finland, Hungary, Estonia, Lithuania: ABC-123
    "fi": r"[A-ZÅÄÖ]{2,3}-\d{1,3}",
    # Norway, Denmark: AB 12345 / AB 12 345
    "no": r"[A-Z]{2}\s?\d{2}\s?\d{3}",
    # Poland: WA 12345, KR 1A234, WPR 1234A
    "pl": r"[A-Z]{2,3}\s\d[0-9A-Z]{3,4}",
    # Czechia: 1AB 2345
    "cz": r"\d[A-Z][A-Z0-9]\s?\d{4}",
    # Romania: B 123 ABC, CJ 12 ABC
    "ro": r"(?:B|[A-Z]{2})\s\d{2,3}\s[A-Z]{3}",
    # Portugal: AA-00-AA, 00-AA-00, 00-00-AA; Belgium 1-ABC-123
    "pt": r"[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d-[A-Z]{3}-\d{3}",
    # Greece: ΙΚΤ-1234 (Greek capitals that look Latin), Turkey: 34 ABC 123
    "gr": r"[ΑΒΕΖΗΙΚΜΝΟΡΤΥΧABEZHIKMNOPTYX]{3}[\s\-]?\d{4}",
    "tr": r"(?:0[1-9]|[1-7]\d|8[01])\s[A-Z]{1,3}\s\d{2,4}",
    # Russia, Ukraine: А123ВС77, AA1234BB
    "ru": r"[АВЕКМНОРСТУХABEKMHOPCTYX]\d{3}[АВЕКМНОРСТУХABEKMHOPCTYX]{2}\d{2,3}|[A-ZА-Я]{2}\d{4}[A-ZА-Я]{2}",
}


class EuPlateDetector(RegexDetector):
    id = "plate.eu"
    category = PLATE
    description = "European licence plate formats: DE, FR, NL, ES, IT, UK, SE, FI, NO/DK, PL, CZ, RO, PT/BE, GR, TR, RU/UA (letters/digits: needs context)"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.05
    standalone = False
    min_len = 6
    max_len = 11
    pattern = re.compile("|".join(f"(?:{p})" for p in _EU.values()))


DETECTORS: list[ValueDetector] = [CnPlateDetector(), EuPlateDetector()]
