"""Small helpers of the repositories' SQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from news.vectors import Vector

CHUNK = 500  # stays well under SQLite's limit on bound parameters


def chunks(items: Sequence[object], size: int = CHUNK) -> Iterator[Sequence[object]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(count: int) -> str:
    """`count` parameter marks, comma-separated."""
    return ",".join("?" * count)


def like_escape(text: str) -> str:
    """Text to match literally in a LIKE pattern with ESCAPE '\\'."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def packed(vector: Vector | None) -> bytes | None:
    """An article's embedding as stored: float16, half the bytes of float32."""
    return vector.astype(np.float16).tobytes() if vector is not None else None


def unpacked(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)
