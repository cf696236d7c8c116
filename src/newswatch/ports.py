"""The ports at the edges: small Protocols with a real and a fake implementation each."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Protocol


@dataclasses.dataclass
class FeedHealth:
    """What newswatch knows of one feed between runs."""

    url: str
    last_success: dt.datetime | None = None
    last_attempt: dt.datetime | None = None
    consecutive_failures: int = 0
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    entries_seen: int = 0


class HealthStore(Protocol):
    """Feed health, kept across runs (the storage issue moves it into the database)."""

    def get(self, url: str) -> FeedHealth | None: ...

    def put(self, health: FeedHealth) -> None: ...

    def all(self) -> list[FeedHealth]: ...
