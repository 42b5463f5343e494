"""An article's arguments: who and where (names in its headline and lead), how many (numbers),
and when (years, months, weekdays) — what tells two events of one kind apart.

Two earthquakes share every word of the story ("quake", "magnitude", "toll", "rescuers") and
differ in the place, the toll and the date. Term overlap cannot see that; comparing arguments
can: when an article and a storyline both name a place and the names are disjoint, they
conflict. The arguments are kept as one flat profile of prefixed keys, so that a storyline's
profile is the sum of its articles' (news/storylines/decision.py compares them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

from babel.core import Locale, UnknownLocaleError

from news.language.detection import ENGLISH, commonest, is_common_noun
from news.language.terms import entities, words
from news.text.cleaning import split_sentences
from news.vectors import top_terms

NAME, NUMBER, YEAR, MONTH, WEEKDAY = "n:", "#:", "y:", "m:", "w:"
KINDS = (NAME, NUMBER, YEAR, MONTH, WEEKDAY)
LEAD_SENTENCES = 2
PROFILE_KEYS = 200  # a storyline keeps its most common arguments

MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: index
    for index, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
# Only capitalised names count: as lower-case words "march", "may" and "sun" mean other things;
# "May" only before a day number, since as a capitalised word it is mostly the verb.
_CALENDAR = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|May(?=\s+\d)"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\b"
)
# Outside English, month and weekday names are CLDR's (through babel), matched as words in any
# case, except one of the language's commonest words (the Romanian "mai" is mostly "more").
AMBIGUOUS_WORDS = 100
_LOCALES = {"sh": "hr"}  # wordfreq's Serbo-Croatian is written as Croatian is
# A number stands apart from letters and digits, but not from CJK characters ("6.4级地震").
_GLUED = "[^\\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
_NUMBER = re.compile(
    rf"(?<!{_GLUED}|[.,])\d{{1,3}}(?:,\d{{3}})+(?!{_GLUED}|,)|(?<!{_GLUED}|[.,])\d+(?:\.\d+)?(?!{_GLUED})"
)
# Most languages write 6,4 for 6.4 and 2.000 (or 2 000) for 2,000: their numbers are read so.
_COMMA_NUMBER = re.compile(
    rf"(?<!{_GLUED}|[.,])\d{{1,3}}(?:[.\u00a0\u202f]\d{{3}})+(?!{_GLUED}|[.,]\d)"
    rf"|(?<!{_GLUED}|[.,])\d+(?:,\d+)?(?!{_GLUED})"
)
DECIMAL_POINT = frozenset("en zh ja ko ar he hi bn ta ur fil ms th".split())
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def detail_profile(title: str, body: str, language: str = ENGLISH) -> dict[str, float]:
    """The details the headline and lead name, as a profile: each key once (value 1)."""
    lead = " ".join(split_sentences(body)[:LEAD_SENTENCES])
    # A date is not a name: "On Tuesday" and "In March" are read as dates below; nor, outside
    # English, is a capitalised everyday word (a German noun).
    calendar = calendar_keys(language) if language != ENGLISH else {}
    found: set[str] = {
        NAME + key
        for name in entities(f"{title}\n{lead}")
        if not any(word in MONTHS or word in WEEKDAYS or word in calendar for word in name.split())
        and not is_common_noun(name, language)
        for key in name_keys(name)
    }
    for number, grouped in numbers(f"{title}\n{lead}", language):
        if _YEAR.match(number) and not grouped:  # 2,000 dead is no year
            found.add(YEAR + number)
        elif float(number) > 1:
            found.add(NUMBER + number.removesuffix(".0"))
    if language == ENGLISH:
        for match in _CALENDAR.finditer(f"{title}\n{lead}"):
            name = match.group(1).lower()
            if name in MONTHS:
                found.add(f"{MONTH}{MONTHS[name]}")
            else:
                found.add(f"{WEEKDAY}{WEEKDAYS[name]}")
    else:
        found.update(calendar[word] for word in words(f"{title}\n{lead}") if word in calendar)
    return dict.fromkeys(sorted(found), 1.0)


def numbers(text: str, language: str) -> list[tuple[str, bool]]:
    """The numbers of a text as digits with a decimal point ("2000", "6.4"), read as the
    language writes them, and whether each was written in groups of thousands."""
    if language in DECIMAL_POINT or not language:
        return [(m.group().replace(",", ""), "," in m.group()) for m in _NUMBER.finditer(text)]
    found = []
    for match in _COMMA_NUMBER.finditer(text):
        number = match.group()
        for separator in ".\u00a0\u202f":
            number = number.replace(separator, "")
        found.append((number.replace(",", "."), len(number) < len(match.group())))
    return found


@cache
def calendar_keys(language: str) -> dict[str, str]:
    """A language's month and weekday names, lower-cased, with their argument keys ("m:3",
    "w:0" for Monday), as written in a date and standing alone ("6 марта", "март")."""
    try:
        locale = Locale.parse(_LOCALES.get(language, language))
    except (UnknownLocaleError, ValueError):
        return {}
    ambiguous = commonest(language, AMBIGUOUS_WORDS)
    keys: dict[str, str] = {}
    for context in ("format", "stand-alone"):
        for kind, names in ((MONTH, locale.months), (WEEKDAY, locale.days)):
            for number, name in names[context]["wide"].items():
                word = name.lower()
                if word not in ambiguous and words(word) == [word]:
                    keys[word] = f"{kind}{number}"
    return keys


def name_keys(name: str) -> list[str]:
    """What a name is matched by: its last word ("Gavin Newsom" and "Newsom" agree) and, for
    a name of several words, its initials ("Los Angeles" and "LA" agree)."""
    parts = name.split()
    keys = [parts[-1]]
    if len(parts) > 1:
        keys.append("".join(part[0] for part in parts))
    return keys


def combined(profiles: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The summed profile of several articles or storylines, cut to its PROFILE_KEYS most
    common keys (ties alphabetical) so that a storyline's stays small however it grows."""
    total: dict[str, float] = {}
    for profile in profiles:
        for key, value in profile.items():
            total[key] = total.get(key, 0.0) + value
    if len(total) > PROFILE_KEYS:
        total = {key: total[key] for key in top_terms(total, PROFILE_KEYS)}
    return total
