"""Credentials: password hashes, API keys of well-known services, JWTs,
private keys, and high-entropy strings in secret-named fields.

The service patterns follow the families detect-secrets and similar scanners
know (AWS, GitHub, GitLab, Slack, Stripe, Google, Twilio, SendGrid, OpenAI,
Mailchimp, npm, PyPI, Telegram, Discord, Azure storage, basic-auth URLs);
the code and patterns are our own.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from typing import Any

from leakwarden.detect.base import RegexDetector, ValueDetector
from leakwarden.detect.values._prefiltered import PrefilteredDetector

SECRET = "credential.secret"

_HASH_RE = re.compile(
    r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"                     # bcrypt
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+"  # argon2
    r"|\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}"             # sha-crypt
    r"|\$1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}"               # md5-crypt
    r"|\$apr1\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}"            # apache md5
    r"|\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{43}"   # yescrypt
    r"|pbkdf2_sha(?:1|256|512)\$\d+\$[^$\s]+\$[A-Za-z0-9+/=]+"    # Django
    r"|\{(?:SSHA|SHA|SMD5|CRYPT|SSHA256|SSHA512)\}[A-Za-z0-9+/=.$]+"  # LDAP
    r"|scrypt:\d+:\d+:\d+\$[^$\s]+\$[0-9a-f]+"                     # werkzeug
)


class PasswordHashDetector(RegexDetector):
    id = "secret.password_hash"
    category = SECRET
    description = "salted password hash: bcrypt, argon2, sha-crypt $5$/$6$, md5-crypt $1$, PBKDF2, LDAP {SSHA}"
    types = frozenset({"str"})
    strength = 6.0
    chance = 0.0
    min_len = 20
    max_len = 512
    pattern = _HASH_RE

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 20 <= len(value) <= 512 and value[:1] in "${p s"


_SERVICE_PATTERNS: dict[str, str] = {
    "aws_access_key": r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}",
    "github": r"(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}",
    "gitlab": r"glpat-[A-Za-z0-9_\-]{20}",
    "slack": r"xox[abposr]-[A-Za-z0-9\-]{10,250}|https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+/[A-Za-z0-9_]+",
    "stripe": r"(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,99}|whsec_[A-Za-z0-9]{32,}",
    "google_api": r"AIza[0-9A-Za-z_\-]{35}",
    "google_oauth": r"ya29\.[0-9A-Za-z_\-]{20,}|GOCSPX-[A-Za-z0-9_\-]{28}",
    "twilio": r"(?:AC|SK)[0-9a-f]{32}",
    "sendgrid": r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
    "openai": r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,200}",
    "anthropic": r"sk-ant-[A-Za-z0-9_\-]{20,200}",
    "mailchimp": r"[0-9a-f]{32}-us\d{1,2}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}",
    "telegram_bot": r"\d{8,10}:AA[0-9A-Za-z_\-]{33}",
    "discord_bot": r"[MNO][A-Za-z\d_\-]{23,25}\.[A-Za-z\d_\-]{6}\.[A-Za-z\d_\-]{27,38}",
    "azure_storage": r"DefaultEndpointsProtocol=https?;AccountName=[^;]+;AccountKey=[A-Za-z0-9+/=]{60,}.*",
    "square": r"sq0(?:atp|csp)-[0-9A-Za-z_\-]{22,43}|EAAA[A-Za-z0-9_\-]{60}",
    "shopify": r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}",
    "huggingface": r"hf_[A-Za-z0-9]{34}",
    "basic_auth_url": r"[a-z][a-z0-9+.\-]*://[^\s:/@]{1,64}:[^\s:/@]{1,128}@[^\s/]+.*",
    "alibaba_access_key": r"LTAI[A-Za-z0-9]{12,20}",
}


class ServiceKeyDetector(PrefilteredDetector):
    id = "secret.service_key"
    category = SECRET
    description = "API keys and tokens of well-known services: " + ", ".join(_SERVICE_PATTERNS)
    types = frozenset({"str"})
    strength = 6.0
    chance = 0.0

    def __init__(self) -> None:
        self._rx = re.compile("|".join(f"(?:{p})" for p in _SERVICE_PATTERNS.values()))

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 16 <= len(value) <= 4096

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if t.lower().startswith("bearer "):
            t = t[7:].strip()
        return self._rx.fullmatch(t) is not None

    def service(self, value: str) -> str | None:
        for name, p in _SERVICE_PATTERNS.items():
            if re.fullmatch(p, value.strip()):
                return name
        return None


_JWT = re.compile(r"(eyJ[A-Za-z0-9_\-]{5,})\.(eyJ[A-Za-z0-9_\-]{5,}|[A-Za-z0-9_\-]*)\.([A-Za-z0-9_\-]*)")


class JwtDetector(PrefilteredDetector):
    id = "secret.jwt"
    category = SECRET
    description = "JSON Web Token: three base64url parts, header decodes to JSON with an alg"
    types = frozenset({"str"})
    strength = 6.0
    chance = 0.0

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 20 <= len(value) <= 16384 and "eyJ" in value[:12]

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if t.lower().startswith("bearer "):
            t = t[7:].strip()
        m = _JWT.fullmatch(t)
        if m is None:
            return False
        head = m.group(1)
        try:
            header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return False
        return isinstance(header, dict) and "alg" in header


class PrivateKeyDetector(PrefilteredDetector):
    id = "secret.private_key"
    category = SECRET
    description = "PEM/OpenSSH private key (-----BEGIN ... PRIVATE KEY-----)"
    types = frozenset({"str"})
    strength = 6.0
    chance = 0.0
    _rx = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|PuTTY-User-Key-File-\d")

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 30 <= len(value) and ("PRIVATE KEY" in value[:200] or "PuTTY" in value[:40])

    def _checked(self, value: Any) -> bool:
        return self._rx.search(value[:300]) is not None


def shannon_entropy(text: str) -> float:
    n = len(text)
    if n == 0:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


class HexDigestDetector(RegexDetector):
    """Unsalted hex digest (MD5/SHA-1/SHA-256/SHA-512): a secret only in a password-named field."""

    id = "secret.hex_digest"
    category = SECRET
    description = "unsalted hex digest of 32/40/64/128 characters (needs a password/secret name signal)"
    types = frozenset({"str"})
    strength = 2.0
    chance = 0.5
    standalone = False
    needs_concept = SECRET
    needs_weight = 3.0
    min_len = 32
    max_len = 128
    pattern = re.compile(r"[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64}")


_RUNS = re.compile(r"[A-Z]+|[0-9]+")


def _is_document_code(t: str) -> bool:
    """Upper-case letters and digits in a few runs, one of them a date or serial
    of >= 4 digits (CURP, RFC, codice fiscale, passport and tracking codes):
    structured identifiers, not random secrets."""
    if len(t) > 20 or not (t.isascii() and t.isalnum() and t.upper() == t):
        return False
    runs = _RUNS.findall(t)
    return len(runs) <= 6 and any(r.isdigit() and len(r) >= 4 for r in runs)


class HighEntropyDetector(PrefilteredDetector):
    """A token-like string of high entropy: a secret only in a secret-named field."""

    id = "secret.high_entropy"
    category = SECRET
    description = "high-entropy token (base64/hex/alnum, >= 16 chars, no spaces; needs a secret name signal)"
    types = frozenset({"str"})
    strength = 2.0
    chance = 0.5
    standalone = False
    needs_concept = SECRET
    needs_weight = 2.0
    _rx = re.compile(r"[A-Za-z0-9+/=_\-.~:]{16,512}")
    _uuid = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")

    def prefilter(self, value: Any) -> bool:
        return isinstance(value, str) and 16 <= len(value) <= 512

    def _checked(self, value: Any) -> bool:
        t = value.strip()
        if self._rx.fullmatch(t) is None or self._uuid.fullmatch(t) is not None:
            return False
        if _is_document_code(t):
            return False
        return shannon_entropy(t) >= (3.0 if t.isalnum() and not t.isdigit() else 3.5)


class PlainPasswordDetector(PrefilteredDetector):
    """A short string without spaces, as plain-text passwords are; only with a password name signal."""

    id = "secret.plaintext_password"
    category = SECRET
    description = "plain-text password shape (4-64 printable chars, no spaces; needs a password name signal)"
    types = frozenset({"str", "int"})
    strength = 1.5
    chance = 0.8
    standalone = False
    needs_concept = SECRET
    needs_weight = 3.0
    _rx = re.compile(r"[!-~]{4,64}")

    def prefilter(self, value: Any) -> bool:
        return (isinstance(value, str) and 4 <= len(value) <= 64) or (isinstance(value, int) and not isinstance(value, bool))

    def _checked(self, value: Any) -> bool:
        if isinstance(value, int):  # not a bool: the prefilter let it through
            return 1000 <= value < 10**12  # numeric PINs / passwords stored as numbers
        t = value.strip()
        if t.lower() in ("true", "false", "null", "none", "yes", "no"):
            return False
        return self._rx.fullmatch(t) is not None


DETECTORS: list[ValueDetector] = [
    PasswordHashDetector(),
    ServiceKeyDetector(),
    JwtDetector(),
    PrivateKeyDetector(),
    HexDigestDetector(),
    HighEntropyDetector(),
    PlainPasswordDetector(),
]
