"""A deterministic generator of realistic articles forming storylines, without network.

Each storyline has its own cast (place, people, organisation) and vocabulary drawn from a
few thousand made-up words; articles are 2-4 KB, from 40 outlets, spread over weeks, and
storylines vary in size (a few big, many small) and lifetime.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from news.records import ArticleDraft

_SYLLABLES = [
    "ka",
    "lo",
    "ven",
    "dar",
    "mi",
    "sol",
    "tre",
    "gan",
    "or",
    "bel",
    "ru",
    "tis",
    "na",
    "pe",
    "quor",
    "lam",
    "sed",
    "vy",
    "zen",
    "hol",
    "ma",
    "ri",
    "to",
    "ek",
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
_COMMON = [
    *"the a of to in and said on for with was at by from that as officials after its".split(),
    *"it has had were is be this their will they an which have more than been would".split(),
    *"also about two new first last people government city region week report".split(),
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def articles(count: int, seed: int = 7, start: datetime | None = None) -> Iterator[ArticleDraft]:
    """`count` articles in storylines of varied sizes, spread over weeks."""
    rng = random.Random(seed)
    # dict, not set: a set of strings iterates in an order that changes with every process.
    vocabulary = list(dict.fromkeys(_word(rng) for _ in range(6000)))
    start = start or datetime(2025, 1, 1, tzinfo=UTC)
    span = timedelta(days=max(21, count // 5000))
    stories: list[dict[str, object]] = []
    for index in range(count):
        moment = start + span * (index / count)
        if not stories or rng.random() < 0.05:
            stories.append(
                {
                    "event": rng.choice(_EVENTS),
                    "cast": [_word(rng).capitalize() for _ in range(4)],
                    "words": rng.sample(vocabulary, 60),
                    "began": moment,
                }
            )
        # Recent storylines get most articles; a few old ones live on.
        back = min(len(stories) - 1, int(rng.expovariate(0.3)))
        story = stories[len(stories) - 1 - back]
        cast = story["cast"]
        words = story["words"]
        assert isinstance(cast, list) and isinstance(words, list)
        verb = rng.choice(["speaks", "responds", "warns", "visits"])
        title = f"{cast[0]} {story['event']}: {cast[1]} {verb}"
        sentences: list[str] = []
        while sum(len(s) for s in sentences) < rng.randint(2000, 4000):
            picked = rng.sample(words, 5) + rng.sample(_COMMON, 6) + rng.sample(vocabulary, 3)
            rng.shuffle(picked)
            sentences.append(f"{rng.choice(cast)} {' '.join(picked)}.")
        yield ArticleDraft(
            title,
            " ".join(sentences),
            f"Outlet {rng.randrange(40)}",
            url=f"https://news{index % 40}.example/{index}",
            published_at=moment + timedelta(minutes=rng.randint(0, 600)),
        )
