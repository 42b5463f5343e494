"""OPML: the feed list format readers import and export."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from functools import cache
from importlib import resources
from xml.sax.saxutils import quoteattr

from news.records import Feed


class OpmlError(ValueError):
    """The file is not OPML."""


def feed_urls(text: str) -> list[tuple[str, str]]:
    """(url, title) of every feed outline. Python's expat refuses entity-expansion bombs."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise OpmlError(f"not OPML: {exc}") from None
    if root.tag.lower() != "opml":
        raise OpmlError("not OPML: the root element is not <opml>")
    found = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            found.append((url, (outline.get("title") or outline.get("text") or "").strip()))
    return found


def to_opml(feeds: Sequence[Feed]) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head><title>newsbrief feeds</title></head>",
        "  <body>",
    ]
    for feed in feeds:
        title = quoteattr(feed.title or feed.url)
        lines.append(
            f'    <outline type="rss" text={title} title={title} xmlUrl={quoteattr(feed.url)}/>'
        )
    lines += ["  </body>", "</opml>"]
    return "\n".join(lines) + "\n"


@cache  # a file shipped in the package: read once
def starter_feeds() -> tuple[tuple[str, str], ...]:
    """(url, title) of the starter set shipped with newsbrief: well-known outlets' own world
    news feeds, several regions and languages (news/data/starter.opml)."""
    opml = resources.files("news").joinpath("data/starter.opml").read_text(encoding="utf-8")
    return tuple(feed_urls(opml))
