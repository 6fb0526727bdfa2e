"""Elasticsearch and OpenSearch over plain HTTP.

The official clients refuse products and versions other than their own, so
this connector speaks the REST API directly through
:class:`~leakwarden.connectors.http.ReadOnlyHTTP` (httpx + orjson).  It
covers Elasticsearch 1.x to 8.x and OpenSearch 1.x/2.x:

* fingerprint from ``GET /`` (version, distribution, ``X-elastic-product``,
  the ``security_exception`` of a secured cluster) and whether ``GET /``
  answers without credentials;
* indices with counts and sizes from ``_cat/indices`` (JSON from 5.x on, text
  before), mappings from one ``GET /_mapping`` (typed mappings of 5.x/6.x
  flattened too);
* random samples across the whole index with ``function_score`` +
  ``random_score`` (seeded on ``_seq_no`` from 6.x, plain before), never the
  first N documents;
* every document streamed with a point in time + ``search_after`` on
  Elasticsearch >= 7.12, and ``scroll`` elsewhere; our own PIT/scroll is
  closed afterwards (the only DELETE leakwarden ever sends).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import orjson

from leakwarden.connectors.base import CollectionInfo, Connector, StoreInfo
from leakwarden.connectors.http import ReadOnlyHTTP, Response
from leakwarden.errors import AuthenticationRequired, CollectionGone, NotAStore, TargetError
from leakwarden.profile import flatten_mapping
from leakwarden.targets import Target

PAGE_SIZE = 500
STREAM_PAGE_SIZE = 1000
KEEP_ALIVE = "2m"
#: index.max_result_window default; samples never page past it
MAX_RESULT_WINDOW = 10_000


def parse_version(text: str | None) -> tuple[int, ...]:
    if not text:
        return ()
    out: list[int] = []
    for part in text.split("-")[0].split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        if not digits:
            break
        out.append(int(digits))
    return tuple(out)


class SearchEngineConnector(Connector):
    """Elasticsearch / OpenSearch (the kind is decided by the fingerprint)."""

    kind = "elasticsearch"

    def __init__(
        self,
        target: Target,
        *,
        options: dict[str, Any] | None = None,
        http: ReadOnlyHTTP | None = None,
    ):
        super().__init__(target, options=options)
        opts = self.options
        if http is None:
            assert target.url is not None
            http = ReadOnlyHTTP(
                target.url,
                target.credentials,
                timeout=float(opts.get("timeout", 20.0)),
                max_concurrency=int(opts.get("concurrency", 4)),
                verify=opts.get("verify", True),
            )
        self.http = http
        self.info: StoreInfo | None = None
        self._version: tuple[int, ...] = ()
        self._nested_indices: set[str] = set()

    # -- fingerprint ---------------------------------------------------
    def fingerprint(self) -> StoreInfo:
        http = self.http
        resp = http.get("/")
        anon_resp = resp
        if http.credentials:
            anon_resp = http.anonymous().get("/")
        body = resp.json()
        info = StoreInfo(kind="elasticsearch")
        info.tls = http.base_url.startswith("https://")
        info.details["headers"] = {k.lower(): v for k, v in resp.headers.items()}
        info.details["status"] = resp.status
        info.anonymous_access = anon_resp.status == 200 and _looks_like_search_root(anon_resp.json())
        if resp.status in (401, 403):
            if _is_security_exception(body) or "elastic" in resp.headers.get("www-authenticate", "").lower():
                info.details["secured"] = True
                info.reachable = False
                info.kind = "opensearch" if "opensearch" in resp.text.lower() else "elasticsearch"
                self.info = info
                raise AuthenticationRequired(
                    f"{http.display}: the cluster requires authentication ({resp.status}); "
                    "give credentials (LEAKWARDEN_USER/LEAKWARDEN_PASSWORD or user:pass@ in the URL)",
                    target=http.display,
                )
            info.reachable = False
            self.info = info
            raise AuthenticationRequired(
                f"{http.display}: GET / answered {resp.status}; give credentials if this is a protected cluster",
                target=http.display,
            )
        if not resp.ok or not _looks_like_search_root(body):
            kbn = resp.headers.get("kbn-name") or resp.headers.get("osd-name")
            if kbn or _looks_like_kibana(resp):
                info.kind = "kibana"
                info.details["kibana_name"] = kbn
                self.info = info
                return info
            raise NotAStore(
                f"{http.display}: does not look like Elasticsearch or OpenSearch "
                f"(GET / answered HTTP {resp.status}); check the URL and port",
                target=http.display,
            )
        version = body.get("version") or {}
        info.version = version.get("number")
        info.details["root"] = body
        info.details["cluster_name"] = body.get("cluster_name")
        if version.get("distribution") == "opensearch":
            info.kind = "opensearch"
        self._version = parse_version(info.version)
        self.kind = info.kind
        self.info = info
        return info

    @property
    def version(self) -> tuple[int, ...]:
        return self._version

    # -- collections ---------------------------------------------------
    def list_collections(self) -> list[CollectionInfo]:
        if self.info is None:
            self.fingerprint()
        http = self.http
        major = self._version[0] if self._version else 7
        if major >= 5 or self.kind == "opensearch":
            rows = http.get_json(
                "/_cat/indices",
                params={"format": "json", "bytes": "b", "expand_wildcards": "all"},
            )
            if not isinstance(rows, list):
                raise TargetError(f"{http.display}: _cat/indices did not answer a list", target=http.display)
        else:
            rows = _parse_cat_text(
                http.get("/_cat/indices", params={"v": "true", "bytes": "b"}).text
            )
        mappings = self._load_mappings()
        out: list[CollectionInfo] = []
        nested = self._nested_indices
        for row in rows:
            name = str(row.get("index", ""))
            if not name:
                continue
            info = CollectionInfo(
                name=name,
                documents=_int(row.get("docs.count")),
                size_bytes=_int(row.get("pri.store.size") or row.get("store.size")),
                mapping=mappings.get(name, {}),
                system=name.startswith("."),
                details={"health": row.get("health"), "status": row.get("status")},
            )
            if row.get("status") == "close":
                info.details["closed"] = True
            elif name in nested:
                # _cat/indices counts Lucene documents: every nested object is one.
                # One _count per such index gives the number of top-level documents.
                info.details["lucene_documents"] = info.documents
                info.documents = self._count(name, info.documents)
            out.append(info)
        out.sort(key=lambda c: (c.system, c.name))
        return out

    def _count(self, index: str, default: int | None) -> int | None:
        try:
            resp = self.http.post(f"/{_quote_index(index)}/_count", json={"query": {"match_all": {}}})
        except TargetError:
            return default
        data = resp.json() if resp.ok else None
        return _int((data or {}).get("count")) if isinstance(data, dict) else default

    def _load_mappings(self) -> dict[str, dict[str, dict[str, Any]]]:
        self._nested_indices.clear()
        try:
            data = self.http.get_json("/_mapping")
        except (AuthenticationRequired, TargetError):
            return {}
        out: dict[str, dict[str, dict[str, Any]]] = {}
        if not isinstance(data, dict):
            return out
        for index, body in data.items():
            mappings = (body or {}).get("mappings") or {}
            if b'"nested"' in orjson.dumps(mappings):
                self._nested_indices.add(index)
            if "properties" in mappings:
                out[index] = flatten_mapping(mappings["properties"])
            else:  # 5.x/6.x: typed mappings
                merged: dict[str, dict[str, Any]] = {}
                for _type, spec in mappings.items():
                    if isinstance(spec, dict) and "properties" in spec:
                        merged.update(flatten_mapping(spec["properties"]))
                out[index] = merged
        return out

    # -- reading -------------------------------------------------------
    def _search(self, index: str, body: dict[str, Any], params: dict[str, Any] | None = None) -> dict[str, Any]:
        resp = self.http.post(f"/{_quote_index(index)}/_search", json=body, params=params)
        return self._expect_search(resp, index)

    def _expect_search(self, resp: Response, index: str) -> dict[str, Any]:
        if resp.status == 404:
            raise CollectionGone(f"{self.http.display}: index {index!r} disappeared while being read", target=self.http.display)
        data = self.http.expect_json(resp, f"search on {index!r}")
        if not isinstance(data, dict):
            raise TargetError(f"{self.http.display}: search on {index!r} answered no object", target=self.http.display)
        return data

    def _random_query(self, seed: int) -> dict[str, Any]:
        major = self._version[0] if self._version else 7
        random_score: dict[str, Any] = {}
        if self.kind == "opensearch" or major >= 6:
            random_score = {"seed": seed, "field": "_seq_no"}
        elif major >= 1:
            random_score = {"seed": seed}
        return {
            "function_score": {
                "query": {"match_all": {}},
                "random_score": random_score,
                "boost_mode": "replace",
            }
        }

    def sample(self, collection: CollectionInfo, size: int, *, seed: int = 0) -> Iterator[Any]:
        """Documents drawn at random across the whole index (seeded, so reproducible)."""
        size = max(0, min(size, MAX_RESULT_WINDOW))
        if size == 0 or collection.details.get("closed"):
            return
        query = self._random_query(seed)
        fetched = 0
        while fetched < size:
            page = min(PAGE_SIZE, size - fetched)
            data = self._search(
                collection.name,
                {"from": fetched, "size": page, "query": query, "track_total_hits": False}
                if self._supports_track_total_hits()
                else {"from": fetched, "size": page, "query": query},
            )
            hits = ((data.get("hits") or {}).get("hits")) or []
            for hit in hits:
                yield hit.get("_source", {})
            fetched += len(hits)
            if len(hits) < page:
                break

    def _supports_track_total_hits(self) -> bool:
        return self.kind == "opensearch" or (self._version and self._version >= (6, 0))

    def iter_documents(self, collection: CollectionInfo) -> Iterator[Any]:
        if collection.details.get("closed"):
            return
        if self.kind == "elasticsearch" and self._version >= (7, 12):
            try:
                yield from self._iter_pit(collection.name)
                return
            except _PitUnavailable:
                pass
        yield from self._iter_scroll(collection.name)

    def _iter_pit(self, index: str) -> Iterator[Any]:
        resp = self.http.post(f"/{_quote_index(index)}/_pit", params={"keep_alive": KEEP_ALIVE})
        if resp.status == 404:
            raise CollectionGone(f"{self.http.display}: index {index!r} disappeared", target=self.http.display)
        if not resp.ok:
            raise _PitUnavailable()
        pit_id = (resp.json() or {}).get("id")
        if not pit_id:
            raise _PitUnavailable()
        try:
            search_after: list[Any] | None = None
            while True:
                body: dict[str, Any] = {
                    "size": STREAM_PAGE_SIZE,
                    "pit": {"id": pit_id, "keep_alive": KEEP_ALIVE},
                    "sort": [{"_shard_doc": "asc"}],
                    "track_total_hits": False,
                }
                if search_after is not None:
                    body["search_after"] = search_after
                data = self._expect_search(self.http.post("/_search", json=body), index)
                pit_id = data.get("pit_id", pit_id)
                hits = ((data.get("hits") or {}).get("hits")) or []
                for hit in hits:
                    yield hit.get("_source", {})
                if len(hits) < STREAM_PAGE_SIZE:
                    break
                search_after = hits[-1].get("sort")
        finally:
            try:
                self.http.request("DELETE", "/_pit", json={"id": pit_id}, retry=False)
            except TargetError:
                pass

    def _iter_scroll(self, index: str) -> Iterator[Any]:
        data = self._search(index, {"size": STREAM_PAGE_SIZE, "sort": ["_doc"]}, params={"scroll": KEEP_ALIVE})
        scroll_id = data.get("_scroll_id")
        try:
            while True:
                hits = ((data.get("hits") or {}).get("hits")) or []
                for hit in hits:
                    yield hit.get("_source", {})
                if not hits or not scroll_id:
                    break
                resp = self.http.post("/_search/scroll", json={"scroll": KEEP_ALIVE, "scroll_id": scroll_id})
                data = self._expect_search(resp, index)
                scroll_id = data.get("_scroll_id", scroll_id)
        finally:
            if scroll_id:
                try:
                    self.http.request("DELETE", "/_search/scroll", json={"scroll_id": [scroll_id]}, retry=False)
                except TargetError:
                    pass

    def close(self) -> None:
        self.http.close()


class _PitUnavailable(Exception):
    pass


def _quote_index(name: str) -> str:
    return quote(name, safe="")


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _looks_like_search_root(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("version"), dict) and "number" in body["version"]


def _is_security_exception(body: Any) -> bool:
    if not isinstance(body, dict):
        return False
    err = body.get("error")
    if isinstance(err, dict):
        return "security" in str(err.get("type", "")) or "security" in str(err.get("root_cause", ""))
    return False


def _looks_like_kibana(resp: Response) -> bool:
    loc = resp.headers.get("location", "")
    return "/app/kibana" in loc or "/spaces/enter" in loc or "/app/home" in loc or "kibana" in resp.text[:4096].lower()


def _parse_cat_text(text: str) -> list[dict[str, Any]]:
    lines = [ln.split() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return []
    header = lines[0]
    return [dict(zip(header, row)) for row in lines[1:]]


def sample_seed(base: int, name: str) -> int:
    """A per-collection seed derived from the scan seed (stable across runs)."""
    return random.Random(f"{base}:{name}").randrange(1, 2**31)
