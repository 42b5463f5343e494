"""Small helpers every handler uses: the current chat, replies, argument parsing."""

from __future__ import annotations

import html
from collections.abc import Callable, Coroutine
from contextvars import ContextVar
from typing import Any, Concatenate, ParamSpec

from telegram import InlineKeyboardMarkup, Message, Update

from handlers.context import BotContext
from news.chats.rights import Person
from news.records import ChatSettings, Storyline

# The channel this update's commands manage, when they come from a private chat managing one
# (set once per update by chat_settings): every reply names it.
MANAGING: ContextVar[str] = ContextVar("managing", default="")
P = ParamSpec("P")


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
        context.chat = deps.subscriptions.register(chat_id, chat_type, title)
    return context.chat


def in_chat(
    handler: Callable[Concatenate[Update, BotContext, ChatSettings, P], Coroutine[Any, Any, None]],
) -> Callable[Concatenate[Update, BotContext, P], Coroutine[Any, Any, None]]:
    """A handler of a chat's update, handed the chat's settings (registered once per update by
    the preamble, handlers.registry.once_per_update); an update from no chat is not its."""

    async def with_chat(
        update: Update, context: BotContext, /, *args: P.args, **kwargs: P.kwargs
    ) -> None:
        settings = chat_settings(update, context)
        if settings is not None:
            await handler(update, context, settings, *args, **kwargs)

    with_chat.__name__ = with_chat.__qualname__ = handler.__name__
    return with_chat


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


def person_of(update: Update) -> Person:
    """Who sent the update, as the rights policy sees them."""
    user, chat = update.effective_user, update.effective_chat
    private = chat is not None and chat.type == "private"
    if user is None:
        return Person(None, private=private)
    return Person(user.id, user.username or "", private)


def is_admin(update: Update, context: BotContext) -> bool:
    return context.deps.rights.is_admin(person_of(update))


def may_correct(update: Update, context: BotContext) -> bool:
    return context.deps.rights.may_correct(person_of(update))


def only_admins(what: str, instead: str = "") -> str:
    """The one way a refusal for want of rights reads, with what the person may do instead."""
    return f"Sorry, only the bot's admins can {what}." + (f" {instead}" if instead else "")


async def find_storyline(
    update: Update, context: BotContext, storyline_id: int
) -> Storyline | None:
    """The storyline, or None after telling the reader there is no such one."""
    storyline = context.deps.store.archive.storyline(storyline_id)
    if storyline is None:
        await reply(update, f"There is no storyline {storyline_id}. Try /search to find one.")
    return storyline
