"""Small helpers every handler uses: the current chat, replies, argument parsing."""

from __future__ import annotations

import html
from contextvars import ContextVar

from telegram import InlineKeyboardMarkup, Message, Update

from handlers.context import BotContext
from news.models import ChatSettings, Storyline

# The channel this update's commands manage, when they come from a private chat managing one
# (set once per update by chat_settings): every reply names it.
MANAGING: ContextVar[str] = ContextVar("managing", default="")


def chat_settings(update: Update, context: BotContext) -> ChatSettings | None:
    """The chat this update comes from, registered (or woken) in storage once per update."""
    if context.chat is None:
        chat = update.effective_chat
        if chat is None:
            return None
        title = chat.title or chat.full_name or ""
        deps = context.deps
        chat_id, chat_type = chat.id, chat.type
        MANAGING.set("")
        managed = deps.store.managers.managed(chat.id) if chat.type == "private" else None
        if managed is not None and (settings := deps.store.chats.get(managed)) is not None:
            # A private chat managing a linked channel: its commands act on the channel.
            MANAGING.set(deps.store.chats.title(managed) or "channel")
            context.chat = settings
            return settings
        message = update.effective_message
        if message is not None and message.is_topic_message and message.message_thread_id:
            # In a forum each topic is its own destination, with its own follows and times.
            chat_id = deps.store.topics.destination(chat.id, message.message_thread_id)
            chat_type, title = "topic", f"{title} › topic {message.message_thread_id}"
        context.chat = deps.store.chats.ensure(chat_id, deps.clock(), chat_type, title)
    return context.chat


async def reply(
    update: Update, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    message = update.effective_message
    if message is None:
        return None
    if managing := MANAGING.get():
        text = f"📣 <b>{html.escape(managing)}</b>\n{text}"
    return await message.reply_text(text, reply_markup=markup)


def arguments(context: BotContext) -> str:
    return " ".join(context.args or []).strip()


def parse_id(text: str) -> int | None:
    """A storyline or follow id as typed: '12' or '#12'; None otherwise."""
    text = text.strip().lstrip("#")
    if text.isascii() and text.isdigit() and len(text) < 12:
        return int(text)
    return None


def is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.deps.admin_ids


async def find_storyline(
    update: Update, context: BotContext, storyline_id: int
) -> Storyline | None:
    """The storyline, or None after telling the reader there is no such one."""
    storyline = context.deps.store.archive.storyline(storyline_id)
    if storyline is None:
        await reply(update, f"There is no storyline {storyline_id}. Try /search to find one.")
    return storyline
