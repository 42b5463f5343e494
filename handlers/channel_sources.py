"""Channels as sources: posts of the channels an admin enabled become articles (edits revise
them), and /sources lists, adds and removes those channels."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from telegram import Message, MessageOriginChannel, Update

from handlers.common import arguments, is_admin, only_admins, reply
from handlers.context import BotContext
from handlers.render import esc
from news.records import ArticleDraft, ChannelSource
from news.sources.chat_text import long_enough_post
from news.text.cleaning import title_and_body

# Shorter posts are announcements, polls and bare links, not articles.
SOURCES_USAGE = (
    "Usage: /sources or /sources list (the channels I am in), /sources add @channel "
    "(read its posts as articles), /sources remove @channel (stop)"
)
NOT_ALLOWED = only_admins("choose the channels I read")


def post_id(message: Message) -> str:
    """The external id of a channel post's article, to find it again when it is edited."""
    return f"tg:{message.chat.id}:{message.message_id}"


def post_draft(message: Message, source: ChannelSource) -> ArticleDraft | None:
    """The article a post makes (a media post's caption counts as its text), or None when
    it is too short to be one."""
    text = message.text or message.caption or ""
    if not long_enough_post(text):
        return None
    title, body = title_and_body(text)
    source_name, url = source.title, source.post_url(message.message_id)
    origin = message.forward_origin
    # A repost of another channel's post (aggregator channels live on them) is that
    # channel's article: credited to it, and linked to the original when it is public.
    if isinstance(origin, MessageOriginChannel):
        source_name = origin.chat.title or source_name
        if origin.chat.username:
            url = f"https://t.me/{origin.chat.username}/{origin.message_id}"
    return ArticleDraft(
        title=title,
        body=body,
        source=source_name,
        url=url,
        published_at=message.date,
        external_id=post_id(message),
    )


def channel_sources(sources: Sequence[ChannelSource]) -> str:
    """The channels the bot is in, read or not (/sources)."""
    if not sources:
        return (
            "I am in no channel yet. Add me to a channel (as an administrator), then "
            "<code>/sources add @channel</code> to take its posts as articles."
        )
    lines = ["<b>Channels</b>"]
    for source in sources:
        state = "read" if source.enabled else "not read: <code>/sources add</code> to read it"
        lines.append(f"• {esc(source.shown)} — {state}")
    return "\n".join(lines)


async def channel_post(update: Update, context: BotContext) -> None:
    """A post (or an edit) in a channel the bot is in: stored as an article when an admin
    enabled the channel; an edit revises its article (a post grown long enough is added)."""
    message = update.channel_post or update.edited_channel_post
    if message is None:
        return
    chat, deps = message.chat, context.deps
    source = deps.store.channel_sources.seen(
        chat.id, chat.title or "channel", chat.username, deps.clock()
    )
    draft = post_draft(message, source) if source.enabled else None
    if draft is None:
        return
    if update.edited_channel_post is not None:
        revised = deps.ingestor.as_stored(draft, deps.clock())
        if deps.store.archive.revise(post_id(message), revised.title, revised.body):
            return
    await asyncio.to_thread(deps.ingestor.ingest, [(message.message_id, draft)], deps.clock())


async def sources_command(update: Update, context: BotContext) -> None:
    if not is_admin(update, context):
        await reply(update, NOT_ALLOWED)
        return
    channels = context.deps.store.channel_sources
    action, _, name = arguments(context).partition(" ")
    if action in ("", "list"):
        await reply(update, channel_sources(channels.all()))
        return
    if action not in ("add", "remove") or not name.strip():
        await reply(update, SOURCES_USAGE)
        return
    source = channels.find(name)
    if source is None:
        await reply(
            update,
            f"I am not in {esc(name.strip())}: add me to the channel first "
            "(as a member or an administrator), then try again.",
        )
        return
    channels.set_enabled(source.chat_id, action == "add")
    if action == "add":
        await reply(update, f"From now on, posts of {esc(source.shown)} become articles.")
    else:
        await reply(update, f"Posts of {esc(source.shown)} are no longer read.")
