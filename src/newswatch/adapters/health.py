"""Feed health stores: in memory (tests, one-off runs) and a JSON file in the data directory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

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


class JsonHealthStore(MemoryHealthStore):
    """Health in one JSON file, written atomically (a crash never leaves half a file)."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._lock = threading.Lock()
        if path.exists():
            try:
                for raw in json.loads(path.read_text("utf-8")):
                    self._items[raw["url"]] = _from_json(raw)
            except (ValueError, KeyError, TypeError):
                pass  # a damaged file only costs the validators: feeds are fetched in full

    def put(self, health: FeedHealth) -> None:
        with self._lock:
            super().put(health)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps([_to_json(h) for h in self._items.values()], indent=1)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".health-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(payload)
            os.replace(tmp, self.path)


def _to_json(h: FeedHealth) -> dict[str, Any]:
    out = dataclasses.asdict(h)
    for key in ("last_success", "last_attempt"):
        out[key] = out[key].isoformat() if out[key] else None
    return out


def _from_json(raw: dict[str, Any]) -> FeedHealth:
    for key in ("last_success", "last_attempt"):
        raw[key] = dt.datetime.fromisoformat(raw[key]) if raw.get(key) else None
    return FeedHealth(**raw)
