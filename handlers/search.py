"""Topic search: /search, plain text in private chats, the More button, and /story."""

from __future__ import annotations

import asyncio

from telegram import Update

from handlers import figure_lines, keyboards, render
from handlers.chart import timeline_png
from handlers.common import (
    arguments,
    find_storyline,
    in_chat,
    may_correct,
    parse_id,
    reply,
)
from handlers.context import BotContext
from handlers.ingest import private_text
from handlers.wording import plural
from news.records import ChatSettings
from news.search.ranking import QueryError, search
from news.search.summary import summarize
from news.storylines.figures import daily_figures, figure_reports, figures_of
from news.storylines.timeline import daily_counts
from news.text.cleaning import truncate

SEARCH_USAGE = "Usage: /search WORDS — for example <code>/search earthquake rescue</code>"
STORY_USAGE = "Usage: /story ID — the number shown next to a storyline, e.g. <code>/story 3</code>"
STORY_ARTICLES = 6


@in_chat
async def answer_query(
    update: Update, context: BotContext, settings: ChatSettings, text: str, offset: int = 0
) -> None:
    deps = context.deps
    now = deps.clock()
    page = deps.results_per_page
    # One more than a page tells whether a More button is needed.
    try:
        muted = deps.store.mutes.for_chat(settings.chat_id)
        results = search(deps.store.archive, text, now, page + 1, offset, muted, deps.meaning)
    except QueryError as exc:
        await reply(update, render.esc(str(exc)))
        return
    shown = results[:page]
    if not shown and not offset and muted:
        # Nothing shown: say so when the chat's own mutes are why, not "try other words".
        hidden = search(deps.store.archive, text, now, page, 0, meaning=deps.meaning)
        if hidden:
            await reply(update, render.hidden_by_mutes(text, len(hidden), page))
            return
    query_id = deps.store.queries.remember(settings.chat_id, text, now) if shown else 0
    next_offset = offset + page if len(results) > page else None
    markup = keyboards.search_keyboard([r.storyline.id for r in shown], query_id, next_offset)
    await reply(update, render.search_results(text, shown, offset, now), markup)


async def search_command(update: Update, context: BotContext) -> None:
    text = arguments(context)
    if not text:
        await reply(update, SEARCH_USAGE)
        return
    await answer_query(update, context, text)


async def free_text(update: Update, context: BotContext) -> None:
    """Plain text in a private chat: a link, forward or long paste adds an article; the rest
    is a question."""
    message = update.effective_message
    if message is None or not message.text:
        return
    if await private_text(update, context):
        return
    await answer_query(update, context, message.text)


@in_chat
async def more(
    update: Update, context: BotContext, settings: ChatSettings, query_id: int, offset: int
) -> None:
    text = context.deps.store.queries.recall(settings.chat_id, query_id)
    if text is None:
        await reply(update, "That search has expired; please search again.")
        return
    await answer_query(update, context, text, offset)


@in_chat
async def show_story(
    update: Update, context: BotContext, settings: ChatSettings, storyline_id: int, offset: int = 0
) -> None:
    deps = context.deps
    now = deps.clock()
    storyline = await find_storyline(update, context, storyline_id)
    if storyline is None:
        return
    storyline_id = storyline.id  # an old id of a merged storyline leads to the survivor
    # One more than a page tells whether there are older articles to show.
    articles = deps.store.archive.storyline_articles(
        storyline_id, STORY_ARTICLES + 1, until=now, offset=offset
    )
    older = offset + STORY_ARTICLES if len(articles) > STORY_ARTICLES else None
    articles = articles[:STORY_ARTICLES]
    following = any(
        f.storyline_id == storyline_id for f in deps.store.follows.for_chat(settings.chat_id)
    )
    # Those who may correct see each article's number (for /move) and a button to move it out.
    numbered = may_correct(update, context)
    if offset:
        text = render.story_page(storyline, articles, offset, now, numbered)
    else:
        summary = summarize(articles, max_sentences=2)
        figures = figures_of(deps.store.archive, storyline, now)
        told = figure_lines.history(figures, settings.timezone)
        told += figure_lines.disputes(figures, only_new=False)
        text = render.story(storyline, summary, articles, now, numbered, told)
    listed = [(a.id, a.title) for a in articles] if storyline.article_count > 1 else []
    markup = keyboards.story_keyboard(storyline_id, following, older, listed, numbered)
    await reply(update, text, markup)


TIMELINE_ARTICLES = 2000


@in_chat
async def send_timeline(
    update: Update, context: BotContext, settings: ChatSettings, storyline_id: int
) -> None:
    """The storyline's articles per day by source, as a picture."""
    deps = context.deps
    storyline = await find_storyline(update, context, storyline_id)
    if storyline is None:
        return
    storyline_id = storyline.id  # an old id of a merged storyline leads to the survivor
    articles = deps.store.archive.storyline_articles(
        storyline_id, TIMELINE_ARTICLES, until=deps.clock()
    )
    timeline = daily_counts(articles)
    lines = daily_figures(figure_reports(articles), timeline.days)
    png = await asyncio.to_thread(timeline_png, timeline, storyline.label, lines)
    await context.bot.send_photo(
        settings.chat_id,
        png,
        caption=f"🧵 {render.esc(truncate(storyline.label, 200))}: "
        f"{plural(timeline.total, 'article')} over {plural(len(timeline.days), 'day')}"
        ", by source" + (f"; lines: {', '.join(lines)} as reported" if lines else ""),
    )


async def story_command(update: Update, context: BotContext) -> None:
    storyline_id = parse_id(arguments(context))
    if storyline_id is None:
        await reply(update, STORY_USAGE)
        return
    await show_story(update, context, storyline_id)
