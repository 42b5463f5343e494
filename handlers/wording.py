"""How replies put numbers, counts, times and languages into words, one style everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from babel import Locale


def ago(moment: datetime, now: datetime) -> str:
    """How long ago, as "3 h ago" or "4 days ago"."""
    seconds = max(0, int((now - moment).total_seconds()))
    if seconds < 90:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400 * 2:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


_SMALL = "zero one two three four five six seven eight nine ten".split()


def in_words(count: int) -> str:
    """A small number as a sentence writes it ("four"), a larger one in digits."""
    return _SMALL[count] if 0 <= count < len(_SMALL) else str(count)


def language_names(codes: Sequence[str]) -> str:
    """Languages as a reader reads them ("German, English"); a code babel lacks as it is."""
    return ", ".join(Locale("en").languages.get(code, code) for code in codes)
