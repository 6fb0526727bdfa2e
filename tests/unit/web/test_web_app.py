"""The dashboard over a real SQLite history, through Starlette's TestClient."""

from __future__ import annotations

import re
import warnings
from datetime import timedelta
from urllib.parse import quote

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from leakwarden.history import History
from leakwarden.history import _samples as S
from leakwarden.web import app as web_app
from leakwarden.web import create_app
from leakwarden.web.charts import line_chart, nice_max

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

A = "http://10.0.0.5:9200"
B = "https://search.internal:9200"


def test_scan_list(client: TestClient, scans: list[int]) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "Scan history" in html
    for scan_id in scans:
        assert f'href="/scans/{scan_id}"' in html
    assert A in html and B in html
    assert "Critical · 97" in html and "Medium · 40" in html
    assert "14,311" in html  # people in the newest scan
    assert html.index(f"#{scans[2]}<") < html.index(f"#{scans[0]}<")  # newest first
    assert 'action="/diff"' in html  # compare two scans without JavaScript
    assert "<script" not in html


def test_empty_history(client: TestClient) -> None:
    for path in ("/", "/diff", "/trends"):
        r = client.get(path)
        assert r.status_code == 200
    assert "No scans saved yet" in client.get("/").text
    assert "Nothing to compare yet" in client.get("/diff").text
    assert client.get("/api/scans").json() == []


def test_scan_page_embeds_the_html_report(client: TestClient, scans: list[int]) -> None:
    r = client.get(f"/scans/{scans[1]}")
    assert r.status_code == 200
    assert f"Scan #{scans[1]}" in r.text
    assert f'href="/diff?old={scans[0]}&amp;new={scans[1]}"' in r.text
    if web_app._html_renderer() is not None:
        assert f'src="/scans/{scans[1]}/report.html"' in r.text
        report = client.get(f"/scans/{scans[1]}/report.html")
        assert report.status_code == 200
        assert "police_alerts" in report.text
        assert "script-src 'unsafe-inline'" in report.headers["content-security-policy"]


def test_scan_page_without_renderer_shows_a_summary(client: TestClient, scans: list[int],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "_html_renderer", lambda: None)
    html = client.get(f"/scans/{scans[1]}").text
    assert "<iframe" not in html
    assert "police_alerts" in html and "special.criminal" in html
    assert "Anyone can read the cluster without credentials" in html
    # categories and counts only; the masked examples stay in the full report
    assert "1101**********4513" not in html
    alone = client.get(f"/scans/{scans[1]}/report.html")
    assert alone.status_code == 200 and "renderer is not installed" in alone.text


def test_broken_renderer_falls_back(client: TestClient, scans: list[int],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report, history=None):  # noqa: ANN001, ANN202
        raise RuntimeError("boom")

    monkeypatch.setattr(web_app, "_html_renderer", lambda: broken)
    r = client.get(f"/scans/{scans[1]}/report.html")
    assert r.status_code == 200
    assert "could not be rendered (RuntimeError)" in r.text and "police_alerts" in r.text


def test_unknown_scan_is_404(client: TestClient, scans: list[int]) -> None:
    r = client.get("/scans/999")
    assert r.status_code == 404 and "There is no scan 999" in r.text
    assert client.get("/api/scans/999").json() == {"error": "no scan 999"}
    assert client.get("/scans/999/report.html").status_code == 404


def test_diff_page(client: TestClient, scans: list[int]) -> None:
    r = client.get(f"/diff?old={scans[0]}&new={scans[1]}")
    assert r.status_code == 200
    html = r.text
    assert "need attention" in html
    assert "Store opened" in html and "now readable without credentials" in html
    assert "police_alerts" in html and ">alert<" in html
    assert "Medium · 40" in html and "Critical · 97" in html


def test_diff_defaults_to_the_newest_scan_and_its_predecessor(client: TestClient, history: History) -> None:
    first = history.save(S.report(S.es_store(A, anonymous_read=False)))
    second = history.save(S.report(S.es_store(A), at=S.T0 + timedelta(hours=1)))
    html = client.get("/diff").text
    assert f'<option value="{first}" selected>' in html and f'<option value="{second}" selected>' in html
    assert "Store opened" in html
    only_new = client.get(f"/diff?new={second}").text
    assert "Store opened" in only_new


def test_diff_of_a_first_scan(client: TestClient, scans: list[int]) -> None:
    html = client.get(f"/diff?new={scans[2]}").text  # the only scan of {A, B}
    assert "is the first of its targets" in html


def test_diff_with_no_changes(client: TestClient, scans: list[int]) -> None:
    assert "No changes." in client.get(f"/diff?old={scans[1]}&new={scans[1]}").text


@pytest.mark.parametrize("query", ["old=abc&new=1", "old=0&new=1", "new=99999999999"])
def test_diff_bad_parameters_are_400(client: TestClient, scans: list[int], query: str) -> None:
    r = client.get(f"/diff?{query}")
    assert r.status_code == 400 and "must be" in r.text


def test_diff_unknown_scan_is_404(client: TestClient, scans: list[int]) -> None:
    assert client.get(f"/diff?old=998&new={scans[0]}").status_code == 404
    assert client.get("/diff?new=998").status_code == 404


