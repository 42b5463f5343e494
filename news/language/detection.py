"""Which language an article is written in, and what is everyday in it.

Storylines weigh words by how rare they are, and the prior of everyday usage
(news/storylines/wordprior.py) is English: without this, the German "und", "der" and "war"
would weigh like names, and two unrelated German articles became one storyline. So an article's
language is the one it declares (a feed's `<language>`, a page's, a record's field), else
the one whose commonest words make up most of its text; its words are then kept apart from
other languages' (news.storylines.article_terms.term_counts) and weighed by that language's usage.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

import wordfreq

from news.language.terms import words
from news.text.segmentation import cjk_language

ENGLISH = "en"
# wordfreq's languages whose words are separated by spaces, as our tokenizer needs.
LANGUAGES = frozenset(
    (
        "ar bg bn ca cs da de el es fa fi fil fr he hi hu id is it lt lv mk ms nb nl pl pt ro "
        "ru sh sk sl sv ta tr uk ur vi"
    ).split()
)
# Languages written without spaces between words: told by their script, read in pairs of
# characters (news/text/segmentation.py).
SEGMENTED = frozenset(("zh", "ja", "ko"))
FUNCTION_WORDS = 50  # the commonest words of each language, which any text of it is full of
# Detection reads the start of a text, and needs enough words to tell: a headline of five
# words may hold "die" as an English verb.
DETECT_CHARS = 600
DETECT_WORDS = 20
# Share of the words that must be a language's commonest for the text to be in it; English,
# tried first, at a lower share, under which only other languages' texts were measured
# (docs/decisions/languages.md).
LEAST_SHARE = 0.2
ENGLISH_SHARE = 0.1


def declared(language: str) -> str:
    """A declared language code as used here ("de-DE" → "de"), or "" when not one of ours."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if code == ENGLISH or code in LANGUAGES or code in SEGMENTED else ""


def frequencies(language: str, count: int) -> list[tuple[str, float]]:
    """The `count` commonest words of a language with their frequencies, from wordfreq's
    small lists (they load in milliseconds)."""
    found: list[tuple[str, float]] = []
    for index, bucket in enumerate(wordfreq.get_frequency_list(language, "small")):
        found += [(word, wordfreq.cB_to_freq(-index)) for word in bucket[: count - len(found)]]
        if len(found) >= count:
            break
    release_wordfreq()
    return found


def release_wordfreq() -> None:
    """wordfreq keeps every list it has read, several MB a language; ours keep a few words."""
    wordfreq.get_frequency_list.cache_clear()
    wordfreq.get_frequency_dict.cache_clear()
    wordfreq.top_n_list.cache_clear()


@cache
def commonest(language: str, count: int) -> frozenset[str]:
    """The `count` commonest words of a language."""
    return frozenset(word for word, _ in frequencies(language, count))


@lru_cache(maxsize=1)
def _function_words() -> dict[str, tuple[str, ...]]:
    """Each of the other languages' commonest words, and the languages it is common in."""
    table: dict[str, list[str]] = {}
    for language in sorted(LANGUAGES):
        for word in commonest(language, FUNCTION_WORDS):
            table.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in table.items()}


def is_function_word(word: str) -> bool:
    """Whether a word is one of another language's commonest, when it cannot be English (it
    is not written in ASCII): the Russian "в", the German "für", but not "war" or "die"."""
    return not word.isascii() and word in _function_words()


def detected(text: str) -> str:
    """The language most of the text's words are everyday words of; English when the text
    is short or nothing else is clearly it (English is tried first: most articles are)."""
    start = text[:DETECT_CHARS]
    if segmented := cjk_language(start):
        return segmented
    tokens = words(start)
    if len(tokens) < DETECT_WORDS:
        return ENGLISH
    english = commonest(ENGLISH, FUNCTION_WORDS)
    if sum(map(english.__contains__, tokens)) >= ENGLISH_SHARE * len(tokens):
        return ENGLISH
    least = LEAST_SHARE * len(tokens)
    table = _function_words()
    counts = Counter(language for token in tokens for language in table.get(token, ()))
    found = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return found[0][0] if found and found[0][1] >= least else ENGLISH


# German capitalises every noun: a capitalised word among the language's commonest is a
# noun, not a name.
COMMON_WORDS = 5000


def is_common_noun(name: str, language: str) -> bool:
    """A one-word "name" that is one of the language's everyday words (never in English,
    where a capital inside a sentence marks a name)."""
    return language != ENGLISH and " " not in name and name in commonest(language, COMMON_WORDS)


def language_of(declared_language: str, title: str, body: str) -> str:
    return declared(declared_language) or detected(f"{title}\n{body}")
