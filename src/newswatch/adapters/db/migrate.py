"""Alembic, driven from code: upgrade to the newest schema, tell the current revision.

Alembic is loaded only to migrate: a store whose schema is current is checked with one plain
query against HEAD (kept equal to the newest migration by tests/adapters/test_db.py), so a
command that finds nothing to do does not pay for importing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration in migrations/versions.
HEAD = "0006"


def config(engine: Engine) -> Config:
    from alembic.config import Config  # noqa: PLC0415

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head(engine: Engine) -> str:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    script = ScriptDirectory.from_config(config(engine))
    return str(script.get_current_head())


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    with engine.connect().execution_options(readonly=True) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command  # noqa: PLC0415

    command.upgrade(config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command  # noqa: PLC0415

    command.downgrade(config(engine), revision)


def _stored_revision(engine: Engine) -> str | None:
    """The revision in alembic_version, without Alembic; None when there is none yet."""
    try:
        with engine.connect().execution_options(readonly=True) as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def ensure(engine: Engine) -> None:
    """Create or migrate the schema on first use (cheap when it is current: one query)."""
    if _stored_revision(engine) != HEAD:
        upgrade(engine)
