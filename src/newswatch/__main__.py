"""`newswatch` and `python -m newswatch`: the command line, with Ctrl-C handled from the first
instant (a Ctrl-C while the command is still loading exits quietly with code 130)."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from newswatch.cli import main as cli  # noqa: PLC0415  (loaded inside the guard)

        cli()
    except KeyboardInterrupt:
        sys.stderr.write("interrupted: stopped; everything stored before is kept\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
