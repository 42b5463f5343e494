"""End-to-end ingest rate against a raw insert of the same rows, and its cost as the archive grows.

The floor is a plain sqlite-utils `insert_all` into an FTS5-indexed table. Ours parses
nothing here (the drafts are made in memory) but does everything else an imported article
costs: canonical URL, fingerprint and MinHash de-duplication, storyline assignment, the FTS
index, storyline state, and a commit per batch, with a worker process analysing each next
batch as every file import of more than one batch does (bot/adapters/workers.py). Between the two,
a note gives storage alone: the same articles written through the archive with no analysis,
look-up or decision, which bounds the ratio any pipeline writing this schema can reach.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import sqlite_utils

from bench.corpus import articles
from bench.figures import figure, note
from bot.adapters.workers import analyzed_ahead
from news.ingest import BATCH_SIZE, Ingestor
from news.records import ArticleDraft, NewArticle
from news.storylines.analysis import analyze_all
from news.storylines.assignment import ClusterConfig
from news.storylines.dedup import day_number
from news.storylines.state import StorylineState
from storage.store import Store

PROGRESS_EVERY = 50_000


def raw_rate(folder: Path, count: int, filled_from: Path | None = None) -> float:
    """Articles per second for a bare `insert_all` of the first `count` corpus rows into an
    FTS5-indexed table: an empty one, or one first filled (untimed) with every article of the
    archive at `filled_from`, to see how the floor's own cost grows with the table."""
    raw = sqlite_utils.Database(folder / "raw.db")
    table = raw.table("articles")
    table.create({"id": int, "title": str, "body": str, "source": str}, pk="id")
    table.enable_fts(["title", "body"], create_triggers=True)
    if filled_from is not None:
        raw.attach("archive", filled_from)
        with raw.conn:
            raw.execute(
                """INSERT INTO articles(title, body, source)
                   SELECT a.title, a.body, s.name FROM archive.articles a
                   JOIN archive.sources s ON s.id = a.source_id ORDER BY a.id"""
            )
        raw.execute("DETACH DATABASE archive")
    rows = [{"title": d.title, "body": d.body, "source": d.source} for d in articles(count)]
    started = time.perf_counter()
    table.insert_all(rows, batch_size=200)
    seconds = time.perf_counter() - started
    raw.close()
    for leftover in folder.glob("raw.db*"):
        leftover.unlink()
    return count / seconds


def stored_rate(folder: Path, count: int) -> float:
    """Articles per second for storage alone: the first `count` corpus articles written
    through the archive as ingest writes them (row, FTS entry, MinHash bands; a storyline
    each, with no index terms), in the same batches, but analysed beforehand, untimed, and
    with no look-up or decision. What the product's schema costs before any of its logic,
    so the ceiling of `ingest_ratio` for any pipeline writing to it."""
    drafts = list(articles(count))
    analysed = list(zip(drafts, analyze_all(drafts, ClusterConfig()), strict=True))
    fetched_at = datetime.now(UTC)
    store = Store(folder / "stored.db")
    archive = store.archive
    started = time.perf_counter()
    for start in range(0, count, BATCH_SIZE):
        with archive.writing():
            for draft, analysis in analysed[start : start + BATCH_SIZE]:
                when = draft.published_at or fetched_at
                state = StorylineState(0, {}, 1, when, label=draft.title)
                day = day_number(when)
                article = NewArticle(
                    draft, analysis.url_key, analysis.fingerprint, fetched_at, analysis.bands, day
                )
                archive.store(article, state, when, [])
    seconds = time.perf_counter() - started
    store.close()
    for leftover in folder.glob("stored.db*"):
        leftover.unlink()
    return count / seconds


