"""Admin-only commands (ids in NEWSBRIEF_ADMIN_IDS)."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from handlers import keyboards, render
from handlers.common import is_admin, only_admins, parse_id, reply
from handlers.context import BotContext
from handlers.render import esc
from news.sources.opml import starter_feeds
from news.sources.urls import canonical_url

NOT_ADMIN = only_admins("use that command")


async def stats_command(update: Update, context: BotContext) -> None:
    if not is_admin(update, context):
        await reply(update, NOT_ADMIN)
        return
    store = context.deps.store
    chats, active = store.chats.count()
    day_ago = context.deps.clock() - timedelta(days=1)
    stats = render.Stats(
        store.archive.article_count(),
        store.archive.storyline_count(),
        chats,
        active,
        store.follows.count(),
        store.ledger.counts(day_ago),
        context.deps.comparing,
    )
    await reply(update, render.stats(stats))


FEEDS_USAGE = "Usage: /feeds (list), /feeds add URL, /feeds remove ID"


async def feeds_command(update: Update, context: BotContext) -> None:
    if not is_admin(update, context):
        await reply(update, NOT_ADMIN)
        return
    deps = context.deps
    words = (context.args or [])[:2]
    if not words or words[0].lower() == "list":
        if needs_starter(context):
            await offer_starter(update, context)
            return
        await reply(update, render.feed_list(deps.store.feeds.all(), deps.clock()))
        return
    action = words[0].lower()
    if action == "add" and len(words) == 2:
        url = words[1]
        if canonical_url(url) == "":
            await reply(update, "That is not an http(s) address. " + FEEDS_USAGE)
            return
        feed, added = deps.store.feeds.add(url, deps.feed_interval, deps.clock())
        if deps.poller is None:
            await reply(update, f"Feed {feed.id} {'added' if added else 'reactivated'}.")
            return
        report = await deps.poller.poll(feed)
        await reply(
            update,
            f"Feed {feed.id} {'added' if added else 'reactivated'}: {esc(report.line())}",
        )
        return
    if action == "remove" and len(words) == 2 and parse_id(words[1]) is not None:
        removed = deps.store.feeds.remove(parse_id(words[1]) or 0)
        if removed is None:
            await reply(update, f"There is no feed {esc(words[1])}. /feeds lists them.")
        else:
            await reply(update, f"Removed feed {removed.id} ({esc(removed.title or removed.url)}).")
        return
    await reply(update, FEEDS_USAGE)


def needs_starter(context: BotContext) -> bool:
    """Whether the bot has nothing to read yet: no feeds and an empty archive."""
    store = context.deps.store
    return store.archive.article_count() == 0 and not store.feeds.all()


async def offer_starter(update: Update, context: BotContext) -> None:
    """Offer an admin of an empty bot the starter feeds, one tap away."""
    count = len(starter_feeds())
    await reply(update, render.starter_offer(count), keyboards.starter_keyboard(count))


async def add_starter(update: Update, context: BotContext) -> None:
    """The starter offer's button: admins only, as /feeds add."""
    if not is_admin(update, context):
        await reply(update, NOT_ADMIN)
        return
    deps = context.deps
    starter = starter_feeds()
    added = deps.store.feeds.add_many(starter, deps.feed_interval, deps.clock())
    await reply(update, render.starter_added(added, len(starter)))
