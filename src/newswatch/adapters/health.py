"""Feed health in memory: the fake of the HealthStore port (the real one is the SQL store)."""

from __future__ import annotations

from newswatch.ports import FeedHealth


class MemoryHealthStore:
    def __init__(self) -> None:
        self._items: dict[str, FeedHealth] = {}

    def get(self, url: str) -> FeedHealth | None:
        return self._items.get(url)

    def put(self, health: FeedHealth) -> None:
        self._items[health.url] = health

    def all(self) -> list[FeedHealth]:
        return list(self._items.values())
