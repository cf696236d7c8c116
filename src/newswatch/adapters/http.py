"""Fetch feeds and pages over HTTP with httpx: the only code here that touches the network.

One pooled client; per-host politeness (a concurrency cap and a minimum delay between requests,
`Retry-After` honoured); retries with exponential backoff and jitter for transient failures
only; connect, read and total timeouts; a body-size limit enforced while streaming; redirects
followed by hand up to a limit, each hop checked; conditional GET; robots.txt for pages; only
http(s), and never a loopback, private, link-local or multicast address unless the caller
allows it (local deployments and tests).
"""

from __future__ import annotations

import dataclasses
import hashlib
import ipaddress
import random
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import brotli  # type: ignore[import-untyped]

from newswatch.config import HttpConfig

if TYPE_CHECKING:  # loaded with the first fetcher: commands that only read files skip it
    import httpx

TRANSIENT_STATUS = frozenset({429, 500, 502, 503, 504})
# A robots.txt is read once per host and process for this long.
ROBOTS_TTL_S = 3600.0


def _inflate(
    chunks: Iterator[bytes], make: Callable[[], zlib._Decompress], limit: int
) -> Iterator[bytes]:
    d = make()
    for data in chunks:
        out = d.decompress(data, limit + 1)
        yield out
        while d.unconsumed_tail:  # more output is waiting: take it a bounded piece at a time
            yield d.decompress(d.unconsumed_tail, limit + 1)


