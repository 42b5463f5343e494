"""Starting and stopping `newsbrief run` as its own process against the fake Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.fakes.bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:" + "A" * 35


def bot_env(api: FakeBotApi, db: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "NEWSBRIEF_TELEGRAM_TOKEN": TOKEN,
        "NEWSBRIEF_TELEGRAM_API_URL": api.base_url,
        "NEWSBRIEF_DB": str(db),
        "NEWSBRIEF_LOG_LEVEL": "WARNING",
        **extra,
    }


def start_bot(api: FakeBotApi, db: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", *args],
        env=bot_env(api, db, **extra),
        cwd=db.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop_bot(process: subprocess.Popen[str]) -> str:
    """SIGTERM, then the stderr; the bot must have stopped cleanly (exit status 0)."""
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err[-2000:]
    return err
