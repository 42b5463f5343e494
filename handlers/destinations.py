"""Channels as destinations, managed from a private chat: /channel links one (after checking
with Telegram that the person and the bot hold the rights) and switches what the chat's
commands act on."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from handlers import keyboards
from handlers.common import MANAGING, arguments, reply
from handlers.context import BotContext
from handlers.render import esc
from news.chats.rights import LinkRefusal, channel_link_refusal

PRIVATE_ONLY = "Use /channel in your private chat with me."


def linked_channels(channels: Sequence[tuple[int, str]]) -> str:
    """The channels a person manages from this chat (/channel)."""
    if not channels:
        return (
            "No channel linked yet. Add me to your channel as an administrator allowed to "
            "post, then send <code>/channel @yourchannel</code> here."
        )
    lines = ["<b>Your channels</b> — choose which one the commands here act on:"]
    lines += [f"📣 {esc(title)}" for _, title in channels]
    return "\n".join(lines)


def channel_unseen(name: str) -> str:
    return (
        f"I cannot see {esc(name)}: add me to the channel as an administrator allowed to "
        "post, then try again."
    )


def channel_linked(title: str) -> str:
    return (
        f"📣 Linked <b>{esc(title)}</b>. Commands here now act on it: /follow, /settings, "
        "/mute and /briefing, and its briefings are posted in the channel. "
        "<code>/channel</code> switches; <code>/channel me</code> comes back to this chat."
    )


def _linked(update: Update, context: BotContext) -> list[tuple[int, str]]:
    user, store = update.effective_user, context.deps.store
    ids = store.managers.channels_of(user.id) if user else []
    return [(channel_id, store.chats.title(channel_id) or "channel") for channel_id in ids]


async def channel_command(update: Update, context: BotContext) -> None:
    MANAGING.set("")  # /channel speaks for itself, whatever the chat manages
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or chat.type != ChatType.PRIVATE:
        await reply(update, PRIVATE_ONLY)
        return
    name = arguments(context).strip()
    store = context.deps.store
    if name.lower() in ("me", "off", "here"):
        store.managers.manage(chat.id, None)
        await reply(update, "Commands here act on this chat again.")
    elif name:
        await link(update, context, name)
    else:
        channels = _linked(update, context)
        markup = keyboards.manage_keyboard(channels, store.managers.managed(chat.id))
        await reply(update, linked_channels(channels), markup)


async def link(update: Update, context: BotContext, name: str) -> None:
    """Link the channel to the person after Telegram confirms both hold the rights."""
    MANAGING.set("")
    bot, deps = context.bot, context.deps
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        await reply(update, PRIVATE_ONLY)
        return
    wanted = name if name.startswith("@") or name.lstrip("-").isdigit() else f"@{name}"
    try:
        target = await bot.get_chat(wanted)
    except TelegramError:
        await reply(update, channel_unseen(wanted))
        return
    if target.type != ChatType.CHANNEL:
        await reply(update, f"{esc(wanted)} is not a channel.")
        return
    title = target.title or wanted
    try:
        person = await bot.get_chat_member(target.id, user.id)
        me = await bot.get_chat_member(target.id, bot.id)
    except TelegramError:
        await reply(update, channel_unseen(wanted))
        return
    refusal = channel_link_refusal(
        person.status, me.status, bool(getattr(me, "can_post_messages", False))
    )
    if refusal is LinkRefusal.NOT_CHANNEL_ADMIN:
        await reply(update, f"Only an administrator of {esc(title)} can link it.")
        return
    if refusal is LinkRefusal.BOT_CANNOT_POST:
        await reply(
            update,
            f"I need to be an administrator of {esc(title)} allowed to post messages: "
            "change my rights in the channel's settings, then try again.",
        )
        return
    now = deps.clock()
    # A channel linked again after removing the bot is woken, and its briefings resume.
    deps.subscriptions.register(target.id, ChatType.CHANNEL, title)
    deps.store.managers.link(target.id, user.id, now)
    await reply(update, channel_linked(title))


async def manage(update: Update, context: BotContext, negated_id: int) -> None:
    """A press of a /channel button: manage that linked channel, or this chat (0)."""
    MANAGING.set("")
    chat = update.effective_chat
    channels = dict(_linked(update, context))
    target = -negated_id if negated_id else None
    if chat is None or (target is not None and target not in channels):
        await reply(update, "That channel is not linked to you.")
        return
    context.deps.store.managers.manage(chat.id, target)
    if target is None:
        await reply(update, "Commands here act on this chat again.")
    else:
        await reply(update, f"Commands here now act on 📣 {esc(channels[target])}.")
