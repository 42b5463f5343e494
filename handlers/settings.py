"""/settings: briefing time, time zone, days and quiet mode."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from telegram import Update

from handlers import render
from handlers.common import arguments, in_chat, reply
from handlers.context import BotContext
from handlers.render import esc
from handlers.wording import in_words
from news.briefings.schedule import MAX_SLOTS, clock_time, next_due
from news.briefings.timezones import resolve_timezone
from news.records import ChatSettings, Days, Muted

USAGE = (
    "Usage:\n"
    "<code>/settings time 07:30</code> — when your briefing arrives (up to four a day: "
    "<code>/settings time 07:30 18:00</code>)\n"
    "<code>/settings tz Europe/Kyiv</code> — your time zone (IANA name or a city)\n"
    "<code>/settings days daily</code> | <code>weekdays</code> | <code>weekly mon</code>\n"
    "<code>/settings quiet on</code> | <code>off</code> — stay silent when nothing is new"
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def describe(settings: ChatSettings, muted: Muted) -> str:
    days = settings.days.value
    if settings.days is Days.WEEKLY:
        days = f"weekly on {WEEKDAYS[settings.weekly_day].capitalize()}"
    return render.chat_settings(settings, days, muted)


def apply(settings: ChatSettings, words: list[str]) -> ChatSettings | str:
    """The settings with one change applied, or an error line for the user."""
    key, values = words[0].lower(), words[1:]
    value = " ".join(values)
    if key == "time":
        times = [clock_time(text) for text in values]
        if not values or len(values) > MAX_SLOTS or None in times:
            return (
                f"Give one to {in_words(MAX_SLOTS)} times as HH:MM, "
                "e.g. <code>/settings time 07:30</code> "
                "or <code>/settings time 07:30 18:00</code>"
            )
        chosen = sorted({at for at in times if at is not None})
        return replace(settings, briefing_times=tuple(chosen))
    if key in ("tz", "timezone", "zone"):
        zone = resolve_timezone(value)
        if zone is None:
            return (
                f"I don't know the time zone “{esc(value[:64])}”. Use an IANA name like "
                "<code>Europe/Kyiv</code> or a city like <code>Berlin</code>."
            )
        return replace(settings, timezone=zone)
    if key == "days":
        choice = values[0].lower() if values else ""
        if choice in ("daily", "weekdays"):
            return replace(settings, days=Days(choice))
        if choice == "weekly":
            day = values[1].lower()[:3] if len(values) > 1 else WEEKDAYS[settings.weekly_day]
            if day not in WEEKDAYS:
                return "Name the day: <code>/settings days weekly mon</code>"
            return replace(settings, days=Days.WEEKLY, weekly_day=WEEKDAYS.index(day))
        return "Days are daily, weekdays or weekly DAY, e.g. <code>/settings days weekly fri</code>"
    if key == "quiet":
        if value.lower() in ("on", "yes", "true"):
            return replace(settings, quiet_when_empty=True)
        if value.lower() in ("off", "no", "false"):
            return replace(settings, quiet_when_empty=False)
        return "Quiet is on or off: <code>/settings quiet off</code>"
    return USAGE


@in_chat
async def settings_command(update: Update, context: BotContext, settings: ChatSettings) -> None:
    words = arguments(context).split()
    muted = context.deps.store.mutes.for_chat(settings.chat_id)
    if not words:
        await reply(update, f"⚙️ <b>Your settings</b>\n{describe(settings, muted)}\n\n{USAGE}")
        return
    changed = apply(settings, words)
    if isinstance(changed, str):
        await reply(update, changed)
        return
    deps = context.deps
    deps.subscriptions.change_settings(changed)
    due = next_due(changed, deps.clock()).at
    await reply(
        update,
        f"✅ Saved.\n{describe(changed, muted)}\n"
        f"Next briefing: {due.astimezone(ZoneInfo(changed.timezone)):%a %d %b %H:%M}.",
    )
