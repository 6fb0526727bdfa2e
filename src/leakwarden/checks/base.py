"""What a check sees (:class:`CheckContext`), what it returns (:class:`Outcome`), and the registry.

A check is two things:

* its **metadata**, kept as data in ``checks/data/<family>.yaml`` (id, title,
  severity, description, remediation with configuration snippets,
  references, the requests it sends), loaded by :mod:`leakwarden.checks.catalog`;
* its **probe**, a small function registered under the same id with
  :func:`probe`, which sends a few read-only requests through the context and
  returns an :class:`Outcome`.

Probes never build their own HTTP clients for the target (except the
default-credential probes, which clone the context's client with other
credentials): every request goes through :class:`ReadOnlyHTTP`, and through
:meth:`CheckContext.fetch`, which caches answers so that several checks
asking the same question cost one request.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Literal

import orjson

from leakwarden.connectors.base import CollectionInfo, StoreInfo
from leakwarden.connectors.http import ReadOnlyHTTP, Response
from leakwarden.errors import TargetError
from leakwarden.targets import Credentials

#: products a check can apply to (``StoreInfo.kind`` plus the Dashboards flavour of Kibana)
PRODUCTS = ("elasticsearch", "opensearch", "kibana", "opensearch-dashboards")

OutcomeStatus = Literal["pass", "fail", "error", "skip"]


@dataclass(frozen=True)
class Outcome:
    """What a probe found.  ``severity`` overrides the catalogue's when set."""

    status: OutcomeStatus
    evidence: str = ""
    severity: str | None = None


def passed(evidence: str = "") -> Outcome:
    return Outcome("pass", evidence)


def failed(evidence: str, severity: str | None = None) -> Outcome:
    return Outcome("fail", evidence, severity)


def skipped(reason: str) -> Outcome:
    return Outcome("skip", reason)


def errored(message: str) -> Outcome:
    return Outcome("error", message)


Probe = Callable[["CheckContext"], Outcome]
_PROBES: dict[str, Probe] = {}


def probe(check_id: str) -> Callable[[Probe], Probe]:
    """Register the probe of the check ``check_id`` (its metadata lives in ``data/*.yaml``)."""

    def register(fn: Probe) -> Probe:
        if check_id in _PROBES and _PROBES[check_id] is not fn:
            raise ValueError(f"two probes registered for check {check_id!r}")
        _PROBES[check_id] = fn
        return fn

    return register


def registered_probes() -> dict[str, Probe]:
    # Importing the probe modules registers them.
    from leakwarden.checks import engine, kibana, tls  # noqa: F401

    return dict(_PROBES)


#: (host, port, timeout) -> the peer certificate as ``ssl.SSLSocket.getpeercert()`` decodes it, or None
CertificateFetcher = Callable[[str, int, float], "dict[str, Any] | None"]


