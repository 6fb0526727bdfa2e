"""Re-identification risk without a direct identifier: k-anonymity over quasi-identifiers.

A record whose combination of quasi-identifiers (birthdate, age, gender,
postcode or area, place) is shared by fewer than ``k`` records can be tied to
one person by anyone who knows those few facts about them (Sweeney 2002:
87 % of the US population is unique on 5-digit ZIP, gender and birthdate).
We report the share of examined records in such small groups, counted
exactly over the records examined (at most :data:`MAX_RECORDS`), with the
values as they are: no generalisation, so this is the risk of the data as
stored.  Like Google Sensitive Data Protection's k-anonymity risk analysis,
but over a sample rather than a whole table.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from leakwarden.risk.keys import norm_date
from leakwarden.risk.places import norm_place

K_THRESHOLD = 5
MAX_RECORDS = 20_000

QI_CATEGORIES: tuple[str, ...] = (
    "person.birthdate",
    "person.age",
    "person.gender",
    "person.address",
    "location.place",
)

#: Direct identifiers: when one is present, k-anonymity is beside the point.
DIRECT_IDENTIFIERS = frozenset(
    {
        "person.name",
        "person.government_id",
        "person.phone",
        "person.email",
        "person.photo",
        "person.vehicle_plate",
        "biometric.face_embedding",
        "financial.card",
        "financial.bank_account",
    }
)

# Postcodes, last match wins (house numbers come first in an address).
_POSTCODES = (
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"),  # UK
    re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"),  # Canada
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Netherlands
    re.compile(r"\b\d{5}(?:-\d{4})?\b|\b\d{6}\b|\b\d{3}-\d{4}\b|\b\d{4}\b"),  # US, DE, FR, CN, JP, AT, CH...
)
# Chinese addresses: province / city / district prefix.
_CN_AREA = re.compile(r"^(.{0,12}?(?:省|自治区|特别行政区))?(.{0,12}?(?:市|州|盟|地区))?(.{0,12}?(?:区|县|旗|市))")
_MALE = frozenset({"m", "male", "man", "mann", "männlich", "maennlich", "男", "1", "herr", "mr"})
_FEMALE = frozenset({"f", "w", "female", "woman", "frau", "weiblich", "女", "2", "mrs", "ms"})


def address_area(v: Any) -> str | None:
    """The postcode of an address, else its district (Chinese) or last comma-separated part."""
    if v is None or isinstance(v, (bool, dict, list)):
        return None
    s = str(v).strip()
    if not s:
        return None
    upper = s.upper()
    for rx in _POSTCODES:
        found = rx.findall(upper)
        if found:
            return re.sub(r"\s+", "", found[-1])
    m = _CN_AREA.match(s)
    if m and m.group(0):
        return m.group(0)
    parts = [p.strip() for p in re.split(r"[,，]", s) if p.strip()]
    return (parts[-1] if len(parts) > 1 else s).casefold()


def norm_gender(v: Any) -> str | None:
    if v is None or isinstance(v, (dict, list)):
        return None
    s = str(v).strip().casefold()
    if s in _MALE:
        return "m"
    if s in _FEMALE:
        return "f"
    return s or None


def norm_age(v: Any) -> int | str | None:
    if isinstance(v, bool) or v is None:
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError, OverflowError):  # not a number, NaN, or an infinity
        s = str(v).strip().casefold()
        return s or None


QI_NORMALISERS = {
    "person.birthdate": norm_date,
    "person.age": norm_age,
    "person.gender": norm_gender,
    "person.address": address_area,
    "location.place": norm_place,
}


#: normalised quasi-identifiers remembered per field (a field's table is emptied when
#: full), of texts of at most QI_MEMO_MAX_CHARS
QI_MEMO_CAP = 4096
QI_MEMO_MAX_CHARS = 128


class KAnonymity:
    """Exact counts of quasi-identifier combinations over the first ``limit`` records."""

    def __init__(self, qi_fields: list[tuple[str, str]], *, k: int = K_THRESHOLD, limit: int = MAX_RECORDS):
        #: (path, category) pairs, in report order
        self.qi_fields = qi_fields
        self.k = k
        self.limit = limit
        self.records = 0
        self.groups: Counter[tuple[Any, ...]] = Counter()
        #: per field: (path, normaliser, raw value -> normalised value); quasi-identifiers
        #: recur (a sex, a postcode, a year of birth): each is normalised once.  Only
        #: texts and ints are remembered (no text equals an int; an int never meets
        #: the equal float or bool it would be confused with in a dict)
        self._fields: list[tuple[str, Callable[[Any], Any], dict[Any, Any]]] = [
            (path, QI_NORMALISERS[category], {}) for path, category in qi_fields
        ]

    def update(self, flat: dict[str, list[Any]]) -> None:
        if self.records >= self.limit:
            return
        combo = []
        for path, normalise, memo in self._fields:
            values = flat.get(path)
            if not values:
                combo.append(None)
                continue
            v = values[0]
            if type(v) is int or (type(v) is str and len(v) <= QI_MEMO_MAX_CHARS):
                n = memo.get(v, memo)  # (the table itself: not remembered)
                if n is memo:
                    n = normalise(v)
                    if len(memo) >= QI_MEMO_CAP:
                        memo.clear()
                    memo[v] = n
            else:
                n = normalise(v)
            combo.append(n)
        self.groups[tuple(combo)] += 1
        self.records += 1

    def drop_caches(self) -> None:
        """Forget the remembered raw values (harmless if more records come)."""
        for _, _, memo in self._fields:
            memo.clear()

    def share_below_k(self) -> float:
        if not self.records:
            return 0.0
        small = sum(c for c in self.groups.values() if c < self.k)
        return small / self.records
