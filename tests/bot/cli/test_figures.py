"""What the numbers say, through `newsbrief brief --json`: a flood followed over two days, its
toll rising, an outlet's lower bound that agrees, and one that disagrees."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.bot.cli.test_cli import run

PLACE = (
    "The river Alda burst its banks in Kelvik overnight, flooding the old town and the harbour "
    "quay. Mayor Hanne Roos said rescue crews were searching flooded streets near the quay."
)


def record(key: str, title: str, lead: str, source: str) -> str:
    return json.dumps({"id": key, "title": title, "text": f"{lead} {PLACE}", "source": source})


def ingest(capsys: pytest.CaptureFixture[str], workdir: Path, at: str, *lines: str) -> None:
    path = workdir / f"news-{at[:13]}.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert run(capsys, "ingest", str(path), "--fetched-at", at)[0] == 0


def brief(capsys: pytest.CaptureFixture[str], at: str) -> dict[str, object]:
    code, out, err = run(capsys, "brief", "--chat-id", "5", "--now", at, "--json")
    assert code == 0, err
    document = json.loads(out)
    assert isinstance(document, dict)
    return document


def test_a_flood_followed_over_two_days(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    ingest(
        capsys,
        workdir,
        "2025-06-10T08:00:00Z",
        record("a1", "Kelvik floods: at least 12 dead", "At least 12 people died.", "Coast Wire"),
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("/search Kelvik floods\n/press Follow\n"))
    console = ["console", "--now", "2025-06-10T09:00:00Z", "--chat-id", "5"]
    assert run(capsys, *console)[0] == 0
    ingest(
        capsys,
        workdir,
        "2025-06-10T10:00:00Z",
        record(
            "h1",
            "Kelvik floods: death toll rises to 19",
            "The death toll rose to 19 on Tuesday.",
            "Harbour Daily",
        ),
    )
    first = brief(capsys, "2025-06-10T18:00:00Z")
    (item,) = first["items"]  # type: ignore[misc]
    (deaths,) = item["figures"]
    assert (deaths["kind"], deaths["value"], deaths["previous"]) == ("deaths", 19, None)
    assert "Deaths 19 (Harbour Daily" in first["messages"][0]  # type: ignore[index]

    ingest(
        capsys,
        workdir,
        "2025-06-11T07:00:00Z",
        record("a2", "Kelvik floods: 27 dead, 5 missing", "27 people died.", "Coast Wire"),
        record("i2", "At least 25 dead in Kelvik floods", "Floods hit Kelvik.", "Island Post"),
    )
    second = brief(capsys, "2025-06-11T09:00:00Z")
    (item,) = second["items"]  # type: ignore[misc]
    figures = {f["kind"]: f for f in item["figures"]}
    assert (figures["deaths"]["value"], figures["deaths"]["previous"]) == (27, 19)
    assert (figures["missing"]["value"], figures["missing"]["previous"]) == (5, None)
    reports = {r["source"]: (r["value"], r["article_id"]) for r in figures["deaths"]["reports"]}
    assert reports["Island Post"] == (25, "i2") and reports["Coast Wire"] == (27, "a2")
    message = second["messages"][0]  # type: ignore[index]
    assert "Deaths 19 → 27 · missing 5 (new) (Coast Wire" in message
    assert "⚖" not in message  # "at least 25" agrees with 27

    ingest(
        capsys,
        workdir,
        "2025-06-11T10:00:00Z",
        record("r3", "Kelvik floods: 23 dead", "23 people died in the floods.", "River Times"),
    )
    third = brief(capsys, "2025-06-11T12:00:00Z")
    (item,) = third["items"]  # type: ignore[misc]
    deaths = next(f for f in item["figures"] if f["kind"] == "deaths")
    assert (deaths["value"], deaths["previous"]) == (27, 27)  # the best-supported value stays
    message = third["messages"][0]  # type: ignore[index]
    assert "⚖ Deaths: 27 (Coast Wire) · 23 (River Times)" in message
    assert "📊" not in message  # no figure changed

    code, out, _ = run(capsys, "storylines", "--json")
    assert code == 0
    (storyline,) = json.loads(out)
    assert {f["kind"]: (f["value"], f["previous"]) for f in storyline["figures"]} == {
        "deaths": (27, None),
        "missing": (5, None),
    }
