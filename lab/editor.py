"""`newsbrief eval storylines FILE --corrections N`: what a person's corrections are worth.

The file is replayed in time order twice through the production ingest, article by article.
In the corrected run, after each batch of arrivals a simulated editor who knows the gold
labels makes the one correction that most raises B-cubed F1 over the articles so far: a
split of the largest foreign group out of a storyline, or a merge of two storylines of one
story, through the same Editor people use. The uncorrected run is the baseline; comparing
the two run's arrivals shows what the corrections steered beyond the articles they moved.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lab.evaluate import EvalError, in_time_order, read_records
from lab.metrics import bcubed, pairwise
from news.ingest import Ingestor
from news.records import ArticleDraft
from news.sources.jsonl import record_to_draft
from news.storylines.assignment import Clusterer
from news.storylines.corrections import Editor
from storage.store import Store

FETCHED_AT = datetime(2030, 1, 1, tzinfo=UTC)
BY = "simulated editor"


@dataclass
class _Run:
    """One replay: each arrival's storyline then, whether it was placed right, and the log."""

    placed_right: list[bool] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # arrivals a correction moved
    steps: list[dict[str, Any]] = field(default_factory=list)
    f1_at: dict[int, float] = field(default_factory=dict)  # after each batch
    final: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Fix:
    gain: float
    kind: str  # "split" or "merge"
    storyline: int
    others: tuple[int, ...]  # the arrivals split off, or the storyline merged in


def _f1(gold: Sequence[str], predicted: Sequence[int]) -> float:
    return bcubed(gold, predicted).f1


def _largest_error(gold: Sequence[str], predicted: Sequence[int]) -> _Fix | None:
    """The one split or merge that most raises B-cubed F1 over these arrivals."""
    base = _f1(gold, predicted)
    members: dict[int, list[int]] = {}
    for index, storyline in enumerate(predicted):
        members.setdefault(storyline, []).append(index)
    fixes: list[_Fix] = []
    for storyline, indexes in members.items():
        stories = Counter(gold[i] for i in indexes)
        if len(stories) < 2:
            continue
        # The largest group that is not the storyline's own story leaves it.
        _, (foreign, _) = stories.most_common(2)
        group = tuple(i for i in indexes if gold[i] == foreign)
        trial = list(predicted)
        for i in group:
            trial[i] = -1
        fixes.append(_Fix(_f1(gold, trial) - base, "split", storyline, group))
    spread: dict[str, Counter[int]] = {}
    for index, story in enumerate(gold):
        spread.setdefault(story, Counter())[predicted[index]] += 1
    for pieces in spread.values():
        if len(pieces) < 2:
            continue
        (first, _), (second, _) = pieces.most_common(2)
        if len(members[second]) > len(members[first]):
            first, second = second, first
        trial = [first if p == second else p for p in predicted]
        fixes.append(_Fix(_f1(gold, trial) - base, "merge", first, (second,)))
    best = max(fixes, key=lambda fix: fix.gain, default=None)
    return best if best is not None and best.gain > 0 else None


def _replay(
    drafts: Sequence[ArticleDraft],
    gold: Sequence[str],
    clusterer: Clusterer,
    budget: int,
    batch: int,
) -> _Run:
    store = Store(":memory:")
    try:
        ingestor = Ingestor(store.archive, clusterer, dedupe=False)
        editor = Editor(store.archive, ingestor.clusterer, ingestor.corpus, store.corrections)
        run, ids = _Run(), []
        for index, draft in enumerate(drafts):
            ids.append(ingestor.ingest([(index + 1, draft)], FETCHED_AT).article_ids[0])
            run.placed_right.append(_placed_right(store, ids, gold))
            arrived = index + 1
            if arrived % batch or arrived == len(drafts):
                continue
            predicted = _storylines(store, ids)
            run.f1_at[arrived] = _f1(gold[:arrived], predicted)
            fix = _largest_error(gold[:arrived], predicted) if budget else None
            if fix is None:
                continue
            budget -= 1
            moved = _apply(editor, fix, ids, predicted)
            run.touched.update(moved)
            after = _f1(gold[:arrived], _storylines(store, ids))
            run.steps.append(
                {
                    "after": arrived,
                    "kind": fix.kind,
                    "articles": len(moved),
                    "bcubed_f1": round(after, 4),
                }
            )
        run.final = _storylines(store, ids)
        return run
    finally:
        store.close()


