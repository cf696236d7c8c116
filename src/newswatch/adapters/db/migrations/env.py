"""Alembic environment: runs on the engine newswatch hands over (see migrate.config)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from newswatch.adapters.db.engine import is_postgres
from newswatch.adapters.db.schema import Base

# Any constant: processes upgrading one PostgreSQL database at once take turns.
MIGRATION_LOCK = 7_355_608


def run() -> None:
    engine = context.config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            transactional_ddl=True,
            compare_type=True,
        )
        with context.begin_transaction():
            if is_postgres(engine):
                connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
            context.run_migrations()


run()
