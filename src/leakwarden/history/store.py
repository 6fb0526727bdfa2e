"""The scan history: every report saved in a SQLite or PostgreSQL database.

SQLite needs no set-up: the default database is
``$XDG_DATA_HOME/leakwarden/history.sqlite`` (``~/.local/share/...``), created
with mode 0600 in a 0700 directory.  ``LEAKWARDEN_DB`` or an explicit URL
overrides it; ``postgresql://`` URLs use the psycopg 3 driver.  Opening a
database runs the Alembic migrations shipped in ``migrations/`` up to head, so
a new leakwarden upgrades an old database in place.

Database URLs carry passwords: only :func:`redact_db_url` forms ever reach a
message, and SQL parameters are hidden from SQLAlchemy's error text.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.pool import StaticPool

from leakwarden.errors import ConfigError, LeakwardenError
from leakwarden.history.models import CheckRow, CollectionRow, FieldRow, ScanRow, StoreRow
from leakwarden.report import Report, Store, utcnow
from leakwarden.targets import redact_url

DB_ENV = "LEAKWARDEN_DB"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: Store statuses whose content can be compared with another scan's.
READABLE_STATUSES = ("complete", "partial")

RISK_LEVELS = ("none", "low", "medium", "high", "critical")
RISK_ORDER = {level: i for i, level in enumerate(RISK_LEVELS)}


class HistoryError(LeakwardenError):
    """The history database could not be opened, migrated, read or written."""


class ScanNotFound(HistoryError, LookupError):
    """No scan with that id in the history."""


# --------------------------------------------------------------------------- URLs


def default_db_path() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "leakwarden" / "history.sqlite"


def resolve_db_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url``, ``$LEAKWARDEN_DB`` or the default SQLite file.

    ``postgresql://`` and ``postgres://`` select the psycopg 3 driver; a plain
    file path means a SQLite file.
    """
    url = (url or os.environ.get(DB_ENV) or "").strip()
    if not url:
        return f"sqlite:///{default_db_path()}"
    scheme, sep, rest = url.partition("://")
    if not sep:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    scheme = scheme.lower()
    if scheme in ("postgresql", "postgres", "postgresql+psycopg2", "postgresql+psycopg"):
        return f"postgresql+psycopg://{rest}"
    if scheme == "sqlite" or scheme.startswith("sqlite+"):
        return url
    raise ConfigError(
        f"unsupported history database {redact_db_url(url)}: use sqlite:///PATH, a file path, "
        "or postgresql://user@host/dbname"
    )


_PASSWORD_PARAM = re.compile(r"(?i)([?&]password=)[^&]*")


def redact_db_url(url: str) -> str:
    """``url`` with any password (userinfo or ``?password=``) replaced by ``***``."""
    return _PASSWORD_PARAM.sub(r"\1***", redact_url(url))


def _sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for an in-memory database."""
    _, _, rest = url.partition("://")
    path = rest[1:] if rest.startswith("/") else rest
    path = path.split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path)


def _prepare_sqlite_file(path: Path) -> None:
    # The history holds masked evidence and target names: keep it private to the user.
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path is None:
            engine = create_engine(
                url, hide_parameters=True, poolclass=StaticPool,
                connect_args={"check_same_thread": False},
            )
        else:
            _prepare_sqlite_file(path)
            engine = create_engine(
                url, hide_parameters=True, connect_args={"check_same_thread": False, "timeout": 30}
            )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            # SQLAlchemy, not pysqlite, decides when transactions begin (see "begin" below),
            # so that DDL is transactional and migrations can take the write lock up front.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if path is not None:
                # a watcher writes while the dashboard reads
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            immediate = conn.get_execution_options().get("sqlite_immediate")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(
        url, hide_parameters=True, pool_pre_ping=True, connect_args={"connect_timeout": 10}
    )


def alembic_config() -> Config:
    """An Alembic config for the shipped migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


# Alembic's ``context``/``op`` are module-level proxies: one migration run per process at a time.
# Across processes, SQLite's write lock and PostgreSQL's advisory lock (migrations/env.py) serialise.
_MIGRATION_LOCK = threading.Lock()


def upgrade(engine: Engine) -> None:
    """Run the migrations on ``engine`` up to head."""
    cfg = alembic_config()
    with _MIGRATION_LOCK, engine.connect() as conn:
        # On SQLite, BEGIN IMMEDIATE: a second process waits here instead of racing the DDL.
        conn.execution_options(sqlite_immediate=True)
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ScanSummary:
    """One row of the scan list."""

    id: int
    started_at: datetime
    finished_at: datetime
    tool_version: str
    targets: list[str]
    risk_level: str
    risk_score: int
    anonymous_read: bool
    persons: int | None
    stores: int
    personal_collections: int

    def to_json_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["started_at"] = _iso(self.started_at)
        data["finished_at"] = _iso(self.finished_at)
        return data


