"""newswatch.adapters.http against a real HTTP server on 127.0.0.1 (no mocks)."""

from __future__ import annotations

import gzip
import itertools
import time
from collections.abc import Iterator

import pytest

from newswatch.adapters.http import FetchError, HttpFetcher
from newswatch.config import HttpConfig
from tests.fixtures.server import LocalServer, Reply


def fetcher(**overrides: object) -> HttpFetcher:
    base: dict[str, object] = {
        "connect_timeout": 2.0, "read_timeout": 1.0, "total_timeout": 5.0, "retries": 2,
        "backoff": 0.01, "per_host_delay": 0.0, "max_body_bytes": 1_000_000, "max_retry_after": 2.0,
    }  # fmt: skip
    base.update(overrides)
    return HttpFetcher(HttpConfig(**base))  # type: ignore[arg-type]


def test_plain_get_keeps_validators(server: LocalServer) -> None:
    server.route(
        "/f.xml",
        Reply(
            200, b"<rss/>", {"ETag": '"v1"', "Content-Type": "application/rss+xml; charset=UTF-8"}
        ),
    )
    with fetcher() as f:
        res = f.fetch(server.url("/f.xml"), allow_private=True)
    assert res.status == 200 and res.body == b"<rss/>" and res.etag == '"v1"'
    assert res.charset == "utf-8" and len(res.body_hash) == 64
    ua = server.request_headers["/f.xml"][0]["User-Agent"]
    assert ua.startswith("newswatch/") and "+" in ua


def test_conditional_get_304(server: LocalServer) -> None:
    def route(req):  # type: ignore[no-untyped-def]
        if req.headers.get("If-None-Match") == '"v1"':
            return Reply(304)
        return Reply(200, b"<rss/>", {"ETag": '"v1"'})

    server.route("/f.xml", route)
    with fetcher() as f:
        first = f.fetch(server.url("/f.xml"), allow_private=True)
        second = f.fetch(server.url("/f.xml"), etag=first.etag, allow_private=True)
    assert second.not_modified and second.body == b""


def test_500_then_200_is_retried(server: LocalServer) -> None:
    calls = iter([Reply(500, b"oops"), Reply(200, b"ok")])
    server.route("/flaky", lambda _r: next(calls))
    with fetcher() as f:
        res = f.fetch(server.url("/flaky"), allow_private=True)
    assert res.body == b"ok" and res.attempts == 2


def test_404_is_not_retried(server: LocalServer) -> None:
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/missing"), allow_private=True)
    assert err.value.kind == "http_status" and err.value.status == 404
    assert len(server.hits["/missing"]) == 1


def test_429_retry_after_is_honoured(server: LocalServer) -> None:
    calls = iter([Reply(429, b"", {"Retry-After": "1"}), Reply(200, b"ok")])
    server.route("/limited", lambda _r: next(calls))
    with fetcher() as f:
        res = f.fetch(server.url("/limited"), allow_private=True)
    first, second = server.hits["/limited"]
    assert res.body == b"ok"
    assert second - first >= 0.9  # the server asked for a second


def test_slow_response_times_out(server: LocalServer) -> None:
    server.route("/slow", Reply(200, b"late", delay=2.5))
    with fetcher(retries=0) as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/slow"), allow_private=True)
    assert err.value.kind == "timeout"


def test_huge_body_is_cut_while_streaming(server: LocalServer) -> None:
    def endless() -> Iterator[bytes]:
        for _ in range(50 * 1024):  # 50 MB if read to the end
            yield b"x" * 1024

    server.route("/huge", Reply(200, endless()))
    with fetcher(max_body_bytes=100_000) as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/huge"), allow_private=True)
    assert err.value.kind == "too_large"


def test_declared_huge_body_refused_before_reading(server: LocalServer) -> None:
    server.route("/big", Reply(200, b"x" * 200_000))
    with fetcher(max_body_bytes=100_000) as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/big"), allow_private=True)
    assert err.value.kind == "too_large"


def test_redirect_followed_and_final_url_kept(server: LocalServer) -> None:
    server.route("/old", Reply(301, b"", {"Location": "/new"}))
    server.route("/new", Reply(200, b"here"))
    with fetcher() as f:
        res = f.fetch(server.url("/old"), allow_private=True)
    assert res.final_url == server.url("/new") and res.url == server.url("/old")


def test_redirect_loop(server: LocalServer) -> None:
    server.route("/a", Reply(302, b"", {"Location": "/b"}))
    server.route("/b", Reply(302, b"", {"Location": "/a"}))
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/a"), allow_private=True)
    assert err.value.kind == "redirect_loop"


def test_gzip_is_decoded(server: LocalServer) -> None:
    server.route(
        "/gz", Reply(200, gzip.compress(b"<rss>zipped</rss>"), {"Content-Encoding": "gzip"})
    )
    with fetcher() as f:
        assert f.fetch(server.url("/gz"), allow_private=True).body == b"<rss>zipped</rss>"


def test_private_address_refused_unless_allowed(server: LocalServer) -> None:
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/x"))
    assert err.value.kind == "unsafe_url"
    assert "/x" not in server.hits


