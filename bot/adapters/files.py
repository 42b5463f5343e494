"""Reading import files: format detection and parsing into numbered drafts or rejections."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bot.errors import CommandError
from news.records import PASTED_SOURCE, ArticleDraft, Rejection
from news.sources.encoding import decode
from news.sources.feeds import parse_feed
from news.sources.jsonl import parse_jsonl
from news.sources.saved_pages import looks_like_page, parse_page
from news.sources.webpages import extract_article
from news.text.cleaning import normalize, one_line

FORMATS = ("auto", "page", "jsonl", "feed", "html", "text")
Records = Iterator[tuple[int, ArticleDraft | Rejection]]


class InputError(CommandError):
    """An input that cannot be used at all (unreadable, unsupported); one line for the user."""


def read_bytes(path: str) -> tuple[bytes, datetime | None]:
    """The file's bytes (stdin for "-") and its modification time."""
    try:
        if path == "-":
            return sys.stdin.buffer.read(), None
        file = Path(path)
        data = file.read_bytes()
        mtime = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}") from exc
    return data, mtime


def detect_format(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    head = text.lstrip()[:2000]
    if "jsonfeed.org/version" in head:
        return "feed"
    if suffix in (".jsonl", ".ndjson") or head.startswith("{"):
        return "jsonl"
    if suffix in (".xml", ".rss", ".atom") or head.startswith(("<?xml", "<rss", "<feed")):
        return "feed"
    if suffix in (".html", ".htm") or head.lower().startswith(("<!doctype html", "<html")):
        return "html"
    if looks_like_page(text):
        return "page"
    return "text"


def parse_file(
    path: str, fmt: str, source: str | None, fetched_at: datetime | None, now: datetime
) -> tuple[str, Records]:
    """The detected format and the file's numbered records."""
    data, mtime = read_bytes(path)
    text = decode(data)
    if fmt == "auto":
        fmt = detect_format(path, text)
    name = "stdin" if path == "-" else Path(path).stem
    if fmt == "jsonl":
        # JSON Lines is UTF-8 by definition; a bad byte spoils its line, not the file.
        lines = data.decode("utf-8-sig", errors="replace").splitlines()
        return fmt, parse_jsonl(lines, source)
    if fmt == "page":
        anchor = fetched_at or mtime or now
        drafts = parse_page(text, anchor, source or name)
        return fmt, iter(list(enumerate(drafts, start=1)))
    if fmt == "text":
        return fmt, iter([(1, _text_article(text, source or PASTED_SOURCE))])
    if fmt == "feed":
        parsed = parse_feed(data, {}, "")
        if parsed.error:
            raise InputError(parsed.error)
        if source:
            parsed.records = [
                (n, replace(d, source=source) if isinstance(d, ArticleDraft) else d)
                for n, d in parsed.records
            ]
        return fmt, iter(parsed.records)
    article = extract_article(data, "")
    if article is None:
        return fmt, iter([(1, Rejection(1, "no article found in the HTML"))])
    return fmt, iter([(1, replace(article, source=source or article.source or name))])


def _text_article(text: str, source: str) -> ArticleDraft | Rejection:
    lines = [line for line in normalize(text).split("\n") if line.strip()]
    if not lines:
        return Rejection(1, "empty text")
    return ArticleDraft(title=one_line(lines[0]), body="\n".join(lines[1:]), source=source)
