"""The figures of a news report: how many died, were injured, are missing, were arrested,
evacuated or rescued, and an earthquake's magnitude, read from its headline and lead.

A figure is a number next to the words that say what it counts ("31 people were killed",
"killing at least 31", "the death toll rose to 45"), in the languages of
news/language/figure_words.py. Precision comes first, as a wrong death toll is worse than
none: a number counts only when it stands alone (not "45-year-old", "M25" or "3-1"), is no
year, time, distance or share, and only a few plain words, within one clause, stand between
it and the word that says what it counts. "Dozens" and "hundreds" are no figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from news.language.event_details import numbers
from news.language.figure_words import (
    AT_LEAST,
    EXACT,
    MAGNITUDE,
    MORE_THAN,
    Words,
    words_for,
)
from news.text.cleaning import split_sentences

LEAD_SENTENCES = 2
# How far apart a number and the word saying what it counts may stand, in words.
BEFORE_WINDOW = 4
AFTER_WINDOW = 4
TOLL_WINDOW = 8

# Words, numbers and the marks that end a clause. Digits glued to letters or hyphens
# ("45-year-old", "M25", "3-1") stay one token, so they are never read as a count.
_TOKEN = re.compile(r"[^\W_](?:[\w'’.,\u00a0-]*[^\W_])?|[,;:()\[\]!?\"“”«»—–$€£¥#%]")
_PLAIN_NUMBER = re.compile(r"\d[\d.,\u00a0]*")
_GROUPED = re.compile(r"\d{1,3}(?:[.,\u00a0]\d{3})+")
_GLUED_MAGNITUDE = re.compile(r"m(\d[.,]\d)|(\d(?:[.,]\d)?)-(\w+)|(\w+)-(\d(?:[.,]\d)?)")
CLAUSE_END = ',;:()[]!?"“”«»—–'


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure one report states: its kind ("deaths", …, "magnitude"), its value, and its
    bound (exact, at least, more than)."""

    kind: str
    value: float
    bound: str = EXACT


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # in lower case
    number: float | None = None  # its value, when the token is a number on its own


def figures(title: str, body: str, language: str = "") -> list[Figure]:
    """The figures the headline and lead state, one a kind: the first stated."""
    words = words_for(language)
    if words is None:
        return []
    found: dict[str, Figure] = {}
    for sentence in [title, *split_sentences(body)[:LEAD_SENTENCES]]:
        for figure in _in_sentence(_tokens(sentence, language, words), words):
            found.setdefault(figure.kind, figure)
    return list(found.values())


def _tokens(sentence: str, language: str, words: Words) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        raw = match.group()
        text = raw.lower().rstrip(".,")
        if _GROUPED.fullmatch(text):
            # Grouped in thousands ("43,000", "2.000"), whatever the language's decimal mark:
            # a count is never a decimal with three places.
            tokens.append(_Token(text, float(re.sub(r"[.,\u00a0]", "", text))))
        elif _follows_a_multiple(tokens, text, words):
            # "37 mil 820": the thousands, then the rest.
            last = tokens.pop()
            tokens.append(_Token(f"{last.text} {text}", (last.number or 0) + float(text)))
        elif _PLAIN_NUMBER.fullmatch(text):
            read = numbers(text, language or "en")
            tokens.append(_Token(text, float(read[0][0]) if len(read) == 1 else None))
        elif text in words.multipliers and tokens and tokens[-1].number is not None:
            last = tokens.pop()
            tokens.append(
                _Token(f"{last.text} {text}", (last.number or 0) * words.multipliers[text])
            )
        else:
            tokens.append(_Token(text, float(words.word_numbers.get(text, 0)) or None))
    return tokens


def _follows_a_multiple(tokens: list[_Token], text: str, words: Words) -> bool:
    if not text.isdigit() or not tokens or tokens[-1].number is None:
        return False
    multiplier = words.multipliers.get(tokens[-1].text.rsplit(" ", 1)[-1], 0)
    return 0 < int(text) < multiplier


def _in_sentence(tokens: list[_Token], words: Words) -> list[Figure]:
    found = []
    texts = [token.text for token in tokens]
    for at in range(len(tokens)):
        magnitude = _magnitude(tokens, at, words)
        if magnitude is not None:
            found.append(Figure(MAGNITUDE, magnitude))
            continue
        trigger = words.trigger_at(texts, at)
        if trigger is None:
            continue
        kind, phrase = trigger
        toll = any(words.matches(t, texts[at:]) for t in words.tolls)
        figure = _count(tokens, at, len(phrase.split()), kind, words, toll)
        if figure is not None:
            found.append(figure)
    return found


