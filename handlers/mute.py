"""/mute, /unmute and /muted: sources and words a chat never wants to see."""

from __future__ import annotations

from telegram import Update

from handlers import render
from handlers.common import arguments, in_chat, reply
from handlers.context import BotContext
from handlers.render import esc
from handlers.wording import plural
from news.records import ChatSettings, MuteKind
from news.text.cleaning import one_line

MUTE_USAGE = (
    "Usage: /mute source NAME (e.g. <code>/mute source Daily Mail</code>) or "
    "/mute word WORD (e.g. <code>/mute word celebrity</code>) — see /muted"
)
UNMUTE_USAGE = "Usage: /unmute source NAME, /unmute word WORD or /unmute all — see /muted"
MAX_MUTED_CHARS = 60


def _parsed(text: str) -> tuple[MuteKind, str] | None:
    """(kind, value) of `source NAME` or `word WORD`; None when it is neither."""
    kind, _, value = one_line(text).partition(" ")
    value = value.strip()
    if kind.lower() not in ("source", "word") or not value or len(value) > MAX_MUTED_CHARS:
        return None
    if kind.lower() == "word" and " " in value:
        return None  # one word at a time: a phrase would mute far less than it seems to
    return MuteKind(kind.lower()), value


@in_chat
async def mute_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    parsed = _parsed(arguments(context))
    if parsed is None:
        await reply(update, MUTE_USAGE)
        return
    kind, value = parsed
    deps = context.deps
    seen = True
    if kind is MuteKind.SOURCE:
        # Outlets are muted by their whole name: a part of one would mute nothing.
        named = deps.store.archive.outlets_named(value)
        if named and named[0].lower() == value.lower():
            value = named[0]
        elif named:
            await reply(update, _did_you_mean(value, named))
            return
        else:
            seen = False
    added = deps.store.mutes.add(settings.chat_id, kind, value, deps.clock())
    text = render.muted_now(kind, value, added)
    if added and not seen:
        text += f"\nNo outlet called “{esc(value)}” has been seen yet: it is muted for when it is."
    await reply(update, text)


def _did_you_mean(value: str, named: list[str]) -> str:
    offers = "\n".join(f"• <code>/mute source {esc(name)}</code>" for name in named)
    return f"No outlet is called “{esc(value)}”. Did you mean one of these?\n{offers}"


@in_chat
async def unmute_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    text, deps = arguments(context), context.deps
    if text.lower() == "all":
        removed = deps.store.mutes.remove_all(settings.chat_id)
        await reply(update, f"Unmuted everything ({plural(removed, 'mute')}).")
        return
    parsed = _parsed(text)
    if parsed is None:
        await reply(update, UNMUTE_USAGE)
        return
    kind, value = parsed
    removed = deps.store.mutes.remove(settings.chat_id, kind, value)
    await reply(update, render.unmuted(kind, value, removed))


@in_chat
async def muted_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    await reply(update, render.muted_list(context.deps.store.mutes.for_chat(settings.chat_id)))
