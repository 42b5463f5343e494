"""Outlet boilerplate: the sentences an outlet repeats under its articles ("Sign up for our
newsletter", "The post … appeared first on …", a channel's signature) are not news.

Left in, they make unrelated articles of one outlet alike (five local stories of one site
became one storyline), and a summary may quote them. So a sentence found in enough of an
outlet's recent articles is taken out of the body before anything reads it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from news.records import PASTED_SOURCE, UNKNOWN_SOURCE, ArticleDraft

# A sentence is boilerplate when at least this many of the outlet's articles have it...
REPEATS = 3
# ... and at least this share of its recent ones: a story's own sentence repeated by a few
# updates stays, while an outlet's footer is under nearly every article.
SHARE = 0.5
RECENT = 20  # articles remembered for each outlet
OUTLETS = 500  # outlets remembered; the one seen longest ago is forgotten first
# Sentences compared from each end of a body: outlets put what they repeat at the top and
# the bottom, and the bound keeps the cost and the memory small however long an article is.
EDGE = 6
KNOWN = 50  # sentences kept as an outlet's boilerplate, at most
# Sources that name no outlet gather unrelated texts: they are never compared.
NOT_OUTLETS = frozenset({UNKNOWN_SOURCE, PASTED_SOURCE})

log = logging.getLogger(__name__)

_URL = re.compile(r"\S*https?://\S+")


def _sentences(body: str) -> list[tuple[int, str]]:
    """Each sentence of a body with its paragraph's number. Cut crudely ("U.S. officials" is
    cut too): what an outlet repeats only has to be cut alike under each article, and plain
    replaces cost a tenth of news.text.cleaning.split_sentences."""
    found = []
    for number, paragraph in enumerate(body.split("\n")):
        marked = paragraph.replace(". ", ".\n").replace("! ", "!\n").replace("? ", "?\n")
        found += [(number, s.strip()) for s in marked.split("\n") if s.strip()]
    return found


def _edges(count: int) -> range | list[int]:
    """Which of `count` sentences are compared: EDGE from each end."""
    if count <= 2 * EDGE:
        return range(count)
    return [*range(EDGE), *range(count - EDGE, count)]


def sentence_key(sentence: str, title: str) -> str:
    """What a sentence says once the article's own title (lower-cased) and links are set
    aside: "The post <title> appeared first on <site>" reads the same under every article."""
    key = sentence.lower()
    if title:
        key = key.replace(title, "\x00")
    if "http" in key:
        key = _URL.sub("\x01", key)
    return " ".join(key.split())


def shown(key: str) -> str:
    """A sentence key as an operator reads it."""
    return key.replace("\x00", "<title>").replace("\x01", "<link>")


def _keys(draft: ArticleDraft) -> set[str]:
    found, title = _sentences(draft.body), draft.title.lower()
    return {sentence_key(found[i][1], title) for i in _edges(len(found))}


def _identity(draft: ArticleDraft) -> str:
    """One article however often it is offered (a feed repeats its entries every poll)."""
    return draft.external_id or draft.url or draft.title


class OutletMemory(Protocol):
    """Where the boilerplate found is kept (storage), so that it outlives the process."""

    def boilerplate(self, source: str) -> set[str]: ...

    def add_boilerplate(self, source: str, sentences: Collection[str], now: datetime) -> None: ...


class Boilerplate:
    """Remembers the sentences of each outlet's latest articles and takes out of each new
    article the ones the outlet keeps repeating, and the ones found so before."""

    def __init__(self, known: OutletMemory) -> None:
        self.known = known
        # Each outlet's latest articles, by identity: the hashes of their sentence keys.
        self._recent: OrderedDict[str, OrderedDict[str, frozenset[int]]] = OrderedDict()
        self._lock = threading.Lock()  # feeds polled at once share one ingest pipeline

    def stripped(self, drafts: Sequence[ArticleDraft], now: datetime) -> list[ArticleDraft]:
        """The drafts with their outlets' boilerplate taken out; judged with the batch's other
        articles of each outlet as well as the ones remembered, then all remembered."""
        keyed = [(d, _keys(d)) for d in drafts if d.source not in NOT_OUTLETS and d.body]
        with self._lock:
            for draft, keys in keyed:
                self._remember(draft, frozenset(map(hash, keys)))
            hashes = {source: self._repeated(source) for source in {d.source for d, _ in keyed}}
        repeated: dict[str, set[str]] = {source: set() for source in hashes}
        for draft, keys in keyed:
            repeated[draft.source].update(k for k in keys if hash(k) in hashes[draft.source])
        for source, sentences in repeated.items():
            known = self.known.boilerplate(source)
            found = sentences - known
            if found and len(known) < KNOWN:
                added = sorted(found)[: KNOWN - len(known)]
                self.known.add_boilerplate(source, added, now)
                # The operator's way to see what is taken out, and why an article is shorter.
                said = "; ".join(shown(key) for key in added)
                log.info("%s repeats under its articles, left out from now on: %s", source, said)
            sentences |= known
        return [self._without(draft, repeated.get(draft.source, set())) for draft in drafts]

    def _remember(self, draft: ArticleDraft, keys: frozenset[int]) -> None:
        outlet = self._recent.pop(draft.source, None) or OrderedDict()
        self._recent[draft.source] = outlet
        outlet.pop(_identity(draft), None)
        outlet[_identity(draft)] = keys
        while len(outlet) > RECENT:
            outlet.popitem(last=False)
        while len(self._recent) > OUTLETS:
            self._recent.popitem(last=False)

    def _repeated(self, source: str) -> set[int]:
        outlet = self._recent[source]  # remembered just before
        counts = Counter(key for keys in outlet.values() for key in keys)
        least = max(REPEATS, SHARE * len(outlet))
        return {key for key, count in counts.items() if count >= least}

    @staticmethod
    def _without(draft: ArticleDraft, repeated: set[str]) -> ArticleDraft:
        if not repeated or not draft.body:
            return draft
        found, title = _sentences(draft.body), draft.title.lower()
        dropped = {i for i in _edges(len(found)) if sentence_key(found[i][1], title) in repeated}
        if not dropped:
            return draft
        paragraphs: dict[int, list[str]] = {}
        for index, (number, sentence) in enumerate(found):
            if index not in dropped:
                paragraphs.setdefault(number, []).append(sentence)
        return replace(draft, body="\n".join(" ".join(p) for p in paragraphs.values()))
