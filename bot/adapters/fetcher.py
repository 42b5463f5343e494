"""The one way newsbrief fetches anything from the web: safe against SSRF, bombs and drips.

- http and https only; the host is resolved once and every address must be global (after
  unwrapping IPv4-mapped, NAT64 and 6to4 forms; multicast refused), then the connection goes
  to that checked address, so DNS rebinding cannot swap it; every redirect hop is checked
  the same way (at most 5).
- No proxies or netrc from the environment (trust_env=False).
- The decoded body is capped while streaming: compressed bytes are inflated with a
  max_length, so a gzip bomb stops at the cap with bounded memory.
- A wall-clock cap per fetch: a server dripping one byte at a time defeats read timeouts.
- Bounded concurrency.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpx

from news.records import FetchError, FetchResult

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_REDIRECTS = (301, 302, 303, 307, 308)
_PERMANENT = (301, 308)
USER_AGENT = "newsbrief/0.1 (+https://github.com/newsbrief; self-hosted news bot)"


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses of a host, from the system resolver (off the event loop)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def embedded_ipv4(address: Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address hidden in an IPv6 one (mapped, NAT64, 6to4), if any."""
    if isinstance(address, ipaddress.IPv4Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def refusal(address: Address, allowed: Iterable[Network] = ()) -> str | None:
    """Why an address may not be fetched from, or None when it may."""
    for network in allowed:
        if address.version == network.version and address in network:
            return None
    inner = embedded_ipv4(address)
    if inner is not None:
        reason = refusal(inner, allowed)
        return f"{reason} (inside {address})" if reason else None
    if address.is_multicast:
        return f"{address} is a multicast address"
    if not address.is_global:
        return (
            f"{address} is not a public address (NEWSBRIEF_ALLOW_NETWORKS opens a private network)"
        )
    return None


def literal_refusal(url: str, allowed: Iterable[Network] = ()) -> str | None:
    """Why a URL whose host is an address (or localhost) may not be fetched from, known without
    asking DNS: so that adding such a feed is refused at once, not at its first poll."""
    try:
        host = httpx.URL(url).host
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
    if host == "localhost" or host.endswith(".localhost"):
        host = "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    reason = refusal(address, allowed)
    return f"refused {host}: {reason}" if reason else None


@dataclass
class SafeFetcher:
    """Fetches http(s) URLs within limits. `allow` opens private networks (tests only)."""

    max_bytes: int = 5_000_000
    total_timeout: float = 20.0
    connect_timeout: float = 5.0
    max_redirects: int = 5
    concurrency: int = 8
    resolver: Resolver = system_resolver
    allow: tuple[Network, ...] = ()
    transport: httpx.AsyncBaseTransport | None = None
    _semaphore: asyncio.Semaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._semaphore = asyncio.Semaphore(self.concurrency)

    async def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> FetchResult:
        async with self._semaphore:
            try:
                async with asyncio.timeout(self.total_timeout):
                    return await self._fetch(url, dict(headers or {}))
            except TimeoutError:
                raise FetchError(f"no complete answer within {self.total_timeout:.0f} s") from None

    async def _fetch(self, url: str, headers: dict[str, str]) -> FetchResult:
        timeout = httpx.Timeout(self.total_timeout, connect=self.connect_timeout)
        async with httpx.AsyncClient(
            trust_env=False, follow_redirects=False, timeout=timeout, transport=self.transport
        ) as client:
            moved_to: str | None = None
            permanent = True
            for _ in range(self.max_redirects + 1):
                target = await self._checked(url)
                response = await self._request(client, target, url, headers)
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    await response.aclose()
                    url = urljoin(url, response.headers["location"])
                    permanent = permanent and response.status_code in _PERMANENT
                    moved_to = url if permanent else None
                    continue
                try:
                    body = await self._read(response)
                finally:
                    await response.aclose()
                return FetchResult(
                    url, response.status_code, dict(response.headers), body, moved_to
                )
        raise FetchError(f"more than {self.max_redirects} redirects")

    async def _checked(self, url: str) -> tuple[httpx.URL, str]:
        """The URL to connect to (host replaced by its checked address) and the Host header."""
        try:
            parsed = httpx.URL(url)
            # .host decodes an internationalised name: an invalid label raises here.
            named = bool(parsed.host)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchError(f"not a valid URL: {exc}", refused=True) from None
        if parsed.scheme not in ("http", "https"):
            raise FetchError(
                f"only http and https URLs are fetched, not {parsed.scheme or '?'}:", refused=True
            )
        if not named:
            raise FetchError("the URL has no host", refused=True)
        # The wire form: an internationalised name in punycode, as DNS and Host need it.
        host = parsed.raw_host.decode("ascii")
        port = parsed.port or (443 if parsed.scheme == "https" else 80)
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                found = await self.resolver(host, port)
            except OSError as exc:
                raise FetchError(f"cannot resolve {host}: {exc.strerror or exc}") from None
            try:
                addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
            except ValueError:
                raise FetchError(f"cannot resolve {host}", refused=True) from None
        if not addresses:
            raise FetchError(f"cannot resolve {host}")
        for address in addresses:
            reason = refusal(address, self.allow)
            if reason:
                raise FetchError(f"refused {host}: {reason}", refused=True)
        address = addresses[0]
        literal = f"[{address}]" if address.version == 6 else str(address)
        # An IPv6 literal keeps its brackets in the Host header (RFC 9110, section 7.2).
        bracketed = f"[{host}]" if ":" in host else host
        host_header = bracketed if parsed.port is None else f"{bracketed}:{parsed.port}"
        return parsed.copy_with(host=literal), host_header

    async def _request(
        self,
        client: httpx.AsyncClient,
        target: tuple[httpx.URL, str],
        url: str,
        headers: dict[str, str],
    ) -> httpx.Response:
        connect_url, host_header = target
        request = client.build_request(
            "GET",
            connect_url,
            headers={
                "User-Agent": USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
                **headers,
                "Host": host_header,
            },
            # TLS must check the certificate of the name, not of the address we connect to.
            extensions={"sni_hostname": httpx.URL(url).raw_host.decode("ascii")},
        )
        try:
            return await client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchError("the server did not answer in time") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"connection failed: {type(exc).__name__}") from None
        except UnicodeError:  # a redirect to an invalid internationalised name ("//xn--")
            raise FetchError("redirected to an invalid address") from None

    async def _read(self, response: httpx.Response) -> bytes:
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("gzip", "x-gzip", "deflate", "identity", ""):
            raise FetchError(f"unsupported content encoding {encoding}")
        compressed = encoding not in ("identity", "")
        declared = response.headers.get("content-length", "")
        if not compressed and declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"too large: {int(declared)} bytes (limit {self.max_bytes})")
        inflater: zlib._Decompress | None = None
        head = b""  # a compressed body's first bytes, until they tell its kind
        chunks: list[bytes] = []
        size = 0
        try:
            async for raw in response.aiter_raw():
                pending = raw
                if compressed and inflater is None:
                    head += raw
                    if len(head) < 2:
                        continue
                    inflater, pending = zlib.decompressobj(_window_bits(head)), head
                while pending:
                    if inflater is None:
                        piece, pending = pending, b""
                    else:
                        piece = inflater.decompress(pending, self.max_bytes - size + 1)
                        pending = inflater.unconsumed_tail
                    size += len(piece)
                    if size > self.max_bytes:
                        raise FetchError(f"too large: over {self.max_bytes} bytes once decoded")
                    chunks.append(piece)
                    if inflater is not None and not piece:
                        break
        except httpx.TimeoutException:
            raise FetchError("the server stopped sending") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"connection broken: {type(exc).__name__}") from None
        except zlib.error:
            raise FetchError("the compressed body is corrupt") from None
        return b"".join(chunks)


def _window_bits(head: bytes) -> int:
    """zlib's wbits for a compressed body by its first bytes: gzip and zlib streams carry a
    header (wbits 47 reads both), while many servers send "deflate" as a raw stream (-15)."""
    if head[:2] == b"\x1f\x8b":
        return 47
    if len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0:
        return 47
    return -15
