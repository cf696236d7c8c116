"""Events across outlets, scored pairwise against gold, through the real command line.

The seeds, the dev set (../shared/dev, read in place) and our own multi-outlet set
(tests/fixtures/multi_outlet) are ingested together by `newswatch ingest`, as an evaluation
would; `newswatch events --json` is scored: of all pairs of mentions matched to gold figures,
those gold calls one event against those the output calls one event. Floors in baseline.json.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newswatch.evaluation import alerts_per_event, score_events
from newswatch.ingest.files import front_matter
from tests.fixtures.cli import newswatch

ROOT = Path(__file__).resolve().parents[2]
BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text("utf8"))["events"]
SETS = {
    "seeds": (ROOT / "seeds", ROOT / "seeds" / "gold"),
    "dev": (ROOT.parent / "shared" / "dev" / "articles", ROOT.parent / "shared" / "dev" / "gold"),
    "multi_outlet": (
        ROOT / "tests" / "fixtures" / "multi_outlet" / "articles",
        ROOT / "tests" / "fixtures" / "multi_outlet" / "gold",
    ),
}
EPS = 0.0005


def gold_by_url(name: str) -> dict[str, list[dict[str, Any]]]:
    texts, gold = SETS[name]
    out = {}
    for gold_file in sorted(gold.glob("*.json")):
        text_file = texts / f"{gold_file.stem}.txt"
        meta, _ = front_matter(text_file.read_text("utf8"))
        url = str(meta.get("url") or text_file.resolve().as_uri())
        out[url] = json.loads(gold_file.read_text("utf8"))["figures"]
    return out


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("events-golden")
    return {
        **os.environ,
        "NEWSWATCH_DATA_DIR": str(tmp),
        "NEWSWATCH_DATABASE_URL": f"sqlite:///{tmp / 'golden.db'}",
    }


@pytest.fixture(scope="module")
def events(env: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
    if not SETS["dev"][0].is_dir():
        pytest.skip("../shared/dev is not next to this checkout")
    proc = newswatch(env, "ingest", *(str(t) for t, _ in SETS.values()))
    assert proc.returncode == 0, proc.stderr
    out = newswatch(env, "events", "--json")
    assert out.returncode == 0, out.stderr
    yield json.loads(out.stdout)


@pytest.mark.parametrize("subset", ["seeds+dev", "multi_outlet"])
def test_pairwise_event_scores_stay_above_the_floor(
    events: list[dict[str, Any]], subset: str
) -> None:
    gold: dict[str, list[dict[str, Any]]] = {}
    for name in subset.split("+"):
        gold.update(gold_by_url(name))
    score = score_events(gold, events)
    floor = BASELINE[subset]
    detail = "\n".join(["false merges:", *score.false_merges, "missed:", *score.missed_merges])
    assert score.pairs_gold > 0
    assert score.precision >= floor["precision"] - EPS, detail
    assert score.recall >= floor["recall"] - EPS, detail


def new_event_alerts(env: dict[str, str]) -> list[int]:
    """The event of each "new event" alert, as it is now (merged events resolved)."""
    return new_event_alerts_of(env)


def new_event_alerts_of(env: dict[str, str]) -> list[int]:
    from sqlalchemy import create_engine, text

    url = env.get("NEWSWATCH_DATABASE_URL") or f"sqlite:///{env['NEWSWATCH_DATA_DIR']}/nw.db"
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            merged = dict(c.execute(text("SELECT id, merged_into FROM events")).all())
            alerted = c.execute(text("SELECT event_id FROM outbox WHERE kind = 'new_event'"))
            return [merged.get(e) or e for (e,) in alerted]
    finally:
        engine.dispose()


def test_one_new_event_alert_per_real_event(
    env: dict[str, str], events: list[dict[str, Any]]
) -> None:
    """Each real event that two or more articles report is told as new about once."""
    gold = {**gold_by_url("seeds"), **gold_by_url("dev")}
    real, alerts = alerts_per_event(gold, events, new_event_alerts(env))
    assert real > 0
    assert alerts / real <= BASELINE["alerts_per_multi_article_event"] + EPS, (real, alerts)


def test_ingesting_everything_again_changes_nothing(
    env: dict[str, str], events: list[dict[str, Any]]
) -> None:
    proc = newswatch(env, "ingest", "--json", *(str(t) for t, _ in SETS.values()))
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert set(summary["articles"]) == {"unchanged"}
    again = json.loads(newswatch(env, "events", "--json").stdout)
    assert again == events


def test_seed_003_total_is_a_series_value(events: list[dict[str, Any]]) -> None:
    (total,) = [e for e in events if e["action"] == "deported" and e["count"] == 2825]
    assert (total["scope"], total["period_start"], total["period_end"]) == (
        "cumulative", "2025-06-27", "2025-10-14",
    )  # fmt: skip
    assert total["series"] is not None


@pytest.fixture(scope="module")
def through_a_feed(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict[str, Any], dict[str, str], list[dict[str, Any]]]]:
    """The seeds and the dev set as pages of a local news site, in publication order, read by
    one `newswatch run` as a monitor would: (gold by page URL, env, events)."""
    from tests.fixtures.server import LocalServer
    from tests.fixtures.site import NewsSite, config

    if not SETS["dev"][0].is_dir():
        pytest.skip("../shared/dev is not next to this checkout")
    tmp = tmp_path_factory.mktemp("events-feed")
    server = LocalServer().start()
    try:
        site = NewsSite(server)
        pages = []
        for name in ("seeds", "dev"):
            texts, gold_dir = SETS[name]
            for gold_file in sorted(gold_dir.glob("*.json")):
                meta, body = front_matter((texts / f"{gold_file.stem}.txt").read_text("utf8"))
                gold = json.loads(gold_file.read_text("utf8"))
                day = str(meta.get("published") or gold.get("published"))
                title = str(meta.get("title") or body.strip().splitlines()[0])
                pages.append((day, gold_file.stem, title, body, gold["figures"]))
        gold_by_page = {}
        for day, stem, title, body, figures in sorted(pages, key=lambda p: (p[0], p[1])):
            gold_by_page[site.publish_text(stem, title, day, body)] = figures
        path = config(tmp, server, first_run="each")
        clean = {k: v for k, v in os.environ.items() if not k.startswith("NEWSWATCH_")}
        env = {**clean, "NEWSWATCH_CONFIG": str(path), "NEWSWATCH_DATA_DIR": str(tmp)}
        proc = newswatch(env, "run", "--json")
        assert proc.returncode == 0, proc.stderr
        out = newswatch(env, "events", "--json")
        assert out.returncode == 0, out.stderr
        yield gold_by_page, env, json.loads(out.stdout)
    finally:
        server.stop()


def test_events_read_through_a_feed_score_as_from_files(
    through_a_feed: tuple[dict[str, Any], dict[str, str], list[dict[str, Any]]],
) -> None:
    """What a monitor reads from pages links as well as what is ingested from files."""
    gold, env, events = through_a_feed
    score = score_events(gold, events)
    floor = BASELINE["seeds+dev via feed"]
    detail = "\n".join(["false merges:", *score.false_merges, "missed:", *score.missed_merges])
    assert score.precision >= floor["precision"] - EPS, detail
    assert score.recall >= floor["recall"] - EPS, detail
    real, alerts = alerts_per_event(gold, events, new_event_alerts_of(env))
    assert alerts / real <= floor["alerts_per_multi_article_event"] + EPS, (real, alerts)
    again = json.loads(newswatch(env, "run", "--json").stdout)
    assert again["articles"]["new"] == 0
    assert json.loads(newswatch(env, "events", "--json").stdout) == events  # a rerun adds 0