class Growing:
    """An archive filled from the deterministic corpus, a stretch at a time; `pauses` run
    (untimed) when the archive reaches their size."""

    def __init__(self, store: Store, pauses: dict[int, Callable[[], None]] | None = None) -> None:
        self.store = store
        self.ingestor = Ingestor(store.archive, analyzer=analyzed_ahead)
        self.size = store.archive.article_count()
        self.pauses = dict(pauses or {})
        self._drafts: Iterator[ArticleDraft] = islice(articles(10_000_000), self.size, None)

    def grow_to(self, size: int) -> float:
        """Ingest until the archive holds `size` articles; the seconds that took."""
        total = 0.0
        while self.size < size:
            upcoming = [pause for pause in self.pauses if pause > self.size]
            stop = min(size, self.size + PROGRESS_EVERY, *upcoming)
            count = stop - self.size
            batch = list(islice(self._drafts, count))
            started = time.perf_counter()
            self.ingestor.ingest(enumerate(batch, 1), datetime.now(UTC))
            seconds = time.perf_counter() - started
            total += seconds
            self.size = stop
            if count >= PROGRESS_EVERY // 5:
                note(f"ingest: {stop} articles, {count / seconds:.0f}/s over the last {count}")
            if stop in self.pauses:
                self.pauses.pop(stop)()
        return total


def _timed_copy(folder: Path, source: Store | None, size: int) -> float:
    """Seconds to grow a copy of `source` (an empty archive when None) to `size` articles;
    the copy is removed afterwards."""
    path = folder / "trial.db"
    if source is not None:
        source.db.backup(path)
    trial = Store(path)
    try:
        return Growing(trial).grow_to(size)
    finally:
        trial.close()
        for leftover in folder.glob("trial.db*"):
            leftover.unlink()


def bench_ingest(
    folder: Path,
    store: Store,
    small: int,
    large: int,
    pauses: dict[int, Callable[[], None]] | None = None,
    repeats: int = 1,
) -> Growing:
    """`ingest_ratio`: our rate on `small` articles into an empty archive against a raw
    insert of the same rows. `ingest_cost_growth`: the per-article cost of the last `small`
    articles of `store`'s `large` against that first `small`. With `repeats`, the two
    stretches are timed that many times, in turns (the last on copies of the
    archive), and the fastest of each counts: a shared machine's speed drifts over a run,
    and timings taken minutes apart would measure the drift, not ingest.

    `store` may already hold part of the archive (a run stopped and resumed with
    --workdir): it grows from where it is, and both costs are still measured in this run.
    """
    raw = raw_rate(folder, small)
    seconds = _timed_copy(folder, None, small)
    ours = small / seconds
    figure(
        "ingest_ratio",
        ours / raw,
        f"{small} articles: ours {ours:.0f}/s, raw insert_all {raw:.0f}/s",
    )
    stored = stored_rate(folder, small)
    note(
        f"storage alone (the same articles written through the archive, analysed beforehand, "
        f"no look-ups or decisions): {stored:.0f}/s, {stored / raw:.3f} of the raw insert_all"
    )
    growing = Growing(store, pauses)
    if growing.size >= large:
        note(f"ingest: the archive already holds {growing.size} articles; growth not measured")
        return growing
    if growing.size:
        note(f"ingest: resuming at {growing.size} articles")
    growing.grow_to(large - small)
    firsts, lasts = [], []
    for _ in range(repeats - 1):
        firsts.append(_timed_copy(folder, None, small))
        lasts.append(_timed_copy(folder, store, large))
    lasts.append(growing.grow_to(large))
    firsts.append(_timed_copy(folder, None, small) if repeats > 1 else seconds)
    last = min(lasts)
    growth = last / min(firsts)
    figure(
        "ingest_cost_growth",
        growth,
        f"per-article cost of the last {small} of {large} articles ({small / last:.0f}/s) "
        f"÷ of the first {small} into an empty archive"
        + (f", fastest of {repeats} timings each, taken in turns" if repeats > 1 else ""),
    )
    raw_large = raw_rate(folder, small, filled_from=Path(store.db.path))
    note(
        f"raw insert_all of the same {small} rows into a table of {large}: {raw_large:.0f}/s, "
        f"its cost ×{raw / raw_large:.2f} that into an empty one (ours ×{growth:.2f})"
    )
    return growing