def _count(
    tokens: list[_Token], at: int, span: int, kind: str, words: Words, toll: bool
) -> Figure | None:
    """The count the trigger at `at` refers to: the number just before it ("31 people were
    killed") or, failing that, after it ("killing at least 31", "the toll rose to 45")."""
    found = _before(tokens, at, words)
    if found is None:
        found = _after(tokens, at + span, words, toll)
    if found is None:
        return None
    return Figure(kind, tokens[found].number or 0, _bound(tokens, found, words))


def _is_count(tokens: list[_Token], i: int, words: Words) -> bool:
    number = tokens[i].number
    if number is None or number != int(number) or number < 1:
        return False
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    preceding = tokens[i - 1].text if i > 0 else ""
    if following in words.months or preceding in words.months:
        return False  # a date: "December 6", "6 марта"
    if following == ":" and i + 2 < len(tokens) and tokens[i + 2].text.isdigit():
        return False  # a time: "10:24"
    if preceding == "of" and i > 1 and tokens[i - 2].text in words.kin:
        return False  # "a mother of 2"
    # "2004" is a year unless people follow it ("2000 residents were evacuated").
    plain = tokens[i].text.isdigit()
    year = plain and len(tokens[i].text) == 4 and 1900 <= number <= 2099
    year = year and following not in words.people
    return not (year or following in words.units or preceding in words.not_counts)


def _before(tokens: list[_Token], at: int, words: Words) -> int | None:
    for i in range(at - 1, max(at - 1 - BEFORE_WINDOW, -1), -1):
        if _is_count(tokens, i, words):
            return i
        text = tokens[i].text
        if tokens[i].number is not None or not text.isalpha() or text in words.breaks:
            return None
    return None


def _after(tokens: list[_Token], start: int, words: Words, toll: bool) -> int | None:
    window = TOLL_WINDOW if toll else AFTER_WINDOW
    bounds = words.bound_words
    for i in range(start, min(start + window, len(tokens))):
        token = tokens[i]
        if token.number is not None:
            bounded = _bound(tokens, i, words) != EXACT
            # A toll's latest figure follows "to", "at", "of" ("rose from 31 to 45").
            lead_in = i > 0 and (tokens[i - 1].text in words.toll_lead_ins or bounded)
            # A bound's words count only as the whole bound: "dies at 91" is no "at least".
            skipped = [t.text for t in tokens[start:i] if t.text not in words.connectors]
            if skipped and not toll and not bounded:
                return None
            if _is_count(tokens, i, words) and (lead_in or not toll):
                return i
            if not toll:
                return None
        elif (
            token.text in CLAUSE_END
            or not token.text.isalpha()
            or (not toll and token.text not in words.connectors and token.text not in bounds)
        ):
            return None
    return None


def _bound(tokens: list[_Token], i: int, words: Words) -> str:
    before = " " + " ".join(token.text for token in tokens[max(i - 3, 0) : i])
    for phrase, bound in words.bounds:
        if before.endswith(" " + phrase):
            return bound
    return EXACT


def _magnitude(tokens: list[_Token], at: int, words: Words) -> float | None:
    """An earthquake's magnitude: "magnitude 6.1", "a 6.1-magnitude quake", "M6.1",
    "magnitude-6.1", "Stärke 6,1"."""
    text = tokens[at].text
    glued = _GLUED_MAGNITUDE.fullmatch(text)
    if glued:
        value, word = (glued[1], "magnitude") if glued[1] else (glued[2], glued[3])
        if glued[4]:
            value, word = glued[5], glued[4]
        if any(word.startswith(stem) for stem in words.magnitude):
            return _on_the_scale(float(value.replace(",", ".")))
        return None
    if not any(text.startswith(stem) for stem in words.magnitude):
        return None
    for i in (at + 1, at + 2, at - 1):
        if 0 <= i < len(tokens) and tokens[i].number is not None:
            return _on_the_scale(tokens[i].number or 0)
    return None


def _on_the_scale(value: float) -> float | None:
    # Magnitudes are told to a tenth; a whole "magnitude 6" is mostly a class ("a magnitude 6
    # quake can cause severe damage"), not this quake's reading.
    return value if 1 <= value < 10 and value != int(value) else None


__all__ = ["AT_LEAST", "EXACT", "MORE_THAN", "Figure", "figures"]
