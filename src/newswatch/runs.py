"""A monitor pass and a backfill: the use cases people run, as plain functions over services.

`newswatch run` calls them directly (no orchestrator, no server); the Prefect flows in flows/
call the same steps as thin tasks. Every step reports what happened in a `RunReport`; one bad
feed or article is counted and never stops the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from newswatch import EXTRACTOR_VERSION, catalog, pipeline
from newswatch.adapters.db.store import SqlStore
from newswatch.adapters.http import FetchError, HttpFetcher
from newswatch.alerts.messages import headline
from newswatch.bootstrap import Services
from newswatch.config import FeedConfig, Settings
from newswatch.ingest.sitemaps import parse_sitemap, robots_sitemaps
from newswatch.ingest.urls import host_of
from newswatch.models import Figure
from newswatch.ports import Document, FeedHealth

# Articles per batch: the unit of a Prefect task (a task run costs milliseconds and server rows:
# one per article would cost more than the work) and of progress. Measured with
# benchmarks/bench_flows.py: 100 keeps Prefect's share of a run under 10% (50 gave 10.5%).
BATCH = 100
# Sitemap documents read per site in a backfill (an index and its children).
MAX_SITEMAPS_PER_SITE = 50

Progress = Callable[[int], None]
T = TypeVar("T")


class NothingFetched(Exception):
    """A run in which every feed failed: something is wrong beyond one bad feed."""


class Interrupted(Exception):
    """Ctrl-C (or SIGTERM) during a run: `report` is what was stored before it. The article in
    hand was rolled back; everything not stored is still queued for the next pass."""

    def __init__(self, report: RunReport) -> None:
        super().__init__("interrupted")
        self.report = report


@dataclasses.dataclass(frozen=True)
class Item:
    """An article to read: where it came from and what the feed said of it."""

    url: str
    local: bool = False  # the feed is on a local address, so its links may be too
    published: dt.date | None = None
    outlet: str | None = None
    topic: tuple[str, ...] = ()
    stamp: str | None = None  # what the feed said of it: a new stamp means an edited article
    baseline: bool = False  # seen at the first sight of its feed: told in a summary

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["published"] = self.published.isoformat() if self.published else None
        d["topic"] = list(self.topic)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Item:
        pub = d.get("published")
        return cls(
            url=d["url"], local=bool(d.get("local")), outlet=d.get("outlet"),
            published=dt.date.fromisoformat(pub) if pub else None,
            topic=tuple(d.get("topic") or ()), stamp=d.get("stamp"),
            baseline=bool(d.get("baseline")),
        )  # fmt: skip


@dataclasses.dataclass
class RunReport:
    """What a run did, counted; `failures` names each feed or article that failed and why."""

    feeds: Counter[str] = dataclasses.field(default_factory=Counter)  # ok, unchanged, failed
    feed_warnings: int = 0
    articles: Counter[str] = dataclasses.field(default_factory=Counter)
    changes: Counter[str] = dataclasses.field(default_factory=Counter)
    figures: int = 0
    failures: list[str] = dataclasses.field(default_factory=list)
    # Alerts sent by channel: {"name": {"sent": n, "failed": n, "filtered": n}}
    delivered: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    # What the first sight of new feeds held: articles, figures, events, and their feeds
    baseline: Counter[str] = dataclasses.field(default_factory=Counter)
    baseline_feeds: list[str] = dataclasses.field(default_factory=list)
    # What changed, one line each: "#7 new event: Cambodia deported 312 Chinese nationals (...)"
    found: list[str] = dataclasses.field(default_factory=list)

    def add_delivery(self, reports: Iterable[Any]) -> RunReport:
        """Record what delivery did (newswatch.delivery.ChannelReport values)."""
        for r in reports:
            counts = self.delivered.setdefault(r.channel, {"sent": 0, "failed": 0, "filtered": 0})
            counts["sent"] += r.sent
            counts["failed"] += r.failed
            counts["filtered"] += r.filtered
            if r.error:
                self.failures.append(f"alerts to {r.channel}: {r.error}")
        return self

    def add(self, other: RunReport) -> RunReport:
        self.feeds.update(other.feeds)
        self.feed_warnings += other.feed_warnings
        self.articles.update(other.articles)
        self.changes.update(other.changes)
        self.figures += other.figures
        self.failures += other.failures
        self.baseline.update(other.baseline)
        self.found += other.found
        self.baseline_feeds += [f for f in other.baseline_feeds if f not in self.baseline_feeds]
        for channel, counts in other.delivered.items():
            mine = self.delivered.setdefault(channel, {"sent": 0, "failed": 0, "filtered": 0})
            for k, v in counts.items():
                mine[k] = mine.get(k, 0) + v
        return self

    @property
    def alerts(self) -> int:
        return sum(self.changes[k] for k in catalog.ALERT_KINDS)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feeds": {k: self.feeds.get(k, 0) for k in ("ok", "unchanged", "failed")},
            "feed_warnings": self.feed_warnings,
            "articles": {
                k: self.articles.get(k, 0)
                for k in (
                    "new",
                    "updated",
                    "known",
                    "copies",
                    "off_topic",
                    "skipped",
                    "failed",
                    "deferred",
                )
            },
            "figures": self.figures,
            "events": {
                k: self.changes.get(k, 0)
                for k in ("new_event", "merged", "revised", "series_value")
            },
            "alerts_queued": self.alerts,
            "alerts_delivered": {k: dict(v) for k, v in self.delivered.items()},
            "failures": list(self.failures),
            "baseline": {"feeds": list(self.baseline_feeds), **self.baseline},
            "found": list(self.found),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunReport:
        return cls(
            feeds=Counter(d["feeds"]), feed_warnings=d["feed_warnings"],
            articles=Counter(d["articles"]), changes=Counter(d["events"]), figures=d["figures"],
            failures=list(d["failures"]),
            delivered={k: dict(v) for k, v in d.get("alerts_delivered", {}).items()},
            baseline=Counter({k: v for k, v in d.get("baseline", {}).items() if k != "feeds"}),
            baseline_feeds=list(d.get("baseline", {}).get("feeds", [])),
            found=list(d.get("found", [])),
        )  # fmt: skip


# --- feeds -----------------------------------------------------------------------------------


def check_feeds(
    services: Services,
    feed_urls: Sequence[str] | None = None,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> tuple[list[Item], RunReport]:
    """Fetch the configured feeds (or these) and queue their unread entries, each feed's new
    state saved in the transaction that queues its entries (so a feed never reads as unchanged
    while entries it gave are unread). Returns every queued entry due now: this pass's, and
    those an interrupted or failed earlier pass left."""
    settings, store = services.settings, services.store
    feeds = [f for f in settings.feeds if feed_urls is None or _named(f, feed_urls)]
    states = [store.get(f.label) or FeedHealth(url=f.label) for f in feeds]
    first_sight = [s.last_success is None for s in states]  # never read: a baseline
    outcomes = pipeline.fetch_feeds(
        services.fetcher, states, fetch=[(f.fetch_url, f.secrets) for f in feeds]
    )
    report = RunReport()
    seen: set[str] = set()
    per_feed: list[list[Item]] = []
    for feed, outcome, first in zip(feeds, outcomes, first_sight, strict=True):
        report.feeds[outcome.status] += 1
        report.feed_warnings += len(outcome.warnings)
        if outcome.status == "failed":
            report.failures.append(f"feed {feed.label}: {outcome.error}")
        local = pipeline.is_local(feed.label)
        topic = tuple(feed.topic if feed.topic is not None else settings.topic)
        items = []
        for entry in outcome.entries:
            if entry.url and entry.url not in seen:
                seen.add(entry.url)
                items.append(Item(
                    entry.url, local, entry.published.date() if entry.published else None,
                    feed.name, topic, entry.stamp, baseline=first,
                ))  # fmt: skip
        per_feed.append(items)
    fresh = {i.url for i in unseen(store, [i for items in per_feed for i in items])[0]}
    at = now()
    for state, items in zip(states, per_feed, strict=True):
        queue = [(i.url, i.to_dict()) for i in items if i.url in fresh]
        report.articles["known"] += len(items) - len(queue)
        store.advance_feed(state, queue, at)
    with store.reading() as r:
        due = r.due_entries(at, [f.label for f in feeds])
    # A pass reads at most `articles_per_feed` entries of each feed (oldest queued first): a
    # feed of 20,000 entries cannot hold a pass for hours, and what waits stays queued.
    taken: Counter[str | None] = Counter()
    now_due = []
    for e in due:
        if taken[e.feed_url] < settings.articles_per_feed:
            taken[e.feed_url] += 1
            now_due.append(e)
    report.articles["deferred"] += len(due) - len(now_due)
    return [Item.from_dict({**e.item, "url": e.url}) for e in now_due], report


def _named(feed: FeedConfig, urls: Sequence[str]) -> bool:
    """Whether a list of feed URLs (`--feed URL`) names this feed, as written or as shown."""
    return feed.url in urls or feed.label in urls


def unseen(store: SqlStore, items: Sequence[Item]) -> tuple[list[Item], int]:
    """The items not stored yet (identity, not age, decides), and how many were known."""
    with store.reading() as r:
        known = r.known([i.url for i in items])
    fresh = [
        i
        for i in items
        if i.url not in known
        or (i.stamp is not None and known[i.url] is not None and known[i.url] != i.stamp)
    ]  # an edited entry is read again: the store keeps it as a new version
    return fresh, len(items) - len(fresh)


# --- articles --------------------------------------------------------------------------------


def _document(outcome: pipeline.ArticleOutcome, item: Item) -> Document | None:
    page = outcome.page
    if outcome.status == "failed":
        return None
    if page is None:  # skipped: recorded with its reason, so it is not fetched again
        return Document(
            url=item.url, text="", outlet=item.outlet, published=item.published,
            raw_html=outcome.raw, status="skipped", skip_reason=outcome.reason,
            entry_stamp=item.stamp,
        )  # fmt: skip
    return Document(
        url=item.url, text=page.text, title=page.title, outlet=item.outlet or page.site_name,
        published=page.published or item.published, language=page.language,
        raw_html=outcome.raw, status="ok" if outcome.status == "ok" else outcome.status,
        skip_reason=outcome.reason,
        canonical_url=page.canonical_url if page.canonical_url != item.url else None,
        entry_stamp=item.stamp,
    )  # fmt: skip


Read = list[tuple[Item, pipeline.ArticleOutcome]]


def read(services: Services, items: Sequence[Item]) -> Read:
    """Fetch, clean and extract a batch of articles (network in threads, CPU in processes)."""
    by_topic: dict[tuple[str, ...], list[Item]] = {}
    for item in items:
        by_topic.setdefault(item.topic, []).append(item)
    out: Read = []
    for topic, group in by_topic.items():
        outcomes = pipeline.read_articles(
            services.fetcher, [(i.url, i.local, i.published) for i in group], topic,
            cpu=services.cpu,
        )  # fmt: skip
        out += zip(group, outcomes, strict=True)
    return out


def record(
    services: Services,
    outcomes: Read,
    *,
    quiet: bool = False,
    report: RunReport | None = None,
    progress: Callable[[], None] | None = None,
) -> RunReport:
    """Store what `read` found: one short transaction per article (`progress()` after each)."""
    report = report if report is not None else RunReport()
    for item, outcome in outcomes:
        doc = _document(outcome, item)
        if doc is None:
            settings = services.settings
            with services.store.transaction() as tx:
                gave_up = tx.entry_failed(
                    item.url, outcome.reason or "failed", dt.datetime.now(dt.UTC),
                    delay=settings.article_retry_delay, attempts=settings.article_attempts,
                )  # fmt: skip
            report.articles["failed"] += 1
            tail = f" (given up after {settings.article_attempts} attempts)" if gave_up else ""
            report.failures.append(f"article {item.url}: {outcome.reason}{tail}")
        else:
            hush, before = quiet, None
            if item.baseline and not quiet:
                horizon = services.settings.first_run_horizon
                if services.settings.first_run == "summary":
                    hush = True
                elif horizon:
                    before = dt.date.today() - dt.timedelta(days=horizon)
            recorded = catalog.record_article(
                services.store, doc, extractor=_given(outcome.figures), quiet=hush,
                entry=item.url, quiet_before=before,
            )  # fmt: skip
            _count(report, recorded, outcome.status)
            if item.baseline and recorded.status != "unchanged":
                report.baseline["articles"] += 1
                report.baseline["figures"] += recorded.figures
                report.baseline.update(c.kind for c in recorded.changes if c.kind != "merged")
                report.baseline["summarised"] += sum(
                    c.kind in catalog.ALERT_KINDS
                    and (hush or catalog.happened_before(c.event, before))
                    for c in recorded.changes
                )
                if item.outlet and item.outlet not in report.baseline_feeds:
                    report.baseline_feeds.append(item.outlet)
        if progress:
            progress()
    return report


def read_and_record_all(
    services: Services,
    items: Sequence[Item],
    *,
    quiet: bool = False,
    progress: Callable[[int, int], None] | None = None,
    report: RunReport | None = None,
    budget: float | None = None,
) -> RunReport:
    """Every item, batch by batch, reading the next batch while the last one is stored (the
    store works in this thread while the network and the worker processes are busy). With a
    `budget` (seconds), no batch starts after it is spent: the rest stays queued (deferred).
    Ctrl-C raises `Interrupted` at once, with what was stored; the reads in flight are
    abandoned (their entries stay queued)."""
    report = report if report is not None else RunReport()
    todo = batches(items)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(items))

    started = time.monotonic()
    ahead = ThreadPoolExecutor(max_workers=1)
    try:
        upcoming = ahead.submit(read, services, todo[0]) if todo else None
        for n, _batch in enumerate(todo):
            assert upcoming is not None
            outcomes = upcoming.result()
            if n + 1 < len(todo):
                if budget is not None and time.monotonic() - started > budget:
                    left = sum(len(b) for b in todo[n + 1 :])
                    report.articles["deferred"] += left
                    report.failures.append(
                        f"pass budget of {budget:g} s spent: {left} articles left for the next pass"
                    )
                    record(services, outcomes, quiet=quiet, report=report, progress=step)
                    break
                upcoming = ahead.submit(read, services, todo[n + 1])
            record(services, outcomes, quiet=quiet, report=report, progress=step)
    except KeyboardInterrupt:
        ahead.shutdown(wait=False, cancel_futures=True)
        raise Interrupted(report) from None
    ahead.shutdown(wait=True)
    return report


def _given(figures: Iterable[Figure]) -> catalog.Extractor:
    """The figures read while the page was cleaned, handed to the store as its extractor."""
    found = list(figures)
    return lambda _text, _published: found


def _count(report: RunReport, recorded: catalog.Recorded, status: str) -> None:
    if recorded.status == "unchanged":
        report.articles["known"] += 1
        return
    if status in ("off_topic", "skipped"):
        report.articles[status] += 1
    else:
        report.articles["new" if recorded.status == "new" else "updated"] += 1
    if recorded.duplicate_of is not None:
        report.articles["copies"] += 1
    report.figures += recorded.figures
    report.changes.update(c.kind for c in recorded.changes)
    for c in recorded.changes:
        if c.kind in catalog.ALERT_KINDS:
            published = c.mention.published.isoformat() if c.mention.published else None
            line = headline(catalog.event_to_json(c.event), published)
            if c.kind == "revised" and c.previous_count is not None:
                line += f", was {c.previous_count:,}"
            report.found.append(f"#{c.event.id} {_FOUND[c.kind]}: {line}")


_FOUND = {"new_event": "new event", "revised": "revised", "series_value": "series value"}


def batches(items: Sequence[T], size: int | None = None) -> list[list[T]]:
    n = size or BATCH
    return [list(items[i : i + n]) for i in range(0, len(items), n)]


def monitor_pass(
    services: Services, progress: Callable[[int, int], None] | None = None
) -> RunReport:
    """One pass: feeds, their new entries, each read and recorded. Raises NothingFetched when
    every feed failed. `progress(done, total)` after each batch."""
    try:
        fresh, report = check_feeds(services)
    except KeyboardInterrupt:
        raise Interrupted(RunReport()) from None
    if progress:
        progress(0, len(fresh))
    read_and_record_all(
        services, fresh, progress=progress, report=report, budget=services.settings.pass_budget
    )
    finish_pass(services, report)
    if report.feeds["failed"] and not (report.feeds["ok"] or report.feeds["unchanged"]):
        raise NothingFetched("; ".join(report.failures[:5]))
    return report


# --- backfill --------------------------------------------------------------------------------


def _sitemap_roots(fetcher: HttpFetcher, site: str) -> list[str]:
    """A site's sitemaps: those its robots.txt declares, else /sitemap.xml."""
    local = pipeline.is_local(site)
    try:
        robots = fetcher.fetch(f"{site}/robots.txt", allow_private=local)
        declared = robots_sitemaps(robots.body, site) if robots.status == 200 else []
    except FetchError:
        declared = []
    return declared or [f"{site}/sitemap.xml", f"{site}/news-sitemap.xml"]


