"""The import rules of the architecture: a pure core, I/O only at the edges, no Prefect in src."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "newswatch"
PURE = [
    "models.py", "evaluation.py", "extract", "ingest", "events", "dedup.py", "alerts", "review.py",
    "web/views.py", "web/charts.py",
]  # fmt: skip
IO_MODULES = {"httpx", "sqlalchemy", "prefect", "apprise", "socket", "urllib.request", "requests"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _files(entry: str) -> list[Path]:
    path = SRC / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


@pytest.mark.parametrize(
    "path", [p for e in PURE for p in _files(e)], ids=lambda p: str(p.relative_to(SRC))
)
def test_pure_core_does_no_io(path: Path) -> None:
    imported = _imports(path)
    assert not {m for m in imported if m.split(".")[0] in IO_MODULES or m in IO_MODULES}
    assert "newswatch.adapters" not in {m.rsplit(".", 1)[0] for m in imported} | imported
    text = path.read_text("utf8")
    assert "os.environ" not in text and "date.today()" not in text and "datetime.now(" not in text


def test_no_prefect_under_src() -> None:
    for path in SRC.rglob("*.py"):
        assert not any(m.split(".")[0] == "prefect" for m in _imports(path)), path
