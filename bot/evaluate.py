"""`newsbrief eval`: storyline and pair quality through the production code on a fresh database."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import CommandError
from bot.workers import analyzed_ahead
from news.dates import parse_datetime
from news.evaluation import bcubed, pairwise, roc_auc
from news.ingest import Ingestor
from news.jsonl import record_to_draft
from news.models import ArticleDraft
from news.search import search
from news.storylines import Clusterer, term_counts
from news.vectors import blend, cosine, idf
from news.wordprior import prior_frequency
from storage.store import Store

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
EVAL_ID = "eval-line-"


class EvalError(CommandError):
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


def grouped_folds(records: list[dict[str, Any]], folds: int, group: str) -> list[list[int]]:
    """Indexes of the records in `folds` folds of whole groups (by the `group` field, else
    `cluster`, else the record alone), each fold about as large as the others, in order."""
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        name = record.get(group, record.get("cluster", f"record {index}"))
        groups.setdefault(str(name), []).append(index)
    if not 2 <= folds <= len(groups):
        raise EvalError(f"--folds must be from 2 to {len(groups)} (the file's groups)")
    assigned: list[list[int]] = [[] for _ in range(folds)]
    # Largest groups first, each into the smallest fold so far: balanced and deterministic.
    for _, members in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        min(assigned, key=len).extend(members)
    return [sorted(fold) for fold in assigned]


def _clustered(
    records: list[dict[str, Any]], clusterer: Clusterer | None
) -> tuple[list[str], list[int | None]]:
    """Gold and predicted storylines of the labelled records, clustered in their order."""
    store = Store(":memory:")
    try:
        ingestor = Ingestor(store.archive, clusterer, dedupe=False, analyzer=analyzed_ahead)
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
        return gold, [a.storyline_id for a in articles]
    finally:
        store.close()


def evaluate_storylines(
    path: Path, clusterer: Clusterer | None = None, folds: int | None = None
) -> dict[str, Any]:
    """Storyline quality on a labelled file; with `folds`, grouped cross-validation: each fold
    (whole topics, else whole clusters) clustered on its own with a decision fitted without
    it. The storyline decision has nothing fitted yet, so that is the same decision."""
    records = _in_time_order(_records(path))
    started = time.perf_counter()
    gold: list[str] = []
    predicted: list[object] = []
    parts = grouped_folds(records, folds, "topic") if folds else [list(range(len(records)))]
    for number, members in enumerate(parts):
        fold_gold, fold_predicted = _clustered([records[i] for i in members], clusterer)
        gold += fold_gold
        predicted += [(number, storyline) for storyline in fold_predicted]
    seconds = time.perf_counter() - started
    result = {
        "articles": len(gold),
        "gold_clusters": len(set(gold)),
        "clusters": len(set(predicted)),
        "bcubed": bcubed(gold, predicted).as_dict(),
        "pairwise": pairwise(gold, predicted).as_dict(),
        "seconds": round(seconds, 2),
    }
    return {**result, "folds": folds} if folds else result


def evaluate_pairs(
    path: Path, clusterer: Clusterer | None = None, folds: int | None = None
) -> dict[str, Any]:
    """ROC AUC of the same-story similarity, with document frequencies grown over the file;
    with `folds`, over each fold of pairs (grouped by `topic` when the file has one) alone,
    the scores pooled."""
    clusterer = clusterer or Clusterer()
    labelled = [record for record in _records(path) if "same_story" in record]
    parts = grouped_folds(labelled, folds, "topic") if folds else [list(range(len(labelled)))]
    scores: list[float] = []
    labels: list[bool] = []
    for members in parts:
        scores += _pair_scores([labelled[i] for i in members], clusterer)
        labels += [bool(labelled[i]["same_story"]) for i in members]
    result: dict[str, Any] = {"pairs": len(scores), "auc": round(roc_auc(scores, labels), 4)}
    return {**result, "folds": folds} if folds else result


def _pair_scores(labelled: list[dict[str, Any]], clusterer: Clusterer) -> list[float]:
    """The same-story similarity of each pair, document frequencies grown pair by pair."""
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
    pairs = [(str(r.get("text1", "")), str(r.get("text2", ""))) for r in labelled]
    embeddings = clusterer.embed_articles([("", text) for pair in pairs for text in pair])
    # Document frequencies start from the same everyday-English prior as the archive's.
    prior = clusterer.config.prior_documents
    for index, pair in enumerate(pairs):
        first, second = counted(pair)
        weighted = [
            {
                t: c * idf(documents + prior, frequencies.get(t, 0) + prior_frequency(t, prior))
                for t, c in vector.items()
            }
            for vector in (first, second)
        ]
        norm = sum(v * v for v in weighted[0].values()) ** 0.5
        unit = {t: v / norm for t, v in weighted[0].items()} if norm else {}
        score = cosine(unit, weighted[1])
        # The same blend, with the same weight by length, as the clusterer uses.
        weight = clusterer.semantic_weight(
            min(len(first), len(second)) < clusterer.config.short_features
        )
        left, right = embeddings[2 * index], embeddings[2 * index + 1]
        if left is not None and right is not None and weight:
            score = blend(score, float(np.dot(left, right)), weight)
        scores.append(score)
    return scores


def evaluate_search(
    path: Path, clusterer: Clusterer | None = None, k_values: tuple[int, ...] = (1, 3)
) -> dict[str, Any]:
    """Hold out each gold cluster's latest article, import the rest, search with its title."""
    records = _in_time_order(_records(path))
    by_cluster: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, record in enumerate(records, start=1):
        if "cluster" in record:
            by_cluster.setdefault(str(record["cluster"]), []).append((number, record))
    held_out = {members[-1][0] for members in by_cluster.values() if len(members) > 1}
    fetched_at = datetime(2030, 1, 1, tzinfo=UTC)
    store = Store(":memory:")
    try:
        ingestor = Ingestor(store.archive, clusterer, analyzer=analyzed_ahead)
        queries: list[tuple[str, str]] = []
        gold_of: dict[str, str] = {}
        drafts: list[tuple[int, ArticleDraft]] = []
        for number, record in enumerate(records, start=1):
            draft = record_to_draft(record, number)
            if not isinstance(draft, ArticleDraft) or "cluster" not in record:
                continue
            if number in held_out:
                queries.append((draft.title, str(record["cluster"])))
            else:
                # A record without an id gets one, to find its cluster again after import.
                tagged = replace(draft, external_id=f"{EVAL_ID}{number}")
                drafts.append((number, tagged))
                gold_of[tagged.external_id or ""] = str(record["cluster"])
        report = ingestor.ingest(drafts, fetched_at=fetched_at)
        votes: dict[str, Counter[int]] = {}
        for article in store.archive.articles(report.article_ids):
            cluster = gold_of.get(article.public_id)
            if cluster is not None and article.storyline_id is not None:
                votes.setdefault(cluster, Counter())[article.storyline_id] += 1
        target = {cluster: count.most_common(1)[0][0] for cluster, count in votes.items()}
        hits = dict.fromkeys(k_values, 0)
        reciprocal = 0.0
        latencies: list[float] = []
        asked = 0
        for query, cluster in queries:
            if cluster not in target:
                continue
            asked += 1
            started = time.perf_counter()
            results = search(store.archive, query, fetched_at, limit=10)
            latencies.append((time.perf_counter() - started) * 1000)
            ranked = [r.storyline.id for r in results]
            if target[cluster] in ranked:
                position = ranked.index(target[cluster]) + 1
                reciprocal += 1 / position
                for k in k_values:
                    hits[k] += position <= k
    finally:
        store.close()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 0.0
    result: dict[str, Any] = {"queries": asked}
    for k in k_values:
        result[f"success_at_{k}"] = round(hits[k] / asked, 4) if asked else 0.0
    result["mrr"] = round(reciprocal / asked, 4) if asked else 0.0
    result["p95_ms"] = round(p95, 2)
    return result
