"""JSON Lines import: one article object per line, bad lines rejected with their number."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from news.dates import parse_datetime
from news.records import UNKNOWN_SOURCE, ArticleDraft, Rejection
from news.sources.urls import site_name
from news.text.cleaning import first_sentence, normalize, one_line
from news.text.segmentation import news_length

BODY_FIELDS = ("text", "body", "content", "summary")


def parse_jsonl(
    lines: Iterable[str], default_source: str | None = None
) -> Iterator[tuple[int, ArticleDraft | Rejection]]:
    """Each non-blank line parsed into a draft, or a rejection naming the line and reason."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield number, Rejection(number, f"not valid JSON ({reason})")
            continue
        yield number, record_to_draft(record, number, default_source)


def record_to_draft(
    record: Any, number: int, default_source: str | None = None
) -> ArticleDraft | Rejection:
    """An article draft from one decoded record: its id, url, title, source, published_at,
    language and body (or one of the body's other names, BODY_FIELDS)."""
    if not isinstance(record, dict):
        return Rejection(number, "not a JSON object")
    fields: dict[str, str] = {}
    for name in ("id", "url", "title", "source", "published_at", "language", *BODY_FIELDS):
        value = record.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return Rejection(number, f"field {name!r} must be a string")
        fields[name] = str(value)
    body = normalize(next((fields[f] for f in BODY_FIELDS if fields.get(f, "").strip()), ""))
    title = one_line(fields.get("title", ""))
    if not title:
        title = first_sentence(body)
    if not title and not body:
        return Rejection(number, "no title and no text")
    url = fields.get("url", "").strip()
    if not body and not url and not _reads_as_headline(title):
        # A word or two with neither text nor link is no news (headline-only records, as in
        # the ECB+ and UCI sets, are).
        return Rejection(number, "a title alone that short is no article: give its text or its url")
    published_at = None
    if fields.get("published_at", "").strip():
        try:
            published_at = parse_datetime(fields["published_at"])
        except ValueError:
            return Rejection(number, f"published_at is not ISO 8601: {fields['published_at']!r}")
    named = one_line(fields.get("source", "")) or default_source
    source = named or site_name(url) or UNKNOWN_SOURCE
    return ArticleDraft(
        title=title,
        body=body,
        source=source,
        url=url,
        published_at=published_at,
        language=fields.get("language", "").strip(),
        external_id=fields.get("id"),
    )


# A title standing alone (no text, no link) is an article when it reads like a headline.
HEADLINE_WORDS = 3
HEADLINE_LETTERS = 15


def _reads_as_headline(title: str) -> bool:
    return len(title.split()) >= HEADLINE_WORDS and news_length(title) >= HEADLINE_LETTERS
