"""Index a synthetic store into a live Elasticsearch / OpenSearch node we own.

This is the one place in leakwarden that writes to a store: the demo node and
the test nodes, started by us on loopback. It uses plain httpx on purpose,
not the scanner's read-only client (``connectors/http.py``), which refuses
every write. Never point it at a store you do not own.

:func:`write_dump` (re-exported from :mod:`leakwarden.demo.synthetic`) writes
the same store as NDJSON files plus ``labels.json`` for the files connector
and the evaluation harness.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import orjson

from leakwarden.demo.synthetic import SyntheticCollection, SyntheticStore, write_dump

__all__ = ["RANSOM_NOTE", "SeedError", "plant_ransom_note", "seed_collection", "seed_store", "write_dump"]

#: Bytes of NDJSON per ``_bulk`` request.
BULK_BYTES = 1 << 20
_TIMEOUT = httpx.Timeout(120.0, connect=10.0)

#: The shape of the notes left by the 2020 "read_me"/"meow"-era attacks on open clusters; every
#: identifier in it is fake (an invalid bitcoin address, a reserved .invalid mail domain).
RANSOM_NOTE = (
    "All your data is backed up. You must pay 0.0086 BTC to 1LeakWardenFakeBitcoinAddressXYZ "
    "In 48 hours, your data will be publicly disclosed and deleted. "
    "(more information: go to http://ransom-demo.invalid/read_me) "
    "After paying send mail to us: restore@ransom-demo.invalid and we will provide a link for you to "
    "download your data. Your DBCODE is: LW42DEMO"
)


class SeedError(RuntimeError):
    """Seeding the demo node failed (index creation or a bulk item)."""


def _raise_for(resp: httpx.Response, what: str) -> None:
    if resp.status_code >= 300:
        body = resp.text[:500]
        hint = ""
        for kind in ("dense_vector", "knn_vector"):
            if f"No handler for type [{kind}]" in resp.text:
                hint = (f" (this node has no {kind} mapper: Elasticsearch's comes with x-pack, OpenSearch's "
                        "with the k-NN plugin; generate the store with vector_mapping='float')")
        raise SeedError(f"{what}: HTTP {resp.status_code} from {resp.request.url.copy_with(query=None)}{hint}: {body}")


def _index_settings(coll: SyntheticCollection) -> dict[str, Any]:
    # no periodic refresh and no fsync per bulk while loading: seed_collection refreshes once at the end
    settings: dict[str, Any] = {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1",
                                "translog": {"durability": "async"}}
    if _has_type(coll.mapping.get("properties", {}), "knn_vector"):
        settings["knn"] = True  # OpenSearch k-NN plugin: knn_vector fields need index.knn
    return settings


def _has_type(properties: dict[str, Any], kind: str) -> bool:
    for spec in properties.values():
        if not isinstance(spec, dict):
            continue
        if spec.get("type") == kind or _has_type(spec.get("properties", {}), kind):
            return True
    return False


def seed_collection(client: httpx.Client, coll: SyntheticCollection, *, replace: bool = True,
                    progress: Callable[[str], None] | None = None) -> int:
    """Create the index of ``coll`` with its mapping and bulk-index its documents; return the count."""
    name = coll.name
    if replace:
        resp = client.delete(f"/{name}", params={"ignore_unavailable": "true"})
        if resp.status_code not in (200, 404):
            _raise_for(resp, f"deleting index {name}")
    body = {"settings": {"index": _index_settings(coll)}, "mappings": coll.mapping}
    _raise_for(client.put(f"/{name}", content=orjson.dumps(body), headers={"content-type": "application/json"}),
               f"creating index {name}")
    chunk: list[bytes] = []
    size = 0
    done = 0
    for i, doc in enumerate(coll.documents):
        action = orjson.dumps({"index": {"_index": name, "_id": str(i)}})
        source = orjson.dumps(doc)
        chunk += [action, b"\n", source, b"\n"]
        size += len(action) + len(source) + 2
        if size >= BULK_BYTES:
            done += _bulk(client, name, chunk, done)
            chunk, size = [], 0
            if progress:
                progress(f"{name}: {done:,}/{len(coll.documents):,} documents")
    if chunk:
        done += _bulk(client, name, chunk, done)
    _raise_for(client.put(f"/{name}/_settings", content=b'{"index": {"refresh_interval": null}}',
                          headers={"content-type": "application/json"}), f"restoring refresh of {name}")
    _raise_for(client.post(f"/{name}/_refresh"), f"refreshing index {name}")
    if progress:
        progress(f"{name}: {done:,} documents indexed")
    return done


def _bulk(client: httpx.Client, name: str, chunk: list[bytes], offset: int) -> int:
    resp = client.post("/_bulk", content=b"".join(chunk), headers={"content-type": "application/x-ndjson"})
    _raise_for(resp, f"bulk indexing into {name}")
    result = resp.json()
    items = result.get("items", [])
    if result.get("errors"):
        for pos, item in enumerate(items):
            op = next(iter(item.values()))
            if op.get("error"):
                err = op["error"]
                reason = err.get("reason", err) if isinstance(err, dict) else err
                caused = err.get("caused_by", {}).get("reason") if isinstance(err, dict) else None
                raise SeedError(
                    f"bulk indexing into {name}: document #{offset + pos} was rejected "
                    f"({err.get('type', '?') if isinstance(err, dict) else '?'}: {reason}"
                    + (f"; caused by: {caused}" if caused else "") + ")"
                )
    return len(items)


def seed_store(base_url: str, store: SyntheticStore, *, engine: str = "elasticsearch",
               progress: Callable[[str], None] | None = None, replace: bool = True,
               transport: httpx.BaseTransport | None = None) -> None:
    """Create every collection of ``store`` as an index on the node at ``base_url`` and fill it.

    ``engine`` is "elasticsearch" or "opensearch"; it only changes which vector mappings make
    sense (``dense_vector`` is Elasticsearch's, ``knn_vector`` OpenSearch's k-NN plugin's).
    Existing indices of the same names are replaced unless ``replace`` is false. ``transport`` is
    for tests (``httpx.MockTransport``).
    """
    if engine not in ("elasticsearch", "opensearch"):
        raise ValueError(f"engine must be 'elasticsearch' or 'opensearch', not {engine!r}")
    with httpx.Client(base_url=base_url.rstrip("/"), timeout=_TIMEOUT, transport=transport) as client:
        try:
            for coll in store.collections:
                props = coll.mapping.get("properties", {})
                if engine == "elasticsearch" and _has_type(props, "knn_vector"):
                    raise SeedError(f"{coll.name}: knn_vector mappings need OpenSearch's k-NN plugin; "
                                    "generate the store with vector_mapping='dense_vector' or 'float'")
                if engine == "opensearch" and _has_type(props, "dense_vector"):
                    raise SeedError(f"{coll.name}: dense_vector is an Elasticsearch mapping; "
                                    "generate the store with vector_mapping='knn_vector' or 'float'")
                seed_collection(client, coll, replace=replace, progress=progress)
        except httpx.HTTPError as exc:
            raise SeedError(f"seeding {base_url} failed: {exc}") from exc


def plant_ransom_note(base_url: str, *, index: str = "read_me", transport: httpx.BaseTransport | None = None) -> None:
    """Create the ``read_me`` index with one ransom note, as attackers of open clusters leave it."""
    doc = {"message": RANSOM_NOTE, "btc": "1LeakWardenFakeBitcoinAddressXYZ",
           "email": "restore@ransom-demo.invalid", "dbcode": "LW42DEMO"}
    with httpx.Client(base_url=base_url.rstrip("/"), timeout=_TIMEOUT, transport=transport) as client:
        try:
            resp = client.put(f"/{index}", content=orjson.dumps(
                {"settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0}}}),
                headers={"content-type": "application/json"})
            if resp.status_code >= 300 and "resource_already_exists" not in resp.text:
                _raise_for(resp, f"creating index {index}")
            _raise_for(client.put(f"/{index}/_doc/1", params={"refresh": "true"}, content=orjson.dumps(doc),
                                  headers={"content-type": "application/json"}), f"writing the note into {index}")
        except httpx.HTTPError as exc:
            raise SeedError(f"planting the ransom note on {base_url} failed: {exc}") from exc
