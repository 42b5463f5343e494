"""/start, /help, /stop and the hint for unknown commands."""

from __future__ import annotations

from telegram import Update

from handlers import render
from handlers.admin import needs_starter, offer_starter
from handlers.common import in_chat, is_admin, may_correct, reply
from handlers.context import BotContext
from handlers.render import esc
from handlers.wording import plural
from news.records import ChatSettings

COMMANDS: list[tuple[str, str]] = [
    ("search", "find storylines: /search ukraine peace talks"),
    ("story", "one storyline with its latest articles: /story 12"),
    ("follow", "follow a storyline (/follow 12) or a topic (/follow climate summit)"),
    ("unfollow", "stop following: /unfollow 12, /unfollow climate summit, /unfollow all"),
    ("following", "what you follow"),
    ("briefing", "your briefing now: what is new since the last one"),
    ("settings", "briefing time, time zone, days, quiet mode"),
    ("mute", "mute a source or a word: /mute source NAME, /mute word WORD"),
    ("channel", "brief your channel: /channel @name links it, /channel switches"),
    ("muted", "what you muted; /unmute to undo"),
    ("stop", "stop all briefings and forget your follows"),
    ("help", "this list"),
]

ADMIN_COMMANDS: list[tuple[str, str]] = [
    ("feeds", "the feeds I poll: /feeds add URL, /feeds remove ID"),
    ("sources", "channels whose posts become articles: /sources add @channel"),
    ("ingest", "add the article at a link: /ingest URL"),
    ("stats", "how much I hold and how I am doing"),
]
CORRECTION_COMMANDS: list[tuple[str, str]] = [
    ("merge", "merge storylines: /merge 3 7 (7 joins 3)"),
    ("move", "move an article: /move ARTICLE STORYLINE"),
    ("label", "name a storyline: /label 3 Aceh earthquake"),
    ("corrections", "the latest corrections, with Undo"),
]


def help_text(admin: bool = False, corrections: bool = False) -> str:
    """The commands this person may use: an admin's and a corrector's too."""
    lines = ["<b>newsbrief</b> reads the news for you and groups it into storylines.", ""]
    lines += [f"/{name} — {esc(text)}" for name, text in COMMANDS]
    if corrections or admin:
        lines += ["", "<b>Corrections</b>"]
        lines += [f"/{name} — {esc(text)}" for name, text in CORRECTION_COMMANDS]
    if admin:
        lines += ["", "<b>For admins</b>"]
        lines += [f"/{name} — {esc(text)}" for name, text in ADMIN_COMMANDS]
    lines += ["", "In a private chat you can also just type a question."]
    return "\n".join(lines)


def help_for(update: Update, context: BotContext) -> str:
    return help_text(is_admin(update, context), may_correct(update, context))


@in_chat
async def start(update: Update, context: BotContext, settings: ChatSettings) -> None:
    await reply(
        update,
        "👋 <b>Welcome to newsbrief.</b>\n"
        "Ask me about any topic (try <code>/search earthquake</code>), follow the storylines "
        "you care about, and I will send you a briefing with only what is new, every day at "
        f"{render.times(settings)} ({esc(settings.timezone)}). "
        "Change that with /settings.\n\n" + help_for(update, context),
    )
    if is_admin(update, context) and needs_starter(context):
        await offer_starter(update, context)


async def help_command(update: Update, context: BotContext) -> None:
    await reply(update, help_for(update, context))


@in_chat
async def stop(update: Update, context: BotContext, settings: ChatSettings) -> None:
    removed = context.deps.subscriptions.unfollow_all(settings.chat_id)
    await reply(
        update,
        f"Stopped. I removed {plural(removed, 'follow')} and will send no more briefings. "
        "Follow something again whenever you like.",
    )


async def unknown_command(update: Update, context: BotContext) -> None:
    await reply(update, "I don't know that command. /help lists what I can do.")
