"""A read-only HTTP client for search engines and their dashboards.

Everything leakwarden sends to an Elasticsearch, OpenSearch or Kibana target
goes through :class:`ReadOnlyHTTP`.  It enforces the project's lines at the
one place where they can be enforced:

* **read-only**: only GET/HEAD, the POSTs that read (search, count, PIT open,
  scroll, privilege queries, Kibana's console proxy with ``method=GET``) and
  the DELETE of our own PIT or scroll id.  Anything else raises
  :class:`~leakwarden.errors.ReadOnlyViolation` before a byte is sent;
* **gentle**: a semaphore bounds concurrency, 429/502/503/504 are retried with
  exponential backoff honouring ``Retry-After``;
* **timeouts everywhere**, and httpx's exceptions are translated into ours,
  with the target redacted.

Every request is also appended to :attr:`ReadOnlyHTTP.log` (method, path,
status) so tests and ``--debug`` can show exactly what was sent.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import orjson

from leakwarden import __version__
from leakwarden.errors import (
    AuthenticationRequired,
    ReadOnlyViolation,
    TargetError,
    TargetUnreachable,
)
from leakwarden.targets import Credentials, redact_url

USER_AGENT = f"leakwarden/{__version__} (read-only security scanner)"

# POST endpoints that only read.  Matched against the path without the query.
_READ_POSTS = re.compile(
    r"""^/(?:[^/]+/)?(?:
        _search(?:/scroll)?|
        _count|
        _msearch|
        _pit|
        _search/point_in_time|
        _security/user/_has_privileges|
        _plugins/_security/authinfo|
        _field_caps|
        _validate/query
    )/?$""",
    re.X,
)
_OWN_DELETES = re.compile(r"^/(?:_pit|_search/scroll(?:/.*)?|_search/point_in_time(?:/.*)?)/?$")
_KIBANA_CONSOLE = re.compile(r"^/api/console/proxy/?$")
_RETRY_STATUSES = {429, 502, 503, 504}


def check_read_only(method: str, url_path: str, query: str = "") -> None:
    """Raise :class:`ReadOnlyViolation` unless the request can only read."""
    method = method.upper()
    path = url_path or "/"
    if method in ("GET", "HEAD", "OPTIONS"):
        return
    if method == "POST":
        if _READ_POSTS.match(path):
            return
        if _KIBANA_CONSOLE.match(path):
            q = parse_qs(query)
            inner = (q.get("method") or [""])[0].upper()
            if inner in ("GET", "HEAD"):
                return
    if method == "DELETE" and _OWN_DELETES.match(path):
        return
    raise ReadOnlyViolation(f"refusing to send {method} {path}: leakwarden never writes to a target")


@dataclass
class Response:
    status: int
    headers: httpx.Headers
    content: bytes
    url: str
    elapsed: float

    def json(self) -> Any:
        try:
            return orjson.loads(self.content)
        except orjson.JSONDecodeError:
            return None

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class RequestRecord:
    method: str
    path: str
    status: int | None


class RequestVerbs:
    """``get``/``post``/``get_json`` on top of a ``request`` and an ``expect_json``.

    Shared by :class:`ReadOnlyHTTP` and the adapters that stand in for it
    (the Kibana console proxy), so connectors see one interface.
    """

    def request(self, method: str, path: str, **kw: Any) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def expect_json(self, resp: Response, what: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def get(self, path: str, **kw: Any) -> Response:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Response:
        return self.request("POST", path, **kw)

    def get_json(self, path: str, **kw: Any) -> Any:
        """GET and decode JSON, raising our errors on 401/403 and other failures."""
        return self.expect_json(self.get(path, **kw), path)


class ReadOnlyHTTP(RequestVerbs):
    """A small, read-only, bounded, retrying HTTP client for one target."""

    def __init__(
        self,
        base_url: str,
        credentials: Credentials | None = None,
        *,
        timeout: float = 20.0,
        connect_timeout: float = 5.0,
        max_concurrency: int = 4,
        retries: int = 4,
        backoff: float = 0.5,
        verify: bool | str = True,
        anonymous: bool = False,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = 256 * 1024 * 1024,
    ):
        self.base_url = base_url.rstrip("/")
        self.display = redact_url(self.base_url)
        self.credentials = Credentials() if anonymous else (credentials or Credentials())
        self.retries = retries
        self.backoff = backoff
        self.max_response_bytes = max_response_bytes
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.verify = verify
        self._transport = transport
        self._sem = threading.BoundedSemaphore(max_concurrency)
        self.log: list[RequestRecord] = []
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        headers.update(self.credentials.auth_headers())
        auth = None
        if self.credentials.username and not (self.credentials.api_key or self.credentials.bearer_token):
            auth = httpx.BasicAuth(self.credentials.username, self.credentials.password or "")
        self._client = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            auth=auth,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            verify=verify,
            follow_redirects=False,
            transport=transport,
            limits=httpx.Limits(max_connections=max_concurrency, max_keepalive_connections=max_concurrency),
        )

    def anonymous(self) -> ReadOnlyHTTP:
        """A client to the same target without any credentials."""
        return ReadOnlyHTTP(
            self.base_url,
            anonymous=True,
            timeout=self.timeout,
            connect_timeout=self.connect_timeout,
            retries=self.retries,
            backoff=self.backoff,
            verify=self.verify,
            transport=self._transport,
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ReadOnlyHTTP:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
        """Send one read-only request; returns any HTTP status as a Response.

        Raises :class:`TargetUnreachable` when no HTTP answer could be had.
        """
        split = urlsplit(path)
        query = split.query
        if params:
            query = "&".join(f"{k}={v}" for k, v in params.items()) + ("&" + query if query else "")
        check_read_only(method, split.path, query)
        content = orjson.dumps(json) if json is not None else None
        req_headers = dict(headers or {})
        if content is not None:
            req_headers.setdefault("Content-Type", "application/json")
        attempts = self.retries + 1 if retry else 1
        delay = self.backoff
        last_exc: Exception | None = None
        for attempt in range(attempts):
            with self._sem:
                started = time.monotonic()
                try:
                    resp = self._client.request(
                        method, path, params=params, content=content, headers=req_headers
                    )
                except httpx.TimeoutException as exc:
                    last_exc = exc
                    self.log.append(RequestRecord(method, split.path, None))
                    if attempt + 1 < attempts:
                        time.sleep(delay)
                        delay *= 2
                        continue
                    raise TargetUnreachable(
                        f"{self.display}: timed out ({type(exc).__name__}); is the host up and reachable from here?",
                        target=self.display,
                    ) from None
                except httpx.ConnectError as exc:
                    self.log.append(RequestRecord(method, split.path, None))
                    raise TargetUnreachable(_describe_connect_error(self.display, exc), target=self.display) from None
                except httpx.HTTPError as exc:
                    self.log.append(RequestRecord(method, split.path, None))
                    raise TargetUnreachable(
                        f"{self.display}: HTTP error: {type(exc).__name__}: {redact_url(str(exc))}",
                        target=self.display,
                    ) from None
            self.log.append(RequestRecord(method, split.path, resp.status_code))
            if resp.status_code in _RETRY_STATUSES and attempt + 1 < attempts:
                wait = _retry_after(resp.headers.get("Retry-After"), delay)
                time.sleep(wait)
                delay *= 2
                continue
            body = resp.content
            if len(body) > self.max_response_bytes:
                raise TargetError(
                    f"{self.display}: response to {split.path} larger than {self.max_response_bytes} bytes",
                    target=self.display,
                )
            return Response(resp.status_code, resp.headers, body, str(resp.url), time.monotonic() - started)
        raise TargetUnreachable(f"{self.display}: gave up after {attempts} attempts: {last_exc}", target=self.display)

    def expect_json(self, resp: Response, what: str) -> Any:
        if resp.status in (401, 403):
            raise AuthenticationRequired(
                f"{self.display}: {what} answered {resp.status}; give credentials "
                "(LEAKWARDEN_USER/LEAKWARDEN_PASSWORD, LEAKWARDEN_API_KEY or a credentials file)",
                target=self.display,
            )
        if not resp.ok:
            raise TargetError(f"{self.display}: {what} answered HTTP {resp.status}", target=self.display)
        data = resp.json()
        if data is None:
            raise TargetError(f"{self.display}: {what} did not answer JSON", target=self.display)
        return data


def _retry_after(value: str | None, default: float) -> float:
    if value:
        try:
            return min(max(float(value), 0.0), 30.0)
        except ValueError:
            pass
    return default


def _describe_connect_error(display: str, exc: Exception) -> str:
    text = str(exc)
    low = text.lower()
    if "ssl" in low or "certificate" in low or "tls" in low:
        return f"{display}: TLS handshake failed ({redact_url(text)}); check the scheme (http vs https) or pass --insecure for a self-signed certificate"
    if "refused" in low:
        return f"{display}: connection refused; is the service listening on that port?"
    if "name or service not known" in low or "nodename nor servname" in low or "getaddrinfo" in low:
        return f"{display}: host name does not resolve"
    return f"{display}: cannot connect ({redact_url(text) or type(exc).__name__})"
