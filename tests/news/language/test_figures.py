"""Figures read from a report's headline and lead: what a number counts and how, in the
languages listed; and the numbers that are never counts."""

from __future__ import annotations

import pytest

from news.language.figures import Figure, figures


def read(title: str, body: str = "", language: str = "en") -> set[tuple[str, float, str]]:
    return {(f.kind, f.value, f.bound) for f in figures(title, body, language)}


@pytest.mark.parametrize(
    ("title", "found"),
    [
        ("Flood kills at least 12 in Kelvik", {("deaths", 12, "at_least")}),
        ("Death toll rises to 19 as floods hit Kelvik", {("deaths", 19, "exact")}),
        ("Quake toll rises to 45 from 31", {("deaths", 45, "exact")}),
        ("27 dead, 5 missing after floods", {("deaths", 27, "exact"), ("missing", 5, "exact")}),
        ("More than 200 injured in stampede", {("injured", 200, "more_than")}),
        ("Police arrested 45 people after the match", {("arrested", 45, "exact")}),
        ("Storm leaves 2 million displaced", {("evacuated", 2_000_000, "exact")}),
        ("Crews rescued 14 miners", {("rescued", 14, "exact")}),
        (
            "Five people died and 12 were injured",
            {("deaths", 5, "exact"), ("injured", 12, "exact")},
        ),
        ("Wildfire: 1,200 evacuated near Kelvik", {("evacuated", 1200, "exact")}),
        (
            "Magnitude 7.2 earthquake hits Japan, killing three",
            {("magnitude", 7.2, "exact"), ("deaths", 3, "exact")},
        ),
        ("A 6.1-magnitude quake struck off Sumatra", {("magnitude", 6.1, "exact")}),
        ("M5.8 quake jolts Tokyo", {("magnitude", 5.8, "exact")}),
    ],
)
def test_english_figures(title: str, found: set[tuple[str, float, str]]) -> None:
    assert read(title) == found


@pytest.mark.parametrize(
    "title",
    [
        "The 2004 tsunami remembered",  # a year
        "He was killed in 2004 aged 31",  # a year, an age
        "A 45-year-old man was killed",  # an age
        "Crash on Route 66 kills driver",  # a route
        "M25 crash: driver hurt",  # a road
        "United beat City 3-1",  # a score
        "Dozens killed in attack",  # no figure
        "Hundreds evacuated as fire spreads",
        "Man killed 3 days ago named",  # a time
        "Rent rises 20 percent, 3,000 protest",  # a share, and no count of a kind
        "10 Downing Street says 2 arrests unlikely",  # an address; "unlikely" stands between
    ],
)
def test_numbers_that_are_no_counts(title: str) -> None:
    assert not {kind for kind, value, _ in read(title) if value in (2004, 31, 45, 66, 25, 3, 20)}


def test_a_figure_in_another_clause_is_not_taken() -> None:
    assert read("After 12 hours of talks, 3 were arrested") == {("arrested", 3, "exact")}


def test_the_first_figure_of_a_kind_is_the_article_s() -> None:
    found = figures("Toll rises to 45", "Officials earlier said 31 people had died.", "en")
    assert found == [Figure("deaths", 45)]


@pytest.mark.parametrize(
    ("title", "body", "language", "found"),
    [
        (
            "Mindestens 12 Tote bei Hochwasser",
            "Mehr als 30 Menschen wurden verletzt.",
            "de",
            {("deaths", 12, "at_least"), ("injured", 30, "more_than")},
        ),
        ("Zahl der Toten steigt auf 45", "", "de", {("deaths", 45, "exact")}),
        ("Erdbeben der Stärke 6,1 erschüttert Türkei", "", "de", {("magnitude", 6.1, "exact")}),
        ("2.000 Menschen evakuiert", "", "de", {("evacuated", 2000, "exact")}),
        ("Au moins 12 morts dans des inondations", "", "fr", {("deaths", 12, "at_least")}),
        ("Plus de 40 blessés à Lyon", "", "fr", {("injured", 40, "more_than")}),
        (
            "Al menos 12 muertos y 30 heridos por las lluvias",
            "",
            "es",
            {("deaths", 12, "at_least"), ("injured", 30, "exact")},
        ),
        (
            "В результате наводнения погибли 12 человек",
            "Не менее 30 человек пострадали.",
            "ru",
            {("deaths", 12, "exact"), ("injured", 30, "at_least")},
        ),
        ("Число погибших возросло до 45", "", "ru", {("deaths", 45, "exact")}),
        ("Землетрясение магнитудой 6,1 в Турции", "", "ru", {("magnitude", 6.1, "exact")}),
        ("Щонайменше 7 людей загинули в Одесі", "", "uk", {("deaths", 7, "at_least")}),
    ],
)
def test_other_languages(
    title: str, body: str, language: str, found: set[tuple[str, float, str]]
) -> None:
    assert read(title, body, language) == found


def test_a_language_without_figure_words_gives_none() -> None:
    assert figures("12 morti a Roma", "", "it") == []
