"""The use cases as plain functions over the ports: check a feed, read an article.

Each returns an outcome value that says what happened; one bad feed or page never raises out.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from typing import Literal

from newswatch.adapters.http import FetchError, FetchResult, HttpFetcher
from newswatch.config import scrub
from newswatch.ingest.clean import CleanedPage, PageSkipped, clean_html
from newswatch.ingest.feeds import FeedEntry, FeedError, parse_feed
from newswatch.ingest.urls import host_of
from newswatch.models import Figure
from newswatch.ports import FeedHealth, HealthStore

FeedStatus = Literal["ok", "unchanged", "failed"]


@dataclasses.dataclass(frozen=True)
class FeedOutcome:
    url: str
    status: FeedStatus
    entries: tuple[FeedEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None


@dataclasses.dataclass(frozen=True)
class ArticleOutcome:
    url: str
    status: Literal["ok", "skipped", "off_topic", "failed"]
    page: CleanedPage | None = None
    figures: tuple[Figure, ...] = ()
    reason: str | None = None
    raw: bytes | None = None  # the page as fetched, kept (compressed) with the article
    fetch_s: float = 0.0  # where the time went: network wait, cleaning, extraction
    clean_s: float = 0.0
    extract_s: float = 0.0


def is_local(url: str) -> bool:
    host = host_of(url)
    return host in ("localhost", "::1") or host.startswith("127.")


def check_feed(
    fetcher: HttpFetcher,
    url: str,
    health: HealthStore,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> FeedOutcome:
    """Fetch and parse one feed with its stored validators; record its health."""
    state = health.get(url) or FeedHealth(url=url)
    outcome = fetch_feed(fetcher, state, now)
    health.put(state)
    return outcome


def fetch_feed(
    fetcher: HttpFetcher,
    state: FeedHealth,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    *,
    fetch_url: str | None = None,
    secrets: Sequence[str] = (),
) -> FeedOutcome:
    """Fetch and parse one feed with the validators of `state`, and update `state` to what the
    feed is now. Saving it is the caller's: after the entries it stands for are safe.

    `state.url` is the feed as stored and shown; `fetch_url`, when given, is what is fetched
    (with secrets filled in), and `secrets` never appear in an error."""
    url = fetch_url or state.url
    state.last_attempt = now()
    try:
        res = fetcher.fetch(
            url, etag=state.etag, last_modified=state.last_modified, allow_private=is_local(url)
        )
        if res.not_modified or (state.body_hash and res.body_hash == state.body_hash):
            outcome = FeedOutcome(state.url, "unchanged")
        else:
            parsed = parse_feed(res.body, res.final_url, res.content_type)
            outcome = FeedOutcome(state.url, "ok", parsed.entries, parsed.warnings)
            state.body_hash = res.body_hash
            state.entries_seen = len(parsed.entries)
        state.etag = res.etag or state.etag
        state.last_modified = res.last_modified or state.last_modified
        state.last_success = state.last_attempt
        state.consecutive_failures = 0
        state.last_error = None
    except (FetchError, FeedError) as exc:
        error = scrub(str(exc).replace(url, state.url), secrets)
        state.consecutive_failures += 1
        state.last_error = error
        outcome = FeedOutcome(state.url, "failed", error=error)
    return outcome


def on_topic(text: str, keywords: Sequence[str]) -> bool:
    low = text.lower()
    return any(k in low for k in keywords)


def read_article(
    fetcher: HttpFetcher,
    url: str,
    topic: Sequence[str],
    feed_is_local: bool = False,
    published: dt.date | None = None,
) -> ArticleOutcome:
    """Fetch, clean and extract one article. Links into the local network are refused unless
    the feed that gave them is local itself."""
    fetched = fetch_article(fetcher, url, feed_is_local)
    if isinstance(fetched, ArticleOutcome):
        return fetched
    return process_article(fetched, topic, published)


@dataclasses.dataclass(frozen=True)
class _Fetched:
    url: str
    result: FetchResult
    fetch_s: float


def fetch_article(fetcher: HttpFetcher, url: str, feed_is_local: bool) -> _Fetched | ArticleOutcome:
    t0 = time.perf_counter()
    try:
        res = fetcher.fetch(url, allow_private=feed_is_local, check_robots=True)
    except FetchError as exc:
        return ArticleOutcome(url, "failed", reason=str(exc), fetch_s=time.perf_counter() - t0)
    return _Fetched(url, res, time.perf_counter() - t0)


class _OverBudget(BaseException):
    """Not an Exception: a library's `except Exception` around its own work (trafilatura has
    several) must not swallow it."""


# CPU seconds one page may take to clean and extract, in a worker process (None: no limit).
_BUDGET: list[float] = []
# True while a page is being worked on under the budget: a timer signal that Python handles
# only after the page is done (the signal arrived during a long C call) changes nothing.
_ARMED: list[bool] = [False]


def set_cpu_budget(seconds: float | None) -> None:
    """Worker start-up: a page that takes more CPU than this is skipped, with the reason."""
    _BUDGET[:] = [seconds] if seconds else []


def _over_budget(_signum: int, _frame: object) -> None:
    if _ARMED[0]:
        raise _OverBudget


def process_article(
    fetched: _Fetched, topic: Sequence[str], published: dt.date | None = None
) -> ArticleOutcome:
    """Clean and extract a fetched page (CPU work: no network), within the CPU budget when one
    is set (a hostile page never holds up its batch)."""
    if not _BUDGET:
        return _process(fetched, topic, published)
    import signal  # noqa: PLC0415

    previous = signal.signal(signal.SIGPROF, _over_budget)
    _ARMED[0] = True
    # Fires again every 50 ms of CPU after the budget, in case a library swallowed it anyway.
    signal.setitimer(signal.ITIMER_PROF, _BUDGET[0], 0.05)
    try:
        return _process(fetched, topic, published)
    except _OverBudget:
        return ArticleOutcome(
            fetched.url, "skipped", reason=f"over the CPU budget of {_BUDGET[0]:g} s per page",
            raw=fetched.result.body, fetch_s=fetched.fetch_s,
        )  # fmt: skip
    finally:
        _ARMED[0] = False
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _process(
    fetched: _Fetched, topic: Sequence[str], published: dt.date | None = None
) -> ArticleOutcome:
    url, res, fetch_s = fetched.url, fetched.result, fetched.fetch_s
    t1 = time.perf_counter()
    try:
        page = clean_html(res.body, res.final_url, res.content_type, res.charset)
    except PageSkipped as exc:
        return ArticleOutcome(url, "skipped", reason=str(exc), raw=res.body, fetch_s=fetch_s)
    t2 = time.perf_counter()
    if topic and not on_topic(f"{page.title or ''}\n{page.text}", topic):
        return ArticleOutcome(
            url, "off_topic", page, reason="no topic keyword", raw=res.body, fetch_s=fetch_s,
            clean_s=t2 - t1,
        )  # fmt: skip
    from newswatch.extract import extract_figures  # noqa: PLC0415  (loaded by warm_up)

    figures = extract_figures(page.text, page.published or published, title=page.title)
    return ArticleOutcome(
        url, "ok", page, tuple(figures), raw=res.body, fetch_s=fetch_s, clean_s=t2 - t1,
        extract_s=time.perf_counter() - t2,
    )  # fmt: skip


def warm_up() -> None:
    """Load the extractor's lexicons and trafilatura's parsers once (worker start-up)."""
    from newswatch.extract import extract_figures  # noqa: PLC0415

    extract_figures("Police arrested 12 people in a raid on a scam compound.", None)
    with contextlib.suppress(PageSkipped):
        clean_html(b"<html><body><p>warm up</p></body></html>", "http://localhost/", min_chars=0)


# Threads for network-bound batches; per-host politeness still applies inside the fetcher.
DEFAULT_WORKERS = 8


def fetch_feeds(
    fetcher: HttpFetcher,
    states: Sequence[FeedHealth],
    workers: int = DEFAULT_WORKERS,
    fetch: Sequence[tuple[str, Sequence[str]]] | None = None,
) -> list[FeedOutcome]:
    """Fetch many feeds at once (see `fetch_feed`): `fetch` gives each state's URL to fetch and
    its secrets. Outcomes in the order of `states`."""
    how = list(fetch) if fetch is not None else [(st.url, ()) for st in states]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(
            lambda st, f: fetch_feed(fetcher, st, fetch_url=f[0], secrets=f[1]), states, how
        ))  # fmt: skip


def read_articles(
    fetcher: HttpFetcher,
    items: Sequence[tuple[str, bool, dt.date | None]],
    topic: Sequence[str],
    workers: int = DEFAULT_WORKERS,
    cpu: Executor | None = None,
) -> list[ArticleOutcome]:
    """Read many articles: (url, feed is local, feed date) each; outcomes in order.

    Fetching waits on the network, so it runs in threads. Cleaning and extraction are CPU work
    that threads would only fight over (the GIL): they run in `cpu`, a process pool with one
    worker per core, as pages arrive, or in this thread when there is none.
    """
    pending: list[ArticleOutcome | Future[ArticleOutcome]] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(fetch_article, fetcher, url, local) for url, local, _ in items]
        for (_, _, published), future in zip(items, futures, strict=True):
            fetched = future.result()
            if isinstance(fetched, ArticleOutcome):
                pending.append(fetched)
            elif cpu is not None:
                pending.append(cpu.submit(process_article, fetched, tuple(topic), published))
            else:
                pending.append(process_article(fetched, topic, published))
    return [p.result() if isinstance(p, Future) else p for p in pending]
