import gzip

import orjson

from leakwarden.connectors.files import FilesConnector
from leakwarden.targets import parse_target


def _write(path, docs, extra=b""):
    path.write_bytes(b"".join(orjson.dumps(d) + b"\n" for d in docs) + extra)


def test_directory_of_dumps(tmp_path):
    _write(tmp_path / "people.ndjson", [{"a": i} for i in range(50)])
    _write(tmp_path / "logs.jsonl", [{"m": "x"}], extra=b"{broken\n\xff\xfe{\"a\": 1}\n")
    (tmp_path / "dump.json").write_bytes(orjson.dumps([{"x": 1}, {"x": 2}]))
    with gzip.open(tmp_path / "zipped.ndjson.gz", "wb") as fh:
        fh.write(b'{"z": 1}\n{"z": 2}')
    (tmp_path / "labels.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("ignored")
    c = FilesConnector(parse_target(str(tmp_path)))
    assert c.fingerprint().kind == "files"
    colls = {x.name: x for x in c.list_collections()}
    assert set(colls) == {"people", "logs", "dump", "zipped"}
    assert colls["people"].documents == 50
    assert colls["zipped"].documents == 2
    assert list(c.iter_documents(colls["dump"])) == [{"x": 1}, {"x": 2}]
    assert list(c.iter_documents(colls["zipped"])) == [{"z": 1}, {"z": 2}]
    logs = list(c.iter_documents(colls["logs"]))
    assert {"m": "x"} in logs
    notes = c.notes_for("logs")
    assert any("not valid JSON" in n for n in notes)


def test_sample_is_random_across_the_file(tmp_path):
    _write(tmp_path / "big.ndjson", [{"i": i} for i in range(1000)])
    c = FilesConnector(parse_target(str(tmp_path / "big.ndjson")))
    (coll,) = c.list_collections()
    got = [d["i"] for d in c.sample(coll, 50, seed=1)]
    assert len(got) == 50
    assert max(got) > 500  # not the first N
    assert got == [d["i"] for d in c.sample(coll, 50, seed=1)]


def test_elasticdump_lines_are_unwrapped(tmp_path):
    _write(tmp_path / "x.ndjson", [{"_index": "x", "_id": "1", "_source": {"name": "n"}}])
    c = FilesConnector(parse_target(str(tmp_path)))
    (coll,) = c.list_collections()
    assert list(c.iter_documents(coll)) == [{"name": "n"}]
