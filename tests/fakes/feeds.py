"""Feed and page bodies for tests, written here (fictional content)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape


def rss(
    items: list[tuple[str, str, str]], title: str = "Harbour Wire", start: datetime | None = None
) -> bytes:
    """An RSS 2.0 feed of (title, link, description) items."""
    start = start or datetime(2025, 6, 10, 8, 0, tzinfo=UTC)
    entries = []
    for index, (headline, link, description) in enumerate(items):
        when = (start - timedelta(minutes=index)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        entries.append(
            f"<item><title>{escape(headline)}</title><link>{escape(link)}</link>"
            f"<description>{escape(description)}</description><pubDate>{when}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://harbour.example/</link>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def article_page(title: str, paragraphs: list[str], site: str = "Harbour Wire") -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{escape(title)}</title>"
        f'<meta property="og:site_name" content="{escape(site)}">'
        f'<meta property="article:published_time" content="2025-06-09T10:00:00Z"></head>'
        f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        f"<footer>© Harbour Wire. All rights reserved.</footer></body></html>"
    ).encode()


LONG_PARAGRAPHS = [
    "The ferry operator on the northern coast suspended all crossings on Monday after a storm "
    "damaged the pier at Kelvik harbour, stranding hundreds of travellers overnight.",
    "Engineers inspected the pier at first light and said repairs would take at least three "
    "days, while the coastguard kept a cordon around the damaged section.",
    "Local hotels opened their lobbies to stranded passengers, and the town council arranged "
    "buses to the next harbour for those who could not wait.",
]
