"""Inline SVG charts for the HTML report, drawn on the server: no JavaScript, no fonts to fetch.

Colours come from CSS classes (``sev-critical``, ``series-a`` ...) that the
page styles, so the charts follow light, dark and print modes.  Every label is
escaped: collection names are untrusted.  Each chart has a ``<title>`` and an
``aria-label``; the tables of the report hold the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from ._common import clean, fmt_int


def _e(value: object) -> str:
    return str(escape(clean(value)))


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def compact_int(n: int | float) -> str:
    """12,840 -> 12.8k; 1,843,221 -> 1.8M."""
    n = float(n)
    for div, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= div:
            v = n / div
            return f"{v:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{n:.0f}"


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class StackedRow:
    label: str
    sublabel: str
    css: str  # class of the row's colour, e.g. "sev-critical"
    primary: int  # the solid part (open to anyone)
    secondary: int  # the light part (not open)


def stacked_bars(
    title: str,
    rows: Sequence[StackedRow],
    *,
    primary_name: str,
    secondary_name: str,
    width: int = 460,
) -> Markup:
    """Horizontal bars, one per row, each split into a solid and a light part."""
    label_w, value_w, row_h, top = 128, 64, 30, 8
    bar_w = width - label_w - value_w
    total_max = max((r.primary + r.secondary for r in rows), default=0)
    height = top + row_h * len(rows) + 8
    out = [
        f'<svg class="chart chart-bars" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    for i, r in enumerate(rows):
        y = top + i * row_h
        total = r.primary + r.secondary
        out.append(
            f'<text class="lbl" x="0" y="{y + 13}">{_e(r.label)}</text>'
            f'<text class="sub" x="0" y="{y + 25}">{_e(r.sublabel)}</text>'
            f'<rect class="track" x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" rx="3"/>'
        )
        if total_max > 0 and total > 0:
            w1 = bar_w * r.primary / total_max
            w2 = bar_w * r.secondary / total_max
            # A non-zero value stays visible however small it is next to the largest.
            if r.primary and w1 < 2:
                w1 = 2
            if r.secondary and w2 < 2:
                w2 = 2
            tip = f"{r.label}: {fmt_int(r.primary)} {primary_name}, {fmt_int(r.secondary)} {secondary_name}"
            out.append(f"<g><title>{_e(tip)}</title>")
            if w1:
                out.append(
                    f'<rect class="{r.css} solid" x="{label_w}" y="{y + 4}" width="{_num(w1)}" height="16" rx="3"/>'
                )
            if w2:
                out.append(
                    f'<rect class="{r.css} light" x="{_num(label_w + w1)}" y="{y + 4}" width="{_num(w2)}" '
                    f'height="16" rx="3"/>'
                )
            out.append("</g>")
        value = compact_int(total) if total else "0"
        out.append(f'<text class="val" x="{width}" y="{y + 16}" text-anchor="end">{_e(value)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class HeatCell:
    intensity: float  # 0..1
    css: str  # colour class of the category
    tip: str


def heatmap(
    title: str,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    col_css: Sequence[str],
    cells: Sequence[Sequence[HeatCell | None]],
) -> Markup:
    """Rows (collections) by columns (categories); a cell's opacity shows how strongly it holds the category."""
    cell, gap = 24, 3
    label_w = 8 + 7 * min(max((len(x) for x in row_labels), default=10), 34)
    head_h = 118
    width = label_w + len(col_labels) * (cell + gap) + 60
    height = head_h + len(row_labels) * (cell + gap) + 6
    out = [
        f'<svg class="chart chart-heat" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    for j, label in enumerate(col_labels):
        x = label_w + j * (cell + gap) + cell / 2
        out.append(
            f'<text class="col {col_css[j]}-text" transform="translate({_num(x + 4)},{head_h - 8}) rotate(-45)">'
            f"{_e(label)}</text>"
        )
    for i, label in enumerate(row_labels):
        y = head_h + i * (cell + gap)
        out.append(
            f'<text class="lbl" x="{label_w - 8}" y="{y + cell / 2 + 4}" text-anchor="end">'
            f"<title>{_e(label)}</title>{_e(_truncate(label, 34))}</text>"
        )
        for j in range(len(col_labels)):
            x = label_w + j * (cell + gap)
            c = cells[i][j]
            if c is None:
                out.append(f'<rect class="empty" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="4"/>')
            else:
                opacity = 0.3 + 0.7 * max(0.0, min(1.0, c.intensity))
                out.append(
                    f'<rect class="{c.css} solid" x="{x}" y="{y}" width="{cell}" height="{cell}" rx="4" '
                    f'fill-opacity="{opacity:.2f}"><title>{_e(c.tip)}</title></rect>'
                )
    out.append("</svg>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    values: Sequence[float | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * exp:
            return m * exp
    return 10 * exp


def line_chart(title: str, times: Sequence[datetime], series: Sequence[Series], *, width: int = 920) -> Markup:
    """Lines over time with dots at each scan; the x axis is spaced by real time."""
    height, left, right, top, bottom = 240, 64, 24, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    y_max = _nice_max(max(values, default=0))
    t0, t1 = times[0].timestamp(), times[-1].timestamp()
    span = (t1 - t0) or 1.0

    def x_of(t: datetime) -> float:
        return left + plot_w * ((t.timestamp() - t0) / span if len(times) > 1 else 0.5)

    def y_of(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    out = [
        f'<svg class="chart chart-line" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    for k in range(5):
        v = y_max * k / 4
        y = y_of(v)
        out.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_num(y)}" y2="{_num(y)}"/>'
            f'<text class="tick" x="{left - 8}" y="{_num(y + 4)}" text-anchor="end">{_e(compact_int(v))}</text>'
        )
    step = max(1, math.ceil(len(times) / 8))
    ticks = list(range(0, len(times), step))
    if len(times) > 1 and ticks[-1] != len(times) - 1:
        ticks[-1] = len(times) - 1
    for idx in ticks:
        t = times[idx]
        # The first and last dates align with the plot's edges so they are never cut off.
        anchor = (
            "start" if idx == 0 and len(times) > 1 else "end" if idx == len(times) - 1 and len(times) > 1 else "middle"
        )
        out.append(
            f'<text class="tick" x="{_num(x_of(t))}" y="{height - bottom + 20}" text-anchor="{anchor}">'
            f"{_e(t.strftime('%Y-%m-%d'))}</text>"
        )
    for s in series:
        pts = [(x_of(t), y_of(v)) for t, v in zip(times, s.values, strict=True) if v is not None]
        if not pts:
            continue
        d = " ".join(f"{'M' if n == 0 else 'L'}{_num(x)},{_num(y)}" for n, (x, y) in enumerate(pts))
        out.append(f'<path class="line {s.css}" d="{d}"/>')
        for (x, y), (t, v) in zip(
            pts, [(t, v) for t, v in zip(times, s.values, strict=True) if v is not None], strict=True
        ):
            tip = f"{t.strftime('%Y-%m-%d %H:%M')}: {fmt_int(int(v))} {s.name}"
            out.append(
                f'<circle class="dot {s.css}" cx="{_num(x)}" cy="{_num(y)}" r="4"><title>{_e(tip)}</title></circle>'
            )
    out.append("</svg>")
    return Markup("".join(out))