def test_trends_page(client: TestClient, scans: list[int]) -> None:
    r = client.get(f"/trends?target={quote(A)}")
    assert r.status_code == 200
    html = r.text
    svgs = re.findall(r"<svg class=\"plot\".*?</svg>", html, re.S)
    assert len(svgs) == 2  # risk score, people
    risk_svg, people_svg = svgs
    assert risk_svg.count("<circle") == 3 and 'class="line"' in risk_svg
    assert "Risk score over time" in risk_svg
    assert f"Scan {scans[0]} · 2026-11-27 10:00 UTC · medium (40)" in risk_svg
    assert "readable without credentials" in risk_svg
    assert people_svg.count("<circle") == 3 + 2  # people x3, trackable x2 (unknown at first)
    assert f'href="/scans/{scans[2]}"' in risk_svg
    assert "14,311" in html  # people now (persons of A in the newest scan)
    assert f'href="/diff?old={scans[1]}&amp;new={scans[2]}"' in html  # changes since this store's previous scan
    assert "<script" not in html


def test_trends_index_lists_stores(client: TestClient, scans: list[int]) -> None:
    html = client.get("/trends").text
    assert f'href="/trends?target={quote(A, safe="")}"' in html or f"/trends?target={quote(A)}" in html
    assert B in html
    assert html.count('<svg class="spark"') == 2
    assert "Critical · 97" in html and "Low · 10" in html  # each store's latest risk


def test_trends_single_store_is_shown_directly(client: TestClient, history: History) -> None:
    history.save(S.report(S.es_store(A)))
    assert '<svg class="plot"' in client.get("/trends").text


def test_trends_unknown_store_is_404(client: TestClient, scans: list[int]) -> None:
    assert client.get("/trends?target=http://nowhere:1").status_code == 404


def test_api(client: TestClient, scans: list[int]) -> None:
    listed = client.get("/api/scans?limit=2").json()
    assert [s["id"] for s in listed] == [scans[2], scans[1]]
    assert listed[0]["targets"] == [A, B]
    report = client.get(f"/api/scans/{scans[1]}").json()
    assert report["schema"] == "leakwarden/report@1"
    assert report["stores"][0]["collections"][1]["name"] == "police_alerts"
    diff = client.get(f"/api/diff?old={scans[0]}&new={scans[1]}").json()
    assert diff["meaningful"] is True
    assert client.get("/api/diff?old=1").status_code == 400
    trend = client.get("/api/trends", params={"target": A}).json()
    assert [p["scan_id"] for p in trend] == scans
    assert {t["target"] for t in client.get("/api/trends").json()} == {A, B}
    assert client.get("/api/scans?limit=x").json() == {"error": "limit must be a number"}


def test_security_headers(client: TestClient, scans: list[int]) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["cache-control"] == "no-store"


def test_only_loopback_host_names_are_answered(history: History) -> None:
    """A page elsewhere cannot reach the dashboard by pointing its own name at 127.0.0.1."""
    app = create_app(history)
    for base in ("http://127.0.0.1:8765", "http://localhost:8765", "http://[::1]:8765"):
        with TestClient(app, base_url=base) as c:
            assert c.get("/").status_code == 200
    with TestClient(app, base_url="http://attacker.example") as c:
        assert c.get("/").status_code == 400
        assert c.get("/api/scans").status_code == 400
    with TestClient(create_app(history, allowed_hosts=["*"]), base_url="http://dash.lan") as c:
        assert c.get("/").status_code == 200


def test_hostile_names_are_escaped(client: TestClient, history: History) -> None:
    evil = '<img src=x onerror=alert(1)>\u202eevil'
    store = S.es_store('http://10.0.0.7:9200/"><script>alert(2)</script>',
                       collections=[S.logs().model_copy(update={"name": evil})])
    base = history.save(S.report(S.es_store("http://10.0.0.7:9200/\"><script>alert(2)</script>",
                                            collections=[])))
    scan_id = history.save(S.report(store, at=S.T0 + timedelta(hours=1)))
    pages = [
        client.get("/").text,
        client.get(f"/diff?old={base}&new={scan_id}").text,
        client.get("/trends").text,
    ]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "\u202e" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;\ufffdevil" in pages[1]


def test_charts_geometry() -> None:
    from datetime import datetime, timezone

    t = [datetime(2026, 1, d, tzinfo=timezone.utc) for d in (1, 2, 11)]
    chart = line_chart("x", t, [("s", "c", [0.0, None, 100.0], ["a", "b", "c"], ["", "", ""])],
                       y_max=100, y_ticks=[0, 50, 100])
    pts = chart.series[0].points
    assert len(pts) == 2  # a None leaves a gap
    assert pts[0].x == chart.left and pts[1].x == chart.plot_right
    assert pts[0].y == chart.plot_bottom and pts[1].y == chart.top
    assert chart.x_ticks[0].label == "2026-01-01"  # long spans show dates
    single = line_chart("x", t[:1], [("s", "c", [5.0], ["a"], [""])])
    assert single.series[0].points[0].x == (chart.left + chart.plot_right) / 2
    assert line_chart("x", [], []).empty
    assert [nice_max(v) for v in (0, 1, 7, 12, 230, 13151)] == [1, 1, 10, 20, 250, 20000]
