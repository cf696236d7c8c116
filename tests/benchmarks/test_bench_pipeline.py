"""The pipeline benchmark measures what it says: pages that read as their articles, and a
stage table whose parts add up to the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_pipeline as bench
from benchmarks.onpage import in_site_chrome, render
from newswatch.ingest.clean import clean_html

META = {"url": "https://harbour.test/news/boats", "title": "Port police detain 12 smugglers",
        "published": "2026-05-04", "outlet": "Harbour Daily"}  # fmt: skip
BODY = (
    "Port police on Sunday detained 12 suspected smugglers in a raid on an online scam "
    "compound at the north quay.\n"
    "The 12 men, all Thai nationals, were taken to the provincial police station.\n"
    "Officers said the group had run fraud calls from a warehouse for weeks."
)
SITE = (
    b"<html><head><title>Old headline</title>"
    b'<meta property="og:title" content="Old headline">'
    b'<meta property="article:published_time" content="2020-01-01">'
    b'<link rel="canonical" href="https://old.test/x"></head><body>'
    b"<nav><a href='/'>Home</a><a href='/sport'>Sport</a></nav><main><h1>Old headline</h1>"
    b"<div class='story'><p>An old story about a market.</p><p>Traders came back.</p>"
    b"<p>Stalls reopened.</p></div><aside><p>Most read</p></aside></main></body></html>"
)


@pytest.mark.parametrize("page", [render(META, BODY), in_site_chrome(SITE, META, BODY)])
def test_pages_read_as_their_article(page: bytes | None) -> None:
    assert page is not None
    cleaned = clean_html(page, META["url"], "text/html")
    assert cleaned.title == META["title"]
    assert str(cleaned.published) == META["published"]
    assert "detained 12 suspected smugglers" in cleaned.text
    assert "market" not in cleaned.text and "Home" not in cleaned.text


def test_stage_table_adds_up(tmp_path: Path) -> None:
    pages = [(f"p{k}", f"https://harbour.test/n/{k}", render(
        {**META, "url": f"https://harbour.test/n/{k}"}, BODY.replace("12", str(12 + k))
    )) for k in range(3)]  # fmt: skip
    table = bench.stage_table(bench._sqlite(tmp_path), pages)
    stages = table["store_stages"]
    assert set(stages) == {"identity", "bands", "mentions", "placement", "fold", "outbox",
                           "commit"}  # fmt: skip
    assert all(v > 0 for v in stages.values()), stages
    assert table["store"] == pytest.approx(sum(stages.values()), abs=0.01)
    assert table["clean"] > 0 and table["extract"] > 0 and table["signature"] > 0
