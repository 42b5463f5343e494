"""`newsbrief eval fit` and cross-validated evaluation: examples from the clustering stream,
a weights file anyone can read, and the shipped weights reproduced from the development sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from lab.replay import stream_examples
from news.storylines.assignment import ClusterConfig
from news.storylines.decision import FEATURES, SameStory, shipped_path

STORY = [
    ("Kelvik harbour floods as storm Alda hits the coast", "alda"),
    ("Storm Alda floods Kelvik harbour quay, ferries halted", "alda"),
    ("Kelvik council approves new school budget after debate", "budget"),
    ("Ferries to Kelvik cancelled as Alda floods the quay", "alda"),
    ("School budget passes Kelvik council vote", "budget"),
]


def _write(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _storylines(tmp_path: Path) -> Path:
    records = [
        {"id": f"a{n}", "title": title, "text": f"{title}. Officials spoke.", "cluster": cluster}
        for n, (title, cluster) in enumerate(STORY)
    ]
    return _write(tmp_path / "stories.jsonl", records)


def test_examples_are_every_candidate_met_labelled_by_gold_story(tmp_path: Path) -> None:
    records = [json.loads(line) for line in _storylines(tmp_path).read_text().splitlines()]
    examples = stream_examples(records, ClusterConfig())
    assert examples.rows and all(len(row) == len(FEATURES) for row in examples.rows)
    # The second Alda report meets the first's storyline: a same-story example.
    assert True in examples.labels and False in examples.labels
    assert len(examples.labels) == len(examples.rows) == len(examples.short)


def test_fit_writes_a_readable_weights_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "weights.json"
    pairs = _write(
        tmp_path / "pairs.jsonl",
        [
            {
                "text1": "Storm Alda floods Kelvik harbour.",
                "text2": "Alda floods Kelvik quay.",
                "same_story": True,
            },
            {
                "text1": "Kelvik council passes budget.",
                "text2": "Storm Alda floods Kelvik.",
                "same_story": False,
            },
        ],
    )
    code = main(["eval", "fit", str(_storylines(tmp_path)), str(pairs), "--out", str(out)])
    assert code == 0
    assert str(out) in capsys.readouterr().out
    document = json.loads(out.read_text())
    assert list(document["article"]["features"]) == list(FEATURES)
    assert document["trained_on"] == ["stories.jsonl", "pairs.jsonl"]
    assert SameStory.read(out).features == FEATURES


def test_fit_on_unlabelled_files_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unlabelled = _write(tmp_path / "plain.jsonl", [{"title": "Storm Alda floods Kelvik"}])
    code = main(["eval", "fit", str(unlabelled), "--out", str(tmp_path / "w.json")])
    err = capsys.readouterr().err
    assert code == 2 and "both same-story and different-story" in err
    assert "Traceback" not in err and not (tmp_path / "w.json").exists()


@pytest.mark.quality
def test_refitting_on_the_development_sets_reproduces_the_shipped_weights(
    shared_data: Path, tmp_path: Path
) -> None:
    files = [
        shared_data / "storylines" / name
        for name in ("ecbplus-dev.jsonl", "uci-headlines-dev.jsonl", "semeval-pairs-dev.jsonl")
    ]
    out = tmp_path / "refit.json"
    assert main(["eval", "fit", *map(str, files), "--out", str(out)]) == 0
    assert out.read_text() == shipped_path().read_text()
