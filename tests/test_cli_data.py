"""The store commands as a user runs them: ingest, events, event, export, reextract, db.

Real processes against a real SQLite file and the real PostgreSQL; articles written for these
tests (tests/fixtures/multi_outlet and the short reports below).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tests.fixtures.cli import EXE, newswatch

ROOT = Path(__file__).resolve().parent.parent
MULTI = ROOT / "tests" / "fixtures" / "multi_outlet" / "articles"

YAML_ARTICLE = """---
url: https://outlet-h.test/2026/02/kampot-raid
title: "Kampot: 58 foreigners arrested"
published: 2026-02-05
outlet: Outlet H
---
Police in Kampot province arrested 58 foreign nationals on Wednesday in a raid on a building
used for online investment scams, the provincial police chief said.
"""
HTML_ARTICLE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Takeo raid</title>
<meta property="article:published_time" content="2026-02-20T08:00:00+07:00">
<link rel="canonical" href="https://outlet-i.test/takeo-raid"></head>
<body><nav>Home | World | Sport</nav><article><h1>Takeo raid nets 73 scam suspects</h1>
<p>Police in Takeo province arrested 73 people on Thursday in a raid on an online scam
compound near the border, the National Police said in a statement on Friday.</p>
<p>The suspects include 40 Chinese nationals and 33 Vietnamese nationals, police said, and
they will be questioned before any decision on deportation is taken by the court.</p>
<p>The compound had operated for about a year, according to residents of the district.</p>
</article><footer>Copyright Outlet I</footer></body></html>"""


@pytest.fixture
def env(tmp_path: Path, db_url: str) -> dict[str, str]:
    return {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path), "NEWSWATCH_DATABASE_URL": db_url}


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "kampot.txt").write_text(YAML_ARTICLE, "utf8")
    (folder / "takeo.html").write_bytes(HTML_ARTICLE)
    (folder / "notes.csv").write_text("ignored,because,not an article\n", "utf8")
    return folder


def test_ingest_then_list_show_and_export(
    env: dict[str, str], articles: Path, tmp_path: Path
) -> None:
    proc = newswatch(env, "ingest", "--json", str(articles))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["articles"] == {"new": 2} and summary["events"]["new_event"] == 2

    events = json.loads(newswatch(env, "events", "--json").stdout)
    by_count = {e["count"]: e for e in events}
    kampot, takeo = by_count[58], by_count[73]
    assert (kampot["action"], kampot["country"], kampot["admin1"]) == ("arrested", "KH", "Kampot")
    assert kampot["date"] == "2026-02-04"  # "on Wednesday" before 5 February
    assert kampot["mentions"][0]["outlet"] == "Outlet H"
    assert kampot["mentions"][0]["article_url"] == "https://outlet-h.test/2026/02/kampot-raid"
    assert takeo["nationalities"] == {"CN": 40, "VN": 33}
    assert takeo["mentions"][0]["published"] == "2026-02-20"

    # Filters
    only = json.loads(newswatch(env, "events", "--json", "--since", "2026-02-10").stdout)
    assert [e["count"] for e in only] == [73]
    assert json.loads(newswatch(env, "events", "--json", "--action", "deported").stdout) == []
    assert len(json.loads(newswatch(env, "events", "--json", "--country", "kh").stdout)) == 2

    table = newswatch(env, "events")
    assert table.returncode == 0 and "2 events" in table.stdout and "Kampot" in table.stdout

    shown = newswatch(env, "event", str(kampot["id"]))
    assert shown.returncode == 0, shown.stderr
    assert "provincial police chief" in shown.stdout and "outlet-h.test" in shown.stdout
    one = json.loads(newswatch(env, "event", str(kampot["id"]), "--json").stdout)
    assert one.pop("possible_matches") == [] and one == kampot  # `event` tells more

    rows = list(csv.DictReader(io.StringIO(newswatch(env, "export").stdout)))
    assert sorted(int(r["count"]) for r in rows) == [58, 73]
    assert json.loads(next(r for r in rows if r["count"] == "73")["nationalities"]) == {
        "CN": 40, "VN": 33,
    }  # fmt: skip
    out = tmp_path / "events.parquet"
    assert newswatch(env, "export", "--format", "parquet", "--out", str(out)).returncode == 0
    table_pq = pq.read_table(out)
    assert table_pq.num_rows == 2 and "urls" in table_pq.column_names
    exported = json.loads(newswatch(env, "export", "--format", "json").stdout)
    assert sorted(e["id"] for e in exported) == sorted(e["id"] for e in events)


