"""Words of an article as storylines and search count them: tokens, stopwords, stems,
content terms and capitalised names."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from news.text.cleaning import CAPITAL, split_sentences
from news.text.segmentation import has_cjk, segmented

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*", re.UNICODE)

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "told",
        "according",
        "new",
        "news",
        "one",
        "two",
        "three",
        "last",
        "first",
        "year",
        "years",
        "week",
        "day",
        "days",
        "time",
        "like",
        "get",
        "got",
        "since",
        "may",
        "might",
        "must",
        "shall",
        "us",
        "mr",
        "mrs",
        "ms",
        "reuters",
        "ap",
        "afp",
        "via",
        "per",
        "amid",
        "after",
        "yet",
        "whether",
        "already",
        "still",
    ]
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens, with apostrophes and hyphens joined words kept whole, and
    text without spaces between words in pairs of characters (news/text/segmentation.py)."""
    tokens: list[str] = _WORD.findall(text.lower().replace("’", "'"))
    if not has_cjk(text):
        return tokens
    return [word for token in tokens for word in segmented(token)]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English suffix stripper: enough to match protest/protests/protesters.

    Cached: a news vocabulary is small next to the number of words stemmed.
    """
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix, keep in (
        ("ations", 3),
        ("ation", 3),
        ("ments", 3),
        ("ment", 3),
        ("ings", 3),
        ("ing", 3),
        ("ers", 3),
        ("ies", 3),
        ("ied", 3),
        ("ed", 3),
        ("er", 3),
        ("es", 3),
        ("ly", 3),
        ("s", 3),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            if suffix == "s" and base.endswith(("s", "u", "i")):
                return word
            return base
    return word


def content_terms(text: str) -> list[str]:
    """Stemmed content words of a text (stopwords and numbers dropped)."""
    return terms_of(words(text))


def terms_of(tokens: list[str]) -> list[str]:
    """Stemmed content words of a text already split by `words`."""
    return [stem(w) for w in tokens if w not in STOPWORDS and not w.isdigit() and len(w) > 1]


# A name is capitalised words, which "of", "de", "van" and the like may join ("Bank of America",
# "Rio de Janeiro"); such a word must be whole and followed by a capitalised one.
_CAPITALIZED = re.compile(
    rf"\b({CAPITAL}[\w'’-]+(?:\s+(?:(?:of|de|la|al|van|von)\s+)?{CAPITAL}[\w'’-]+)*)"
)


def entities(text: str) -> list[str]:
    """Capitalized names (single or multi-word) that do not start a sentence, lower-cased."""
    found: list[str] = []
    for sentence in split_sentences(text):
        for match in _CAPITALIZED.finditer(sentence):
            name = match.group(1)
            if match.start() == 0 and " " not in name:
                # A lone capitalized first word is usually just the start of the sentence.
                continue
            name = name.lower().replace("’", "'").removesuffix("'s")
            if name not in STOPWORDS:
                found.append(name if name.isascii() else latin(name))
    return found


_SOFT_ENDING = re.compile(r"(?:iy|yy|ii|ij)\b")


@lru_cache(maxsize=50_000)
def latin(name: str) -> str:
    """A name in any script as it is spelt in Latin letters, so that reports in other
    languages share it: Путин and Putin, Łódź and Lodz. Russian and Ukrainian endings that
    English spells -y are spelt so (Зеленский, Zelenskiy: zelensky)."""
    spelt = anyascii(name).lower().replace("'", "")
    return _SOFT_ENDING.sub("y", spelt)
