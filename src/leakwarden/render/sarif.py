"""SARIF 2.1.0: failed checks and sensitive fields as results for code-scanning tools.

Rule ids are stable across scans and releases:

* a failed exposure check uses its check id (``es-anonymous-read``);
* a sensitive field uses ``leakwarden.field.<category>`` of its gravest
  category (``leakwarden.field.special.ethnicity``); every category of the
  field is listed in the result's properties.

There are no source files, so results carry logical locations: the store
(``kind: "resource"``), the collection (``"module"``) and the field
(``"member"``), with ``fullyQualifiedName`` ``target/collection/path``.
``partialFingerprints`` lets a consumer match the same finding across scans.
Levels: critical and high are ``error``, medium ``warning``, low and info
``note``; rules also carry GitHub's ``security-severity`` score.
"""

from __future__ import annotations

import hashlib
from typing import Any

from leakwarden.report import Check, Collection, FieldFinding, Report, Store

from ._common import (
    category_label,
    category_severity,
    clean,
    fmt_int,
    fmt_rate,
    iso_utc,
    regulation_label,
    safe_target,
    safe_text,
    severity_rank,
    sorted_collections,
    top_category,
)
from .verdict import verdict

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FIELD_RULE_PREFIX = "leakwarden.field."

LEVELS: dict[str, str] = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub code scanning reads properties["security-severity"] (a CVSS-like score) to rank alerts.
SECURITY_SEVERITY: dict[str, str] = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}

_FIELD_HELP: dict[str, str] = {
    "high": "This is among the most dangerous data to expose (special-category, biometric, national ID, "
    "payment or credential). Remove it if there is no legal basis to keep it; otherwise restrict access to "
    "named roles, encrypt it at rest, and audit every read.",
    "medium": "Personal data that identifies or locates a person. Restrict access to the people who need it "
    "and keep it only as long as its purpose requires.",
    "low": "Personal or linking data that helps identify or track a person when combined with other fields. "
    "Check whether it needs to be stored with the rest of the record.",
}


def field_rule_id(category: str) -> str:
    return f"{FIELD_RULE_PREFIX}{category}"


def field_severity(field: FieldFinding, store: Store) -> str:
    """A field's category severity, one step up when the store is open to anyone."""
    cat = top_category(field)
    sev = category_severity(cat) if cat else "low"
    if store.exposure.anonymous_read is True:
        sev = {"low": "medium", "medium": "high", "high": "critical"}[sev]
    return sev


def _message(text: str) -> dict[str, str]:
    return {"text": clean(text) or "-"}


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _check_rule(check: Check) -> dict[str, Any]:
    help_text = check.remediation or check.title
    markdown = help_text
    if check.references:
        markdown += "\n\n" + "\n".join(f"- {clean(r)}" for r in check.references)
    rule: dict[str, Any] = {
        "id": check.id,
        "name": _pascal(check.id),
        "shortDescription": _message(check.title),
        "fullDescription": _message(check.title),
        "help": {"text": clean(help_text, newlines=True) or "-", "markdown": clean(markdown, newlines=True) or "-"},
        "defaultConfiguration": {"level": LEVELS.get(check.severity, "warning")},
        "properties": {
            "tags": ["security", "exposure"],
            "precision": "high",
            "security-severity": SECURITY_SEVERITY.get(check.severity, "5.5"),
            "problem.severity": LEVELS.get(check.severity, "warning"),
        },
    }
    refs = [r for r in check.references if r.startswith(("https://", "http://"))]
    if refs:
        rule["helpUri"] = refs[0]
    return rule


def _field_rule(category: str) -> dict[str, Any]:
    sev = category_severity(category)
    label = category_label(category)
    return {
        "id": field_rule_id(category),
        "name": "SensitiveField" + _pascal(category.replace(".", "-")),
        "shortDescription": _message(f"Field holds {label.lower()} ({category})"),
        "fullDescription": _message(
            f"A field of a data store holds {label.lower()} data (leakwarden category {category})."
        ),
        "help": {"text": _FIELD_HELP[sev], "markdown": _FIELD_HELP[sev]},
        "defaultConfiguration": {"level": LEVELS[sev]},
        "properties": {
            "tags": ["privacy", "personal-data", category.split(".", 1)[0]],
            "precision": "medium",
            "security-severity": SECURITY_SEVERITY[sev],
        },
    }


def _pascal(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in text.replace("_", "-").split("-") if part)


def _store_location(store: Store) -> dict[str, Any]:
    target = safe_target(store.target)
    return {"name": clean(target), "fullyQualifiedName": clean(target), "kind": "resource"}


