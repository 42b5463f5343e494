"""A recording Bot API transport for handler tests, and helpers to build updates.

It plugs into PTB where HTTPXRequest does. Errors can be scripted per chat: the next sends to
that chat answer like Telegram would (403 blocked, 429 with retry_after, 400 chat not found).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from itertools import count
from typing import Any

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.error import TimedOut
from telegram.request import RequestData

from bot.runtime.loopback import ApiCall, LoopbackRequest

_ids = count(1)


class RecordingRequest(LoopbackRequest):
    """Records calls (and, given a time source, when they were made); fails on request."""

    def __init__(self, time_source: Callable[[], float] | None = None) -> None:
        super().__init__()
        self.failures: dict[int, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        # Answers for other methods (getChat, getChatMember): a result, or (status, error).
        self.scripted: dict[str, Callable[[dict[str, Any]], Any]] = {}
        self.time_source = time_source
        self.send_times: list[tuple[float, int]] = []

    def fail_next(self, chat_id: int, status: int, description: str, **parameters: Any) -> None:
        """The next send to the chat answers with this error (status 0: a read timeout;
        -1: no free connection in the pool, so the request never left)."""
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        self.failures[chat_id].append((status, body))

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
        params = dict(request_data.parameters) if request_data else {}
        method_name = url.rsplit("/", 1)[-1]
        if method_name in self.scripted:
            self.calls.append(ApiCall(method_name, params))
            answer = self.scripted[method_name](params)
            if isinstance(answer, tuple):
                status, description = answer
                body = {"ok": False, "error_code": status, "description": description}
                return status, json.dumps(body).encode()
            return 200, json.dumps({"ok": True, "result": answer}).encode()
        chat_id = int(params.get("chat_id", 0) or 0)
        if url.endswith("/sendMessage") and self.time_source is not None:
            self.send_times.append((self.time_source(), chat_id))
        if url.endswith("/sendMessage") and self.failures.get(chat_id):
            status, body = self.failures[chat_id].pop(0)
            self.calls.append(ApiCall("sendMessage!failed", params))
            if status == 0:
                raise TimedOut("Timed out")
            if status == -1:
                raise TimedOut("Pool timeout") from httpx.PoolTimeout("all connections busy")
            return status, json.dumps(body).encode()
        return await super().do_request(url, method, request_data)

    def sent(self, chat_id: int | None = None) -> list[ApiCall]:
        return [
            c
            for c in self.calls
            if c.method == "sendMessage"
            and (chat_id is None or int(c.params["chat_id"]) == chat_id)
        ]

    def last_text(self) -> str:
        return str(self.sent()[-1].params["text"])

    @staticmethod
    def buttons(call: ApiCall) -> list[tuple[str, str]]:
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not markup:
            return []
        return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}


def message(
    text: str, chat_id: int = 7, user_id: int | None = None, chat_type: str = "private"
) -> dict[str, Any]:
    number = next(_ids)
    body: dict[str, Any] = {
        "message_id": number,
        "date": 1_750_000_000,
        "chat": {"id": chat_id, "type": chat_type, "title": "Group"}
        if chat_type != "private"
        else {"id": chat_id, "type": "private", "first_name": "Reader"},
        "from": user(user_id or abs(chat_id)),
        "text": text,
    }
    if text.startswith("/"):
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": number, "message": body}


def press(data: str, chat_id: int = 7) -> dict[str, Any]:
    number = next(_ids)
    return {
        "update_id": number,
        "callback_query": {
            "id": str(number),
            "from": user(abs(chat_id)),
            "chat_instance": "test",
            "data": data,
            "message": {
                "message_id": number,
                "date": 1_750_000_000,
                "chat": {"id": chat_id, "type": "private"},
                "text": "earlier reply",
            },
        },
    }


async def run_job(app: Any, name: str) -> None:
    """Run the application's job of that name now, as the JobQueue would when it is due."""
    from telegram.ext import CallbackContext

    (job,) = [j for j in app.job_queue.get_jobs_by_name(name) if not j.removed]
    await job.callback(CallbackContext.from_job(job, app))


def channel_post(
    text: str,
    chat_id: int = -100500,
    username: str | None = "kelvikwire",
    message_id: int | None = None,
    edited: bool = False,
    caption: bool = False,
) -> dict[str, Any]:
    """A post in a channel (or its edit), as Telegram sends it to a bot in the channel."""
    number = next(_ids)
    chat: dict[str, Any] = {"id": chat_id, "type": "channel", "title": "Kelvik Wire"}
    if username:
        chat["username"] = username
    body: dict[str, Any] = {
        "message_id": message_id or number,
        "date": 1_750_000_000,
        "chat": chat,
        "sender_chat": chat,
    }
    if caption:
        body["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
        body["caption"] = text
    else:
        body["text"] = text
    if edited:
        body["edit_date"] = 1_750_000_600
    return {"update_id": number, "edited_channel_post" if edited else "channel_post": body}


def topic_message(text: str, thread_id: int, chat_id: int = -100777, user_id: int = 9) -> Any:
    """A message in a topic of a forum supergroup."""
    update = message(text, chat_id=chat_id, user_id=user_id, chat_type="supergroup")
    body = update["message"]
    body["chat"]["is_forum"] = True
    body["chat"]["title"] = "Newsroom"
    body["message_thread_id"] = thread_id
    body["is_topic_message"] = True
    return update


def chat_member(user_id: int, status: str, can_post: bool = True) -> dict[str, Any]:
    """A getChatMember result: "creator", "administrator" (posting or not) or "member"."""
    member: dict[str, Any] = {"user": user(user_id), "status": status}
    if status == "administrator":
        rights = (
            "can_be_edited is_anonymous can_manage_chat can_delete_messages "
            "can_manage_video_chats can_restrict_members can_promote_members can_change_info "
            "can_invite_users can_post_stories can_edit_stories can_delete_stories"
        )
        member |= dict.fromkeys(rights.split(), False) | {"can_post_messages": can_post}
    if status == "creator":
        member["is_anonymous"] = False
    return member
