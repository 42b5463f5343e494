"""Latency of 200 topic queries against a raw FTS5 `MATCH … ORDER BY rank LIMIT 10`.

Both run on the same database in the same run, interleaved query by query, so that the
machine's noise falls on both alike.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.figures import figure, note
from news.search.ranking import fts_query, search
from news.search.summary import forget
from storage.store import Store

QUERIES = [
    "earthquake",
    "strike talks",
    "election results",
    "flood warning",
    "summit",
    "protest city",
    "storm damage",
    "merger deal",
    "fire",
    "trial verdict",
]


def latencies(store: Store) -> tuple[list[float], list[float]]:
    """Milliseconds per query: ours (search with summaries) and the raw FTS5 query."""
    now = datetime.now(UTC) + timedelta(days=365)
    ours, raw = [], []
    for query in QUERIES * 20:
        started = time.perf_counter()
        search(store.archive, query, now)
        ours.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        store.db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 10",
            (fts_query(query),),
        ).fetchall()
        raw.append((time.perf_counter() - started) * 1000)
    return ours, raw


def filtered_latencies(store: Store) -> list[float]:
    """Milliseconds per query with a reader's filters: a source, and the last three days."""
    now = datetime.now(UTC) + timedelta(days=365)
    row = store.db.execute("SELECT MAX(published_at) FROM articles").fetchone()
    since = (row[0] or "2025-01-01")[:10]
    queries = [f"{query} source:outlet since:{since}" for query in QUERIES]
    queries += [f"{query} source:outlet" for query in QUERIES]
    timings = []
    for query in queries * 5:
        started = time.perf_counter()
        search(store.archive, query, now)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def cold_latencies(store: Store) -> list[float] | None:
    """Milliseconds of each query run once with nothing cached: the database file dropped
    from the OS page cache, a new connection, no summaries in memory (a restarted bot on a
    machine that needed the memory for something else). None where the OS cannot drop a
    file's pages."""
    if not hasattr(os, "posix_fadvise") or store.db.memory:
        return None
    store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    path = Path(store.db.path)
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            descriptor = os.open(file, os.O_RDONLY)
            try:
                os.fsync(descriptor)  # only clean pages can be dropped
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(descriptor)
    forget()
    now = datetime.now(UTC) + timedelta(days=365)
    fresh = Store(path)
    timings = []
    try:
        for query in QUERIES:
            started = time.perf_counter()
            search(fresh.archive, query, now)
            timings.append((time.perf_counter() - started) * 1000)
    finally:
        fresh.close()
    return timings


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def bench_search(store: Store, final: bool = True) -> None:
    """`search_p95_ms` and `search_ratio`; a `#` line instead when not the final size."""
    size = store.archive.article_count()
    # First, before the timed runs below warm every cache.
    cold = cold_latencies(store)
    if cold:
        note(
            f"search with nothing cached at {size} articles: p50 "
            f"{statistics.median(cold):.1f} ms, max {max(cold):.1f} ms ({len(cold)} queries, "
            "each once, the database file dropped from the page cache)"
        )
    ours, raw = latencies(store)
    if not final:
        note(
            f"search at {size} articles: p95 {p95(ours):.1f} ms (p50 "
            f"{statistics.median(ours):.1f}), raw p95 {p95(raw):.1f} ms, "
            f"ratio {p95(ours) / p95(raw):.2f}"
        )
        return
    figure(
        "search_p95_ms",
        p95(ours),
        f"{size} articles, 200 queries; p50 {statistics.median(ours):.1f} ms",
    )
    figure("search_ratio", p95(ours) / p95(raw), f"raw FTS5 MATCH p95 {p95(raw):.2f} ms")
    filtered = filtered_latencies(store)
    note(
        f"search with filters (source:, since:) at {size} articles: p95 {p95(filtered):.1f} ms "
        f"(p50 {statistics.median(filtered):.1f}), {len(filtered)} queries"
    )
