"""Short summaries: whole sentences taken from the articles, never rewritten."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from news.language.detection import ENGLISH
from news.language.terms import content_terms, terms_of, words
from news.records import Article
from news.text.cleaning import split_sentences, truncate
from news.text.site_chrome import is_site_chrome

MIN_WORDS = 6
MAX_SENTENCE_CHARS = 320
# News puts what matters first: sentences come from the lead, which also bounds the work per
# article however long its body is.
LEAD_CHARS = 2000


def sentence_digest(sentence: str) -> str:
    """A short stable key of a sentence, to remember what a chat already received."""
    return _digest(words(sentence))


def _digest(tokens: list[str]) -> str:
    return hashlib.blake2b(" ".join(tokens).encode("utf-8"), digest_size=12).hexdigest()


def _lead(article: Article) -> list[tuple[str, list[str], bool]]:
    """(sentence, its words, whether it is fit to quote) for each sentence of the lead:
    whole, not too short, not boilerplate or site chrome."""
    text = article.body or article.title
    sentences = split_sentences(text[:LEAD_CHARS])
    cut = len(text) > LEAD_CHARS  # the cut may have ended the last sentence mid-way
    found = []
    for index, sentence in enumerate(sentences):
        tokens = words(sentence)
        # Site chrome leaves bodies at ingest; an archive stored before that still holds it.
        fit = len(tokens) >= MIN_WORDS and len(sentence) <= MAX_SENTENCE_CHARS
        fit = fit and not is_site_chrome(sentence)
        found.append((sentence, tokens, fit and not (cut and index == len(sentences) - 1)))
    return found


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    terms: tuple[str, ...]  # distinct; a tuple takes a tenth of a frozenset's memory
    digest: str


def _distinct(terms: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(terms))


# Articles never change once stored, and a broadcast summarizes the same ones for many
# chats: their sentences and terms are worked out once. Sized for memory: an entry holds
# its article (a few KB of body) and about as much again of sentences.
@lru_cache(maxsize=4096)
def _analysed(article: Article) -> tuple[tuple[str, ...], tuple[_Sentence, ...]]:
    """The article's terms (its title and lead), and its quotable sentences with theirs.
    Each sentence is split into words once (this is most of a cold search's time)."""
    terms = content_terms(article.title)
    sentences = []
    for sentence, tokens, fit in _lead(article):
        own = terms_of(tokens)
        terms += own
        if fit:
            sentences.append(_Sentence(sentence, _distinct(own), _digest(tokens)))
    if not sentences and article.title:  # nothing fit to quote: the headline stands in
        title = article.title
        sentences.append(_Sentence(title, _distinct(content_terms(title)), sentence_digest(title)))
    return _distinct(terms), tuple(sentences)


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence quoted whole, and the article it was taken from."""

    text: str
    article: Article


@lru_cache(maxsize=256)
def _ranked(
    articles: tuple[Article, ...], focus: frozenset[str]
) -> tuple[tuple[_Sentence, Article], ...]:
    """The articles' quotable sentences with their articles, most central first.

    Cached because a broadcast asks for the same storyline's new articles for many chats;
    only what each chat has already received differs, and that is filtered afterwards.
    """
    analysed = [_analysed(article) for article in articles]
    pool = Counter(term for terms, _ in analysed for term in terms)
    scored: list[tuple[float, int, _Sentence, Article]] = []
    for article, (_, sentences) in zip(articles, analysed, strict=True):
        for position, sentence in enumerate(sentences):
            terms = sentence.terms
            if not terms:
                continue
            centrality = sum(pool[t] for t in terms) / (len(terms) ** 0.5)
            focused = sum(1 for t in terms if t in focus)
            score = centrality * (1.0 + 2.0 * focused) / (1.0 + 0.15 * position)
            scored.append((score, len(scored), sentence, article))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple((sentence, article) for _, _, sentence, article in scored)


def forget() -> None:
    """Empty the caches of analysed articles, as in a new process (the cold-search bench)."""
    _analysed.cache_clear()
    _ranked.cache_clear()


def summarize(
    articles: Sequence[Article],
    focus_terms: Collection[str] = (),
    max_sentences: int = 2,
    exclude: Collection[str] = (),
) -> list[str]:
    """Up to `max_sentences` sentences central to the articles (see `quotes`)."""
    return [quote.text for quote in quotes(articles, focus_terms, max_sentences, exclude)]


def quotes(
    articles: Sequence[Article],
    focus_terms: Collection[str] = (),
    max_sentences: int = 2,
    exclude: Collection[str] = (),
) -> list[Quote]:
    """Up to `max_sentences` sentences central to the articles (and to `focus_terms`), each
    with the article it comes from.

    Centrality is the overlap of a sentence's terms with the terms of all the articles; a
    sentence too similar to one already chosen, or whose digest is in `exclude`, is skipped.
    The sentences are all in the language of the first: a storyline's reports in other
    languages tell the same news, which words cannot tell apart from new news.
    """
    chosen: list[Quote] = []
    chosen_terms: list[frozenset[str]] = []
    language: str | None = None
    for sentence, article in _ranked(tuple(articles), frozenset(focus_terms)):
        if sentence.digest in exclude:
            continue
        if language is not None and (article.language or ENGLISH) != language:
            continue
        terms = frozenset(sentence.terms)
        if any(len(terms & other) / max(1, len(terms | other)) > 0.5 for other in chosen_terms):
            continue
        chosen.append(Quote(truncate(sentence.text, MAX_SENTENCE_CHARS), article))
        chosen_terms.append(terms)
        language = article.language or ENGLISH
        if len(chosen) == max_sentences:
            break
    return chosen