def test_ingest_twice_and_an_edited_file(env: dict[str, str], articles: Path) -> None:
    assert newswatch(env, "ingest", str(articles)).returncode == 0
    again = json.loads(newswatch(env, "ingest", "--json", str(articles)).stdout)
    assert again["articles"] == {"unchanged": 2} and again["figures"] == 0
    path = articles / "kampot.txt"
    path.write_text(YAML_ARTICLE.replace("arrested 58", "arrested 61"), "utf8")
    edited = json.loads(newswatch(env, "ingest", "--json", str(articles)).stdout)
    assert edited["articles"] == {"updated": 1, "unchanged": 1}
    counts = sorted(e["count"] for e in json.loads(newswatch(env, "events", "--json").stdout))
    assert counts == [61, 73]


def test_bad_inputs_are_one_line_errors(
    env: dict[str, str], articles: Path, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    for args, needle in [
        (("ingest", str(tmp_path / "nothing-here")), "no such file or folder"),
        (("ingest", str(tmp_path / "empty")), "no .txt or .html files"),
        (("events", "--since", "last week"), "--since must be a date"),
        (("events", "--action", "kidnapped"), "--action must be one of"),
        (("event", "999"), "no event 999"),
        (("export", "--format", "parquet"), "needs --out"),
    ]:
        proc = newswatch(env, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert needle in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_an_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": "postgresql://nobody:secret@127.0.0.1:9/none"}  # fmt: skip
    proc = newswatch(env, "events")
    assert proc.returncode == 2 and "cannot open the database" in proc.stderr
    assert "secret" not in proc.stderr and "Traceback" not in proc.stderr


def test_an_unreadable_file_does_not_stop_the_others(env: dict[str, str], articles: Path) -> None:
    ghost = articles / "ghost.txt"
    ghost.symlink_to(articles / "missing-target.txt")
    proc = newswatch(env, "ingest", "--json", str(articles), str(ghost))
    assert proc.returncode == 1
    summary = json.loads(proc.stdout)
    assert summary["articles"] == {"new": 2} and any("ghost.txt" in f for f in summary["failed"])


def test_db_upgrade_and_current(env: dict[str, str]) -> None:
    before = newswatch(env, "db", "current")
    assert before.returncode == 0 and "none (empty)" in before.stdout
    up = newswatch(env, "db", "upgrade")
    assert up.returncode == 0 and "upgraded from empty" in up.stdout
    assert "already at" in newswatch(env, "db", "upgrade").stdout
    assert "up to date" in newswatch(env, "db", "current").stdout


def test_reextract_keeps_event_ids(env: dict[str, str]) -> None:
    assert newswatch(env, "ingest", str(MULTI)).returncode == 0
    before = {e["id"]: e["count"] for e in json.loads(newswatch(env, "events", "--json").stdout)}
    nothing = json.loads(newswatch(env, "reextract", "--json").stdout)
    assert nothing["files"] == 0  # every article is already at the current version
    redo = json.loads(newswatch(env, "reextract", "--all", "--json").stdout)
    assert redo["articles"] == {"reextracted": len(list(MULTI.glob("*.txt")))}
    after = {e["id"]: e["count"] for e in json.loads(newswatch(env, "events", "--json").stdout)}
    assert after == before


def _snapshot(env: dict[str, str]) -> dict[str, Any]:
    events = json.loads(newswatch(env, "events", "--json").stdout)
    return {
        "events": sorted(
            (e["action"], e["count"], e["date"], e["period_end"], len(e["mentions"]))
            for e in events
        ),
        "mentions": sum(len(e["mentions"]) for e in events),
    }


def _ingested_alone(env: dict[str, str], tmp_path: Path) -> dict[str, Any]:
    """The snapshot of the multi-outlet set ingested once, uninterrupted, in a fresh store."""
    alone_dir = tmp_path / "alone"
    alone_dir.mkdir()
    alone = {**env, "NEWSWATCH_DATA_DIR": str(alone_dir),
             "NEWSWATCH_DATABASE_URL": f"sqlite:///{alone_dir / 'alone.db'}"}  # fmt: skip
    assert newswatch(alone, "ingest", str(MULTI)).returncode == 0
    return _snapshot(alone)


def test_two_processes_ingesting_at_once_leave_one_copy(
    env: dict[str, str], tmp_path: Path
) -> None:
    cmd = [str(EXE), "ingest", "--json", str(MULTI)]
    procs = [
        subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e.decode() for _, e in outputs]
    summaries = [json.loads(o) for o, _ in outputs]
    files = len(list(MULTI.glob("*.txt")))
    # Each article was written by exactly one of the two processes.
    assert sum(s["articles"].get("new", 0) for s in summaries) == files
    assert _snapshot(env) == _ingested_alone(env, tmp_path)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("event", "99999999999999999999"), "event_id"),
        (("event", "0"), "event_id"),
        (("events", "--limit", "-5"), "--limit"),
    ],
)
def test_out_of_range_arguments_are_one_clear_error(
    tmp_path: Path, args: tuple[str, ...], needle: str
) -> None:
    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}  # fmt: skip
    proc = newswatch(env, *args)
    assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr


