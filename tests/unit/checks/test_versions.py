"""Version-range and end-of-life checks at the edges of each range, and the product-header check.

Each case names the statement it encodes (vendor advisory or EOL table).  No
request is needed for these checks except the optional plugin/JVM look-ups,
which answer 401 here.
"""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from leakwarden.checks import CheckContext, run_checks
from leakwarden.checks.versions import Version, eol_verdict, load_version_ranges
from leakwarden.connectors.base import StoreInfo
from leakwarden.connectors.http import ReadOnlyHTTP

TODAY = date(2026, 11, 28)


def context(
    kind: str,
    version: str,
    *,
    headers: dict | None = None,
    flavor: str | None = None,
    answer: httpx.Response | None = None,
) -> CheckContext:
    def handler(request: httpx.Request) -> httpx.Response:
        return answer if answer is not None else httpx.Response(401, json={"error": "no credentials"})

    http = ReadOnlyHTTP("http://10.0.0.1:9200", transport=httpx.MockTransport(handler), retries=0)
    details = {"headers": headers or {}}
    if flavor:
        details["flavor"] = flavor
    store = StoreInfo(kind=kind, version=version, details=details)
    return CheckContext("http://10.0.0.1:9200", http, http, store, [], False, "http", today=TODAY)


def status_of(check_id: str, kind: str, version: str, **kw) -> str:
    [result] = run_checks(context(kind, version, **kw), only={check_id})
    return result.status


RANGE_CASES = [
    # CVE-2014-3120: "before 1.2" (NVD)
    ("es-cve-2014-3120", "elasticsearch", "1.1.1", "fail"),
    ("es-cve-2014-3120", "elasticsearch", "1.2.0", "pass"),
    # CVE-2015-1427: "before 1.3.8 and 1.4.x before 1.4.3" (NVD)
    ("es-cve-2015-1427", "elasticsearch", "1.3.7", "fail"),
    ("es-cve-2015-1427", "elasticsearch", "1.3.8", "pass"),
    ("es-cve-2015-1427", "elasticsearch", "1.4.2", "fail"),
    ("es-cve-2015-1427", "elasticsearch", "1.4.3", "pass"),
    # CVE-2015-3337: "before 1.4.5 and 1.5.x before 1.5.2, when a site plugin is enabled" (NVD)
    ("es-cve-2015-3337", "elasticsearch", "1.4.4", "fail"),
    ("es-cve-2015-3337", "elasticsearch", "1.4.5", "pass"),
    ("es-cve-2015-3337", "elasticsearch", "1.5.1", "fail"),
    ("es-cve-2015-3337", "elasticsearch", "1.5.2", "pass"),
    # CVE-2015-5531: "1.0.0 through 1.6.0" (NVD: before 1.6.1)
    ("es-cve-2015-5531", "elasticsearch", "1.6.0", "fail"),
    ("es-cve-2015-5531", "elasticsearch", "1.6.1", "pass"),
    ("es-cve-2015-5531", "elasticsearch", "0.90.13", "pass"),
    # CVE-2021-22145: "Elasticsearch 7.10.0 to 7.13.3" (ESA-2021-15)
    ("es-cve-2021-22145", "elasticsearch", "7.9.3", "pass"),
    ("es-cve-2021-22145", "elasticsearch", "7.10.0", "fail"),
    ("es-cve-2021-22145", "elasticsearch", "7.13.3", "fail"),
    ("es-cve-2021-22145", "elasticsearch", "7.13.4", "pass"),
    # CVE-2023-31419: fixed in 7.17.13 and 8.9.1 (ESA-2023-19)
    ("es-cve-2023-31419", "elasticsearch", "7.17.12", "fail"),
    ("es-cve-2023-31419", "elasticsearch", "7.17.13", "pass"),
    ("es-cve-2023-31419", "elasticsearch", "8.9.0", "fail"),
    ("es-cve-2023-31419", "elasticsearch", "8.9.1", "pass"),
    # Log4Shell, ESA-2021-31: 5.0.0+ bundle it; fixed in 6.8.21 and 7.16.1.  OpenSearch: fixed in 1.2.1
    ("es-log4shell", "elasticsearch", "2.4.6", "pass"),
    ("es-log4shell", "elasticsearch", "5.0.0", "fail"),
    ("es-log4shell", "elasticsearch", "6.8.20", "fail"),
    ("es-log4shell", "elasticsearch", "6.8.21", "pass"),
    ("es-log4shell", "elasticsearch", "7.16.0", "fail"),
    ("es-log4shell", "elasticsearch", "7.16.1", "pass"),
    ("es-log4shell", "elasticsearch", "8.0.0", "pass"),
    ("es-log4shell", "opensearch", "1.2.0", "fail"),
    ("es-log4shell", "opensearch", "1.2.1", "pass"),
    # CVE-2019-7609: "Kibana versions before 5.6.15 and 6.6.1" (ESA-2019-01)
    ("kibana-cve-2019-7609", "kibana", "5.6.14", "fail"),
    ("kibana-cve-2019-7609", "kibana", "5.6.15", "pass"),
    ("kibana-cve-2019-7609", "kibana", "6.6.0", "fail"),
    ("kibana-cve-2019-7609", "kibana", "6.6.1", "pass"),
    # CVE-2018-17246: "Kibana versions before 6.4.3 and 5.6.13" (ESA-2018-17)
    ("kibana-cve-2018-17246", "kibana", "5.6.12", "fail"),
    ("kibana-cve-2018-17246", "kibana", "5.6.13", "pass"),
    ("kibana-cve-2018-17246", "kibana", "6.4.2", "fail"),
    ("kibana-cve-2018-17246", "kibana", "6.4.3", "pass"),
]

