"""Every check against recorded real responses and reconstructed ones (tests/fixtures/recorded/README.md).

EXPECTED is the reviewed outcome of each check in each scenario; together with
the version-range and header cases in test_versions.py it gives every check a
failing and a passing case (info checks: a passing and a skipped one).
"""

from __future__ import annotations

import json

import pytest

from leakwarden.checks import derive_exposure, load_catalog, run_checks
from leakwarden.connectors.http import check_read_only
from leakwarden.report import SEVERITY_ORDER

from .conftest import RECORDED, build_context, load_scenario, run_scenario, scenario_names

EXPECTED: dict[str, dict[str, list[str]]] = {
    "es-1.4.2/open": {
        "fail": [
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-cors-wildcard",
            "es-version-eol",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-dynamic-scripting",
            "es-cluster-settings-readable",
            "es-cluster-state-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-ransom-note",
            "es-users-roles-readable",
            "es-snapshot-repositories",
            "es-cve-2014-3120",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-remote-reindex-url-repositories",
            "es-system-indices-readable",
            "es-aliases-readable",
            "es-api-keys-readable",
            "es-product-header-missing",
            "es-tasks-readable",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-anonymous-user",
            "es-default-credentials",
            "es-identity-privileges",
            "es-license-expired",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-6.8.20/security-disabled-ransomed": {
        "fail": [
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-ransom-note",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-version-eol",
            "es-log4shell",
            "es-dynamic-scripting",
            "es-cluster-settings-readable",
            "es-cluster-state-readable",
            "es-license-expired",
            "es-tasks-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-users-roles-readable",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-remote-reindex-url-repositories",
            "es-system-indices-readable",
            "es-aliases-readable",
            "es-api-keys-readable",
            "es-product-header-missing",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-anonymous-user",
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-7.10.2/anonymous-superuser": {
        "fail": [
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-anonymous-user",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-users-roles-readable",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-version-eol",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-dynamic-scripting",
            "es-remote-reindex-url-repositories",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-cluster-state-readable",
            "es-api-keys-readable",
            "es-tasks-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-security-disabled",
            "es-ransom-note",
            "es-plugins-listed",
            "es-cors-wildcard",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-aliases-readable",
            "es-license-expired",
            "es-product-header-missing",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-7.17.29/misconfigured-empty": {
        "fail": [
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-version-eol",
            "es-cluster-settings-readable",
            "es-cluster-state-readable",
            "es-tasks-readable",
            "es-remote-clusters-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-ransom-note",
            "es-users-roles-readable",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-dynamic-scripting",
            "es-remote-reindex-url-repositories",
            "es-system-indices-readable",
            "es-aliases-readable",
            "es-api-keys-readable",
            "es-license-expired",
            "es-product-header-missing",
        ],
        "skip": [
            "es-anonymous-user",
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-7.17.29/nginx-auth-tls-anonymous": {
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-anonymous-user",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-users-roles-readable",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-default-credentials",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-api-keys-readable",
            "es-tasks-readable",
            "es-remote-clusters-readable",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
        "skip": [
            "es-ransom-note",
            "es-version-eol",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-dynamic-scripting",
            "es-remote-reindex-url-repositories",
            "es-identity-privileges",
            "es-license-expired",
            "es-product-header-missing",
        ],
    },
    "es-7.17.29/nginx-auth-tls-credentials": {
        "fail": [
            "es-security-disabled",
            "es-ransom-note",
            "es-version-eol",
            "es-dynamic-scripting",
        ],
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-anonymous-user",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-users-roles-readable",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-remote-reindex-url-repositories",
            "es-default-credentials",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-identity-privileges",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-api-keys-readable",
            "es-license-expired",
            "es-product-header-missing",
            "es-tasks-readable",
            "es-remote-clusters-readable",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-7.17.29/nginx-cors-open-cat": {
        "fail": [
            "es-index-listing",
            "es-ransom-note",
            "es-plugins-listed",
            "es-cleartext-http",
            "es-cors-wildcard",
            "es-aliases-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-anonymous-user",
            "es-documents-readable",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-users-roles-readable",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-default-credentials",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-cluster-state-readable",
            "es-api-keys-readable",
            "es-tasks-readable",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-version-eol",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-dynamic-scripting",
            "es-remote-reindex-url-repositories",
            "es-identity-privileges",
            "es-license-expired",
            "es-product-header-missing",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-7.17.29/open": {
        "fail": [
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-ransom-note",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-version-eol",
            "es-dynamic-scripting",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-tasks-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-users-roles-readable",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-remote-reindex-url-repositories",
            "es-api-keys-readable",
            "es-license-expired",
            "es-product-header-missing",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-anonymous-user",
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "es-8.15.0/secured-credentials": {
        "fail": [
            "es-version-eol",
            "es-dynamic-scripting",
            "es-identity-privileges",
        ],
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-anonymous-user",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-ransom-note",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-users-roles-readable",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-cve-2014-3120",
            "es-cve-2015-1427",
            "es-cve-2015-3337",
            "es-cve-2015-5531",
            "es-cve-2021-22145",
            "es-cve-2023-31419",
            "es-log4shell",
            "es-remote-reindex-url-repositories",
            "es-default-credentials",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-api-keys-readable",
            "es-license-expired",
            "es-product-header-missing",
            "es-tasks-readable",
            "es-remote-clusters-readable",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "kibana-4.6.4/open": {
        "fail": [
            "kibana-anonymous-access",
            "kibana-legacy-proxy",
            "kibana-cve-2019-7609",
            "kibana-cve-2018-17246",
            "kibana-cleartext-http",
            "kibana-version-eol",
        ],
        "pass": [
            "kibana-detected",
            "kibana-console-proxy-open",
        ],
        "skip": [
            "tls-demo-certificate",
            "tls-certificate-expired",
            "kibana-default-login",
        ],
    },
    "kibana-6.4.2/open": {
        "fail": [
            "kibana-anonymous-access",
            "kibana-console-proxy-open",
            "kibana-cve-2019-7609",
            "kibana-cve-2018-17246",
            "kibana-cleartext-http",
            "kibana-version-eol",
        ],
        "pass": [
            "kibana-detected",
            "kibana-legacy-proxy",
        ],
        "skip": [
            "tls-demo-certificate",
            "tls-certificate-expired",
            "kibana-default-login",
        ],
    },
    "kibana-8.15.0/secured-credentials": {
        "fail": [
            "tls-certificate-expired",
            "kibana-version-eol",
        ],
        "pass": [
            "tls-demo-certificate",
            "kibana-detected",
            "kibana-anonymous-access",
            "kibana-console-proxy-open",
            "kibana-legacy-proxy",
            "kibana-default-login",
            "kibana-cve-2019-7609",
            "kibana-cve-2018-17246",
            "kibana-cleartext-http",
        ],
    },
    "opensearch-2.11.0/anonymous-auth": {
        "fail": [
            "es-anonymous-banner",
            "es-anonymous-user",
            "es-documents-readable",
            "es-cleartext-http",
            "es-version-eol",
        ],
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-security-disabled",
            "es-index-listing",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-users-roles-readable",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-log4shell",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-tasks-readable",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-ransom-note",
            "es-anonymous-write",
            "es-dynamic-scripting",
            "es-remote-reindex-url-repositories",
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "opensearch-2.11.0/demo-security-admin": {
        "fail": [
            "es-version-eol",
            "es-dynamic-scripting",
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
        ],
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-anonymous-user",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-ransom-note",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-users-roles-readable",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-log4shell",
            "es-remote-reindex-url-repositories",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-tasks-readable",
            "es-remote-clusters-readable",
            "tls-certificate-expired",
        ],
    },
    "opensearch-2.11.0/demo-security-anonymous": {
        "fail": [
            "es-default-credentials",
            "tls-demo-certificate",
        ],
        "pass": [
            "es-fingerprint",
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-anonymous-user",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-users-roles-readable",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-tasks-readable",
            "es-remote-clusters-readable",
            "tls-certificate-expired",
        ],
        "skip": [
            "es-ransom-note",
            "es-version-eol",
            "es-log4shell",
            "es-dynamic-scripting",
            "es-remote-reindex-url-repositories",
            "es-identity-privileges",
        ],
    },
    "opensearch-2.19.6/open": {
        "fail": [
            "es-anonymous-read",
            "es-anonymous-banner",
            "es-security-disabled",
            "es-index-listing",
            "es-documents-readable",
            "es-mappings-readable",
            "es-ransom-note",
            "es-nodes-info-leak",
            "es-plugins-listed",
            "es-cleartext-http",
            "es-anonymous-write",
            "es-dynamic-scripting",
            "es-system-indices-readable",
            "es-cluster-settings-readable",
            "es-aliases-readable",
            "es-cluster-state-readable",
            "es-tasks-readable",
        ],
        "pass": [
            "es-fingerprint",
            "es-users-roles-readable",
            "es-snapshot-repositories",
            "es-cors-wildcard",
            "es-version-eol",
            "es-log4shell",
            "es-remote-reindex-url-repositories",
            "es-remote-clusters-readable",
        ],
        "skip": [
            "es-anonymous-user",
            "es-default-credentials",
            "es-identity-privileges",
            "tls-demo-certificate",
            "tls-certificate-expired",
        ],
    },
    "opensearch-dashboards-2.11.0/demo": {
        "fail": [
            "tls-demo-certificate",
            "kibana-default-login",
        ],
        "pass": [
            "tls-certificate-expired",
            "kibana-detected",
            "kibana-anonymous-access",
            "kibana-console-proxy-open",
            "kibana-cleartext-http",
        ],
        "skip": [
            "kibana-version-eol",
        ],
    },
}

#: requests of one full run, per target (see docs/checks.md: the bound)
MAX_REQUESTS = 40


def test_every_scenario_has_expectations():
    assert sorted(EXPECTED) == scenario_names()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_outcomes(name):
    results, replay = run_scenario(name)
    assert not replay.unmatched, f"requests without a recorded answer: {replay.unmatched}"
    got = {cid: c.status for cid, c in results.items()}
    want = {cid: status for status, ids in EXPECTED[name].items() for cid in ids}
    assert got == want


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scenario_is_read_only_and_bounded(name):
    ctx, replay = build_context(name)
    run_checks(ctx)
    assert len(replay.sent) <= MAX_REQUESTS, len(replay.sent)
    for method, path, _who in replay.sent:
        assert method in ("GET", "HEAD", "POST"), (method, path)
        query = "method=GET" if path == "/api/console/proxy" else ""
        check_read_only(method, path, query)
        if method == "POST":
            assert path.endswith(("/_search", "/_has_privileges", "/api/console/proxy")), path
    # O(1) per index: only ransom candidates (at most 3) and one mapping are addressed by index name
    per_index = [
        p for m, p, _ in replay.sent if not p.startswith(("/_", "/.", "/api/", "/app/", "/elasticsearch/")) and p != "/"
    ]
    assert len(per_index) <= 4, per_index


def test_every_check_has_a_failing_and_a_passing_case():
    from .test_versions import EXTRA_CASES

    seen: dict[str, set[str]] = {}
    for outcomes in EXPECTED.values():
        for status, ids in outcomes.items():
            for cid in ids:
                seen.setdefault(cid, set()).add(status)
    for cid, status in EXTRA_CASES:
        seen.setdefault(cid, set()).add(status)
    for spec in load_catalog():
        statuses = seen.get(spec.id, set())
        negative = {"fail"} if spec.severity != "info" else {"fail", "skip"}
        assert "pass" in statuses, f"{spec.id}: no passing case"
        assert statuses & negative, f"{spec.id}: no failing case"


def test_recorded_scenarios_say_where_they_come_from():
    for name in scenario_names():
        data = load_scenario(name)
        assert data["source"] in ("recorded", "reconstructed"), name
        assert len(data["provenance"]) > 60, name
    readme = (RECORDED / "README.md").read_text("utf-8")
    for name in scenario_names():
        assert name in readme, f"{name} is not described in tests/fixtures/recorded/README.md"


# --------------------------------------------------------------- severities
def test_documents_readable_is_critical_for_personal_data():
    results, _ = run_scenario("es-7.17.29/open", personal={"citizens"})
    check = results["es-documents-readable"]
    assert (check.status, check.severity) == ("fail", "critical")
    assert "personal data in citizens" in check.evidence
    results, _ = run_scenario("es-7.17.29/open")
    assert results["es-documents-readable"].severity == "high"


def test_index_listing_is_high_above_1000_documents_else_medium():
    assert run_scenario("es-7.17.29/open")[0]["es-index-listing"].severity == "high"  # 1,202 docs
    assert run_scenario("es-7.10.2/anonymous-superuser")[0]["es-index-listing"].severity == "medium"  # 250


def test_security_off_behind_an_authenticating_proxy_is_medium():
    check = run_scenario("es-7.17.29/nginx-auth-tls-credentials")[0]["es-security-disabled"]
    assert (check.status, check.severity) == ("fail", "medium")
    assert "Server: nginx" in check.evidence
    assert run_scenario("es-7.17.29/open")[0]["es-security-disabled"].severity == "high"


def test_cleartext_is_high_with_data():
    assert run_scenario("es-7.17.29/open")[0]["es-cleartext-http"].severity == "high"
    assert run_scenario("es-7.17.29/misconfigured-empty")[0]["es-cleartext-http"].severity == "medium"


@pytest.mark.parametrize(
    "name",
    [
        "es-7.17.29/nginx-auth-tls-anonymous",
        "opensearch-2.11.0/demo-security-admin",
        "es-8.15.0/secured-credentials",
        "kibana-8.15.0/secured-credentials",
    ],
)
def test_hardened_targets_have_no_high_or_critical_failure(name):
    results, _ = run_scenario(name)
    bad = {
        cid: c.evidence
        for cid, c in results.items()
        if c.status == "fail"
        and SEVERITY_ORDER[c.severity] >= SEVERITY_ORDER["high"]
        and cid not in ("es-default-credentials", "tls-demo-certificate")
    }  # real findings of the demo setup
    assert not bad


def test_hardened_with_credentials_reports_only_the_planted_ransom_note_as_high():
    results, _ = run_scenario("es-7.17.29/nginx-auth-tls-credentials")
    high = {cid for cid, c in results.items() if c.status == "fail" and SEVERITY_ORDER[c.severity] >= 3}
    assert high == {"es-ransom-note"}  # the recording node really holds one


# ----------------------------------------------------------------- exposure
@pytest.mark.parametrize(
    "name,expected",
    [
        ("es-7.17.29/open", (True, False, True)),
        ("opensearch-2.19.6/open", (True, False, True)),
        ("es-7.17.29/nginx-auth-tls-anonymous", (False, True, False)),
        ("es-7.17.29/nginx-auth-tls-credentials", (False, True, False)),
        ("es-7.17.29/nginx-cors-open-cat", (True, False, False)),
        ("es-7.10.2/anonymous-superuser", (True, False, True)),
        ("es-8.15.0/secured-credentials", (False, True, False)),
        ("opensearch-2.11.0/anonymous-auth", (True, False, None)),
        ("kibana-6.4.2/open", (True, False, None)),
        ("kibana-8.15.0/secured-credentials", (False, True, None)),
    ],
)
def test_derive_exposure(name, expected):
    ctx, _ = build_context(name)
    exposure = derive_exposure(ctx, run_checks(ctx))
    assert (exposure.anonymous_read, exposure.tls, exposure.anonymous_write_possible) == expected


# ------------------------------------------------------------------ privacy
def _document_strings(name: str) -> set[str]:
    """Every string value of every document (_source) in a scenario's answers."""
    out: set[str] = set()

    def walk(obj):
        if isinstance(obj, str):
            out.add(obj)
        elif isinstance(obj, dict):
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    for e in load_scenario(name)["exchanges"]:
        for hit in (
            ((e.get("json") or {}).get("hits") or {}).get("hits") or [] if isinstance(e.get("json"), dict) else []
        ):
            walk(hit.get("_source"))
    return {s for s in out if len(s) >= 6}


@pytest.mark.parametrize("name", ["es-7.17.29/open", "opensearch-2.19.6/open", "es-6.8.20/security-disabled-ransomed"])
def test_evidence_never_holds_document_values(name):
    values = _document_strings(name) | {
        "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        "recover@example.invalid",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "restore@example.invalid",
    }
    results, _ = run_scenario(name)
    text = json.dumps([c.model_dump() for c in results.values()])
    leaked = sorted(v for v in values if v in text)
    assert not leaked
    assert "bitcoin address" in results["es-ransom-note"].evidence


def test_remediation_matches_product_and_major_version():
    es7 = run_scenario("es-7.17.29/open")[0]["es-anonymous-read"].remediation
    es8 = run_scenario("es-8.15.0/secured-credentials")[0]["es-anonymous-read"].remediation
    os2 = run_scenario("opensearch-2.19.6/open")[0]["es-anonymous-read"].remediation
    kbn = run_scenario("kibana-6.4.2/open")[0]["kibana-console-proxy-open"].remediation
    assert "elasticsearch.yml (7.x)" in es7 and "setup-passwords" in es7
    assert "elasticsearch.yml (8.x)" in es8 and "reset-password" in es8
    assert "opensearch.yml" in os2 and "plugins.security" in os2
    assert "kibana.yml" in kbn
    assert all("auth_basic" in r for r in (es7, es8, os2))  # the nginx variant is always appended
