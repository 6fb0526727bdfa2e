"""Reports never become a second leak.

Seeds known sensitive values, writes every output format, the history
database, the dashboard pages and the logs, and asserts that none of the raw
values appears anywhere.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from stdnum.cn import ric
from stdnum import luhn


def _valid_ric(prefix17: str) -> str:
    return prefix17 + ric.calc_check_digit(prefix17 + "0")  # stdnum drops the last character


def _valid_luhn(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


def _seeded_docs(n: int = 40) -> tuple[list[dict], dict[str, list[str]]]:
    docs, raw = [], {k: [] for k in ("id", "email", "phone", "mac", "imei", "card", "password", "name", "address")}
    for i in range(n):
        values = {
            "id": _valid_ric(f"1101051949{(i % 12) + 1:02d}{(i % 28) + 1:02d}{100 + i:03d}"),
            "email": f"sentinel.person{i}@example.org",
            "phone": f"+86 138 {1000 + i:04d} {5678 + i:04d}",
            "mac": f"3c:5a:b4:9e:{i:02x}:{(7 * i) % 256:02x}",
            "imei": _valid_luhn(f"356938035{643800 + i:06d}"),
            "card": _valid_luhn(f"4111111111{11000 + i:05d}"),
            "password": f"Sentinel-P4ssw0rd!{i:03d}",
            "name": f"Quentin Sentinelson{chr(65 + i % 26)}",
            "address": f"{17 + i} Sentinel Lane, Springfield",
        }
        for k, v in values.items():
            raw[k].append(v)
        docs.append({
            "citizen": {"name": values["name"], "idNumber": values["id"], "ethnicity": "Sentinelese"},
            "contact": {"email": values["email"], "phone": values["phone"], "address": values["address"]},
            "device": {"mac": values["mac"], "imei": values["imei"]},
            "payment": {"cardNumber": values["card"]},
            "password": values["password"],
            "seen_at": f"2019-06-12T08:{i:02d}:00Z",
            "location": {"lat": 39.9 + i / 1000, "lon": 116.4},
        })
    return docs, raw


DOCS, SECRETS = _seeded_docs()


def _raw_forms(value: str) -> set[str]:
    forms = {value}
    compact = value.replace(" ", "").replace(":", "")
    if len(compact) >= 8:
        forms.add(compact)
    return forms


@pytest.fixture()
def dump(tmp_path: Path) -> Path:
    d = tmp_path / "dump"
    d.mkdir()
    (d / "citizens.ndjson").write_bytes(b"\n".join(orjson.dumps(x) for x in DOCS) + b"\n")
    return d


def _all_text(paths: list[Path]) -> str:
    out = []
    for p in paths:
        data = p.read_bytes()
        out.append(data.decode("utf-8", "replace"))
    return "\n".join(out)


def test_no_raw_value_in_any_output(dump: Path, tmp_path: Path):
    out = tmp_path / "out"
    out.mkdir()
    db = tmp_path / "history.sqlite"
    log_file = out / "scan.log"
    env = dict(os.environ, LEAKWARDEN_DB=f"sqlite:///{db}", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    cmd = [
        sys.executable, "-m", "leakwarden", "--debug", "--log-file", str(log_file),
        "scan", str(dump), "-v", "--fail-on", "never",
        "--json", str(out / "r.json"), "--html", str(out / "r.html"), "--md", str(out / "r.md"),
        "--sarif", str(out / "r.sarif"), "--csv", str(out / "r.csv"),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.iterdir())
    assert {p.suffix for p in files} >= {".json", ".html", ".md", ".sarif", ".csv", ".log"}

    # the scan did find the data (so the absence of raw values means something)
    report = orjson.loads((out / "r.json").read_bytes())
    cats = {c for f in report["stores"][0]["collections"][0]["fields"] for c in f["categories"]}
    assert {"person.government_id", "person.email", "device.mac"} <= cats

    texts = {
        "outputs": _all_text(files),
        "terminal": proc.stdout + proc.stderr,
    }
    con = sqlite3.connect(db)
    rows = []
    for (table,) in con.execute("select name from sqlite_master where type='table'"):
        for row in con.execute(f'select * from "{table}"'):
            rows.append(" ".join(str(v) for v in row))
    con.close()
    assert rows, "the scan was not stored in the history"
    texts["history"] = "\n".join(rows)

    from leakwarden.history import History
    from leakwarden.web import create_app
    from starlette.testclient import TestClient

    hist = History(f"sqlite:///{db}")
    scans = hist.list_scans()
    client = TestClient(create_app(hist), base_url="http://127.0.0.1")
    sid = scans[0].id
    target = report["stores"][0]["target"]
    pages = [client.get(u) for u in ("/", f"/scans/{sid}", f"/scans/{sid}/report.html", "/api/scans",
                                     f"/api/scans/{sid}", f"/diff?old={sid}&new={sid}", "/trends",
                                     f"/trends?target={target}", f"/api/trends?target={target}")]
    for resp in pages:
        assert resp.status_code == 200, resp.url
    texts["dashboard"] = "\n".join(r.text for r in pages)

    for where, text in texts.items():
        for key, values in SECRETS.items():
            for value in values:
                for form in _raw_forms(value):
                    assert form not in text, f"raw {key} value leaked into {where}"
