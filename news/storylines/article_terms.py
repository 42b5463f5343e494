"""An article's storyline terms: sublinear counts of its words (with their language's code
outside English) and of its names, and the language a storyline's words are in."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from news.language.detection import ENGLISH, is_common_noun
from news.language.terms import content_terms, entities
from news.sources.urls import slug_words

if TYPE_CHECKING:
    from news.storylines.assignment import ClusterConfig

ENTITY_PREFIX = "@"


def term_counts(
    title: str, body: str, config: ClusterConfig, url: str = "", language: str = ENGLISH
) -> dict[str, float]:
    """Sublinear term frequencies of an article's words and named entities.

    A headline with no body also counts the words of its URL's slug that the headline lacks:
    outlets often put a fuller description there ("dicks-sporting-goods-profit-rises" under
    "Dick's Sporting Goods earnings top expectations"). Words of another language than
    English carry its code ("de:war" is not "war"); names are shared by all languages.
    """
    counts: defaultdict[str, float] = defaultdict(float)
    headline = content_terms(title)
    for term in headline:
        counts[term] += config.title_weight
    for term in content_terms(body)[: config.body_terms]:
        counts[term] += 1.0
    if url and not body.strip():
        for term in set(content_terms(" ".join(slug_words(url)))) - set(headline):
            counts[term] += 1.0
    if language != ENGLISH:
        counts = defaultdict(float, {f"{language}:{t}": c for t, c in counts.items()})
    for name in entities(f"{title}\n{body}"):
        if not is_common_noun(name, language):
            counts[ENTITY_PREFIX + name] += config.entity_weight
    return {term: 1.0 + math.log(count) for term, count in counts.items() if count > 0}


def terms_language(terms: Iterable[str]) -> str:
    """The language an article's terms were counted in (term_counts prefixes it on words)."""
    for term in terms:
        if not term.startswith(ENTITY_PREFIX):
            code, colon, _ = term.partition(":")
            return code if colon else ENGLISH
    return ENGLISH


def language_share(centroid: Mapping[str, float], language: str) -> float:
    """The share of a storyline's word weight in `language` (1 when it has no words)."""
    total = own = 0.0
    prefix = f"{language}:"
    for term, weight in centroid.items():
        if term.startswith(ENTITY_PREFIX):
            continue
        total += weight
        if term.startswith(prefix) if language != ENGLISH else ":" not in term:
            own += weight
    return own / total if total else 1.0
