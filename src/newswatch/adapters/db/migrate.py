"""Alembic, driven from code: upgrade to the newest schema, tell the current revision."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def head(engine: Engine) -> str:
    script = ScriptDirectory.from_config(config(engine))
    return str(script.get_current_head())


def current(engine: Engine) -> str | None:
    with engine.connect().execution_options(readonly=True) as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    command.upgrade(config(engine), revision)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(config(engine), revision)


def ensure(engine: Engine) -> None:
    """Create or migrate the schema on first use (cheap when it is current: one query)."""
    if current(engine) != head(engine):
        upgrade(engine)