def test_a_database_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": "postgresql://postgres@127.0.0.1:9/none"}  # fmt: skip
    proc = newswatch(env, "events")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "cannot open the database" in proc.stderr and "Traceback" not in proc.stderr


def test_a_full_disk_is_one_line_and_the_next_ingest_recovers(tmp_path: Path) -> None:
    """The store's file may not grow past a few kilobytes (RLIMIT_FSIZE, as a full disk does):
    ingest stops with one line, keeps what it stored, and a later ingest stores the rest."""
    import resource
    import signal

    env = {**os.environ, "NEWSWATCH_DATA_DIR": str(tmp_path),
           "NEWSWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'full.db'}"}  # fmt: skip
    assert newswatch(env, "db", "upgrade").returncode == 0
    db = Path(env["NEWSWATCH_DATABASE_URL"].removeprefix("sqlite:///"))
    room = max(p.stat().st_size for p in db.parent.glob(db.name + "*")) + 16_384

    def full_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    proc = subprocess.run(
        [str(EXE), "ingest", str(MULTI)], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=300, check=False, preexec_fn=full_disk,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("error: database:"), proc.stderr

    assert newswatch(env, "ingest", str(MULTI)).returncode == 0
    assert _snapshot(env) == _ingested_alone(env, tmp_path)


THAI_REPORT = """---
url: https://outlet-t.test/2026/05/thai-workers-rescued
title: Thai workers rescued
published: 2026-05-04
outlet: Outlet T
---
Thai police rescued 12 Thai workers from a scam compound on Sunday, the Royal Thai Police said.
"""
CAMBODIAN_REPORT = """---
url: https://outlet-k.test/2026/05/twelve-freed
title: Twelve freed
published: 2026-05-05
outlet: Outlet K
---
Cambodian authorities freed 12 Thai nationals held at an online scam centre on Monday, police
said.
"""


def _rescues(env: dict[str, str]) -> list[tuple[int, int]]:
    events = json.loads(newswatch(env, "events", "--json").stdout)
    return sorted((e["id"], len(e["mentions"])) for e in events if e["action"] == "rescued")


def test_an_analyst_merges_and_splits_events_and_reextraction_keeps_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Two reports of one rescue that the evidence leaves apart (another acting country, a day
    apart, a common count): the analyst merges them, the merged id answers with the kept one,
    re-extraction keeps the merge; then splits them again, which re-extraction keeps too. No
    correction sends an alert (the count never changed)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "thai.txt").write_text(THAI_REPORT, "utf8")
    (folder / "cambodian.txt").write_text(CAMBODIAN_REPORT, "utf8")
    assert newswatch(env, "ingest", str(folder)).returncode == 0
    (first, _), (second, _) = _rescues(env)
    alerts = _outbox(env)
    shown = json.loads(newswatch(env, "event", str(first), "--json").stdout)
    assert [p["event"] for p in shown["possible_matches"]] == [second]
    assert f"possibly the same fact as: event {second}" in newswatch(
        env, "event", str(first)).stdout  # fmt: skip

    merged = newswatch(env, "event", str(first), "--merge", str(second), "--by", "ana")
    assert merged.returncode == 0, merged.stderr
    assert f"merged event {second} into event {first}" in merged.stderr
    assert _rescues(env) == [(first, 2)]
    shown = newswatch(env, "event", str(second), "--json")
    assert json.loads(shown.stdout)["id"] == first
    assert json.loads(shown.stdout)["merged_from"] == second
    assert f"event {second} was merged into event {first}" in newswatch(
        env, "event", str(second)).stdout  # fmt: skip
    assert newswatch(env, "reextract", "--all").returncode == 0
    assert _rescues(env) == [(first, 2)]

    mentions = json.loads(newswatch(env, "event", str(first), "--json").stdout)["mentions"]
    cambodian = next(m["id"] for m in mentions if "outlet-k" in m["article_url"])
    split = newswatch(env, "event", str(first), "--split", str(cambodian))
    assert split.returncode == 0, split.stderr
    after = _rescues(env)
    assert len(after) == 2 and (first, 1) in after and second not in [i for i, _ in after]
    assert newswatch(env, "reextract", "--all").returncode == 0
    assert _rescues(env) == after
    assert _outbox(env) == alerts

    wrong = newswatch(env, "event", str(first), "--split", str(cambodian))
    assert wrong.returncode == 2 and "not in event" in wrong.stderr
    same = newswatch(env, "event", str(first), "--merge", str(first))
    assert same.returncode == 2 and "already one" in same.stderr


def _outbox(env: dict[str, str]) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(env["NEWSWATCH_DATABASE_URL"])
    try:
        with engine.connect() as c:
            return int(c.execute(text("SELECT count(*) FROM outbox")).scalar() or 0)
    finally:
        engine.dispose()
