"""Probes of the Elasticsearch / OpenSearch checks (metadata: ``data/elasticsearch.yaml``).

Exposure questions ("can anyone do X?") are asked without credentials
(``anonymous=True``); configuration questions (settings, license, the given
identity's privileges) with the user's identity.  Every request is a GET/HEAD
or one of the read-only POSTs that :class:`ReadOnlyHTTP` allows, and at most a
handful touch an index by name (see docs/checks.md for the bound).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from leakwarden.checks.base import (
    CheckContext,
    Outcome,
    api_absent,
    error_text,
    errored,
    failed,
    is_denied,
    passed,
    plural,
    probe,
    security_not_enabled,
    shorten,
    skipped,
    unexpected,
)
from leakwarden.checks.versions import Version, eol_verdict, register_range_probes
from leakwarden.connectors.http import Response
from leakwarden.errors import TargetError
from leakwarden.privacy import mask

ORIGIN = "https://example.invalid"
DEFAULT_CREDENTIALS = (("elastic", "changeme"), ("admin", "admin"))
RESERVED_USERS = {
    "elastic", "kibana", "kibana_system", "logstash_system", "beats_system", "apm_system",
    "remote_monitoring_user", "admin", "kibanaserver", "kibanaro", "logstash", "readall", "snapshotrestore",
}  # fmt: skip

INDICES_PATH = "/_cat/indices?format=json&bytes=b&h=index,status,docs.count,pri.store.size"
NODES_PATH = (
    "/_nodes?filter_path=nodes.*.name,nodes.*.ip,nodes.*.host,nodes.*.version,nodes.*.os.name,"
    "nodes.*.os.version,nodes.*.jvm.version,nodes.*.settings.path,nodes.*.http.publish_address"
)
NODE_SETTINGS_PATH = (
    "/_nodes/settings?filter_path=nodes.*.settings.script,nodes.*.settings.reindex,"
    "nodes.*.settings.repositories,nodes.*.settings.http.cors"
)
SYSTEM_INDICES = ".security*,.kibana*,.opendistro_security*,.opendistro-*,.plugins-*,.tasks,.watches"
SYSTEM_SEARCH_PATH = f"/{SYSTEM_INDICES}/_search?expand_wildcards=all&ignore_unavailable=true&allow_no_indices=true"
CLUSTER_SETTINGS_PATH = "/_cluster/settings?flat_settings=true"
MAX_RANSOM_INDICES = 3
_AGG = "by_index"


# ------------------------------------------------------------------ helpers
def _product_name(ctx: CheckContext) -> str:
    return {"opensearch": "OpenSearch"}.get(ctx.product, "Elasticsearch")


def _major(ctx: CheckContext) -> int | None:
    v = Version.parse(ctx.version)
    return v.major if v else None


def _is_os(ctx: CheckContext) -> bool:
    return ctx.product == "opensearch"


def _parse_cat(resp: Response, columns: list[str]) -> list[dict[str, Any]] | None:
    """``_cat`` answers as JSON, or as text columns on 1.x which ignores ``format=json``."""
    data = resp.json()
    if isinstance(data, list):
        return [row for row in data if isinstance(row, dict)]
    if data is not None:
        return None
    rows = []
    for line in resp.text.splitlines():
        cells = line.split()
        if cells:
            rows.append(dict(zip(columns, cells)))
    return rows


def _d(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (answers are untrusted)."""
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _total_hits(data: dict[str, Any]) -> int:
    total = _d(data.get("hits")).get("total")
    if isinstance(total, dict):
        return _int(total.get("value"))
    return _int(total)


def _buckets(data: dict[str, Any]) -> list[tuple[str, int]]:
    buckets = _l(_d(_d(data.get("aggregations")).get(_AGG)).get("buckets"))
    return [(str(b.get("key")), _int(b.get("doc_count"))) for b in buckets if isinstance(b, dict)]


def _size(n: int) -> str:
    size = float(n)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} B"  # pragma: no cover


def _via_proxy(*responses: Response) -> str | None:
    """Elasticsearch and OpenSearch send no Server/Via header; a reverse proxy usually does."""
    for r in responses:
        for name in ("server", "via"):
            value = r.headers.get(name)
            if value:
                return f"{name.title()}: {value}"
    return None


def anonymous_indices(ctx: CheckContext) -> list[dict[str, Any]] | None:
    """The index list as an anonymous client sees it; None when refused."""
    resp = ctx.get(INDICES_PATH, anonymous=True)
    if is_denied(resp):
        return None
    if not resp.ok:
        return None
    return _parse_cat(resp, ["index", "status", "docs.count", "pri.store.size"])


def known_index_names(ctx: CheckContext) -> list[str] | None:
    """Index names from the connector, else from the listing with the user's identity."""
    if ctx.collections:
        return [c.name for c in ctx.collections]
    resp = ctx.get(INDICES_PATH)
    if not resp.ok:
        return None
    rows = _parse_cat(resp, ["index", "status", "docs.count", "pri.store.size"])
    return [str(r.get("index")) for r in rows or [] if r.get("index")]


def security_state(ctx: CheckContext) -> tuple[str, str]:
    """("enabled" | "disabled" | "absent" | "denied" | "unknown", evidence) as the engine reports it."""
    if _is_os(ctx):
        resp = ctx.get("/_plugins/_security/health")
        data = resp.json()
        if resp.ok and isinstance(data, dict) and data.get("status"):
            return "enabled", f"security plugin health: {data.get('status')} (mode {data.get('mode', '?')})"
        if is_denied(resp):
            return "denied", f"GET /_plugins/_security/health answered {resp.status}"
        if api_absent(resp):
            return (
                "absent",
                "GET /_plugins/_security/health: no such endpoint (security plugin not installed or disabled)",
            )
        return "unknown", f"GET /_plugins/_security/health answered HTTP {resp.status}"
    resp = ctx.get("/_xpack?filter_path=features.security")
    data = resp.json()
    if resp.ok and isinstance(data, dict):
        sec = _d(data.get("features")).get("security")
        if isinstance(sec, dict) and sec.get("enabled") is False:
            return "disabled", "GET /_xpack reports features.security.enabled: false"
        if isinstance(sec, dict) and sec.get("enabled") is True:
            return "enabled", "GET /_xpack reports features.security.enabled: true"
        # filter_path drops a missing feature: look at the feature list itself
        full = ctx.get("/_xpack?categories=features")
        features = _d(_d(full.json()).get("features")) if full.ok else {}
        if features and "security" not in features:
            return "absent", (
                "X-Pack without the security feature (GET /_xpack lists "
                f"{', '.join(sorted(features))}): no authentication layer"
            )
        return "unknown", "GET /_xpack did not report the security feature"
    if is_denied(resp):
        return "denied", f"GET /_xpack answered {resp.status}"
    if api_absent(resp):
        return (
            "absent",
            "no X-Pack on this node (GET /_xpack: no such endpoint): OSS build or embedded node, no authentication layer",
        )
    return "unknown", f"GET /_xpack answered HTTP {resp.status}"


