"""`newsbrief eval storylines FILE --corrections N`: a simulated editor's corrections, and
what they steer beyond the articles they moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lab.editor import _largest_error, evaluate_corrections
from news.storylines.assignment import Clusterer
from tests.bot.cli.test_cli import run

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
    corrections = result["corrections"]
    assert 1 <= corrections["made"] == len(corrections["steps"]) <= 4
    assert result["bcubed"]["f1"] > corrections["uncorrected"]["bcubed"]["f1"]
    for step in corrections["steps"]:
        assert step["kind"] in {"split", "merge"} and step["articles"] >= 1
        assert step["bcubed_f1"] >= 0 and step["uncorrected_f1"] >= 0
    assert corrections["downstream"] + corrections["moved"] <= result["articles"]
    assert corrections["downstream_fixed"] >= 0 and corrections["downstream_broken"] >= 0
    assert {"gold_clusters", "clusters", "pairwise", "seconds"} <= result.keys()


def test_the_command_line(
    capsys: pytest.CaptureFixture[str], shared_data: Path, tmp_path: Path
) -> None:
    path = _first_records(
        shared_data / "storylines" / "ecbplus-dev.jsonl", tmp_path / "ecb.jsonl", 80
    )
    code, out, _ = run(capsys, "eval", "storylines", str(path), "--corrections", "2", "--json")
    assert code == 0 and json.loads(out)["corrections"]["made"] <= 2
    code, out, _ = run(capsys, "eval", "storylines", str(path), "--corrections", "2")
    assert code == 0 and "corrections:\n  made: " in out and "  downstream_fixed: " in out
    code, _, err = run(
        capsys, "eval", "storylines", str(path), "--corrections", "2", "--folds", "2"
    )
    assert code == 2 and "cannot be combined" in err
