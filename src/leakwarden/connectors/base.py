"""The connector contract: how the scan talks to any kind of store.

A connector is the transport layer of leakwarden.  It knows one store's
protocol and nothing about classification or risk; it translates its driver's
errors into :mod:`leakwarden.errors` at its boundary.  Adding a store kind
(PostgreSQL, Redis, MongoDB...) means writing one module in this package that
subclasses :class:`Connector` and registering it in
:mod:`leakwarden.connectors`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from leakwarden.targets import Target


@dataclass
class StoreInfo:
    """What a fingerprint found out about the store."""

    kind: str  # "elasticsearch", "opensearch", "kibana", "files", ...
    version: str | None = None
    #: the identity we used could read the store's root (or list its collections)
    reachable: bool = True
    #: the store answered without any credentials
    anonymous_access: bool | None = None
    tls: bool | None = None
    #: raw facts worth keeping (cluster name, build flavour, distribution...)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class CollectionInfo:
    """A collection (index, table, key pattern, file) and its size."""

    name: str
    documents: int | None = None
    size_bytes: int | None = None
    #: flattened mapping: {path: {"type": ..., "dims": ...}}
    mapping: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: system/internal collection (".kibana", ".security"...): listed but not sampled by default
    system: bool = False
    #: anything the connector wants to tell (closed index, alias of...)
    details: dict[str, Any] = field(default_factory=dict)


class Connector(ABC):
    """Reads one store.  Every method is read-only."""

    #: the report's ``kind`` for stores read by this connector
    kind: str = "unknown"

    def __init__(self, target: Target, *, options: dict[str, Any] | None = None):
        self.target = target
        self.options = options or {}

    @abstractmethod
    def fingerprint(self) -> StoreInfo:
        """Identify the store: kind, version, whether it answers anonymously."""

    @abstractmethod
    def list_collections(self) -> list[CollectionInfo]:
        """All collections with document counts and sizes where known."""

    @abstractmethod
    def sample(self, collection: CollectionInfo, size: int, *, seed: int = 0) -> Iterator[Any]:
        """Up to ``size`` documents drawn at random across the whole collection."""

    @abstractmethod
    def iter_documents(self, collection: CollectionInfo) -> Iterator[Any]:
        """Every document of the collection, streamed."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