def node_settings(ctx: CheckContext) -> list[dict[str, str]] | None:
    """Flattened settings (script, reindex, repositories, http.cors) per node; None when not readable."""
    resp = ctx.get(NODE_SETTINGS_PATH)
    if is_denied(resp):
        return None
    if not resp.ok:
        raise _Unexpected(resp, "GET /_nodes/settings")
    data = resp.json()
    if not isinstance(data, dict):
        raise _Unexpected(resp, "GET /_nodes/settings")
    nodes = data.get("nodes") or {}
    if not nodes:
        return [{}]  # filter_path drops everything when no such setting is set
    return [_flatten(_d(_d(n).get("settings"))) for n in _d(nodes).values()]


def _flatten(obj: Any, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.update(_flatten(v, f"{prefix}{k}."))
    elif isinstance(obj, list):
        out[prefix[:-1]] = ",".join(str(v) for v in obj)
    else:
        out[prefix[:-1]] = str(obj)
    return out


class _Unexpected(Exception):
    def __init__(self, resp: Response, what: str):
        super().__init__(what)
        self.outcome = unexpected(resp, what)


def _guard(fn):  # type: ignore[no-untyped-def]
    """Turn an unexpected answer deep inside a helper into an error outcome."""

    def run(ctx: CheckContext) -> Outcome:
        try:
            return fn(ctx)
        except _Unexpected as exc:
            return exc.outcome

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


# ------------------------------------------------------------------- probes
@probe("es-fingerprint")
def fingerprint(ctx: CheckContext) -> Outcome:
    root, version = ctx.root, ctx.version
    status = ctx.store.details.get("status")
    if not root and not version and status not in (401, 403):
        return skipped("no fingerprint: GET / gave no cluster information")
    name = _product_name(ctx)
    parts = [f"{name} {version}" if version else f"{name}, version not disclosed"]
    if root.get("cluster_name"):
        parts.append(f"cluster '{root['cluster_name']}'")
    build = root.get("version") or {}
    flavour = build.get("build_flavor") or build.get("distribution")
    if flavour:
        parts.append(f"build {flavour}/{build.get('build_type', '?')}")
    product = ctx.headers.get("x-elastic-product")
    if product:
        parts.append(f"X-elastic-product: {product}")
    if not root and status in (401, 403):
        parts.append(f"GET / answered {status}: secured")
    return passed("; ".join(parts))


@probe("es-anonymous-read")
def anonymous_read(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_cluster/health", anonymous=True)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and "status" in data:
        return failed(
            "GET /_cluster/health answered 200 without credentials "
            f"(cluster '{data.get('cluster_name', '?')}', status {data.get('status')}, "
            f"{plural(_int(data.get('number_of_nodes')), 'node')}, "
            f"{plural(_int(data.get('active_primary_shards')), 'primary shard')})"
        )
    if is_denied(resp):
        return passed(f"GET /_cluster/health without credentials answered {resp.status}")
    return unexpected(resp, "anonymous GET /_cluster/health")


@probe("es-anonymous-banner")
def anonymous_banner(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/", anonymous=True)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and isinstance(data.get("version"), dict):
        number = data["version"].get("number", "?")
        return failed(f"GET / answers without credentials: version {number}, cluster '{data.get('cluster_name', '?')}'")
    if is_denied(resp):
        return passed(f"GET / without credentials answered {resp.status}")
    if resp.ok:
        return passed("GET / answered without credentials but disclosed no version")
    return unexpected(resp, "anonymous GET /")


@probe("es-security-disabled")
def security_disabled(ctx: CheckContext) -> Outcome:
    state, evidence = security_state(ctx)
    if state in ("disabled", "absent"):
        anon = ctx.get("/_cluster/health", anonymous=True)
        if is_denied(anon):
            proxy = _via_proxy(anon)
            return failed(
                f"{evidence}; anonymous requests are refused ({anon.status}"
                + (f", {proxy}" if proxy else "")
                + "), so authentication is enforced in front of the engine: "
                "whoever reaches the node's own port, or a path the proxy leaves open, bypasses it",
                severity="medium",
            )
        return failed(evidence)
    if state == "enabled":
        return passed(evidence)
    if state == "denied":
        return passed(
            f"{evidence}: authentication is enforced (by the engine or a proxy in front of it); "
            "give credentials to inspect the engine's own security"
        )
    return errored(evidence)


@probe("es-anonymous-user")
def anonymous_user(ctx: CheckContext) -> Outcome:
    if _is_os(ctx):
        resp = ctx.get("/_plugins/_security/authinfo", anonymous=True)
        data = resp.json()
        if resp.ok and isinstance(data, dict) and data.get("user_name"):
            roles = sorted(set(data.get("roles") or []) | set(data.get("backend_roles") or []))
            return failed(
                f"anonymous requests are authenticated as '{data['user_name']}' with roles [{', '.join(roles)}]"
            )
        what = "GET /_plugins/_security/authinfo"
    else:
        major = _major(ctx)
        path = "/_xpack/security/_authenticate" if major is not None and major < 7 else "/_security/_authenticate"
        resp = ctx.get(path, anonymous=True)
        data = resp.json()
        if resp.ok and isinstance(data, dict) and data.get("username"):
            realm = _d(data.get("authentication_realm")).get("name", "?")
            return failed(
                f"anonymous requests are authenticated as '{data['username']}' (realm {realm}) "
                f"with roles [{', '.join(data.get('roles') or [])}]"
            )
        what = f"GET {path}"
    if is_denied(resp):
        return passed(f"{what} without credentials answered {resp.status}: no anonymous user")
    if api_absent(resp) or security_not_enabled(resp):
        return skipped("the engine has no security layer, so there is no anonymous role (see es-security-disabled)")
    return unexpected(resp, f"anonymous {what}")


@probe("es-index-listing")
def index_listing(ctx: CheckContext) -> Outcome:
    resp = ctx.get(INDICES_PATH, anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_cat/indices without credentials answered {resp.status}")
    rows = _parse_cat(resp, ["index", "status", "docs.count", "pri.store.size"]) if resp.ok else None
    if rows is None:
        return unexpected(resp, "anonymous GET /_cat/indices")
    if not rows:
        return passed("GET /_cat/indices answers without credentials, but there is no index")
    docs = sum(_int(r.get("docs.count")) for r in rows)
    size = sum(_int(r.get("pri.store.size")) for r in rows)
    top = sorted(rows, key=lambda r: -_int(r.get("docs.count")))
    names = [f"{r.get('index')} ({_int(r.get('docs.count')):,})" for r in top]
    return failed(
        f"{plural(len(rows), 'index', 'indices')} listed without credentials, "
        f"{plural(docs, 'document')}, {_size(size)} primary store: {shorten(names)}",
        severity="high" if docs > 1000 else "medium",
    )


def anonymous_search_counts(ctx: CheckContext) -> Response:
    body: dict[str, Any] = {"size": 0, "aggs": {_AGG: {"terms": {"field": "_index", "size": 100}}}}
    if (_major(ctx) or 7) >= 7:
        body["track_total_hits"] = True
    return ctx.fetch("POST", "/_search", anonymous=True, json=body)


@probe("es-documents-readable")
def documents_readable(ctx: CheckContext) -> Outcome:
    resp = anonymous_search_counts(ctx)
    if is_denied(resp):
        return passed(f"POST /_search without credentials answered {resp.status}")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict) and "hits" in data):
        return unexpected(resp, "anonymous POST /_search")
    total = _total_hits(data)
    if total == 0:
        return passed("search answers without credentials, but no document is readable")
    buckets = _buckets(data)
    listed = [f"{name} ({count:,})" for name, count in buckets]
    personal = sorted(name for name, _ in buckets if name in ctx.personal_collections)
    evidence = f"{plural(total, 'document')} searchable without credentials" + (
        f" in {plural(len(buckets), 'index', 'indices')}: {shorten(listed)}" if buckets else ""
    )
    if personal:
        evidence += f"; personal data in {shorten(personal)}"
    return failed(evidence, severity="critical" if personal else "high")


def _mapping_fields(data: Any) -> list[str]:
    """Top-level field names of a GET _mapping answer (typed 5.x/6.x mappings too)."""
    fields: list[str] = []
    if not isinstance(data, dict):
        return fields
    for body in data.values():
        mappings = body.get("mappings") if isinstance(body, dict) else None
        if not isinstance(mappings, dict):
            continue
        if isinstance(mappings.get("properties"), dict):
            fields += list(mappings["properties"].keys())
        else:  # typed mappings of 5.x/6.x: {type: {properties: ...}}
            for typed in mappings.values():
                if isinstance(typed, dict) and isinstance(typed.get("properties"), dict):
                    fields += list(typed["properties"].keys())
    return sorted(set(fields))


@probe("es-mappings-readable")
def mappings_readable(ctx: CheckContext) -> Outcome:
    candidates: list[tuple[int, str]] = []
    rows = anonymous_indices(ctx)
    if rows:
        candidates = [(_int(r.get("docs.count")), str(r.get("index"))) for r in rows]
    elif ctx.collections:
        candidates = [(c.documents or 0, c.name) for c in ctx.collections]
    candidates = [c for c in candidates if c[1] and not c[1].startswith(".")]
    if candidates:
        index = max(candidates)[1]
        path, what = f"/{quote(index, safe='')}/_mapping", f"mapping of '{index}'"
    else:
        path, what = (
            "/_mapping?filter_path=*.mappings.properties.*.type,*.mappings.*.properties.*.type",
            "GET /_mapping",
        )
    resp = ctx.get(path, anonymous=True)
    if is_denied(resp):
        return passed(f"{what} without credentials answered {resp.status}")
    if not resp.ok:
        return unexpected(resp, f"anonymous GET {path.split('?')[0]}")
    fields = _mapping_fields(resp.json())
    if not fields:
        return passed(f"{what} answers without credentials but defines no field")
    return failed(f"{what} readable without credentials: {plural(len(fields), 'field')} ({shorten(fields, 8)})")


# ----------------------------------------------------------------- ransom
_STRONG_SEQUENCES = (("read", "me"), ("how", "to", "recover"), ("please", "read"), ("recover", "your"))
_STRONG_TOKENS = {"readme", "meow", "howtorecover", "pleaseread"}
_WEAK_TOKENS = {"hello", "warning", "recover", "recovery", "restore", "backup"}
_BTC = re.compile(r"\b(?:bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\b")
_ETH = re.compile(r"\b0x[0-9a-fA-F]{40}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_RANSOM_WORDS = ("bitcoin", "btc", "ransom", "backup", "restore", "recover", "pay", "wallet", "decrypt", "your data")


def ransom_name_strength(name: str) -> str | None:
    """ "strong", "weak" or None for an index name (tokens, not substrings: 'threadmetrics' is no 'readme')."""
    tokens = [t for t in re.split(r"[^a-z0-9]+", name.lower()) if t]
    if _STRONG_TOKENS & set(tokens) or any(t.endswith("meow") for t in tokens):
        return "strong"
    for seq in _STRONG_SEQUENCES:
        n = len(seq)
        if any(tuple(tokens[i : i + n]) == seq for i in range(len(tokens) - n + 1)):
            return "strong"
    if _WEAK_TOKENS & set(tokens):
        return "weak"
    return None


def _strings(obj: Any, out: list[str], budget: list[int]) -> None:
    if budget[0] <= 0:
        return
    if isinstance(obj, str):
        out.append(obj[:4000])
        budget[0] -= 1
    elif isinstance(obj, dict):
        for v in obj.values():
            _strings(v, out, budget)
    elif isinstance(obj, list):
        for v in obj[:200]:
            _strings(v, out, budget)


def ransom_indicators(doc: Any) -> list[str]:
    """Masked indicators found in a document; raw text never leaves this function."""
    texts: list[str] = []
    _strings(doc, texts, [500])
    blob = "\n".join(texts)
    low = blob.lower()
    found: list[str] = []
    words = [w for w in _RANSOM_WORDS if re.search(rf"\b{re.escape(w)}\b", low)]
    if words:
        found.append("mentions " + ", ".join(words))
    for label, pattern in (("a bitcoin address", _BTC), ("an Ethereum address", _ETH), ("an email address", _EMAIL)):
        m = pattern.search(blob)
        if m:
            found.append(f"{label} ({mask(m.group(0))})")
    return found


def _has_payment_signal(indicators: list[str]) -> bool:
    return any(i.startswith(("a bitcoin", "an Ethereum")) for i in indicators) or any(
        w in " ".join(indicators) for w in ("bitcoin", "btc", "ransom", "wallet", "pay")
    )


@probe("es-ransom-note")
def ransom_note(ctx: CheckContext) -> Outcome:
    names = known_index_names(ctx)
    if names is None:
        names = [str(r.get("index")) for r in anonymous_indices(ctx) or []] or None
    if names is None:
        return skipped("no index list is readable with this identity")
    if not names:
        return passed("there is no index, so no ransom-note index")
    matches = [(n, s) for n in names if (s := ransom_name_strength(n))]
    if not matches:
        return passed(f"none of {plural(len(names), 'index name')} looks like a ransom note")
    matches.sort(key=lambda m: (m[1] != "strong", m[0]))
    findings, benign, unread = [], [], []
    for name, strength in matches[:MAX_RANSOM_INDICES]:
        resp = ctx.fetch("POST", f"/{quote(name, safe='')}/_search", json={"size": 1})
        indicators: list[str] = []
        readable = False
        data = resp.json()
        if resp.ok and isinstance(data, dict):
            readable = True
            hits = [h for h in _l(_d(data.get("hits")).get("hits")) if isinstance(h, dict)]
            if hits:
                indicators = ransom_indicators(hits[0].get("_source"))
        docs = _total_hits(data) if readable else None
        label = f"'{name}'" + (f" ({plural(docs, 'document')})" if docs is not None else "")
        if strength == "strong":
            if indicators:
                label += ": " + "; ".join(indicators)
            elif not readable:
                label += f": content not readable ({resp.status})"
            findings.append(label)
        elif _has_payment_signal(indicators):
            findings.append(f"{label}: " + "; ".join(indicators))
        elif not readable:
            unread.append(name)
        else:
            benign.append(name)
    rest = len(matches) - MAX_RANSOM_INDICES
    if findings:
        more = f" (+{rest} more matching names not read)" if rest > 0 else ""
        return failed("index named like a ransom note: " + " | ".join(findings) + more)
    if unread:
        return skipped(f"index names {shorten(unread)} resemble ransom notes, but their content could not be read")
    return passed(f"index names {shorten(benign)} resemble ransom notes, but their content does not ask for payment")


# ------------------------------------------------------------ info leaks
@probe("es-nodes-info-leak")
def nodes_info_leak(ctx: CheckContext) -> Outcome:
    resp = ctx.get(NODES_PATH, anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_nodes without credentials answered {resp.status}")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict)):
        return unexpected(resp, "anonymous GET /_nodes")
    nodes = [_d(n) for n in _d(data.get("nodes")).values()]
    if not nodes:
        return passed("GET /_nodes answers without credentials but lists no node details")
    oses = sorted({f"{_d(n.get('os')).get('name', '?')} {_d(n.get('os')).get('version', '')}".strip() for n in nodes})
    jvms = sorted({str(_d(n.get("jvm")).get("version")) for n in nodes if _d(n.get("jvm")).get("version")})
    leaked = []
    if any(n.get("ip") or n.get("host") for n in nodes):
        leaked.append("IP addresses and host names")
    if any(_d(n.get("settings")).get("path") for n in nodes):
        leaked.append("filesystem paths (path.home/data/logs)")
    if oses:
        leaked.append("OS " + ", ".join(oses))
    if jvms:
        leaked.append("JVM " + ", ".join(jvms))
    return failed(f"{plural(len(nodes), 'node')} described without credentials: " + "; ".join(leaked))


@probe("es-plugins-listed")
def plugins_listed(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_cat/plugins?format=json", anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_cat/plugins without credentials answered {resp.status}")
    rows = _parse_cat(resp, ["name", "component", "version", "type", "url"]) if resp.ok else None
    if rows is None:
        return unexpected(resp, "anonymous GET /_cat/plugins")
    if not rows:
        return passed("GET /_cat/plugins answers without credentials, but no plugin is installed")
    components = sorted({str(r.get("component")) for r in rows})
    site = sorted({str(r.get("component")) for r in rows if _is_site_plugin(r)})
    evidence = f"{plural(len(components), 'plugin')} listed without credentials: {shorten(components)}"
    if site:
        evidence += f"; site plugins: {', '.join(site)}"
    return failed(evidence)


def _is_site_plugin(row: dict[str, Any]) -> bool:
    return str(row.get("type") or "").lower() in ("s", "site") or str(row.get("url") or "").startswith("/_plugin/")


@probe("es-users-roles-readable")
def users_roles_readable(ctx: CheckContext) -> Outcome:
    if _is_os(ctx):
        resp = ctx.get("/_plugins/_security/api/internalusers", anonymous=True)
        what = "GET /_plugins/_security/api/internalusers"
        data = resp.json()
        if resp.ok and isinstance(data, dict):
            return _users_finding(ctx, data, roles_key="backend_roles", what=what)
    else:
        major = _major(ctx)
        base = "/_xpack/security" if major is not None and major < 7 else "/_security"
        resp = ctx.get(f"{base}/user", anonymous=True)
        what = f"GET {base}/user"
        data = resp.json()
        if resp.ok and isinstance(data, dict):
            finding = _users_finding(ctx, data, roles_key="roles", what=what)
            roles = ctx.get(f"{base}/role", anonymous=True)
            rdata = roles.json()
            if roles.ok and isinstance(rdata, dict):
                wide = sorted(
                    name
                    for name, role in rdata.items()
                    if any("*" in _l(_d(ip).get("names")) for ip in _l(_d(role).get("indices")))
                )
                finding = failed(
                    finding.evidence + f"; {plural(len(rdata), 'role')} readable, {len(wide)} with privileges on '*'"
                )
            return finding
    if is_denied(resp):
        return passed(f"{what} without credentials answered {resp.status}")
    if api_absent(resp) or security_not_enabled(resp):
        return passed("no user store to read: the engine has no security layer (see es-security-disabled)")
    return unexpected(resp, f"anonymous {what}")


def _users_finding(ctx: CheckContext, users: dict[str, Any], *, roles_key: str, what: str) -> Outcome:
    names = sorted(users)
    shown = [n for n in names if n in RESERVED_USERS]
    supers = [
        n for n, u in users.items()
        if {"superuser", "admin", "all_access"} & set(_d(u).get(roles_key) or [])
    ]  # fmt: skip
    evidence = (
        f"{what} answers without credentials: {plural(len(names), 'user')}"
        + (f" (built-in: {', '.join(shown)})" if shown else "")
        + f", {plural(len(supers), 'superuser')}"
    )
    return failed(evidence)


@probe("es-cleartext-http")
def cleartext_http(ctx: CheckContext) -> Outcome:
    if ctx.scheme == "https":
        return passed("the API is served over HTTPS")
    documents = sum(c.documents or 0 for c in ctx.collections)
    if not documents:
        try:
            resp = anonymous_search_counts(ctx)
            data = resp.json()
            if resp.ok and isinstance(data, dict):
                documents = _total_hits(data)
        except TargetError:  # the severity hint is optional; the finding stands
            documents = 0
    evidence = f"the API answers over plain HTTP at {ctx.target_display}"
    if documents:
        return failed(evidence + f", and the cluster holds {plural(documents, 'document')}", severity="high")
    return failed(evidence)


@probe("es-anonymous-write")
def anonymous_write(ctx: CheckContext) -> Outcome:
    """Infer, never test: privileges of the anonymous identity, or an engine without security."""
    if _is_os(ctx):
        resp = ctx.get("/_plugins/_security/authinfo", anonymous=True)
        data = resp.json()
        if resp.ok and isinstance(data, dict) and data.get("user_name"):
            roles = set(data.get("roles") or []) | set(data.get("backend_roles") or [])
            if roles & {"all_access", "admin"}:
                return failed(f"the anonymous user holds [{', '.join(sorted(roles))}]: full write access")
            return skipped(
                f"anonymous user with roles [{', '.join(sorted(roles))}]; whether they allow writes "
                "cannot be told without writing"
            )
    else:
        body = _write_privilege_question(ctx)
        resp = ctx.fetch("POST", "/_security/user/_has_privileges", anonymous=True, json=body)
        data = resp.json()
        if resp.ok and isinstance(data, dict) and "has_all_requested" in data:
            granted = _granted(data)
            if granted:
                return failed("the anonymous identity holds " + "; ".join(granted))
            return passed("the anonymous identity holds no write, delete or manage privilege (_has_privileges)")
    if is_denied(resp):
        if "security_exception" in error_text(resp):
            return passed(f"the engine refuses anonymous requests ({resp.status}, security_exception)")
        bulk = ctx.get("/_bulk", anonymous=True)
        if is_denied(bulk):
            return passed(
                f"anonymous requests are refused ({resp.status}), also on the write endpoint /_bulk (GET, {bulk.status})"
            )
        return skipped(
            f"anonymous requests are refused on security APIs but GET /_bulk answered {bulk.status}: "
            "a path reaches the engine without authentication; writing is the only way to know more"
        )
    if not (api_absent(resp) or security_not_enabled(resp)):
        return unexpected(resp, "anonymous privilege query")
    # No security in the engine: any request that reaches it is accepted.
    settings = ctx.get(CLUSTER_SETTINGS_PATH, anonymous=True)
    sdata = settings.json() if settings.ok else None
    if isinstance(sdata, dict):
        flat = {**_d(sdata.get("persistent")), **_d(sdata.get("transient"))}
        if str(flat.get("cluster.blocks.read_only")).lower() == "true":
            return passed("the engine has no security, but the cluster is read-only (cluster.blocks.read_only)")
    bulk = ctx.get("/_bulk", anonymous=True)
    if is_denied(bulk):
        return passed(f"the write endpoint /_bulk refuses anonymous requests (GET answered {bulk.status})")
    if bulk.status in (400, 405) or bulk.ok:
        proxy = _via_proxy(bulk, ctx.get("/", anonymous=True))
        if proxy:
            return skipped(
                f"the engine has no security and /_bulk reaches it without credentials through a proxy ({proxy}); "
                "the proxy may refuse write methods, which cannot be tested without writing"
            )
        return failed(
            "the engine has no security layer and its write endpoint answers anonymous requests "
            f"(GET /_bulk → {bulk.status}, i.e. a POST would be accepted)"
        )
    return unexpected(bulk, "anonymous GET /_bulk")


def _write_privilege_question(ctx: CheckContext) -> dict[str, Any]:
    names = ["*"]
    rows = anonymous_indices(ctx) or []
    names += [str(r.get("index")) for r in rows if r.get("index")][:50]
    return {
        "cluster": ["all", "manage", "manage_security"],
        "index": [{"names": names, "privileges": ["write", "index", "create_doc", "delete", "delete_index", "manage"]}],
    }


def _granted(data: dict[str, Any]) -> list[str]:
    out = []
    cluster = [p for p, ok in _d(data.get("cluster")).items() if ok]
    if cluster:
        out.append("cluster privileges " + ", ".join(sorted(cluster)))
    per_index: dict[str, list[str]] = {}
    for index, privs in _d(data.get("index")).items():
        ok = [p for p, v in _d(privs).items() if v]
        if ok:
            per_index[index] = ok
    if per_index:
        out.append(
            "index privileges on " + shorten([f"{i} ({', '.join(sorted(p))})" for i, p in sorted(per_index.items())], 4)
        )
    return out


@probe("es-snapshot-repositories")
def snapshot_repositories(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_snapshot/_all", anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_snapshot/_all without credentials answered {resp.status}")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict)):
        return unexpected(resp, "anonymous GET /_snapshot/_all")
    if not data:
        return passed("GET /_snapshot/_all answers without credentials, but no repository is registered")
    described = []
    for name, repo in sorted(data.items()):
        rtype = _d(repo).get("type", "?")
        settings = _d(_d(repo).get("settings"))
        where = [k for k in ("location", "url", "bucket", "base_path", "path", "container") if k in settings]
        described.append(f"{name} ({rtype}" + (f"; {', '.join(where)} disclosed" if where else "") + ")")
    return failed(
        f"{plural(len(data), 'snapshot repository', 'snapshot repositories')} listed without credentials: {shorten(described)}"
    )


@probe("es-cors-wildcard")
@_guard
def cors_wildcard(ctx: CheckContext) -> Outcome:
    findings = []
    answered = []
    identities = [True] + ([False] if ctx.has_credentials else [])
    for anonymous in identities:
        resp = ctx.get("/", anonymous=anonymous, headers={"Origin": ORIGIN})
        answered.append(resp.status < 500)
        acao = resp.headers.get("access-control-allow-origin")
        who = "anonymous" if anonymous else "authenticated"
        if acao == "*":
            findings.append(f"GET / ({who}, {resp.status}) with Origin {ORIGIN}: Access-Control-Allow-Origin: *")
        elif acao and acao.strip() == ORIGIN:
            creds = resp.headers.get("access-control-allow-credentials", "").lower() == "true"
            findings.append(
                f"GET / ({who}, {resp.status}) reflects the foreign origin {ORIGIN}"
                + (" with Access-Control-Allow-Credentials: true" if creds else "")
            )
    try:
        nodes = node_settings(ctx)
    except _Unexpected:
        nodes = None
    for settings in nodes or []:
        allow = settings.get("http.cors.allow-origin", "")
        if str(settings.get("http.cors.enabled", "")).lower() == "true" and allow.strip() in ("*", "/.*/", "/.+/"):
            findings.append(f"http.cors.allow-origin is {allow!r} with http.cors.enabled: true")
            break
    if findings:
        return failed("; ".join(dict.fromkeys(findings)))
    if not any(answered):
        return errored(f"GET / with Origin {ORIGIN} got only server errors; cannot tell")
    return passed(f"no Access-Control-Allow-Origin for the foreign origin {ORIGIN}")


@probe("es-version-eol")
def version_eol(ctx: CheckContext) -> Outcome:
    v = Version.parse(ctx.version)
    if v is None:
        return skipped("version unknown (GET / needs credentials)")
    verdict = eol_verdict(ctx.product, v, ctx.now().date())
    if verdict.end_of_life is True:
        return failed(f"{ctx.version}: {verdict.reason}")
    if verdict.end_of_life is False:
        return passed(f"{ctx.version}: {verdict.reason}")
    return skipped(verdict.reason)


def _site_plugins(ctx: CheckContext) -> bool | None:
    resp = ctx.get("/_cat/plugins?format=json", anonymous=True)
    if not resp.ok:
        resp = ctx.get("/_cat/plugins?format=json")
    rows = _parse_cat(resp, ["name", "component", "version", "type", "url"]) if resp.ok else None
    if rows is None:
        return None
    return any(_is_site_plugin(r) for r in rows)


def _jvm_note(ctx: CheckContext) -> str:
    try:
        resp = ctx.get(NODES_PATH, anonymous=True)
    except TargetError:  # a note, not a finding
        return ""
    data = resp.json() if resp.ok else None
    if not isinstance(data, dict):
        return ""
    majors = set()
    for node in map(_d, _d(data.get("nodes")).values()):
        jv = str(_d(node.get("jvm")).get("version") or "")
        m = re.match(r"(?:1\.)?(\d+)", jv)
        if m:
            majors.add(int(m.group(1)))
    if not majors:
        return ""
    if min(majors) >= 9:
        return f"; nodes run JDK {', '.join(map(str, sorted(majors)))}: the Security Manager blocks code execution, the information leak remains"
    return f"; nodes run JDK {', '.join(map(str, sorted(majors)))}: remote code execution may be possible"


register_range_probes(
    ("es-cve-2014-3120", "es-cve-2015-1427", "es-cve-2015-3337", "es-cve-2015-5531",
     "es-cve-2021-22145", "es-cve-2023-31419", "es-log4shell"),
    preconditions={"site_plugin": _site_plugins},
    notes={"es-log4shell": _jvm_note},
)  # fmt: skip


# ---------------------------------------------------------------- settings
def _wildcard_hosts(value: str) -> list[str]:
    out = []
    for entry in (e.strip().strip("\"'[]") for e in value.split(",")):
        host = re.sub(r"^\w+://", "", entry).split("/")[0].split(":")[0]
        if entry and host in ("*", "*.*", ""):
            out.append(entry)
    return out


@probe("es-dynamic-scripting")
@_guard
def dynamic_scripting(ctx: CheckContext) -> Outcome:
    nodes = node_settings(ctx)
    if nodes is None:
        return skipped("node settings are not readable with this identity (needs the 'monitor' privilege)")
    v = Version.parse(ctx.version)
    legacy = ctx.product == "elasticsearch" and v is not None and v.major < 5
    for settings in nodes:
        if legacy and v is not None:
            dynamic = settings.get("script.disable_dynamic", "").lower()
            inline = settings.get("script.inline", "").lower()
            if v < Version(1, 2) and dynamic != "true":
                return failed(
                    f"{v}: dynamic scripting is on by default before 1.2 and script.disable_dynamic is not true"
                )
            if dynamic == "false" or inline in ("true", "on"):
                return failed(
                    f"dynamic scripts are enabled (script.disable_dynamic={dynamic or '-'}, script.inline={inline or '-'})"
                )
            continue
        types = settings.get("script.allowed_types")
        contexts = settings.get("script.allowed_contexts")
        if not types and not contexts:
            return failed(
                "script.allowed_types and script.allowed_contexts are unset: inline scripts run in every context"
            )
    sample = nodes[0] if nodes else {}
    shown = {
        k: sample[k]
        for k in ("script.allowed_types", "script.allowed_contexts", "script.disable_dynamic")
        if k in sample
    }
    return passed(
        "scripting restricted: " + (", ".join(f"{k}={val}" for k, val in shown.items()) or "defaults of this version")
    )


@probe("es-remote-reindex-url-repositories")
@_guard
def remote_reindex(ctx: CheckContext) -> Outcome:
    nodes = node_settings(ctx)
    if nodes is None:
        return skipped("node settings are not readable with this identity (needs the 'monitor' privilege)")
    findings = []
    for settings in nodes:
        for key in ("reindex.remote.whitelist", "reindex.remote.allowlist", "repositories.url.allowed_urls"):
            wild = _wildcard_hosts(settings.get(key, ""))
            if wild:
                findings.append(f"{key} allows any host ({', '.join(wild)})")
    if findings:
        return failed("; ".join(dict.fromkeys(findings)))
    set_keys = sorted({k for s in nodes for k in s if k.startswith(("reindex.remote", "repositories.url"))})
    return passed(
        "no wildcard host"
        + (
            f" in {', '.join(set_keys)}"
            if set_keys
            else ": remote reindex and URL repositories are not allowed (settings unset)"
        )
    )


@probe("es-default-credentials")
def default_credentials(ctx: CheckContext) -> Outcome:
    own = ctx.http.credentials
    if own.username and (own.username, own.password or "") in DEFAULT_CREDENTIALS:
        return failed(f"the credentials given for this scan are the default {own.username}:{own.password}")
    anon = ctx.get("/", anonymous=True)
    if anon.ok:
        return skipped(
            "GET / answers without credentials, so a default password cannot be told apart from anonymous access (see es-anonymous-read)"
        )
    if not is_denied(anon):
        return unexpected(anon, "anonymous GET /")
    accepted, refused = [], []
    for user, password in DEFAULT_CREDENTIALS:
        with ctx.with_credentials(user, password) as client:
            try:
                resp = client.get("/")
            finally:
                ctx.anonymous_http.log.extend(client.log)  # keep the request count honest
        data = resp.json()
        if resp.ok and isinstance(data, dict) and (data.get("version") or data.get("cluster_name")):
            accepted.append(f"{user}:{password}")
        elif is_denied(resp):
            refused.append(f"{user}:{password} ({resp.status})")
        else:
            return unexpected(resp, f"GET / as {user}")
    if accepted:
        return failed("GET / accepted the default credentials " + ", ".join(accepted))
    return passed("default credentials refused: " + ", ".join(refused))


# ----------------------------------------------------------- system indices
@probe("es-system-indices-readable")
def system_indices_readable(ctx: CheckContext) -> Outcome:
    body: dict[str, Any] = {"size": 0, "aggs": {_AGG: {"terms": {"field": "_index", "size": 50}}}}
    if (_major(ctx) or 7) >= 7:
        body["track_total_hits"] = True
    resp = ctx.fetch("POST", SYSTEM_SEARCH_PATH, anonymous=True, json=body)
    if is_denied(resp):
        return passed(f"searching system indices without credentials answered {resp.status}")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict) and "hits" in data):
        return unexpected(resp, "anonymous search of system indices")
    total = _total_hits(data)
    if total == 0:
        return passed(
            "no security/Kibana system index is searchable without credentials (none holds readable documents)"
        )
    listed = [f"{name} ({count:,})" for name, count in _buckets(data)]
    return failed(f"{plural(total, 'document')} of system indices searchable without credentials: {shorten(listed)}")


