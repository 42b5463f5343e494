"""Muted sources and words: which articles a chat is never shown."""

from __future__ import annotations

from collections.abc import Sequence

from news.language.terms import stem, words
from news.records import Article, Muted

NOTHING_MUTED = Muted()


def muted_stems(muted: Muted) -> frozenset[str]:
    return frozenset(stem(w) for word in muted.words for w in words(word))


def hides(muted: Muted, article: Article, stems: frozenset[str] | None = None) -> bool:
    """Whether the article is from a muted source or says a muted word (any of its forms:
    "celebrity" mutes "celebrities" too). `stems` is `muted_stems(muted)`, worked out once."""
    if not muted:
        return False
    if article.source.lower() in muted.sources:
        return True
    stems = muted_stems(muted) if stems is None else stems
    return bool(stems) and not stems.isdisjoint(
        stem(w) for w in words(f"{article.title}\n{article.body}")
    )


def shown(muted: Muted, articles: Sequence[Article]) -> list[Article]:
    """The articles a chat with these mutes is shown."""
    if not muted:
        return list(articles)
    stems = muted_stems(muted)
    return [a for a in articles if not hides(muted, a, stems)]
