"""Following storylines and topics: /follow, /unfollow, /following and the buttons."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import Update

from handlers import render
from handlers.common import arguments, find_storyline, in_chat, parse_id, reply
from handlers.context import BotContext
from handlers.render import esc
from handlers.wording import plural
from news.records import ChatSettings, Storyline
from news.search.ranking import QueryError, parse_query, search
from news.text.cleaning import one_line, truncate

FOLLOW_USAGE = (
    "Usage: /follow ID to follow a storyline (e.g. <code>/follow 3</code>), "
    "or /follow WORDS to follow a topic (e.g. <code>/follow climate summit</code>)"
)
UNFOLLOW_USAGE = "Usage: /unfollow ID, /unfollow TOPIC or /unfollow all — see /following"
MAX_TOPIC_CHARS = 100


@in_chat
async def follow_storyline(
    update: Update, context: BotContext, settings: ChatSettings, storyline_id: int
) -> None:
    deps = context.deps
    storyline = await find_storyline(update, context, storyline_id)
    if storyline is None:
        return
    # storyline.id, not storyline_id: an old id of a merged storyline leads to the survivor.
    added = deps.subscriptions.follow_storyline(settings.chat_id, storyline.id)
    await reply(update, render.following_storyline(storyline, settings, added))


@in_chat
async def follow_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    text = one_line(arguments(context))
    storyline_id = parse_id(text)
    if storyline_id is not None:
        await follow_storyline(update, context, storyline_id)
        return
    if not text:
        await reply(update, FOLLOW_USAGE)
        return
    if len(text) > MAX_TOPIC_CHARS:
        await reply(update, f"That topic is too long; keep it under {MAX_TOPIC_CHARS} characters.")
        return
    deps = context.deps
    try:
        parse_query(text, deps.clock())
    except QueryError as exc:
        await reply(update, esc(str(exc)))
        return
    added = deps.subscriptions.follow_topic(settings.chat_id, text)
    now = deps.clock()
    found = search(deps.store.archive, text, now, limit=3, meaning=deps.meaning) if added else []
    matching = [r.storyline for r in found if not r.by_meaning]
    closest = [r.storyline for r in found if r.by_meaning]
    await reply(update, following_topic(text, added, bool(matching) or not added, closest))


@in_chat
async def unfollow_storyline(
    update: Update, context: BotContext, settings: ChatSettings, storyline_id: int
) -> None:
    deps = context.deps
    current = deps.store.archive.storyline(storyline_id)
    if current is not None:
        storyline_id = current.id  # an Unfollow button from before a merge
    removed = deps.subscriptions.unfollow_storyline(settings.chat_id, storyline_id)
    if removed:
        await reply(update, f"Stopped following storyline {storyline_id}.")
    else:
        await reply(update, f"You were not following storyline {storyline_id}.")


@in_chat
async def unfollow_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    text = one_line(arguments(context))
    storyline_id = parse_id(text)
    if storyline_id is not None:
        await unfollow_storyline(update, context, storyline_id)
        return
    deps = context.deps
    if not text:
        await reply(update, UNFOLLOW_USAGE)
        return
    if text.lower() == "all":
        removed = deps.subscriptions.unfollow_all(settings.chat_id)
        await reply(update, f"Stopped following everything ({plural(removed, 'follow')}).")
        return
    if deps.subscriptions.unfollow_topic(settings.chat_id, text):
        await reply(update, f"Stopped following the topic “{esc(text)}”.")
    else:
        await reply(update, f"You were not following the topic “{esc(text)}”. See /following.")


@in_chat
async def following_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    deps = context.deps
    follows = deps.store.follows.for_chat(settings.chat_id)
    muted = deps.store.mutes.for_chat(settings.chat_id)
    if not follows:
        nothing = (
            "You follow nothing yet. Find a storyline with /search and press Follow, "
            "or follow a topic: <code>/follow climate summit</code>"
        )
        await reply(update, render.with_muted(nothing, muted))
        return
    ids = [f.storyline_id for f in follows if f.storyline_id is not None]
    storylines = {s.id: s for s in deps.store.archive.storylines(ids)}
    await reply(update, render.follows_list(follows, storylines, settings, muted))


def following_topic(
    topic: str, added: bool, matches_now: bool = True, closest: Sequence[Storyline] = ()
) -> str:
    """The answer to following a topic: true about whether anything matches it yet, with the
    storylines closest in meaning when nothing does."""
    if not added:
        return f"You already follow the topic “{esc(topic)}”."
    if matches_now:
        return (
            f"✅ Following the topic “{esc(topic)}”: storylines that match it, now and later, "
            "will be in your briefings."
        )
    lines = [
        f"✅ Following the topic “{esc(topic)}”. Nothing matches it yet: storylines that do "
        "will be in your briefings as they come."
    ]
    if closest:
        lines += ["", "Closest in meaning now:"]
        lines += [f"• {esc(truncate(s.label, 120))} — /story {s.id}" for s in closest]
    return "\n".join(lines)
