"""leakwarden's own exceptions.

Connectors translate driver errors (httpx, database drivers, OS errors) into
these at their boundary, so nothing above a connector imports a driver.  Every
message names the redacted target and what to do next; none carries a raw
value read from a store.
"""

from __future__ import annotations


class LeakwardenError(Exception):
    """Base class of every error leakwarden raises on purpose."""


class ConfigError(LeakwardenError):
    """Bad usage or configuration: exit code 2."""


class TargetError(LeakwardenError):
    """A target could not be scanned (completely or in part)."""

    def __init__(self, message: str, *, target: str = ""):
        super().__init__(message)
        self.target = target


class TargetUnreachable(TargetError):
    """Connection refused, DNS failure, timeout, TLS failure."""


class AuthenticationRequired(TargetError):
    """The target answered 401/403 to the identity we used."""


class NotAStore(TargetError):
    """The target answered, but is not the kind of store we expected."""


class CollectionGone(TargetError):
    """A collection disappeared while it was being read."""


class ReadOnlyViolation(LeakwardenError):
    """A request that could write was about to be sent; it never is."""
