"""What each feature of the same-story decision carries: grouped cross-validated scores with
the feature left out, beside the full decision, and its shipped weights.

    python -m bench.ablation DATA_DIR [--folds 5]

DATA_DIR holds the three development files (../shared/data/storylines). ECB+ is grouped by
its topic (the number its cluster names start with), so that the two events of one kind
always fall in the same fold: the honest, harder grouping. Storyline folds are scored alone
and in stream (amid the whole file's stories, lab/evaluate.py). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from lab.evaluate import evaluate_pairs, evaluate_storylines
from news.storylines.assignment import ClusterConfig, Clusterer
from news.storylines.decision import (
    ARGUMENT_FEATURES,
    FEATURES,
    LEXICAL_FEATURES,
    SameStory,
    shipped,
)

# Features that stand or fall together are left out together.
GROUPS: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f in ARGUMENT_FEATURES if f.startswith(f"{kind}_"))
    for kind in dict.fromkeys(f.split("_")[0] for f in ARGUMENT_FEATURES)
}


def _with_topics(source: Path, out: Path) -> Path:
    """ECB+ with a `topic` field: the topic number its cluster ids start with."""
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        record["topic"] = str(record["cluster"]).split("_", 1)[0]
        lines.append(json.dumps(record))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def _scores(files: dict[str, Path], folds: int, left_out: tuple[str, ...]) -> list[float]:
    # The model given here is replaced in every fold by one fitted without that fold.
    clusterer = Clusterer(ClusterConfig(left_out=left_out), model=SameStory.constant(FEATURES, 0))
    scores = []
    for name in ("ecb", "uci"):
        result = evaluate_storylines(files[name], clusterer, folds)
        scores += [result["bcubed"]["f1"], result["in_stream"]["bcubed"]["f1"]]
    return [*scores, evaluate_pairs(files["pairs"], clusterer, folds)["auc"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        files = {
            "ecb": _with_topics(args.data / "ecbplus-dev.jsonl", Path(scratch) / "ecb.jsonl"),
            "uci": args.data / "uci-headlines-dev.jsonl",
            "pairs": args.data / "semeval-pairs-dev.jsonl",
        }
        full = _scores(files, args.folds, ())
        model = shipped()
        weights = {
            name: (article, headline)
            for name, article, headline in zip(
                FEATURES, model.article.weights, model.headline.weights, strict=True
            )
        }
        print(
            "| left out | weight (articles / headlines) | ECB+ F1 alone | in stream"
            " | UCI F1 alone | in stream | pairs AUC |"
        )
        print("|---|---|---|---|---|---|---|")
        print(f"| nothing | | {' | '.join(f'{score:.4f}' for score in full)} |")
        for label, left_out in [*((s, (s,)) for s in LEXICAL_FEATURES), *GROUPS.items()]:
            scores = _scores(files, args.folds, left_out)
            shown = ", ".join(
                f"{name} {weights[name][0]:+.2f} / {weights[name][1]:+.2f}" for name in left_out
            )
            deltas = " | ".join(f"{s - f:+.4f}" for s, f in zip(scores, full, strict=True))
            print(f"| {label} | {shown} | {deltas} |", flush=True)


if __name__ == "__main__":
    main()
