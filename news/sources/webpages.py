"""Main text, title, date and site name of a web page, with trafilatura."""

from __future__ import annotations

from datetime import UTC, datetime

import trafilatura
from trafilatura.settings import use_config

from news.dates import parse_datetime
from news.records import ArticleDraft
from news.sources.encoding import decode
from news.sources.urls import site_name
from news.text.cleaning import normalize, one_line
from news.text.segmentation import news_length

MAX_HTML_BYTES = 3_000_000
MAX_TREE_SIZE = 50_000  # elements; deeper or bigger hostile pages are not parsed
MIN_TEXT_CHARS = 200  # less than this is not an article (a login wall, an index page)

# Pages with more elements than this are discarded unparsed (hostile or absurd markup).
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))


def extract_article(html: bytes | str, url: str, content_type: str = "") -> ArticleDraft | None:
    """The article of a page, or None when the page holds none. Bytes are decoded by the
    charset of `content_type` (the HTTP header) or the page's own, see news.sources.encoding."""
    if isinstance(html, bytes):
        html = decode(html[:MAX_HTML_BYTES], content_type)
    else:
        html = html[:MAX_HTML_BYTES]
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            config=_CONFIG,
        )
    except (ValueError, RecursionError, MemoryError):
        return None
    if document is None:
        return None
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = normalize(str(data.get("text") or ""))
    title = one_line(str(data.get("title") or ""))
    if news_length(text) < MIN_TEXT_CHARS:
        return None
    # trafilatura often repeats the headline as the first line of the text.
    if title and text.startswith(title):
        text = text[len(title) :].lstrip("\n ")
    published = None
    if data.get("date"):
        try:
            published = parse_datetime(str(data["date"]))
        except ValueError:
            published = None
    if published is not None and published > datetime.now(UTC):
        published = None
    source = one_line(str(data.get("sitename") or "")) or site_name(url) or "web"
    return ArticleDraft(
        title=title or text.split("\n", 1)[0][:200],
        body=text,
        source=source,
        url=url,
        published_at=published,
        language=str(data.get("language") or ""),
    )
