"""The HTML report: one self-contained page a data-protection officer can forward.

No request ever leaves the page: CSS and the small script are inline, charts
are SVG drawn here, fonts are the reader's own, and a Content-Security-Policy
(``default-src 'none'``, the script allowed by its hash) makes the browser
refuse anything else.  The page reads fully without JavaScript; the script
only adds copy buttons and opens every section before printing.

Everything taken from a store is untrusted, so the templates autoescape and
the ``finalize`` hook also escapes control and bidi characters.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from leakwarden.report import Collection, Report, Store

from . import charts
from ._common import (
    SENSITIVITY_BANDS,
    category_label,
    category_severity,
    category_sort_key,
    clean,
    collection_categories,
    failed_checks,
    fmt_bool,
    fmt_int,
    fmt_pct,
    fmt_rate,
    regulation_label,
    safe_target,
    safe_text,
    sensitive_fields,
    sensitivity_band,
    sorted_collections,
)
from .verdict import Verdict, history_point, verdict

HEATMAP_MAX_ROWS = 30
OPEN_DETAILS_MIN_SENSITIVITY = 60
OPEN_DETAILS_MAX = 12


def _finalize(value: Any) -> Any:
    # Runs on every {{ expression }} before autoescaping; Markup we built ourselves passes through.
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return clean(value, newlines=True)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("leakwarden.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        int=fmt_int,
        pct=fmt_pct,
        rate=fmt_rate,
        yesno=fmt_bool,
        cat_label=category_label,
        cat_sev=category_severity,
        reg_label=regulation_label,
        target=safe_target,
        redact=safe_text,
        band=sensitivity_band,
        compact=charts.compact_int,
        web_link=_web_link,
    )
    env.globals.update(
        failed_checks=failed_checks,
        indexed_collections=_indexed_collections,
        sensitive_fields=sensitive_fields,
        collection_categories=collection_categories,
    )
    return env


def _indexed_collections(store: Store) -> list[tuple[int, Collection]]:
    """(position in the store, collection), most sensitive first; positions make stable anchors."""
    order = {id(c): i for i, c in enumerate(store.collections)}
    return [(order[id(c)], c) for c in sorted_collections(store)]


def _asset(name: str) -> str:
    return resources.files("leakwarden.render").joinpath(f"templates/{name}").read_text("utf-8")


def _web_link(reference: str) -> str | None:
    """A reference usable as a link: plain http(s) only, anything else is shown as text."""
    ref = reference.strip()
    if ref.lower().startswith(("https://", "http://")) and not any(c in ref for c in " \"'<>`"):
        return ref
    return None


def render_html(report: Report, *, history: list[dict] | None = None) -> str:
    """The report as one HTML page.

    ``history``: earlier scans, oldest first, each a dict with ``at`` (ISO
    date-time or datetime) and any of ``persons_exposed``, ``persons_trackable``
    (see :func:`leakwarden.render.verdict.history_point`).  With two points or
    more the page draws exposure over time; the current report is added as the
    last point when it is newer than the history.
    """
    v = verdict(report)
    script = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{script_hash}'; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        v=v,
        csp=csp,
        css=Markup(_asset("report.css")),
        script=Markup(script),
        finished=_utc(report.finished_at),
        subject=_sentence_start(v.subject, report),
        impact=_sentence_start(v.impact, report),
        duration=int((report.finished_at - report.started_at).total_seconds()),
        charts=_charts(report, v, history),
        open_details=_open_details(report),
        indexed_stores=list(enumerate(report.stores)),
    )


def _sentence_start(text: str, report: Report) -> str:
    """Capitalise a verdict phrase to open a sentence, unless it opens with a target (a URL or path)."""
    if not text or any(text.startswith(safe_target(s.target)) for s in report.stores):
        return text
    return text[:1].upper() + text[1:]


def _utc(at: datetime) -> str:
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc)
    return at.strftime("%Y-%m-%d %H:%M:%S UTC")


def _open_details(report: Report) -> set[tuple[int, int]]:
    """Which collections start unfolded: the most sensitive ones, a dozen at most."""
    ranked = sorted(
        (
            (-c.sensitivity, si, ci)
            for si, s in enumerate(report.stores)
            for ci, c in enumerate(s.collections)
            if c.sensitivity >= OPEN_DETAILS_MIN_SENSITIVITY and any(f.categories for f in c.fields)
        )
    )
    return {(si, ci) for _, si, ci in ranked[:OPEN_DETAILS_MAX]}


def _charts(report: Report, v: Verdict, history: list[dict] | None) -> dict[str, Markup | str | None]:
    return {
        "records": _sensitivity_chart(report, v, "records"),
        "people": _sensitivity_chart(report, v, "people"),
        "heatmap": _heatmap(report),
        "heatmap_hidden": _heatmap_hidden(report),
        "history": _history_chart(report, history),
    }


def _sensitivity_chart(report: Report, v: Verdict, what: str) -> Markup | None:
    totals = {band: [0, 0] for band, _ in SENSITIVITY_BANDS}
    seen = False
    for store, summary in zip(report.stores, v.stores, strict=True):
        for c in store.collections:
            n = c.documents if what == "records" else c.persons_estimated
            if n is None:
                continue
            seen = True
            totals[sensitivity_band(c.sensitivity)][0 if summary.open_to_anyone else 1] += n
    if not seen:
        return None
    names = {"critical": "Very high", "high": "High", "medium": "Medium", "low": "Low", "none": "None"}
    rows = [
        charts.StackedRow(
            label=names[band],
            sublabel=f"sensitivity {span}",
            css=f"sev-{band}",
            primary=totals[band][0],
            secondary=totals[band][1],
        )
        for band, span in SENSITIVITY_BANDS
    ]
    title = "Records" if what == "records" else "People"
    return charts.stacked_bars(
        f"{title} by sensitivity of their collection: open to anyone (solid) and not open (light)",
        rows,
        primary_name="open to anyone",
        secondary_name="not open",
    )


def _heatmap_rows(report: Report) -> list[tuple[int, Collection]]:
    rows = [(si, c) for si, s in enumerate(report.stores) for c in s.collections if any(f.categories for f in c.fields)]
    rows.sort(key=lambda r: (-r[1].sensitivity, r[0], r[1].name))
    return rows


def _heatmap_hidden(report: Report) -> int:
    return max(0, len(_heatmap_rows(report)) - HEATMAP_MAX_ROWS)


def _heatmap(report: Report) -> Markup | None:
    rows = _heatmap_rows(report)[:HEATMAP_MAX_ROWS]
    if not rows:
        return None
    cats = sorted({cat for _, c in rows for f in c.fields for cat in f.categories}, key=category_sort_key)
    several = len(report.stores) > 1
    labels = [f"{c.name} [{si + 1}]" if several else c.name for si, c in rows]
    cells: list[list[charts.HeatCell | None]] = []
    for _, c in rows:
        line: list[charts.HeatCell | None] = []
        for cat in cats:
            fields = [f for f in c.fields if cat in f.categories]
            if not fields:
                line.append(None)
                continue
            strength = max(f.confidence * (f.hits / f.examined if f.examined else 0) for f in fields)
            paths = ", ".join(f.path for f in fields[:4]) + (" …" if len(fields) > 4 else "")
            tip = f"{c.name} · {category_label(cat)}: {len(fields)} field(s) ({paths}), strength {strength:.0%}"
            line.append(charts.HeatCell(strength, f"sev-{category_severity(cat)}", tip))
        cells.append(line)
    return charts.heatmap(
        "Sensitive categories by collection (darker: more confident and more frequent)",
        labels,
        [category_label(c) for c in cats],
        [f"sev-{category_severity(c)}" for c in cats],
        cells,
    )


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        at = value
    elif isinstance(value, str):
        try:
            at = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def _history_chart(report: Report, history: list[dict] | None) -> Markup | None:
    if not history:
        return None

    points = []
    for item in history:
        at = _parse_time(item.get("at") or item.get("finished_at") or item.get("started_at"))
        if at is not None:
            points.append((at, item))
    points.sort(key=lambda p: p[0])
    now = history_point(report)
    now_at = _parse_time(now["at"])
    if now_at is not None and (not points or points[-1][0] < now_at):
        points.append((now_at, now))
    if len(points) < 2:
        return None

    def values(key: str) -> list[float | None]:
        out: list[float | None] = []
        for _, item in points:
            x = item.get(key)
            out.append(float(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else None)
        return out

    series = [
        charts.Series("people exposed", "series-a", values("persons_exposed")),
        charts.Series("people whose movements can be reconstructed", "series-b", values("persons_trackable")),
    ]
    series = [s for s in series if any(x is not None for x in s.values)]
    if not series:
        return None
    return charts.line_chart("Exposure over time", [p[0] for p in points], series)
