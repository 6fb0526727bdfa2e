"""End to end against real engines: seeded embedded ES 7.17 / OpenSearch 2.19, nginx in front."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import httpx
import jsonschema
import pytest

from leakwarden.demo.seed import seed_store
from leakwarden.demo.synthetic import generate_store
from leakwarden.report import load_packaged_schema
from leakwarden.scan import ScanOptions, exit_code_for, run_scan
from leakwarden.targets import parse_target

pytestmark = pytest.mark.integration

SCALE = 0.25


def _seed_once(url: str, engine: str):
    store = generate_store(seed=7, scale=SCALE)
    first = store.collections[0].name
    if httpx.get(f"{url}/{first}", timeout=10).status_code != 200:
        seed_store(url, store, engine=engine)
    return store


@pytest.fixture(scope="module")
def seeded_es(es_node):
    return es_node, _seed_once(es_node.url, "elasticsearch")


@pytest.fixture(scope="module")
def seeded_os(opensearch_node):
    return opensearch_node, _seed_once(opensearch_node.url, "opensearch")


@pytest.fixture(scope="module")
def open_es_report(seeded_es):
    node, _ = seeded_es
    return run_scan([parse_target(node.url, use_env=False)], ScanOptions(sample_size=300))


def _validate(report_dict):
    jsonschema.validate(report_dict, load_packaged_schema())


def _assert_open_store_matches_truth(store, truth):
    assert store.status == "complete", store.error
    assert store.exposure.anonymous_read is True
    assert store.exposure.tls is False
    assert store.risk.level == "critical"
    failed = {c.id: c for c in store.checks if c.status == "fail"}
    assert any(c.severity == "critical" for c in failed.values()), sorted(failed)
    by_name = {c.name: c for c in store.collections}
    for coll in truth.collections:
        got = by_name[coll.name]
        assert got.examined > 0
        assert got.personal == coll.personal, coll.name
        if coll.trajectory:
            assert got.trajectory is not None, f"no trajectory found in {coll.name}"
        elif not coll.personal:
            assert got.trajectory is None, f"a trajectory in decoy {coll.name}"


def test_open_elasticsearch_is_critical_and_content_is_found(seeded_es, open_es_report):
    node, truth = seeded_es
    _validate(open_es_report.to_json_dict())
    (store,) = open_es_report.stores
    assert store.kind == "elasticsearch"
    assert store.version.startswith("7.17")
    _assert_open_store_matches_truth(store, truth)
    assert exit_code_for(open_es_report, "high") == 1


def test_open_opensearch(seeded_os):
    node, truth = seeded_os
    report = run_scan([parse_target(node.url, use_env=False)], ScanOptions(sample_size=300))
    _validate(report.to_json_dict())
    (store,) = report.stores
    assert store.kind == "opensearch"
    assert store.version.startswith("2.19")
    _assert_open_store_matches_truth(store, truth)


def test_full_mode_reads_every_document(seeded_es):
    node, truth = seeded_es
    coll = next(c for c in truth.collections if c.personal)
    report = run_scan([parse_target(node.url, use_env=False)],
                      ScanOptions(full=True, include=[coll.name], run_checks=False))
    (store,) = report.stores
    (got,) = store.collections
    assert got.examined == len(coll.documents)
    assert all(f.examined <= got.examined * 50 for f in got.fields)


def test_cli_scan_writes_reports_and_fails_on_high(seeded_es, tmp_path):
    node, _ = seeded_es
    out = tmp_path / "r.json"
    proc = subprocess.run(
        [sys.executable, "-m", "leakwarden", "scan", node.url, "--sample", "200", "--json", str(out),
         "--html", str(tmp_path / "r.html"), "--no-history"],
        capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    data = json.loads(out.read_text())
    _validate(data)
    assert data["stores"][0]["risk"]["level"] == "critical"
    assert (tmp_path / "r.html").stat().st_size > 1000
    assert "CRITICAL" in proc.stdout.upper()


def test_behind_nginx_basic_auth(seeded_es, nginx_factory):
    node, truth = seeded_es
    proxy = nginx_factory(node.port, users={"auditor": "pa:ss@w0rd"}, tls=True)
    # without credentials: secured, nothing readable, no critical finding
    anon = run_scan([parse_target(proxy.url, use_env=False)], ScanOptions(sample_size=50, verify=False))
    (store,) = anon.stores
    _validate(anon.to_json_dict())
    assert store.exposure.anonymous_read is False
    assert store.exposure.tls is True
    assert store.collections == []
    assert store.status in ("partial", "complete")
    assert not [c for c in store.checks if c.status == "fail" and c.severity in ("high", "critical")], [
        (c.id, c.severity) for c in store.checks if c.status == "fail"]
    assert store.risk.level not in ("high", "critical")
    # with credentials in the URL: a complete scan, and the password never printed
    url = proxy.url.replace("://", "://auditor:pa%3Ass%40w0rd@")
    authed = run_scan([parse_target(url, use_env=False)], ScanOptions(sample_size=50, verify=False))
    (store,) = authed.stores
    assert store.status == "complete", store.error
    assert {c.name for c in store.collections} >= {c.name for c in truth.collections}
    assert store.exposure.anonymous_read is False
    dumped = json.dumps(authed.to_json_dict())
    assert "pa:ss@w0rd" not in dumped and "auditor" not in dumped
    # everything the scan sent was read-only
    methods = set()
    for line in proxy.access_log_lines():
        m = re.search(r"\b(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS) (\S+)", line)
        if m:
            methods.add(m.group(1))
            if m.group(1) == "POST":
                assert re.search(r"/(_search|_pit|_count|_has_privileges|_search/scroll|_msearch|authinfo)", m.group(2)), line
            if m.group(1) == "DELETE":
                assert re.search(r"/(_pit|_search/scroll)", m.group(2)), line
    assert methods <= {"GET", "HEAD", "POST", "DELETE", "OPTIONS"}
