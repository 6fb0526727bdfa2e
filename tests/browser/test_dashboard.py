"""The dashboard in a real browser: uvicorn on loopback, every page in headless Chromium.

Each page is loaded in Debian's Chromium (``chromium.py``: command-line
``--dump-dom`` / ``--screenshot``), its rendered DOM checked, and a screenshot
saved to ``test-artifacts/dashboard/`` for a person to look at.  Chromium's
network log proves the pages ask for nothing but the dashboard itself.

Needs ``apt-get install -y chromium``; skipped when it is missing unless
LEAKWARDEN_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import uvicorn
from chromium import dump_dom, find_chromium, page_requests, png_size, screenshot

from leakwarden.history import History
from leakwarden.history import _samples as S
from leakwarden.web import create_app

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "dashboard"
A = "http://10.0.0.5:9200"
B = "https://search.internal:9200"


def _require_chromium() -> None:
    if find_chromium() is None:
        if os.environ.get("LEAKWARDEN_REQUIRE_BROWSER") == "1":
            pytest.fail("Debian chromium is not installed (apt-get install -y chromium)")
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium)")


def _fill(history: History) -> dict[str, int]:
    day = timedelta(days=1)
    ids = {}
    ids["closed"] = history.save(S.report(
        S.es_store(A, anonymous_read=False, level="medium", score=40,
                   collections=[S.faces(persons=9000, trackable=None), S.logs()])))
    ids["closed2"] = history.save(S.report(
        S.es_store(A, anonymous_read=False, level="medium", score=42,
                   collections=[S.faces(persons=10100, trackable=None), S.logs()]), at=S.T0 + day))
    ids["opened"] = history.save(S.report(
        S.es_store(A, collections=[S.faces(persons=12000, trackable=7400), S.watchlist(), S.logs()]),
        at=S.T0 + 2 * day))
    ids["two"] = history.save(S.report(
        S.es_store(A, collections=[S.faces(persons=12840), S.watchlist(), S.logs()]),
        S.es_store(B, anonymous_read=False, level="low", score=12, tls=True, collections=[S.logs()]),
        at=S.T0 + 3 * day))
    ids["fixed"] = history.save(S.report(
        S.es_store(A, anonymous_read=False, level="high", score=70,
                   collections=[S.faces(persons=13100), S.watchlist(), S.logs()]),
        S.es_store(B, anonymous_read=False, level="low", score=12, tls=True, collections=[S.logs()]),
        at=S.T0 + 4 * day))
    return ids


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int]]]:
    _require_chromium()
    db = tmp_path_factory.mktemp("dash") / "history.sqlite"
    history = History(str(db))
    ids = _fill(history)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(history), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the dashboard did not start")
        time.sleep(0.05)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield f"http://127.0.0.1:{port}", ids
    finally:
        server.should_exit = True
        thread.join(20)
        history.close()


def _open(base: str, path: str, name: str, tmp_path: Path, *, height: int = 1100) -> str:
    """Screenshot and DOM of one page; asserts the browser requested nothing but the dashboard."""
    url = base + path
    net = tmp_path / f"{name}.netlog.json"
    shot = screenshot(url, ARTIFACTS / f"{name}.png", width=1280, height=height, net_log=net)
    width, h = png_size(shot)
    assert (width, h) == (1280, height)
    assert shot.stat().st_size > 20_000, "screenshot looks blank"
    requests = page_requests(net)
    assert any(u.startswith(base) for u, _ in requests), requests
    strangers = [u for u, _ in requests if not u.startswith(base)]
    assert strangers == [], f"{path} asked for {strangers}"
    return dump_dom(url)


def test_scan_list(dashboard: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    base, ids = dashboard
    dom = _open(base, "/", "01-scans", tmp_path)
    assert "Scan history" in dom
    assert f'href="/scans/{ids["fixed"]}"' in dom
    assert "Critical · 97" in dom and "High · 70" in dom
    assert B in dom


def test_scan_report(dashboard: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    base, ids = dashboard
    dom = _open(base, f"/scans/{ids['two']}", "02-scan", tmp_path, height=1400)
    assert f"Scan #{ids['two']}" in dom
    assert f"/scans/{ids['two']}/report.html" in dom
    alone = _open(base, f"/scans/{ids['two']}/report.html", "03-report-alone", tmp_path, height=1400)
    assert "police_alerts" in alone


def test_diff(dashboard: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    base, ids = dashboard
    dom = _open(base, f"/diff?old={ids['closed2']}&new={ids['opened']}", "04-diff", tmp_path)
    assert "need attention" in dom
    assert "Store opened" in dom and "Collection opened" in dom
    assert "police_alerts" in dom
    better = _open(base, f"/diff?old={ids['two']}&new={ids['fixed']}", "05-diff-better", tmp_path)
    assert "Store closed" in better and "none that a watch would alert on" in better


def test_trends(dashboard: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    base, ids = dashboard
    index = _open(base, "/trends", "06-trends-index", tmp_path)
    assert A in index and B in index
    dom = _open(base, f"/trends?target={quote(A, safe='')}", "07-trends", tmp_path, height=1500)
    assert dom.count('<svg class="plot"') == 2
    assert dom.count("<circle") >= 5 + 5 + 3
    assert "13,411" in dom  # people in the store at the last scan