@dataclass
class CheckContext:
    """Everything a probe may use.  Built by the scan after fingerprinting."""

    target_display: str  # redacted URL
    http: ReadOnlyHTTP  # with the user's credentials (may have none)
    anonymous_http: ReadOnlyHTTP  # same target without credentials
    store: StoreInfo  # kind, version, details["root"] (GET / JSON), details["headers"]
    collections: list[CollectionInfo]  # may be empty when listing failed
    has_credentials: bool
    scheme: str  # "http" | "https"
    #: collections found to hold personal data; "documents readable" is critical for these
    personal_collections: set[str] = field(default_factory=set)
    #: the day the version tables are evaluated against (tests pin it)
    today: date | None = None
    #: how to read the TLS certificate of the target (tests replace it)
    certificate_fetcher: CertificateFetcher | None = None
    _cache: dict[tuple[Any, ...], Response | TargetError] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------ facts
    @property
    def product(self) -> str:
        """``elasticsearch``, ``opensearch``, ``kibana`` or ``opensearch-dashboards``."""
        kind = (self.store.kind or "").lower()
        if kind == "kibana":
            d = self.store.details
            headers = {k.lower(): v for k, v in (d.get("headers") or {}).items()}
            flavour = str(d.get("flavor") or d.get("flavour") or d.get("distribution") or "").lower()
            if "osd-name" in headers or "osd-version" in headers or "opensearch" in flavour:
                return "opensearch-dashboards"
            return "kibana"
        if kind == "elasticsearch":
            dist = str((self.root.get("version") or {}).get("distribution") or "").lower()
            if dist == "opensearch":
                return "opensearch"
        return kind

    @property
    def root(self) -> dict[str, Any]:
        root = self.store.details.get("root")
        return root if isinstance(root, dict) else {}

    @property
    def headers(self) -> dict[str, str]:
        """Response headers of the fingerprint request, lower-cased names."""
        raw = self.store.details.get("headers") or {}
        return {str(k).lower(): str(v) for k, v in dict(raw).items()}

    @property
    def version(self) -> str | None:
        if self.store.version:
            return str(self.store.version)
        number = (self.root.get("version") or {}).get("number")
        return str(number) if number else None

    @property
    def through_proxy(self) -> str | None:
        """Set when the cluster is reached through Kibana's console proxy (``KibanaConsoleProxy``)."""
        return getattr(self.http, "proxied_through", None)

    def now(self) -> datetime:
        if self.today is not None:
            return datetime(self.today.year, self.today.month, self.today.day, tzinfo=timezone.utc)
        return datetime.now(timezone.utc)

    # --------------------------------------------------------------- requests
    def fetch(
        self,
        method: str,
        path: str,
        *,
        anonymous: bool = False,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One read-only request, answered once per context.

        ``anonymous=True`` sends it without credentials (the question "can
        anyone do this?"); otherwise with the user's identity.  When the user
        gave no credentials the two are the same and share the cache.
        Raises :class:`TargetError` (cached too) when no HTTP answer came back.
        """
        use_anonymous = anonymous or not self.has_credentials
        key = (
            "anon" if use_anonymous else "user",
            method.upper(),
            path,
            orjson.dumps(json, option=orjson.OPT_SORT_KEYS) if json is not None else b"",
            tuple(sorted((headers or {}).items())),
        )
        hit = self._cache.get(key)
        if hit is None:
            client = self.anonymous_http if use_anonymous else self.http
            try:
                hit = client.request(method, path, json=json, headers=headers)
            except TargetError as exc:
                hit = exc
            self._cache[key] = hit
        if isinstance(hit, TargetError):
            raise hit
        return hit

    def get(self, path: str, *, anonymous: bool = False, headers: dict[str, str] | None = None) -> Response:
        return self.fetch("GET", path, anonymous=anonymous, headers=headers)

    def with_credentials(self, username: str, password: str) -> ReadOnlyHTTP:
        """A client to the same target with other (default) credentials; the caller closes it."""
        base = self.anonymous_http
        if not isinstance(base, ReadOnlyHTTP):
            raise TargetError(f"{self.target_display}: other credentials cannot be tried through a proxy adapter")
        return ReadOnlyHTTP(
            base.base_url,
            Credentials(username=username, password=password),
            timeout=base.timeout,
            connect_timeout=base.connect_timeout,
            retries=0,
            verify=base.verify,
            transport=base._transport,  # noqa: SLF001 - same target, same transport (tests use a MockTransport)
        )

    def peer_certificate(self) -> dict[str, Any] | None:
        """The target's TLS certificate (decoded, not verified), or None on a cleartext target."""
        if self.scheme != "https":
            return None
        key = ("tls-certificate",)
        if key in self._cache:
            hit = self._cache[key]
            if isinstance(hit, TargetError):
                raise hit
            return hit  # type: ignore[return-value]
        from urllib.parse import urlsplit

        parts = urlsplit(self.anonymous_http.base_url)
        host, port = parts.hostname or "", parts.port or 443
        fetcher = self.certificate_fetcher or fetch_peer_certificate
        try:
            cert = fetcher(host, port, getattr(self.anonymous_http, "connect_timeout", 5.0))
        except TargetError as exc:
            self._cache[key] = exc
            raise
        self._cache[key] = cert  # type: ignore[assignment]
        return cert


def fetch_peer_certificate(host: str, port: int, timeout: float) -> dict[str, Any] | None:
    """Read the server certificate without verifying it, decoded like ``getpeercert()``.

    The standard library only decodes a certificate it verified; for an
    unverified one we hand its PEM to the decoder CPython's own test-suite
    uses (``_ssl._test_decode_cert``), which has been stable since 2.7.
    """
    import os
    import socket
    import tempfile

    from leakwarden.errors import TargetUnreachable

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            with context.wrap_socket(sock, server_hostname=host) as tls:
                der = tls.getpeercert(binary_form=True)
    except (OSError, ssl.SSLError) as exc:
        raise TargetUnreachable(f"{host}:{port}: TLS handshake failed: {exc}", target=f"{host}:{port}") from None
    if not der:
        return None
    decode = getattr(getattr(ssl, "_ssl", None), "_test_decode_cert", None)
    if decode is None:  # pragma: no cover - every CPython we support has it
        return {"_der_only": True}
    fd, name = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(ssl.DER_cert_to_PEM_cert(der))
        return decode(name)
    finally:
        os.unlink(name)


# ----------------------------------------------------------------- helpers
def error_text(resp: Response) -> str:
    """The error type/reason of an Elasticsearch-style error answer, lower-cased."""
    data = resp.json()
    parts: list[str] = []
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict):
            parts += [str(err.get("type") or ""), str(err.get("reason") or "")]
            for cause in err.get("root_cause") or []:
                if isinstance(cause, dict):
                    parts += [str(cause.get("type") or ""), str(cause.get("reason") or "")]
        elif err is not None:
            parts.append(str(err))
        if "message" in data:
            parts.append(str(data.get("message")))
    else:
        parts.append(resp.text[:500])
    return " ".join(parts).lower()


def is_denied(resp: Response) -> bool:
    return resp.status in (401, 403)


def security_not_enabled(resp: Response) -> bool:
    """ES 6.x/7.x default distribution with ``xpack.security.enabled: false`` answering a security API."""
    text = error_text(resp)
    return resp.status >= 400 and (
        "security must be explicitly enabled" in text
        or "security is not enabled" in text
        or "security is disabled" in text
    )


def api_absent(resp: Response) -> bool:
    """The engine has no such REST endpoint (OSS build, plugin not installed, older version).

    Without a route, Elasticsearch reads the first path part as an index name
    (``invalid_index_name_exception``/``index_not_found_exception``), matches
    another route with the wrong method (405 ``Incorrect HTTP method``) or says
    ``no handler found``.  Only these specific signatures count: any other
    error stays an error.
    """
    if resp.status not in (400, 404, 405, 410, 501):
        return False
    text = error_text(resp)
    return any(
        marker in text
        for marker in (
            "no handler found",
            "incorrect http method",
            "invalid_index_name_exception",
            "index_not_found_exception",
            "indexmissingexception",
            "invalidindexnameexception",
            "no feature for name",
        )
    )


def unexpected(resp: Response, what: str) -> Outcome:
    return errored(f"{what} answered HTTP {resp.status}; cannot tell")


def json_or_none(resp: Response) -> Any:
    return resp.json() if resp.ok else None


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def shorten(items: list[str], limit: int = 5) -> str:
    if len(items) <= limit:
        return ", ".join(items)
    return ", ".join(items[:limit]) + f", … (+{len(items) - limit} more)"
