"""The ingest pipeline: de-duplicate, store, and assign each new article to a storyline."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from itertools import islice

from news.ports import Fetcher, IngestArchive
from news.records import ArticleDraft, FetchError, IngestReport, NewArticle, Rejection
from news.sources.webpages import extract_article
from news.storylines.analysis import Analysis, Analyzer, in_place
from news.storylines.assignment import Clusterer
from news.storylines.constraints import follow_moved
from news.storylines.dedup import NEAR_JACCARD, day_number, jaccard, nearby_days, shingles
from news.storylines.state import StorylineState
from news.storylines.wordprior import WithWordPrior
from news.text.boilerplate import Boilerplate
from news.text.cleaning import first_sentence, without_process_tags
from news.text.site_chrome import is_site_chrome, without_site_chrome
from news.vectors import Vector

BATCH_SIZE = 200
NEAR_CANDIDATES = 10  # near-duplicate candidates checked on their text


def _drafts(batch: Sequence[tuple[int, ArticleDraft | Rejection]]) -> list[ArticleDraft]:
    return [item for _, item in batch if isinstance(item, ArticleDraft)]


def _batches(
    items: Iterable[tuple[int, ArticleDraft | Rejection]], size: int
) -> Iterator[list[tuple[int, ArticleDraft | Rejection]]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Ingestor:
    """Stores drafts and places them in storylines, in write batches."""

    def __init__(
        self,
        archive: IngestArchive,
        clusterer: Clusterer | None = None,
        dedupe: bool = True,
        analyzer: Analyzer = in_place,
    ) -> None:
        self.archive = archive
        self.clusterer = clusterer or Clusterer()
        # What assignment reads of the archive: its counts with everyday English's as a prior.
        self.corpus = WithWordPrior(archive, self.clusterer.config.prior_documents)
        # The storyline evaluation clusters every record, copies included.
        self.dedupe = dedupe
        # Large imports analyse each next batch in a worker process (bot/adapters/workers.py).
        self.analyzer = analyzer
        self.boilerplate = Boilerplate(archive)

    def ingest(
        self,
        records: Iterable[tuple[int, ArticleDraft | Rejection]],
        fetched_at: datetime,
        report: IngestReport | None = None,
    ) -> IngestReport:
        """Import numbered drafts; rejections are passed through into the report."""
        report = report if report is not None else IngestReport()
        batches = self.analyzer(
            (self._without_boilerplate(b, fetched_at) for b in _batches(records, BATCH_SIZE)),
            _drafts,
            self.clusterer.config,
            self.dedupe,
        )
        for batch, analyses in batches:
            drafts = _drafts(batch)
            # Embedded before the write transaction: a model is slow, and batches are cheaper.
            vectors = self.clusterer.embed_articles([(d.title, d.body) for d in drafts])
            with self.archive.writing():
                for rejection in (item for _, item in batch if isinstance(item, Rejection)):
                    report.rejections.append(rejection)
                for draft, analysis, vector in zip(drafts, analyses, vectors, strict=True):
                    article_id = self._store_one(draft, analysis, fetched_at, vector)
                    if article_id is None:
                        report.duplicates += 1
                    else:
                        report.imported += 1
                        report.article_ids.append(article_id)
        return report

    def as_stored(self, draft: ArticleDraft, now: datetime) -> ArticleDraft:
        """The draft as it would be stored (an edited channel post is revised with it)."""
        return self.boilerplate.stripped([cleaned(draft)], now)[0]

    def _without_boilerplate(
        self, batch: list[tuple[int, ArticleDraft | Rejection]], now: datetime
    ) -> list[tuple[int, ArticleDraft | Rejection]]:
        """The batch with what is not news taken out: the wire's labels on headlines, the
        web's chrome, and what each outlet repeats under its articles."""
        drafts = iter(self.boilerplate.stripped([cleaned(d) for d in _drafts(batch)], now))
        return [(n, next(drafts) if isinstance(d, ArticleDraft) else d) for n, d in batch]

    def _store_one(
        self,
        draft: ArticleDraft,
        analysis: Analysis,
        fetched_at: datetime,
        embedding: Vector | None = None,
    ) -> int | None:
        archive = self.archive
        url_key, digest, keys = analysis.url_key, analysis.fingerprint, analysis.bands
        when = draft.published_at or fetched_at
        if self.dedupe:
            original = archive.find_duplicate(url_key, digest)
            if original is None and keys:
                original = self._near_duplicate(draft, keys, when)
            if original is not None:
                # The same article from another outlet: stored once, the outlet remembered.
                archive.add_syndication(original, draft.source, draft.url)
                return None
        assignment = follow_moved(
            self.clusterer.place(analysis.counts, when, self.corpus, embedding, analysis.arguments),
            archive,
            self.corpus,
        )
        archive.count_terms(assignment.counts)
        current = (
            archive.storyline_state(assignment.storyline_id)
            if assignment.storyline_id is not None
            else None
        )
        state, index = self.clusterer.grown(current, assignment, draft.title, when, self.corpus)
        url_key = url_key if self.dedupe else ""
        # The language the terms were counted in, kept so that a correction counts them alike.
        draft = replace(draft, language=analysis.language)
        article = NewArticle(draft, url_key, digest, fetched_at, keys, day_number(when), embedding)
        article_id = archive.store(article, state, when, index)
        if current is not None:
            self._merge_alike(state, assignment.also_matched)
        return article_id

    def _near_duplicate(
        self, draft: ArticleDraft, keys: Sequence[tuple[int, int]], when: datetime
    ) -> int | None:
        """A stored article from around the same days that shares most of this one's text."""
        candidates = self.archive.band_candidates(keys, nearby_days(when), NEAR_CANDIDATES)
        if not candidates:
            return None
        own = shingles(draft.body)
        alike = (c for c, body in candidates if jaccard(own, shingles(body)) >= NEAR_JACCARD)
        return next(alike, None)

    def _merge_alike(self, joined: StorylineState, others: Sequence[int]) -> None:
        """Merge the storylines an article also matched when they turn out to be one story.

        Storylines a person's correction set apart never are. The larger storyline survives
        (the older one on a tie), so its id, the one most readers have seen, stays.
        """
        archive, clusterer = self.archive, self.clusterer
        for other_id in others:
            apart = other_id in archive.kept_apart(joined.storyline_id)
            other = None if apart else archive.storyline_state(other_id)
            if other is None:
                continue
            n = self.corpus.document_count()
            frequencies = self.corpus.document_frequencies(joined.terms.keys() | other.terms.keys())
            if not clusterer.same_story(joined, other, n, frequencies):
                continue
            survivor, absorbed = sorted((joined, other), key=lambda s: (-s.size, s.storyline_id))
            joined, index = clusterer.merged(survivor, absorbed, self.corpus)
            archive.merge_storylines(absorbed.storyline_id, joined, index)


