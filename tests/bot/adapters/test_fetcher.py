"""The safe fetcher against a local web server and hostile addresses."""

from __future__ import annotations

import gzip
import ipaddress
import tracemalloc
import zlib
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.adapters.fetcher import SafeFetcher, refusal
from news.records import FetchError
from tests.fakes.web import CLOSE, DRIP, HANG, LOOPBACK, WebServer


def never_connect(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a connection was attempted to {request.url}")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "gopher://example.com/",
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f000001/",
        "http://127.1/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://localhost/",
        "not a url",
    ],
)
async def test_refused_before_any_connection(url: str) -> None:
    fetcher = SafeFetcher(transport=httpx.MockTransport(never_connect))
    with pytest.raises(FetchError) as raised:
        await fetcher.fetch(url)
    assert raised.value.refused


def test_public_addresses_pass() -> None:
    assert refusal(ipaddress.ip_address("93.184.216.34")) is None
    assert refusal(ipaddress.ip_address("2606:4700::1111")) is None
    assert refusal(ipaddress.ip_address("::ffff:93.184.216.34")) is None


async def test_connects_to_the_checked_address_with_the_original_host() -> None:
    calls: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"]

    with WebServer({"/a": lambda h: (200, {}, b"hello")}) as web:
        fetcher = SafeFetcher(resolver=resolver, allow=LOOPBACK)
        result = await fetcher.fetch(web.url("/a", host="news.test"))
    assert result.body == b"hello"
    assert calls == ["news.test"]
    assert web.requests[0].headers["host"] == f"news.test:{web.port}"


async def test_dns_rebinding_on_a_redirect_hop_is_refused() -> None:
    answers = iter([["127.0.0.1"], ["10.0.0.7"]])

    async def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    with WebServer() as web:
        web.routes["/start"] = lambda h: (302, {"Location": web.url("/next", "news.test")}, b"")
        fetcher = SafeFetcher(resolver=rebinding, allow=LOOPBACK)
        with pytest.raises(FetchError, match="not a public address"):
            await fetcher.fetch(web.url("/start", host="news.test"))
    assert [r.path for r in web.requests] == ["/start"]


async def test_any_private_address_among_several_is_refused() -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "127.0.0.1"]

    fetcher = SafeFetcher(resolver=mixed, transport=httpx.MockTransport(never_connect))
    with pytest.raises(FetchError, match="not a public address"):
        await fetcher.fetch("http://mixed.test/")


async def test_redirect_to_a_private_address_is_refused() -> None:
    with WebServer() as web:
        web.routes["/r"] = lambda h: (301, {"Location": "http://169.254.169.254/"}, b"")
        with pytest.raises(FetchError, match="not a public address"):
            await SafeFetcher(allow=LOOPBACK).fetch(web.url("/r"))


async def test_redirects_permanent_temporary_and_too_many() -> None:
    with WebServer() as web:
        web.routes["/old"] = lambda h: (301, {"Location": "/new"}, b"")
        web.routes["/new"] = lambda h: (200, {}, b"ok")
        web.routes["/temp"] = lambda h: (302, {"Location": "/new"}, b"")
        web.routes["/loop"] = lambda h: (302, {"Location": "/loop"}, b"")
        web.routes["/gone"] = lambda h: (410, {}, b"")
        fetcher = SafeFetcher(allow=LOOPBACK)
        moved = await fetcher.fetch(web.url("/old"))
        assert (moved.body, moved.moved_to) == (b"ok", web.url("/new"))
        temporary = await fetcher.fetch(web.url("/temp"))
        assert temporary.moved_to is None
        assert (await fetcher.fetch(web.url("/gone"))).status == 410
        with pytest.raises(FetchError, match="redirects"):
            await fetcher.fetch(web.url("/loop"))


async def test_conditional_get_304() -> None:
    with WebServer() as web:
        web.routes["/feed"] = lambda h: (
            (304, {}, b"") if h.get("if-none-match") == '"v1"' else (200, {"ETag": '"v1"'}, b"x")
        )
        fetcher = SafeFetcher(allow=LOOPBACK)
        first = await fetcher.fetch(web.url("/feed"))
        assert first.headers["etag"] == '"v1"'
        again = await fetcher.fetch(web.url("/feed"), {"If-None-Match": '"v1"'})
        assert again.status == 304


