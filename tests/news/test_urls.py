from __future__ import annotations

import pytest

from news.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/a/?utm_source=x&id=3&fbclid=y", "https://example.com/a?id=3"),
        ("http://example.com:80/a#top", "https://example.com/a"),
        ("https://example.com/?b=2&a=1", "https://example.com/?a=1&b=2"),
        ("ftp://example.com/file", ""),
        ("not a url", ""),
        ("http://[::1", ""),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected
