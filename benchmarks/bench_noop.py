"""`newswatch run` with nothing to do: the fixed cost of every scheduled pass (make bench).

A local feed that does not change between passes; the first pass reads it, then `newswatch run`
is timed as a user runs it (a new process each time), with Python's own start-up measured in the
same run for scale, and where the time goes: the imports (`-X importtime`), by package.

Target (issue: unattended monitoring): a pass with nothing new in <= 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXE = Path(sys.executable).with_name("newswatch")
FEED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title>'
    b"<item><title>Old news</title><link>/news/old.html</link></item></channel></rss>"
)
PAGE = (b"<html><head><title>Old news</title></head><body><article><p>"
        + b"A market reopened after repairs; traders returned to their stalls. " * 20
        + b"</p></article></body></html>")  # fmt: skip


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = FEED if self.path.endswith(".xml") else PAGE
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml" if body is FEED else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=env["NEWSWATCH_DATA_DIR"], capture_output=True, check=True)
    return time.perf_counter() - t0


def _imports(env: dict[str, str]) -> Counter[str]:
    """Seconds of import by top-level package, for one no-op pass."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "newswatch", "run"],
                          env=env, cwd=env["NEWSWATCH_DATA_DIR"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    by_package: Counter[str] = Counter()
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        head, _cumulative, name = line.split("|")
        own = head.removeprefix("import time:")
        if own.strip().isdigit():
            by_package[name.strip().split(".")[0]] += int(own) / 1e6
    return by_package


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "noop.json")
    args = ap.parse_args(argv)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp) / "newswatch.toml"
        feed = f"http://127.0.0.1:{server.server_port}/feed.xml"
        cfg.write_text(f'[[feeds]]\nname = "Quiet"\nurl = "{feed}"\n'
                       "[http]\nper_host_delay = 0.0\nrespect_robots = false\n")  # fmt: skip
        clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}
        env = {**clean, "NEWSWATCH_CONFIG": str(cfg), "NEWSWATCH_DATA_DIR": tmp}
        _timed([str(EXE), "run"], env)  # the first pass reads the feed and its article
        python = [_timed([sys.executable, "-c", "pass"], env) for _ in range(args.repeat)]
        runs = [_timed([str(EXE), "run"], env) for _ in range(args.repeat)]
        imports = _imports(env)
    server.shutdown()
    result = {
        "noop_run_s": round(statistics.median(runs), 3),
        "python_startup_s": round(statistics.median(python), 3),
        "imports_s": round(sum(imports.values()), 3),
        "imports_by_package_s": {k: round(v, 3) for k, v in imports.most_common(8)},
        "target_s": 1.0,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1), "utf8")
    print(f"newswatch run with nothing new: {result['noop_run_s']:.2f} s (median of "
          f"{args.repeat}; Python start-up {result['python_startup_s']:.2f} s); imports "
          f"{result['imports_s']:.2f} s: " + ", ".join(
              f"{k} {v:.2f}" for k, v in result["imports_by_package_s"].items()))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
