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
    # UK (since 2001): AB12 CDE
    "uk": r"[A-HJ-PR-Y]{2}\d{2}\s?[A-HJ-PR-Z]{3}",
}


class EuPlateDetector(RegexDetector):
    id = "plate.eu"
    category = PLATE
    description = "European licence plate formats: DE, FR, NL, ES, IT, UK (letters/digits: needs context)"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.05
    standalone = False
    min_len = 6
    max_len = 11
    pattern = re.compile("|".join(f"(?:{p})" for p in _EU.values()))


DETECTORS: list[ValueDetector] = [CnPlateDetector(), EuPlateDetector()]
