"""A local fake of the Telegram Bot API on 127.0.0.1 for end-to-end tests of `newsbrief run`.

It answers like Telegram for the methods the bot uses, keeps getUpdates offsets, and records
every call. PTB sends form fields whose values are JSON-encoded, so each field is decoded.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT = {"id": 1, "is_bot": True, "first_name": "newsbrief", "username": "newsbrief_bot"}


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 1
        self._lock = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/bot"

    def __enter__(self) -> FakeBotApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def send_text(self, chat_id: int, text: str) -> None:
        """Queue a message from a user, as getUpdates will deliver it."""
        with self._lock:
            number = self._next_update
            self._next_update += 1
            message: dict[str, Any] = {
                "message_id": 1000 + number,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private", "first_name": "Reader"},
                "from": {"id": chat_id, "is_bot": False, "first_name": "Reader"},
                "text": text,
            }
            if text.startswith("/"):
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
                ]
            self.updates.append({"update_id": number, "message": message})
            self._lock.notify_all()

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [params for name, params in self.calls if name == method]
                if len(found) >= count or time.monotonic() > deadline:
                    return found
                self._lock.wait(0.05)

    def answer(self, method: str, params: dict[str, Any]) -> Any:
        with self._lock:
            self.calls.append((method, params))
            self._lock.notify_all()
            if method == "getUpdates":
                offset = int(params.get("offset") or 0)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                pending = list(self.updates)
                if not pending:
                    self._lock.wait(min(float(params.get("timeout") or 0), 0.2))
                    pending = [u for u in self.updates if u["update_id"] >= offset]
                return pending
            if method == "getMe":
                return BOT
            if method == "sendMessage":
                number = self._next_message
                self._next_message += 1
                return {
                    "message_id": number,
                    "date": int(time.time()),
                    "chat": {"id": int(params["chat_id"]), "type": "private"},
                    "from": BOT,
                    "text": params.get("text", ""),
                }
            return True

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = {k: _decode(v) for k, v in parse_qsl(body)}
                method = self.path.rsplit("/", 1)[-1]
                payload = json.dumps({"ok": True, "result": api.answer(method, params)}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: object) -> None:
                return None

        return Handler