EOL_CASES = [
    ("es-version-eol", "elasticsearch", "6.8.23", "fail"),  # 2022-02-10
    ("es-version-eol", "elasticsearch", "7.16.3", "fail"),
    ("es-version-eol", "elasticsearch", "7.17.29", "fail"),  # 2026-01-15
    ("es-version-eol", "elasticsearch", "8.18.2", "fail"),  # 2025-10-21
    ("es-version-eol", "elasticsearch", "8.19.3", "pass"),  # until 2027-07-15
    ("es-version-eol", "elasticsearch", "9.1.4", "pass"),
    ("es-version-eol", "opensearch", "1.3.20", "fail"),  # maintenance ended with 3.0 (2025-05-06)
    ("es-version-eol", "opensearch", "2.18.0", "fail"),  # only the latest 2.x minor is patched
    ("es-version-eol", "opensearch", "2.19.3", "pass"),
    ("es-version-eol", "opensearch", "3.2.0", "pass"),
    ("kibana-version-eol", "kibana", "8.19.3", "pass"),
    ("kibana-version-eol", "kibana", "7.17.29", "fail"),
]


@pytest.mark.parametrize("check_id,kind,version,expected", RANGE_CASES + EOL_CASES)
def test_version_tables(check_id, kind, version, expected):
    assert status_of(check_id, kind, version) == expected


def test_site_plugin_precondition():
    no_site = httpx.Response(200, json=[{"name": "n1", "component": "analysis-icu", "version": "1.4.4"}])
    site = httpx.Response(200, text="n1 head NA s /_plugin/head/\n")
    assert status_of("es-cve-2015-3337", "elasticsearch", "1.4.4", answer=no_site) == "pass"
    assert status_of("es-cve-2015-3337", "elasticsearch", "1.4.4", answer=site) == "fail"


def test_log4shell_names_the_jvm_when_readable():
    nodes = httpx.Response(200, json={"nodes": {"a": {"jvm": {"version": "1.8.0_292"}}}})
    [res] = run_checks(context("elasticsearch", "6.8.20", answer=nodes), only={"es-log4shell"})
    assert res.status == "fail" and "JDK 8" in res.evidence and "remote code execution may be possible" in res.evidence
    nodes = httpx.Response(200, json={"nodes": {"a": {"jvm": {"version": "17.0.9"}}}})
    [res] = run_checks(context("elasticsearch", "7.16.0", answer=nodes), only={"es-log4shell"})
    assert "Security Manager blocks code execution" in res.evidence


def test_kibana_cves_do_not_apply_to_opensearch_dashboards():
    ctx = context("kibana", "1.3.0", headers={"osd-name": "dash"})
    ids = {r.id for r in run_checks(ctx)}
    assert "kibana-cve-2019-7609" not in ids and "kibana-version-eol" in ids


def test_unknown_version_skips():
    for check_id in load_version_ranges():
        kind = "kibana" if check_id.startswith("kibana") else "elasticsearch"
        assert status_of(check_id, kind, None) == "skip"  # type: ignore[arg-type]


def test_version_parsing():
    assert Version.parse("8.0.0-rc1") == Version(8, 0, 0)
    assert Version.parse("7.17") == Version(7, 17, 0)
    assert Version.parse("v1.4.2") == Version(1, 4, 2)
    assert Version.parse("garbage") is None and Version.parse(None) is None
    assert eol_verdict("elasticsearch", Version(9, 9, 0), TODAY).end_of_life is False


# --------------------------------------------------------- product header
def test_product_header_missing_on_a_claimed_8x():
    assert (
        status_of("es-product-header-missing", "elasticsearch", "8.12.0", headers={"content-type": "application/json"})
        == "fail"
    )
    assert (
        status_of(
            "es-product-header-missing", "elasticsearch", "8.12.0", headers={"X-elastic-product": "Elasticsearch"}
        )
        == "pass"
    )
    assert status_of("es-product-header-missing", "elasticsearch", "7.13.4", headers={}) == "pass"


def test_info_checks_skip_without_a_fingerprint():
    assert status_of("es-fingerprint", "elasticsearch", None) == "skip"
    assert status_of("kibana-detected", "kibana", None) == "skip"
    assert status_of("es-fingerprint", "elasticsearch", "7.17.29") == "pass"


#: (check id, status) cases proven here, counted by test_scenarios' coverage test
EXTRA_CASES = [(c, s) for c, _, _, s in RANGE_CASES + EOL_CASES] + [
    ("es-product-header-missing", "fail"),
    ("es-product-header-missing", "pass"),
    ("es-fingerprint", "skip"),
    ("kibana-detected", "skip"),
]
