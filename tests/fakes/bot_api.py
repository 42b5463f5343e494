"""A local fake of the Telegram Bot API on 127.0.0.1 for end-to-end tests of `newsbrief run`.

It answers like Telegram for the methods the bot uses: keeps getUpdates offsets (with long
polling), checks what Telegram checks (HTML it can parse, 4096 characters, 64-byte callback
data), can enforce the flood limits (answering 429 with retry_after), and can inject faults:
429, 5xx, and timeouts after delivery (the message arrives, the answer does not). PTB sends
form fields whose values are JSON-encoded, so each field is decoded.
"""

from __future__ import annotations

import html
import json
import random
import re
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

HANG = "hang"
DROP = "drop"
BOT = {"id": 1, "is_bot": True, "first_name": "newsbrief", "username": "newsbrief_bot"}
TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
}


def _decode(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse this HTML, or None."""
    stack: list[str] = []
    for match in re.finditer(r"<(/?)([a-zA-Z-]+)([^>]*)>|<|&(#?\w+;)?", text):
        whole = match.group(0)
        if whole == "<":
            return "stray <"
        if whole.startswith("&"):
            entity = match.group(4)
            if not entity or (
                not entity.startswith("#") and entity not in ("lt;", "gt;", "amp;", "quot;")
            ):
                return "stray &"
            continue
        closing, tag = match.group(1), match.group(2).lower()
        if tag not in TAGS:
            return f"unsupported tag {tag}"
        if closing:
            if not stack or stack.pop() != tag:
                return f"unbalanced </{tag}>"
        else:
            stack.append(tag)
    return f"unclosed <{stack[-1]}>" if stack else None


class FakeBotApi:
    def __init__(
        self, enforce_limits: bool = False, fault_rate: float = 0.0, seed: int = 1
    ) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.updates: list[dict[str, Any]] = []
        self.delivered: dict[int, list[str]] = defaultdict(list)
        self.limit_violations = 0
        self.faults: dict[str, int] = defaultdict(int)
        self.enforce_limits = enforce_limits
        self.fault_rate = fault_rate
        self._random = random.Random(seed)
        self._sends: list[float] = []
        self._chat_last: dict[int, float] = {}
        # Each group's and channel's sends of the last minute (Telegram: at most 20).
        self._group_sends: dict[int, list[float]] = defaultdict(list)
        # What arrived in each (chat, forum topic thread or None).
        self.threads: dict[tuple[int, int | None], list[str]] = defaultdict(list)
        self._scripts: dict[int, list[Any]] = defaultdict(list)
        self._next_update = 1
        self._next_message = 1
        self._lock = threading.Condition()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        # A killed bot drops its connections; that is expected, not worth a traceback.
        self.server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
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

    def _queue(self, update: dict[str, Any]) -> None:
        with self._lock:
            update["update_id"] = self._next_update
            self._next_update += 1
            self.updates.append(update)
            self._lock.notify_all()

    def send_text(self, chat_id: int, text: str) -> None:
        """Queue a message from a user, as getUpdates will deliver it."""
        message: dict[str, Any] = {
            "message_id": 1000 + self._next_update,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Reader"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Reader"},
            "text": text,
        }
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
        self._queue({"message": message})

    def press(self, chat_id: int, data: str) -> None:
        """Queue a press of an inline button."""
        self._queue(
            {
                "callback_query": {
                    "id": str(self._next_update),
                    "data": data,
                    "chat_instance": "e2e",
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Reader"},
                    "message": {
                        "message_id": 1,
                        "date": int(time.time()),
                        "text": "",
                        "chat": {"id": chat_id, "type": "private", "first_name": "Reader"},
                    },
                }
            }
        )

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [params for name, params in self.calls if name == method]
                if len(found) >= count or time.monotonic() > deadline:
                    return found
                self._lock.wait(0.05)

    def wait_until(self, condition: Any, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._lock:
            while not condition():
                if time.monotonic() > deadline:
                    return False
                self._lock.wait(0.1)
            return True

    def script(self, chat_id: int, *behaviours: Any) -> None:
        """The next sends to a chat answer in turn: (code, description, {parameters}),
        HANG (no answer for a while, nothing delivered) or DROP (connection closed)."""
        self._scripts[chat_id].extend(behaviours)

    def _error(self, code: int, description: str, **parameters: Any) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if parameters:
            body["parameters"] = parameters
        return code, body

    def _send(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        """Answer a message-sending call: (status, body, seconds to wait before answering)."""
        chat_id = int(params.get("chat_id", 0))
        text = str(params.get("text", params.get("caption", "")))
        if params.get("parse_mode") == "HTML" and (problem := html_problem(text)):
            return (*self._error(400, f"Bad Request: can't parse entities: {problem}"), 0.0)
        if len(html.unescape(re.sub(r"<[^>]+>", "", text)).encode("utf-16-le")) // 2 > 4096:
            return (*self._error(400, "Bad Request: message is too long"), 0.0)
        markup = params.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
            for button in row:
                if len(str(button.get("callback_data", "")).encode()) > 64:
                    return (*self._error(400, "Bad Request: BUTTON_DATA_INVALID"), 0.0)
        if self._scripts.get(chat_id):
            behaviour = self._scripts[chat_id].pop(0)
            if behaviour in (HANG, DROP):
                return 0, {"behaviour": behaviour}, 0.0
            code, description, parameters = behaviour
            return (*self._error(code, description, **parameters), 0.0)
        now = time.monotonic()
        if self.enforce_limits:
            recent = [t for t in self._sends if now - t < 1.0]
            minute = [t for t in self._group_sends[chat_id] if now - t < 60.0]
            if (
                len(recent) >= 30
                or now - self._chat_last.get(chat_id, -10.0) < 0.95
                or (chat_id < 0 and len(minute) >= 20)
            ):
                self.limit_violations += 1
                return (*self._error(429, "Too Many Requests: retry after 1", retry_after=1), 0.0)
        delay = 0.0
        if self.fault_rate and self._random.random() < self.fault_rate:
            kind = self._random.choice(["429", "502", "timeout"])
            self.faults[kind] += 1
            if kind == "429":
                return (*self._error(429, "Too Many Requests: retry after 1", retry_after=1), 0.0)
            if kind == "502":
                return (*self._error(502, "Bad Gateway"), 0.0)
            delay = 7.0  # delivered, but the answer comes after PTB's read timeout
        self._sends = [t for t in self._sends if now - t < 2.0] + [now]
        self._chat_last[chat_id] = now
        if chat_id < 0:
            self._group_sends[chat_id] = [t for t in self._group_sends[chat_id] if now - t < 60]
            self._group_sends[chat_id].append(now)
        self.delivered[chat_id].append(text)
        thread = params.get("message_thread_id")
        self.threads[(chat_id, int(thread) if thread else None)].append(text)
        number = self._next_message
        self._next_message += 1
        result: dict[str, Any] = {
            "message_id": number,
            "date": int(time.time()),
            "from": BOT,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
        }
        if method == "sendPhoto":
            result["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
            result["caption"] = text
        else:
            result["text"] = text
        return 200, {"ok": True, "result": result}, delay

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        with self._lock:
            self.calls.append((method, params))
            self._lock.notify_all()
            if method == "getUpdates":
                offset = int(params.get("offset") or 0)
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                if not self.updates:
                    self._lock.wait(min(float(params.get("timeout") or 0), 0.2))
                pending = [u for u in self.updates if u["update_id"] >= offset]
                return 200, {"ok": True, "result": pending}, 0.0
            if method == "getMe":
                return 200, {"ok": True, "result": BOT}, 0.0
            if method in ("sendMessage", "sendPhoto", "editMessageText"):
                return self._send(method, params)
            return 200, {"ok": True, "result": True}, 0.0

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                content_type = self.headers.get("Content-Type", "")
                if content_type.startswith("application/json"):
                    params = json.loads(body or b"{}")
                elif content_type.startswith("multipart/form-data"):
                    params = self._multipart(body, content_type)
                else:
                    params = {k: _decode(v) for k, v in parse_qsl(body.decode())}
                method = self.path.rsplit("/", 1)[-1]
                status, answer, delay = api.answer(method, params)
                if status == 0:  # a scripted misbehaviour
                    if answer["behaviour"] == HANG:
                        time.sleep(7.0)  # past PTB's read timeout
                    self.close_connection = True
                    self.connection.close()
                    return
                if delay:
                    time.sleep(delay)
                payload = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up waiting (a timeout test)

            def _multipart(self, body: bytes, content_type: str) -> dict[str, Any]:
                boundary = content_type.split("boundary=", 1)[1].strip('"').encode()
                params: dict[str, Any] = {}
                for part in body.split(b"--" + boundary):
                    head, _, value = part.partition(b"\r\n\r\n")
                    match = re.search(rb'name="([^"]+)"', head)
                    if match and b"filename=" not in head:
                        params[match.group(1).decode()] = _decode(value.rstrip(b"\r\n").decode())
                return params

            def log_message(self, format: str, *args: object) -> None:
                return None

        return Handler
