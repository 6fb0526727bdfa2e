"""Shared helpers of the renderers: labels, ordering, number formats, untrusted text.

Every string that came from a store (collection names, field paths, versions,
masked examples, error text) is untrusted: it may hold HTML, Markdown,
terminal escape sequences or bidirectional-override characters that make one
name look like another.  Each renderer escapes for its own syntax; all of them
first pass such text through :func:`clean`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from leakwarden.report import CATEGORIES, SEVERITY_ORDER, FieldFinding, Store
from leakwarden.targets import redact_url

RISK_ORDER: dict[str, int] = {"none": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

#: Display names of the contract's categories.
CATEGORY_LABELS: dict[str, str] = {
    "person.name": "Name",
    "person.government_id": "Government ID",
    "person.internal_id": "Person key",
    "person.birthdate": "Birth date",
    "person.age": "Age",
    "person.gender": "Gender",
    "person.phone": "Phone",
    "person.email": "Email",
    "person.address": "Address",
    "person.photo": "Photo",
    "person.vehicle_plate": "Licence plate",
    "biometric.face_embedding": "Face embedding",
    "biometric.face_attributes": "Face attributes",
    "special.ethnicity": "Ethnicity",
    "special.religion": "Religion",
    "special.health": "Health",
    "special.criminal": "Criminal / watch list",
    "special.political": "Political opinion",
    "special.sexual_orientation": "Sexual orientation",
    "location.coordinates": "Coordinates",
    "location.place": "Place",
    "time.timestamp": "Timestamp",
    "device.mac": "MAC address",
    "device.imsi_imei": "IMSI / IMEI",
    "network.ip": "IP address",
    "financial.card": "Payment card",
    "financial.bank_account": "Bank account",
    "credential.secret": "Credential",
}

#: How grave a field of each category is on its own; drives SARIF levels and
#: chip colours.  Special categories, biometrics and secrets are the worst to leak.
_HIGH_CATEGORIES = {
    "person.government_id",
    "biometric.face_embedding",
    "biometric.face_attributes",
    "special.ethnicity",
    "special.religion",
    "special.health",
    "special.criminal",
    "special.political",
    "special.sexual_orientation",
    "financial.card",
    "financial.bank_account",
    "credential.secret",
}
_MEDIUM_CATEGORIES = {
    "person.name",
    "person.birthdate",
    "person.phone",
    "person.email",
    "person.address",
    "person.photo",
    "person.vehicle_plate",
    "location.coordinates",
    "location.place",
    "device.mac",
    "device.imsi_imei",
}


def category_severity(category: str) -> str:
    """The severity of holding one field of ``category`` (high, medium or low)."""
    if category in _HIGH_CATEGORIES or category.startswith(("special.", "biometric.")):
        return "high"
    if category in _MEDIUM_CATEGORIES:
        return "medium"
    return "low"


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def category_sort_key(category: str) -> tuple[int, int, str]:
    order = CATEGORIES.index(category) if category in CATEGORIES else len(CATEGORIES)
    return (-SEVERITY_ORDER[category_severity(category)], order, category)


def top_category(field: FieldFinding) -> str | None:
    """The gravest category of a field, ties broken by the contract's order."""
    return min(field.categories, key=category_sort_key) if field.categories else None


#: Regulation ids of risk/data/regulations.yaml (docs/risk.md), with what they mean;
#: an id not listed here is shown as it is.
REGULATION_LABELS: dict[str, str] = {
    "GDPR-4": "GDPR Art. 4(1): personal data",
    "GDPR-9": "GDPR Art. 9: special categories of personal data",
    "GDPR-10": "GDPR Art. 10: criminal convictions and offences",
    "PIPL-28": "PIPL Art. 28: sensitive personal information",
    "CCPA-SPI": "CCPA/CPRA: sensitive personal information",
}
_REGULATION_ORDER = list(REGULATION_LABELS)


def regulation_label(code: str) -> str:
    return REGULATION_LABELS.get(code, code)


def sort_regulations(codes: Iterable[str]) -> list[str]:
    def key(code: str) -> tuple[int, str]:
        return (_REGULATION_ORDER.index(code) if code in _REGULATION_ORDER else len(_REGULATION_ORDER), code)

    return sorted(set(codes), key=key)


