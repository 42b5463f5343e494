"""Other forms of a query's words in the languages newsbrief reads: `выборы` finds `выборах`.

The full-text index stems English words itself (FTS5's porter); a word of another language is
searched by its Snowball stem as a prefix, which every form of the word starts with. A query
does not say its language, so its script does: Cyrillic is stemmed as Russian, Arabic as
Arabic, Greek as Greek; a Latin word that is not everyday English by the stem shortest among
the Latin-script languages' (a German, French or Spanish word loses its ending in one of them).
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

import snowballstemmer

from news.language.detection import ENGLISH, commonest

_BY_SCRIPT = {
    "CYRILLIC": ("russian",),
    "GREEK": ("greek",),
    "ARABIC": ("arabic",),
    "LATIN": ("german", "french", "spanish", "italian", "portuguese", "dutch", "swedish"),
}
# English words are left to the index's own stemmer: the commonest ones, by this count.
ENGLISH_WORDS = 30_000
# A stem this short (in letters) would match unrelated words as a prefix.
LEAST_STEM = {"LATIN": 4}
LEAST_OTHER_STEM = 3


@cache
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(language)


def _script(word: str) -> str:
    """The script of the word's first letter (LATIN, CYRILLIC, ...), "" for none."""
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "").split(" ", 1)[0]
    return ""


@lru_cache(maxsize=10_000)
def search_stem(word: str) -> str | None:
    """The prefix a lower-cased query word's other forms start with, or None when the word is
    searched as it is (English, a number, a script without a stemmer, or no ending to drop)."""
    script = _script(word)
    languages = _BY_SCRIPT.get(script)
    if not languages or not word.isalpha():
        return None
    if script == "LATIN" and word in commonest(ENGLISH, ENGLISH_WORDS):
        return None
    least = LEAST_STEM.get(script, LEAST_OTHER_STEM)
    stems = {_stemmer(language).stemWord(word) for language in languages}
    usable = [stem for stem in stems if least <= len(stem) < len(word) and word.startswith(stem)]
    return min(usable, key=len) if usable else None
