"""Probes of the TLS checks (metadata: ``data/tls.yaml``): one handshake, certificate never trusted."""

from __future__ import annotations

import ssl
from datetime import datetime, timezone
from typing import Any

from leakwarden.checks.base import CheckContext, Outcome, errored, failed, passed, probe, skipped

#: subjects / issuers of the certificates shipped by OpenSearch's (and Open Distro's) demo configuration
DEMO_SUBJECT_CNS = {"node-0.example.com", "node-1.example.com", "node-2.example.com", "esnode", "kirk", "spock"}
DEMO_ISSUER_MARKERS = ("example com inc. root ca", "example com inc. signing ca")


def distinguished_name(cert: dict[str, Any], key: str) -> dict[str, str]:
    """``getpeercert()``'s nested RDN tuples as {attribute: value}."""
    out: dict[str, str] = {}
    for rdn in cert.get(key) or ():
        for attr, value in rdn:
            out.setdefault(attr, value)
    return out


def _render(dn: dict[str, str]) -> str:
    short = {"commonName": "CN", "organizationName": "O", "organizationalUnitName": "OU"}
    return ", ".join(f"{short[k]}={v}" for k, v in dn.items() if k in short) or "(empty)"


def is_demo_certificate(cert: dict[str, Any]) -> bool:
    subject = distinguished_name(cert, "subject")
    issuer = distinguished_name(cert, "issuer")
    cn = subject.get("commonName", "").lower()
    issuer_text = " ".join(issuer.values()).lower()
    return cn in DEMO_SUBJECT_CNS or any(m in issuer_text for m in DEMO_ISSUER_MARKERS)


def _certificate(ctx: CheckContext) -> dict[str, Any] | Outcome:
    if ctx.scheme != "https":
        return skipped("cleartext target: there is no certificate to inspect")
    cert = ctx.peer_certificate()
    if not cert:
        return errored("the server presented no certificate")
    if cert.get("_der_only"):
        return skipped("this Python cannot decode an unverified certificate")
    return cert


@probe("tls-demo-certificate")
def demo_certificate(ctx: CheckContext) -> Outcome:
    cert = _certificate(ctx)
    if isinstance(cert, Outcome):
        return cert
    subject = _render(distinguished_name(cert, "subject"))
    issuer = _render(distinguished_name(cert, "issuer"))
    if is_demo_certificate(cert):
        return failed(
            f"certificate {subject} issued by {issuer}: the OpenSearch demo certificate, whose private key is public"
        )
    return passed(f"certificate {subject} issued by {issuer}")


@probe("tls-certificate-expired")
def certificate_expired(ctx: CheckContext) -> Outcome:
    cert = _certificate(ctx)
    if isinstance(cert, Outcome):
        return cert
    try:
        not_after = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), timezone.utc)
        not_before = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notBefore"]), timezone.utc)
    except (KeyError, ValueError):
        return errored("the certificate's validity dates could not be read")
    now = ctx.now()
    if now > not_after:
        return failed(f"certificate expired on {not_after.date().isoformat()}")
    if now < not_before:
        return failed(f"certificate not valid before {not_before.date().isoformat()}")
    return passed(f"certificate valid until {not_after.date().isoformat()}")
