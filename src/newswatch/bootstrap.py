"""The composition root: the one place adapters are chosen and wired."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import platformdirs

from newswatch.adapters.health import JsonHealthStore
from newswatch.adapters.http import HttpFetcher
from newswatch.config import Settings
from newswatch.ports import HealthStore


@dataclasses.dataclass
class Services:
    settings: Settings
    fetcher: HttpFetcher
    health: HealthStore

    def close(self) -> None:
        self.fetcher.close()


def data_dir(settings: Settings) -> Path:
    return settings.data_dir or Path(platformdirs.user_data_dir("newswatch", appauthor=False))


def build(settings: Settings) -> Services:
    return Services(
        settings=settings,
        fetcher=HttpFetcher(settings.http),
        health=JsonHealthStore(data_dir(settings) / "feed-health.json"),
    )
