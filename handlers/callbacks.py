"""Inline button presses: decoded, checked, and routed to the feature they belong to."""

from __future__ import annotations

from telegram import Update

from handlers import buttons, corrections
from handlers.admin import add_starter
from handlers.context import BotContext
from handlers.destinations import link, manage
from handlers.follow import follow_storyline, unfollow_storyline
from handlers.search import more, send_timeline, show_story


async def button_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    press = buttons.decode(query.data)
    if press is None or update.effective_chat is None:
        # Forged or stale buttons are answered so the client stops waiting, and change nothing.
        await query.answer("This button is no longer valid.")
        return
    await query.answer()
    match press:
        case buttons.Follow(storyline_id):
            await follow_storyline(update, context, storyline_id)
        case buttons.Unfollow(storyline_id):
            await unfollow_storyline(update, context, storyline_id)
        case buttons.Story(storyline_id, offset):
            await show_story(update, context, storyline_id, offset)
        case buttons.Chart(storyline_id):
            await send_timeline(update, context, storyline_id)
        case buttons.More(query_id, offset):
            await more(update, context, query_id, offset)
        case buttons.AddStarter():
            await add_starter(update, context)
        case buttons.Manage(negated_id):
            await manage(update, context, negated_id)
        case buttons.Link(negated_id):
            await link(update, context, str(-negated_id))
        case buttons.NotThisStory(article_id):
            await corrections.not_this_story(update, context, article_id)
        case buttons.Undo(correction_id):
            await corrections.undo(update, context, correction_id)
        case buttons.ReportChoices(storyline_id):
            await corrections.report_choices(update, context, storyline_id)
        case buttons.Report(article_id, storyline_id):
            await corrections.report(update, context, article_id, storyline_id)
