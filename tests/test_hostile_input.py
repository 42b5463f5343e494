"""Generated hostile input at every importer and the fetcher: each answers with records, a
rejection or its one clear error, and never with anything else."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.adapters.fetcher import SafeFetcher
from bot.adapters.files import FORMATS, InputError, parse_file
from news.ingest import Ingestor
from news.records import ArticleDraft, FetchError, Rejection
from news.sources.encoding import decode
from news.sources.feeds import parse_feed
from news.sources.jsonl import parse_jsonl
from news.sources.opml import OpmlError, feed_urls
from news.sources.saved_pages import parse_page
from news.sources.urls import canonical_url, site_name, slug_words
from news.sources.webpages import extract_article
from storage.store import Store
from tests.fakes.feedfiles import feed_files
from tests.fakes.pages import STORIES, page

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
CHARSETS = ["utf-8", "utf-16", "windows-1251", "iso-8859-1", "shift_jis", "gb18030", "koi8-r"]
SAMPLES = [file.data for file in feed_files(16)] + [
    page(title, body, f'<meta charset="{charset}">').encode(charset)
    for charset, (title, body) in STORIES.items()
]
HOSTILE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real-looking document cut short, spliced with another encoding or with noise."""
    data = draw(st.sampled_from(SAMPLES))
    cut = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["truncate", "splice", "noise", "reencode"]))
    if how == "truncate":
        return data[:cut]
    if how == "splice":
        title, body = draw(st.sampled_from(list(STORIES.values())))
        charset = draw(st.sampled_from(CHARSETS))
        foreign = (title + " " + body).encode(charset, errors="replace")
        return data[:cut] + foreign + data[cut:]
    if how == "noise":
        return data[:cut] + draw(st.binary(min_size=1, max_size=64)) + data[cut:]
    charset = draw(st.sampled_from(CHARSETS))
    return decode(data).encode(charset, errors="replace")


documents = st.one_of(st.binary(max_size=3000), mangled())
odd_urls = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "http://[::1",
            "https://bücher.example/caf%c3%a9#!/x",
            "http://%zz/",
            "https://a.example:99999/",
            "https://[2606:4700::1111]:8080/a b",
            "http://user:pass@host.example/",
            "https://xn--/",
            "https://a..example/%FF%FE",
            "javascript:alert(1)",
            "//no-scheme.example/x",
            "https://example.com/" + "a/" * 500,
            "https://例え.テスト/記事?q=ü#frag",
        ]
    ),
    st.builds(
        "{}://{}/{}".format,
        st.sampled_from(["http", "https", "HTTP", "ftp", ""]),
        st.text(max_size=20),
        st.text(max_size=20),
    ),
)


@HOSTILE
@given(data=documents, fmt=st.sampled_from(FORMATS))
def test_files_import_or_say_why(tmp_path: Path, data: bytes, fmt: str) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    try:
        _, records = parse_file(str(path), fmt, None, None, NOW)
        items = list(records)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert all(isinstance(item, ArticleDraft | Rejection) for _, item in items)
    store = Store(":memory:")
    try:
        report = Ingestor(store.archive).ingest(items, NOW)
        drafts = sum(isinstance(item, ArticleDraft) for _, item in items)
        assert report.imported + report.duplicates + report.rejected == len(items)
        assert report.imported <= drafts
        assert store.archive.article_count() == report.imported
    finally:
        store.close()


@HOSTILE
@given(
    data=documents,
    content_type=st.sampled_from(
        ["", "text/html", "text/html; charset=koi8-r", "application/xml; charset=bogus"]
    ),
)
def test_parsers_never_raise(data: bytes, content_type: str) -> None:
    text = decode(data, content_type)
    assert isinstance(text, str)
    parsed = parse_feed(data, {"content-type": content_type}, "https://feed.example/rss")
    assert parsed.error is None or parsed.records == []
    extract_article(data, "https://news.example/a", content_type)
    list(parse_jsonl(text.splitlines(), None))
    parse_page(text, NOW, "page")
    with contextlib.suppress(OpmlError):
        feed_urls(text)


@HOSTILE
@given(url=odd_urls)
def test_odd_urls_have_one_key(url: str) -> None:
    key = canonical_url(url)
    assert canonical_url(key) == key  # a key is its own key: stored keys stay stable
    assert key == "" or key.startswith("https://")
    site_name(url)
    slug_words(url)
    json.dumps(key)


@st.composite
def responses(draw: st.DrawFn) -> tuple[int, dict[str, str], bytes]:
    body = draw(documents)
    headers = {
        "content-type": draw(st.sampled_from(["text/html", "application/rss+xml; charset=x"])),
    }
    encoding = draw(st.sampled_from(["", "gzip", "deflate", "br", "x-gzip", "gzip, gzip", "zz"]))
    if encoding:
        headers["content-encoding"] = encoding
    if draw(st.booleans()):
        headers["content-length"] = str(draw(st.integers(0, 10_000_000)))
    status = draw(st.sampled_from([200, 204, 301, 302, 404, 500]))
    if status in (301, 302) and draw(st.booleans()):
        headers["location"] = draw(odd_urls)
    return status, headers, body


async def public(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


@HOSTILE
@given(url=odd_urls, answer=responses())
# Found by hypothesis: a redirect to an empty punycode label raised IDNAError inside httpx.
@example(url="HTTP://0", answer=(301, {"content-type": "text/html", "location": "//XN--"}, b""))
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
async def test_the_fetcher_returns_a_result_or_a_fetch_error(
    url: str, answer: tuple[int, dict[str, str], bytes]
) -> None:
    status, headers, body = answer

    # Header values go out as bytes, as a server sends them (a Location may not be ASCII).
    raw = [(k.encode(), v.encode("utf-8", "surrogateescape")) for k, v in headers.items()]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=raw, stream=httpx.ByteStream(body))

    fetcher = SafeFetcher(resolver=public, transport=httpx.MockTransport(handler), max_bytes=50_000)
    try:
        result = await fetcher.fetch(url)
    except FetchError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert len(result.body) <= 50_000
