"""Evidence that never becomes a second leak: masking and keyed hashes.

Raw values stay inside the scanning process.  Anything that leaves it (reports,
logs, the history database, exception text) carries either a masked form
(``1101**********4513``) or an HMAC-SHA256 under a per-install key, so that
equal values can be counted as one person without being reversible by trying
every 9-digit number.
"""

from __future__ import annotations

import hashlib
import math
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

KEY_ENV = "LEAKWARDEN_HASH_KEY_FILE"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "leakwarden"


def load_hash_key(path: Path | None = None) -> bytes:
    """Return the per-install HMAC key, creating it (mode 0600) on first use."""
    path = path or Path(os.environ.get(KEY_ENV) or config_dir() / "hash.key")
    try:
        data = path.read_bytes()
        if len(data) >= 32:
            return data[:32]
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


class Hasher:
    """Keyed hashing of person keys; one instance per scan."""

    def __init__(self, key: bytes | None = None):
        self._key = key if key is not None else load_hash_key()
        # HMAC-SHA256 as RFC 2104 defines it, H((K ^ opad) || H((K ^ ipad) || m)), from the
        # two SHA-256 states after the padded key's block: a value costs two state copies,
        # not a key set-up (hmac.new) per value; the digests are hmac's to the bit
        block = self._key if len(self._key) <= _BLOCK else hashlib.sha256(self._key).digest()
        block = block.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))

    def _mac(self, inner: Any, data: bytes) -> bytes:
        """The HMAC of what ``inner`` (a copy of the inner state) has absorbed, then ``data``."""
        inner.update(data)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def digest(self, value: Any) -> bytes:
        return self._mac(self._inner.copy(), _canonical(value))

    def hexdigest(self, value: Any, length: int = 16) -> str:
        return self.digest(value).hex()[:length]

    def int64(self, value: Any) -> int:
        return int.from_bytes(self.digest(value)[:8], "big")

    def int64_after(self, prefix: str) -> Callable[[str], int]:
        """A function of text ``s`` returning ``int64(prefix + s)``, the prefix hashed once.

        Per-value work of the person keys (``int64(f"{category}\\x1f{value}")``):
        the inner state after the key and ``prefix`` is copied, and only ``s`` is
        fed.  ``_canonical(prefix + s)`` is ``prefix`` case-folded, then ``s``
        right-stripped and case-folded (case folding goes character by
        character), as long as ``prefix`` has no leading and ``s`` some
        non-trailing non-space character; other texts take the whole path.
        """
        if not prefix or prefix[0].isspace():
            return lambda s: self.int64(prefix + s)
        head = self._inner.copy()
        head.update(prefix.casefold().encode("utf-8", "surrogatepass"))
        head_copy, outer_copy, from_bytes, int64 = head.copy, self._outer.copy, int.from_bytes, self.int64

        def int64_of(s: str) -> int:
            tail = s.rstrip()
            if not tail:  # the whole text's strip would reach into the prefix
                return int64(prefix + s)
            inner = head_copy()
            inner.update(tail.casefold().encode("utf-8", "surrogatepass"))
            outer = outer_copy()
            outer.update(inner.digest())
            return from_bytes(outer.digest()[:8], "big")

        return int64_of


#: SHA-256's block size: the HMAC key is padded to it (hashed first when longer)
_BLOCK = 64


def _canonical(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.strip().casefold().encode("utf-8", "surrogatepass")
    return repr(value).encode("utf-8", "surrogatepass")


_MAX_EXAMPLE = 48


def mask(value: Any) -> str:
    """A masked rendering of one value that keeps its shape but not its content.

    Strings keep a short prefix and suffix proportional to their length
    (at most a quarter of the characters are shown, never more than 4 at each
    end), numbers are masked as their digit string, vectors and objects are
    described, not shown.
    """
    if value is None:
        return "<null>"
    if isinstance(value, bool):
        return "<bool>"
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return "<number>"
        return _mask_text(str(value))
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return f"<vector of {len(value)} numbers>"
        return f"<array of {len(value)}>"
    if isinstance(value, dict):
        if {"lat", "lon"} <= set(value):
            return "<geo point>"
        return f"<object with {len(value)} keys>"
    if isinstance(value, (bytes, bytearray)):
        return f"<{len(value)} bytes>"
    text = str(value)
    if len(text) > 256:
        return f"<text of {len(text)} characters>"
    return _mask_text(text)


def _mask_text(text: str) -> str:
    n = len(text)
    if n <= 4:
        return "*" * n
    keep = min(4, n // 4)
    head, tail = text[:keep], text[n - keep:] if keep else ""
    body = "*" * min(n - 2 * keep, _MAX_EXAMPLE)
    return f"{head}{body}{tail}"
