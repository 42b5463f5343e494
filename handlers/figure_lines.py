"""How a storyline's figures read: the line of what changed in a briefing ("Deaths 31 → 45 ·
injured 120 → 200 (Reuters, 08:10)"), where outlets disagree ("Deaths: 45 (Reuters) · 47
(AP)"), and each figure's history in /story."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from news.language.figure_words import AT_LEAST, MAGNITUDE, MORE_THAN
from news.storylines.figures import FigureReport, StorylineFigure
from news.text.cleaning import truncate

NAMES = {
    "deaths": "deaths",
    "injured": "injured",
    "missing": "missing",
    "arrested": "arrested",
    "evacuated": "evacuated",
    "rescued": "rescued",
    MAGNITUDE: "magnitude",
}
HISTORY_REPORTS = 6  # a figure's latest reports listed in /story
# A briefing item keeps room for its sentences: at most this many disagreement lines, each
# naming this many outlets (the rest counted).
DISPUTE_LINES = 2
DISPUTING = 2


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def amount(kind: str, value: float, bound: str) -> str:
    """A figure as a reader reads it: "45", "at least 31", "more than 200", "6.1"."""
    number = f"{value:g}" if kind == MAGNITUDE else f"{int(value):,}"
    return {AT_LEAST: "at least ", MORE_THAN: "more than "}.get(bound, "") + number


def changes(figures: Sequence[StorylineFigure], seen: bool, timezone: str) -> str | None:
    """One line of the figures a briefing tells, credited to the newest report among them;
    None when there is none to tell."""
    told = [figure for figure in figures if not seen or figure.changed]
    if not told:
        return None
    parts = [_change(figure, seen) for figure in told]
    newest = max((figure.latest for figure in told), key=lambda r: r.at)
    line = " · ".join(parts)
    return f"{esc(line[:1].upper() + line[1:])} ({_credit(newest, timezone)})"


def _change(figure: StorylineFigure, seen: bool) -> str:
    name, now = NAMES[figure.kind], amount(figure.kind, figure.value, figure.bound)
    before = figure.previous if seen else None
    if before is None:
        return f"{name} {now}" + (" (new)" if seen else "")
    was = amount(before.kind, before.value, before.bound)
    lower = " (revised down)" if figure.value < before.value else ""
    return f"{name} {was} → {now}{lower}"


def disputes(figures: Sequence[StorylineFigure], only_new: bool) -> list[str]:
    """A line per figure outlets disagree on: the storyline's value and its outlet, then each
    outlet that says otherwise."""
    lines = []
    for figure in figures:
        if not figure.disagreeing or (only_new and not figure.newly_disputed):
            continue
        others = figure.disagreeing
        said = [figure.latest, *others[:DISPUTING]]
        told = " · ".join(
            f"{amount(figure.kind, r.value, r.bound)} ({esc(truncate(r.source, 30))})" for r in said
        )
        more = f" · {len(others) - DISPUTING} more" if len(others) > DISPUTING else ""
        lines.append(f"⚖ {esc(NAMES[figure.kind].capitalize())}: {told}{more}")
    return lines[:DISPUTE_LINES]


def history(figures: Sequence[StorylineFigure], timezone: str) -> list[str]:
    """/story's figures: each with its value, then its latest reports (value, outlet, time)."""
    lines = []
    for figure in figures:
        reports = list(figure.history)[-HISTORY_REPORTS:]
        told = "; ".join(
            f"{amount(figure.kind, r.value, r.bound)} — {_credit(r, timezone)}" for r in reports
        )
        name = esc(NAMES[figure.kind].capitalize())
        lines.append(f"{name}: <b>{amount(figure.kind, figure.value, figure.bound)}</b> ({told})")
    return lines


def _credit(report: FigureReport, timezone: str) -> str:
    return f"{esc(truncate(report.source, 40))}, {_at(report.at, timezone)}"


def _at(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%d %b %H:%M").lstrip("0")
