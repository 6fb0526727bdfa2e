"""The check catalogue: metadata loaded from ``checks/data/<family>.yaml``.

Run ``python -m leakwarden.checks`` to print the Markdown table that
``docs/checks.md`` embeds (a test keeps the two in step).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from leakwarden.checks.base import PRODUCTS
from leakwarden.report import SEVERITY_ORDER

#: catalogue files, in the order their checks run
FAMILIES = ("elasticsearch.yaml", "tls.yaml", "kibana.yaml")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Snippet:
    file: str
    code: str


@dataclass(frozen=True)
class CheckSpec:
    id: str
    title: str
    severity: str
    products: tuple[str, ...]
    description: str
    remediation_text: str
    snippets: dict[str, Snippet]
    references: tuple[str, ...]
    requests: tuple[str, ...]
    family: str
    row: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def applies_to(self, product: str) -> bool:
        return product in self.products

    def remediation_for(self, product: str, version_major: int | None) -> str:
        """Remediation text plus the snippet for this product and major version (and nginx)."""
        variant = snippet_variant(product, version_major)
        parts = [self.remediation_text.strip()]
        chosen = self.snippets.get(variant) or (
            self.snippets.get("kibana") if variant == "opensearch-dashboards" else None
        )
        if chosen is not None:
            parts.append(_render_snippet(chosen))
        nginx = self.snippets.get("nginx")
        if nginx is not None and nginx is not chosen:
            parts.append(_render_snippet(nginx))
        return "\n\n".join(p for p in parts if p)


def snippet_variant(product: str, major: int | None) -> str:
    if product == "elasticsearch":
        return "elasticsearch-8" if (major or 0) >= 8 else "elasticsearch-7"
    return product


def _render_snippet(s: Snippet) -> str:
    return f"{s.file}:\n" + "\n".join("    " + line for line in s.code.rstrip().splitlines())


def _read_family(name: str) -> dict[str, Any]:
    text = resources.files("leakwarden.checks").joinpath(f"data/{name}").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("checks"), list):
        raise ValueError(f"checks/data/{name}: expected a mapping with a 'checks' list")
    return data


def _spec_from(entry: dict[str, Any], family: str, source: str) -> CheckSpec:
    cid = entry.get("id")
    if not isinstance(cid, str) or not _ID.match(cid):
        raise ValueError(f"checks/data/{source}: bad or missing id {cid!r}")
    severity = entry.get("severity")
    if severity not in SEVERITY_ORDER:
        raise ValueError(f"checks/data/{source}: {cid}: severity {severity!r} not one of {list(SEVERITY_ORDER)}")
    products = tuple(entry.get("products") or ())
    unknown = [p for p in products if p not in PRODUCTS]
    if not products or unknown:
        raise ValueError(f"checks/data/{source}: {cid}: products {list(products)} (allowed: {list(PRODUCTS)})")
    for key in ("title", "description"):
        if not str(entry.get(key) or "").strip():
            raise ValueError(f"checks/data/{source}: {cid}: missing {key}")
    rem = entry.get("remediation") or {}
    if not str(rem.get("text") or "").strip():
        raise ValueError(f"checks/data/{source}: {cid}: missing remediation.text")
    snippets = {variant: Snippet(str(s["file"]), str(s["code"])) for variant, s in (rem.get("snippets") or {}).items()}
    refs = tuple(entry.get("references") or ())
    if not refs or not all(str(r).startswith("https://") for r in refs):
        raise ValueError(f"checks/data/{source}: {cid}: references must be https URLs (at least one)")
    known = {"id", "title", "severity", "products", "description", "remediation", "references", "requests", "row"}
    return CheckSpec(
        id=cid,
        title=str(entry["title"]).strip(),
        severity=severity,
        products=products,
        description=" ".join(str(entry["description"]).split()),
        remediation_text=" ".join(str(rem["text"]).split()),
        snippets=snippets,
        references=refs,
        requests=tuple(str(r) for r in entry.get("requests") or ()),
        family=family,
        row=entry.get("row"),
        extra={k: v for k, v in entry.items() if k not in known},
    )


@lru_cache(maxsize=1)
def load_catalog() -> tuple[CheckSpec, ...]:
    """Every check's metadata, in run order; validated."""
    specs: list[CheckSpec] = []
    seen: set[str] = set()
    for name in FAMILIES:
        data = _read_family(name)
        family = str(data.get("family") or name.removesuffix(".yaml"))
        for entry in data["checks"]:
            spec = _spec_from(entry, family, name)
            if spec.id in seen:
                raise ValueError(f"checks/data/{name}: duplicate check id {spec.id}")
            seen.add(spec.id)
            specs.append(spec)
    return tuple(specs)


def catalog_by_id() -> dict[str, CheckSpec]:
    return {s.id: s for s in load_catalog()}


def render_markdown_table() -> str:
    """The table of all checks for docs/checks.md."""
    lines = [
        "| id | row | severity | products | what it asks | read-only requests |",
        "|---|---|---|---|---|---|",
    ]
    short = {"elasticsearch": "ES", "opensearch": "OS", "kibana": "Kibana", "opensearch-dashboards": "OSD"}
    for s in load_catalog():
        products = ", ".join(short[p] for p in s.products)
        requests = "<br>".join(_md(r) for r in s.requests) or "none"
        lines.append(
            f"| `{s.id}` | {s.row if s.row is not None else '+'} | {s.severity} | {products} | "
            f"{_md(s.title)} | {requests} |"
        )
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("|", "\\|")
