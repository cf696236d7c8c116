"""Recording articles: identity, copies, events, revisions, series, outbox, re-extraction.

Every test runs on a SQLite file and on a fresh database of the real PostgreSQL. The articles
are short reports written for these tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from newswatch.adapters.db.schema import OutboxRow
from newswatch.adapters.db.store import SqlStore
from newswatch.catalog import Recorded, record_article, record_to_json
from newswatch.ports import Document

D = dt.date.fromisoformat
# A later extractor than the current one, for the re-extraction tests.
NEXT = "next"

FLIGHT_A = Document(
    url="https://outlet-a.test/news/312-deported?utm_source=rss",
    outlet="Outlet A",
    published=D("2026-03-08"),
    text=(
        "Cambodia deported 312 Chinese nationals on Saturday from Techo International Airport, "
        "the General Department of Immigration said. All of them had worked at an online scam "
        "compound."
    ),
)
FLIGHT_B = Document(
    url="https://outlet-b.test/2026/03/09/flight",
    outlet="Outlet B",
    published=D("2026-03-09"),
    text=(
        "A group of 312 Chinese citizens suspected of online fraud were flown out of Techo "
        "International Airport on March 7, immigration officials said on Sunday."
    ),
)
# Same count, same airport, a week later: another flight, not the same event.
FLIGHT_NEXT_WEEK = Document(
    url="https://outlet-b.test/2026/03/15/flight",
    outlet="Outlet B",
    published=D("2026-03-15"),
    text=(
        "Immigration officials said 312 Chinese citizens were deported on March 14 from Techo "
        "International Airport after a raid on an online scam compound."
    ),
)
RAID = [
    Document(
        url="https://outlet-a.test/raid-bavet",
        outlet="Outlet A",
        published=D("2026-03-10"),
        text=(
            "More than 100 people were detained on Monday in a police raid on the Golden Lotus "
            "scam compound in Bavet, Svay Rieng province, police said."
        ),
    ),
    Document(
        url="https://outlet-c.test/bavet-34",
        outlet="Outlet C",
        published=D("2026-03-11"),
        text=(
            "Police said 34 people were detained in Monday's raid on the Golden Lotus compound "
            "in Bavet, a town on the Vietnamese border, where victims were forced to run "
            "online scams."
        ),
    ),
    Document(
        url="https://outlet-b.test/bavet-26",
        outlet="Outlet B",
        published=D("2026-03-13"),
        text=(
            "Officials now say 26 people were detained in the raid on the Golden Lotus scam "
            "compound in Bavet on Monday; eight others were released as victims."
        ),
    ),
]
SERIES = [
    Document(
        url="https://outlet-a.test/since-june-2825",
        outlet="Outlet A",
        published=D("2025-10-15"),
        text=(
            "Cambodia has deported 2,825 foreigners involved in online scams from June 27 to "
            "October 14, 2025, the Ministry of Interior said."
        ),
    ),
    Document(
        url="https://outlet-c.test/since-june-3100",
        outlet="Outlet C",
        published=D("2025-11-30"),
        text=(
            "Cambodia has deported 3,100 foreigners involved in online scams since June 27, "
            "2025, the Ministry of Interior said on Sunday, November 30."
        ),
    ),
]
# A wire story long enough to be recognised when another site re-posts it.
WIRE = Document(
    url="https://wire.test/story/kampot-raid",
    outlet="Wire",
    published=D("2026-04-02"),
    text=(
        "Police in Kampot province arrested 58 foreign nationals on Wednesday in a raid on a "
        "building used for online investment scams, provincial police chief said. The suspects, "
        "who include Chinese, Vietnamese and Indonesian nationals, were found operating "
        "hundreds of phones and computers used to contact victims abroad. Officers also seized "
        "documents and bank cards during the operation, which followed a tip from a worker "
        "who escaped the building last month. The suspects are being questioned and will be "
        "handed to the immigration department for deportation after the investigation."
    ),
)


@pytest.fixture
def store(db_url: str) -> Iterator[SqlStore]:
    s = SqlStore.open(db_url)
    yield s
    s.close()


def events_json(store: SqlStore) -> list[dict]:  # type: ignore[type-arg]
    with store.reading() as r:
        return [record_to_json(e) for e in r.events()]


def counts(store: SqlStore) -> dict[str, int]:
    with store.reading() as r:
        return r.counts()


def test_two_outlets_one_event_and_the_same_article_twice_changes_nothing(
    store: SqlStore,
) -> None:
    first = record_article(store, FLIGHT_A)
    assert first.status == "new" and [c.kind for c in first.changes] == ["new_event"]
    second = record_article(store, FLIGHT_B)
    assert [c.kind for c in second.changes] == ["merged"]
    before = counts(store)
    again = [record_article(store, d) for d in (FLIGHT_A, FLIGHT_B)]
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    # The feed's tracking parameter makes no second article either.
    plain = dataclasses.replace(FLIGHT_A, url="https://outlet-a.test/news/312-deported")
    assert record_article(store, plain).status == "unchanged"
    assert counts(store) == before
    (event,) = events_json(store)
    assert event["count"] == 312 and event["date"] == "2026-03-07"
    assert event["nationalities"] == {"CN": 312}
    assert [m["outlet"] for m in event["mentions"]] == ["Outlet A", "Outlet B"]
    assert all(m["evidence"] and m["article_url"] for m in event["mentions"])


def test_events_json_contract(store: SqlStore) -> None:
    record_article(store, FLIGHT_A)
    (event,) = events_json(store)
    codebook = {
        "action", "count", "qualifier", "unit", "scope", "date", "period_start", "period_end",
        "nationalities", "women", "men", "country", "admin1", "place", "agency",
    }  # fmt: skip
    assert codebook | {"id", "first_seen", "last_changed", "revisions", "mentions"} <= set(event)
    (mention,) = event["mentions"]
    assert codebook | {"article_url", "outlet", "published", "evidence"} <= set(mention)
    (value,) = event["revisions"]
    assert value["count"] == 312 and value["article_url"] == FLIGHT_A.url
    dt.datetime.fromisoformat(event["first_seen"])


def test_same_count_a_week_later_is_another_event(store: SqlStore) -> None:
    for doc in (FLIGHT_A, FLIGHT_NEXT_WEEK):
        record_article(store, doc)
    assert sorted(e["date"] for e in events_json(store)) == ["2026-03-07", "2026-03-14"]


def test_revisions_keep_history_and_queue_one_alert_each(store: SqlStore) -> None:
    results = [record_article(store, d) for d in RAID]
    assert [[c.kind for c in r.changes] for r in results] == [
        ["new_event"], ["revised"], ["revised"],
    ]  # fmt: skip
    (event,) = events_json(store)
    assert (event["count"], event["qualifier"]) == (26, "exact")
    assert [(v["count"], v["kind"]) for v in event["revisions"]] == [
        (100, "first"), (34, "revised"), (26, "revised"),
    ]  # fmt: skip
    with store.reading() as r:
        rows = list(r.session.scalars(select(OutboxRow).order_by(OutboxRow.id)))
    assert [row.kind for row in rows] == ["new_event", "revised", "revised"]
    assert (rows[1].payload["previous_count"], rows[1].payload["event"]["count"]) == (100, 34)
    # Recording them all again queues nothing more.
    for d in RAID:
        record_article(store, d)
    assert counts(store)["outbox"] == 3


def test_an_old_article_first_seen_late_slots_into_history(store: SqlStore) -> None:
    for d in (RAID[0], RAID[2], RAID[1]):  # the middle report arrives last
        record_article(store, d)
    (event,) = events_json(store)
    assert event["count"] == 26
    assert [v["count"] for v in event["revisions"]] == [100, 34, 26]


def test_an_edited_article_is_a_new_version_that_revises(store: SqlStore) -> None:
    record_article(store, RAID[0])
    (before,) = events_json(store)
    edited = dataclasses.replace(
        RAID[0], text=RAID[0].text.replace("More than 100 people", "Police said 41 people")
    )
    result = record_article(store, edited)
    assert result.status == "updated" and result.article_id == result.article_id
    (after,) = events_json(store)
    assert after["id"] == before["id"] and after["count"] == 41
    assert counts(store)["articles"] == 1 and counts(store)["mentions"] == 1


def test_a_cumulative_total_with_a_later_end_is_a_new_series_value(store: SqlStore) -> None:
    first, second = (record_article(store, d) for d in SERIES)
    assert [c.kind for c in first.changes] == ["new_event"]
    (ch,) = second.changes
    assert ch.kind == "series_value" and ch.previous_count == 2825 and ch.event.count == 3100
    events = {e["count"]: e for e in events_json(store)}
    assert events[2825]["series"] == events[3100]["series"] is not None
    assert (events[2825]["period_start"], events[2825]["period_end"]) == (
        "2025-06-27",
        "2025-10-14",
    )


def test_a_syndicated_copy_joins_but_is_marked(store: SqlStore) -> None:
    record_article(store, WIRE)
    copy = dataclasses.replace(
        WIRE,
        url="https://reposter.test/kampot",
        outlet="Reposter",
        published=D("2026-04-03"),
        text="By Wire staff. " + WIRE.text + " Follow us for more news.",
    )
    result = record_article(store, copy)
    assert result.duplicate_of is not None and [c.kind for c in result.changes] == ["merged"]
    (event,) = events_json(store)
    assert [m["syndicated"] for m in event["mentions"]] == [False, True]


def test_reextraction_keeps_event_ids(store: SqlStore) -> None:
    for d in (FLIGHT_A, FLIGHT_B, *RAID, *SERIES):
        record_article(store, d)
    before = {(e["action"], e["count"]): e["id"] for e in events_json(store)}
    outbox = counts(store)["outbox"]
    with store.reading() as r:
        stale = r.stale_articles(NEXT)
    assert len(stale) == 7
    results = [record_article(store, d, extractor_version=NEXT) for d in stale]
    assert {r.status for r in results} == {"reextracted"}
    after = {(e["action"], e["count"]): e["id"] for e in events_json(store)}
    assert after == before
    assert counts(store)["outbox"] == outbox  # nothing new to tell anyone
    with store.reading() as r:
        assert r.stale_articles(NEXT) == []


def test_reextraction_drops_events_no_longer_reported(store: SqlStore) -> None:
    record_article(store, FLIGHT_A)
    record_article(store, RAID[0])

    def no_raids(text: str, published: dt.date | None) -> list:  # type: ignore[type-arg]
        from newswatch.extract import extract_figures

        return [f for f in extract_figures(text, published) if f.action != "arrested"]

    with store.reading() as r:
        stale = r.stale_articles(NEXT)
    for d in stale:
        record_article(store, d, extractor=no_raids, extractor_version=NEXT)
    assert [e["action"] for e in events_json(store)] == ["deported"]


def test_off_topic_and_skipped_articles_are_recorded_without_figures(store: SqlStore) -> None:
    doc = Document(url="https://outlet-a.test/weather", text="Sunny.", status="skipped",
                   skip_reason="too short")  # fmt: skip
    result = record_article(store, doc)
    assert result.status == "new" and result.figures == 0
    assert record_article(store, doc).status == "unchanged"


def test_feed_health_round_trips(store: SqlStore) -> None:
    from newswatch.ports import FeedHealth

    now = dt.datetime(2026, 3, 8, 12, tzinfo=dt.UTC)
    store.put(FeedHealth(url="https://a.test/feed", last_attempt=now, consecutive_failures=2,
                         last_error="HTTP 500"))  # fmt: skip
    store.put(FeedHealth(url="https://a.test/feed", last_attempt=now, last_success=now))
    (h,) = store.all()
    assert h.consecutive_failures == 0 and h.last_success == now and h.last_error is None
    assert store.get("https://b.test/feed") is None


def recorded_kinds(results: list[Recorded]) -> list[list[str]]:
    return [[c.kind for c in r.changes] for r in results]


def test_pages_without_text_are_nobodys_copies(store: SqlStore) -> None:
    skipped = [
        Document(
            url=f"https://outlet-a.test/video/{n}",
            text="",
            status="skipped",
            skip_reason="not HTML (video/mp4)",
        )
        for n in range(3)
    ]
    results = [record_article(store, d) for d in skipped]
    assert [r.duplicate_of for r in results] == [None, None, None]


def _as_read(*figures: dict) -> Any:  # type: ignore[type-arg]
    """An extractor that reads the given figures from any text (the fields an outlet's wording
    led the extractor to: what linking must cope with)."""
    from newswatch.models import Action, Figure, Qualifier, Scope, Unit

    base = {"qualifier": Qualifier.EXACT, "unit": Unit.PEOPLE, "scope": Scope.EVENT,
            "period_start": None, "period_end": None, "nationalities": {}, "women": None,
            "men": None, "admin1": None, "place": None, "agency": None, "evidence": "x",
            "span": (0, 1)}  # fmt: skip

    def extract(text: str, published: dt.date | None) -> list[Figure]:
        return [Figure(**{**base, **f, "action": Action(f["action"])}) for f in figures]

    return extract


def _doc(outlet: str, day: str) -> Document:
    return Document(url=f"https://{outlet}.test/{day}", outlet=outlet, published=D(day),
                    text=f"A report by {outlet} on {day}.")  # fmt: skip


def test_the_receiving_countrys_report_joins_the_event(store: SqlStore) -> None:
    """Phnom Penh says Cambodia deported 312; Beijing's outlet is read as China acting: one
    event (another country is evidence against, not a wall: blocking does not key on it)."""
    kh = {"action": "deported", "count": 312, "date": D("2026-03-07"), "country": "KH",
          "nationalities": {"CN": 312}}  # fmt: skip
    record_article(store, _doc("phnompenh", "2026-03-08"), extractor=_as_read(kh))
    cn = {**kh, "country": "CN", "date": D("2026-03-08")}
    result = record_article(store, _doc("beijing", "2026-03-08"), extractor=_as_read(cn))
    assert [c.kind for c in result.changes] == ["merged"]
    (event,) = events_json(store)
    assert event["country"] == "KH" and len(event["mentions"]) == 2


def test_two_articles_of_one_story_link_a_pair_the_fields_leave_in_doubt(
    store: SqlStore,
) -> None:
    """A Thai and a Cambodian report of one rescue disagree on the acting country and the day;
    a third report of the rescue alone stays apart from the Thai one. Then a Cambodian article
    that also reports the 621 flown home is one story with the Thai one: its rescue links to
    both earlier rescues, which are merged (the older id kept, the other redirected), with
    no new alert."""
    thai = {"action": "rescued", "count": 24, "date": D("2026-03-07"), "country": "TH",
            "nationalities": {"TH": 24}}  # fmt: skip
    flight = {"action": "deported", "count": 621, "date": D("2026-03-07"), "country": "TH",
              "nationalities": {"CN": 621}}  # fmt: skip
    cambodian = {**thai, "country": "KH", "date": D("2026-03-08")}
    first = record_article(store, _doc("bangkok", "2026-03-08"), extractor=_as_read(thai, flight))
    alone = record_article(store, _doc("other", "2026-03-09"), extractor=_as_read(cambodian))
    assert [c.kind for c in alone.changes] == ["new_event"]
    outbox = counts(store)["outbox"]
    story = record_article(store, _doc("phnompenh", "2026-03-09"),
                           extractor=_as_read(cambodian, flight))  # fmt: skip
    assert [c.kind for c in story.changes] == ["merged", "merged"]
    assert counts(store)["outbox"] == outbox
    rescue = first.changes[0].event.id
    (event,) = [e for e in events_json(store) if e["action"] == "rescued"]
    assert event["id"] == rescue and len(event["mentions"]) == 3
    with store.reading() as r:
        assert r.merged_into(alone.changes[0].event.id or 0) == rescue


def test_an_analyst_merge_that_changes_the_count_tells_it_once(store: SqlStore) -> None:
    from newswatch.catalog import LinkError, merge_events
    from newswatch.models import Qualifier

    estimate = {"action": "arrested", "count": 100, "qualifier": Qualifier.MORE_THAN,
                "date": D("2026-03-01"), "country": "KH", "place": "KB Park"}  # fmt: skip
    exact = {**estimate, "count": 34, "qualifier": Qualifier.EXACT, "date": D("2026-03-06")}
    a = record_article(store, _doc("first", "2026-03-02"), extractor=_as_read(estimate))
    b = record_article(store, _doc("later", "2026-03-07"), extractor=_as_read(exact))
    ids = [r.changes[0].event.id for r in (a, b)]
    assert ids[0] != ids[1]  # six days apart: two facts as far as the evidence goes
    outbox = counts(store)["outbox"]
    assert merge_events(store, ids[1], ids[0], by="ana") == (ids[0], ids[1])
    (event,) = events_json(store)
    assert event["id"] == ids[0] and event["count"] == 34
    assert counts(store)["outbox"] == outbox + 1  # one "revised" alert, no "new event"
    assert counts(store)["events"] == 1
    with pytest.raises(LinkError, match="already one"):
        merge_events(store, ids[0], ids[1], by="ana")
    with pytest.raises(LinkError, match="no event"):
        merge_events(store, ids[0], 999, by="ana")


def test_an_articles_title_is_read_as_its_headline(store: SqlStore) -> None:
    doc = Document(url="https://outlet.test/a", outlet="outlet", published=D("2026-03-09"),
                   title="Thailand deports 45 Chinese scam suspects",
                   text="Police said the group had run a call centre for a year.")  # fmt: skip
    record_article(store, doc)
    (event,) = events_json(store)
    assert (event["action"], event["count"]) == ("deported", 45)
