"""``leakwarden demo`` as a user runs it: a real node, seeded, scanned, reports written."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import httpx
import jsonschema
import pytest

from leakwarden.demo.engines import free_port
from leakwarden.report import load_packaged_schema
from leakwarden.scan import ScanOptions, run_scan
from leakwarden.targets import parse_target

pytestmark = pytest.mark.integration


def _env(tmp_path):
    return dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "cfg"), XDG_DATA_HOME=str(tmp_path / "data"))


def test_demo_writes_every_format_and_saves_history(tmp_path):
    out = tmp_path / "out"
    db = tmp_path / "h.sqlite"
    proc = subprocess.run(
        [sys.executable, "-m", "leakwarden", "demo", "--scale", "0.1", "--out", str(out), "--db", f"sqlite:///{db}"],
        capture_output=True, text=True, timeout=900, env=_env(tmp_path),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    names = {p.name for p in out.iterdir()}
    assert names >= {"report.json", "report.html", "report.md", "report.sarif", "report.csv"}
    report = json.loads((out / "report.json").read_text())
    jsonschema.validate(report, load_packaged_schema())
    store = report["stores"][0]
    assert store["risk"]["level"] == "critical" and store["exposure"]["anonymous_read"] is True
    # the verdict leads the terminal summary
    first = next(line for line in proc.stdout.splitlines() if line.strip())
    assert first.startswith("CRITICAL") and "people exposed" in proc.stdout
    assert [c for c in store["collections"] if c["trajectory"]]
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from scans").fetchone()[0] == 1
    con.close()


def test_demo_keep_leaves_a_seeded_node_until_interrupted(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "leakwarden", "demo", "--keep", "--port", str(port), "--scale", "0.05"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.strip() == url or not line:
                break
        assert line.strip() == url, proc.stderr.read()[-3000:] if proc.poll() is not None else line
        report = run_scan([parse_target(url, use_env=False)], ScanOptions(sample_size=100))
        (store,) = report.stores
        assert store.status == "complete" and store.risk.level == "critical"
        assert any(c.personal for c in store.collections)
    finally:
        proc.send_signal(signal.SIGINT)
        rc = proc.wait(timeout=120)
    assert rc == 0
    # the node is gone with it
    with pytest.raises(httpx.HTTPError):
        httpx.get(url, timeout=3)
