"""Special categories (GDPR Art. 9/10, PIPL Art. 28): ethnicity, religion,
health, criminal records, political opinion, sexual orientation.

Whole values are looked up in the dictionaries (``detect/dictionaries.py``);
free text is searched for the terms that are safe inside text.  A field is
judged as a whole: a field whose matching values are only generic words
("White", "none") needs a name signal, one with specific terms
("维吾尔族", "Hispanic or Latino") does not.  Codes (GB/T 3304 ethnic codes,
ICD-10 diagnoses) count only with a name signal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from leakwarden.detect.base import ValueDetector, as_text
from leakwarden.detect.dictionaries import FILES, INNER_MEMO, inner_categories, load


class DictionaryDetector(ValueDetector):
    """A whole value found in the category's dictionary."""

    types = frozenset({"str"})
    strength = 4.0
    chance = 0.0
    vocabulary = True

    def __init__(self, category: str):
        self.category = category
        self.id = category.split(".", 1)[1] + ".dictionary"
        self.description = f"{category} value from the multilingual dictionary"

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 1 <= len(value) <= 80

    def match(self, value: Any) -> bool:
        return self.prefilter(value) and load(self.category).lookup(value) is not None

    def bind_prefiltered(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        """``lookup(value) is not None`` for a text past the prefilter, straight from the dictionary's memo."""
        dictionary = load(self.category)
        memo = dictionary.memo
        lookup = dictionary.lookup

        def checked(value: str) -> bool:
            if value in memo:
                return memo[value] is not None
            return lookup(value) is not None

        return checked

    def assess(self, matched: list[Any]) -> tuple[float, bool]:
        """Strength and standalone-ness from the matched values of one field."""
        d = load(self.category)
        kinds = [d.lookup(v) for v in matched if isinstance(v, str)]
        spec = sum(1 for k in kinds if k == "s")
        distinct_spec = len({v.strip().casefold() for v in matched if isinstance(v, str) and d.lookup(v) == "s"})
        if kinds and spec / len(kinds) >= 0.3 and distinct_spec >= 1:
            return self.strength, True
        return 1.5, False


class DictionaryTextDetector(ValueDetector):
    """Free text that contains a term of the category (police notes, remarks)."""

    types = frozenset({"str"})
    strength = 3.0
    chance = 0.0
    vocabulary = True
    #: notes mention a category in a share of records, not in all of them
    coverage = 0.25
    #: categorical fields are read to the end (no early exit): "Health > Diabetes"
    #: may be one audience segment among twenty
    read_all = True
    #: every in-text term has a letter (tests/unit/detect/test_shapes.py checks the dictionaries)
    needs_letters = True

    def __init__(self, category: str):
        self.category = category
        self.id = category.split(".", 1)[1] + ".text"
        self.description = f"free text mentioning {category} terms"

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 4 <= len(value) <= 4096

    def match(self, value: Any) -> bool:
        return self.prefilter(value) and self.category in inner_categories(value)

    def bind_prefiltered(self, context: dict[str, Any]) -> Callable[[Any], bool]:
        """``category in inner_categories(value)`` for a text past the prefilter.

        The six detectors of this class read the same texts: the first pays the
        search, the other five find its answer in the memo in one dict lookup.
        """
        category = self.category
        memo_get = INNER_MEMO.get

        def checked(value: str) -> bool:
            cats = memo_get(value)
            if cats is None:
                cats = inner_categories(value)
            return category in cats

        return checked


class EthnicCodeDetector(ValueDetector):
    id = "ethnicity.gbt3304"
    category = "special.ethnicity"
    description = "GB/T 3304 ethnic group code 01-56 (97/98 other/foreign); only with an ethnicity name signal"
    types = frozenset({"str", "int"})
    strength = 2.0
    chance = 0.3
    standalone = False
    needs_concept = "special.ethnicity"

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return False
        t = as_text(value, 4)
        if t is None or not (t.isascii() and t.isdigit()) or len(t) > 2:
            return False
        n = int(t)
        return 1 <= n <= 56 or n in (97, 98)


_ICD10 = re.compile(r"[A-TV-Z][0-9][0-9AB](?:\.[0-9A-KXZ]{1,4})?")


class Icd10Detector(ValueDetector):
    id = "health.icd10"
    category = "special.health"
    description = "ICD-10 diagnosis code shape (A00-Z99 with subcodes); only with a health name signal"
    types = frozenset({"str"})
    strength = 2.5
    chance = 0.2
    standalone = False
    needs_concept = "special.health"

    def match(self, value: Any) -> bool:
        return isinstance(value, str) and 3 <= len(value) <= 9 and _ICD10.fullmatch(value.strip().upper()) is not None


class FlagDetector(ValueDetector):
    """Booleans and yes/no codes: a special category only when the name says so
    (``isDrugUser``, ``hasCriminalRecord``, ``残疾``)."""

    types = frozenset({"bool", "int", "str"})
    strength = 1.0
    chance = 0.5
    standalone = False
    #: the name itself must say the category (hiv_positive, is_smoker); a weak
    #: word or a parent's support (drug.daw, geo.type) is not enough for a 0/1
    needs_weight = 2.0

    def __init__(self, category: str):
        self.category = category
        self.id = category.split(".", 1)[1] + ".flag"
        self.needs_concept = category
        self.description = f"boolean / yes-no flag in a field named for {category}"

    def match(self, value: Any) -> bool:
        if isinstance(value, bool):
            return True
        if isinstance(value, int):
            return value in (0, 1)
        return isinstance(value, str) and value.strip().casefold() in _YESNO


_YESNO = frozenset({"y", "n", "yes", "no", "true", "false", "0", "1", "是", "否", "有", "无", "ja", "nein", "oui", "non", "si", "sí", "sim", "não", "да", "нет"})


def _detectors() -> list[ValueDetector]:
    out: list[ValueDetector] = []
    for category in FILES:
        out.append(DictionaryDetector(category))
        out.append(DictionaryTextDetector(category))
        out.append(FlagDetector(category))
    out.append(EthnicCodeDetector())
    out.append(Icd10Detector())
    return out


DETECTORS: list[ValueDetector] = _detectors()
