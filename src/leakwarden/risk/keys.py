"""Person keys: which field values stand for one person, and how they are normalised.

A person key is a value that names one person within a store, so that equal
values (compared by keyed hash, never in clear) mean the same person.  The
categories below are keys; a name alone is not (many people share one), a
name together with a birthdate is.  Values are normalised before hashing so
that ``+86 138-0013-8000`` and ``13800138000`` count as one phone.
"""

from __future__ import annotations

import math

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from operator import itemgetter
from typing import Any

#: The composite key category: a name and a birthdate from the same object.
NAME_BIRTHDATE = "person.name+person.birthdate"

#: Person-key categories, best first: the order decides the primary key
#: among candidates that cover enough records (see :func:`choose_primary`).
KEY_PRIORITY: tuple[str, ...] = (
    "person.government_id",
    "person.internal_id",
    "person.phone",
    "person.email",
    NAME_BIRTHDATE,
    "person.vehicle_plate",
    "device.imsi_imei",
    "device.mac",
    "biometric.face_embedding",
)

#: Share of the best candidate's coverage a key needs to be chosen as primary.
COVERAGE_BAND = 0.9
#: An eligible key with this many times the distinct (normalised) values of the
#: priority winner names a larger set of people (riders vs their few drivers,
#: stopped subjects vs officers) and is chosen instead.
DISTINCT_OVERRIDE = 1.5

DEVICE_KEYS = frozenset({"device.imsi_imei", "device.mac"})

#: Categories whose extra fields may count another person of a record (a role):
#: identifiers issued to natural persons.  Internal ids also number workplaces,
#: staff and accounts; plates and devices are objects kept by someone of the record.
ROLE_CATEGORIES = frozenset({"person.government_id", "person.phone", "person.email", NAME_BIRTHDATE})

#: Two key fields name the same person when at least this share of the distinct
#: values of each co-occurs with exactly one value of the other (one-to-one).
ONE_TO_ONE_SHARE = 0.95

_SEPARATORS = re.compile(r"[\s\-./_:]+")
_NON_DIGITS = re.compile(r"\D+")
_NON_HEX = re.compile(r"[^0-9a-fA-F]+")
_PUNCT = re.compile(r"[^\w\s]+")
_NON_ALNUM = re.compile(r"[\W_]+")
_YMD = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")


def _text(v: Any) -> str | None:
    if type(v) is str:  # the common case first
        return v.strip() or None
    if v is None or isinstance(v, (bool, dict, list)):
        return None
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            return None
        if v.is_integer():
            v = int(v)
    s = str(v).strip()
    return s or None


def norm_government_id(v: Any) -> str | None:
    s = _text(v)
    if s is None:
        return None
    if not s.isalnum():  # (no separator is a letter or digit: then there is none to drop)
        s = _SEPARATORS.sub("", s)
    s = s.upper()
    return s if len(s) >= 4 else None


def norm_phone(v: Any) -> str | None:
    """Digits only, the last nine kept: drops country codes and trunk prefixes alike."""
    s = _text(v)
    if s is None:
        return None
    digits = s if s.isdecimal() else _NON_DIGITS.sub("", s)  # (\d is what isdecimal accepts)
    if len(digits) < 6:
        return None
    return digits[-9:]


def norm_email(v: Any) -> str | None:
    s = _text(v)
    if s is None or "@" not in s:
        return None
    return s.casefold()


def norm_plate(v: Any) -> str | None:
    """Letters and digits only, upper case: ``B-AB 1234`` and ``bab1234`` are one vehicle."""
    s = _text(v)
    if s is None:
        return None
    s = _NON_ALNUM.sub("", s).upper()
    return s if len(s) >= 4 else None


def norm_mac(v: Any) -> str | None:
    s = _text(v)
    if s is None:
        return None
    h = _NON_HEX.sub("", s).lower()
    if len(h) != 12 or h in ("000000000000", "ffffffffffff"):
        return None
    return h


def norm_digits(v: Any) -> str | None:
    s = _text(v)
    if s is None:
        return None
    d = s if s.isdecimal() else _NON_DIGITS.sub("", s)
    return d if len(d) >= 8 else None


def norm_internal_id(v: Any) -> str | None:
    s = _text(v)
    return s.casefold() if s is not None else None


