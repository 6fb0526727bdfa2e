"""Bad input: every failure gives a one-line redacted message, the scan goes on, no traceback."""

from __future__ import annotations

import json

import http.server
import socket
import subprocess
import sys
import threading

import httpx
import orjson
import pytest

from leakwarden import scan as scan_mod
from leakwarden.connectors.elasticsearch import SearchEngineConnector
from leakwarden.connectors.http import ReadOnlyHTTP
from leakwarden.scan import ScanOptions, run_scan
from leakwarden.targets import parse_target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "leakwarden", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture()
def html_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = b"<html><title>router admin</title></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_unreachable_host_is_marked_and_scan_goes_on(tmp_path):
    (tmp_path / "ok.ndjson").write_bytes(b'{"a": 1}\n')
    port = _free_port()
    report = run_scan(
        [parse_target(f"http://u:secretpw@127.0.0.1:{port}", use_env=False), parse_target(str(tmp_path))],
        ScanOptions(timeout=2),
    )
    dead, files = report.stores
    assert dead.status == "unreachable"
    assert "refused" in dead.error and "secretpw" not in dead.error and "secretpw" not in dead.target
    assert files.status == "complete" and files.collections


def test_cli_unreachable_one_line_no_traceback():
    port = _free_port()
    proc = _cli("scan", f"http://admin:topsecret@127.0.0.1:{port}", "--no-history", "--timeout", "2")
    assert "Traceback" not in proc.stderr
    assert "topsecret" not in proc.stderr + proc.stdout
    assert "refused" in proc.stderr + proc.stdout
    assert proc.returncode == 2


def test_not_a_search_engine(html_server):
    report = run_scan([parse_target(html_server, use_env=False)], ScanOptions(timeout=5))
    (store,) = report.stores
    assert store.status == "error"
    assert "does not look like Elasticsearch" in store.error


def test_wrong_scheme_https_to_plain_http(html_server):
    url = html_server.replace("http://", "https://")
    report = run_scan([parse_target(url, use_env=False)], ScanOptions(timeout=5))
    (store,) = report.stores
    assert store.status == "unreachable"
    assert "TLS" in store.error or "tls" in store.error.lower()


def test_usage_errors_exit_2(tmp_path):
    assert _cli("scan", "ftp://x").returncode == 2
    assert _cli("scan", str(tmp_path / "missing")).returncode == 2
    assert _cli("scan", str(tmp_path), "--sample", "0").returncode == 2
    assert _cli("frobnicate").returncode == 2


def test_dump_with_broken_enormous_and_deep_documents(tmp_path):
    deep: dict = {}
    node = deep
    for _ in range(200):
        node["n"] = {}
        node = node["n"]
    lines = [
        orjson.dumps({"email": "a@example.org", "note": "x" * (2 << 20)}),
        b"{not json",
        orjson.dumps(deep),
        b"\xff\xfe\xfd",
        b'{"v": 1e999}',
        orjson.dumps({"mixed": [1, "two", {"three": 3}, None, True]}),
        b'{"truncated": "li',
    ]
    (tmp_path / "messy.ndjson").write_bytes(b"\n".join(lines))
    report = run_scan([parse_target(str(tmp_path))], ScanOptions())
    (store,) = report.stores
    assert store.status == "complete"
    (coll,) = store.collections
    notes = " ".join(coll.notes)
    assert "not valid JSON" in notes
    assert "skimmed" in notes
    assert "deeper" in notes


def test_full_scan_of_labelled_fields_holding_junk(tmp_path):
    """Fields the sample reports (phones, birthdates, coordinates, ages, faces) holding junk in other
    documents: the exact hit counter and the risk assessor take every document, in --full and sampled scans."""
    import random

    rng = random.Random(5)
    junk = [10**400, -(10**400), "inf", "-inf", "NaN", "", " ", [], {}, [None], {"a": {"b": 1}}, True, 0,
            "\u0000", "x" * 70_000, [1e308] * 600, "2019-02-30", "99:99:99", "+999", "0,0", "POINT(999 999)"]
    lines = []
    for i in range(400):
        doc = {
            "phone": f"+86 138{rng.randrange(10**8):08d}",
            "birth_date": f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}",
            "lat": round(rng.uniform(30, 40), 5), "lon": round(rng.uniform(110, 120), 5),
            "age": rng.randrange(1, 90),
            "captured_at": f"2024-03-{rng.randrange(10, 28)}T1{rng.randrange(0, 9)}:00:00Z",
            "face_feature": [rng.gauss(0, 0.05) for _ in range(128)],
        }
        if i % 4 == 0:  # a quarter of the documents: junk in every field
            doc = {k: rng.choice(junk) for k in doc}
        # the standard library writes integers beyond 64 bits (orjson refuses them, and so
        # does its parser: such lines are counted as broken, the others scanned)
        lines.append(json.dumps(doc).encode())
    lines.insert(7, b"\xff\xfe not json")
    (tmp_path / "junk_people.ndjson").write_bytes(b"\n".join(lines))
    for full in (True, False):
        report = run_scan([parse_target(str(tmp_path))], ScanOptions(full=full, run_checks=False))
        (store,) = report.stores
        assert store.status == "complete"
        (coll,) = store.collections
        cats = {f.path: f.categories for f in coll.fields}
        assert "person.phone" in cats["phone"] and "person.birthdate" in cats["birth_date"]
        assert "not valid JSON" in " ".join(coll.notes)  # the invalid line, and those with huge integers
        if full:  # every valid phone counted, none of the junk
            phone = next(f for f in coll.fields if f.path == "phone")
            assert phone.hits == 300 and 300 < phone.examined < 400


def _fake_es(handler):
    def factory(target, options):
        http = ReadOnlyHTTP(target.url, transport=httpx.MockTransport(handler), backoff=0.0)
        return SearchEngineConnector(target, http=http)

    return factory


def test_index_disappears_mid_scan(monkeypatch):
    root = {"name": "n", "cluster_name": "c", "version": {"number": "7.17.0"}, "tagline": "You Know, for Search"}
    indices = [{"index": "a", "docs.count": "2", "pri.store.size": "100"},
               {"index": "b", "docs.count": "2", "pri.store.size": "100"}]

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/":
            return httpx.Response(200, json=root)
        if path == "/_cat/indices":
            return httpx.Response(200, json=indices)
        if path == "/_mapping":
            return httpx.Response(200, json={"a": {"mappings": {}}, "b": {"mappings": {}}})
        if path == "/a/_search":
            return httpx.Response(404, json={"error": {"type": "index_not_found_exception"}})
        if path == "/b/_search":
            return httpx.Response(200, json={"hits": {"hits": [{"_source": {"email": "x@example.org"}}]}})
        return httpx.Response(404, json={})

    monkeypatch.setattr(scan_mod, "make_connector", _fake_es(handler))
    report = run_scan([parse_target("http://127.0.0.1:9", use_env=False)], ScanOptions(run_checks=False))
    (store,) = report.stores
    assert store.status == "partial"
    assert "disappeared" in store.error
    assert [c.name for c in store.collections] == ["b"]
