"""`newsbrief run` as its own process against the local fake Bot API."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.fakes.bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:" + "A" * 35


def start(api: FakeBotApi, db: Path) -> subprocess.Popen[str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "NEWSBRIEF_TELEGRAM_TOKEN": TOKEN,
        "NEWSBRIEF_TELEGRAM_API_URL": api.base_url,
        "NEWSBRIEF_DB": str(db),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        cwd=db.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_run_answers_and_stops_on_sigterm(tmp_path: Path) -> None:
    with FakeBotApi() as api:
        process = start(api, tmp_path / "bot.db")
        try:
            api.send_text(7, "/start")
            sent = api.wait_for("sendMessage")
            assert sent and "Welcome" in sent[0]["text"]
            assert sent[0]["chat_id"] == 7
            assert api.wait_for("setMyCommands")
            # A second instance on the same database refuses to start.
            second = start(api, tmp_path / "bot.db")
            _, err = second.communicate(timeout=30)
            assert second.returncode == 2
            assert "already running" in err
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert "Traceback" not in err
