"""The analyst's web view (`newswatch web`, and beside `newswatch serve`)."""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING

from newswatch.web.security import WebConfigError, check_bind

if TYPE_CHECKING:
    import uvicorn

    from newswatch.adapters.db.store import SqlStore
    from newswatch.config import Settings

__all__ = ["WebConfigError", "check_bind", "server", "start_in_thread"]


def server(store: SqlStore, settings: Settings, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for the view (not started). Raises WebConfigError when the address
    needs credentials that are not set."""
    import uvicorn  # noqa: PLC0415

    from newswatch.web.app import create_app  # noqa: PLC0415

    check_bind(host, settings.web)
    config = uvicorn.Config(
        create_app(store, settings), host=host, port=port, log_level="warning",
        access_log=False, server_header=False, proxy_headers=False,
    )  # fmt: skip
    return uvicorn.Server(config)


def start_in_thread(srv: uvicorn.Server, timeout: float = 15.0) -> threading.Thread:
    """Run the server in a daemon thread; return once it listens (RuntimeError if it could
    not, e.g. the port is taken)."""

    def run() -> None:
        # uvicorn exits (SystemExit) when it cannot bind: the caller is told below
        with contextlib.suppress(SystemExit, OSError):
            srv.run()

    thread = threading.Thread(target=run, name="newswatch-web", daemon=True)
    thread.start()
    waited = 0.0
    while not srv.started:
        if not thread.is_alive():
            raise RuntimeError(
                f"the web view could not listen on {srv.config.host}:{srv.config.port}"
            )
        thread.join(0.05)
        waited += 0.05
        if waited > timeout:
            raise RuntimeError("the web view did not start in time")
    return thread
