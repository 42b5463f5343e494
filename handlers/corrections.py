"""Corrections in chat: /merge, /move, /label, the "Not this story" and Undo buttons, the
/corrections log, and Report, which tells the admins when a reader without the right finds a
wrong article.

Admins may correct anywhere; with NEWSBRIEF_OPEN_CORRECTIONS every reader may in a private
chat. A reader who is not an admin may undo only their own corrections.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import TelegramError

from handlers import keyboards
from handlers.common import (
    arguments,
    in_chat,
    may_correct,
    only_admins,
    parse_id,
    person_of,
    reply,
)
from handlers.context import BotContext
from handlers.render import esc, local_time
from news.chats.reports import Reports
from news.records import ChatSettings, Correction, CorrectionKind
from news.storylines.corrections import Corrected, CorrectionError, Editor
from news.text.cleaning import truncate

log = logging.getLogger(__name__)

MERGE_USAGE = "Usage: /merge A B — storyline B joins storyline A, which keeps its number"
MOVE_USAGE = (
    "Usage: /move ARTICLE ID — the article's number (shown in /story to those who may "
    "correct) and the storyline it belongs in"
)
LABEL_USAGE = "Usage: /label ID TEXT — e.g. <code>/label 3 Aceh earthquake</code>"
LOG_LENGTH = 10
UNDO_BUTTONS = 6
NOT_ALLOWED = only_admins(
    "correct storylines here", "Use the ⚑ Report button under /story to tell them."
)


@in_chat
async def _correct(
    update: Update,
    context: BotContext,
    settings: ChatSettings,
    change: Callable[[Editor, str], Corrected],
) -> None:
    """Make a correction in a worker thread and answer with what changed and an Undo button."""
    editor = context.deps.editor
    if editor is None:
        return
    if not may_correct(update, context):
        await reply(update, NOT_ALLOWED)
        return
    try:
        done = await asyncio.to_thread(change, editor, person_of(update).signature)
    except CorrectionError as exc:
        await reply(update, f"Nothing changed: {esc(str(exc))}.")
        return
    await reply(
        update,
        f"✂ {esc(done.summary)}.",
        keyboards.correction_keyboard(done.correction_id, done.storyline_id),
    )


def _ids(context: BotContext) -> list[int | None]:
    return [parse_id(part) for part in arguments(context).split()]


async def merge_command(update: Update, context: BotContext) -> None:
    ids = _ids(context)
    if len(ids) < 2 or None in ids:
        await reply(update, MERGE_USAGE)
        return
    into, *others = (i for i in ids if i is not None)
    now = context.deps.clock()
    await _correct(update, context, lambda e, by: e.merge(into, others, by, now))


async def move_command(update: Update, context: BotContext) -> None:
    ids = _ids(context)
    if len(ids) != 2 or None in ids:
        await reply(update, MOVE_USAGE)
        return
    article, storyline = (i for i in ids if i is not None)
    now = context.deps.clock()
    await _correct(update, context, lambda e, by: e.move(article, storyline, by, now))


async def label_command(update: Update, context: BotContext) -> None:
    storyline_text, _, text = arguments(context).partition(" ")
    storyline = parse_id(storyline_text)
    if storyline is None or not text.strip():
        await reply(update, LABEL_USAGE)
        return
    now = context.deps.clock()
    await _correct(update, context, lambda e, by: e.label(storyline, text, by, now))


async def not_this_story(update: Update, context: BotContext, article_id: int) -> None:
    """The "✂ Not this story" button: the article goes where it fits best, or alone."""
    now = context.deps.clock()
    await _correct(update, context, lambda e, by: e.move_out(article_id, by, now))


@in_chat
async def undo(
    update: Update, context: BotContext, settings: ChatSettings, correction_id: int
) -> None:
    deps = context.deps
    editor = deps.editor
    if editor is None:
        return
    correction = deps.store.corrections.get(correction_id)
    if not deps.rights.may_undo(person_of(update), correction):
        await reply(update, "Only an admin, or whoever made it, may undo a correction.")
        return
    try:
        done = await asyncio.to_thread(editor.undo, correction_id, deps.clock())
    except CorrectionError as exc:
        await reply(update, f"Nothing changed: {esc(str(exc))}.")
        return
    await reply(update, f"↩ {esc(done.summary)}.", keyboards.story_button(done.storyline_id))


@in_chat
async def corrections_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    """The latest corrections (a reader's own, when not an admin), with Undo buttons for those
    still standing."""
    if not may_correct(update, context):
        await reply(update, NOT_ALLOWED)
        return
    by = context.deps.rights.corrections_shown(person_of(update))
    log = context.deps.store.corrections.recent(LOG_LENGTH, by)
    if not log:
        await reply(update, "No corrections yet.")
        return
    lines = [
        f"{c.id}. {esc(_described(c))} — {esc(c.made_by)}, "
        f"{local_time(c.made_at, settings.timezone)}" + (" <i>(undone)</i>" if c.undone_at else "")
        for c in log
    ]
    standing = [c.id for c in log if c.undone_at is None][:UNDO_BUTTONS]
    heading = "<b>Latest corrections</b>" if by is None else "<b>Your latest corrections</b>"
    await reply(update, "\n".join([heading, *lines]), keyboards.undo_keyboard(standing))


def _described(correction: Correction) -> str:
    what, storyline = correction.changed, correction.storyline_id
    match correction.kind:
        case CorrectionKind.MERGE:
            return f"merged {what} into storyline {storyline}"
        case CorrectionKind.SPLIT:
            return f"split {what} off storyline {storyline}"
        case CorrectionKind.MOVE:
            return f"moved {what} to storyline {storyline}"
    return f"labelled storyline {storyline}: {truncate(what, 80)}"


@in_chat
async def report_choices(
    update: Update, context: BotContext, settings: ChatSettings, storyline_id: int
) -> None:
    """A reader's ⚑ Report: the storyline's latest articles, one button each."""
    deps = context.deps
    articles = deps.store.archive.storyline_articles(storyline_id, 5, until=deps.clock())
    if not articles:
        await reply(update, f"There is no storyline {storyline_id}.")
        return
    await reply(
        update,
        "Which article does not belong in this storyline? The admins will be told.",
        keyboards.report_keyboard(storyline_id, [(a.id, a.title) for a in articles]),
    )


@in_chat
async def report(
    update: Update, context: BotContext, settings: ChatSettings, article_id: int, storyline_id: int
) -> None:
    """Tell every admin that a reader found an article in the wrong storyline (once a day for
    each article, however many readers report it)."""
    deps = context.deps
    reports = Reports(deps.store.archive, deps.store.corrections, deps.clock)
    done = await asyncio.to_thread(reports.report, article_id, storyline_id, settings.chat_id)
    article, storyline = done.article, done.storyline
    if article is None or storyline is None:
        await reply(update, "That article has moved already; thank you all the same.")
        return
    if not done.news:
        await reply(update, "⚑ Thank you: the admins were told of this article already.")
        return
    text = (
        f"⚑ A reader reports that “{esc(truncate(article.title, 150))}” (article {article.id}) "
        f"is not part of storyline {storyline.id}, <b>{esc(truncate(storyline.label, 150))}</b>."
    )
    told = 0
    for admin in sorted(deps.admin_ids):
        try:
            await context.bot.send_message(
                admin, text, reply_markup=keyboards.reported_keyboard(article.id, storyline.id)
            )
            told += 1
        except TelegramError as exc:
            log.warning("could not tell admin %s of a report: %s", admin, exc)
    await reply(
        update,
        "⚑ Thank you: the admins were told." if told else "⚑ Thank you; no admin could be told.",
    )
