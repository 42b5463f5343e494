"""What an article's own text yields before it meets the archive, worked out one batch ahead
in a second process while this one writes.

An article's canonical URL, fingerprint, MinHash bands and term counts depend on nothing
stored, and they are close to half of what importing it costs in Python (the rest, the
storyline decision and the writes, must see every earlier article and so stays in order in
this process). A large import therefore analyses batch k+1 in a worker while batch k is
assigned and committed, which uses the second core of a small machine. A single batch (a
pasted link, most feed polls) is analysed in place: a worker takes longer to start than
such a batch takes to analyse.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from news.dedup import fingerprint, minhash_bands, shingles
from news.models import ArticleDraft
from news.storylines import ClusterConfig, term_counts
from news.urls import canonical_url

log = logging.getLogger(__name__)

Batch = TypeVar("Batch")


@dataclass(frozen=True, slots=True)
class Analysis:
    """One draft's keys for de-duplication and its terms for storyline assignment."""

    url_key: str
    fingerprint: str
    bands: list[tuple[int, int]]
    counts: dict[str, float]


def analyze(draft: ArticleDraft, config: ClusterConfig, dedupe: bool = True) -> Analysis:
    """The analysis of one draft (without `dedupe`, no MinHash: nothing will be compared)."""
    return Analysis(
        url_key=canonical_url(draft.url),
        fingerprint=fingerprint(draft),
        bands=minhash_bands(shingles(draft.body)) if dedupe else [],
        counts=term_counts(draft.title, draft.body, config, draft.url),
    )


def analyze_all(
    drafts: Sequence[ArticleDraft], config: ClusterConfig, dedupe: bool = True
) -> list[Analysis]:
    return [analyze(draft, config, dedupe) for draft in drafts]


def spare_cores() -> int:
    """Cores this process may run on besides the one it is using."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return usable - 1


def analyzed_ahead(
    batches: Iterable[Batch],
    drafts_of: Callable[[Batch], list[ArticleDraft]],
    config: ClusterConfig,
    dedupe: bool = True,
    parallel: bool = True,
) -> Iterator[tuple[Batch, list[Analysis]]]:
    """Each batch with its drafts' analyses, in order.

    With `parallel` and a spare core, a worker process analyses the next batch while the
    caller works on the current one. Should the worker fail (killed, out of memory), the
    remaining batches are analysed in place: the import goes on, only slower.
    """
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        return
    work = partial(analyze_all, config=config, dedupe=dedupe)
    second = next(iterator, None)
    if second is None or not parallel or spare_cores() < 1:
        yield first, work(drafts_of(first))
        if second is not None:
            yield second, work(drafts_of(second))
        for batch in iterator:
            yield batch, work(drafts_of(batch))
        return
    # "spawn": forking a process that runs the bot's threads can copy a held lock.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        pending: Future[list[Analysis]] | None = pool.submit(work, drafts_of(second))
        # The first batch is analysed here while the worker starts.
        yield first, work(drafts_of(first))
        batch = second
        while pending is not None:
            following = next(iterator, None)
            analyses = _result(pending, work, drafts_of(batch))
            pending = None
            if following is not None:
                pending = _submit(pool, work, drafts_of(following))
            yield batch, analyses
            if following is None:
                break
            batch = following
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor,
    work: Callable[[Sequence[ArticleDraft]], list[Analysis]],
    drafts: list[ArticleDraft],
) -> Future[list[Analysis]]:
    try:
        return pool.submit(work, drafts)
    except RuntimeError:  # a broken pool refuses new work
        done: Future[list[Analysis]] = Future()
        done.set_result(work(drafts))
        return done


def _result(
    pending: Future[list[Analysis]],
    work: Callable[[Sequence[ArticleDraft]], list[Analysis]],
    drafts: list[ArticleDraft],
) -> list[Analysis]:
    try:
        return pending.result()
    except Exception as error:
        log.warning("analysis worker failed (%s); analysing in this process", error)
        return work(drafts)
