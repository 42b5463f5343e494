"""Article extraction from hostile or plain pages: bounded, never raising."""

from __future__ import annotations

import time

from news.sources.webpages import extract_article
from tests.fakes.feeds import LONG_PARAGRAPHS, article_page


def test_article_page() -> None:
    draft = extract_article(
        article_page("Kelvik ferries halted", LONG_PARAGRAPHS), "https://h.example/k"
    )
    assert draft is not None
    assert draft.title == "Kelvik ferries halted"
    assert draft.source == "Harbour Wire"
    assert "stranding hundreds" in draft.body and "All rights reserved" not in draft.body
    assert draft.published_at is not None


def test_hostile_pages_are_bounded() -> None:
    deep = ("<div>" * 100_000 + "text" + "</div>" * 100_000).encode()
    huge = b"<html><body><p>" + b"word " * 600_000 + b"</p></body></html>"
    bad_utf8 = b"<html><body><p>" + bytes(range(128, 256)) * 200 + b"</p></body></html>"
    for page in (deep, huge, bad_utf8, b"", b"\x00\x00", b"<html>"):
        started = time.monotonic()
        result = extract_article(page, "https://h.example/")
        assert time.monotonic() - started < 10
        assert result is None or result.body
