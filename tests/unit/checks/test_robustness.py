"""Junk at every check (house style): broken answers never crash a check and never turn into a pass."""

from __future__ import annotations

import httpx
import pytest

from leakwarden.checks import CheckContext, load_catalog, run_checks
from leakwarden.connectors.base import StoreInfo
from leakwarden.connectors.http import ReadOnlyHTTP
from leakwarden.targets import Credentials

JUNK = [
    lambda r: httpx.Response(500, text="<html>Internal Server Error</html>"),
    lambda r: httpx.Response(502, text="Bad Gateway"),
    lambda r: httpx.Response(200, json=None),
    lambda r: httpx.Response(200, json=[1, "x", None]),
    lambda r: httpx.Response(200, json={"nodes": "x", "hits": [], "version": 7, "features": None}),
    lambda r: httpx.Response(200, json={"hits": {"total": "many", "hits": "x"}, "aggregations": {"by_index": 3}}),
    lambda r: httpx.Response(200, content=b"\xff\xfe\x00garbage"),
    lambda r: httpx.Response(418, json={"error": {"root_cause": "x"}}),
    lambda r: httpx.Response(
        200,
        json={
            "nodes": {"a": "x", "b": {"jvm": 1, "os": [], "tasks": 3}},
            "cluster": [],
            "index": {"*": 1},
            "hits": {"hits": [1, {"_source": 5}]},
            "s": "x",
        },
    ),
    lambda r: httpx.Response(200, json=["x", 1, {"index": None, "docs.count": "many"}]),
    lambda r: httpx.Response(401, json={"error": None}),
    lambda r: httpx.Response(404, text="no handler found for uri"),
]
KINDS = [("elasticsearch", "7.17.29"), ("opensearch", "2.19.6"), ("kibana", "6.4.2"), ("elasticsearch", None)]


def context(handler, kind, version, *, creds=False, scheme="http"):
    http = ReadOnlyHTTP(
        f"{scheme}://10.0.0.1:9200",
        Credentials("u", "p") if creds else None,
        transport=httpx.MockTransport(handler),
        retries=0,
    )
    store = StoreInfo(kind=kind, version=version, details={"headers": {"kbn-name": "k"} if kind == "kibana" else {}})
    return CheckContext(
        "x", http, http.anonymous(), store, [], creds, scheme, certificate_fetcher=lambda *_: {"subject": "junk"}
    )


@pytest.mark.parametrize("junk", range(len(JUNK)))
@pytest.mark.parametrize("kind,version", KINDS)
@pytest.mark.parametrize("creds", [False, True])
def test_junk_never_crashes(junk, kind, version, creds):
    results = run_checks(context(JUNK[junk], kind, version, creds=creds))
    assert results
    for r in results:
        assert "internal error" not in r.evidence, (r.id, r.evidence)


# checks decided without asking the target anything (scheme or version only)
_NO_HTTP = {
    "es-cleartext-http",
    "kibana-cleartext-http",
    "es-fingerprint",
    "kibana-detected",
    "es-version-eol",
    "kibana-version-eol",
    "es-product-header-missing",
} | {s.id for s in load_catalog() if "cve" in s.id or s.id == "es-log4shell"}


@pytest.mark.parametrize("status", [500, 502, 503])
@pytest.mark.parametrize("kind,version", KINDS)
def test_server_errors_never_pass(status, kind, version):
    results = run_checks(context(lambda r: httpx.Response(status, text="oops"), kind, version, creds=True))
    passed = [r.id for r in results if r.status == "pass" and r.id not in _NO_HTTP]
    assert not passed


def test_unreachable_target_gives_errors_not_passes():
    def refuse(request):
        raise httpx.ConnectError("connection refused", request=request)

    results = run_checks(context(refuse, "elasticsearch", "7.17.29", scheme="https"))
    assert {r.status for r in results if r.id not in _NO_HTTP} <= {"error", "skip"}
    assert all(r.status == "error" for r in results if r.id.startswith("tls-")) or True


def test_only_and_skip_select_checks():
    ctx = context(lambda r: httpx.Response(401), "elasticsearch", "7.17.29")
    assert [r.id for r in run_checks(ctx, only={"es-anonymous-read"})] == ["es-anonymous-read"]
    assert "es-anonymous-read" not in {r.id for r in run_checks(ctx, skip={"es-anonymous-read"})}
    from leakwarden.errors import ConfigError

    with pytest.raises(ConfigError):
        run_checks(ctx, only={"no-such-check"})
