"""Feed polling: conditional GET, parsing and ingest off the event loop, back-off, health.

The fetcher and the feed store are passed in (news.ports), so this runs without a network.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace

from news.ingest import Ingestor
from news.ports import Clock, FeedRepository, Fetcher, IngestArchive
from news.records import ArticleDraft, Feed, FetchError, IngestReport, Rejection
from news.sources.feeds import MAX_FAILURES, next_poll, parse_feed
from news.sources.webpages import extract_article
from news.storylines.assignment import Clusterer

log = logging.getLogger(__name__)

SHORT_BODY = 400  # entries with less text than this get their page fetched (when enabled)


@dataclass(frozen=True, slots=True)
class PollReport:
    feed: Feed
    imported: int = 0
    duplicates: int = 0
    rejected: int = 0
    not_modified: bool = False
    error: str | None = None
    deactivated: str | None = None  # why polling stopped for good, when it just did

    def line(self) -> str:
        name = self.feed.title or self.feed.url
        if self.deactivated:
            return f"{name}: deactivated ({self.deactivated})"
        if self.error:
            return f"{name}: failed ({self.error})"
        if self.not_modified:
            return f"{name}: not modified"
        return (
            f"{name}: imported {self.imported}, duplicates {self.duplicates}, "
            f"rejected {self.rejected}"
        )


class FeedPoller:
    def __init__(
        self,
        feeds: FeedRepository,
        archive: IngestArchive,
        fetcher: Fetcher,
        clock: Clock,
        full_text: bool = False,
        clusterer: Clusterer | None = None,
    ) -> None:
        self.feeds = feeds
        self.fetcher = fetcher
        self.clock = clock
        self.full_text = full_text
        self.ingestor = Ingestor(archive, clusterer)

    async def poll_due(self, everything: bool = False) -> list[PollReport]:
        feeds = (
            [f for f in self.feeds.all() if f.active]
            if everything
            else self.feeds.due(self.clock())
        )
        # The fetcher bounds how many run at once.
        return list(await asyncio.gather(*(self.poll(feed) for feed in feeds)))

    async def poll(self, feed: Feed) -> PollReport:
        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            result = await self.fetcher.fetch(feed.url, headers)
        except FetchError as exc:
            return self._failed(feed, str(exc))
        now = self.clock()
        if result.status == 304:
            self.feeds.polled(feed, now, next_poll(now, feed.interval, 0), url=result.moved_to)
            log.info("feed %s polled: not modified", feed.url)
            return PollReport(feed, not_modified=True)
        if result.status == 410:
            return self._failed(feed, "the feed is gone (HTTP 410)", deactivate="gone (HTTP 410)")
        if result.status != 200:
            return self._failed(feed, f"HTTP {result.status}")
        parsed = await asyncio.to_thread(parse_feed, result.body, result.headers, result.url)
        if parsed.error:
            return self._failed(feed, parsed.error)
        records = parsed.records
        if self.full_text:
            records = await self._with_full_text(records)
        report = await asyncio.to_thread(self.ingestor.ingest, records, now)
        self.feeds.polled(
            feed,
            now,
            next_poll(now, feed.interval, 0),
            title=parsed.title,
            etag=result.headers.get("etag"),
            last_modified=result.headers.get("last-modified"),
            new=report.imported,
            url=result.moved_to,
        )
        log.info("feed %s polled: %s", feed.url, report.summary())
        return self._report(feed, report)

    @staticmethod
    def _report(feed: Feed, report: IngestReport) -> PollReport:
        return PollReport(feed, report.imported, report.duplicates, report.rejected)

    def _failed(self, feed: Feed, error: str, deactivate: str | None = None) -> PollReport:
        now = self.clock()
        failures = feed.failures + 1
        if deactivate is None and failures >= MAX_FAILURES:
            deactivate = f"gave up after {failures} failures in a row; last: {error}"
        self.feeds.failed(feed, now, error, next_poll(now, feed.interval, failures), deactivate)
        log.warning("feed %s failed (%d in a row): %s", feed.url, failures, error)
        return PollReport(feed, error=error, deactivated=deactivate)

    async def _with_full_text(
        self, records: list[tuple[int, ArticleDraft | Rejection]]
    ) -> list[tuple[int, ArticleDraft | Rejection]]:
        """Entries with only a short summary get their page's text, when it can be had."""

        async def fuller(item: ArticleDraft | Rejection) -> ArticleDraft | Rejection:
            if isinstance(item, Rejection) or len(item.body) >= SHORT_BODY or not item.url:
                return item
            try:
                page = await self.fetcher.fetch(item.url)
            except FetchError:
                return item
            if page.status != 200:
                return item
            article = await asyncio.to_thread(
                extract_article, page.body, item.url, page.headers.get("content-type", "")
            )
            if article is None or len(article.body) <= len(item.body):
                return item
            return replace(item, body=article.body)

        bodies = await asyncio.gather(*(fuller(item) for _, item in records))
        return [(number, item) for (number, _), item in zip(records, bodies, strict=True)]