def _apply(editor: Editor, fix: _Fix, ids: Sequence[int], predicted: Sequence[int]) -> list[int]:
    """Make the correction; the arrivals it moved."""
    if fix.kind == "split":
        editor.split(fix.storyline, [ids[i] for i in fix.others], BY, FETCHED_AT)
        return list(fix.others)
    editor.merge(fix.storyline, fix.others, BY, FETCHED_AT)
    return [i for i, storyline in enumerate(predicted) if storyline in fix.others]


def _storylines(store: Store, ids: Sequence[int]) -> list[int]:
    """Each article's storyline now, in arrival order."""
    return [storyline or 0 for storyline in store.archive.storylines_of(ids)]


def _placed_right(store: Store, ids: Sequence[int], gold: Sequence[str]) -> bool:
    """Whether the newest arrival went where its story is: into the storyline most of whose
    earlier articles tell it, or into a new one when none earlier does."""
    newest = len(ids) - 1
    storyline = store.archive.storyline_of_article(ids[newest])
    position = {article_id: index for index, article_id in enumerate(ids)}
    members = store.archive.member_ids(storyline) if storyline is not None else []
    companions = Counter(gold[position[i]] for i in members if i != ids[newest])
    told_before = gold[newest] in gold[:newest]
    if not companions:
        return not told_before
    return companions.most_common(1)[0][0] == gold[newest]


def evaluate_corrections(path: Path, clusterer: Clusterer, budget: int) -> dict[str, Any]:
    """The corrected replay's figures (as `evaluate_storylines` gives them), with the
    uncorrected replay's and what the corrections steered under "corrections"."""
    started = time.perf_counter()
    drafts: list[ArticleDraft] = []
    gold: list[str] = []
    for number, record in enumerate(in_time_order(read_records(path)), start=1):
        draft = record_to_draft(record, number)
        if isinstance(draft, ArticleDraft) and "cluster" in record:
            drafts.append(draft)
            gold.append(str(record["cluster"]))
    if not drafts:
        raise EvalError(f"{path}: no labelled articles")
    batch = math.ceil(len(drafts) / (budget + 1))
    plain = _replay(drafts, gold, clusterer, 0, batch)
    corrected = _replay(drafts, gold, clusterer, budget, batch)
    first = corrected.steps[0]["after"] if corrected.steps else len(drafts)
    downstream = [
        i for i in range(first, len(drafts)) if i not in corrected.touched
    ]  # arrivals after the first correction that no correction moved
    steered = sum(corrected.placed_right[i] and not plain.placed_right[i] for i in downstream)
    misled = sum(plain.placed_right[i] and not corrected.placed_right[i] for i in downstream)
    for step in corrected.steps:
        step["uncorrected_f1"] = round(plain.f1_at[step["after"]], 4)
    return {
        "articles": len(drafts),
        "gold_clusters": len(set(gold)),
        "clusters": len(set(corrected.final)),
        "bcubed": bcubed(gold, corrected.final).as_dict(),
        "pairwise": pairwise(gold, corrected.final).as_dict(),
        "seconds": round(time.perf_counter() - started, 2),
        "corrections": {
            "made": len(corrected.steps),
            "uncorrected": {
                "clusters": len(set(plain.final)),
                "bcubed": bcubed(gold, plain.final).as_dict(),
                "pairwise": pairwise(gold, plain.final).as_dict(),
            },
            "downstream_fixed": steered,
            "downstream_broken": misled,
            "downstream": len(downstream),
            "moved": len(corrected.touched),
            "steps": corrected.steps,
        },
    }
