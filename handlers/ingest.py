"""Articles from chat: links (/ingest URL or a bare link), forwarded posts and long pastes."""

from __future__ import annotations

import asyncio

from telegram import (
    InlineKeyboardMarkup,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)

from handlers import keyboards, render
from handlers.buttons import Link
from handlers.common import arguments, only_admins, person_of, reply
from handlers.context import BotContext
from news.ingest import NotAnArticle, ingest_url
from news.records import PASTED_SOURCE, ArticleDraft, FetchError, IngestReport
from news.sources.chat_text import looks_like_article, looks_like_url
from news.text.cleaning import title_and_body

INGEST_USAGE = "Usage: /ingest URL — e.g. <code>/ingest https://example.com/news/story</code>"
NOT_ALLOWED = only_admins("add articles")


def may_ingest(update: Update, context: BotContext) -> bool:
    return context.deps.rights.may_add_articles(person_of(update))


def forward_source(message: Message) -> str | None:
    """Who a forwarded message comes from, or None when it is not a forward."""
    origin = message.forward_origin
    if origin is None:
        return None
    if isinstance(origin, MessageOriginChannel):
        return origin.chat.title or "channel"
    if isinstance(origin, MessageOriginChat):
        return origin.sender_chat.title or "group"
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.full_name
    if isinstance(origin, MessageOriginHiddenUser):
        return origin.sender_user_name
    return "forwarded"


def _added(report: IngestReport, draft: ArticleDraft, context: BotContext) -> str:
    storyline_id = None
    if report.imported:
        article = context.deps.store.archive.articles(report.article_ids)[0]
        storyline_id = article.storyline_id
    return render.article_added(draft.title, draft.source, storyline_id)


async def add_link(update: Update, context: BotContext, url: str) -> None:
    deps = context.deps
    if deps.fetcher is None:
        await reply(update, "Fetching links is not available here.")
        return
    try:
        report, draft = await ingest_url(url, deps.fetcher, deps.ingestor, deps.clock())
    except FetchError as exc:
        await reply(update, f"Could not fetch that link: {render.esc(str(exc))}")
        return
    except NotAnArticle as exc:
        await reply(update, f"Nothing to add: {render.esc(str(exc))}.")
        return
    await reply(update, _added(report, draft, context))


async def ingest_command(update: Update, context: BotContext) -> None:
    if not may_ingest(update, context):
        await reply(update, NOT_ALLOWED)
        return
    url = arguments(context)
    if not looks_like_url(url):
        await reply(update, INGEST_USAGE)
        return
    await add_link(update, context, url)


def _link_offer(message: Message) -> InlineKeyboardMarkup | None:
    """A forward from a channel offers to brief that channel (its admins may link it)."""
    origin = message.forward_origin
    if not isinstance(origin, MessageOriginChannel):
        return None
    title = origin.chat.title or "this channel"
    return keyboards.keyboard([[keyboards.button(f"📣 Brief {title[:40]}", Link(-origin.chat.id))]])


async def add_text(update: Update, context: BotContext, text: str, source: str) -> None:
    title, body = title_and_body(text)
    draft = ArticleDraft(title=title, body=body, source=source)
    deps = context.deps
    ingestor = deps.ingestor
    report = await asyncio.to_thread(ingestor.ingest, [(1, draft)], deps.clock())
    message = update.effective_message
    markup = _link_offer(message) if message else None
    await reply(update, _added(report, draft, context), markup)


async def private_text(update: Update, context: BotContext) -> bool:
    """Take a link, forward or long paste as an article. False when the text is a question."""
    message = update.effective_message
    if message is None or not message.text:
        return False
    text = message.text
    source = forward_source(message)
    if source is None and not looks_like_url(text) and not looks_like_article(text):
        return False
    if not may_ingest(update, context):
        if source is not None or looks_like_url(text):
            await reply(
                update, NOT_ALLOWED + " Ask me about a topic instead.", _link_offer(message)
            )
            return True
        return False
    if looks_like_url(text) and source is None:
        await add_link(update, context, text.strip())
    else:
        await add_text(update, context, text, source or PASTED_SOURCE)
    return True