@dataclass(frozen=True)
class TrendPoint:
    """One store in one scan: a point of that store's trend."""

    scan_id: int
    time: datetime
    status: str
    risk_level: str
    risk_score: int
    anonymous_read: bool | None
    persons: int | None
    persons_trackable: int | None
    personal_collections: int

    def to_json_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["time"] = _iso(self.time)
        return data


@dataclass(frozen=True)
class TargetSummary:
    """A store seen in the history."""

    target: str
    scans: int
    first_seen: datetime
    last_seen: datetime


def _iso(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


# --------------------------------------------------------------------------- helpers


def target_key(target: str) -> str:
    """The comparable form of a target: no credentials, lower-case scheme, no trailing slash.

    The same store read with or without credentials in its URL is one store.
    """
    text = redact_url(target.strip())
    if "://" in text:
        scheme, _, rest = text.partition("://")
        rest = rest.removeprefix("***@")
        return f"{scheme.lower()}://{rest.rstrip('/')}"
    return os.path.normpath(text) if text else text


def target_set_key(targets: Iterable[str]) -> str:
    return "\n".join(sorted({target_key(t) for t in targets}))


def overall_risk(stores: Iterable[Store]) -> tuple[str, int]:
    """The risk of a whole scan: its worst store's level and highest score."""
    level, score = "none", 0
    for store in stores:
        if RISK_ORDER.get(store.risk.level, 0) > RISK_ORDER[level]:
            level = store.risk.level
        score = max(score, store.risk.score)
    return level, score


def _sum_known(values: Iterable[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _redacted_document(report: Report) -> dict[str, Any]:
    """The report's JSON with every target and error text passed through redact_url again."""
    doc = report.to_json_dict()
    for store in doc.get("stores", []):
        store["target"] = redact_url(str(store.get("target", "")))
        if store.get("error"):
            store["error"] = redact_url(str(store["error"]))
    return doc


# --------------------------------------------------------------------------- the history


class History:
    """Saved scans in a SQLite or PostgreSQL database.

    ``url`` is a SQLAlchemy URL, a ``postgresql://`` URL, a file path, or None
    for ``$LEAKWARDEN_DB`` / the default SQLite file.  Opening runs the
    migrations.  Use as a context manager or call :meth:`close`.
    """

    def __init__(self, url: str | None = None):
        self.url = resolve_db_url(url)
        self.display_url = redact_db_url(self.url)
        try:
            self._engine = _create_engine(self.url)
            upgrade(self._engine)
        except CommandError as exc:
            self._dispose_quietly()
            raise HistoryError(
                f"history database {self.display_url} has a schema this leakwarden does not know "
                f"({exc}); it was probably written by a newer version: upgrade leakwarden, "
                "or use another database with --db"
            ) from None
        except SQLAlchemyError as exc:
            self._dispose_quietly()
            raise HistoryError(
                f"cannot open history database {self.display_url}: {_short_error(exc)}; "
                "check --db / LEAKWARDEN_DB and that the database server is running"
            ) from None
        except OSError as exc:
            self._dispose_quietly()
            raise HistoryError(
                f"cannot create history database {self.display_url}: {exc.strerror or exc}"
            ) from None
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    # -- lifecycle

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"History({self.display_url!r})"

    def _dispose_quietly(self) -> None:
        engine = getattr(self, "_engine", None)
        if engine is not None:
            engine.dispose()

    @contextmanager
    def _session(self, *, write: bool = False) -> Iterator[Session]:
        try:
            with self._sessions() as session:
                if write:
                    with session.begin():
                        yield session
                else:
                    yield session
        except SQLAlchemyError as exc:
            raise HistoryError(
                f"history database {self.display_url}: {_short_error(exc)}"
            ) from None

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    # -- writing

    def save(self, report: Report, *, targets: Iterable[str] | None = None) -> int:
        """Store ``report``; return its scan id.

        ``targets`` are the targets as the user named them (a watch passes its
        own); by default the report's store targets identify the scan's target set.
        """
        level, score = overall_risk(report.stores)
        key = target_set_key(targets if targets is not None else [s.target for s in report.stores])
        scan = ScanRow(
            started_at=report.started_at,
            finished_at=report.finished_at,
            saved_at=utcnow(),
            tool_version=report.tool.version,
            schema_id=report.schema_,
            target_set=key,
            risk_level=level,
            risk_score=score,
            anonymous_read=any(s.exposure.anonymous_read for s in report.stores),
            persons=_sum_known(s.persons_estimated for s in report.stores),
            report=_redacted_document(report),
        )
        for position, store in enumerate(report.stores):
            scan.stores.append(_store_row(position, store))
        with self._session(write=True) as session:
            session.add(scan)
            session.flush()
            return scan.id

    def delete(self, scan_id: int) -> None:
        with self._session(write=True) as session:
            row = session.get(ScanRow, scan_id)
            if row is None:
                raise ScanNotFound(f"no scan {scan_id} in {self.display_url}")
            session.delete(row)

    # -- reading

    def load(self, scan_id: int) -> Report:
        with self._session() as session:
            doc = session.scalar(select(ScanRow.report).where(ScanRow.id == scan_id))
        if doc is None:
            raise ScanNotFound(
                f"no scan {scan_id} in {self.display_url}: `leakwarden history` lists the saved scans"
            )
        return Report.model_validate(doc)

    def summary(self, scan_id: int) -> ScanSummary:
        summaries = self._summaries(select(ScanRow).where(ScanRow.id == scan_id))
        if not summaries:
            raise ScanNotFound(f"no scan {scan_id} in {self.display_url}")
        return summaries[0]

    def list_scans(self, limit: int = 50, *, targets: Iterable[str] | None = None) -> list[ScanSummary]:
        """The newest ``limit`` scans, newest first (optionally of one target set)."""
        query = select(ScanRow).order_by(ScanRow.started_at.desc(), ScanRow.id.desc()).limit(limit)
        if targets is not None:
            query = query.where(ScanRow.target_set == target_set_key(targets))
        return self._summaries(query)

    def previous_scan_id(self, scan_id: int) -> int | None:
        """The scan of the same target set saved just before ``scan_id``."""
        earlier = self.earlier_scan_ids(scan_id, limit=1)
        return earlier[0] if earlier else None

    def earlier_scan_ids(self, scan_id: int, limit: int = 30) -> list[int]:
        """Scans of the same target set as ``scan_id`` made before it, newest first."""
        with self._session() as session:
            row = session.get(ScanRow, scan_id)
            if row is None:
                raise ScanNotFound(f"no scan {scan_id} in {self.display_url}")
            return list(session.scalars(
                select(ScanRow.id)
                .where(ScanRow.target_set == row.target_set)
                .where(
                    (ScanRow.started_at < row.started_at)
                    | ((ScanRow.started_at == row.started_at) & (ScanRow.id < row.id))
                )
                .order_by(ScanRow.started_at.desc(), ScanRow.id.desc())
                .limit(limit)
            ))

    def latest_scan(self, targets: Iterable[str]) -> ScanSummary | None:
        found = self.list_scans(1, targets=targets)
        return found[0] if found else None

    def latest_for_targets(self, targets: list[str]) -> Report | None:
        """The newest report of exactly this set of targets, or None."""
        latest = self.latest_scan(targets)
        return self.load(latest.id) if latest else None

    def baseline_for_targets(self, targets: list[str]) -> tuple[ScanSummary, Report] | None:
        """What a new scan of ``targets`` should be compared with.

        The newest report of the target set, where each store that was
        unreachable (or failed) in it is replaced by that store as last read
        successfully; so that a store that drops off the network for a while
        and comes back is not reported as newly exposed.
        """
        latest = self.latest_scan(targets)
        if latest is None:
            return None
        report = self.load(latest.id)
        stores: list[Store] = []
        for store in report.stores:
            if store.status not in READABLE_STATUSES:
                stores.append(self._last_readable_store(store.target, before=latest.id) or store)
            else:
                stores.append(store)
        return latest, report.model_copy(update={"stores": stores})

    def _last_readable_store(self, target: str, *, before: int) -> Store | None:
        key = target_key(target)
        with self._session() as session:
            row = session.execute(
                select(StoreRow.scan_id, StoreRow.position)
                .join(ScanRow, ScanRow.id == StoreRow.scan_id)
                .where(StoreRow.target == key, StoreRow.status.in_(READABLE_STATUSES))
                .where(StoreRow.scan_id != before)
                .order_by(ScanRow.started_at.desc(), ScanRow.id.desc())
                .limit(1)
            ).first()
        if row is None:
            return None
        report = self.load(row.scan_id)
        return report.stores[row.position]

    def list_targets(self) -> list[TargetSummary]:
        """Every store target in the history, most recently scanned first."""
        with self._session() as session:
            rows = session.execute(
                select(
                    StoreRow.target,
                    func.count(StoreRow.id),
                    func.min(ScanRow.started_at),
                    func.max(ScanRow.started_at),
                )
                .join(ScanRow, ScanRow.id == StoreRow.scan_id)
                .group_by(StoreRow.target)
                .order_by(func.max(ScanRow.started_at).desc())
            ).all()
        ts = ScanRow.__table__.c.started_at.type
        return [
            TargetSummary(
                target=t,
                scans=n,
                first_seen=_as_datetime(first, ts, self._engine),
                last_seen=_as_datetime(last, ts, self._engine),
            )
            for t, n, first, last in rows
        ]

    def trend(self, target: str) -> list[TrendPoint]:
        """The store ``target`` across every scan that read it, oldest first."""
        key = target_key(target)
        personal = (
            select(func.count(CollectionRow.id))
            .where(CollectionRow.store_id == StoreRow.id, CollectionRow.personal.is_(True))
            .correlate(StoreRow)
            .scalar_subquery()
        )
        with self._session() as session:
            rows = session.execute(
                select(
                    StoreRow.scan_id,
                    ScanRow.started_at,
                    StoreRow.status,
                    StoreRow.risk_level,
                    StoreRow.risk_score,
                    StoreRow.anonymous_read,
                    StoreRow.persons,
                    StoreRow.persons_trackable,
                    personal,
                )
                .join(ScanRow, ScanRow.id == StoreRow.scan_id)
                .where(StoreRow.target == key)
                .order_by(ScanRow.started_at, ScanRow.id)
            ).all()
        return [
            TrendPoint(
                scan_id=r[0], time=r[1], status=r[2], risk_level=r[3], risk_score=r[4],
                anonymous_read=r[5], persons=r[6], persons_trackable=r[7],
                personal_collections=r[8] or 0,
            )
            for r in rows
        ]

    def count(self) -> int:
        with self._session() as session:
            return session.scalar(select(func.count(ScanRow.id))) or 0

    def _summaries(self, query: Any) -> list[ScanSummary]:
        with self._session() as session:
            scans = session.scalars(query.options(selectinload(ScanRow.stores))).all()
            ids = [s.id for s in scans]
            personal: dict[int, int] = {}
            if ids:
                personal = dict(
                    session.execute(
                        select(StoreRow.scan_id, func.count(CollectionRow.id))
                        .join(CollectionRow, CollectionRow.store_id == StoreRow.id)
                        .where(StoreRow.scan_id.in_(ids), CollectionRow.personal.is_(True))
                        .group_by(StoreRow.scan_id)
                    ).all()
                )
            return [
                ScanSummary(
                    id=s.id,
                    started_at=s.started_at,
                    finished_at=s.finished_at,
                    tool_version=s.tool_version,
                    targets=[st.target for st in s.stores],
                    risk_level=s.risk_level,
                    risk_score=s.risk_score,
                    anonymous_read=s.anonymous_read,
                    persons=s.persons,
                    stores=len(s.stores),
                    personal_collections=personal.get(s.id, 0),
                )
                for s in scans
            ]


def _as_datetime(value: Any, type_: Any, engine: Engine) -> datetime:
    # Aggregates (min/max) skip the column type's result processing on some dialects.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return type_.process_result_value(value, engine.dialect)


def _store_row(position: int, store: Store) -> StoreRow:
    row = StoreRow(
        position=position,
        target=target_key(store.target),
        kind=store.kind,
        version=store.version,
        status=store.status,
        risk_level=store.risk.level,
        risk_score=store.risk.score,
        anonymous_read=store.exposure.anonymous_read,
        tls=store.exposure.tls,
        persons=store.persons_estimated,
        persons_trackable=store.persons_trackable,
    )
    for coll in store.collections:
        crow = CollectionRow(
            name=coll.name,
            documents=coll.documents,
            personal=coll.personal,
            sensitivity=coll.sensitivity,
            persons=coll.persons_estimated,
            trackable=coll.trajectory.persons_trackable if coll.trajectory else None,
        )
        for f in coll.fields:
            crow.fields.append(FieldRow(path=f.path, categories=list(f.categories)))
        row.collections.append(crow)
    for check in store.checks:
        row.checks.append(CheckRow(check_id=check.id, status=check.status, severity=check.severity))
    return row


def _short_error(exc: SQLAlchemyError) -> str:
    """The driver's own message, first line only, redacted."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip().splitlines()
    return redact_db_url(text[0] if text else type(exc).__name__)
