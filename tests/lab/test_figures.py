"""`newsbrief eval figures`: figures read from labelled reports, scored by kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bot.cli.test_cli import run


def write(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path


def test_scores_by_kind_with_reports_inline_and_referenced(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    data = workdir / "data"
    data.mkdir()
    write(data / "dev.jsonl", {"id": "d1", "title": "Quake kills 12 in Dorvel", "text": ""})
    labels = write(
        workdir / "labels.jsonl",
        {
            "id": "i1",
            "title": "At least 12 dead, 30 injured in Kelvik floods",
            "text": "",
            "figures": [
                {"kind": "deaths", "value": 12, "bound": "at_least"},
                {"kind": "injured", "value": 30},
                {"kind": "missing", "value": 4},
            ],
        },
        {"id": "d1", "ref": "dev.jsonl", "figures": [{"kind": "deaths", "value": 12}]},
        {"id": "gone", "ref": "other.jsonl", "figures": []},
        {"id": "i2", "title": "A 45-year-old man was killed on Route 66", "figures": []},
    )
    code, out, _ = run(capsys, "eval", "figures", str(labels), "--data", str(data), "--json")
    result = json.loads(out)
    assert code == 0
    assert (result["records"], result["skipped"]) == (3, 1)
    assert (result["figures"], result["found"]) == (4, 3)
    assert (result["precision"], result["recall"]) == (1.0, 0.75)
    assert result["by_kind"]["missing"] == {
        "figures": 1,
        "found": 0,
        "precision": 1.0,
        "recall": 0.0,
    }


def test_a_bad_label_is_one_line_naming_where_it_is(
    capsys: pytest.CaptureFixture[str], workdir: Path
) -> None:
    labels = write(workdir / "bad.jsonl", {"title": "x", "figures": [{"kind": "deads"}]})
    code, _, err = run(capsys, "eval", "figures", str(labels))
    assert code == 2 and err.startswith(f"newsbrief: {labels}:1: a figure needs a kind")
    assert len(err.splitlines()) == 1
