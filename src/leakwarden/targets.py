"""Targets: what the user named, how to reach it, and how to print it safely.

Credentials come from (in order) a credentials file, the environment
(``LEAKWARDEN_USER``/``LEAKWARDEN_PASSWORD``, ``LEAKWARDEN_API_KEY``,
``LEAKWARDEN_BEARER_TOKEN``) or the URL's userinfo.  They are never printed:
:func:`redact_url` is applied to every target before it reaches a report, a
log line or an error message.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from leakwarden.errors import ConfigError

HTTP_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Credentials:
    username: str | None = None
    password: str | None = None
    api_key: str | None = None
    bearer_token: str | None = None

    def __bool__(self) -> bool:
        return bool(self.username or self.api_key or self.bearer_token)

    def __repr__(self) -> str:  # never show secrets, even in a debugger dump
        kinds = [k for k in ("username", "api_key", "bearer_token") if getattr(self, k)]
        return f"Credentials({', '.join(kinds) or 'none'})"

    def auth_headers(self) -> dict[str, str]:
        if self.api_key:
            return {"Authorization": f"ApiKey {self.api_key}"}
        if self.bearer_token:
            return {"Authorization": f"Bearer {self.bearer_token}"}
        return {}


@dataclass(frozen=True)
class Target:
    """One thing to scan: a URL of a store, or a path of a dump."""

    raw: str = field(repr=False)
    kind: str  # "http" for ES/OpenSearch/Kibana, "files" for dumps, later "postgresql", "redis", ...
    url: str | None = field(default=None, repr=False)  # without userinfo
    path: Path | None = None
    credentials: Credentials = field(default_factory=Credentials)

    @property
    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return redact_url(self.raw)

    def __str__(self) -> str:
        return self.display


_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<userinfo>[^/@\s]*@)")


def redact_url(text: str) -> str:
    """Replace the userinfo of every URL in ``text`` with ``***@``."""
    return _USERINFO.sub(lambda m: f"{m.group('scheme')}***@", text)


def redact_secrets(text: str, secrets: list[str]) -> str:
    """Redact URLs and any of the given secret strings from ``text``."""
    text = redact_url(text)
    for s in secrets:
        if s and len(s) >= 3:
            text = text.replace(s, "***")
    return text


def _env_credentials() -> Credentials:
    cred_file = os.environ.get("LEAKWARDEN_CREDENTIALS_FILE")
    if cred_file:
        return load_credentials_file(Path(cred_file))
    return Credentials(
        username=os.environ.get("LEAKWARDEN_USER") or None,
        password=os.environ.get("LEAKWARDEN_PASSWORD") or None,
        api_key=os.environ.get("LEAKWARDEN_API_KEY") or None,
        bearer_token=os.environ.get("LEAKWARDEN_BEARER_TOKEN") or None,
    )


def load_credentials_file(path: Path) -> Credentials:
    """Read ``key=value`` lines: user, password, api_key, bearer_token."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read credentials file {path}: {exc.strerror}") from None
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        k, _, v = line.partition("=")
        values[k.strip().lower()] = v.strip()
    return Credentials(
        username=values.get("user") or values.get("username"),
        password=values.get("password"),
        api_key=values.get("api_key"),
        bearer_token=values.get("bearer_token") or values.get("token"),
    )


def parse_target(text: str, *, use_env: bool = True) -> Target:
    """Parse a command-line target into a :class:`Target`.

    ``http(s)://[user:pass@]host[:port][/prefix]`` is a search engine or
    Kibana; an existing file or directory is a dump.
    """
    text = text.strip()
    if not text:
        raise ConfigError("empty target")
    if "://" in text:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in HTTP_SCHEMES:
            raise ConfigError(
                f"unsupported scheme {scheme!r} in {redact_url(text)}: use http:// or https:// "
                "for Elasticsearch/OpenSearch/Kibana, or a path for a dump"
            )
        if not parts.hostname:
            raise ConfigError(f"no host in {redact_url(text)}")
        try:
            parts.port  # noqa: B018 - validates the port
        except ValueError:
            raise ConfigError(f"bad port in {redact_url(text)}") from None
        creds = _env_credentials() if use_env else Credentials()
        if parts.username is not None:
            creds = Credentials(
                username=unquote(parts.username),
                password=unquote(parts.password or ""),
                api_key=creds.api_key,
                bearer_token=creds.bearer_token,
            )
        host = parts.hostname
        netloc = f"[{host}]" if ":" in host else host
        if parts.port:
            netloc += f":{parts.port}"
        url = urlunsplit((scheme, netloc, parts.path.rstrip("/"), "", ""))
        return Target(raw=text, kind="http", url=url, credentials=creds)
    path = Path(text).expanduser()
    if path.exists():
        return Target(raw=text, kind="files", path=path)
    raise ConfigError(f"{text}: no such file or directory, and not a URL (http://host:9200)")


def url_with_credentials(url: str, creds: Credentials) -> str:
    """Only for handing to a subprocess that needs it; never for printing."""
    if not creds.username:
        return url
    parts = urlsplit(url)
    userinfo = quote(creds.username, safe="") + ":" + quote(creds.password or "", safe="")
    return urlunsplit((parts.scheme, f"{userinfo}@{parts.netloc}", parts.path, parts.query, ""))
