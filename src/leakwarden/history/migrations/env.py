"""Alembic environment of the history database.

leakwarden runs these migrations itself whenever it opens a history database
(:func:`leakwarden.history.store.upgrade`), handing over an open connection in
``config.attributes["connection"]``; there is no alembic.ini.  For writing a
new revision by hand::

    alembic -x url=sqlite:////tmp/h.sqlite -c /dev/null \\
        revision --autogenerate -m "what changed"

with ``script_location`` pointing here (see docs/history.md).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from leakwarden.history.models import Base

config = context.config
target_metadata = Base.metadata

# Serialises first-time creation when two processes open one PostgreSQL database at once.
_PG_LOCK_KEY = 0x6C65616B  # "leak"


def _configure_and_run(connection) -> None:  # noqa: ANN001 - alembic passes a Connection
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things: later revisions use batch mode there.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url)
    with engine.connect() as conn:
        _configure_and_run(conn)
    engine.dispose()


if context.is_offline_mode():  # pragma: no cover - offline SQL generation is not offered
    raise SystemExit("leakwarden's history migrations run online only")
run_migrations_online()
