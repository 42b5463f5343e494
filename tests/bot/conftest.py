"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder, and none of the settings a developer's shell may hold."""
    monkeypatch.chdir(tmp_path)
    for name in ("NEWSBRIEF_DB", "NEWSBRIEF_TELEGRAM_TOKEN", "NEWSBRIEF_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path