def sitemap_items(
    services: Services, since: dt.date, until: dt.date, feed_urls: Sequence[str] | None = None
) -> tuple[list[Item], RunReport]:
    """Pages the feeds' sites list in their (news) sitemaps, published within the range.
    Pages without a date are kept: the article's own date decides after reading it."""
    settings: Settings = services.settings
    report = RunReport()
    items: dict[str, Item] = {}
    sites: dict[str, Any] = {}
    for feed in settings.feeds:
        if feed_urls is not None and not _named(feed, feed_urls):
            continue
        url = feed.label
        scheme = url.split("://", 1)[0]
        sites.setdefault(f"{scheme}://{host_of(url)}" + _port(url), feed)
    for site, feed in sites.items():
        local = pipeline.is_local(site)
        topic = tuple(feed.topic if feed.topic is not None else settings.topic)
        queue, seen = _sitemap_roots(services.fetcher, site), set()
        read = 0
        while queue and read < MAX_SITEMAPS_PER_SITE:
            sm_url = queue.pop(0)
            if sm_url in seen:
                continue
            seen.add(sm_url)
            try:
                res = services.fetcher.fetch(sm_url, allow_private=local)
            except FetchError as exc:
                report.failures.append(f"sitemap {sm_url}: {exc}")
                continue
            read += 1
            doc = parse_sitemap(res.body, res.final_url)
            if doc.error:
                report.failures.append(f"sitemap {sm_url}: {doc.error}")
            for child, lastmod in doc.children:
                if lastmod is None or lastmod >= since:  # older children hold older pages
                    queue.append(child)
            for page in doc.pages:
                inside = page.published is None or since <= page.published <= until
                if inside and page.url not in items:
                    items[page.url] = Item(page.url, local, page.published, feed.name, topic)
        report.feeds["ok" if read else "failed"] += 1
    return list(items.values()), report


