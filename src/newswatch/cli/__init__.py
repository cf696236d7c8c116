"""The `newswatch` command line: each command is a thin call into the library."""

from newswatch.cli import data as _data  # noqa: F401  (registers the store commands)
from newswatch.cli import runs as _runs  # noqa: F401  (registers run and backfill)
from newswatch.cli import web as _web  # noqa: F401  (registers web and review)
from newswatch.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """The command line; what no command catches is one line, never a traceback: the database
    (gone, full, refusing) or the disk (full, read-only)."""
    import sys  # noqa: PLC0415

    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415

    try:
        app()
    except SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        sys.stderr.write(f"error: database: {first}\n")
        sys.exit(2)
    except OSError as exc:
        sys.stderr.write(
            f"error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}\n"
        )
        sys.exit(2)