def norm_name(v: Any) -> str | None:
    s = _text(v)
    if s is None:
        return None
    s = s.casefold()
    if s.isalnum():  # one word (most names' parts): no punctuation to blank, no spaces to squeeze
        return s
    s = " ".join(_PUNCT.sub(" ", s).split())
    return s or None


def norm_date(v: Any) -> str | None:
    """A date as ``YYYYMMDD`` where it can be read, else its digits."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, float) and not math.isfinite(v):
            return None  # NaN or an infinity: no date
        n = int(v)
        if 1000 <= n <= 2999:  # a year of birth (not 1985 s after the epoch)
            return str(n)
        if 10000101 <= n <= 29991231:  # 19850312
            return str(n)
        try:  # epoch seconds or milliseconds
            ts = n / 1000 if abs(n) > 10**11 else n
            return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y%m%d")
        except (OverflowError, OSError, ValueError):
            return None
    s = _text(v)
    if s is None:
        return None
    m = _YMD.search(s)
    if m:
        y, mo, d = m.groups()
        return f"{y}{int(mo):02d}{int(d):02d}"
    m = _DMY.search(s)
    if m:
        d, mo, y = m.groups()
        return f"{y}{int(mo):02d}{int(d):02d}"
    digits = _NON_DIGITS.sub("", s)
    return digits or s.casefold()


NORMALISERS = {
    "person.government_id": norm_government_id,
    "person.internal_id": norm_internal_id,
    "person.phone": norm_phone,
    "person.email": norm_email,
    "person.vehicle_plate": norm_plate,
    "device.imsi_imei": norm_digits,
    "device.mac": norm_mac,
}


def is_short_number(norm: str) -> bool:
    """Sequential ids (``1``, ``2``, ... ``4711``) match across unrelated systems by chance."""
    return norm.isdigit() and len(norm) <= 7


@dataclass(frozen=True)
class KeySpec:
    """One person key of a collection: a category and the field path(s) it is read from."""

    category: str
    paths: tuple[str, ...]
    #: share of examined records holding it (0..1)
    coverage: float = 0.0

    @property
    def label(self) -> str:
        return "+".join(self.paths)


def choose_primary(candidates: list[KeySpec], distinct: dict[KeySpec, int] | None = None) -> KeySpec | None:
    """The key used to count people in one collection.

    Candidates present in at least :data:`COVERAGE_BAND` (90 %) as many
    records as the best-covered candidate are eligible (a key missing from
    many records misses people); among them the first by
    :data:`KEY_PRIORITY` wins, then the higher coverage, then the path.
    ``distinct`` (normalised distinct values in the sampled records, for the
    keys normalised from one value) may override the priority: an eligible
    key with at least :data:`DISTINCT_OVERRIDE` times the winner's distinct
    values names more people (another role of the record) and wins; among
    such keys the most distinct, then the priority.
    """
    if not candidates:
        return None
    best_cov = max(c.coverage for c in candidates)
    eligible = [c for c in candidates if c.coverage >= COVERAGE_BAND * best_cov]
    rank = {cat: i for i, cat in enumerate(KEY_PRIORITY)}
    order = lambda c: (rank.get(c.category, len(rank)), -c.coverage, c.paths)  # noqa: E731
    winner = min(eligible, key=order)
    if distinct and distinct.get(winner):
        larger = [c for c in eligible if distinct.get(c, 0) >= DISTINCT_OVERRIDE * distinct[winner]]
        if larger:
            return min(larger, key=lambda c: (-distinct[c], order(c)))
    return winner


def one_to_one(pairs: list[tuple[str, str]], share: float = ONE_TO_ONE_SHARE) -> bool:
    """Whether ``(a, b)`` value pairs of two key fields are a (near) one-to-one dependency.

    True when at least ``share`` of the distinct ``a`` values co-occur with
    exactly one ``b`` value **and** at least ``share`` of the distinct ``b``
    values with exactly one ``a`` value: two identifiers of the same person
    (a passport number and a tax number).  Two roles of a record (rider and
    driver, caller and callee, subject and officer) are not: a driver meets
    many riders.  Without any pair there is no evidence of another person: True.
    """
    if not pairs:
        return True
    distinct = set(pairs)

    def single(side: int) -> float:
        """Share of the distinct values of one side met with exactly one value of the other."""
        partners = Counter(map(itemgetter(side), distinct))  # distinct partners per value
        return list(partners.values()).count(1) / len(partners)

    return single(0) >= share and single(1) >= share
