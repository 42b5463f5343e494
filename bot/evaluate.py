"""`newsbrief eval`: storyline and pair quality through the production code on a fresh database."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from news.dates import parse_datetime
from news.evaluation import bcubed, pairwise, roc_auc
from news.ingest import Ingestor
from news.jsonl import record_to_draft
from news.models import ArticleDraft
from news.storylines import Clusterer, cosine, idf, term_counts
from storage.store import Store

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


class EvalError(ValueError):
    """The evaluation file cannot be used."""


def _records(path: Path) -> list[dict[str, Any]]:
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
        if not isinstance(record, dict):
            raise EvalError(f"{path}:{number}: not a JSON object")
        records.append(record)
    return records


def _in_time_order(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records by published_at, file order among equals and for records without one."""

    def key(item: tuple[int, dict[str, Any]]) -> tuple[datetime, int]:
        index, record = item
        try:
            return parse_datetime(str(record.get("published_at") or "")), index
        except ValueError:
            return EPOCH, index

    return [record for _, record in sorted(enumerate(records), key=key)]


def evaluate_storylines(path: Path) -> dict[str, Any]:
    records = _in_time_order(_records(path))
    started = time.perf_counter()
    store = Store(":memory:")
    try:
        ingestor = Ingestor(store.archive, dedupe=False)
        gold: list[str] = []
        drafts: list[tuple[int, ArticleDraft]] = []
        for number, record in enumerate(records, start=1):
            draft = record_to_draft(record, number)
            if isinstance(draft, ArticleDraft) and "cluster" in record:
                gold.append(str(record["cluster"]))
                drafts.append((number, draft))
        # A fixed fetch time: articles without dates all arrive "now", in file order.
        report = ingestor.ingest(drafts, fetched_at=datetime(2030, 1, 1, tzinfo=UTC))
        articles = store.archive.articles(report.article_ids)
        predicted = [a.storyline_id for a in articles]
    finally:
        store.close()
    seconds = time.perf_counter() - started
    return {
        "articles": len(gold),
        "gold_clusters": len(set(gold)),
        "clusters": len(set(predicted)),
        "bcubed": bcubed(gold, predicted).as_dict(),
        "pairwise": pairwise(gold, predicted).as_dict(),
        "seconds": round(seconds, 2),
    }


def evaluate_pairs(path: Path, clusterer: Clusterer | None = None) -> dict[str, Any]:
    """ROC AUC of the same-story similarity, with document frequencies grown over the file."""
    clusterer = clusterer or Clusterer()
    records = _records(path)
    frequencies: dict[str, int] = {}
    documents = 0

    def counted(texts: Iterable[str]) -> list[dict[str, float]]:
        nonlocal documents
        vectors = []
        for text in texts:
            counts = term_counts("", text, clusterer.config)
            for term in counts:
                frequencies[term] = frequencies.get(term, 0) + 1
            documents += 1
            vectors.append(counts)
        return vectors

    scores: list[float] = []
    labels: list[bool] = []
    for record in records:
        if "same_story" not in record:
            continue
        first, second = counted([str(record.get("text1", "")), str(record.get("text2", ""))])
        weighted = [
            {t: c * idf(documents, frequencies.get(t, 0)) for t, c in vector.items()}
            for vector in (first, second)
        ]
        norm = sum(v * v for v in weighted[0].values()) ** 0.5
        unit = {t: v / norm for t, v in weighted[0].items()} if norm else {}
        scores.append(cosine(unit, weighted[1]))
        labels.append(bool(record["same_story"]))
    return {"pairs": len(scores), "auc": round(roc_auc(scores, labels), 4)}