def severity_rank(severity: str) -> int:
    return SEVERITY_ORDER.get(severity, 0)


def risk_rank(level: str) -> int:
    return RISK_ORDER.get(level, 0)


def sensitivity_band(sensitivity: int) -> str:
    """Sensitivity 0..100 as a risk word, the bands used by every chart."""
    if sensitivity >= 80:
        return "critical"
    if sensitivity >= 60:
        return "high"
    if sensitivity >= 40:
        return "medium"
    if sensitivity > 0:
        return "low"
    return "none"


SENSITIVITY_BANDS: tuple[tuple[str, str], ...] = (
    ("critical", "80–100"),
    ("high", "60–79"),
    ("medium", "40–59"),
    ("low", "1–39"),
    ("none", "0"),
)


# C0/C1 controls (ESC starts terminal escape sequences), the bidirectional
# overrides/isolates that can make one name display as another (CVE-2021-42574),
# and lone surrogates (valid in a JSON string escape, not encodable as UTF-8).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def _escape_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, *, newlines: bool = False) -> str:
    """Untrusted text made inert for display: control and bidi characters shown escaped.

    Newlines and tabs become spaces unless ``newlines`` is true.
    """
    text = "" if value is None else str(value)
    if not newlines:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ").replace("\r", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\t", "    ")
    return _UNSAFE.sub(_escape_char, text)


def utf8_safe(value: Any) -> Any:
    """``value`` (JSON data) with lone surrogates in strings shown as ``\\udxxx``, so it encodes as UTF-8."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, list):
        return [utf8_safe(v) for v in value]
    if isinstance(value, dict):
        return {utf8_safe(k): utf8_safe(v) for k, v in value.items()}
    return value


def fmt_int(value: int | None, unknown: str = "unknown") -> str:
    return unknown if value is None else f"{value:,}"


def fmt_pct(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%"


def fmt_rate(hits: int, examined: int) -> str:
    """A hit rate that never rounds up to 100% (or down to 0%) when it is not."""
    if not examined:
        return "–"
    pct = hits * 100 / examined
    if hits == examined or hits == 0:
        return f"{pct:.0f}%"
    if pct > 99:
        return f"{math.floor(pct * 10) / 10:.1f}%"
    if pct < 1:
        return f"{math.ceil(pct * 10) / 10:.1f}%"
    return f"{round(pct):.0f}%"


def hit_rate(field: FieldFinding) -> float | None:
    return field.hits / field.examined if field.examined else None


def fmt_bool(value: bool | None, yes: str = "yes", no: str = "no", unknown: str = "unknown") -> str:
    if value is None:
        return unknown
    return yes if value else no


def store_label(store: Store) -> str:
    """``target (kind version)``, as in the verdict line."""
    kind = store.kind + (f" {store.version}" if store.version else "")
    return f"{safe_target(store.target)} ({kind})"


def safe_target(target: str) -> str:
    """A store's target with any credentials in it redacted (defence in depth)."""
    return redact_url(target)


def safe_text(text: str | None) -> str:
    """Free text that may quote a URL (evidence, errors, notes), with credentials redacted."""
    return redact_url(text or "")


def failed_checks(store: Store):
    """Failed checks of a store, gravest first."""
    fails = [c for c in store.checks if c.status == "fail"]
    return sorted(fails, key=lambda c: (-severity_rank(c.severity), c.id))


def sorted_collections(store: Store):
    """Collections by sensitivity (then size), the order every renderer uses."""
    return sorted(store.collections, key=lambda c: (-c.sensitivity, -(c.documents or 0), c.name))


def sensitive_fields(fields: Iterable[FieldFinding]) -> list[FieldFinding]:
    """Fields with at least one category, gravest first."""
    out = [f for f in fields if f.categories]
    return sorted(out, key=lambda f: (category_sort_key(top_category(f) or ""), -f.confidence, f.path))


def collection_categories(fields: Iterable[FieldFinding]) -> list[str]:
    """Distinct categories of a collection's fields, gravest first."""
    cats: set[str] = set()
    for f in fields:
        cats.update(f.categories)
    return sorted(cats, key=category_sort_key)


def iso_utc(at: datetime) -> str:
    """``2026-11-27T10:00:41Z``; naive times are taken as UTC."""
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc)
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")
