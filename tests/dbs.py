"""Fresh databases for tests: a SQLite file, and a new database on the real PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "NEWSWATCH_TEST_DATABASE_URL"
PG_SKIP = (
    f"PostgreSQL tests need {PG_ENV} (set by .ci/run), e.g. postgresql://postgres@127.0.0.1/test"
)

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not os.environ.get(PG_ENV), reason=PG_SKIP),
    ),
]


@contextmanager
def fresh_database(backend: str, tmp_dir: str) -> Iterator[str]:
    """The URL of an empty database, dropped afterwards (PostgreSQL) or in tmp_dir (SQLite)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir}/newswatch-test.db"
        return
    from newswatch.adapters.db.engine import normalize_url

    base = make_url(normalize_url(os.environ[PG_ENV]))
    name = f"nw_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
