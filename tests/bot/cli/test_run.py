"""`newsbrief run` as its own process against the local fake Bot API."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.process import bot_env
from tests.fakes.process import start_bot as start


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


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_webhook_requires_and_checks_the_secret(tmp_path: Path) -> None:
    import json
    import time
    import urllib.error
    import urllib.request

    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    with FakeBotApi() as api:
        env_base = bot_env(
            api,
            tmp_path / "bot.db",
            NEWSBRIEF_WEBHOOK_LISTEN="127.0.0.1",
            NEWSBRIEF_WEBHOOK_PORT=str(port),
        )
        refused = subprocess.run(
            [sys.executable, "-m", "bot.cli", "run", "--webhook", hook],
            env=env_base,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=tmp_path,
        )
        assert refused.returncode == 2 and "NEWSBRIEF_WEBHOOK_SECRET" in refused.stderr
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--webhook", hook],
            env={**env_base, "NEWSBRIEF_WEBHOOK_SECRET": "s3cret-token"},
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            (registered,) = api.wait_for("setWebhook")
            assert registered["url"] == hook and registered["secret_token"] == "s3cret-token"
            update = {
                "update_id": 77,
                "message": {
                    "message_id": 1,
                    "date": int(time.time()),
                    "text": "/start",
                    "chat": {"id": 9, "type": "private", "first_name": "R"},
                    "from": {"id": 9, "is_bot": False, "first_name": "R"},
                    "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
                },
            }

            def post(headers: dict[str, str]) -> int:
                request = urllib.request.Request(
                    hook,
                    data=json.dumps(update).encode(),
                    headers={"Content-Type": "application/json", **headers},
                )
                for _ in range(100):
                    try:
                        with urllib.request.urlopen(request, timeout=5) as response:
                            return int(response.status)
                    except urllib.error.HTTPError as exc:
                        return exc.code
                    except urllib.error.URLError:
                        time.sleep(0.1)  # not listening yet
                raise AssertionError("the webhook never listened")

            assert post({}) == 403
            assert post({"X-Telegram-Bot-Api-Secret-Token": "wrong"}) == 403
            assert api.wait_for("sendMessage", timeout=1.0) == []
            assert post({"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}) == 200
            assert post({"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}) == 200  # a retry
            sent = api.wait_for("sendMessage")
            time.sleep(0.5)
            assert len([c for c in api.calls if c[0] == "sendMessage"]) == 1
            assert "Welcome" in sent[0]["text"]
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
