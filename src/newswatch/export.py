"""Events as files: CSV or Parquet (one row per event) and JSON (as `events --json`). One
exporter for `newswatch export` and the web view's downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from newswatch import catalog
from newswatch.ports import EventRecord

FORMATS = ("csv", "json", "parquet")


def flat(rec: EventRecord) -> dict[str, Any]:
    """One row per event for tables: nationalities as JSON text, sources joined."""
    row = catalog.event_to_json(rec.event)
    row["nationalities"] = json.dumps(row["nationalities"], sort_keys=True)
    row.update(
        series=rec.series_id,
        first_seen=rec.first_seen.isoformat(),
        last_changed=rec.last_changed.isoformat(),
        revisions=len(rec.event.revisions) - 1,
        mentions=len(rec.mentions),
        outlets="; ".join(sorted({m.outlet or "" for m in rec.mentions} - {""})),
        urls=" ".join(dict.fromkeys(m.article_url for m in rec.mentions)),
    )
    return row


EMPTY_ROW = (
    "id", "action", "count", "qualifier", "unit", "scope", "date", "period_start", "period_end",
    "nationalities", "women", "men", "country", "admin1", "place", "agency", "series",
    "first_seen", "last_changed", "revisions", "mentions", "outlets", "urls",
)  # fmt: skip


def to_csv(records: list[EventRecord]) -> str:
    rows = [flat(x) for x in records]
    buf = io.StringIO()
    fields = list(rows[0]) if rows else list(EMPTY_ROW)
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_json(records: list[EventRecord]) -> str:
    return json.dumps([catalog.record_to_json(x) for x in records], indent=1, ensure_ascii=False)


def to_parquet(records: list[EventRecord], out: Path | io.BytesIO) -> None:
    # Imported here: pyarrow takes longer to import than most commands take to run.
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    rows = [flat(x) for x in records]
    columns = {k: [r[k] for r in rows] for k in (list(rows[0]) if rows else EMPTY_ROW)}
    pq.write_table(pa.table(columns), out)
