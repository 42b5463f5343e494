"""`newsbrief eval`: storyline and pair quality through the production code on a fresh database."""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.adapters.workers import analyzed_ahead
from bot.errors import CommandError
from lab.metrics import averaged, bcubed, bcubed_items, pairwise, roc_auc
from lab.replay import fitted, pair_comparisons, remembering
from news.dates import parse_datetime
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.search.ranking import search
from news.sources.jsonl import record_to_draft
from news.storylines.assignment import Clusterer
from news.storylines.decision import SameStory
from news.storylines.state import QueryEmbedder
from storage.store import Store

EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
EVAL_ID = "eval-line-"


class EvalError(CommandError):
    """The evaluation file cannot be used."""


def read_records(path: Path) -> list[dict[str, Any]]:
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


def in_time_order(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
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
) -> tuple[list[str], list[int | None], list[int]]:
    """Gold and predicted storylines of the labelled records, clustered in their order, and
    the indexes of the records they belong to (records without a label or text are skipped)."""
    store = Store(":memory:")
    try:
        ingestor = Ingestor(store.archive, clusterer, dedupe=False, analyzer=analyzed_ahead)
        gold: list[str] = []
        drafts: list[tuple[int, ArticleDraft]] = []
        scored: list[int] = []
        for number, record in enumerate(records, start=1):
            draft = record_to_draft(record, number)
            if isinstance(draft, ArticleDraft) and "cluster" in record:
                gold.append(str(record["cluster"]))
                drafts.append((number, draft))
                scored.append(number - 1)
        # A fixed fetch time: articles without dates all arrive "now", in file order.
        report = ingestor.ingest(drafts, fetched_at=datetime(2030, 1, 1, tzinfo=UTC))
        articles = store.archive.articles(report.article_ids)
        return gold, [a.storyline_id for a in articles], scored
    finally:
        store.close()


def _fold_clusterer(
    clusterer: Clusterer,
    records: list[dict[str, Any]],
    held_out: list[int],
    also: Sequence[list[dict[str, Any]]] = (),
) -> Clusterer:
    """The clusterer with its decision fitted on every record but the held-out ones, and on
    the `also` streams (other files, as the shipped decision is fitted on all of them)."""
    skipped = set(held_out)
    training = [record for index, record in enumerate(records) if index not in skipped]
    try:
        model = fitted([training, *also], clusterer.config, clusterer.embedder)
    except ValueError as exc:
        raise EvalError(f"a fold cannot be fitted without its own records: {exc}") from exc
    return Clusterer(clusterer.config, clusterer.embedder, model)


def evaluate_storylines(
    path: Path,
    clusterer: Clusterer | None = None,
    folds: int | None = None,
    also: Sequence[Path] = (),
) -> dict[str, Any]:
    """Storyline quality on a labelled file; with `folds`, grouped cross-validation: each fold
    (whole topics, else whole clusters) clustered on its own with a decision fitted on the
    other folds and on the files `also` names, and scored again in stream (`in_stream`)."""
    records = in_time_order(read_records(path))
    started = time.perf_counter()
    clusterer = clusterer or Clusterer()
    others = [in_time_order(read_records(other)) for other in also]
    if folds:  # each fold is replayed to fit the others' decisions: embed each text once
        clusterer = remembering(clusterer, records + [r for other in others for r in other])
    gold: list[str] = []
    predicted: list[object] = []
    in_stream: list[tuple[float, float]] = []
    parts = grouped_folds(records, folds, "topic") if folds else [list(range(len(records)))]
    for number, members in enumerate(parts):
        judge = _fold_clusterer(clusterer, records, members, others) if folds else clusterer
        fold_gold, fold_predicted, _ = _clustered([records[i] for i in members], judge)
        gold += fold_gold
        predicted += [(number, storyline) for storyline in fold_predicted]
        if folds:
            in_stream += scored_in_stream(records, members, judge)
    seconds = time.perf_counter() - started
    result = {
        "articles": len(gold),
        "gold_clusters": len(set(gold)),
        "clusters": len(set(predicted)),
        "bcubed": bcubed(gold, predicted).as_dict(),
        "pairwise": pairwise(gold, predicted).as_dict(),
        "seconds": round(seconds, 2),
    }
    if not folds:
        return result
    return {**result, "folds": folds, "in_stream": {"bcubed": averaged(in_stream).as_dict()}}


