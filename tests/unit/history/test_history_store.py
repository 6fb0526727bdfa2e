"""The history database: URLs, migrations, save/load, summaries, trends, baselines."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from leakwarden.errors import ConfigError
from leakwarden.history import History, HistoryError, ScanNotFound, redact_db_url, resolve_db_url
from leakwarden.history import _samples as S
from leakwarden.history.models import Base
from leakwarden.history.store import head_revision, target_key, target_set_key

A = "http://10.0.0.5:9200"
B = "https://search.internal:9200"


# --------------------------------------------------------------------------- URLs


def test_default_url_is_sqlite_under_xdg_data_home(tmp_path: Path) -> None:
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'data' / 'leakwarden' / 'history.sqlite'}"


def test_default_url_without_xdg_uses_local_share(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert resolve_db_url(None).endswith("/home/.local/share/leakwarden/history.sqlite")


def test_env_overrides_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LEAKWARDEN_DB", f"sqlite:///{tmp_path}/x.sqlite")
    assert resolve_db_url(None) == f"sqlite:///{tmp_path}/x.sqlite"
    # an explicit --db wins over the environment
    assert resolve_db_url("sqlite:///other.sqlite") == "sqlite:///other.sqlite"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:pw@db:5432/lw", "postgresql+psycopg://u:pw@db:5432/lw"),
        ("postgres://db/lw", "postgresql+psycopg://db/lw"),
        ("postgresql+psycopg2://db/lw", "postgresql+psycopg://db/lw"),
        ("sqlite://", "sqlite://"),
    ],
)
def test_postgres_urls_use_psycopg3(given: str, expected: str) -> None:
    assert resolve_db_url(given) == expected


def test_plain_path_means_sqlite_file(tmp_path: Path) -> None:
    assert resolve_db_url(str(tmp_path / "h.db")) == f"sqlite:///{tmp_path / 'h.db'}"


def test_unsupported_scheme_is_a_config_error_without_the_password() -> None:
    with pytest.raises(ConfigError) as info:
        resolve_db_url("mysql://root:hunter22@db/lw")
    assert "hunter22" not in str(info.value)
    assert "mysql://***@db/lw" in str(info.value)


def test_redact_db_url_hides_userinfo_and_password_parameter() -> None:
    assert redact_db_url("postgresql+psycopg://u:s3cret@h/db") == "postgresql+psycopg://***@h/db"
    assert redact_db_url("postgresql://h/db?user=u&password=s3cret&x=1") == (
        "postgresql://h/db?user=u&password=***&x=1"
    )


def test_default_database_is_created_private(tmp_path: Path) -> None:
    with History() as h:
        assert h.count() == 0
    path = tmp_path / "data" / "leakwarden" / "history.sqlite"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_cannot_create_database_is_a_history_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(HistoryError, match="cannot create history database"):
        History(str(blocker / "sub" / "h.sqlite"))


def test_unreachable_postgres_is_a_history_error_without_the_password() -> None:
    with pytest.raises(HistoryError) as info:
        History("postgresql://lw:pa55word@127.0.0.1:1/lw")
    message = str(info.value)
    assert "pa55word" not in message
    assert "postgresql+psycopg://***@127.0.0.1:1/lw" in message


# --------------------------------------------------------------------------- migrations


def test_migrations_create_the_schema_at_head(history: History, db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))}
    engine.dispose()
    assert version == head_revision() == "0001_initial"
    assert {"scans", "stores", "collections", "fields", "checks"} <= tables


def test_migrations_match_the_models(history: History, db_url: str) -> None:
    """The ORM models and the migration scripts describe the same schema."""
    engine = create_engine(db_url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert differences == []


def test_reopening_is_idempotent(db_url: str) -> None:
    with History(db_url) as h:
        scan_id = h.save(S.report())
    with History(db_url) as h:
        assert h.load(scan_id) == S.report()


def test_database_from_a_newer_version_is_refused(history: History, db_url: str) -> None:
    history.close()
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(HistoryError, match="newer version"):
        History(db_url)


# --------------------------------------------------------------------------- save / load


def test_save_and_load_round_trip(history: History) -> None:
    report = S.report(S.es_store(collections=[S.faces(), S.watchlist(), S.logs()]))
    scan_id = history.save(report)
    assert history.load(scan_id) == report


def test_unknown_keys_survive_the_round_trip(history: History) -> None:
    doc = S.report().to_json_dict()
    doc["x_ci_job"] = {"id": 42}
    doc["stores"][0]["x_owner"] = "team-search"
    from leakwarden.report import Report

    scan_id = history.save(Report.model_validate(doc))
    back = history.load(scan_id).to_json_dict()
    assert back["x_ci_job"] == {"id": 42}
    assert back["stores"][0]["x_owner"] == "team-search"


def test_load_unknown_scan(history: History) -> None:
    with pytest.raises(ScanNotFound, match="no scan 42"):
        history.load(42)
    with pytest.raises(ScanNotFound):
        history.summary(42)


def test_breakdown_tables_are_filled(history: History, db_url: str) -> None:
    history.save(S.report(S.es_store(collections=[S.faces(), S.watchlist(), S.logs()])))
    engine = create_engine(db_url)
    with engine.connect() as conn:
        stores = conn.execute(text("SELECT target, kind, status, risk_level, anonymous_read, persons FROM stores")).all()
        colls = conn.execute(text("SELECT name, personal, sensitivity, persons, trackable FROM collections ORDER BY name")).all()
        fields = conn.execute(text("SELECT path, categories FROM fields WHERE path = 'idCard'")).all()
        checks = conn.execute(text("SELECT check_id, status, severity FROM checks ORDER BY check_id")).all()
    engine.dispose()
    assert stores == [(A, "elasticsearch", "complete", "critical", 1, 13151)]
    assert colls == [
        ("app-logs", 0, 8, None, None),
        ("face_capture_2019.06", 1, 96, 12840, 9120),
        ("police_alerts", 1, 99, 311, None),
    ]
    assert fields == [("idCard", '["person.government_id"]')]
    assert ("es-anonymous-read", "fail", "critical") in checks


def test_credentials_never_reach_the_database(history: History, db_url: str) -> None:
    store = S.es_store("http://elastic:Sup3rSecret@10.0.0.9:9200").model_copy(
        update={"error": "timeout talking to http://elastic:Sup3rSecret@10.0.0.9:9200/_cat"}
    )
    scan_id = history.save(S.report(store))
    history.close()
    raw = b"".join(p.read_bytes() for p in Path(db_url.removeprefix("sqlite:///")).parent.glob("history.sqlite*"))
    assert b"Sup3rSecret" not in raw
    with History(db_url) as h:
        loaded = h.load(scan_id).stores[0]
        assert loaded.target == "http://***@10.0.0.9:9200"
        assert "***@10.0.0.9" in (loaded.error or "")


def test_delete_cascades(history: History, db_url: str) -> None:
    scan_id = history.save(S.report())
    history.delete(scan_id)
    engine = create_engine(db_url)
    with engine.connect() as conn:
        counts = [conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                  for t in ("scans", "stores", "collections", "fields", "checks")]
    engine.dispose()
    assert counts == [0, 0, 0, 0, 0]


# --------------------------------------------------------------------------- summaries


def _three_scans(history: History) -> list[int]:
    closed = S.es_store(A, anonymous_read=False, level="medium", score=40,
                        collections=[S.faces(trackable=None), S.logs()])
    opened = S.es_store(A, collections=[S.faces(), S.watchlist(), S.logs()])
    other = S.es_store(B, anonymous_read=False, level="low", score=10, collections=[S.logs()])
    return [
        history.save(S.report(closed)),
        history.save(S.report(opened, at=S.T0 + timedelta(hours=1))),
        history.save(S.report(opened, other, at=S.T0 + timedelta(hours=2))),
    ]


def test_list_scans_newest_first_with_headline_numbers(history: History) -> None:
    ids = _three_scans(history)
    scans = history.list_scans()
    assert [s.id for s in scans] == ids[::-1]
    newest = scans[0]
    assert newest.targets == [A, B]
    assert (newest.risk_level, newest.risk_score) == ("critical", 97)
    assert newest.anonymous_read is True
    assert newest.persons == 12840 + 311
    assert newest.personal_collections == 2
    assert newest.stores == 2
    oldest = scans[-1]
    assert (oldest.risk_level, oldest.anonymous_read, oldest.personal_collections) == ("medium", False, 1)
    assert oldest.started_at.tzinfo is not None
    assert [s.id for s in history.list_scans(limit=1)] == [ids[2]]
    assert history.count() == 3


def test_summary_json_is_serialisable(history: History) -> None:
    import json

    _three_scans(history)
    doc = json.loads(json.dumps([s.to_json_dict() for s in history.list_scans()]))
    assert doc[0]["started_at"] == "2026-11-27T12:00:00Z"


def test_latest_for_targets_matches_the_target_set(history: History) -> None:
    ids = _three_scans(history)
    assert history.latest_for_targets([A]) == history.load(ids[1])
    # order, trailing slashes and credentials do not matter; the set does
    assert history.latest_for_targets([B + "/", "http://user:pw@10.0.0.5:9200"]) == history.load(ids[2])
    assert history.latest_for_targets([B]) is None


def test_explicit_targets_name_the_set(history: History) -> None:
    # the watch saves with the targets as typed, even when the report spells them otherwise
    scan_id = history.save(S.report(S.es_store(A)), targets=["http://10.0.0.5:9200/"])
    assert history.latest_scan([A]).id == scan_id  # type: ignore[union-attr]


def test_previous_scan_is_of_the_same_targets(history: History) -> None:
    ids = _three_scans(history)
    assert history.previous_scan_id(ids[1]) == ids[0]
    assert history.previous_scan_id(ids[0]) is None
    assert history.previous_scan_id(ids[2]) is None  # the only scan of {A, B}


def test_trend_of_one_store(history: History) -> None:
    ids = _three_scans(history)
    points = history.trend(A + "/")
    assert [p.scan_id for p in points] == ids
    assert [p.risk_score for p in points] == [40, 97, 97]
    assert [p.anonymous_read for p in points] == [False, True, True]
    assert [p.persons for p in points] == [12840, 13151, 13151]
    assert [p.persons_trackable for p in points] == [None, 9120, 9120]
    assert [p.personal_collections for p in points] == [1, 2, 2]
    assert points[0].time < points[1].time
    assert [p.scan_id for p in history.trend(B)] == [ids[2]]
    assert history.trend("http://nowhere:9200") == []


def test_list_targets(history: History) -> None:
    _three_scans(history)
    targets = history.list_targets()
    assert [(t.target, t.scans) for t in targets] == [(A, 3), (B, 1)] or \
        [(t.target, t.scans) for t in targets] == [(B, 1), (A, 3)]
    by_target = {t.target: t for t in targets}
    assert by_target[A].first_seen == S.T0
    assert by_target[A].last_seen == S.T0 + timedelta(hours=2)


def test_baseline_replaces_unreachable_stores_with_their_last_readable_state(history: History) -> None:
    good = S.es_store(A, anonymous_read=True)
    down = S.es_store(A, status="unreachable")
    first = history.save(S.report(good, S.es_store(B, anonymous_read=False, level="low", score=5)))
    second = history.save(S.report(down, S.es_store(B, anonymous_read=False, level="low", score=6),
                                   at=S.T0 + timedelta(hours=1)))
    summary, report = history.baseline_for_targets([A, B])  # type: ignore[misc]
    assert summary.id == second
    assert report.stores[0] == good  # from scan `first`
    assert report.stores[1].risk.score == 6  # from scan `second`
    assert first != second


def test_baseline_keeps_a_store_never_read(history: History) -> None:
    history.save(S.report(S.es_store(A, status="unreachable")))
    _, report = history.baseline_for_targets([A])  # type: ignore[misc]
    assert report.stores[0].status == "unreachable"
    assert history.baseline_for_targets([B]) is None


def test_target_keys() -> None:
    assert target_key("HTTP://u:p@h:9200/") == "http://h:9200"
    assert target_key("http://***@h:9200") == "http://h:9200"
    assert target_key("./dumps/") == "dumps"
    assert target_set_key([B, A, A + "/"]) == f"{A}\n{B}"


def test_memory_database(tmp_path: Path) -> None:
    with History("sqlite://") as h:
        scan_id = h.save(S.report())
        assert h.load(scan_id) == S.report()
    assert not any(tmp_path.glob("*.sqlite"))


def test_wal_lets_a_reader_see_a_writers_scans(db_url: str) -> None:
    with History(db_url) as writer, History(db_url) as reader:
        scan_id = writer.save(S.report())
        assert reader.load(scan_id) == S.report()
    assert os.path.exists(db_url.removeprefix("sqlite:///"))


def test_processes_opening_a_new_database_at_once(tmp_path: Path) -> None:
    """A watcher and a dashboard started together: one migrates, the others wait, none fails."""
    import subprocess
    import sys

    db = tmp_path / "race.sqlite"
    code = (
        "import sys; from leakwarden.history import History; from leakwarden.history import _samples as S\n"
        "with History(sys.argv[1]) as h: h.save(S.report())\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE)
             for _ in range(4)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with History(str(db)) as h:
        assert h.count() == 4
