"""The `newswatch` command line: each command is a thin call into the library."""

from newswatch.cli import data as _data  # noqa: F401  (registers the store commands)
from newswatch.cli import runs as _runs  # noqa: F401  (registers run and backfill)
from newswatch.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