@pytest.mark.parametrize("behaviour", [HANG, DRIP, CLOSE])
async def test_misbehaving_servers_fail_within_the_cap(behaviour: str) -> None:
    import time

    with WebServer({"/x": lambda h: behaviour}) as web:
        fetcher = SafeFetcher(allow=LOOPBACK, total_timeout=1.0)
        started = time.monotonic()
        with pytest.raises(FetchError):
            await fetcher.fetch(web.url("/x"))
        assert time.monotonic() - started < 3.0


async def test_never_accepting_server_fails_within_the_cap() -> None:
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    try:
        started = time.monotonic()
        with pytest.raises(FetchError):
            await SafeFetcher(allow=LOOPBACK, total_timeout=1.0).fetch(f"http://127.0.0.1:{port}/")
        assert time.monotonic() - started < 3.0
    finally:
        listener.close()


async def test_gzip_bomb_stops_at_the_cap_with_bounded_memory() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    with WebServer({"/bomb": lambda h: (200, {"Content-Encoding": "gzip"}, bomb)}) as web:
        fetcher = SafeFetcher(allow=LOOPBACK, max_bytes=1_000_000)
        tracemalloc.start()
        try:
            with pytest.raises(FetchError, match="too large"):
                await fetcher.fetch(web.url("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 10_000_000


async def test_huge_body_is_refused() -> None:
    with (
        WebServer({"/big": lambda h: (200, {}, b"x" * 3_000_000)}) as web,
        pytest.raises(FetchError, match="too large"),
    ):
        await SafeFetcher(allow=LOOPBACK, max_bytes=1_000_000).fetch(web.url("/big"))


async def test_gzip_body_is_decoded() -> None:
    body = gzip.compress(b"<rss>ok</rss>")
    with WebServer({"/g": lambda h: (200, {"Content-Encoding": "gzip"}, body)}) as web:
        assert (await SafeFetcher(allow=LOOPBACK).fetch(web.url("/g"))).body == b"<rss>ok</rss>"


async def test_an_ipv6_literal_keeps_its_brackets_in_the_host_header() -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, stream=_Pieces(b"ok"))

    fetcher = SafeFetcher(transport=httpx.MockTransport(answer))
    await fetcher.fetch("http://[2606:4700::1111]/a")
    await fetcher.fetch("http://[2606:4700::1111]:8080/b")
    assert [r.headers["host"] for r in seen] == ["[2606:4700::1111]", "[2606:4700::1111]:8080"]


def _deflated(data: bytes, wbits: int) -> bytes:
    compressor = zlib.compressobj(wbits=wbits)
    return compressor.compress(data) + compressor.flush()


class _Pieces(httpx.AsyncByteStream):
    """A body streamed in pieces of `size` bytes, as a server's packets may split it."""

    def __init__(self, data: bytes, size: int = 65536) -> None:
        self.data, self.size = data, size

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for i in range(0, len(self.data), self.size):
            yield self.data[i : i + self.size]


@pytest.mark.parametrize(
    ("encoding", "wbits"),
    [("deflate", -15), ("deflate", 15), ("gzip", 31), ("x-gzip", 31)],
    ids=["raw-deflate", "zlib-deflate", "gzip", "x-gzip"],
)
@pytest.mark.parametrize("trickle", [False, True], ids=["whole", "byte-by-byte"])
async def test_every_compressed_body_servers_send(encoding: str, wbits: int, trickle: bool) -> None:
    page = b"<p>Kelvik harbour reopens</p>" * 200
    body = _deflated(page, wbits)

    def answer(request: httpx.Request) -> httpx.Response:
        # Byte by byte: the kind of a stream is told from its first two bytes.
        stream = _Pieces(body, 1 if trickle else 65536)
        return httpx.Response(200, headers={"content-encoding": encoding}, stream=stream)

    fetcher = SafeFetcher(transport=httpx.MockTransport(answer))
    assert (await fetcher.fetch("http://[2606:4700::1111]/")).body == page


async def test_a_corrupt_deflate_body_is_one_clear_error() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        corrupt = _Pieces(b"\x78\x9c??")
        return httpx.Response(200, headers={"content-encoding": "deflate"}, stream=corrupt)

    with pytest.raises(FetchError, match="compressed body is corrupt"):
        await SafeFetcher(transport=httpx.MockTransport(answer)).fetch("http://[2606:4700::1111]/")
