"""`make bench`: ingest and search figures against raw SQLite baselines measured in the same run."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bench.corpus import articles
from news.ingest import Ingestor
from news.search import fts_query, search
from storage.store import Store

QUERIES = [
    "earthquake",
    "Norham strike",
    "Anna Lund election",
    "flood Velova",
    "summit talks",
    "protest Karova",
    "storm warning",
    "merger Tessburg",
    "fire Dorville",
    "trial verdict",
]


def bench_ingest(count: int, folder: Path) -> tuple[float, Store]:
    drafts = list(articles(count))
    raw = sqlite_utils.Database(folder / "raw.db")
    started = time.perf_counter()
    raw.table("articles").insert_all(
        ({"title": d.title, "body": d.body, "source": d.source} for d in drafts), batch_size=500
    )
    raw.table("articles").enable_fts(["title", "body"], create_triggers=True)
    raw_seconds = time.perf_counter() - started
    store = Store(folder / "bench.db")
    started = time.perf_counter()
    Ingestor(store.archive).ingest(enumerate(drafts, 1), datetime.now(UTC))
    seconds = time.perf_counter() - started
    print(f"ingest_articles={count}")
    print(f"ingest_per_second={count / seconds:.0f}")
    print(f"raw_insert_per_second={count / raw_seconds:.0f}")
    print(f"ingest_ratio={raw_seconds / seconds:.3f}")
    raw.close()
    return seconds, store


def bench_search(store: Store) -> None:
    now = datetime.now(UTC)
    ours, raw = [], []
    for query in QUERIES * 20:
        started = time.perf_counter()
        search(store.archive, query, now)
        ours.append((time.perf_counter() - started) * 1000)
        match = fts_query(query)
        started = time.perf_counter()
        store.db.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 10",
            (match,),
        ).fetchall()
        raw.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(ours, n=20)[-1]
    raw_p95 = statistics.quantiles(raw, n=20)[-1]
    print(f"search_p50_ms={statistics.median(ours):.2f}")
    print(f"search_p95_ms={p95:.2f}")
    print(f"search_ratio={p95 / raw_p95:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    count = 100_000 if args.full else 5_000
    print(f"size={'full' if args.full else 'quick'} ({count} articles)")
    with tempfile.TemporaryDirectory() as folder:
        _, store = bench_ingest(count, Path(folder))
        bench_search(store)
        store.close()


if __name__ == "__main__":
    main()