def _port(url: str) -> str:
    netloc = url.split("://", 1)[-1].split("/", 1)[0]
    return ":" + netloc.rsplit(":", 1)[1] if ":" in netloc.split("@")[-1] else ""


def url_items(lines: Iterable[str], settings: Settings) -> list[Item]:
    """Items from a list of URLs (one per line; blank lines and # comments ignored)."""
    out: dict[str, Item] = {}
    for line in lines:
        url = line.strip()
        if url and not url.startswith("#") and url.startswith(("http://", "https://")):
            out.setdefault(
                url, Item(url, pipeline.is_local(url), None, None, tuple(settings.topic))
            )
    return list(out.values())


def reextract_stored(
    services: Services,
    since: dt.date,
    until: dt.date,
    progress: Progress | None = None,
    quiet: bool = True,
) -> RunReport:
    """Run the current extractor over stored articles published within the range that an
    older extractor read. Event ids are kept."""
    report = RunReport()
    with services.store.reading() as r:
        docs = r.stale_articles(EXTRACTOR_VERSION, since, until)
    try:
        for doc in docs:
            recorded = catalog.record_article(
                services.store, doc, extractor_version=EXTRACTOR_VERSION, quiet=quiet
            )
            _count(report, recorded, "ok")
            if progress:
                progress(1)
    except KeyboardInterrupt:
        raise Interrupted(report) from None
    return report


