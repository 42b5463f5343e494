"""Short summaries: whole sentences taken from the articles, never rewritten."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Sequence

from news.models import Article
from news.text import content_terms, split_sentences, truncate, words

MIN_WORDS = 6
MAX_SENTENCE_CHARS = 320


def sentence_digest(sentence: str) -> str:
    """A short stable key of a sentence, to remember what a chat already received."""
    text = " ".join(words(sentence))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def candidate_sentences(article: Article) -> list[str]:
    """Sentences of an article fit to quote: whole, not too short, not boilerplate."""
    found = []
    for sentence in split_sentences(article.body or article.title):
        if len(words(sentence)) >= MIN_WORDS and len(sentence) <= MAX_SENTENCE_CHARS:
            found.append(sentence)
    if not found and article.title:
        found.append(article.title)
    return found


def summarize(
    articles: Sequence[Article],
    focus_terms: Collection[str] = (),
    max_sentences: int = 2,
    exclude: Collection[str] = (),
) -> list[str]:
    """Up to `max_sentences` sentences central to the articles (and to `focus_terms`).

    Centrality is the overlap of a sentence's terms with the terms of all the articles; a
    sentence too similar to one already chosen, or whose digest is in `exclude`, is skipped.
    """
    pool = Counter(
        term
        for article in articles
        for term in set(content_terms(f"{article.title} {article.body}"))
    )
    focus = set(focus_terms)
    scored: list[tuple[float, int, str]] = []
    order = 0
    for article in articles:
        for position, sentence in enumerate(candidate_sentences(article)):
            if sentence_digest(sentence) in exclude:
                continue
            terms = set(content_terms(sentence))
            if not terms:
                continue
            centrality = sum(pool[t] for t in terms) / (len(terms) ** 0.5)
            score = centrality * (1.0 + 2.0 * len(terms & focus)) / (1.0 + 0.15 * position)
            scored.append((score, order, sentence))
            order += 1
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen: list[str] = []
    chosen_terms: list[set[str]] = []
    for _, _, sentence in scored:
        terms = set(content_terms(sentence))
        if any(len(terms & other) / max(1, len(terms | other)) > 0.5 for other in chosen_terms):
            continue
        chosen.append(truncate(sentence, MAX_SENTENCE_CHARS))
        chosen_terms.append(terms)
        if len(chosen) == max_sentences:
            break
    return chosen