def _deflate(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    """'deflate' is zlib-wrapped by the standard, raw in practice: the first bytes tell."""
    first = next(chunks, b"")
    wrapped = len(first) >= 2 and (first[0] * 256 + first[1]) % 31 == 0 and first[0] & 0x0F == 8
    wbits = zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
    yield from _inflate(_chain(first, chunks), lambda: zlib.decompressobj(wbits), limit)


def _unbrotli(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    d = brotli.Decompressor()
    for data in chunks:
        yield d.process(data, output_buffer_limit=limit + 1)
        while not d.can_accept_more_data():
            yield d.process(b"", output_buffer_limit=limit + 1)


def _chain(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def decode_bounded(raw: Iterator[bytes], encodings: str, limit: int) -> Iterator[bytes]:
    """A body's content-encodings undone chunk by chunk, each step producing at most `limit`+1
    bytes per call, so the caller's size check stops a compression bomb at the limit. Unknown
    encodings pass through as they are."""
    stream: Iterator[bytes] = raw
    for enc in reversed([e.strip().lower() for e in encodings.split(",") if e.strip()]):
        if enc in ("gzip", "x-gzip"):
            stream = _inflate(stream, lambda: zlib.decompressobj(16 + zlib.MAX_WBITS), limit)
        elif enc == "deflate":
            stream = _deflate(stream, limit)
        elif enc == "br":
            stream = _unbrotli(stream, limit)
    return (chunk for chunk in stream if chunk)


class FetchError(Exception):
    """A fetch that failed for good. `kind` is a short machine-readable reason."""

    def __init__(self, kind: str, message: str, status: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclasses.dataclass(frozen=True, slots=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool
    attempts: int

    @property
    def body_hash(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def is_public_host(host: str) -> bool:
    """Whether every address the host resolves to is public (no SSRF into the local network)."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        return True  # unresolvable: the request itself will fail with a clear error
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if (
            addr.is_private
            or addr.is_loopback
            or addr.is_link_local
            or addr.is_multicast
            or addr.is_reserved
            or addr.is_unspecified
        ):
            return False
    return True


class _Host:
    """Politeness state of one host: a concurrency cap and the time of its next allowed request."""

    def __init__(self, concurrency: int):
        self.slots = threading.Semaphore(concurrency)
        self.lock = threading.Lock()
        self.next_at = 0.0


class HttpFetcher:
    def __init__(
        self,
        config: HttpConfig,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        public_host: Callable[[str], bool] = is_public_host,
    ):
        import httpx  # noqa: PLC0415

        self.config = config
        self._sleep = sleep
        self._public_host = public_host
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            headers={"User-Agent": config.agent, "Accept-Encoding": "gzip, deflate, br"},
            timeout=httpx.Timeout(
                connect=config.connect_timeout,
                read=config.read_timeout,
                write=config.read_timeout,
                pool=config.total_timeout,
            ),
            limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        )
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # politeness ---------------------------------------------------------------------------

    def _host(self, host: str) -> _Host:
        with self._hosts_lock:
            if host not in self._hosts:
                self._hosts[host] = _Host(self.config.per_host_concurrency)
            return self._hosts[host]

    @contextmanager
    def _polite(self, host: str) -> Iterator[None]:
        state = self._host(host)
        with state.slots:
            with state.lock:
                wait = state.next_at - time.monotonic()
                state.next_at = max(state.next_at, time.monotonic()) + self.config.per_host_delay
            if wait > 0:
                self._sleep(wait)
            yield

    def _defer_host(self, host: str, seconds: float) -> None:
        state = self._host(host)
        with state.lock:
            state.next_at = max(state.next_at, time.monotonic() + seconds)

    # fetching -----------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool = False,
        check_robots: bool = False,
    ) -> FetchResult:
        """GET a URL; FetchError when it cannot be had (after retries for transient failures)."""
        self._check_url(url, allow_private)
        if check_robots and self.config.respect_robots:
            if not self._robots_allow(url, allow_private):
                raise FetchError("robots", f"robots.txt disallows {url}")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._fetch_once(url, headers, allow_private, attempt)
            except FetchError as exc:
                transient = exc.kind in ("timeout", "connect", "transient")
                if not transient or attempt > self.config.retries:
                    raise
                if getattr(exc, "retry_after", None) is not None:
                    continue  # the host is deferred: the polite wait before the retry honours it
                delay = self.config.backoff * (2 ** (attempt - 1))
                delay *= random.uniform(0.5, 1.5)  # jitter: restarts do not stampede
                self._sleep(min(delay, self.config.max_retry_after))

    def _check_url(self, url: str, allow_private: bool) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError("unsafe_url", f"only http(s) URLs are fetched, not {url!r}")
        if not allow_private and not self._public_host(parts.hostname):
            raise FetchError("unsafe_url", f"{parts.hostname} is a local or private address")

    def _fetch_once(
        self, url: str, headers: dict[str, str], allow_private: bool, attempt: int
    ) -> FetchResult:
        deadline = time.monotonic() + self.config.total_timeout
        current = url
        seen = {url}
        for _hop in range(self.config.max_redirects + 1):
            host = urlsplit(current).hostname or ""
            with self._polite(host):
                result = self._request(current, headers, deadline, url, attempt)
            if isinstance(result, FetchResult):
                return result
            status, location = result
            nxt = urljoin(current, location)
            if nxt in seen:
                raise FetchError("redirect_loop", f"redirect loop at {nxt}", status)
            self._check_url(nxt, allow_private)
            seen.add(nxt)
            current = nxt
        raise FetchError("too_many_redirects", f"more than {self.config.max_redirects} redirects")

    def _request(
        self, current: str, headers: dict[str, str], deadline: float, original: str, attempt: int
    ) -> FetchResult | tuple[int, str]:
        import httpx  # noqa: PLC0415  (loaded already by __init__)

        host = urlsplit(current).hostname or ""
        try:
            with self._client.stream("GET", current, headers=headers) as resp:
                if resp.status_code in (301, 302, 303, 307, 308) and resp.headers.get("location"):
                    return resp.status_code, resp.headers["location"]
                if resp.status_code in TRANSIENT_STATUS:
                    retry_after = _retry_after(resp.headers.get("retry-after"))
                    if retry_after is not None:
                        self._defer_host(host, min(retry_after, self.config.max_retry_after))
                    err = FetchError(
                        "transient", f"HTTP {resp.status_code} from {current}", resp.status_code
                    )
                    err.retry_after = retry_after  # type: ignore[attr-defined]
                    raise err
                if resp.status_code == 304:
                    return self._result(original, current, resp, b"", True, attempt)
                if resp.status_code >= 400:
                    raise FetchError(
                        "http_status", f"HTTP {resp.status_code} from {current}", resp.status_code
                    )
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.config.max_body_bytes:
                    raise FetchError("too_large", f"{current}: body of {declared} bytes over limit")
                chunks: list[bytes] = []
                size = 0
                limit = self.config.max_body_bytes
                encodings = resp.headers.get("content-encoding", "")
                try:
                    # decoded here, never past the limit: a small compressed body that inflates
                    # to gigabytes (a "bomb") stops at max_body_bytes, inside one chunk too
                    for chunk in decode_bounded(resp.iter_raw(), encodings, limit):
                        size += len(chunk)
                        if size > limit:
                            raise FetchError("too_large", f"{current}: body over {limit} bytes")
                        if time.monotonic() > deadline:
                            raise FetchError(
                                "timeout", f"{current}: over {self.config.total_timeout}s"
                            )
                        chunks.append(chunk)
                except (zlib.error, brotli.error) as exc:
                    raise FetchError(
                        "decoding", f"{current}: bad content encoding ({exc})"
                    ) from None
                return self._result(original, current, resp, b"".join(chunks), False, attempt)
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"{current}: timed out ({type(exc).__name__})") from None
        except httpx.ConnectError as exc:
            raise FetchError("connect", f"{current}: cannot connect ({exc})") from None
        except httpx.DecodingError as exc:
            raise FetchError("decoding", f"{current}: bad content encoding ({exc})") from None
        except httpx.TransportError as exc:
            raise FetchError("connect", f"{current}: {type(exc).__name__}: {exc}") from None

    @staticmethod
    def _result(  # noqa: PLR0917 - one response's facts
        original: str,
        final: str,
        resp: httpx.Response,
        body: bytes,
        not_modified: bool,
        attempt: int,
    ) -> FetchResult:
        ctype = resp.headers.get("content-type")
        charset = None
        if ctype and "charset=" in ctype.lower():
            charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
        return FetchResult(
            url=original,
            final_url=final,
            status=resp.status_code,
            body=body,
            content_type=ctype,
            charset=charset,
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
            not_modified=not_modified,
            attempts=attempt,
        )

    # robots.txt ---------------------------------------------------------------------------

    def _robots_allow(self, url: str, allow_private: bool) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is None or time.monotonic() - cached[0] > ROBOTS_TTL_S:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                res = self.fetch(origin + "/robots.txt", allow_private=allow_private)
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(res.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                parser = None  # no robots.txt (or unreachable): everything is allowed
            cached = (time.monotonic(), parser)
            self._robots[origin] = cached
        parser = cached[1]
        return parser is None or parser.can_fetch(self.config.agent, url)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
