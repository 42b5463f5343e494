"""Admin-only commands (ids in NEWSBRIEF_ADMIN_IDS)."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from handlers.common import is_admin, parse_id, reply
from handlers.context import BotContext
from handlers.render import esc
from news.feeds import health
from news.models import Feed
from news.text import truncate
from news.urls import canonical_url

NOT_ADMIN = "Sorry, that command is for the bot's admins."


async def stats_command(update: Update, context: BotContext) -> None:
    if not is_admin(update, context):
        await reply(update, NOT_ADMIN)
        return
    store = context.deps.store
    chats, active = store.chats.count()
    now = context.deps.clock()
    await reply(
        update,
        "<b>Stats</b>\n"
        f"Articles: {store.archive.article_count()}\n"
        f"Storylines: {store.archive.storyline_count()}\n"
        f"Chats: {chats} ({active} active)\n"
        f"Follows: {store.follows.count()}\n"
        f"Briefings in the last 24 h: {_counts(store.ledger.counts(now - timedelta(days=1)))}",
    )


def _counts(by_status: dict[str, int]) -> str:
    if not by_status:
        return "none"
    return ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))


FEEDS_USAGE = "Usage: /feeds (list), /feeds add URL, /feeds remove ID"


async def feeds_command(update: Update, context: BotContext) -> None:
    if not is_admin(update, context):
        await reply(update, NOT_ADMIN)
        return
    deps = context.deps
    words = (context.args or [])[:2]
    if not words or words[0].lower() == "list":
        await reply(update, feed_list(deps.store.feeds.all(), deps.clock()))
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


def feed_list(feeds: list[Feed], now: datetime) -> str:
    if not feeds:
        return "No feeds yet. Add one: <code>/feeds add https://example.com/rss</code>"
    lines = ["<b>Feeds</b>"]
    for feed in feeds:
        lines.append(
            f"{feed.id}. {esc(truncate(feed.title or feed.url, 60))} — {esc(health(feed, now))}"
        )
    return "\n".join(lines)
