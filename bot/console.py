"""The console: chat with the bot in a terminal through the very handlers Telegram uses."""

from __future__ import annotations

import html
import json
import re
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any, TextIO

from telegram import Update

from bot.app import NewsApplication, build_application
from bot.runtime.loopback import ApiCall, LoopbackRequest
from bot.services import Services
from news.ports import Clock

PROMPT = "you> "


def ticking_clock(start: datetime, monotonic: Callable[[], float]) -> Clock:
    """A clock that starts at `start` and advances in real time, so events keep their order."""
    origin = monotonic()
    return lambda: start + timedelta(seconds=monotonic() - origin)


def to_terminal(text: str) -> str:
    """Telegram HTML as readable text: links shown with their address, tags dropped."""
    text = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"\2 (\1)", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _norm(label: str) -> str:
    return "".join(ch for ch in label.lower() if ch.isalnum())


class Console:
    """Feeds typed lines to the application as updates and prints the bot's replies."""

    def __init__(
        self, application: NewsApplication, request: LoopbackRequest, chat_id: int, out: TextIO
    ) -> None:
        self.application = application
        self.request = request
        self.chat_id = chat_id
        self.out = out
        # Update ids must not repeat across console sessions on one database (they are
        # de-duplicated), so they start from the clock.
        self._ids = count(int(time.time() * 1000))
        self.last_buttons: list[tuple[str, str, int]] = []  # label, callback data, message id

    def _user(self) -> dict[str, Any]:
        return {"id": self.chat_id, "is_bot": False, "first_name": "Console"}

    def _chat(self) -> dict[str, Any]:
        return {
            "id": self.chat_id,
            "type": "private" if self.chat_id > 0 else "group",
            "first_name": "Console",
        }

    def message_update(self, text: str) -> dict[str, Any]:
        number = next(self._ids)
        message: dict[str, Any] = {
            "message_id": 100000 + number,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": self._chat(),
            "from": self._user(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": number, "message": message}

    def find_button(self, label: str) -> tuple[str, str, int] | None:
        """The button named by `label`: an exact match, else the first that starts with it."""
        wanted = _norm(label)
        if not wanted:
            return None
        exact = [b for b in self.last_buttons if _norm(b[0]) == wanted]
        prefix = [b for b in self.last_buttons if _norm(b[0]).startswith(wanted)]
        partial = [b for b in self.last_buttons if wanted in _norm(b[0])]
        matches = exact or prefix or partial
        return matches[0] if matches else None

    def press_update(self, label: str) -> dict[str, Any] | None:
        found = self.find_button(label)
        if found is None:
            return None
        _, data, message_id = found
        number = next(self._ids)
        return {
            "update_id": number,
            "callback_query": {
                "id": str(number),
                "from": self._user(),
                "chat_instance": "console",
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(datetime.now(UTC).timestamp()),
                    "chat": self._chat(),
                    "text": "",
                },
            },
        }

    async def handle_line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        if line.startswith("/press"):
            label = line[len("/press") :].strip()
            data = self.press_update(label)
            if data is None:
                labels = ", ".join(f"[{b[0]}]" for b in self.last_buttons) or "none"
                self.out.write(f"(no button “{label}” in the last reply; buttons: {labels})\n")
                return
        else:
            data = self.message_update(line)
        before = len(self.request.calls)
        await self.application.process_update(Update.de_json(data, self.application.bot))
        self.show(self.request.calls[before:])

    def show(self, calls: list[ApiCall]) -> None:
        for call in calls:
            if call.method == "answerCallbackQuery" and call.params.get("text"):
                self.out.write(f"({call.params['text']})\n")
            if call.method not in ("sendMessage", "editMessageText", "sendPhoto"):
                continue
            text = str(call.params.get("text") or call.params.get("caption") or "")
            if call.method == "sendPhoto":
                text = "[picture] " + text
            self.out.write(to_terminal(text) + "\n")
            buttons = self._buttons(call)
            if buttons:
                self.last_buttons = buttons
                self.out.write(" ".join(f"[{b[0]}]" for b in buttons) + "\n")
            self.out.write("\n")
        self.out.flush()

    def _buttons(self, call: ApiCall) -> list[tuple[str, str, int]]:
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not isinstance(markup, dict):
            return []
        message_id = len(self.request.messages())
        return [
            (button["text"], button.get("callback_data", ""), message_id)
            for row in markup.get("inline_keyboard", [])
            for button in row
        ]


async def run_console(
    services: Services,
    chat_id: int,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> None:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    request = LoopbackRequest()
    application = build_application(services, request=request, schedule=False)
    console = Console(application, request, chat_id, stdout)
    interactive = stdin.isatty()
    async with application:
        if interactive:
            stdout.write(
                "Type a question (try: earthquake) or a command (/help); "
                "/press LABEL presses a button; Ctrl-D quits.\n"
            )
        while True:
            if interactive:
                stdout.write(PROMPT)
                stdout.flush()
            line = stdin.readline()
            if not line:
                if interactive:
                    stdout.write("\n")
                break
            if not interactive and line.strip():
                stdout.write(f"{PROMPT}{line.strip()}\n")
            await console.handle_line(line)
