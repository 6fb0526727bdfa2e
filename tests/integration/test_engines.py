"""The embedded engines and the nginx proxy fixture, against the real things.

These tests write to their own test nodes; only the scanner must be read-only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from leakwarden.demo.engines import ENGINES, EmbeddedEngine, EngineError, ensure_engine, free_port

pytestmark = pytest.mark.integration

JSON = {"content-type": "application/json"}
SRC = str(Path(__file__).resolve().parents[2] / "src")


def _client(**kw) -> httpx.Client:
    return httpx.Client(trust_env=False, timeout=30.0, **kw)


def _gone(pid: int) -> bool:
    """True when the process no longer exists (or is a zombie nobody reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _wait_gone(pid: int, timeout: float = 40.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.2)
    return False


def _geo_roundtrip(url: str, index: str) -> None:
    with _client() as c:
        r = c.put(f"{url}/{index}", headers=JSON, json={
            "mappings": {"properties": {
                "loc": {"type": "geo_point"},
                "seen": {"type": "date"},
                "plate": {"type": "keyword"},
                "speed": {"type": "scaled_float", "scaling_factor": 100},
                "note": {"type": "text"},
            }},
        })  # fmt: skip
        assert r.status_code == 200, r.text
        doc = {"loc": {"lat": 52.52, "lon": 13.405}, "seen": "2024-05-01T12:00:00Z", "plate": "B-LW 42",
               "speed": 13.37, "note": "parked near the gate"}
        r = c.put(f"{url}/{index}/_doc/1", params={"refresh": "true"}, headers=JSON, json=doc)
        assert r.status_code in (200, 201), r.text
        r = c.post(f"{url}/{index}/_search", headers=JSON, json={
            "query": {"bool": {"filter": [
                {"geo_distance": {"distance": "2km", "loc": {"lat": 52.51, "lon": 13.40}}},
                {"term": {"plate": "B-LW 42"}},
                {"range": {"seen": {"gte": "2024-01-01"}}},
            ]}},
        })  # fmt: skip
        assert r.status_code == 200, r.text
        hits = r.json()["hits"]["hits"]
        assert [h["_id"] for h in hits] == ["1"]
        assert hits[0]["_source"] == doc
        far = c.post(f"{url}/{index}/_search", headers=JSON, json={
            "query": {"geo_distance": {"distance": "1km", "loc": {"lat": 48.85, "lon": 2.35}}}})
        assert far.json()["hits"]["total"]["value"] == 0


# --------------------------------------------------------------------------- build


def test_ensure_engine_is_idempotent_and_fast():
    for name in ENGINES:
        first = ensure_engine(name, quiet=True)
        t0 = time.monotonic()
        assert ensure_engine(name, quiet=True) == first
        assert time.monotonic() - t0 < 2.0
        assert any((first / "lib").glob("*.jar"))


def test_unknown_engine_is_a_clear_error():
    with pytest.raises(EngineError, match="unknown engine"):
        EmbeddedEngine("solr")


# --------------------------------------------------------------------------- Elasticsearch


def test_elasticsearch_root_reports_7_17(es_node):
    assert es_node.url == f"http://127.0.0.1:{es_node.port}"
    with _client() as c:
        info = c.get(es_node.url + "/").json()
    assert info["version"]["number"].startswith("7.17.")
    assert es_node.version == info["version"]["number"] == ENGINES["elasticsearch"].version
    assert "distribution" not in info["version"]
    assert info["version"]["build_flavor"] == "default"
    assert info["version"]["build_type"] == "tar"
    assert info["tagline"] == "You Know, for Search"


def test_elasticsearch_answers_xpack_like_the_default_distribution(es_node):
    # x-pack-core is on the classpath (not the security plugin): a basic
    # license, security neither enabled nor present, as on a real open node.
    with _client() as c:
        xpack = c.get(es_node.url + "/_xpack").json()
        lic = c.get(es_node.url + "/_license").json()
    assert xpack["license"]["type"] == "basic"
    assert xpack["tagline"] == "You know, for X"
    assert lic["license"]["status"] == "active"


def test_elasticsearch_geo_point_roundtrip(es_node):
    _geo_roundtrip(es_node.url, "lw-test-geo")


def test_elasticsearch_has_no_dense_vector(es_node):
    # dense_vector is an x-pack plugin in 7.x and is not on Maven Central:
    # the demo seeder stores vectors as float arrays there.
    with _client() as c:
        r = c.put(f"{es_node.url}/lw-test-dv", headers=JSON,
                  json={"mappings": {"properties": {"v": {"type": "dense_vector", "dims": 3}}}})
    assert r.status_code == 400
    assert "dense_vector" in r.text


def test_elasticsearch_stops_and_jvm_is_gone(tmp_path):
    data = tmp_path / "data"
    node = EmbeddedEngine("elasticsearch", data_dir=data)
    with node:
        pid = node.pid
        assert pid and not _gone(pid)
        with _client() as c:
            assert c.get(node.url + "/_cluster/health").json()["number_of_nodes"] == 1
    assert not node.running
    assert _gone(pid)
    assert data.is_dir() and any(data.iterdir())  # a given data dir is kept
    node.stop()  # idempotent


def test_jvm_dies_with_a_killed_parent():
    script = (
        "import sys, time\n"
        "from leakwarden.demo.engines import EmbeddedEngine\n"
        "e = EmbeddedEngine('elasticsearch').start()\n"
        "print(e.pid, e.log_path.parent, flush=True)\n"
        "time.sleep(600)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [SRC, os.environ.get("PYTHONPATH")]))}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = parent.stdout.readline().split()
        assert line, "the parent did not start the node"
        jvm_pid, tmp = int(line[0]), Path(line[1])
        assert not _gone(jvm_pid)
        parent.kill()  # SIGKILL: no atexit, no __exit__; only stdin EOF tells the JVM
        parent.wait(10)
        assert _wait_gone(jvm_pid), "the JVM outlived its SIGKILLed parent"
        shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait(10)
        parent.stdout.close()


def test_port_in_use_is_an_engine_error_with_the_log():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(EngineError) as err:
            EmbeddedEngine("elasticsearch", port=port, startup_timeout=120).start()
    assert "BindException" in str(err.value) or "bind" in str(err.value).lower()


# --------------------------------------------------------------------------- OpenSearch


def test_opensearch_root_reports_2_19(opensearch_node):
    with _client() as c:
        info = c.get(opensearch_node.url + "/").json()
    assert info["version"]["distribution"] == "opensearch"
    assert info["version"]["number"] == "2.19.6" == opensearch_node.version
    assert info["version"]["build_type"] == "tar"
    assert info["tagline"] == "The OpenSearch Project: https://opensearch.org/"


def test_opensearch_geo_point_roundtrip(opensearch_node):
    _geo_roundtrip(opensearch_node.url, "lw-test-geo")


def test_opensearch_knn_vector_with_lucene_engine(opensearch_node):
    url = opensearch_node.url
    with _client() as c:
        r = c.put(f"{url}/lw-test-knn", headers=JSON, json={
            "settings": {"index.knn": True},
            "mappings": {"properties": {"v": {"type": "knn_vector", "dimension": 3,
                                              "method": {"name": "hnsw", "engine": "lucene", "space_type": "l2"}}}},
        })  # fmt: skip
        assert r.status_code == 200, r.text
        for i, v in enumerate(([1, 2, 3], [9, 9, 9], [-4, 0, 2])):
            r = c.put(f"{url}/lw-test-knn/_doc/{i}", headers=JSON, json={"v": v})
            assert r.status_code in (200, 201), r.text
        c.post(f"{url}/lw-test-knn/_refresh")
        r = c.post(f"{url}/lw-test-knn/_search", headers=JSON,
                   json={"size": 1, "query": {"knn": {"v": {"vector": [1, 2, 3.1], "k": 1}}}})
        assert r.status_code == 200, r.text
        assert r.json()["hits"]["hits"][0]["_id"] == "0"


def test_opensearch_stops_and_jvm_is_gone():
    with EmbeddedEngine("opensearch") as node:
        pid = node.pid
        assert node.version == "2.19.6"
    assert _gone(pid)


# --------------------------------------------------------------------------- nginx in front


def test_nginx_basic_auth(es_node, nginx_factory):
    proxy = nginx_factory(es_node.port, users={"admin": "s3cret"})
    assert proxy.url.startswith("http://127.0.0.1:")
    with _client() as c:
        r = c.get(proxy.url + "/")
        assert r.status_code == 401
        assert r.headers["www-authenticate"].startswith("Basic")
        assert "access-control-allow-origin" not in r.headers
        assert c.get(proxy.url + "/", auth=("admin", "wrong")).status_code == 401
        r = c.get(proxy.url + "/", auth=("admin", "s3cret"))
        assert r.status_code == 200
        assert r.json()["version"]["number"] == es_node.version
        assert c.get(proxy.url + "/_cat/indices", auth=("admin", "s3cret")).status_code == 200
    log = proxy.access_log_lines()
    assert any('"GET /" 401' in line for line in log), log
    assert any('"GET /" 200' in line and " admin " in line for line in log), log
    assert any('"GET /_cat/indices" 200' in line for line in log), log


def test_nginx_tls(es_node, nginx_factory):
    proxy = nginx_factory(es_node.port, users={"auditor": "pa:ss@w0rd"}, tls=True)
    assert proxy.url.startswith("https://127.0.0.1:")
    with _client(verify=False) as c:
        assert c.get(proxy.url + "/").status_code == 401
        r = c.get(proxy.url + "/", auth=("auditor", "pa:ss@w0rd"))
        assert r.status_code == 200
        assert r.json()["version"]["number"] == es_node.version
    with _client() as c, pytest.raises(httpx.ConnectError):
        c.get(proxy.url + "/")  # self-signed: refused when verified


def test_nginx_cors_wildcard_and_open_path(es_node, nginx_factory):
    proxy = nginx_factory(es_node.port, cors_wildcard=True, open_paths=["/_cat/"])
    with _client() as c:
        r = c.get(proxy.url + "/", headers={"Origin": "https://evil.example"})
        assert r.status_code == 401
        assert r.headers["access-control-allow-origin"] == "*"
        r = c.get(proxy.url + "/_cat/indices?format=json")
        assert r.status_code == 200
        assert r.headers["access-control-allow-origin"] == "*"
        assert isinstance(r.json(), list)
        assert c.get(proxy.url + "/_search").status_code == 401
    log = proxy.access_log_lines()
    assert any('"GET /_cat/indices?format=json" 200' in line for line in log), log
    assert any('"GET /_search" 401' in line for line in log), log


def test_nginx_without_users_is_open_and_without_access_log(es_node, nginx_factory):
    proxy = nginx_factory(es_node.port, users=None, access_log=False, port=free_port())
    with _client() as c:
        assert c.get(proxy.url + "/").status_code == 200
    assert proxy.access_log_lines() == []


def test_nginx_stop_is_idempotent_and_process_gone(es_node):
    from leakwarden.testing.nginx import NginxProxy

    with NginxProxy(es_node.port) as proxy:
        pid = proxy.pid
        assert proxy.access_log_path.exists()
    assert _gone(pid)
    assert not proxy.access_log_path.exists()
    proxy.stop()