def scored_in_stream(
    records: list[dict[str, Any]], members: list[int], judge: Clusterer
) -> list[tuple[float, float]]:
    """B-cubed of the held-out fold's articles with the whole file clustered around them: a
    fold alone has fewer stories to confuse its articles with than news arriving in full."""
    gold, predicted, rows = _clustered(records, judge)
    held_out = set(members)
    scored = zip(rows, bcubed_items(gold, predicted), strict=True)
    return [item for row, item in scored if row in held_out]


def evaluate_pairs(
    path: Path,
    clusterer: Clusterer | None = None,
    folds: int | None = None,
    also: Sequence[Path] = (),
) -> dict[str, Any]:
    """ROC AUC of the same-story decision's log-odds for each pair's second text against a
    storyline of its first, document frequencies grown pair by pair; with `folds`, over each
    fold of pairs (grouped by `topic` when the file has one) with a decision fitted on the
    others (and on the files `also` names), the scores pooled."""
    labelled = [record for record in read_records(path) if "same_story" in record]
    others = [in_time_order(read_records(other)) for other in also]
    clusterer = remembering(clusterer or Clusterer(), labelled + [r for o in others for r in o])
    parts = grouped_folds(labelled, folds, "topic") if folds else [list(range(len(labelled)))]
    scores: list[float] = []
    labels: list[bool] = []
    order: list[int] = []
    for members in parts:
        judge = _fold_clusterer(clusterer, labelled, members, others) if folds else clusterer
        pairs = pair_comparisons([labelled[i] for i in members], judge.config, judge.embedder)
        scores += [judge.model.logit(c.features, c.short) if c else -math.inf for c in pairs]
        labels += [bool(labelled[i]["same_story"]) for i in members]
        order += members
    result: dict[str, Any] = {"pairs": len(scores), "auc": round(roc_auc(scores, labels), 4)}
    if folds:
        result["folds"] = folds
    groups = language_groups([labelled[i] for i in order])
    if groups:
        result["by_language"] = {
            name: round(roc_auc([scores[i] for i in rows], [labels[i] for i in rows]), 4)
            for name, rows in groups.items()
            if len({labels[i] for i in rows}) == 2
        }
    return result


def language_groups(records: Sequence[dict[str, Any]]) -> dict[str, list[int]]:
    """The pairs of each language group, by position: "mono" (both texts in one language),
    "cross", and each combination ("de-en"); empty when the pairs carry no languages."""
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        first, second = str(record.get("lang1") or ""), str(record.get("lang2") or "")
        if not first or not second:
            continue
        groups.setdefault("mono" if first == second else "cross", []).append(index)
        groups.setdefault(f"{first}-{second}", []).append(index)
    leading = {"mono": 0, "cross": 1}
    return dict(sorted(groups.items(), key=lambda item: (leading.get(item[0], 2), item[0])))


def evaluate_search(
    path: Path, clusterer: Clusterer | None = None, k_values: tuple[int, ...] = (1, 3)
) -> dict[str, Any]:
    """Hold out each gold cluster's latest article, import the rest, search with its title."""
    records = in_time_order(read_records(path))
    by_cluster: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for number, record in enumerate(records, start=1):
        if "cluster" in record:
            by_cluster.setdefault(str(record["cluster"]), []).append((number, record))
    held_out = {members[-1][0] for members in by_cluster.values() if len(members) > 1}
    fetched_at = datetime(2030, 1, 1, tzinfo=UTC)
    embedder = clusterer.embedder if clusterer else None
    meaning = embedder if isinstance(embedder, QueryEmbedder) else None
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
            results = search(store.archive, query, fetched_at, limit=10, meaning=meaning)
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


def fit_files(paths: list[Path], clusterer: Clusterer) -> SameStory:
    """The same-story decision fitted on labelled files (storylines or pairs), each replayed
    in time order; `trained_on` names the files."""
    streams = [in_time_order(read_records(path)) for path in paths]
    try:
        clusterer = remembering(clusterer, [record for stream in streams for record in stream])
        return fitted(streams, clusterer.config, clusterer.embedder, [p.name for p in paths])
    except ValueError as exc:
        raise EvalError(str(exc)) from exc