def _locations(store: Store, collection: Collection | None = None, field: FieldFinding | None = None):
    target = clean(safe_target(store.target))
    logical = [_store_location(store)]
    if collection is not None:
        logical.append(
            {
                "name": clean(collection.name),
                "fullyQualifiedName": f"{target}/{clean(collection.name)}",
                "kind": "module",
            }
        )
    if field is not None and collection is not None:
        logical.append(
            {
                "name": clean(field.path),
                "fullyQualifiedName": f"{target}/{clean(collection.name)}/{clean(field.path)}",
                "kind": "member",
            }
        )
    # The innermost location first: it is where the result is.
    return [{"logicalLocations": list(reversed(logical))}]


def render_sarif(report: Report) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log (one run), as plain JSON data."""
    v = verdict(report)
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []

    def rule_for(rule_id: str, make) -> int:
        if rule_id not in rule_index:
            rule_index[rule_id] = len(rules)
            rules.append(make())
        return rule_index[rule_id]

    for store in report.stores:
        target = clean(safe_target(store.target))
        fails = sorted(
            (c for c in store.checks if c.status == "fail"), key=lambda c: (-severity_rank(c.severity), c.id)
        )
        for check in fails:
            idx = rule_for(check.id, lambda check=check: _check_rule(check))
            text = f"{check.title} ({target})"
            if check.evidence:
                text += f": {safe_text(check.evidence)}"
            results.append(
                {
                    "ruleId": check.id,
                    "ruleIndex": idx,
                    "level": LEVELS.get(check.severity, "warning"),
                    "kind": "fail",
                    "message": _message(text),
                    "locations": _locations(store),
                    "partialFingerprints": {"leakwarden/v1": _fingerprint("check", target, check.id)},
                    "properties": {
                        "severity": check.severity,
                        "target": target,
                        "storeKind": clean(store.kind),
                        "remediation": clean(check.remediation, newlines=True),
                    },
                }
            )
        for collection in sorted_collections(store):
            for field in collection.fields:
                category = top_category(field)
                if category is None:
                    continue
                rule_id = field_rule_id(category)
                idx = rule_for(rule_id, lambda category=category: _field_rule(category))
                sev = field_severity(field, store)
                labels = ", ".join(category_label(c) for c in field.categories)
                exposure = " in a store readable by anyone" if store.exposure.anonymous_read is True else ""
                text = (
                    f"{clean(collection.name)}.{clean(field.path)} holds {labels.lower()}{exposure}: "
                    f"found in {fmt_int(field.hits)} of {fmt_int(field.examined)} documents examined "
                    f"({fmt_rate(field.hits, field.examined)}), confidence {field.confidence:.2f}"
                )
                if collection.persons_estimated is not None:
                    text += f"; about {fmt_int(collection.persons_estimated)} people in the collection"
                results.append(
                    {
                        "ruleId": rule_id,
                        "ruleIndex": idx,
                        "level": LEVELS[sev],
                        "kind": "fail",
                        "message": _message(text),
                        "locations": _locations(store, collection, field),
                        "partialFingerprints": {
                            "leakwarden/v1": _fingerprint("field", target, collection.name, field.path, category)
                        },
                        "properties": {
                            "severity": sev,
                            "target": target,
                            "storeKind": clean(store.kind),
                            "collection": clean(collection.name),
                            "path": clean(field.path),
                            "categories": [clean(c) for c in field.categories],
                            "confidence": field.confidence,
                            "hits": field.hits,
                            "examined": field.examined,
                            "examples": [clean(e) for e in field.examples],
                            "regulations": [clean(r) for r in collection.regulations],
                            "trajectory": collection.trajectory is not None,
                        },
                    }
                )

    invocation: dict[str, Any] = {
        "executionSuccessful": all(s.status in ("complete", "partial") for s in report.stores),
        "startTimeUtc": iso_utc(report.started_at),
        "endTimeUtc": iso_utc(report.finished_at),
    }
    notes = [
        {
            "level": "error",
            "message": _message(f"{safe_target(s.target)}: {s.status}: {safe_text(s.error) or 'no detail'}"),
            "descriptor": {"id": "leakwarden.store-" + s.status},
        }
        for s in report.stores
        if s.status not in ("complete", "partial")
    ]
    if notes:
        invocation["toolExecutionNotifications"] = notes

    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "leakwarden",
                        "version": clean(report.tool.version),
                        "semanticVersion": clean(report.tool.version),
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "results": results,
                "properties": {
                    "verdict": {
                        "level": v.level,
                        "score": v.score,
                        "headline": clean(v.headline),
                        "openStores": [s.target for s in v.open_stores],
                        "personsExposed": v.persons_exposed,
                        "personsTrackable": v.persons_trackable_exposed,
                        "regulations": list(v.regulations),
                        "regulationLabels": [regulation_label(r) for r in v.regulations],
                    }
                },
            }
        ],
    }
