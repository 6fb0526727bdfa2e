"""The history, diff and serve commands the CLI calls."""

from __future__ import annotations

import io
import json
import socket
from datetime import timedelta
from pathlib import Path

import pytest

from leakwarden.history import History
from leakwarden.history import _samples as S
from leakwarden.history.cli import cmd_diff, cmd_history, cmd_serve, is_loopback

A = "http://10.0.0.5:9200"


@pytest.fixture
def two_scans(history: History) -> tuple[int, int]:
    old = history.save(S.report(S.es_store(A, anonymous_read=False, level="medium", score=40)))
    new = history.save(S.report(S.es_store(A, collections=[S.faces(), S.watchlist()]),
                                at=S.T0 + timedelta(hours=1)))
    return old, new


def test_history_lists_scans(db_url: str, two_scans: tuple[int, int]) -> None:
    out = io.StringIO()
    assert cmd_history(db_url, 50, False, out=out) == 0
    text = out.getvalue()
    assert A in text and "CRITICAL 97" in text and "MEDIUM 40" in text
    assert text.index("CRITICAL") < text.index("MEDIUM")  # newest first


def test_history_json(db_url: str, two_scans: tuple[int, int]) -> None:
    out = io.StringIO()
    assert cmd_history(db_url, 1, True, out=out) == 0
    doc = json.loads(out.getvalue())
    assert [d["id"] for d in doc] == [two_scans[1]]
    assert doc[0]["targets"] == [A] and doc[0]["risk_level"] == "critical"


def test_history_empty(db_url: str) -> None:
    out = io.StringIO()
    assert cmd_history(db_url, 50, False, out=out) == 0
    assert "No scans saved yet" in out.getvalue()


def test_history_bad_database_exits_2_without_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_history("postgresql://lw:t0psecret@127.0.0.1:1/lw", 50, False) == 2
    err = capsys.readouterr().err
    assert "t0psecret" not in err and "***@127.0.0.1:1" in err


def test_diff_ids_worse_exits_1(db_url: str, two_scans: tuple[int, int]) -> None:
    out = io.StringIO()
    old, new = two_scans
    assert cmd_diff(db_url, str(old), str(new), False, out=out) == 1
    assert "now readable without credentials" in out.getvalue()


def test_diff_better_exits_0(db_url: str, two_scans: tuple[int, int]) -> None:
    out = io.StringIO()
    old, new = two_scans
    assert cmd_diff(db_url, new, old, True, out=out) == 0
    doc = json.loads(out.getvalue())
    assert doc["old"]["scan_id"] == new and doc["meaningful"] is False
    assert "store_closed" in [c["kind"] for c in doc["changes"]]


def test_diff_report_files_need_no_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEAKWARDEN_DB", "postgresql://nobody@127.0.0.1:1/none")  # would fail if opened
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(S.report(S.es_store(A, anonymous_read=False)).to_json_dict()))
    b.write_text(json.dumps(S.report(S.es_store(A), at=S.T0 + timedelta(days=1)).to_json_dict()))
    out = io.StringIO()
    assert cmd_diff(None, str(a), str(b), True, out=out) == 1
    doc = json.loads(out.getvalue())
    assert doc["old"]["label"] == str(a) and doc["old"]["scan_id"] is None


def test_diff_mixes_an_id_and_a_file(db_url: str, two_scans: tuple[int, int], tmp_path: Path) -> None:
    b = tmp_path / "now.json"
    b.write_text(json.dumps(S.report(S.es_store(A, collections=[S.faces(), S.watchlist()]),
                                     at=S.T0 + timedelta(days=1)).to_json_dict()))
    out = io.StringIO()
    assert cmd_diff(db_url, two_scans[1], str(b), False, out=out) == 0
    assert "No changes." in out.getvalue()


@pytest.mark.parametrize("spec", ["999", "no-such-file.json"])
def test_diff_unknown_side_exits_2(db_url: str, two_scans: tuple[int, int], spec: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_diff(db_url, spec, str(two_scans[0]), False) == 2
    assert "leakwarden:" in capsys.readouterr().err


def test_diff_not_a_report_exits_2(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "something else"}')
    assert cmd_diff(db_url, str(bad), str(bad), False) == 2
    assert "not a leakwarden report" in capsys.readouterr().err


def test_serve_reports_a_port_in_use(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cmd_serve(db_url, "127.0.0.1", port, out=io.StringIO()) == 2
    assert "could not listen" in capsys.readouterr().err


@pytest.mark.parametrize(("host", "loop"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.0.2.1", False), ("example.org", False),
])
def test_is_loopback(host: str, loop: bool) -> None:
    assert is_loopback(host) is loop