@probe("es-cluster-settings-readable")
def cluster_settings_readable(ctx: CheckContext) -> Outcome:
    resp = ctx.get(CLUSTER_SETTINGS_PATH, anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_cluster/settings without credentials answered {resp.status}")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict)):
        return unexpected(resp, "anonymous GET /_cluster/settings")
    persistent = len(_flatten(_d(data.get("persistent"))))
    transient = len(_flatten(_d(data.get("transient"))))
    return failed(
        f"GET /_cluster/settings answers without credentials ({persistent} persistent, {transient} transient settings)"
    )


# --------------------------------------------------------------- identity
@probe("es-identity-privileges")
def identity_privileges(ctx: CheckContext) -> Outcome:
    if not ctx.has_credentials:
        return skipped("no credentials given; the anonymous view is covered by the other checks")
    state, _ = security_state(ctx)
    if state in ("absent", "disabled"):
        return passed(
            "the engine has no security layer: these credentials are not needed, every client has full access"
        )
    if _is_os(ctx):
        resp = ctx.get("/_plugins/_security/authinfo")
        data = resp.json()
        if is_denied(resp):
            return errored(f"the given credentials were refused ({resp.status})")
        if not (resp.ok and isinstance(data, dict)):
            return unexpected(resp, "GET /_plugins/_security/authinfo")
        roles = sorted(set(data.get("roles") or []))
        backend = sorted(set(data.get("backend_roles") or []))
        evidence = f"given identity: roles [{', '.join(roles)}], backend roles [{', '.join(backend)}]"
        if {"all_access", "security_rest_api_access"} & set(roles) or "admin" in backend:
            return failed(evidence + "; it administers the cluster: scan with a read-only identity")
        return passed(evidence)
    auth = ctx.get("/_security/_authenticate")
    adata = auth.json()
    if is_denied(auth):
        return errored(f"the given credentials were refused ({auth.status})")
    if not (auth.ok and isinstance(adata, dict)):
        return unexpected(auth, "GET /_security/_authenticate")
    body = {
        "cluster": ["monitor", "manage", "manage_security", "all"],
        "index": [{"names": ["*"], "privileges": ["read", "view_index_metadata", "write", "delete_index", "manage"]}],
    }
    priv = ctx.fetch("POST", "/_security/user/_has_privileges", json=body)
    pdata = priv.json()
    roles = list(adata.get("roles") or [])
    parts = [f"given identity: roles [{', '.join(roles)}]"]
    powerful = "superuser" in roles
    if priv.ok and isinstance(pdata, dict):
        cluster = pdata.get("cluster") or {}
        index = _d(_d(pdata.get("index")).get("*"))
        parts.append("cluster: " + ", ".join(f"{p} {'yes' if ok else 'no'}" for p, ok in cluster.items()))
        parts.append("all indices: " + ", ".join(f"{p} {'yes' if ok else 'no'}" for p, ok in index.items()))
        powerful = (
            powerful
            or any(cluster.get(p) for p in ("manage", "manage_security", "all"))
            or any(index.get(p) for p in ("write", "delete_index", "manage"))
        )
    if powerful:
        return failed("; ".join(parts) + "; it can change the cluster: scan with a read-only identity")
    return passed("; ".join(parts))


# ---------------------------------------------------------------- extras
@probe("es-aliases-readable")
def aliases_readable(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_cat/aliases?format=json", anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_cat/aliases without credentials answered {resp.status}")
    rows = _parse_cat(resp, ["alias", "index", "filter", "routing.index", "routing.search"]) if resp.ok else None
    if rows is None:
        return unexpected(resp, "anonymous GET /_cat/aliases")
    if not rows:
        return passed("GET /_cat/aliases answers without credentials, but there is no alias")
    filtered = sum(1 for r in rows if str(r.get("filter", "-")) not in ("-", ""))
    pairs = [f"{r.get('alias')} → {r.get('index')}" for r in rows]
    return failed(
        f"{plural(len(rows), 'alias', 'aliases')} listed without credentials ({filtered} with filters): {shorten(pairs)}"
    )


@probe("es-cluster-state-readable")
def cluster_state_readable(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_cluster/state/master_node", anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_cluster/state without credentials answered {resp.status}")
    data = resp.json()
    if resp.ok and isinstance(data, dict) and ("cluster_name" in data or "master_node" in data):
        return failed(
            "GET /_cluster/state answers without credentials (its full form carries every mapping, template and pipeline)"
        )
    return unexpected(resp, "anonymous GET /_cluster/state/master_node")


@probe("es-api-keys-readable")
def api_keys_readable(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_security/api_key", anonymous=True)
    data = resp.json()
    if resp.ok and isinstance(data, dict) and "api_keys" in data:
        keys = _l(data.get("api_keys"))
        active = sum(1 for k in keys if not _d(k).get("invalidated"))
        return failed(
            f"GET /_security/api_key answers without credentials: {plural(len(keys), 'API key')} ({active} active) with owners and roles"
        )
    if is_denied(resp):
        return passed(f"GET /_security/api_key without credentials answered {resp.status}")
    if api_absent(resp) or security_not_enabled(resp):
        return passed("no API key service to read: the engine has no security layer (see es-security-disabled)")
    return unexpected(resp, "anonymous GET /_security/api_key")


@probe("es-license-expired")
def license_expired(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_license")
    if is_denied(resp):
        return skipped(f"GET /_license answered {resp.status} with this identity")
    if api_absent(resp):
        return skipped("no license API on this node (OSS build or embedded node)")
    data = resp.json()
    lic = _d(data).get("license") if isinstance(data, dict) else None
    if not (resp.ok and isinstance(lic, dict)):
        return unexpected(resp, "GET /_license")
    from datetime import datetime, timezone

    status = str(lic.get("status") or "")
    expiry_ms = lic.get("expiry_date_in_millis")
    expiry = datetime.fromtimestamp(expiry_ms / 1000, timezone.utc) if isinstance(expiry_ms, int) else None
    when = expiry.date().isoformat() if expiry else "never"
    if status == "expired" or (expiry is not None and expiry < ctx.now()):
        return failed(f"{lic.get('type', '?')} license expired ({when})")
    return passed(f"{lic.get('type', '?')} license, status {status or '?'}, expires {when}")


@probe("es-product-header-missing")
def product_header_missing(ctx: CheckContext) -> Outcome:
    v = Version.parse(ctx.version)
    if v is None:
        return skipped("version unknown (GET / needs credentials)")
    if v < Version(7, 14):
        return passed(f"{v} predates the X-elastic-product header (7.14)")
    headers = ctx.headers
    if not headers:
        headers = {k.lower(): val for k, val in ctx.get("/").headers.items()}
    value = headers.get("x-elastic-product")
    if value == "Elasticsearch":
        return passed("X-elastic-product: Elasticsearch")
    return failed(
        f"claims Elasticsearch {v} but answers "
        + (f"X-elastic-product: {value}" if value else "without X-elastic-product")
        + ": a proxy rewriting answers, a fork, or a honeypot"
    )


@probe("es-tasks-readable")
def tasks_readable(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_tasks?filter_path=nodes.*.tasks.*.action", anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_tasks without credentials answered {resp.status}")
    if api_absent(resp):
        return passed("no task management API on this version")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict)):
        return unexpected(resp, "anonymous GET /_tasks")
    tasks = [t for n in _d(data.get("nodes")).values() for t in _d(_d(n).get("tasks")).values()]
    return failed(
        f"GET /_tasks answers without credentials ({plural(len(tasks), 'running task')}); "
        "?detailed=true would show the text of running searches"
    )


@probe("es-remote-clusters-readable")
def remote_clusters_readable(ctx: CheckContext) -> Outcome:
    resp = ctx.get("/_remote/info", anonymous=True)
    if is_denied(resp):
        return passed(f"GET /_remote/info without credentials answered {resp.status}")
    if api_absent(resp):
        return passed("no remote cluster API on this version")
    data = resp.json()
    if not (resp.ok and isinstance(data, dict)):
        return unexpected(resp, "anonymous GET /_remote/info")
    if not data:
        return passed("GET /_remote/info answers without credentials, but no remote cluster is configured")
    connected = sum(1 for r in data.values() if _d(r).get("connected"))
    return failed(
        f"{plural(len(data), 'remote cluster')} listed without credentials ({connected} connected): {shorten(sorted(data))}"
    )
