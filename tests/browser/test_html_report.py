"""The HTML report in a real browser: Debian's Chromium driven by playwright-core.

Why playwright-core: it is the one option that can both *intercept* every
request (so the test proves nothing leaves loopback instead of hoping) and
collect console errors, emulate dark mode and print media, switch JavaScript
off and click the copy button.  It is used as a library only (no browser
download): ``html_report.cjs`` launches ``/usr/bin/chromium``.

The page is served from a one-file HTTP server on 127.0.0.1 so that any
resource request would be visible to both the browser hooks and the server.

Screenshots (light, dark, print, narrow without JavaScript, and per section)
go to ``test-artifacts/html-report/``.

Needs: ``apt-get install -y chromium fonts-noto-cjk`` and ``npm ci`` in
tests/browser (playwright-core).  Skipped when they are missing, unless
LEAKWARDEN_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from leakwarden.render import render_html

HERE = Path(__file__).parent
ROOT = HERE.parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "html-report"
DRIVER = HERE / "html_report.cjs"

pytestmark = pytest.mark.browser


def _load_sample():
    path = ROOT / "tests" / "unit" / "render" / "sample_report.py"
    spec = importlib.util.spec_from_file_location("leakwarden_render_sample_report", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env and Path(env).exists():
        return env
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing() -> str | None:
    if _chromium() is None:
        return "Debian chromium is not installed (apt-get install -y chromium)"
    if shutil.which("node") is None:
        return "node is not installed"
    if not (HERE / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed (cd tests/browser && npm ci)"
    return None


@pytest.fixture(scope="module")
def served_report():
    """The sample report served at http://127.0.0.1:PORT/report.html; yields (url, paths requested)."""
    sample = _load_sample()
    page = render_html(sample.sample_report(), history=sample.sample_history()).encode("utf-8")
    requested: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            requested.append(self.path)
            if self.path != "/report.html":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/report.html", requested
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser_log(served_report):
    missing = _missing()
    if missing:
        if os.environ.get("LEAKWARDEN_REQUIRE_BROWSER") == "1":
            pytest.fail(missing)
        pytest.skip(missing)
    url, _ = served_report
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    cfg = {"url": url, "outDir": str(ARTIFACTS), "executablePath": _chromium()}
    proc = subprocess.run(
        ["node", str(DRIVER), json.dumps(cfg)],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout)


def test_no_request_leaves_the_page(browser_log, served_report):
    url, requested = served_report
    assert browser_log["blocked"] == []
    assert set(browser_log["requests"]) == {url}
    assert set(requested) == {"/report.html"}  # no favicon, no font, no image, nothing else


def test_no_console_errors(browser_log):
    # A CSP violation (a blocked inline script or style) would show up here.
    assert browser_log["console"] == []
    assert browser_log["pageErrors"] == []


def test_verdict_tables_and_charts_in_the_dom(browser_log):
    checks = browser_log["checks"]
    assert checks["title"].startswith("CRITICAL: data exposure report")
    assert checks["verdictVisible"]
    verdict = checks["verdictText"]
    assert "http://127.0.0.1:9200 (elasticsearch 7.17.25) is readable by anyone" in verdict
    assert "55,200 people exposed, movements of 12,050 can be reconstructed." in verdict
    assert "PIPL-28" in verdict and "What to do first" in verdict
    assert checks["storeRows"] == 4
    assert checks["tables"] >= 13
    assert checks["fieldRows"] >= 30
    assert checks["svgCharts"] == 4
    assert checks["svgRects"] > 100
    assert checks["verdictBackground"] == "rgb(180, 35, 24)"  # the critical red
    assert checks["scriptsInjected"] == 1 and checks["hostileAlert"] is False
    assert checks["dialogs"] == 0


def test_copy_button_copies_the_snippet(browser_log):
    checks = browser_log["checks"]
    assert checks["copyButtons"] == 5
    assert checks["copyLabel"] == "Copied"
    assert checks["clipboard"] == checks["firstSnippet"]
    assert checks["clipboard"].splitlines()[1] == "xpack.security.enabled: true"


def test_dark_mode(browser_log):
    assert browser_log["checks"]["darkBackground"] == "rgb(14, 17, 22)"


def test_print_shows_every_collection_and_no_buttons(browser_log):
    checks = browser_log["checks"]
    assert checks["printClosedDetails"] > 0
    assert checks["printClosedBodyVisible"] is True
    assert checks["printCopyButtonsVisible"] is False


def test_readable_without_javascript_on_a_narrow_screen(browser_log):
    checks = browser_log["checks"]
    assert checks["noJsVerdict"] == "http://127.0.0.1:9200 (elasticsearch 7.17.25) is readable by anyone"
    assert checks["noJsTables"] == checks["tables"]
    assert checks["noJsCopyButtons"] == 0
    assert checks["narrowScrollWidth"] <= 420  # wide tables scroll inside their box, not the page


def test_screenshots_saved(browser_log):
    names = {Path(p).name for p in browser_log["screenshots"]}
    for name in ("report-light.png", "report-dark.png", "report-print.png", "report-narrow-nojs.png",
                 "report-light-verdict.png", "report-dark-charts.png"):
        assert name in names
        path = ARTIFACTS / name
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, name
