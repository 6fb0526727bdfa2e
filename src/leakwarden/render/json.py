"""The JSON report: the contract ``leakwarden/report@1`` (docs/report-contract.md).

Validated by the tests against ``leakwarden/schema/report-1.schema.json``.
"""

from __future__ import annotations

from typing import Any

import orjson

from leakwarden.report import Report

from ._common import safe_text, utf8_safe


def render_json(report: Report) -> bytes:
    """The report as the contract's JSON document: UTF-8, two-space indent, a final newline.

    The contract says credentials are always redacted; URLs in the free-text
    places that may quote one (target, error, evidence, notes) lose their
    userinfo here too, in case a caller forgot.
    """
    doc = report.to_json_dict()
    for store in doc.get("stores", []):
        _redact_keys(store, ("target", "error", "notes"))
        for check in store.get("checks", []):
            _redact_keys(check, ("evidence",))
        for collection in store.get("collections", []):
            _redact_keys(collection, ("notes",))
    try:
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"
    except orjson.JSONEncodeError:
        # A store can hand back a lone surrogate (a "\\ud800" escape); keep it visible, not fatal.
        return orjson.dumps(utf8_safe(doc), option=orjson.OPT_INDENT_2) + b"\n"


def _redact_keys(obj: dict[str, Any], keys: tuple[str, ...]) -> None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str):
            obj[key] = safe_text(value)
        elif isinstance(value, list):
            obj[key] = [safe_text(v) if isinstance(v, str) else v for v in value]
