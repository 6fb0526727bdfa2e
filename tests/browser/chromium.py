"""Headless Debian Chromium for browser tests: screenshots and the rendered DOM.

Drives the ``chromium`` binary through its command line (``--screenshot``,
``--dump-dom``): no driver, no npm, nothing downloaded.  Every run gets a
fresh profile directory and flags that stop Chromium from calling home, so a
test never sends a request beyond the loopback page it opens.

    from chromium import find_chromium, screenshot, dump_dom
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")

BASE_FLAGS = (
    "--headless",
    "--no-sandbox",  # root in CI; the pages are our own
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--hide-scrollbars",
    "--mute-audio",
    "--disable-dev-shm-usage",
    "--force-color-profile=srgb",
    # Chromium still tries to call home (time, updates, accounts) despite the flags above:
    # no name but loopback resolves, so not even a DNS query leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
)


def find_chromium() -> str | None:
    """The Chromium binary, from ``$CHROMIUM`` or the PATH; None when absent."""
    env = os.environ.get("CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class ChromiumError(RuntimeError):
    pass


def _run(args: list[str], timeout: float, net_log: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    binary = find_chromium()
    if binary is None:
        raise ChromiumError("chromium not found: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="lw-chromium-") as profile:
        cmd = [binary, *BASE_FLAGS, f"--user-data-dir={profile}"]
        if net_log is not None:
            cmd.append(f"--log-net-log={Path(net_log).resolve()}")
        cmd += args
        try:
            return subprocess.run(cmd, capture_output=True, timeout=timeout, check=False,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise ChromiumError(f"chromium timed out after {timeout}s: {' '.join(args)}") from exc


def screenshot(url: str, out: Path, *, width: int = 1280, height: int = 900,
               timeout: float = 90, budget_ms: int = 3000, net_log: Path | None = None) -> Path:
    """Save a PNG of ``url`` at ``width``×``height`` CSS pixels to ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    proc = _run([f"--window-size={width},{height}", f"--virtual-time-budget={budget_ms}",
                 f"--screenshot={out.resolve()}", url], timeout, net_log)
    if not out.exists() or out.stat().st_size == 0:
        raise ChromiumError(
            f"no screenshot of {url} (exit {proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}"
        )
    return out


def dump_dom(url: str, *, timeout: float = 90, budget_ms: int = 3000, net_log: Path | None = None) -> str:
    """The DOM of ``url`` after load (scripts run), serialised as HTML."""
    proc = _run([f"--virtual-time-budget={budget_ms}", "--dump-dom", url], timeout, net_log)
    html = proc.stdout.decode("utf-8", errors="replace")
    if proc.returncode != 0 or "<html" not in html.lower():
        raise ChromiumError(
            f"chromium could not load {url} (exit {proc.returncode}): "
            f"{proc.stderr.decode(errors='replace')[-2000:]}"
        )
    return html


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    data = Path(path).read_bytes()[:24]
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def page_requests(net_log: Path) -> list[tuple[str, str]]:
    """(url, initiator) of every request a page made, from a ``--log-net-log`` file.

    Chromium's own background requests (initiator "not an origin") are left
    out; the top-level navigation is included with its initiator as logged.
    """
    import json

    data = json.loads(Path(net_log).read_text("utf-8", errors="replace"))
    start_job = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    found = []
    for event in data.get("events", []):
        params = event.get("params") or {}
        if event.get("type") == start_job and "url" in params:
            initiator = params.get("initiator", "")
            if initiator != "not an origin" or not _is_background(params["url"]):
                found.append((params["url"], initiator))
    return found


def _is_background(url: str) -> bool:
    """Chromium's own services, which it calls whatever the page does."""
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    google = (".google.com", ".googleapis.com", ".gvt1.com", ".gstatic.com")
    return host.endswith(google) or host == "google.com"
