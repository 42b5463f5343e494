"""A storyline's figures: the latest best-supported value, never a blend; what changed since a
reader last saw it; and where outlets disagree."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news.storylines.figures import FigureReport, daily_figures, storyline_figures

START = datetime(2025, 6, 10, 8, 0, tzinfo=UTC)


def said(hour: int, source: str, value: float, bound: str = "exact", kind: str = "deaths"):
    at = START + timedelta(hours=hour)
    return FigureReport(kind, source, value, bound, hour, at, at)


def deaths(*reports: FigureReport, seen: int | None = None):
    until = START + timedelta(days=3)
    seen_until = START + timedelta(hours=seen) if seen is not None else None
    (figure,) = storyline_figures(reports, until, seen_until)
    return figure


def test_a_rising_toll_is_the_latest_and_its_older_figures_no_dispute() -> None:
    figure = deaths(said(0, "A", 12, "at_least"), said(2, "B", 19), said(24, "A", 27))
    assert (figure.value, figure.bound, figure.latest.source) == (27, "exact", "A")
    assert figure.disagreeing == []


def test_a_lower_bound_below_the_value_agrees_one_above_it_raises_it() -> None:
    assert deaths(said(1, "A", 27), said(2, "B", 25, "at_least")).disagreeing == []
    raised = deaths(said(1, "A", 27, "at_least"), said(2, "B", 30, "at_least"))
    assert (raised.value, raised.bound) == (30, "at_least")


def test_a_newer_lower_figure_from_another_outlet_is_a_disagreement() -> None:
    figure = deaths(said(1, "A", 27), said(2, "B", 25, "at_least"), said(3, "C", 23))
    assert figure.value == 27  # two outlets against one: the best-supported value stays
    assert [(r.source, r.value) for r in figure.disagreeing] == [("C", 23)]


def test_one_outlet_against_one_the_newest_wins_and_the_other_is_shown() -> None:
    figure = deaths(said(1, "A", 45), said(2, "B", 47))
    assert figure.value == 47 and [r.source for r in figure.disagreeing] == []
    tie = deaths(said(2, "A", 45), said(2, "B", 47))
    assert tie.value in (45, 47) and len(tie.disagreeing) == 1


def test_an_outlet_correcting_itself_down_is_a_change_not_hidden() -> None:
    figure = deaths(said(1, "A", 27), said(5, "A", 23), seen=2)
    assert figure.value == 23 and figure.previous is not None and figure.previous.value == 27
    assert figure.changed and figure.disagreeing == []


def test_round_figures_agree_with_precise_ones_nearby() -> None:
    assert deaths(said(1, "A", 1200), said(2, "B", 1187)).disagreeing == []
    assert deaths(said(1, "A", 45), said(2, "B", 47)).disagreeing == []  # newer and higher
    assert deaths(said(1, "A", 47), said(2, "B", 45)).disagreeing != []


def test_previous_is_the_value_the_reader_saw_and_unchanged_is_not_told() -> None:
    figure = deaths(said(0, "A", 12), said(2, "B", 19), seen=1)
    assert figure.previous is not None and figure.previous.value == 12 and figure.changed
    same = deaths(said(0, "A", 19), said(2, "B", 19), seen=1)
    assert not same.changed
    first = deaths(said(2, "B", 19), seen=1)
    assert first.previous is None and first.changed  # new since the reader looked


def test_kinds_are_separate_and_reports_after_now_are_not_counted() -> None:
    reports = [said(0, "A", 12), said(1, "A", 5, kind="missing"), said(50, "A", 99)]
    found = storyline_figures(reports, START + timedelta(hours=10))
    assert [(f.kind, f.value) for f in found] == [("deaths", 12), ("missing", 5)]


def test_the_chart_lines_are_each_day_s_value() -> None:
    reports = [
        said(0, "A", 12),
        said(30, "B", 19),
        said(50, "A", 27),
        said(1, "A", 5, kind="missing"),
    ]
    days = [START.date() + timedelta(days=n) for n in range(4)]
    assert daily_figures(reports, days) == {
        "deaths": [12, 19, 27, 27],
        "missing": [5, 5, 5, 5],
    }