class NotAnArticle(ValueError):
    """A page that was fetched but holds no article; the message says so in plain words."""


async def ingest_url(
    url: str, fetcher: Fetcher, ingestor: Ingestor, now: datetime
) -> tuple[IngestReport, ArticleDraft]:
    """Fetch a page, extract its article and import it. Raises FetchError or NotAnArticle."""
    result = await fetcher.fetch(url)
    if result.status != 200:
        raise FetchError(f"the page answered HTTP {result.status}", status=result.status)
    content_type = result.headers.get("content-type", "text/html").lower()
    if "html" not in content_type and "xml" not in content_type:
        raise NotAnArticle(f"that address is not a web page ({content_type.split(';')[0]})")
    draft = await asyncio.to_thread(extract_article, result.body, result.url, content_type)
    if draft is None:
        raise NotAnArticle("no article found on that page")
    report = await asyncio.to_thread(ingestor.ingest, [(1, draft)], now)
    return report, draft


def cleaned(draft: ArticleDraft) -> ArticleDraft:
    """The draft without what is nobody's news: the wire's labels around its headline and the
    web's chrome in its body (news/text/site_chrome.py). A headline that is chrome of its own, not
    the body's first sentence (a pasted page's first line "Advertisement"), gives way to the
    body's first sentence."""
    title, body = without_process_tags(draft.title), without_site_chrome(draft.body)
    if body and is_site_chrome(title) and draft.title != first_sentence(draft.body):
        title = first_sentence(body)
    if title == draft.title and body == draft.body:
        return draft
    return replace(draft, title=title, body=body)
