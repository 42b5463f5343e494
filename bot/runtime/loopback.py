"""A Bot API that answers in-process: the console talks to the handlers through it.

It plugs in where production uses HTTPXRequest (PTB's BaseRequest), so the application, its
handlers and the bot object are exactly those of the Telegram bot. Every call is recorded.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

BOT_USER = {"id": 1, "is_bot": True, "first_name": "newsbrief", "username": "newsbrief_bot"}


@dataclass(frozen=True, slots=True)
class ApiCall:
    method: str
    params: dict[str, Any]


class LoopbackRequest(BaseRequest):
    """Answers Bot API methods like Telegram would, without a network."""

    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self._next_message_id = 1

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(ApiCall(api_method, params))
        result = self.answer(api_method, params)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def answer(self, method: str, params: dict[str, Any]) -> object:
        if method == "getMe":
            return BOT_USER
        if method in ("sendMessage", "sendPhoto", "editMessageText"):
            message_id = self._next_message_id
            self._next_message_id += 1
            chat_id = int(params.get("chat_id", 0))
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                "from": BOT_USER,
            }
            if "text" in params:
                message["text"] = params["text"]
            if "caption" in params:
                message["caption"] = params["caption"]
            if method == "sendPhoto":
                message["photo"] = [
                    {
                        "file_id": f"photo{message_id}",
                        "file_unique_id": f"p{message_id}",
                        "width": 800,
                        "height": 400,
                    }
                ]
            if "reply_markup" in params:
                markup = params["reply_markup"]
                message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
            return message
        if method == "getUpdates":
            return []
        return True

    def messages(self) -> list[ApiCall]:
        """The calls that put something in a chat."""
        return [
            c for c in self.calls if c.method in ("sendMessage", "sendPhoto", "editMessageText")
        ]
