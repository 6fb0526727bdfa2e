"""The first history schema: scans, stores, collections, fields, checks.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started_at", _TS, nullable=False),
        sa.Column("finished_at", _TS, nullable=False),
        sa.Column("saved_at", _TS, nullable=False),
        sa.Column("tool_version", sa.String(64), nullable=False),
        sa.Column("schema_id", sa.String(64), nullable=False),
        sa.Column("target_set", sa.Text(), nullable=False),
        sa.Column("risk_level", sa.String(16), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=False),
        sa.Column("anonymous_read", sa.Boolean(), nullable=False),
        sa.Column("persons", sa.BigInteger(), nullable=True),
        sa.Column("report", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scans"),
    )
    op.create_index("ix_scans_started_at", "scans", ["started_at"])
    op.create_index("ix_scans_target_set", "scans", ["target_set"])

    op.create_table(
        "stores",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("version", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("risk_level", sa.String(16), nullable=False),
        sa.Column("risk_score", sa.Integer(), nullable=False),
        sa.Column("anonymous_read", sa.Boolean(), nullable=True),
        sa.Column("tls", sa.Boolean(), nullable=True),
        sa.Column("persons", sa.BigInteger(), nullable=True),
        sa.Column("persons_trackable", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name="fk_stores_scan_id_scans", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stores"),
    )
    op.create_index("ix_stores_scan_id", "stores", ["scan_id"])
    op.create_index("ix_stores_target", "stores", ["target"])

    op.create_table(
        "collections",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("documents", sa.BigInteger(), nullable=True),
        sa.Column("personal", sa.Boolean(), nullable=False),
        sa.Column("sensitivity", sa.Integer(), nullable=False),
        sa.Column("persons", sa.BigInteger(), nullable=True),
        sa.Column("trackable", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name="fk_collections_store_id_stores", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_collections"),
    )
    op.create_index("ix_collections_store_id", "collections", ["store_id"])

    op.create_table(
        "fields",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("categories", _JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["collection_id"], ["collections.id"],
            name="fk_fields_collection_id_collections", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_fields"),
    )
    op.create_index("ix_fields_collection_id", "fields", ["collection_id"])

    op.create_table(
        "checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("store_id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.String(128), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name="fk_checks_store_id_stores", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_checks"),
    )
    op.create_index("ix_checks_store_id", "checks", ["store_id"])


def downgrade() -> None:
    for table in ("checks", "fields", "collections", "stores", "scans"):
        op.drop_table(table)
