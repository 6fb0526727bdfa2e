"""The local dashboard: scan history, reports, diffs and trends in a browser.

A Starlette app over a :class:`~leakwarden.history.History`.  Pages are
rendered on the server with Jinja2 (autoescaped); there is no JavaScript
framework and no request leaves the page: the Content-Security-Policy forbids
anything but the dashboard's own origin and inline styles.  Only what the
saved reports hold is shown (masked examples, counts), never a raw value.

The dashboard has no login: it binds 127.0.0.1 by default and only answers
requests whose Host header is a loopback name, so a web page elsewhere cannot
read it through DNS rebinding.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from leakwarden import __version__
from leakwarden.history.diff import CHANGE_KINDS, ReportDiff, clean_text, diff_reports
from leakwarden.history.store import History, ScanNotFound, ScanSummary, TrendPoint
from leakwarden.report import Report
from leakwarden.web.charts import LineChart, line_chart

log = logging.getLogger(__name__)

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]

_CSP_PAGE = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)
# The standalone report is the renderer's self-contained HTML: inline script allowed, nothing external.
_CSP_REPORT = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'"
)

RISK_LABELS = {"none": "None", "low": "Low", "medium": "Medium", "high": "High", "critical": "Critical"}
KIND_LABELS = {
    "store_added": "New store",
    "store_removed": "Store dropped",
    "store_exposed": "Store opened",
    "store_closed": "Store closed",
    "status_changed": "Scan status",
    "version_changed": "Version",
    "tls_changed": "TLS",
    "risk_changed": "Risk",
    "check_failed": "Check fails",
    "check_fixed": "Check fixed",
    "check_changed": "Check status",
    "collection_exposed": "Collection opened",
    "collection_added": "New collection",
    "collection_removed": "Collection gone",
    "category_added": "New category",
    "category_removed": "Category gone",
    "collection_personal": "Personal data",
    "trajectory_found": "Movements",
    "trajectory_gone": "Movements",
    "field_added": "New field",
    "field_removed": "Field gone",
    "field_categories_changed": "Field",
    "persons_changed": "People",
    "trackable_changed": "Trackable people",
}
assert set(KIND_LABELS) == set(CHANGE_KINDS)


class SecurityHeaders:
    """Adds CSP and friends to every response (pure ASGI, streams untouched)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_report = scope.get("path", "").endswith("/report.html")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = {
                    b"content-security-policy": (_CSP_REPORT if is_report else _CSP_PAGE).encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"x-frame-options": b"SAMEORIGIN",
                    b"cache-control": b"no-store",
                }
                headers += [(k, v) for k, v in extra.items() if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _dt(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return value.strftime(fmt) if value else "–"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("leakwarden.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    env.filters["dt"] = _dt
    env.filters["clean"] = clean_text
    env.globals.update(version=__version__, risk_labels=RISK_LABELS, kind_labels=KIND_LABELS)
    return env


def _int_param(request: Request, name: str, default: int | None = None, *, lo: int = 1,
               hi: int = 10_000) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise HTTPException(400, f"{name} must be a number") from None
    if not lo <= value <= hi:
        raise HTTPException(400, f"{name} must be between {lo} and {hi}")
    return value


def create_app(history: History, *, allowed_hosts: list[str] | None = None,
               debug: bool = False) -> Starlette:
    """The dashboard over ``history``.

    ``allowed_hosts`` are the Host header values answered (default: loopback
    names only; ``["*"]`` turns the check off when serving beyond loopback).
    """
    env = _environment()

    def page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("bare", False)
        html = env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code)

    def load_scan(scan_id: int) -> tuple[ScanSummary, Report]:
        try:
            return history.summary(scan_id), history.load(scan_id)
        except ScanNotFound:
            raise HTTPException(404, f"There is no scan {scan_id} in the history.") from None

    # -- pages

    def index(request: Request) -> Response:
        limit = _int_param(request, "limit", 50) or 50
        scans = history.list_scans(limit)
        total = history.count()
        targets = history.list_targets()
        latest = scans[0] if scans else None
        return page("scans.html", nav="scans", scans=scans, total=total, limit=limit,
                    targets=targets, latest=latest)

    def scan_page(request: Request) -> Response:
        scan_id = int(request.path_params["scan_id"])
        summary, report = load_scan(scan_id)
        previous = history.previous_scan_id(scan_id)
        renderer = _html_renderer()
        return page("scan.html", nav="scans", scan=summary, report=report, previous=previous,
                    embedded=renderer is not None, stores=_store_views(report), problem="")

    def scan_report_html(request: Request) -> Response:
        scan_id = int(request.path_params["scan_id"])
        _, report = load_scan(scan_id)
        renderer = _html_renderer()
        if renderer is not None:
            try:
                return HTMLResponse(_call_renderer(renderer, report, history, scan_id))
            except Exception as exc:  # noqa: BLE001 - one broken renderer must not take the page down
                log.exception("HTML renderer failed on scan %s", scan_id)
                problem = (f"The full HTML report could not be rendered ({type(exc).__name__}); "
                           "a summary follows.")
        else:
            problem = "The HTML report renderer is not installed; a summary follows."
        return page("report_fallback.html", bare=True, nav="", problem=problem,
                    stores=_store_views(report))

    def diff_page(request: Request) -> Response:
        scans = history.list_scans(200)
        new_id = _int_param(request, "new")
        old_id = _int_param(request, "old")
        if new_id is None and scans:
            new_id = scans[0].id
        if old_id is None and new_id is not None:
            try:
                old_id = history.previous_scan_id(new_id)
            except ScanNotFound:
                raise HTTPException(404, f"There is no scan {new_id} in the history.") from None
        diff = None
        if old_id is not None and new_id is not None:
            diff = _diff(history, old_id, new_id)
        return page("diff.html", nav="diff", scans=scans, old_id=old_id, new_id=new_id, diff=diff,
                    groups=_group_changes(diff) if diff else [])

    def trends_page(request: Request) -> Response:
        targets = history.list_targets()
        target = request.query_params.get("target") or ""
        if not target and len(targets) == 1:
            target = targets[0].target
        points = history.trend(target) if target else []
        if target and not points:
            raise HTTPException(404, "No scan in the history read that store.")
        charts = _trend_charts(points) if points else []
        overview = [] if target else [(t, _sparkline(history.trend(t.target))) for t in targets]
        previous = {b.scan_id: a.scan_id for a, b in pairwise(points)}
        return page("trends.html", nav="trends", targets=targets, target=target, points=points,
                    charts=charts, overview=overview, previous=previous)

    # -- JSON

    def api_scans(request: Request) -> Response:
        limit = _int_param(request, "limit", 50) or 50
        return JSONResponse([s.to_json_dict() for s in history.list_scans(limit)])

    def api_scan(request: Request) -> Response:
        scan_id = int(request.path_params["scan_id"])
        try:
            report = history.load(scan_id)
        except ScanNotFound:
            return JSONResponse({"error": f"no scan {scan_id}"}, status_code=404)
        return JSONResponse(report.to_json_dict())

    def api_diff(request: Request) -> Response:
        old_id, new_id = _int_param(request, "old"), _int_param(request, "new")
        if old_id is None or new_id is None:
            return JSONResponse({"error": "old and new scan ids are required"}, status_code=400)
        return JSONResponse(_diff(history, old_id, new_id).to_json_dict())

    def api_trends(request: Request) -> Response:
        target = request.query_params.get("target")
        if not target:
            return JSONResponse([{"target": t.target, "scans": t.scans,
                                  "first_seen": t.first_seen.isoformat(),
                                  "last_seen": t.last_seen.isoformat()}
                                 for t in history.list_targets()])
        return JSONResponse([p.to_json_dict() for p in history.trend(target)])

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return page("error.html", status_code=exc.status_code, nav="", status=exc.status_code,
                    detail=exc.detail)

    routes = [
        Route("/", index, name="index"),
        Route("/scans/{scan_id:int}", scan_page, name="scan"),
        Route("/scans/{scan_id:int}/report.html", scan_report_html, name="scan_report"),
        Route("/diff", diff_page, name="diff"),
        Route("/trends", trends_page, name="trends"),
        Route("/api/scans", api_scans),
        Route("/api/scans/{scan_id:int}", api_scan),
        Route("/api/diff", api_diff),
        Route("/api/trends", api_trends),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS),
    ]
    app = Starlette(debug=debug, routes=routes, middleware=middleware,
                    exception_handlers={HTTPException: http_error})
    app.state.history = history
    return app


# --------------------------------------------------------------------------- helpers


def _html_renderer():  # noqa: ANN202 - the renderer's callable, when installed
    try:
        from leakwarden.render.html import render_html
    except ImportError:
        return None
    return render_html


#: How many earlier scans of the same targets feed the report's exposure-over-time chart.
REPORT_HISTORY_POINTS = 30


def _call_renderer(renderer: Any, report: Report, history: History, scan_id: int) -> str:
    try:
        from leakwarden.render.verdict import history_point
    except ImportError:  # pragma: no cover - renderer without history support
        return renderer(report)
    earlier = history.earlier_scan_ids(scan_id, limit=REPORT_HISTORY_POINTS)
    points = [history_point(history.load(i)) for i in reversed(earlier)]
    return renderer(report, history=points or None)


def _diff(history: History, old_id: int, new_id: int) -> ReportDiff:
    reports = []
    for scan_id in (old_id, new_id):
        try:
            reports.append(history.load(scan_id))
        except ScanNotFound:
            raise HTTPException(404, f"There is no scan {scan_id} in the history.") from None
    return diff_reports(reports[0], reports[1], old_id=old_id, new_id=new_id)


def _group_changes(diff: ReportDiff) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for change in diff.changes:
        groups.setdefault(change.target, []).append(change)
    return list(groups.items())


def _store_views(report: Report) -> list[dict[str, Any]]:
    """What the fallback report page shows of each store (no examples: categories only)."""
    views = []
    for store in report.stores:
        failed = [c for c in store.checks if c.status == "fail"]
        failed.sort(key=lambda c: ["critical", "high", "medium", "low", "info"].index(c.severity))
        collections = sorted(store.collections, key=lambda c: (-c.sensitivity, c.name))
        views.append({
            "store": store,
            "failed": failed,
            "passed": sum(1 for c in store.checks if c.status == "pass"),
            "collections": [
                {
                    "c": c,
                    "categories": sorted({cat for f in c.fields for cat in f.categories}),
                    "sensitive_fields": [f for f in c.fields if f.categories],
                }
                for c in collections
            ],
        })
    return views


def _trend_charts(points: list[TrendPoint]) -> list[LineChart]:
    times = [p.time for p in points]
    hrefs: list[str | None] = [f"/scans/{p.scan_id}" for p in points]
    risk_labels = [
        f"Scan {p.scan_id} · {p.time:%Y-%m-%d %H:%M} UTC · {p.risk_level} ({p.risk_score})"
        + (" · readable without credentials" if p.anonymous_read else "")
        for p in points
    ]
    risk = line_chart(
        "Risk score",
        times,
        [("Risk score", "s-risk", [float(p.risk_score) for p in points], risk_labels,
          [f"lvl-{p.risk_level}" + (" open" if p.anonymous_read else "") for p in points])],
        y_max=100, y_ticks=[0, 25, 50, 75, 100], hrefs=hrefs,
    )
    people_labels = [
        f"Scan {p.scan_id} · {p.time:%Y-%m-%d %H:%M} UTC · {_num(p.persons)} people" for p in points
    ]
    track_labels = [
        f"Scan {p.scan_id} · {p.time:%Y-%m-%d %H:%M} UTC · {_num(p.persons_trackable)} trackable"
        for p in points
    ]
    people = line_chart(
        "People",
        times,
        [
            ("People in the store", "s-people", [_f(p.persons) for p in points], people_labels,
             [""] * len(points)),
            ("Movements reconstructable", "s-track", [_f(p.persons_trackable) for p in points],
             track_labels, [""] * len(points)),
        ],
        hrefs=hrefs,
    )
    return [risk, people]


@dataclass(frozen=True)
class Sparkline:
    """A store's risk score over its scans, small enough for a table row."""

    path: str
    last_x: float
    last_y: float
    last: TrendPoint
    width: int = 140
    height: int = 30


def _sparkline(points: list[TrendPoint], width: int = 140, height: int = 30) -> Sparkline | None:
    if not points:
        return None
    pad = 4
    n = len(points)
    xs = [pad + (width - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    ys = [height - pad - (height - 2 * pad) * p.risk_score / 100 for p in points]
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(zip(xs, ys, strict=True))
    )
    return Sparkline(path=path, last_x=xs[-1], last_y=ys[-1], last=points[-1], width=width, height=height)


def _f(value: int | None) -> float | None:
    return float(value) if value is not None else None
