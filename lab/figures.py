"""`newsbrief eval figures FILE`: the figures read from labelled reports, scored against the
figures a person labelled by hand.

A record holds a report (`title`, `text`, `language`) or points at one in a development file
(`ref`: the file's name, `id`: the record's id; read from `--data`, by default
../shared/data/storylines, so real articles stay out of this repository), and `figures`: each
{"kind", "value", "bound"} the headline and the lead's first two sentences state, one per kind,
the first stated. A figure found counts as right when kind, value and bound all match.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from lab.evaluate import EvalError, read_records
from news.language.figure_words import KINDS
from news.language.figures import figures

DEFAULT_DATA = Path("../shared/data/storylines")

Labelled = tuple[str, float, str]


def evaluate_figures(path: Path, data: Path = DEFAULT_DATA) -> dict[str, Any]:
    records = read_records(path)
    referenced = _referenced(records, data)
    gold: Counter[str] = Counter()
    found: Counter[str] = Counter()
    right: Counter[str] = Counter()
    scored = skipped = 0
    for number, record in enumerate(records, start=1):
        report = _report(record, referenced)
        if report is None:
            skipped += 1
            continue
        title, text, language = report
        wanted = {_labelled(f, path, number) for f in record.get("figures") or []}
        read = {(f.kind, f.value, f.bound) for f in figures(title, text, language)}
        scored += 1
        gold.update(kind for kind, _, _ in wanted)
        found.update(kind for kind, _, _ in read)
        right.update(kind for kind, _, _ in wanted & read)
    result: dict[str, Any] = {"records": scored, "skipped": skipped}
    result.update(_scores(sum(gold.values()), sum(found.values()), sum(right.values())))
    result["by_kind"] = {
        kind: _scores(gold[kind], found[kind], right[kind]) for kind in KINDS if gold[kind]
    }
    return result


def _scores(gold: int, found: int, right: int) -> dict[str, Any]:
    return {
        "figures": gold,
        "found": found,
        "precision": round(right / found, 4) if found else 1.0,
        "recall": round(right / gold, 4) if gold else 1.0,
    }


def _labelled(figure: object, path: Path, number: int) -> Labelled:
    if not isinstance(figure, dict) or figure.get("kind") not in KINDS:
        raise EvalError(f"{path}:{number}: a figure needs a kind, one of {', '.join(KINDS)}")
    value = figure.get("value")
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise EvalError(f"{path}:{number}: a figure's value must be a number")
    return str(figure["kind"]), float(value), str(figure.get("bound") or "exact")


def _referenced(records: list[dict[str, Any]], data: Path) -> dict[tuple[str, str], Any]:
    """The development records the labels point at, by (file, id); absent files are skipped."""
    wanted: dict[str, set[str]] = {}
    for record in records:
        if record.get("ref"):
            wanted.setdefault(str(record["ref"]), set()).add(str(record.get("id")))
    found: dict[tuple[str, str], Any] = {}
    for name, ids in wanted.items():
        try:
            lines = (data / Path(name).name).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            record = json.loads(line) if line.strip() else {}
            if str(record.get("id")) in ids:
                found[(name, str(record["id"]))] = record
    return found


def _report(
    record: dict[str, Any], referenced: dict[tuple[str, str], Any]
) -> tuple[str, str, str] | None:
    source: dict[str, Any] | None = record
    if record.get("ref"):
        source = referenced.get((str(record["ref"]), str(record.get("id"))))
    if source is None:
        return None
    language = str(record.get("language") or source.get("language") or "en")
    return str(source.get("title") or ""), str(source.get("text") or ""), language
