"""Scores: a collection's sensitivity (0-100) and a store's risk (exposure x sensitivity).

The formulas are documented with worked examples in ``docs/risk.md``; the
constants below are the whole of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from leakwarden.report import SEVERITY_ORDER, Check, Collection, Exposure, FieldFinding, Risk

#: How harmful a category is when it leaks, 0..1.
CATEGORY_WEIGHTS: dict[str, float] = {
    "biometric.face_embedding": 1.00,
    "special.criminal": 0.95,
    "special.ethnicity": 0.95,
    "special.health": 0.95,
    "special.sexual_orientation": 0.95,
    "special.religion": 0.90,
    "special.political": 0.90,
    "person.government_id": 0.85,
    "financial.card": 0.80,
    "biometric.face_attributes": 0.75,
    "person.photo": 0.75,
    "financial.bank_account": 0.75,
    "credential.secret": 0.70,
    "person.phone": 0.50,
    "person.address": 0.50,
    "person.vehicle_plate": 0.50,
    "device.imsi_imei": 0.50,
    "person.email": 0.45,
    "device.mac": 0.45,
    "person.name": 0.40,
    "person.birthdate": 0.40,
    "location.coordinates": 0.30,
    "person.internal_id": 0.25,
    "network.ip": 0.20,
    "person.age": 0.15,
    "person.gender": 0.15,
    "location.place": 0.15,
    "time.timestamp": 0.00,
}
#: Categories that are about people only in a personal collection (a sensor's
#: MAC, a server's IP, a shop's coordinates are not); elsewhere their weight
#: is multiplied by CONTEXT_FACTOR.
CONTEXTUAL = frozenset({"device.mac", "device.imsi_imei", "network.ip", "location.coordinates", "location.place", "time.timestamp"})
CONTEXT_FACTOR = 0.25
#: Share of the other categories' combined weight added on top of the strongest one.
SECONDARY_BLEND = 0.35
#: People factor: PEOPLE_BASE with no one counted, 1.0 from 10**PEOPLE_LOG_FULL persons.
PEOPLE_BASE = 0.8
PEOPLE_LOG_FULL = 5.0
#: Trajectory bonus: up to 0.4, full from 10**TRACK_LOG_FULL trackable persons.
TRACK_MAX = 0.4
TRACK_LOG_FULL = 4.0


def category_shares(findings: Iterable[FieldFinding]) -> dict[str, float]:
    """Per category, the highest share of examined records holding it over its fields."""
    shares: dict[str, float] = {}
    for f in findings:
        share = f.hits / f.examined if f.examined else 0.0
        share = min(1.0, max(0.0, share))
        for cat in f.categories:
            if share > shares.get(cat, -1.0):
                shares[cat] = share
    return shares


def content_score(shares: dict[str, float], *, personal: bool, exclude: Iterable[str] = ()) -> float:
    """C in 0..1: the strongest category plus a blend of the others (see docs/risk.md)."""
    excluded = set(exclude)
    terms = []
    for cat, share in shares.items():
        w = CATEGORY_WEIGHTS.get(cat, 0.0)
        if cat in CONTEXTUAL and (not personal or cat in excluded):
            w *= CONTEXT_FACTOR
        terms.append(w * (0.5 + 0.5 * share))
    if not terms:
        return 0.0
    terms.sort(reverse=True)
    top = terms[0]
    rest = 1.0
    for t in terms[1:]:
        rest *= 1.0 - t
    return top + (1.0 - top) * SECONDARY_BLEND * (1.0 - rest)


def people_factor(persons: int | None, share_below_k: float | None) -> float:
    if persons is not None and persons > 0:
        return PEOPLE_BASE + (1.0 - PEOPLE_BASE) * min(1.0, math.log10(1 + persons) / PEOPLE_LOG_FULL)
    if share_below_k is not None:
        return PEOPLE_BASE + (1.0 - PEOPLE_BASE) * share_below_k
    return PEOPLE_BASE


def trajectory_bonus(trackable: int | None) -> float:
    if not trackable:
        return 0.0
    return TRACK_MAX * min(1.0, math.log10(1 + trackable) / TRACK_LOG_FULL)


def sensitivity(
    shares: dict[str, float],
    *,
    personal: bool,
    persons: int | None = None,
    trackable: int | None = None,
    share_below_k: float | None = None,
    not_personal_categories: Iterable[str] = (),
) -> int:
    """0..100 = 100 * (1 - (1 - C*P) * (1 - T))."""
    c = content_score(shares, personal=personal, exclude=not_personal_categories)
    p = people_factor(persons, share_below_k)
    t = trajectory_bonus(trackable)
    return max(0, min(100, round(100 * (1.0 - (1.0 - c * p) * (1.0 - t)))))


# -- store risk ----------------------------------------------------------------

#: Exposure implied by the most severe failed check.
FAILED_CHECK_EXPOSURE = {"critical": 1.0, "high": 0.7, "medium": 0.5, "low": 0.35, "info": 0.3}
EXPOSURE_OPEN = 1.0
EXPOSURE_UNKNOWN = 0.5
EXPOSURE_SECURED = 0.3
CLEARTEXT_PENALTY = 0.1
#: Part of the content score that counts even when nobody outside can read the store.
INSIDER_SHARE = 0.15
#: An exposed store scores at least EXPOSURE_FLOOR * E, whatever it holds.
EXPOSURE_FLOOR = 40
#: Extra content weight for several personal collections (up to +10 % of the headroom).
SPREAD_BONUS = 0.1
LEVELS = ((80, "critical"), (50, "high"), (25, "medium"), (1, "low"))


@dataclass(frozen=True)
class StoreRiskFactors:
    exposure: float
    content: float
    open: bool
    score: int
    level: str
    reasons: tuple[str, ...]


def exposure_factor(exposure: Exposure, checks: Iterable[Check]) -> tuple[float, bool, list[str]]:
    """E in 0..1 and whether the store is open (readable or writable without credentials)."""
    reasons: list[str] = []
    failed = [c for c in checks if c.status == "fail"]
    if exposure.anonymous_read is True:
        e = EXPOSURE_OPEN
        reasons.append("readable without credentials")
    elif exposure.anonymous_read is None:
        e = EXPOSURE_UNKNOWN
        reasons.append("anonymous access unknown")
    else:
        e = EXPOSURE_SECURED
        reasons.append("credentials required")
    if exposure.anonymous_write_possible:
        e = 1.0
        reasons.append("writable without credentials")
    if exposure.tls is False and exposure.anonymous_read is not True:
        e = min(1.0, e + CLEARTEXT_PENALTY)
        reasons.append("credentials travel in cleartext (no TLS)")
    worst = max((c.severity for c in failed), key=lambda s: SEVERITY_ORDER[s], default=None)
    if worst is not None:
        implied = FAILED_CHECK_EXPOSURE[worst]
        if implied > e:
            e = implied
        reasons.append(f"{len(failed)} failed check(s), worst {worst}")
    is_open = bool(exposure.anonymous_read or exposure.anonymous_write_possible or worst == "critical")
    return e, is_open, reasons


def content_factor(collections: Iterable[Collection]) -> float:
    sens = [c.sensitivity / 100.0 for c in collections]
    if not sens:
        return 0.0
    top = max(sens)
    personal = sum(1 for c in collections if c.personal)
    spread = SPREAD_BONUS * min(1.0, max(0, personal - 1) / 3)
    return top + (1.0 - top) * spread


def level_for(score: int) -> str:
    for floor, level in LEVELS:
        if score >= floor:
            return level
    return "none"


def store_risk(exposure: Exposure, checks: list[Check], collections: list[Collection]) -> StoreRiskFactors:
    """Risk = content x exposure, with a floor for exposure alone; critical only when open."""
    e, is_open, reasons = exposure_factor(exposure, checks)
    s = content_factor(collections)
    score = 100.0 * s * (INSIDER_SHARE + (1.0 - INSIDER_SHARE) * e)
    if is_open or any(c.status == "fail" for c in checks):
        score = max(score, EXPOSURE_FLOOR * e)
    score_i = max(0, min(100, round(score)))
    if not is_open:
        score_i = min(score_i, LEVELS[0][0] - 1)
    return StoreRiskFactors(e, s, is_open, score_i, level_for(score_i), tuple(reasons))


def risk_model(factors: StoreRiskFactors) -> Risk:
    return Risk(level=factors.level, score=factors.score)  # type: ignore[arg-type]
