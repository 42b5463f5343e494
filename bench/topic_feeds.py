"""Topic feeds into a young archive: how storylines hold when every headline shares a subject.

    python -m bench.topic_feeds DATA_DIR [-v]

A feed that follows one subject (a news search for a word, a town's paper) brings headlines
that all name it, into an archive that has no other stories yet. From the UCI headlines in
DATA_DIR (../shared/data/storylines), each title word that spans 3 or more gold stories in
40 or more headlines, with no story holding over 90% of them, makes one such feed. Each feed
is clustered alone, with a decision fitted on everything but its stories (the rest of UCI,
ECB+ and the pairs), so no feed is scored by a decision that saw it. Prints the mean B-cubed
F1 over the feeds (each feed's with -v).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from lab.evaluate import evaluate_storylines, in_time_order, read_records
from lab.replay import fitted
from news.language.terms import content_terms
from news.storylines.assignment import ClusterConfig, Clusterer

LEAST_STORIES = 3
LEAST_HEADLINES = 40
MOST_IN_ONE_STORY = 0.9


def topic_feeds(records: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Each subject word's headlines, in the file's time order."""
    by_word: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        for term in set(content_terms(record["title"])):
            by_word[term].append(record)
    feeds = {}
    for word, members in sorted(by_word.items()):
        stories = Counter(str(record["cluster"]) for record in members)
        if (
            len(members) >= LEAST_HEADLINES
            and len(stories) >= LEAST_STORIES
            and stories.most_common(1)[0][1] <= MOST_IN_ONE_STORY * len(members)
        ):
            feeds[word] = members
    return feeds


def _scored(job: tuple[str, list[dict[str, Any]], Path]) -> tuple[str, int, float]:
    word, feed, data = job
    uci = in_time_order(read_records(data / "uci-headlines-dev.jsonl"))
    stories = {record["cluster"] for record in feed}
    training = [record for record in uci if record["cluster"] not in stories]
    others = [
        in_time_order(read_records(data / "ecbplus-dev.jsonl")),
        read_records(data / "semeval-pairs-dev.jsonl"),
    ]
    config = ClusterConfig()
    model = fitted([training, *others], config)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"{word}.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in feed), encoding="utf-8")
        result = evaluate_storylines(path, Clusterer(config, model=model))
    return word, len(feed), result["bcubed"]["f1"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="print each feed's F1")
    args = parser.parse_args()
    records = in_time_order(read_records(args.data / "uci-headlines-dev.jsonl"))
    jobs = [(word, feed, args.data) for word, feed in topic_feeds(records).items()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        scores = list(pool.map(_scored, jobs))
    if args.verbose:
        for word, size, f1 in scores:
            print(f"{word:12} {size:4} headlines  F1 {f1:.4f}")
    mean = statistics.mean(f1 for _, _, f1 in scores)
    print(
        f"{len(scores)} topic feeds, each alone, decision fitted without its stories: "
        f"mean B-cubed F1 {mean:.4f}"
    )


if __name__ == "__main__":
    main()
