"""`newsbrief storylines merge|label|corrections`: corrections by a person on the command line,
kept in the log, and a person's label kept as the storyline grows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bot.cli.test_cli import run
from tests.news.storylines.test_decision import QUAKES

pytestmark = pytest.mark.usefixtures("workdir")

LATER_ACEH = {
    "id": "q4",
    "title": "Aceh earthquake survivors shelter in tents as aftershocks continue",
    "text": "Survivors of Monday's magnitude 6.4 earthquake in Aceh sheltered in tents in "
    "Bireuen on Wednesday as aftershocks continued, the disaster agency said; the toll "
    "stood at 31.",
    "source": "Harbour Wire",
    "published_at": "2026-02-04T08:00:00Z",
}


def _quakes(tmp_path: Path) -> Path:
    path = tmp_path / "quakes.jsonl"
    records = [
        {
            "id": f"q{n}",
            "title": d.title,
            "text": d.body,
            "source": d.source,
            "published_at": d.published_at.isoformat() if d.published_at else None,
        }
        for n, d in enumerate(QUAKES, 1)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _storylines(capsys: pytest.CaptureFixture[str]) -> dict[int, dict[str, object]]:
    code, out, _ = run(capsys, "storylines", "--json")
    assert code == 0
    return {s["id"]: s for s in json.loads(out)}


def test_merge_label_and_the_log(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "ingest", str(_quakes(tmp_path)))[0] == 0
    before = _storylines(capsys)
    assert len(before) == 2
    aceh = next(i for i, s in before.items() if "q1" in s["article_ids"])  # type: ignore[operator]
    peru = next(i for i in before if i != aceh)

    code, out, _ = run(capsys, "storylines", "merge", str(aceh), str(peru))
    assert code == 0 and out.startswith(f"merged storyline {peru} into {aceh}:")
    after = _storylines(capsys)
    assert list(after) == [aceh] and sorted(after[aceh]["article_ids"]) == ["q1", "q2", "q3"]

    code, out, _ = run(capsys, "storylines", "label", str(aceh), "Two", "quakes", "in", "a", "week")
    assert (code, out) == (
        0,
        f"storyline {aceh} is now labelled: Two quakes in a week (correction 2)\n",
    )
    # The storyline grows; the label a person set stays.
    later = tmp_path / "later.jsonl"
    later.write_text(json.dumps(LATER_ACEH) + "\n")
    assert run(capsys, "ingest", str(later))[0] == 0
    grown = _storylines(capsys)[aceh]
    assert grown["label"] == "Two quakes in a week" and grown["articles"] == 4

    code, out, _ = run(capsys, "storylines", "corrections", "--json")
    log = json.loads(out)
    assert [(c["kind"], c["storyline_id"], c["others"]) for c in log] == [
        ("merge", aceh, [peru]),
        ("label", aceh, []),
    ]
    assert log[1]["label"] == "Two quakes in a week" and log[0]["by"] == "command line"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["merge", "1", "99"], "no storyline 99"),
        (["merge", "1", "1"], "cannot be merged into itself"),
        (["label", "99", "x"], "no storyline 99"),
        (["split", "1", "q9"], "no article q9"),
        (["split", "1", "q3"], "article"),
        (["move", "q1", "99"], "no storyline 99"),
        (["move", "zz", "1"], "no article zz"),
        (["undo", "5"], "no correction 5"),
    ],
)
def test_bad_ids_exit_2_and_change_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], message: str
) -> None:
    run(capsys, "ingest", str(_quakes(tmp_path)))
    before = _storylines(capsys)
    code, _, err = run(capsys, "storylines", *argv)
    assert code == 2 and message in err and "Traceback" not in err
    assert _storylines(capsys) == before
    assert run(capsys, "storylines", "corrections")[1] == "no corrections\n"


def test_split_move_and_undo_by_the_ids_storylines_shows(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "ingest", str(_quakes(tmp_path)))[0] == 0
    before = _storylines(capsys)
    aceh = next(i for i, s in before.items() if "q1" in s["article_ids"])  # type: ignore[operator]
    peru = next(i for i in before if i != aceh)

    code, out, err = run(capsys, "storylines", "split", str(aceh), "q2")
    assert code == 0 and err.startswith(f"split 1 article off storyline {aceh} into new storyline ")
    after = _storylines(capsys)
    new = int(out)  # the new storyline's id, alone on stdout
    assert len(after) == 3 and after[aceh]["article_ids"] == ["q1"]
    assert after[new]["article_ids"] == ["q2"]

    code, out, _ = run(capsys, "storylines", "move", "q1", str(peru))
    assert code == 0 and out.startswith(f"moved article 1 from storyline {aceh} to {peru}")
    assert sorted(_storylines(capsys)[peru]["article_ids"]) == ["q1", "q3"]  # type: ignore[arg-type]

    # The move is undone first; then the split, which it blocked.
    assert run(capsys, "storylines", "undo", "1")[0] == 2
    assert run(capsys, "storylines", "undo", "2")[0] == 0
    assert run(capsys, "storylines", "undo", "1")[0] == 0
    assert _storylines(capsys).keys() == before.keys()
    code, out, _ = run(capsys, "storylines", "corrections")
    lines = out.splitlines()
    assert len(lines) == 2 and all("(undone " in line for line in lines)
    assert "split" in lines[0] and "article 2 " in lines[0] and "by command line" in lines[0]
