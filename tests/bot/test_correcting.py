"""`newsbrief eval storylines FILE --corrections N`: a simulated editor's corrections, and
what they steer beyond the articles they moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.correcting import _largest_error, evaluate_corrections
from news.storylines import Clusterer
from tests.bot.test_cli import run

pytestmark = pytest.mark.usefixtures("workdir")


def test_the_largest_error_is_the_fix_that_most_raises_bcubed() -> None:
    gold = ["a", "a", "a", "b", "b", "c", "c"]
    # Story b sits inside storyline 1; story c is torn in two.
    predicted = [1, 1, 1, 1, 1, 2, 3]
    fix = _largest_error(gold, predicted)
    assert fix is not None and (fix.kind, fix.storyline, fix.others) == ("split", 1, (3, 4))
    fix = _largest_error(gold, [1, 1, 1, 4, 4, 2, 3])
    assert fix is not None and fix.kind == "merge" and {fix.storyline, *fix.others} == {2, 3}
    assert _largest_error(gold, [1, 1, 1, 4, 4, 2, 2]) is None  # nothing left to fix


def _first_records(source: Path, target: Path, count: int) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()[:count]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_corrections_raise_bcubed_and_steer_later_arrivals(
    shared_data: Path, tmp_path: Path
) -> None:
    path = _first_records(
        shared_data / "storylines" / "ecbplus-dev.jsonl", tmp_path / "ecb.jsonl", 160
    )
    result = evaluate_corrections(path, Clusterer(), 4)
    assert 1 <= result["corrections"] == len(result["steps"]) <= 4
    assert result["corrected"]["f1"] > result["uncorrected"]["f1"]
    assert result["f1_gain"] == round(result["corrected"]["f1"] - result["uncorrected"]["f1"], 4)
    for step in result["steps"]:
        assert step["kind"] in {"split", "merge"} and step["articles"] >= 1
    assert result["downstream"] + result["touched"] <= result["articles"]


def test_the_command_line(
    capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path
) -> None:
    path = _first_records(
        shared_data / "storylines" / "ecbplus-dev.jsonl", tmp_path / "ecb.jsonl", 80
    )
    code, out, _ = run(capsys, "eval", "storylines", str(path), "--corrections", "2", "--json")
    assert code == 0 and json.loads(out)["corrections"] <= 2
    code, out, _ = run(capsys, "eval", "storylines", str(path), "--corrections", "2")
    assert code == 0 and "steps:" in out and "placed_right_only_when_corrected" in out
    code, _, err = run(
        capsys, "eval", "storylines", str(path), "--corrections", "2", "--folds", "2"
    )
    assert code == 2 and "cannot be combined" in err
