"""The Markdown report, for tickets: verdict, stores, collections, failed checks, remediation.

GitHub-flavoured Markdown.  Names from a store are untrusted: every one is
escaped (Markdown punctuation, HTML, pipes inside tables, line breaks), and
code fences are always longer than any run of backticks in the snippet.
"""

from __future__ import annotations

import re

from leakwarden.report import Report

from ._common import (
    category_label,
    clean,
    collection_categories,
    failed_checks,
    fmt_bool,
    fmt_int,
    fmt_pct,
    fmt_rate,
    iso_utc,
    regulation_label,
    safe_target,
    safe_text,
    sensitive_fields,
    severity_rank,
    sorted_collections,
)
from .verdict import verdict

# Punctuation that can open or close inline markup anywhere in a line, and '|' for
# tables.  Untrusted text never starts a line here, so '#', '-', '+', '1.' are inert.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(value: object) -> str:
    """Untrusted text as inert Markdown inline text (also safe in a table cell)."""
    text = clean(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: object) -> str:
    """Untrusted text as an inline code span (pipes escaped for tables)."""
    text = clean(value).replace("|", "\\|")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _fence(code: str, language: str) -> str:
    text = clean(code, newlines=True).rstrip("\n")
    longest = max((len(m) for m in re.findall(r"`{3,}|~{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    lang = re.sub(r"[^A-Za-z0-9_+.-]", "", language)[:20]
    return f"{fence}{lang}\n{text}\n{fence}"


def _table(header: list[str], rows: list[list[str]], align: str = "") -> list[str]:
    aligns = align or "l" * len(header)
    sep = ["---:" if a == "r" else "---" for a in aligns]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return out


def render_markdown(report: Report) -> str:
    v = verdict(report)
    out: list[str] = []
    level = v.level.upper()
    out.append(f"# {level}: data exposure report")
    out.append("")
    headline = f"**{level}** ({v.score}/100): {md_escape(v.subject)}"
    if v.impact:
        headline += f". {md_escape(v.impact[:1].upper() + v.impact[1:])}"
    out.append(headline + ".")
    out.append("")
    facts = [f"- Stores scanned: {len(v.stores)}, open to anyone: **{len(v.open_stores)}**"]
    if v.open_stores:
        facts.append(f"- People exposed: **{fmt_int(v.persons_exposed)}**")
        if v.persons_trackable_exposed:
            facts.append(f"- Movements can be reconstructed for: **{fmt_int(v.persons_trackable_exposed)}** people")
        elif v.movements_exposed:
            facts.append("- Movements can be reconstructed: **yes**")
        facts.append(f"- Records exposed: {fmt_int(v.records_exposed)}")
    else:
        facts.append(f"- People held: {fmt_int(v.persons_held)}")
    if v.regulations:
        facts.append("- Laws touched: " + "; ".join(md_escape(regulation_label(r)) for r in v.regulations))
    if v.failed_total:
        counts = ", ".join(
            f"{v.failed[s]} {s}" for s in ("critical", "high", "medium", "low", "info") if v.failed.get(s)
        )
        facts.append(f"- Failed checks: {v.failed_total} ({counts})")
    facts.append(
        f"- Scan: {iso_utc(report.started_at)} to {iso_utc(report.finished_at)}, "
        f"leakwarden {md_escape(report.tool.version)}"
    )
    out += facts
    out.append("")

    if v.top_steps:
        out.append("## What to do first")
        out.append("")
        for n, r in enumerate(v.top_steps, 1):
            where = f" ({md_code(r.target)})" if len(v.stores) > 1 else ""
            out.append(f"{n}. **{md_escape(r.step.title)}** [{r.step.severity}]{where}")
        out.append("")

    if not report.stores:
        return "\n".join(out).rstrip() + "\n"

    out.append("## Stores")
    out.append("")
    rows = []
    for s in v.stores:
        risk = f"**{s.level.upper()}** {s.score}" if s.reachable else f"{md_escape(s.status)}"
        rows.append(
            [
                str(s.index + 1),
                md_code(s.target),
                md_escape(f"{s.kind} {s.version}" if s.version else s.kind),
                risk,
                fmt_bool(s.anonymous_read),
                fmt_bool(s.tls),
                fmt_int(s.persons, "–"),
                (
                    fmt_int(s.persons_trackable)
                    if s.persons_trackable
                    else "yes"
                    if s.movements_reconstructable
                    else "no"
                ),
            ]
        )
    out += _table(["#", "Target", "Kind", "Risk", "Anonymous read", "TLS", "People", "Movements"], rows, "llllllrl")
    out.append("")

    for si, store in enumerate(report.stores):
        s = v.stores[si]
        out.append(f"## {si + 1}. {md_code(safe_target(store.target))}")
        out.append("")
        meta = f"{md_escape(store.kind)}{' ' + md_escape(store.version) if store.version else ''} · "
        meta += f"risk **{s.level.upper()}** ({s.score}/100) · status {md_escape(store.status)}"
        if s.open_to_anyone:
            meta += " · **readable by anyone**"
        if store.exposure.tls is False:
            meta += " · no TLS"
        out.append(meta)
        if store.error:
            out.append("")
            out.append(f"> {md_escape(safe_text(store.error))}")
        out.append("")
        if store.collections:
            out.append("### Collections")
            out.append("")
            rows = []
            for c in sorted_collections(store):
                traj = "no"
                if c.trajectory is not None:
                    n = c.trajectory.persons_trackable
                    traj = f"yes ({fmt_int(n)})" if n else "yes"
                cats = collection_categories(c.fields)
                rows.append(
                    [
                        md_code(c.name),
                        fmt_int(c.documents, "–"),
                        fmt_int(c.examined),
                        fmt_bool(c.personal),
                        str(c.sensitivity),
                        fmt_int(c.persons_estimated, "–"),
                        traj,
                        md_escape(", ".join(category_label(x) for x in cats)) or "–",
                        md_escape(", ".join(c.regulations)) or "–",
                    ]
                )
            out += _table(
                [
                    "Collection",
                    "Docs",
                    "Examined",
                    "Personal",
                    "Sensitivity",
                    "People",
                    "Movements",
                    "Categories",
                    "Laws",
                ],
                rows,
                "lrrlrrlll",
            )
            out.append("")
            for c in sorted_collections(store):
                fields = sensitive_fields(c.fields)
                if not fields:
                    continue
                out.append(f"<details><summary>{_html_text(c.name)}: {len(fields)} sensitive fields</summary>")
                out.append("")
                if c.trajectory is not None:
                    tr = c.trajectory
                    out.append(
                        "Movements can be reconstructed: person key "
                        + ", ".join(md_code(x) for x in tr.person_keys)
                        + "; places "
                        + ", ".join(md_code(x) for x in tr.location_fields)
                        + "; times "
                        + ", ".join(md_code(x) for x in tr.time_fields)
                        + "."
                    )
                    out.append("")
                if c.reidentification is not None:
                    r = c.reidentification
                    out.append(
                        f"Re-identification: {fmt_pct(r.share_below_k)} of {fmt_int(r.records_examined)} records are "
                        f"in groups smaller than k={r.k_threshold} on "
                        + ", ".join(md_code(x) for x in r.quasi_identifiers)
                        + "."
                    )
                    out.append("")
                rows = [
                    [
                        md_code(f.path),
                        md_escape(", ".join(category_label(x) for x in f.categories)),
                        f"{f.confidence:.2f}",
                        f"{fmt_int(f.hits)}/{fmt_int(f.examined)} ({fmt_rate(f.hits, f.examined)})",
                        ", ".join(md_code(x) for x in f.examples[:3]) or "–",
                    ]
                    for f in fields
                ]
                out += _table(["Field", "Categories", "Confidence", "Hits", "Examples (masked)"], rows, "llrrl")
                out.append("")
                out.append("</details>")
                out.append("")
        for link in store.links:
            out.append(
                f"- Linked: {' ↔ '.join(md_code(x) for x in link.collections)} share about "
                f"{fmt_int(link.shared_keys_estimated)} {md_escape(category_label(link.key_category).lower())} values "
                f"({', '.join(md_code(x) for x in link.fields)})"
            )
        if store.links:
            out.append("")

    fails = [(si, store, c) for si, store in enumerate(report.stores) for c in failed_checks(store)]
    if fails:
        fails.sort(key=lambda x: (-severity_rank(x[2].severity), x[0]))
        out.append("## Failed checks")
        out.append("")
        rows = [
            [
                f"**{c.severity.upper()}**",
                md_code(c.id),
                md_code(safe_target(store.target)),
                md_escape(c.title),
                md_escape(safe_text(c.evidence)) or "–",
            ]
            for _, store, c in fails
        ]
        out += _table(["Severity", "Check", "Store", "Finding", "Evidence"], rows)
        out.append("")

    if any(store.remediation for store in report.stores):
        out.append("## Remediation plan")
        out.append("")
        for store in report.stores:
            if not store.remediation:
                continue
            out.append(f"### {md_code(safe_target(store.target))}")
            out.append("")
            for step in sorted(store.remediation, key=lambda x: x.order):
                marker = f"{step.order}. "
                indent = " " * len(marker)
                out.append(f"{marker}**{md_escape(step.title)}** [{step.severity}]")
                body: list[str] = []
                if step.why:
                    body.append(md_escape(step.why))
                extra = []
                if step.check_ids:
                    extra.append("closes " + ", ".join(md_code(x) for x in step.check_ids))
                if step.collections:
                    extra.append("collections " + ", ".join(md_code(x) for x in step.collections))
                if extra:
                    body.append("(" + "; ".join(extra) + ")")
                if body:
                    out.append("")
                    out.append(indent + " ".join(body))
                if step.snippet:
                    out.append("")
                    fenced = _fence(step.snippet, step.snippet_language).split("\n")
                    out += [indent + line if line else "" for line in fenced]
                out.append("")
    out.append("---")
    out.append("")
    out.append(
        "_Examples are masked and people are counted with keyed hashes; this report holds no raw value "
        "from the stores._"
    )
    return "\n".join(out).rstrip() + "\n"


def _html_text(value: object) -> str:
    # <summary> is raw HTML in GitHub Markdown: escape as HTML, not Markdown.
    return clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
