"""The web view under test: a real uvicorn server on 127.0.0.1 over a real store, and a real
headless Chromium (Debian's, driven by Playwright) where a page is tested in a browser."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newswatch import catalog
from newswatch.adapters.db.store import SqlStore
from newswatch.config import Settings
from newswatch.ingest.files import document_from_file
from newswatch.web import server, start_in_thread
from tests.conftest import SHARED
from tests.dbs import BACKENDS, fresh_database

SEEDS, DEV = SHARED / "seeds", SHARED / "dev" / "articles"
CHROMIUM = os.environ.get("NEWSWATCH_TEST_CHROMIUM", "/usr/bin/chromium")


class Running:
    """A web view listening on 127.0.0.1, and the store it reads."""

    def __init__(self, store: SqlStore, settings: Settings | None = None) -> None:
        self.store = store
        settings = settings or Settings(feeds=[])
        self.srv = server(store, settings, "127.0.0.1", 0)
        self.thread = start_in_thread(self.srv)
        port = self.srv.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.srv.should_exit = True
        self.thread.join(10)


def fill_from_articles(store: SqlStore, folders: list[Path]) -> int:
    """Store the seeds and the dev set as `newswatch ingest` does; how many articles."""
    n = 0
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            catalog.record_article(store, document_from_file(path, path.read_bytes()))
            n += 1
    return n


@pytest.fixture(scope="session")
def dev_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStore]:
    """A SQLite store filled from the seeds and the dev articles (read in place)."""
    if not DEV.is_dir():
        pytest.skip("../shared/dev is not next to this checkout")
    path = tmp_path_factory.mktemp("web") / "dev.db"
    store = SqlStore.open(f"sqlite:///{path}")
    fill_from_articles(store, [SEEDS, DEV])
    yield store
    store.close()


@pytest.fixture(scope="session")
def dev_web(dev_store: SqlStore) -> Iterator[Running]:
    running = Running(dev_store)
    yield running
    running.stop()


@pytest.fixture(params=BACKENDS)
def empty_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """An empty store on a SQLite file, then on the real PostgreSQL."""
    with fresh_database(request.param, str(tmp_path)) as url:
        store = SqlStore.open(url)
        yield store
        store.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Headless Chromium from the system packages (installed by `make install`)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(f"no Chromium at {CHROMIUM}: `make install` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" else None,
    )
    pg.errors = errors
    yield pg
    context.close()
