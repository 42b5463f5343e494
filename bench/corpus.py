"""A deterministic generator of synthetic articles forming storylines (no network)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from news.models import ArticleDraft

_PLACES = [
    f"{a}{b}"
    for a in ("Nor", "Vel", "Kar", "Tess", "Mir", "Dor", "Hal", "Bren", "Sol", "Lenn")
    for b in ("ia", "ova", "ham", "burg", "ville", "stad", "ford", "mouth", "dale", "wick")
]
_EVENTS = [
    "earthquake",
    "strike",
    "election",
    "flood",
    "trial",
    "summit",
    "fire",
    "merger",
    "protest",
    "storm",
    "outbreak",
    "launch",
    "scandal",
    "ceasefire",
    "heatwave",
]
_PEOPLE = [
    f"{first} {last}"
    for first in ("Anna", "Boris", "Carla", "Dmitri", "Elif", "Farid", "Greta", "Hugo")
    for last in ("Lund", "Varga", "Brenn", "Holm", "Eke", "Morr", "Dahl", "Oss")
]
_SOURCES = [f"Outlet {n}" for n in range(40)]
_FILLER = [
    "officials",
    "said",
    "the",
    "situation",
    "was",
    "developing",
    "and",
    "more",
    "details",
    "would",
    "follow",
    "later",
    "in",
    "the",
    "day",
    "while",
    "residents",
    "waited",
    "for",
    "news",
    "and",
    "analysts",
    "weighed",
    "the",
    "consequences",
]


def articles(count: int, seed: int = 7, start: datetime | None = None) -> Iterator[ArticleDraft]:
    """`count` articles in storylines of varied sizes, spread over weeks."""
    rng = random.Random(seed)
    start = start or datetime(2025, 1, 1, tzinfo=UTC)
    span = timedelta(days=max(14, count // 2000))
    stories: list[tuple[str, str, str, datetime]] = []
    for index in range(count):
        if not stories or rng.random() < 0.08:
            moment = start + span * (index / count)
            stories.append((rng.choice(_EVENTS), rng.choice(_PLACES), rng.choice(_PEOPLE), moment))
        event, place, person, began = stories[
            min(len(stories) - 1, int(rng.paretovariate(1.2)) - 1)
            if rng.random() < 0.3
            else len(stories) - 1
        ]
        when = began + timedelta(hours=rng.random() * 72)
        title = f"{place} {event}: {person} {rng.choice(['speaks', 'responds', 'warns', 'visits'])}"
        body_words = [place, event, person, *rng.choices(_FILLER, k=rng.randint(350, 600))]
        rng.shuffle(body_words)
        body = " ".join(body_words).capitalize() + f". Report {index}."
        yield ArticleDraft(
            title,
            body,
            rng.choice(_SOURCES),
            url=f"https://news.example/{index}",
            published_at=when,
        )
