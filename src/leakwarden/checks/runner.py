"""Run the catalogue's checks against one target and sum them up as the report's exposure."""

from __future__ import annotations

from typing import Any

from leakwarden.checks.base import CheckContext, Outcome, errored, registered_probes, skipped
from leakwarden.checks.catalog import CheckSpec, load_catalog
from leakwarden.checks.kibana import KibanaConsoleProxy, fingerprint_kibana, kibana_console_proxy
from leakwarden.checks.versions import Version
from leakwarden.connectors.base import CollectionInfo, StoreInfo
from leakwarden.connectors.http import ReadOnlyHTTP
from leakwarden.errors import ConfigError, ReadOnlyViolation, TargetError
from leakwarden.report import Check, Exposure
from leakwarden.targets import redact_url

MAX_EVIDENCE = 600
_KIBANA = ("kibana", "opensearch-dashboards")
#: checks about the HTTP endpoint itself; through Kibana's console proxy they would describe Kibana
TRANSPORT_CHECKS = frozenset(
    {
        "es-cleartext-http",
        "es-cors-wildcard",
        "es-default-credentials",
        "es-product-header-missing",
        "tls-demo-certificate",
        "tls-certificate-expired",
        "es-anonymous-banner",
    }
)


def applicable_checks(ctx: CheckContext) -> list[CheckSpec]:
    """The catalogue entries that concern this target's product, in run order."""
    return [s for s in load_catalog() if s.applies_to(ctx.product)]


def run_checks(ctx: CheckContext, *, only: set[str] | None = None, skip: set[str] | None = None) -> list[Check]:
    """Run every check that applies to the target's product (optionally a subset).

    A probe that raises becomes an ``error`` result (never a ``pass``); one
    broken check never stops the others.  Unknown ids in ``only``/``skip``
    are a usage error.
    """
    known = {s.id for s in load_catalog()}
    for name, ids in (("only", only), ("skip", skip)):
        unknown = sorted((ids or set()) - known)
        if unknown:
            raise ConfigError(f"unknown check id(s) in --{name}: {', '.join(unknown)} (see docs/checks.md)")
    probes = registered_probes()
    version = Version.parse(ctx.version)
    major = version.major if version else None
    results: list[Check] = []
    for spec in applicable_checks(ctx):
        if only is not None and spec.id not in only:
            continue
        if skip and spec.id in skip:
            continue
        if ctx.through_proxy and spec.id in TRANSPORT_CHECKS:
            outcome = skipped(f"the cluster is reached through {ctx.through_proxy}; this check concerns that endpoint")
        else:
            outcome = _run_one(spec, ctx, probes.get(spec.id))
        results.append(
            Check(
                id=spec.id,
                status=outcome.status,
                severity=outcome.severity or spec.severity,  # type: ignore[arg-type]
                title=spec.title,
                evidence=_clip(redact_url(outcome.evidence)),
                remediation=spec.remediation_for(ctx.product, major),
                references=list(spec.references),
            )
        )
    return results


def _run_one(spec: CheckSpec, ctx: CheckContext, fn) -> Outcome:  # type: ignore[no-untyped-def]
    if fn is None:
        return errored(f"no probe registered for {spec.id}")
    try:
        return fn(ctx)
    except ReadOnlyViolation as exc:  # a bug in a probe: report it, never send
        return errored(f"internal error: {exc}")
    except TargetError as exc:
        return errored(str(exc))
    except Exception as exc:  # noqa: BLE001 - per-check isolation: one broken probe must not end the scan
        return errored(f"internal error in {spec.id}: {type(exc).__name__}: {exc}")


def _clip(text: str) -> str:
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


def derive_exposure(ctx: CheckContext, results: list[Check]) -> Exposure:
    """anonymous_read / tls / anonymous_write_possible from the check results (None: unknown)."""
    status = {c.id: c.status for c in results}
    tls = ctx.scheme == "https"
    if ctx.product in _KIBANA:
        ids = ("kibana-console-proxy-open", "kibana-legacy-proxy", "kibana-anonymous-access")
        seen = [status[i] for i in ids if i in status]
        if any(s == "fail" for s in seen):
            anonymous_read: bool | None = True
        elif seen and all(s == "pass" for s in seen):
            anonymous_read = False
        else:
            anonymous_read = None
        return Exposure(anonymous_read=anonymous_read, tls=tls, anonymous_write_possible=None)
    read_ids = ("es-anonymous-read", "es-documents-readable", "es-index-listing")
    if any(status.get(i) == "fail" for i in read_ids):
        anonymous_read = True
    elif status.get("es-anonymous-read") == "pass" and status.get("es-documents-readable", "pass") == "pass":
        anonymous_read = False
    else:
        anonymous_read = None
    write = {"fail": True, "pass": False}.get(status.get("es-anonymous-write", ""))
    return Exposure(anonymous_read=anonymous_read, tls=tls, anonymous_write_possible=write)


def minimal_fingerprint(http: ReadOnlyHTTP) -> StoreInfo:
    """``GET /`` only: enough for the checks when the scan has no connector fingerprint to hand over."""
    resp = http.get("/")
    kibana = fingerprint_kibana(http, resp)
    if kibana is not None:
        return kibana
    data = resp.json() if resp.ok else None
    root = data if isinstance(data, dict) else {}
    version = root.get("version") if isinstance(root.get("version"), dict) else {}
    realm = resp.headers.get("www-authenticate", "").lower()
    is_os = (
        str(version.get("distribution", "")).lower() == "opensearch" or "opensearch" in realm or "opendistro" in realm
    )
    kind = "opensearch" if is_os else "elasticsearch"
    return StoreInfo(
        kind=kind,
        version=version.get("number"),
        reachable=resp.ok,
        tls=http.base_url.startswith("https://"),
        details={"root": root, "headers": dict(resp.headers), "status": resp.status},
    )


def context_for(
    http: ReadOnlyHTTP,
    *,
    anonymous_http: ReadOnlyHTTP | None = None,
    store: StoreInfo | None = None,
    collections: list[CollectionInfo] | None = None,
    personal_collections: set[str] | None = None,
    **kw: Any,
) -> CheckContext:
    """A :class:`CheckContext` for ``http``'s target (fingerprinting with :func:`minimal_fingerprint` if needed)."""
    return CheckContext(
        target_display=http.display,
        http=http,
        anonymous_http=anonymous_http or http.anonymous(),
        store=store or minimal_fingerprint(http),
        collections=collections or [],
        has_credentials=bool(http.credentials),
        scheme="https" if http.base_url.startswith("https://") else "http",
        personal_collections=personal_collections or set(),
        **kw,
    )


def kibana_console_target(http) -> KibanaConsoleProxy | None:  # type: ignore[no-untyped-def]
    """Alias of :func:`kibana_console_proxy` (the name the scan contract uses)."""
    return kibana_console_proxy(http)
