"""The history on a real PostgreSQL server (Debian's binaries, started for this test).

Migrations run on open, reports are saved, listed, loaded and compared exactly
as on SQLite, JSON is stored as JSONB, processes opening a new database at
once are serialised, and the password never appears in messages.

Needs ``apt-get install -y postgresql``; skipped when it is missing unless
LEAKWARDEN_REQUIRE_POSTGRES=1.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from pg_server import PostgresServer, PostgresUnavailable
from sqlalchemy import create_engine, text

from leakwarden.history import History, HistoryError, diff_reports
from leakwarden.history import _samples as S
from leakwarden.history.cli import cmd_diff, cmd_history
from leakwarden.history.models import Base
from leakwarden.history.store import head_revision, resolve_db_url

pytestmark = pytest.mark.integration

A = "http://10.0.0.5:9200"


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer()
    except PostgresUnavailable as exc:
        if os.environ.get("LEAKWARDEN_REQUIRE_POSTGRES") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    with server:
        yield server


@pytest.fixture
def fresh_url(pg: PostgresServer) -> Iterator[str]:
    """An empty database of its own for each test."""
    admin = create_engine(resolve_db_url(pg.url.rsplit("/", 1)[0] + "/postgres"),
                          isolation_level="AUTOCOMMIT")
    name = f"t{threading.get_ident() % 10**6}_{id(object())}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield pg.url.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_run_on_open_and_match_the_models(fresh_url: str) -> None:
    with History(fresh_url) as h:
        assert h.dialect == "postgresql"
    engine = create_engine(resolve_db_url(fresh_url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
        assert conn.execute(text(
            "SELECT data_type FROM information_schema.columns WHERE table_name='scans' AND column_name='report'"
        )).scalar_one() == "jsonb"
        assert conn.execute(text(
            "SELECT data_type FROM information_schema.columns WHERE table_name='scans' AND column_name='started_at'"
        )).scalar_one() == "timestamp with time zone"
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, Base.metadata) == []
    engine.dispose()


def test_save_list_load_trend_and_diff(fresh_url: str) -> None:
    closed = S.report(S.es_store(A, anonymous_read=False, level="medium", score=40,
                                 collections=[S.faces(trackable=None), S.logs()]))
    opened = S.report(S.es_store(A, collections=[S.faces(), S.watchlist(), S.logs()]),
                      at=S.T0 + timedelta(hours=1))
    with History(fresh_url) as h:
        first, second = h.save(closed), h.save(opened)
        assert h.load(first) == closed and h.load(second) == opened
        scans = h.list_scans()
        assert [s.id for s in scans] == [second, first]
        assert scans[0].started_at == S.T0 + timedelta(hours=1)
        assert (scans[0].risk_level, scans[0].persons, scans[0].personal_collections) == ("critical", 13151, 2)
        assert h.latest_for_targets([A + "/"]) == opened
        assert h.previous_scan_id(second) == first
        assert [p.risk_score for p in h.trend(A)] == [40, 97]
        assert [t.target for t in h.list_targets()] == [A]
        diff = diff_reports(h.load(first), h.load(second), old_id=first, new_id=second)
    assert diff.meaningful
    assert "store_exposed" in [c.kind for c in diff.changes]


def test_report_json_is_queryable_in_postgres(fresh_url: str) -> None:
    with History(fresh_url) as h:
        h.save(S.report(S.es_store(A, collections=[S.faces(), S.watchlist()])))
    engine = create_engine(resolve_db_url(fresh_url))
    with engine.connect() as conn:
        names = conn.execute(text(
            "SELECT c->>'name' FROM scans, jsonb_array_elements(report->'stores') s, "
            "jsonb_array_elements(s->'collections') c ORDER BY 1"
        )).scalars().all()
    engine.dispose()
    assert names == ["face_capture_2019.06", "police_alerts"]


def test_commands_on_postgres(fresh_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with History(fresh_url) as h:
        a = h.save(S.report(S.es_store(A, anonymous_read=False)))
        b = h.save(S.report(S.es_store(A), at=S.T0 + timedelta(hours=1)))
    out = io.StringIO()
    assert cmd_history(fresh_url, 10, True, out=out) == 0
    assert [s["id"] for s in json.loads(out.getvalue())] == [b, a]
    assert cmd_diff(fresh_url, a, b, False, out=io.StringIO()) == 1
    password = fresh_url.split(":")[2].split("@")[0]
    captured = capsys.readouterr()
    assert password not in captured.out + captured.err


def test_concurrent_first_open_is_serialised(fresh_url: str) -> None:
    """Processes (watchers, a dashboard) starting at once on an empty database all end up at head."""
    code = (
        "import sys; from leakwarden.history import History; from leakwarden.history import _samples as S\n"
        "with History(sys.argv[1]) as h: h.save(S.report())\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, fresh_url], stderr=subprocess.PIPE)
             for _ in range(3)]
    errors = [p.communicate(timeout=120)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], errors
    threads_done: list[int] = []

    def open_in_thread() -> None:
        with History(fresh_url) as h:
            threads_done.append(h.count())

    threads = [threading.Thread(target=open_in_thread) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert threads_done == [3, 3, 3]


def test_wrong_password_is_a_history_error_without_the_password(pg: PostgresServer) -> None:
    url = f"postgresql://{pg.user}:Wr0ngPassw0rd@127.0.0.1:{pg.port}/{pg.database}"
    with pytest.raises(HistoryError) as info:
        History(url)
    message = str(info.value)
    assert "Wr0ngPassw0rd" not in message and pg.password not in message
    assert "password authentication failed" in message
