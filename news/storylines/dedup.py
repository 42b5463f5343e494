"""Near-duplicate detection: MinHash of word shingles, banded for lookup, then verified.

A syndicated copy of an article, lightly edited by another outlet, shares most of its
3-word shingles with the original. 64 MinHash values in 16 bands of 4 find candidates with
a Jaccard similarity above about 0.5 (Broder 1997; Leskovec et al., Mining of Massive
Datasets, ch. 3); each candidate is then checked on its actual shingles.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt

from news.language.terms import words
from news.records import ArticleDraft

SHINGLE = 3
MIN_WORDS = 40  # shorter texts (headlines, briefs) are alike by chance; exact matching only
HASHES = 64
ROWS = 4
BANDS = HASHES // ROWS
NEAR_JACCARD = 0.7
# Copies are looked for among articles dated this many days either side of the new one: a
# syndicated story runs within days. Bands are stored by day, so a new article's bands are
# written next to the other recent ones, not spread over an index as large as the archive.
NEAR_DAYS = 3
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_PRIME = (1 << 61) - 1
_RANDOM = np.random.default_rng(20250610)  # fixed: bands must not change between runs
# a, b and the shingle hashes x stay below 2**32, so a*x fits in 64 bits without overflow.
_A = _RANDOM.integers(1, 1 << 32, size=HASHES, dtype=np.uint64)
_B = _RANDOM.integers(0, 1 << 32, size=HASHES, dtype=np.uint64)


def fingerprint(draft: ArticleDraft) -> str:
    """A digest of the article's words: a syndicated copy with other markup matches it."""
    text = " ".join(words(f"{draft.title}\n{draft.body}"))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str) -> set[str]:
    """The 3-word shingles of a text, or an empty set when it is too short to compare."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return set()
    return {" ".join(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def _signature(items: set[str]) -> npt.NDArray[np.uint64]:
    digests = b"".join(
        hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest() for s in sorted(items)
    )
    values = np.frombuffer(digests, dtype=">u4").astype(np.uint64)
    prime = np.uint64(_PRIME)
    # (a*x + b) mod p for every hash function (rows) and shingle (columns).
    mixed = ((_A[:, None] * values[None, :]) % prime + _B[:, None]) % prime
    signature: npt.NDArray[np.uint64] = mixed.min(axis=1)
    return signature


def minhash_bands(items: set[str]) -> list[tuple[int, int]]:
    """(band, value) keys under which a shingle set is indexed; empty for short texts."""
    if not items:
        return []
    signature = _signature(items)
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        value = int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True)
        keys.append((band, value))
    return keys


def day_number(when: datetime) -> int:
    """The UTC day an article is dated, counted from 1970-01-01: its bands' bucket."""
    return (when - _EPOCH).days


def nearby_days(when: datetime) -> list[int]:
    """The days whose articles a new article dated `when` may be a copy of."""
    day = day_number(when)
    return list(range(day - NEAR_DAYS, day + NEAR_DAYS + 1))


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