def test_redirect_to_private_address_refused(server: LocalServer) -> None:
    """A public page may not bounce the fetcher into the local network."""
    server.route("/hop", Reply(302, b"", {"Location": "http://127.0.0.1:9/admin"}))
    public = {"127.0.0.1": True}
    with (
        HttpFetcher(
            HttpConfig(retries=0, per_host_delay=0), public_host=lambda h: public.pop(h, False)
        ) as f,
        pytest.raises(FetchError) as err,
    ):
        f.fetch(server.url("/hop"))
    assert err.value.kind == "unsafe_url"


@pytest.mark.parametrize(
    "url", ["ftp://example.test/x", "file:///etc/passwd", "javascript:alert(1)", "nope"]
)
def test_only_http(url: str) -> None:
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(url)
    assert err.value.kind == "unsafe_url"


def test_connection_refused() -> None:
    with fetcher(retries=1) as f, pytest.raises(FetchError) as err:
        f.fetch("http://127.0.0.1:9/feed", allow_private=True)
    assert err.value.kind == "connect"


def test_per_host_delay(server: LocalServer) -> None:
    server.route("/p", Reply(200, b"ok"))
    with fetcher(per_host_delay=0.3) as f:
        for _ in range(3):
            f.fetch(server.url("/p"), allow_private=True)
    hits = server.hits["/p"]
    assert all(b - a >= 0.25 for a, b in itertools.pairwise(hits))


def test_robots_txt_respected_for_pages(server: LocalServer) -> None:
    server.route("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
    server.route("/private/a", Reply(200, b"secret"))
    server.route("/public/a", Reply(200, b"news"))
    with fetcher() as f:
        assert (
            f.fetch(server.url("/public/a"), allow_private=True, check_robots=True).body == b"news"
        )
        with pytest.raises(FetchError) as err:
            f.fetch(server.url("/private/a"), allow_private=True, check_robots=True)
    assert err.value.kind == "robots"
    assert "/private/a" not in server.hits
    assert len(server.hits["/robots.txt"]) == 1


def test_total_timeout_on_a_dripping_body(server: LocalServer) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(40):
            time.sleep(0.1)
            yield b"x"

    server.route("/drip", Reply(200, drip()))
    with (
        fetcher(total_timeout=1.0, read_timeout=0.5, retries=0) as f,
        pytest.raises(FetchError) as err,
    ):
        f.fetch(server.url("/drip"), allow_private=True)
    assert err.value.kind == "timeout"


def test_brotli_is_decoded(server: LocalServer) -> None:
    import brotli

    server.route(
        "/br", Reply(200, brotli.compress(b"<rss>squeezed</rss>"), {"Content-Encoding": "br"})
    )
    with fetcher() as f:
        assert f.fetch(server.url("/br"), allow_private=True).body == b"<rss>squeezed</rss>"


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br", "gzip, br"])
def test_every_encoding_is_decoded(server: LocalServer, encoding: str) -> None:
    import zlib

    import brotli  # type: ignore[import-untyped]

    body = b"<rss>" + b"scam compound raid " * 500 + b"</rss>"
    packed = {
        "gzip": gzip.compress, "deflate": zlib.compress,
        "raw-deflate": lambda b: zlib.compress(b)[2:-4], "br": brotli.compress,
        "gzip, br": lambda b: brotli.compress(gzip.compress(b)),
    }[encoding](body)  # fmt: skip
    header = "deflate" if encoding == "raw-deflate" else encoding
    server.route("/enc", Reply(200, packed, {"Content-Encoding": header}))
    with fetcher() as f:
        assert f.fetch(server.url("/enc"), allow_private=True).body == body


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_compression_bomb_stops_at_the_limit(server: LocalServer, encoding: str) -> None:
    """A few hundred kilobytes that inflate to 256 MiB in one chunk: decoding stops at the body
    limit (the memory it takes stays near the limit, not near the 256 MiB)."""
    import tracemalloc

    import brotli

    zeros = bytes(1 << 20)
    if encoding == "br":
        c = brotli.Compressor(quality=1)
        bomb = b"".join(c.process(zeros) for _ in range(256)) + c.finish()
    else:
        z = __import__("zlib").compressobj(9, wbits=31)
        bomb = b"".join(z.compress(zeros) for _ in range(256)) + z.flush()
    assert len(bomb) < 500_000
    server.route("/bomb", Reply(200, bomb, {"Content-Encoding": encoding}))
    tracemalloc.start()
    try:
        with fetcher(max_body_bytes=1_000_000) as f, pytest.raises(FetchError) as err:
            f.fetch(server.url("/bomb"), allow_private=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.value.kind == "too_large"
    assert peak < 50_000_000, peak


def test_a_corrupt_body_is_a_decoding_error(server: LocalServer) -> None:
    server.route("/bad", Reply(200, b"not gzip at all", {"Content-Encoding": "gzip"}))
    with fetcher() as f, pytest.raises(FetchError) as err:
        f.fetch(server.url("/bad"), allow_private=True)
    assert err.value.kind == "decoding"
