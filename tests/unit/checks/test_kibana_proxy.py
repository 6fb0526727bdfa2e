"""KibanaConsoleProxy: the cluster behind an open Kibana, read through /api/console/proxy only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import orjson
import pytest

from leakwarden.checks import KibanaConsoleProxy, kibana_console_proxy, kibana_console_target
from leakwarden.connectors.http import ReadOnlyHTTP
from leakwarden.errors import AuthenticationRequired, ReadOnlyViolation, TargetError

from .conftest import Replay, load_scenario


def proxy_client(answer=None):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer or httpx.Response(200, json={"hits": {"total": {"value": 3}, "hits": []}})

    return ReadOnlyHTTP("http://kibana:5601", transport=httpx.MockTransport(handler), retries=0), seen


def inner(request: httpx.Request) -> tuple[str, str]:
    q = parse_qs(urlsplit(str(request.url)).query)
    return q["path"][0], q["method"][0]


def test_detects_an_open_console_proxy_from_a_recording():
    replay = Replay(load_scenario("kibana-6.4.2/open"))
    http = ReadOnlyHTTP("http://10.0.0.10:5601", transport=httpx.MockTransport(replay), retries=0)
    proxy = kibana_console_proxy(http)
    assert isinstance(proxy, KibanaConsoleProxy)
    nodes = proxy.get_json("/_nodes")
    assert nodes["cluster_name"] == "prod"
    assert [m for m, _, _ in replay.sent] == ["POST", "POST"]
    assert kibana_console_target(http) is not None


def test_no_proxy_when_kibana_wants_a_login():
    replay = Replay(load_scenario("kibana-8.15.0/secured-credentials"))
    http = ReadOnlyHTTP("https://10.0.0.12:5601", transport=httpx.MockTransport(replay), retries=0)
    assert kibana_console_proxy(http) is None


def test_get_is_proxied_as_get_with_the_query_inside_path():
    http, seen = proxy_client()
    KibanaConsoleProxy(http).get("/_cat/indices?format=json", params={"bytes": "b"})
    [req] = seen
    assert req.method == "POST" and urlsplit(str(req.url)).path == "/api/console/proxy"
    assert inner(req) == ("/_cat/indices?bytes=b&format=json", "GET")
    assert req.headers["kbn-xsrf"] == "true" and req.headers["osd-xsrf"] == "true"


def test_search_bodies_travel_with_a_get():
    http, seen = proxy_client()
    resp = KibanaConsoleProxy(http).post("/people/_search", json={"size": 2, "query": {"match_all": {}}})
    assert resp.status == 200
    assert inner(seen[0]) == ("/people/_search", "GET")
    assert orjson.loads(seen[0].content) == {"size": 2, "query": {"match_all": {}}}


@pytest.mark.parametrize(
    "method,path",
    [("PUT", "/idx"), ("POST", "/idx/_doc"), ("DELETE", "/idx"), ("POST", "/_bulk"), ("POST", "/idx/_update/1")],
)
def test_writes_are_refused_before_sending(method, path):
    http, seen = proxy_client()
    with pytest.raises(ReadOnlyViolation):
        KibanaConsoleProxy(http).request(method, path)
    assert not seen


def test_point_in_time_is_not_available_and_scroll_clearing_is_not_sent():
    http, seen = proxy_client()
    proxy = KibanaConsoleProxy(http)
    with pytest.raises(TargetError):
        proxy.post("/idx/_pit?keep_alive=1m")
    resp = proxy.request("DELETE", "/_search/scroll", json={"scroll_id": "x"})
    assert resp.status == 200 and resp.headers["x-leakwarden-not-sent"] == "1"
    assert not seen


def test_authentication_errors_are_ours():
    http, _ = proxy_client(httpx.Response(401, json={"statusCode": 401}))
    with pytest.raises(AuthenticationRequired):
        KibanaConsoleProxy(http).get_json("/_cat/indices")


def test_cluster_checks_through_the_console_proxy():
    """The scan's Kibana path: the ES checks run through the adapter; endpoint checks are skipped."""
    from leakwarden.checks import context_for, run_checks
    from leakwarden.checks.runner import TRANSPORT_CHECKS

    cluster = Replay(load_scenario("es-7.17.29/open"))

    def kibana(request: httpx.Request) -> httpx.Response:
        assert (request.method, urlsplit(str(request.url)).path) == ("POST", "/api/console/proxy")
        path, method = inner(request)
        if request.content:  # a read-only POST travelled as a GET with its body
            method = "POST"
        return cluster(httpx.Request(method, "http://es" + path, content=request.content))

    http = ReadOnlyHTTP("http://10.0.0.10:5601", transport=httpx.MockTransport(kibana), retries=0)
    ctx = context_for(KibanaConsoleProxy(http))
    results = {c.id: c for c in run_checks(ctx)}
    assert not cluster.unmatched
    assert results["es-anonymous-read"].status == "fail"
    assert results["es-documents-readable"].status == "fail"
    assert results["es-ransom-note"].status == "fail"
    for cid in TRANSPORT_CHECKS:
        assert results[cid].status == "skip", cid
