"""Inline SVG line charts for the dashboard's trend page, computed server-side.

No JavaScript: each point carries an SVG ``<title>`` that browsers show on
hover.  The geometry is computed here; templates only place it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    css: str = ""
    href: str | None = None


@dataclass(frozen=True)
class Series:
    name: str
    css: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points))


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass
class LineChart:
    title: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    empty: bool = False

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom


def nice_max(value: float) -> float:
    """The smallest 1/2/5 × 10^k at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    exp = math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10**exp >= value:
            return m * 10**exp
    return 10 ** (exp + 1)  # pragma: no cover


def _fmt_count(v: float) -> str:
    if v >= 1_000_000:
        return f"{v / 1_000_000:g}M"
    if v >= 10_000:
        return f"{v / 1000:g}k"
    return f"{v:,.0f}"


def line_chart(
    title: str,
    times: list[datetime],
    series: list[tuple[str, str, list[float | None], list[str], list[str]]],
    *,
    y_max: float | None = None,
    y_ticks: list[float] | None = None,
    hrefs: list[str | None] | None = None,
    width: int = 1100,
    height: int = 260,
) -> LineChart:
    """A chart of several series over the same times.

    Each series is ``(name, css class, values, point labels, point css classes)``;
    a None value leaves a gap in that series.
    """
    chart = LineChart(title=title, width=width, height=height, left=56, right=28, top=16, bottom=36)
    values = [v for _, _, vs, _, _ in series for v in vs if v is not None]
    if not times or not values:
        chart.empty = True
        return chart
    top = y_max if y_max is not None else nice_max(max(values))
    ticks = y_ticks if y_ticks is not None else [top * i / 4 for i in range(5)]
    x0, x1 = chart.left, chart.plot_right
    y0, y1 = chart.plot_bottom, chart.top
    t_min, t_max = min(times), max(times)
    span = (t_max - t_min).total_seconds()

    def x_of(t: datetime) -> float:
        if span <= 0:
            return (x0 + x1) / 2
        return x0 + (t - t_min).total_seconds() / span * (x1 - x0)

    def y_of(v: float) -> float:
        return y0 - (v / top) * (y0 - y1) if top else y0

    chart.y_ticks = [Tick(y_of(v), _fmt_count(v)) for v in ticks]
    for name, css, vals, labels, classes in series:
        points = [
            Point(x_of(t), y_of(v), label, point_css, (hrefs or [None] * len(times))[i])
            for i, (t, v, label, point_css) in enumerate(zip(times, vals, labels, classes, strict=True))
            if v is not None
        ]
        chart.series.append(Series(name, css, points))
    chart.x_ticks = _time_ticks(times, x_of)
    return chart


def _time_ticks(times: list[datetime], x_of) -> list[Tick]:  # noqa: ANN001
    t_min, t_max = min(times), max(times)
    span = (t_max - t_min).total_seconds()
    same_day = t_min.date() == t_max.date()
    fmt = "%H:%M" if same_day and span > 0 else "%Y-%m-%d" if span > 5 * 86400 else "%m-%d %H:%M"
    if span <= 0:
        return [Tick(x_of(t_min), t_min.strftime("%Y-%m-%d %H:%M"))]
    n = min(5, len(set(times)))
    ticks = []
    for i in range(n):
        t = t_min + (t_max - t_min) * (i / (n - 1)) if n > 1 else t_min
        ticks.append(Tick(x_of(t), t.strftime(fmt)))
    return ticks
