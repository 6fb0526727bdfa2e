"""Kibana / OpenSearch Dashboards: probes (``data/kibana.yaml``), fingerprint, console-proxy adapter.

:func:`kibana_console_proxy` returns a :class:`KibanaConsoleProxy` when a
Kibana's Dev Tools proxy reaches the cluster behind it without a login; the
adapter has the ``get``/``get_json``/``post``/``request`` surface of
:class:`~leakwarden.connectors.http.ReadOnlyHTTP`, so a connector can read the
cluster through Kibana.  Every proxied request is a GET (``method=GET``):
``_search``/``_count`` bodies travel with a GET, which Elasticsearch accepts.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import httpx

from leakwarden.checks.base import (
    CheckContext,
    Outcome,
    failed,
    is_denied,
    passed,
    plural,
    probe,
    skipped,
    unexpected,
)
from leakwarden.checks.versions import Version, eol_verdict, register_range_probes
from leakwarden.connectors.base import StoreInfo
from leakwarden.connectors.http import ReadOnlyHTTP, RequestRecord, RequestVerbs, Response, check_read_only
from leakwarden.errors import AuthenticationRequired, ReadOnlyViolation, TargetError

XSRF_HEADERS = {"kbn-xsrf": "true", "osd-xsrf": "true"}
CONSOLE_PROXY = "/api/console/proxy"
SAVED_OBJECTS = "/api/saved_objects/_find?type=index-pattern&per_page=1"
DEFAULT_LOGINS = (("elastic", "changeme"), ("admin", "admin"))


def console_proxy_path(inner_path: str, method: str = "GET") -> str:
    """``/api/console/proxy?path=<urlencoded>&method=GET``: the form ReadOnlyHTTP allows."""
    return f"{CONSOLE_PROXY}?{urlencode({'path': inner_path, 'method': method}, quote_via=quote)}"


# ------------------------------------------------------------- fingerprint
def fingerprint_kibana(http: ReadOnlyHTTP, root: Response | None = None) -> StoreInfo | None:
    """Identify Kibana / OpenSearch Dashboards from ``GET /`` headers and ``/api/status``; None if neither.

    ``root`` is the answer to ``GET /`` when the caller already has it.
    """
    root = root if root is not None else http.get("/")
    headers = {k.lower(): v for k, v in root.headers.items()}
    if not ({"kbn-name", "kbn-version", "osd-name", "osd-version"} & set(headers)):
        return None
    flavour = "opensearch-dashboards" if ("osd-name" in headers or "osd-version" in headers) else "kibana"
    status = http.get("/api/status")
    version = headers.get("kbn-version") or headers.get("osd-version")
    data = status.json() if status.ok else None
    if isinstance(data, dict):
        v = data.get("version")
        version = (v.get("number") if isinstance(v, dict) else v) or version
    return StoreInfo(
        kind="kibana",
        version=str(version) if version else None,
        anonymous_access=None,
        tls=http.base_url.startswith("https://"),
        details={"flavor": flavour, "headers": dict(root.headers), "status_code": root.status},
    )


def _kibana_version(ctx: CheckContext) -> str | None:
    if ctx.version:
        return ctx.version
    for name in ("kbn-version", "osd-version"):
        if ctx.headers.get(name):
            return ctx.headers[name]
    resp = ctx.get("/api/status", anonymous=True)
    data = resp.json() if resp.ok else None
    if isinstance(data, dict):
        v = data.get("version")
        number = v.get("number") if isinstance(v, dict) else v
        return str(number) if number else None
    return None


def _name(ctx: CheckContext) -> str:
    return "OpenSearch Dashboards" if ctx.product == "opensearch-dashboards" else "Kibana"


# ------------------------------------------------------------------ probes
@probe("kibana-detected")
def kibana_detected(ctx: CheckContext) -> Outcome:
    version = _kibana_version(ctx)
    if not version and not ({"kbn-name", "osd-name"} & set(ctx.headers)):
        return skipped("no fingerprint: neither a version nor a kbn-name/osd-name header")
    parts = [f"{_name(ctx)} {version}" if version else f"{_name(ctx)}, version not disclosed"]
    for header in ("kbn-name", "osd-name"):
        if ctx.headers.get(header):
            parts.append(f"{header}: {ctx.headers[header]}")
    return passed("; ".join(parts))


def _redirects_to_login(resp: Response) -> bool:
    return resp.status in (301, 302, 303, 307, 308) and "login" in resp.headers.get("location", "")


@probe("kibana-anonymous-access")
def kibana_anonymous_access(ctx: CheckContext) -> Outcome:
    resp = ctx.get(SAVED_OBJECTS, anonymous=True)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and "saved_objects" in data:
        return failed(
            f"GET /api/saved_objects/_find answered without a login ({plural(int(data.get('total') or 0), 'index pattern')})"
        )
    if is_denied(resp) or _redirects_to_login(resp):
        return passed(f"the saved-objects API without a login answered {resp.status}")
    if resp.status == 404:  # Kibana < 6 has no saved-objects API: does the app open without a login?
        app = ctx.get("/app/kibana", anonymous=True)
        if app.ok:
            return failed("GET /app/kibana opens without a login (Kibana without security)")
        if is_denied(app) or _redirects_to_login(app):
            return passed(f"GET /app/kibana without a login answered {app.status}")
        return unexpected(app, "anonymous GET /app/kibana")
    return unexpected(resp, "anonymous GET /api/saved_objects/_find")


@probe("kibana-console-proxy-open")
def console_proxy_open(ctx: CheckContext) -> Outcome:
    resp = ctx.fetch("POST", console_proxy_path("/_nodes"), anonymous=True, headers=XSRF_HEADERS)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and isinstance(data.get("nodes"), dict):
        return failed(
            "POST /api/console/proxy?path=/_nodes&method=GET answered without a login: "
            f"cluster '{data.get('cluster_name', '?')}', {plural(len(data['nodes']), 'node')} reachable through Kibana"
        )
    if is_denied(resp) or _redirects_to_login(resp):
        return passed(f"the console proxy without a login answered {resp.status}")
    if resp.status == 404:
        return passed("no console proxy here (Kibana < 5, or the console is disabled)")
    if resp.ok:
        return passed(f"the console proxy answered {resp.status} without cluster information")
    return unexpected(resp, "anonymous POST /api/console/proxy")


@probe("kibana-legacy-proxy")
def legacy_proxy(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/elasticsearch/_nodes", anonymous=True)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and isinstance(data.get("nodes"), dict):
        return failed(
            f"GET /elasticsearch/_nodes answered without a login: {plural(len(data['nodes']), 'node')} of "
            f"cluster '{data.get('cluster_name', '?')}' reachable through Kibana's legacy proxy"
        )
    if resp.status in (401, 403, 404) or resp.ok or _redirects_to_login(resp):
        return passed(f"GET /elasticsearch/_nodes without a login answered {resp.status} without cluster information")
    return unexpected(resp, "anonymous GET /elasticsearch/_nodes")


@probe("kibana-default-login")
def default_login(ctx: CheckContext) -> Outcome:
    anon = ctx.get(SAVED_OBJECTS, anonymous=True)
    if anon.ok:
        return skipped(
            "the API answers without a login, so a default password changes nothing (see kibana-anonymous-access)"
        )
    if anon.status == 404:
        return skipped("no saved-objects API on this version to try a login against without creating a session")
    accepted, refused = [], []
    for user, password in DEFAULT_LOGINS:
        with ctx.with_credentials(user, password) as client:
            try:
                resp = client.get(SAVED_OBJECTS)
            finally:
                ctx.anonymous_http.log.extend(client.log)
        data = resp.json()
        if resp.ok and isinstance(data, dict) and "saved_objects" in data:
            accepted.append(f"{user}:{password}")
        elif is_denied(resp) or _redirects_to_login(resp):
            refused.append(f"{user}:{password} ({resp.status})")
        else:
            return unexpected(resp, f"GET /api/saved_objects/_find as {user}")
    if accepted:
        return failed("the API accepted the default login " + ", ".join(accepted) + " (HTTP Basic, no session created)")
    return passed(
        "default logins refused: "
        + ", ".join(refused)
        + " (HTTP Basic; /internal/security/login and /auth/login were not sent)"
    )


@probe("kibana-cleartext-http")
def kibana_cleartext(ctx: CheckContext) -> Outcome:
    if ctx.scheme == "https":
        return passed(f"{_name(ctx)} is served over HTTPS")
    return failed(
        f"{_name(ctx)} answers over plain HTTP at {ctx.target_display}: logins and session cookies travel in clear"
    )


@probe("kibana-version-eol")
def kibana_version_eol(ctx: CheckContext) -> Outcome:
    text = _kibana_version(ctx)
    v = Version.parse(text)
    if v is None:
        return skipped("version not disclosed")
    verdict = eol_verdict(ctx.product, v, ctx.now().date())
    if verdict.end_of_life is True:
        return failed(f"{text}: {verdict.reason}")
    if verdict.end_of_life is False:
        return passed(f"{text}: {verdict.reason}")
    return skipped(verdict.reason)


register_range_probes(("kibana-cve-2019-7609", "kibana-cve-2018-17246"), version=_kibana_version)


# ------------------------------------------------------------ proxy adapter
class KibanaConsoleProxy(RequestVerbs):
    """Reach the cluster behind Kibana through ``/api/console/proxy``, read-only.

    Same surface as :class:`ReadOnlyHTTP` (``request``, ``get``, ``post``,
    ``get_json``, ``expect_json``, ``log``, ``display``, ``base_url``,
    ``credentials``).  GET/HEAD are proxied as such; the read-only POSTs
    (``_search``, ``_count``, ``_msearch``, ``_search/scroll``,
    ``_field_caps``, ``_validate/query``, ``_has_privileges``) are proxied as a
    GET with the same body.  Opening a point in time needs a POST and raises
    :class:`TargetError` (fall back to scroll or from/size); clearing a
    scroll is not sent (it expires with its keep-alive) and answers a
    synthetic 200 with header ``x-leakwarden-not-sent: 1``.
    """

    _GET_WITH_BODY = ("_search", "_count", "_msearch", "_search/scroll", "_field_caps", "_validate/query",
                      "_security/user/_has_privileges", "_plugins/_security/authinfo")  # fmt: skip

    #: tells the checks that transport-level facts (scheme, TLS, CORS, headers) are Kibana's, not the cluster's
    proxied_through = "kibana-console-proxy"

    def __init__(self, http: ReadOnlyHTTP):
        self._http = http
        self.base_url = http.base_url
        self.display = f"{http.display} (through the Kibana console proxy)"
        self.credentials = http.credentials
        self.log: list[RequestRecord] = http.log

    def close(self) -> None:
        """The underlying client belongs to the caller."""

    def __enter__(self) -> KibanaConsoleProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def anonymous(self) -> KibanaConsoleProxy:
        return KibanaConsoleProxy(self._http.anonymous())

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
        retry: bool = True,
    ) -> Response:
        method = method.upper()
        split = urlsplit(path)
        query = split.query
        if params:
            extra = urlencode({k: v for k, v in params.items()}, doseq=True)
            query = f"{extra}&{query}" if query else extra
        inner = split.path + (f"?{query}" if query else "")
        check_read_only(method, split.path, query)  # the same rules as a direct request
        if method == "DELETE":
            return Response(200, httpx.Headers({"x-leakwarden-not-sent": "1"}), b"{}", inner, 0.0)
        if method == "POST":
            if not split.path.rstrip("/").endswith(self._GET_WITH_BODY):
                raise TargetError(
                    f"{self.display}: {split.path} needs a POST, which the console proxy would forward as a write; "
                    "use scroll or from/size instead of a point in time",
                    target=self.display,
                )
            method = "GET"
        if method not in ("GET", "HEAD"):  # pragma: no cover - check_read_only refused it already
            raise ReadOnlyViolation(f"refusing to proxy {method} {split.path}")
        hdrs = {**XSRF_HEADERS, **(headers or {})}
        return self._http.request("POST", console_proxy_path(inner, method), json=json, headers=hdrs, retry=retry)

    def expect_json(self, resp: Response, what: str) -> Any:
        if resp.status in (401, 403):
            raise AuthenticationRequired(
                f"{self.display}: {what} answered {resp.status} through the console proxy; log in to Kibana "
                "(LEAKWARDEN_USER/LEAKWARDEN_PASSWORD)",
                target=self.display,
            )
        return self._http.expect_json(resp, what)


def kibana_console_proxy(http: ReadOnlyHTTP) -> KibanaConsoleProxy | None:
    """A :class:`KibanaConsoleProxy` when ``http``'s Kibana proxies to its cluster, else None.

    Sends one request: ``POST /api/console/proxy?path=%2F&method=GET``.
    """
    resp = http.request("POST", console_proxy_path("/"), headers=XSRF_HEADERS)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and (isinstance(data.get("version"), dict) or "cluster_name" in data):
        return KibanaConsoleProxy(http)
    return None
