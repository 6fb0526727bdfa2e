"""The history database's tables (SQLAlchemy 2 ORM).

One row in ``scans`` per saved report, holding the whole report JSON (which
carries only masked examples and keyed-hash-derived counts, never raw values)
and the headline numbers; ``stores``, ``collections``, ``fields`` and
``checks`` break the report down so that lists, trends and queries need not
parse JSON.  The schema is created and evolved only by the Alembic migrations
in ``migrations/versions/``; a test keeps these models and the migrations in
step.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so that later migrations (and SQLite batch mode) can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no time zone; PostgreSQL's ``timestamptz`` does.  Both come
    back as aware UTC datetimes, so comparisons never mix naive and aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


#: JSON everywhere; JSONB on PostgreSQL so that reports can be queried there.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ScanRow(Base):
    __tablename__ = "scans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    tool_version: Mapped[str] = mapped_column(String(64), nullable=False)
    schema_id: Mapped[str] = mapped_column(String(64), nullable=False)
    #: the targets as one key (sorted, redacted, newline-joined): what a watch looks up
    target_set: Mapped[str] = mapped_column(Text, nullable=False)
    risk_level: Mapped[str] = mapped_column(String(16), nullable=False)
    risk_score: Mapped[int] = mapped_column(Integer, nullable=False)
    anonymous_read: Mapped[bool] = mapped_column(Boolean, nullable=False)
    persons: Mapped[int | None] = mapped_column(BigInteger)
    report: Mapped[dict[str, Any]] = mapped_column(JSONDocument, nullable=False, deferred=True)

    stores: Mapped[list[StoreRow]] = relationship(
        back_populates="scan", cascade="all, delete-orphan", passive_deletes=True,
        order_by="StoreRow.position",
    )

    __table_args__ = (
        Index("ix_scans_started_at", "started_at"),
        Index("ix_scans_target_set", "target_set"),
    )


class StoreRow(Base):
    __tablename__ = "stores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    target: Mapped[str] = mapped_column(Text, nullable=False)  # redacted
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    version: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    risk_level: Mapped[str] = mapped_column(String(16), nullable=False)
    risk_score: Mapped[int] = mapped_column(Integer, nullable=False)
    anonymous_read: Mapped[bool | None] = mapped_column(Boolean)
    tls: Mapped[bool | None] = mapped_column(Boolean)
    persons: Mapped[int | None] = mapped_column(BigInteger)
    persons_trackable: Mapped[int | None] = mapped_column(BigInteger)

    scan: Mapped[ScanRow] = relationship(back_populates="stores")
    collections: Mapped[list[CollectionRow]] = relationship(
        back_populates="store", cascade="all, delete-orphan", passive_deletes=True,
    )
    checks: Mapped[list[CheckRow]] = relationship(
        back_populates="store", cascade="all, delete-orphan", passive_deletes=True,
    )

    __table_args__ = (
        Index("ix_stores_scan_id", "scan_id"),
        Index("ix_stores_target", "target"),
    )


class CollectionRow(Base):
    __tablename__ = "collections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    documents: Mapped[int | None] = mapped_column(BigInteger)
    personal: Mapped[bool] = mapped_column(Boolean, nullable=False)
    sensitivity: Mapped[int] = mapped_column(Integer, nullable=False)
    persons: Mapped[int | None] = mapped_column(BigInteger)
    trackable: Mapped[int | None] = mapped_column(BigInteger)

    store: Mapped[StoreRow] = relationship(back_populates="collections")
    fields: Mapped[list[FieldRow]] = relationship(
        back_populates="collection", cascade="all, delete-orphan", passive_deletes=True,
    )

    __table_args__ = (Index("ix_collections_store_id", "store_id"),)


class FieldRow(Base):
    __tablename__ = "fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    collection_id: Mapped[int] = mapped_column(
        ForeignKey("collections.id", ondelete="CASCADE"), nullable=False
    )
    path: Mapped[str] = mapped_column(Text, nullable=False)
    categories: Mapped[list[str]] = mapped_column(JSONDocument, nullable=False)

    collection: Mapped[CollectionRow] = relationship(back_populates="fields")

    __table_args__ = (Index("ix_fields_collection_id", "collection_id"),)


class CheckRow(Base):
    __tablename__ = "checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id", ondelete="CASCADE"), nullable=False)
    check_id: Mapped[str] = mapped_column(String(128), nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)
    severity: Mapped[str] = mapped_column(String(16), nullable=False)

    store: Mapped[StoreRow] = relationship(back_populates="checks")

    __table_args__ = (Index("ix_checks_store_id", "store_id"),)