SOURCES = ("sitemaps", "urls", "stored")


def backfill_range(
    since: str,
    until: str | None,
    source: str = "sitemaps",
    names: tuple[str, str] = ("since", "until"),
) -> tuple[dt.date, dt.date]:
    """A backfill's arguments checked as every front end takes them (the CLI, the flow's
    parameters): ValueError with a message a person can act on."""

    def day(value: str, name: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None

    first = day(since, names[0])
    last = day(until, names[1]) if until else dt.date.today()
    if first > last:
        raise ValueError(f"{names[0]} {first} is after {names[1]} {last}")
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    return first, last


def split_range(first: dt.date, last: dt.date, parts: int) -> list[tuple[dt.date, dt.date]]:
    """[first, last] cut into at most `parts` consecutive ranges of near-equal days."""
    days = (last - first).days + 1
    n = max(1, min(parts, days))
    bounds = [first + dt.timedelta(days=days * i // n) for i in range(n + 1)]
    return [(bounds[i], bounds[i + 1] - dt.timedelta(days=1)) for i in range(n)]


def read_nothing(report: RunReport) -> bool:
    """A backfill whose every source failed and that read nothing: a failure, not a quiet
    success."""
    d = report.to_dict()
    read = sum(d["articles"][k] for k in ("new", "updated", "known", "off_topic", "skipped"))
    return bool(report.feeds["failed"]) and not report.feeds["ok"] and read == 0


def backfill_items(
    services: Services,
    *,
    since: dt.date,
    until: dt.date,
    source: str,
    feed_urls: Sequence[str] | None = None,
    urls: Sequence[str] = (),
) -> tuple[list[Item], RunReport]:
    """What a backfill will read (sitemaps or a URL list), minus what is stored already."""
    if source == "sitemaps":
        items, report = sitemap_items(services, since, until, feed_urls)
    elif source == "urls":
        items, report = url_items(urls, services.settings), RunReport()
    else:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    fresh, known = unseen(services.store, items)
    report.articles["known"] += known
    return fresh, report


def backfill(
    services: Services,
    *,
    since: dt.date,
    until: dt.date,
    source: str = "sitemaps",
    feed_urls: Sequence[str] | None = None,
    urls: Sequence[str] = (),
    notify: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RunReport:
    """Read older articles in [since, until] and record them. Resumable: a rerun skips what is
    stored. Its alerts are queued quiet (one summary) unless `notify`."""
    if since > until:
        raise ValueError(f"since ({since}) is after until ({until})")
    if source == "stored":
        with services.store.reading() as r:
            total = len(r.stale_articles(EXTRACTOR_VERSION, since, until))
        done = 0

        def step(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        done_report = reextract_stored(services, since, until, step, quiet=not notify)
        if not notify:
            queue_summary(services, done_report, since, until)
        return done_report
    try:
        items, report = backfill_items(
            services, since=since, until=until, source=source, feed_urls=feed_urls, urls=urls
        )
    except KeyboardInterrupt:
        raise Interrupted(RunReport()) from None
    read_and_record_all(services, items, quiet=not notify, progress=progress, report=report)
    if not notify:
        queue_summary(services, report, since, until)
    return report


MONITOR_MARK = "monitor_pass"


def finish_pass(services: Services, report: RunReport) -> None:
    """The end of a monitor pass that read its feeds: the baseline summary if it saw new feeds,
    and the time it completed (what the stalled-monitor check reads)."""
    queue_baseline(services, report)
    if report.feeds["ok"] or report.feeds["unchanged"]:
        with services.store.transaction() as tx:
            tx.mark(MONITOR_MARK, dt.datetime.now(dt.UTC))


def check_stalled(
    services: Services, interval: dt.timedelta, since: dt.datetime, now: dt.datetime
) -> bool:
    """Queue one "monitor stalled" alert when no monitor pass has completed for three intervals
    (counted from the last completed pass, or from `since`, when monitoring started). True when
    it was queued now."""
    with services.store.reading() as r:
        last = r.mark(MONITOR_MARK)
    quiet_since = max(last, since) if last else since
    limit = interval * services.settings.schedule.stalled_after
    if now - quiet_since < limit:
        return False
    payload = {"kind": "monitor_stalled", "last_completed": last.isoformat() if last else None,
               "intervals": services.settings.schedule.stalled_after,
               "interval_seconds": int(interval.total_seconds())}  # fmt: skip
    with services.store.transaction() as tx:
        return tx.add_outbox(key=f"monitor_stalled:{quiet_since.isoformat()}",
                             kind="monitor_stalled", event_id=None, payload=payload, quiet=False,
                             now=now)  # fmt: skip


def queue_baseline(services: Services, report: RunReport) -> None:
    """The first sight of new feeds is told once: what they held, in one summary (when any of
    its alerts were held back for it)."""
    if not report.baseline["summarised"]:
        return
    now = dt.datetime.now(dt.UTC)
    events = {k: report.baseline[k] for k in ("new_event", "revised", "series_value")}
    payload = {"kind": "baseline_summary", "feeds": list(report.baseline_feeds),
               "articles": report.baseline["articles"], "figures": report.baseline["figures"],
               "events": events, "summarised": report.baseline["summarised"]}  # fmt: skip
    with services.store.transaction() as tx:
        tx.add_outbox(key=f"baseline_summary:{now.isoformat()}", kind="baseline_summary",
                      event_id=None, payload=payload, quiet=False, now=now)  # fmt: skip


def queue_summary(services: Services, report: RunReport, since: dt.date, until: dt.date) -> None:
    """A backfill's alerts are quiet: one summary row in the outbox tells what it found."""
    d = report.to_dict()
    if not any(d["events"].values()):
        return
    now = dt.datetime.now(dt.UTC)
    payload = {"kind": "backfill_summary", "since": since.isoformat(), "until": until.isoformat(),
               "articles": d["articles"]["new"] + d["articles"]["updated"],
               "figures": d["figures"], "events": d["events"]}  # fmt: skip
    with services.store.transaction() as tx:
        tx.add_outbox(key=f"backfill_summary:{since}:{until}:{now.isoformat()}",
                      kind="backfill_summary", event_id=None, payload=payload, quiet=False,
                      now=now)  # fmt: skip
