"""Inline button presses: decoded, checked, and routed to the feature they belong to."""

from __future__ import annotations

from telegram import Update

from handlers import corrections, keyboards
from handlers.admin import add_starter
from handlers.context import BotContext
from handlers.follow import follow_storyline, unfollow_storyline
from handlers.manage import link, manage
from handlers.search import more, send_timeline, show_story


async def button_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    action = keyboards.decode(query.data)
    if action is None or update.effective_chat is None:
        # Forged or stale buttons are answered so the client stops waiting, and change nothing.
        await query.answer("This button is no longer valid.")
        return
    await query.answer()
    match action.kind, action.args:
        case keyboards.FOLLOW, (storyline_id,):
            await follow_storyline(update, context, storyline_id)
        case keyboards.UNFOLLOW, (storyline_id,):
            await unfollow_storyline(update, context, storyline_id)
        case keyboards.STORY, (storyline_id,):
            await show_story(update, context, storyline_id)
        case keyboards.STORY, (storyline_id, offset):
            await show_story(update, context, storyline_id, offset)
        case keyboards.CHART, (storyline_id,):
            await send_timeline(update, context, storyline_id)
        case keyboards.MORE, (query_id, offset):
            await more(update, context, query_id, offset)
        case keyboards.STARTER, ():
            await add_starter(update, context)
        case keyboards.MANAGE, (negated_id,):
            await manage(update, context, negated_id)
        case keyboards.LINK, (negated_id,):
            await link(update, context, str(-negated_id))
        case keyboards.NOT_THIS, (article_id,):
            await corrections.not_this_story(update, context, article_id)
        case keyboards.UNDO, (correction_id,):
            await corrections.undo(update, context, correction_id)
        case keyboards.REPORTING, (storyline_id,):
            await corrections.report_choices(update, context, storyline_id)
        case keyboards.REPORT, (article_id, storyline_id):
            await corrections.report(update, context, article_id, storyline_id)
        case _:
            await query.answer("This button is no longer valid.")
