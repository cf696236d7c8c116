"""Migrations and engine settings, on a SQLite file and on the real PostgreSQL."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from newswatch.adapters.db import migrate
from newswatch.adapters.db.engine import make_engine, normalize_url
from newswatch.adapters.db.schema import Base
from newswatch.adapters.db.store import SqlStore

# Indexes on an expression, which reflection cannot read back (SQLite skips them with a
# warning): checked by name instead (test_the_expression_indexes_exist).
EXPRESSION_INDEXES = {"ix_events_day"}


def _schema_diff(url: str) -> list[object]:
    engine = make_engine(url)

    def include(obj: object, name: str | None, type_: str, reflected: bool, _: object) -> bool:
        return not (type_ == "index" and name in EXPRESSION_INDEXES)

    with engine.connect() as conn, warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression")
        context = MigrationContext.configure(conn, opts={"include_object": include})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return list(diff)


def test_the_expression_indexes_exist(db_url: str) -> None:
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    query = (
        "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"
        if engine.dialect.name == "postgresql"
        else "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
    )
    with engine.connect() as conn:
        names = {row[0] for row in conn.execute(text(query))}
    engine.dispose()
    assert names >= EXPRESSION_INDEXES


def test_upgrade_an_empty_database_to_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    assert migrate.current(engine) is None
    migrate.upgrade(engine)
    assert migrate.current(engine) == migrate.head(engine)
    engine.dispose()
    assert _schema_diff(db_url) == []  # the migrations build exactly what the models say


def _revisions() -> list[str]:
    script = ScriptDirectory(str(migrate.MIGRATIONS))
    return [r.revision for r in script.walk_revisions()]


@pytest.mark.parametrize("revision", _revisions())
def test_upgrade_from_the_previous_revision_and_back(db_url: str, revision: str) -> None:
    engine = make_engine(db_url)
    script = ScriptDirectory(str(migrate.MIGRATIONS))
    previous = script.get_revision(revision).down_revision
    migrate.upgrade(engine, str(previous) if previous else "base")
    migrate.upgrade(engine)  # from the previous revision to the newest
    assert migrate.current(engine) == migrate.head(engine)
    migrate.downgrade(engine, str(previous) if previous else "base")
    migrate.upgrade(engine)
    engine.dispose()
    assert _schema_diff(db_url) == []


def test_first_use_creates_the_database_file_and_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "newswatch.db"
    store = SqlStore.open(f"sqlite:///{path}")
    assert path.exists()
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert {"articles", "events", "mentions", "outbox", "series"} <= set(
        inspect(store.engine).get_table_names()
    )
    store.close()
    SqlStore.open(f"sqlite:///{path}").close()  # opening again migrates nothing


def test_postgres_urls_use_psycopg() -> None:
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_data_survives_every_migration(db_url: str) -> None:
    """A database at the first revision, with data in it, migrates to the newest and keeps it."""
    engine = make_engine(db_url)
    migrate.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO outbox (key, kind, payload, quiet, created) "
            "VALUES ('new_event:1', 'new_event', '{}', false, CURRENT_TIMESTAMP)"
        ))  # fmt: skip
        conn.execute(text(
            "INSERT INTO articles (url, canonical_url, fetched, text, fingerprint, "
            "extractor_version, status, version, first_seen, updated) VALUES ('https://a.test/1', "
            "'https://a.test/1', CURRENT_TIMESTAMP, 'text', 'f', '1', 'ok', 1, CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP)"
        ))  # fmt: skip
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT key FROM outbox")).scalar() == "new_event:1"
        assert conn.execute(text("SELECT entry_stamp FROM articles")).scalar() is None
        assert conn.execute(text("SELECT count(*) FROM alert_deliveries")).scalar() == 0
        key = conn.execute(text("SELECT canonical_key FROM articles")).scalar()
    engine.dispose()
    assert key == hashlib.sha256(b"https://a.test/1").hexdigest()  # the identity, backfilled
    store = SqlStore.open(db_url)
    try:
        with store.reading() as r:
            found = r.article("https://a.test/1")
        assert found is not None and found.url == "https://a.test/1"
    finally:
        store.close()


def test_an_article_with_a_very_long_url_is_stored_and_found(db_url: str) -> None:
    """PostgreSQL's B-tree holds at most 2,704 bytes an entry: the URL is keyed by its hash."""
    from newswatch import catalog
    from newswatch.ports import Document

    url = "https://news.test/a?" + "&".join(f"utm_campaign{i}=x{i}&page{i}=y" for i in range(300))
    assert len(url) > 3000
    store = SqlStore.open(db_url)
    try:
        doc = Document(url=url, text="Police arrested 12 people in a raid on a scam compound.",
                       canonical_url=url)  # fmt: skip
        first = catalog.record_article(store, doc)
        again = catalog.record_article(store, doc)
        assert first.status == "new" and again.status == "unchanged"
        with store.reading() as r:
            assert r.known([url]) == {url: None}
    finally:
        store.close()


def test_head_constant_is_the_newest_migration() -> None:
    """`ensure` compares the stored revision with HEAD without loading Alembic."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.config(make_engine("sqlite://")))
    assert script.get_current_head() == migrate.HEAD


def test_a_feed_with_a_very_long_url_fails_and_recovers_without_breaking_the_store(
    db_url: str,
) -> None:
    """Its feed-down and recovery alerts are keyed in at most 200 characters."""
    import datetime as dt

    from newswatch.adapters.db.store import SqlStore
    from newswatch.ports import FeedHealth

    url = "https://news.test/rss?" + "&".join(f"topic{i}=scam" for i in range(60))
    store = SqlStore.open(db_url, feed_down_after=1)
    try:
        now = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
        store.put(FeedHealth(url=url, last_attempt=now, consecutive_failures=1, last_error="500"))
        later = now + dt.timedelta(hours=1)
        store.put(FeedHealth(url=url, last_attempt=later, last_success=later))
        with store.reading() as r:
            from newswatch.adapters.db.schema import OutboxRow

            rows = [(o.kind, o.payload["feed"]) for o in r.session.query(OutboxRow)]
        assert rows == [("feed_down", url), ("feed_recovered", url)]
    finally:
        store.close()
