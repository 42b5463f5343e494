"""Grouped cross-validation in `newsbrief eval`: folds of whole topics, scored together."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lab.evaluate import (
    EvalError,
    evaluate_pairs,
    evaluate_storylines,
    grouped_folds,
    scored_in_stream,
)
from lab.metrics import averaged
from tests.bot.cli.test_cli import run
from tests.fakes.decisions import always


def test_folds_keep_groups_whole_and_balanced() -> None:
    records = [{"topic": t, "cluster": f"{t}{n % 2}"} for t in "aabbbcdddd" for n in range(2)]
    folds = grouped_folds(records, 3, "topic")
    assert sorted(i for fold in folds for i in fold) == list(range(len(records)))
    for fold in folds:  # no topic is split across folds
        topics = {records[i]["topic"] for i in fold}
        assert all(r["topic"] not in topics for j, r in enumerate(records) if j not in fold)
    assert sorted(len(fold) for fold in folds) == [6, 6, 8]
    by_cluster = grouped_folds([{"cluster": c} for c in "xxyz"], 2, "topic")
    assert sorted(map(len, by_cluster)) == [2, 2]
    with pytest.raises(EvalError, match="from 2 to 3"):
        grouped_folds([{"cluster": c} for c in "xyz"], 4, "topic")


def test_eval_with_folds(tmp_path: Path) -> None:
    stories = {
        # One town in every story: the lookup offers other stories' storylines too, so each
        # fold's training stream holds different-story comparisons to learn from.
        "quake": "An earthquake of magnitude {n} struck Kelvik harbour, rescuers said.",
        "strike": "Transit drivers in Kelvik walked out on day {n} of the strike.",
        "flood": "The river Lenn flooded Kelvik for the {n}th time, the mayor said.",
        "vote": "Kelvik's council voted on the budget for the {n}th hour.",
    }
    path = tmp_path / "labelled.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": f"{c}{n}", "title": text.format(n=n), "text": "", "cluster": c})
            + "\n"
            for c, text in stories.items()
            for n in range(3)
        )
    )
    plain = evaluate_storylines(path)
    folded = evaluate_storylines(path, folds=2)
    assert folded["folds"] == 2 and folded["articles"] == plain["articles"] == 12
    assert "folds" not in plain and "in_stream" not in plain
    assert 0 < folded["in_stream"]["bcubed"]["f1"] <= 1
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(
        "".join(
            json.dumps({"pair_id": str(n), "text1": a, "text2": b, "same_story": same}) + "\n"
            for n, (a, b, same) in enumerate(
                [
                    (stories["quake"].format(n=5), stories["quake"].format(n=6), True),
                    (stories["quake"].format(n=5), stories["vote"].format(n=2), False),
                    # Each fold of two pairs holds one of each: a fold fits on the other.
                    (stories["flood"].format(n=3), stories["strike"].format(n=4), False),
                    (stories["strike"].format(n=1), stories["strike"].format(n=2), True),
                ]
            )
        )
    )
    assert evaluate_pairs(pairs, folds=2)["pairs"] == 4
    # Each fold's decision may also be fitted on other files, as the shipped one is.
    assert evaluate_pairs(pairs, folds=2, also=[path])["pairs"] == 4
    assert evaluate_storylines(path, folds=2, also=[pairs])["articles"] == 12


def test_a_fold_is_scored_among_every_story_in_stream() -> None:
    """Two quakes told alike: each fold alone is perfect; in the whole stream, a decision that
    joins everything merges them, and the held-out fold's articles pay for it."""
    records = [
        {"id": f"{c}{n}", "title": f"Quake of magnitude {n} strikes Kelvik", "cluster": c}
        for c in ("first", "second")
        for n in range(2)
    ]
    eager = averaged(scored_in_stream(records, [0, 1], always(joins=True)))
    assert (eager.p, eager.r) == (pytest.approx(0.5), pytest.approx(1.0))
    apart = averaged(scored_in_stream(records, [2, 3], always(joins=False)))
    assert (apart.p, apart.r) == (pytest.approx(1.0), pytest.approx(0.5))


def test_folds_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "a", "title": "Kelvik quake", "cluster": "q"}\n')
    code, _, err = run(capsys, "eval", "storylines", str(path), "--folds", "2", "--json")
    assert code == 2 and "--folds must be from 2 to 1" in err
    with pytest.raises(SystemExit) as usage:  # search has no folds: argparse's usage error
        run(capsys, "eval", "search", str(path), "--folds", "2")
    assert usage.value.code == 2


def test_with_needs_folds_and_a_readable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "a", "title": "Kelvik quake", "cluster": "q"}\n')
    code, _, err = run(capsys, "eval", "storylines", str(path), "--with", str(path))
    assert code == 2 and "--with needs --folds" in err
    missing = tmp_path / "missing.jsonl"
    code, _, err = run(
        capsys, "eval", "pairs", str(path), "--folds", "2", "--with", str(missing), "--json"
    )
    assert code == 2 and "cannot read" in err and "Traceback" not in err


def test_pairs_with_languages_are_also_scored_by_language_group(tmp_path: Path) -> None:
    quake = "An earthquake of magnitude {n} struck Kelvik harbour, rescuers said."
    vote = "Kelvik's council voted on the budget for the {n}th hour."
    rows = [
        ("en", "en", quake.format(n=5), quake.format(n=6), True),
        ("en", "en", quake.format(n=5), vote.format(n=2), False),
        ("de", "en", "Ein Erdbeben der Stärke 5 erschütterte Kelvik.", quake.format(n=5), True),
        ("de", "en", "Der Stadtrat von Kelvik beschloss den Haushalt.", quake.format(n=5), False),
        ("de", "en", "Der Rat von Kelvik stimmte ab.", vote.format(n=3), True),
        ("de", "de", "Der Rat stimmte ab.", "Es regnet.", False),
    ]
    path = tmp_path / "pairs.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {"pair_id": str(n), "lang1": a, "lang2": b, "text1": t1, "text2": t2}
                | {"same_story": same}
            )
            + "\n"
            for n, (a, b, t1, t2, same) in enumerate(rows)
        )
    )
    result = evaluate_pairs(path)
    # de-de holds one label only: no AUC there; the groups that hold both are scored.
    assert list(result["by_language"]) == ["mono", "cross", "de-en", "en-en"]
    assert all(0 <= auc <= 1 for auc in result["by_language"].values())
    plain = tmp_path / "plain.jsonl"
    plain.write_text(
        "".join(
            json.dumps({k: v for k, v in json.loads(line).items() if "lang" not in k}) + "\n"
            for line in path.read_text().splitlines()
        )
    )
    assert "by_language" not in evaluate_pairs(plain)
