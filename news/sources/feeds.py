"""Feeds: parsing RSS/Atom/JSON Feed bodies into drafts, and the polling schedule and health."""

from __future__ import annotations

import calendar
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import feedparser

from news.dates import parse_datetime
from news.language.detection import detected
from news.records import ArticleDraft, Feed, Rejection
from news.sources.encoding import decode
from news.sources.urls import site_name
from news.text.cleaning import first_sentence, normalize, one_line

_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])[^"']*(["'])""")
_EXPAT_PLACE = re.compile(r"^<unknown>:\d+:\d+: ")
MAX_FAILURES = 10  # consecutive failures before a feed is deactivated
MAX_BACKOFF = timedelta(hours=24)
SAMPLE_ENTRIES = 20  # entries read to tell the language of a feed that declares none


@dataclass(slots=True)
class ParsedFeed:
    title: str
    records: list[tuple[int, ArticleDraft | Rejection]] = field(default_factory=list)
    error: str | None = None  # set when the body is not a usable feed at all


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        # dict.get: feedparser's own get() maps a missing "updated" to "published" with a
        # DeprecationWarning; here each is asked for what it holds.
        parsed = dict.get(entry, key)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


def _outlet(entry: Any, feed_title: str) -> str:
    """Who wrote an entry: the outlet an aggregator names for it (RSS and Atom `<source>`,
    as Google News gives each item), else the feed's own title."""
    source = entry.get("source")
    named = one_line(_text(source.get("title"))) if isinstance(source, Mapping) else ""
    return named or feed_title


def _headline_without(headline: str, outlet: str) -> str:
    """An aggregator's headline without the outlet's name it ends with ("… - Reuters"):
    the name is the source's, and under every item of that outlet it would make them alike."""
    for dash in (" - ", " – ", " — ", " | "):
        ending = f"{dash}{outlet}".lower()
        if headline.lower().endswith(ending) and len(headline) > len(ending):
            return headline[: -len(ending)].rstrip()
    return headline


def _beyond_headline(body: str, headline: str, outlet: str) -> str:
    """The body, or "" when it says nothing but the headline and the outlet's name (many feeds
    repeat the title as the description; Google News adds the outlet): such an entry is a
    headline, and is compared as one."""
    rest = body.lower().replace(headline.lower(), " ").replace(outlet.lower(), " ")
    return body if any(c.isalnum() for c in rest) else ""


def parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    """Entries of a JSON Feed (https://www.jsonfeed.org/version/1.1/); feedparser 6 reads none."""
    try:
        document = json.loads(decode(body))
    except (json.JSONDecodeError, RecursionError):
        return ParsedFeed(site_name(url) or "feed", error="not a feed: invalid JSON")
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        return ParsedFeed(site_name(url) or "feed", error="not a feed: no JSON Feed items")
    title = one_line(_text(document.get("title"))) or site_name(url) or "feed"
    language = _text(document.get("language"))
    feed = ParsedFeed(title)
    for number, item in enumerate(document["items"], start=1):
        if not isinstance(item, dict):
            feed.records.append((number, Rejection(number, "item is not an object")))
            continue
        body_text = normalize(
            _text(item.get("content_text"))
            or _text(item.get("content_html"))
            or _text(item.get("summary"))
        )
        headline = one_line(_text(item.get("title"))) or first_sentence(body_text)
        if not headline and not body_text:
            feed.records.append((number, Rejection(number, "item has no title and no text")))
            continue
        published = None
        stamp = _text(item.get("date_published")) or _text(item.get("date_modified"))
        if stamp:
            try:
                published = parse_datetime(stamp)
            except ValueError:
                published = None
        link = _text(item.get("url")) or _text(item.get("external_url"))
        feed.records.append(
            (number, ArticleDraft(headline, body_text, title, link.strip(), published, language))
        )
    return _in_one_language(feed)


def as_utf8(body: bytes, content_type: str) -> tuple[bytes, str]:
    """The feed re-encoded as UTF-8, decoded by news.sources.encoding's rules (so feeds and pages
    agree on what a declaration means), with its XML declaration and media type saying so."""
    text = _XML_ENCODING.sub(r"\g<1>utf-8\g<2>", decode(body, content_type), count=1)
    media = content_type.split(";", 1)[0].strip() or "application/xml"
    return text.encode("utf-8"), f"{media}; charset=utf-8"


def parse_feed(body: bytes, headers: Mapping[str, str], url: str) -> ParsedFeed:
    """Entries of a feed body. feedparser gets bytes only: given a str it may open a path or URL."""
    if body.lstrip()[:1] == b"{" or "json" in headers.get("content-type", "").lower():
        return parse_json_feed(body, url)
    content_type = headers.get("content-type", "")
    utf8, utf8_type = as_utf8(body, content_type)
    parsed = feedparser.parse(
        io.BytesIO(utf8), response_headers={**headers, "content-type": utf8_type}
    )
    title = one_line(_text(parsed.feed.get("title"))) or site_name(url) or "feed"
    if not parsed.entries:
        # A feed with no entries yet is still a feed; a document that is none is an error.
        if parsed.get("version") and not parsed.get("bozo"):
            return ParsedFeed(title)
        if not body.strip():
            reason = "it is empty"
        elif "html" in content_type or body.lstrip()[:15].lower().startswith(
            (b"<!doctype", b"<html")
        ):
            reason = "it is an HTML page"
        elif parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception") or "unreadable")
            # feedparser's own rewriting of the document shifts expat's line numbers: drop them.
            reason = _EXPAT_PLACE.sub("", reason)
        else:
            reason = "no RSS, Atom or JSON Feed document in it"
        return ParsedFeed(title, error=f"not a feed: {reason[:200]}")
    feed = ParsedFeed(title)
    language = _text(parsed.feed.get("language"))  # RSS <language>, Atom xml:lang
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content") or []
        html = _text(content[0].get("value")) if content else ""
        body_text = normalize(
            html or _text(entry.get("summary")) or _text(entry.get("description"))
        )
        headline = one_line(_text(entry.get("title"))) or first_sentence(body_text)
        if not headline and not body_text:
            feed.records.append((number, Rejection(number, "entry has no title and no text")))
            continue
        outlet = _outlet(entry, title)
        if outlet != title:
            headline = _headline_without(headline, outlet)
        body_text = _beyond_headline(body_text, headline, outlet)
        link = _text(entry.get("link")).strip()
        feed.records.append(
            (
                number,
                ArticleDraft(
                    title=headline,
                    body=body_text,
                    source=outlet,
                    url=link,
                    published_at=_published(entry),
                    language=language,
                    external_id=None,
                ),
            )
        )
    return _in_one_language(feed)


def _in_one_language(feed: ParsedFeed) -> ParsedFeed:
    """A feed that declares no language is read as the one its entries together are in: its
    headlines alone are too short to tell, and a feed keeps to one language."""
    drafts = [d for _, d in feed.records if isinstance(d, ArticleDraft)]
    if not drafts or any(d.language for d in drafts):
        return feed
    language = detected("\n".join(f"{d.title}\n{d.body}" for d in drafts[:SAMPLE_ENTRIES]))
    feed.records = [
        (n, replace(d, language=language) if isinstance(d, ArticleDraft) else d)
        for n, d in feed.records
    ]
    return feed


def next_poll(now: datetime, interval: timedelta, failures: int) -> datetime:
    """When to poll again: the feed's interval, doubled for each failure in a row (capped)."""
    if failures <= 0:
        return now + interval
    backoff: timedelta = min(interval * (2 ** min(failures, 16)), MAX_BACKOFF)
    return now + backoff


def health(feed: Feed, now: datetime) -> str:
    """The feed's state in plain words."""
    if not feed.active:
        return f"inactive: {feed.deactivated_reason or 'removed from polling'}"
    if feed.failures:
        return f"failing ({feed.failures} in a row): {feed.last_error or 'unknown error'}"
    if feed.last_success_at is None:
        return "new: not polled yet"
    minutes = int((now - feed.last_success_at).total_seconds() // 60)
    when = f"{minutes} min ago" if minutes < 120 else f"{minutes // 60} h ago"
    return f"ok: last polled {when}, {feed.last_new} new"
