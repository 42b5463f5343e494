"""Following storylines and topics: /follow, /unfollow, /following and the buttons."""

from __future__ import annotations

from telegram import Update

from handlers.common import arguments, chat_settings, find_storyline, parse_id, reply
from handlers.context import BotContext
from handlers.render import esc
from news.models import FollowKind
from news.search import QueryError, parse_query
from news.text import one_line, truncate

FOLLOW_USAGE = (
    "Usage: /follow ID to follow a storyline (e.g. <code>/follow 3</code>), "
    "or /follow WORDS to follow a topic (e.g. <code>/follow climate summit</code>)"
)
UNFOLLOW_USAGE = "Usage: /unfollow ID, /unfollow TOPIC or /unfollow all — see /following"
MAX_TOPIC_CHARS = 100


async def follow_storyline(update: Update, context: BotContext, storyline_id: int) -> None:
    settings = chat_settings(update, context)
    if settings is None:
        return
    deps = context.deps
    storyline = await find_storyline(update, context, storyline_id)
    if storyline is None:
        return
    storyline_id = storyline.id  # an old id of a merged storyline leads to the survivor
    added = deps.store.follows.follow_storyline(settings.chat_id, storyline_id, deps.clock())
    deps.replan(settings.chat_id)
    label = esc(truncate(storyline.label, 160))
    if not added:
        await reply(update, f"You already follow <b>{label}</b>.")
        return
    await reply(
        update,
        f"✅ Following <b>{label}</b> (storyline {storyline_id}).\n"
        f"New articles will be in your briefing at {settings.briefing_time:%H:%M} "
        f"({esc(settings.timezone)}); /briefing shows what is new at any time, "
        f"/story {storyline_id} catches you up.",
    )


async def follow_command(update: Update, context: BotContext) -> None:
    text = one_line(arguments(context))
    storyline_id = parse_id(text)
    if storyline_id is not None:
        await follow_storyline(update, context, storyline_id)
        return
    settings = chat_settings(update, context)
    if settings is None:
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
    added = deps.store.follows.follow_topic(settings.chat_id, text, deps.clock())
    deps.replan(settings.chat_id)
    if not added:
        await reply(update, f"You already follow the topic “{esc(text)}”.")
        return
    await reply(
        update,
        f"✅ Following the topic “{esc(text)}”: storylines that match it, now and later, "
        "will be in your briefings.",
    )


async def unfollow_storyline(update: Update, context: BotContext, storyline_id: int) -> None:
    settings = chat_settings(update, context)
    if settings is None:
        return
    deps = context.deps
    current = deps.store.archive.storyline(storyline_id)
    if current is not None:
        storyline_id = current.id  # an Unfollow button from before a merge
    removed = deps.store.follows.remove_storyline(settings.chat_id, storyline_id)
    deps.replan(settings.chat_id)
    if removed:
        await reply(update, f"Stopped following storyline {storyline_id}.")
    else:
        await reply(update, f"You were not following storyline {storyline_id}.")


async def unfollow_command(update: Update, context: BotContext) -> None:
    text = one_line(arguments(context))
    storyline_id = parse_id(text)
    if storyline_id is not None:
        await unfollow_storyline(update, context, storyline_id)
        return
    settings = chat_settings(update, context)
    if settings is None:
        return
    deps = context.deps
    if not text:
        await reply(update, UNFOLLOW_USAGE)
        return
    if text.lower() == "all":
        removed = deps.store.follows.remove_all(settings.chat_id)
        deps.replan(settings.chat_id)
        await reply(update, f"Stopped following everything ({removed} follow(s)).")
        return
    if deps.store.follows.remove_topic(settings.chat_id, text):
        deps.replan(settings.chat_id)
        await reply(update, f"Stopped following the topic “{esc(text)}”.")
    else:
        await reply(update, f"You were not following the topic “{esc(text)}”. See /following.")


async def following_command(update: Update, context: BotContext) -> None:
    settings = chat_settings(update, context)
    if settings is None:
        return
    deps = context.deps
    follows = deps.store.follows.for_chat(settings.chat_id)
    if not follows:
        await reply(
            update,
            "You follow nothing yet. Find a storyline with /search and press Follow, "
            "or follow a topic: <code>/follow climate summit</code>",
        )
        return
    storylines = {
        s.id: s
        for s in deps.store.archive.storylines(
            [f.storyline_id for f in follows if f.storyline_id is not None]
        )
    }
    lines = ["<b>You follow</b>"]
    for follow in follows:
        if follow.kind is FollowKind.STORYLINE and follow.storyline_id in storylines:
            storyline = storylines[follow.storyline_id]
            lines.append(
                f"• Storyline {storyline.id}: {esc(truncate(storyline.label, 120))} "
                f"({storyline.article_count} articles)"
            )
        elif follow.kind is FollowKind.TOPIC and follow.topic:
            lines.append(f"• Topic: “{esc(follow.topic)}”")
    lines.append("")
    lines.append(
        f"Briefing: {settings.days.value} at {settings.briefing_time:%H:%M} "
        f"({esc(settings.timezone)}). /unfollow ID or TOPIC to stop one."
    )
    await reply(update, "\n".join(lines))
