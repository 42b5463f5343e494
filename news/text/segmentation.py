"""Text written without spaces between words (Chinese, Japanese, Korean's syllable runs): split
into overlapping character pairs, as search engines index it, and weighed by what it carries.

A pair of characters is most of a Chinese word (most are two characters long) and needs no
dictionary; a run of one character stays whole. Storyline terms and the search index both see
the pairs, so a query's pairs find an article's.
"""

from __future__ import annotations

import re

# Han (with its extensions and compatibility forms), kana, and Hangul syllables.
_CJK_CHARS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
)
CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
# What counts as wide in a text's length: those characters and their full-width punctuation.
_WIDE = re.compile(f"[{_CJK_CHARS}\u3000-\u303f\uff00-\uffef]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HANGUL = re.compile("[\uac00-\ud7af]")
# A character of these scripts says about as much as this many letters of a Latin script (a
# Chinese translation of an English text runs a third to a quarter of its length).
CHARS_PER_CJK = 3
# Ends of sentences in these scripts, which no space follows.
_CJK_SENTENCE_END = re.compile("[。！？][」』”’）)]*")


def has_cjk(text: str) -> bool:
    return CJK_RUN.search(text) is not None


def segmented(token: str) -> list[str]:
    """A token's words: itself, or its runs of CJK characters as overlapping pairs (a lone
    character whole) with the other characters between them kept as words of their own."""
    if not has_cjk(token):
        return [token]
    parts: list[str] = []
    start = 0
    for run in CJK_RUN.finditer(token):
        if run.start() > start:
            parts.append(token[start : run.start()])
        chars = run.group()
        parts += [chars] if len(chars) == 1 else [chars[i : i + 2] for i in range(len(chars) - 1)]
        start = run.end()
    if start < len(token):
        parts.append(token[start:])
    return parts


def news_length(text: str) -> int:
    """The text's length in Latin letters' worth: a CJK character counts `CHARS_PER_CJK`, so
    a limit set on characters treats a Chinese article like its English translation."""
    return len(text) + (CHARS_PER_CJK - 1) * len(_WIDE.findall(text))


def cjk_language(text: str) -> str:
    """zh, ja or ko when most of the text's letters are of those scripts, else ""."""
    letters = sum(1 for c in text if c.isalpha())
    cjk = sum(len(run) for run in CJK_RUN.findall(text))
    if not letters or 2 * cjk < letters:
        return ""
    if _HANGUL.search(text):
        return "ko"
    return "ja" if _KANA.search(text) else "zh"


def cjk_sentences(sentence: str) -> list[str]:
    """A sentence cut after each CJK full stop, question or exclamation mark."""
    parts: list[str] = []
    start = 0
    for match in _CJK_SENTENCE_END.finditer(sentence):
        parts.append(sentence[start : match.end()].strip())
        start = match.end()
    parts.append(sentence[start:].strip())
    return [part for part in parts if part]


def clipped(text: str, limit: int) -> str:
    """The start of the text whose `news_length` is at most `limit`."""
    if len(text) <= limit // CHARS_PER_CJK or news_length(text) <= limit:
        return text
    total = 0
    for index, char in enumerate(text):
        total += CHARS_PER_CJK if _WIDE.match(char) else 1
        if total > limit:
            return text[:index]
    return text


def indexed(text: str) -> str:
    """The text as the full-text index reads it: CJK runs as their pairs of characters, each a
    word (the index's tokenizer takes a run without spaces for one word)."""
    if not has_cjk(text):
        return text
    return CJK_RUN.sub(lambda run: f" {' '.join(segmented(run.group()))} ", text)
