import httpx
import pytest

from leakwarden.connectors.http import ReadOnlyHTTP, check_read_only
from leakwarden.errors import AuthenticationRequired, ReadOnlyViolation, TargetUnreachable
from leakwarden.targets import Credentials


@pytest.mark.parametrize(
    "method,path,query",
    [
        ("GET", "/", ""),
        ("HEAD", "/idx", ""),
        ("POST", "/idx/_search", ""),
        ("POST", "/_search/scroll", ""),
        ("POST", "/idx/_pit", "keep_alive=1m"),
        ("POST", "/idx/_search/point_in_time", ""),
        ("POST", "/_security/user/_has_privileges", ""),
        ("POST", "/idx/_count", ""),
        ("DELETE", "/_pit", ""),
        ("DELETE", "/_search/scroll", ""),
        ("POST", "/api/console/proxy", "path=%2F_nodes&method=GET"),
    ],
)
def test_allowed(method, path, query):
    check_read_only(method, path, query)


@pytest.mark.parametrize(
    "method,path,query",
    [
        ("PUT", "/idx", ""),
        ("POST", "/idx/_doc", ""),
        ("POST", "/idx/_update/1", ""),
        ("POST", "/_bulk", ""),
        ("DELETE", "/idx", ""),
        ("POST", "/idx/_delete_by_query", ""),
        ("PUT", "/_cluster/settings", ""),
        ("POST", "/_snapshot/repo", ""),
        ("POST", "/api/console/proxy", "path=%2Fidx&method=DELETE"),
        ("POST", "/api/console/proxy", "path=%2Fidx"),
        ("PATCH", "/x", ""),
        ("POST", "/idx/_search/../_doc", ""),
    ],
)
def test_refused(method, path, query):
    with pytest.raises(ReadOnlyViolation):
        check_read_only(method, path, query)


def test_refused_before_sending():
    sent = []

    def handler(request):
        sent.append(request)
        return httpx.Response(200, json={})

    http = ReadOnlyHTTP("http://127.0.0.1:9", transport=httpx.MockTransport(handler))
    with pytest.raises(ReadOnlyViolation):
        http.request("PUT", "/idx")
    assert sent == []


def test_retries_on_429_then_succeeds():
    calls = {"n": 0}

    def handler(request):
        calls["n"] += 1
        if calls["n"] < 3:
            return httpx.Response(429, headers={"Retry-After": "0"})
        return httpx.Response(200, json={"ok": True})

    http = ReadOnlyHTTP("http://127.0.0.1:9", transport=httpx.MockTransport(handler), backoff=0.0)
    assert http.get_json("/") == {"ok": True}
    assert calls["n"] == 3
    assert [r.status for r in http.log] == [429, 429, 200]


def test_auth_errors_and_credentials_sent():
    seen = {}

    def handler(request):
        seen["auth"] = request.headers.get("authorization")
        return httpx.Response(401, json={"error": {"type": "security_exception"}})

    http = ReadOnlyHTTP("http://127.0.0.1:9", Credentials("u", "p"), transport=httpx.MockTransport(handler))
    with pytest.raises(AuthenticationRequired) as exc:
        http.get_json("/")
    assert seen["auth"].startswith("Basic ")
    assert "401" in str(exc.value)
    anon = http.anonymous()
    with pytest.raises(AuthenticationRequired):
        anon.get_json("/")
    assert seen["auth"] is None


def test_unreachable_is_translated():
    http = ReadOnlyHTTP("http://user:pw@127.0.0.1:1", connect_timeout=1.0, retries=0)
    with pytest.raises(TargetUnreachable) as exc:
        http.get("/")
    assert "pw" not in str(exc.value)
    assert "refused" in str(exc.value)
