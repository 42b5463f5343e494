from __future__ import annotations

import pytest

from news.language.terms import content_terms
from news.sources.urls import canonical_url, slug_words
from news.storylines.article_terms import term_counts
from news.storylines.assignment import ClusterConfig


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/a/?utm_source=x&id=3&fbclid=y", "https://example.com/a?id=3"),
        ("http://example.com:80/a#top", "https://example.com/a"),
        ("https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"),
        ("ftp://example.com/file", ""),
        ("not a url", ""),
        ("http://[::1", ""),
        # Single-page sites address each article by a hashbang or route fragment.
        ("https://example.com/#!/story/1", "https://example.com/#!/story/1"),
        ("https://example.com/app#/news/2?x", "https://example.com/app#/news/2%3Fx"),
        ("https://example.com/a#comments", "https://example.com/a"),
        # One page, one key: IDN hosts in punycode, one percent-encoding of the path.
        ("https://bücher.example/a", "https://xn--bcher-kva.example/a"),
        ("https://XN--BCHER-KVA.example/a", "https://xn--bcher-kva.example/a"),
        ("https://example.com/café", "https://example.com/caf%C3%A9"),
        ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
        ("https://example.com/%7Euser/a%20b", "https://example.com/~user/a%20b"),
        ("https://example.com/a%2Fb", "https://example.com/a%2Fb"),  # not a path separator
        ("https://example.com/%FF", "https://example.com/%FF"),  # not UTF-8: kept as it was
        ("http://[2001:DB8::1]:8080/x", "https://[2001:db8::1]:8080/x"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_hashbang_articles_are_two_pages() -> None:
    first = canonical_url("https://example.com/#!/story/1")
    assert first != canonical_url("https://example.com/#!/story/2")
    assert first != canonical_url("https://example.com/")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "http://www.marketwatch.com/story/dicks-sporting-goods-profit-rises-69-2014-03-11",
            ["dicks", "sporting", "goods", "profit", "rises"],
        ),
        (
            "https://example.com/news/2014/03/10/colorado-collects-2-million-in-pot-sales.html",
            ["colorado", "collects", "million", "in", "pot", "sales"],
        ),
        ("https://example.com/article/20140310/NEWS/140319979/-1/perspective", []),
        ("https://example.com/id/101479338", []),
        ("https://example.com/a-b", []),
        ("http://[::1", []),
    ],
)
def test_slug_words(url: str, expected: list[str]) -> None:
    assert slug_words(url) == expected


def test_a_headline_alone_also_counts_its_slugs_other_words() -> None:
    config = ClusterConfig()
    url = "https://example.com/metro-north-worker-dead-struck-train-harlem-article-1.1716425"
    alone = term_counts("Metro-North employee killed by train in Harlem", "", config, url)
    worker, struck, harlem = content_terms("worker struck Harlem")
    assert {worker, struck} <= alone.keys()
    assert alone[harlem] == term_counts("Harlem", "", config)[harlem]  # not counted twice
    with_body = term_counts("Metro-North employee killed", "A worker died.", config, url)
    assert struck not in with_body
