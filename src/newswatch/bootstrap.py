"""The composition root: the one place adapters are chosen and wired."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import platformdirs

from newswatch.adapters.db.engine import default_url
from newswatch.adapters.db.store import SqlStore
from newswatch.adapters.http import HttpFetcher
from newswatch.config import Settings


@dataclasses.dataclass
class Services:
    settings: Settings
    fetcher: HttpFetcher
    store: SqlStore

    @property
    def health(self) -> SqlStore:
        """Feed health lives in the database with everything else."""
        return self.store

    def close(self) -> None:
        self.fetcher.close()
        self.store.close()


def data_dir(settings: Settings) -> Path:
    return settings.data_dir or Path(platformdirs.user_data_dir("newswatch", appauthor=False))


def database_url(settings: Settings) -> str:
    """NEWSWATCH_DATABASE_URL, else a SQLite file in the data directory."""
    return settings.database_url or default_url(data_dir(settings))


def open_store(settings: Settings) -> SqlStore:
    """The store, its schema created or migrated on first use."""
    return SqlStore.open(database_url(settings))


def build(settings: Settings) -> Services:
    return Services(
        settings=settings, fetcher=HttpFetcher(settings.http), store=open_store(settings)
    )
