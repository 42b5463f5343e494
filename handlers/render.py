"""Rendering to Telegram HTML: everything escaped, links http(s) only, messages split in time.

Telegram accepts only a few tags and the entities &lt; &gt; &amp; &quot; (and numeric ones);
one stray "<" or "&" makes it reject the whole message.
See https://core.telegram.org/bots/api#html-style
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import figure_lines
from handlers.wording import ago, language_names, plural
from news.briefings.compose import Briefing, BriefingItem
from news.records import (
    Article,
    ChatSettings,
    Feed,
    Follow,
    FollowKind,
    Muted,
    MuteKind,
    Storyline,
)
from news.search.ranking import SearchResult
from news.search.summary import Quote
from news.sources.feeds import health
from news.text.cleaning import truncate

MAX_MESSAGE_UNITS = 4096  # UTF-16 code units of visible text
# Room kept for the header and joins, so a split message never lands right at the limit.
SPLIT_BUDGET = 3800
MAX_SENTENCE_CHARS = 400  # summaries quote shorter sentences; this only guards the limit


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def link(url: str, text: str) -> str:
    """An <a> for http(s) URLs; anything else (javascript:, tg://) becomes plain text."""
    if not re.match(r"^https?://[^\s<>\"]+$", url):
        return esc(text)
    return f'<a href="{html.escape(url, quote=True)}">{esc(text)}</a>'


_TAG = re.compile(r"<[^>]+>")


def visible_text(message: str) -> str:
    """The text Telegram shows for an HTML message (tags gone, entities decoded)."""
    return html.unescape(_TAG.sub("", message))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def local_time(moment: datetime, timezone: str) -> str:
    return moment.astimezone(ZoneInfo(timezone)).strftime("%a %d %b, %H:%M")


def counts_line(storyline: Storyline) -> str:
    return (
        f"{plural(storyline.article_count, 'article')} · {plural(storyline.source_count, 'source')}"
    )


def hidden_by_mutes(query: str, count: int, page: int) -> str:
    found = plural(count, "storyline") if count < page else f"{count} or more storylines"
    return (
        f"Nothing to show for “{esc(truncate(query, 80))}”: your muted sources or words hide "
        f"the {found} it finds. /muted lists them; /unmute … shows them again."
    )


def search_results(query: str, results: Sequence[SearchResult], offset: int, now: datetime) -> str:
    if not results:
        if offset:
            return f"No more storylines for “{esc(truncate(query, 80))}”."
        return (
            f"Nothing found for “{esc(truncate(query, 80))}”.\n"
            "Try fewer or other words, e.g. a place or a name."
        )
    lines = [f"🔎 <b>Storylines for “{esc(truncate(query, 80))}”</b>"]
    for result in results:
        storyline = result.storyline
        lines.append("")
        # Numbered by storyline id, not rank: the number on screen is the one /follow takes.
        lines.append(f"<b>#{storyline.id} {esc(truncate(storyline.label, 160))}</b>")
        if result.summary:
            lines.append(esc(" ".join(result.summary)))
        abroad = result.languages and tuple(result.languages) != ("en",)
        told_in = f" · in {language_names(result.languages)}" if abroad else ""
        meant = " · close in meaning" if result.by_meaning else ""
        seen = result.counts  # what the reader sees: muted articles are not counted
        counted = f"{plural(seen.articles, 'article')} · {plural(seen.sources, 'source')}"
        lines.append(
            f"<i>{counted}{told_in} · updated {ago(seen.last_seen, now)}"
            f"{meant}</i> · /story {storyline.id}"
        )
    return "\n".join(lines)


def story(
    storyline: Storyline,
    summary: Sequence[str],
    articles: Sequence[Article],
    now: datetime,
    numbered: bool = False,
    figures: Sequence[str] = (),
) -> str:
    """A storyline: its summary, what its figures say (lines already in HTML), its latest
    articles."""
    lines = [f"🧵 <b>{esc(truncate(storyline.label, 200))}</b>"]
    lines.append(
        f"<i>Storyline {storyline.id} · {counts_line(storyline)} · "
        f"first seen {ago(storyline.first_seen, now)}</i>"
    )
    if summary:
        lines += ["", esc(" ".join(summary))]
    if figures:
        lines += ["", "<b>Figures</b>", *figures]
    lines += ["", "<b>Latest</b>"]
    lines += [article_line(article, now, numbered) for article in articles]
    return "\n".join(lines)


def article_line(article: Article, now: datetime, numbered: bool = False) -> str:
    """A listed article; `numbered` adds the number /move takes."""
    number = f" · <code>{article.id}</code>" if numbered else ""
    return (
        f"• {link(article.url, truncate(article.title, 150))} — {esc(article.source)}, "
        f"{ago(article.when, now)}{number}"
    )


def story_page(
    storyline: Storyline,
    articles: Sequence[Article],
    offset: int,
    now: datetime,
    numbered: bool = False,
) -> str:
    """A later page of a storyline's timeline."""
    lines = [f"🧵 <b>{esc(truncate(storyline.label, 200))}</b>"]
    lines.append(
        f"<i>Articles {offset + 1}–{offset + len(articles)} of {storyline.article_count}</i>"
    )
    lines += [article_line(article, now, numbered) for article in articles]
    return "\n".join(lines)


def quoted(quote: Quote) -> str:
    """A quoted sentence credited to its outlet, linked to the article when it has a link."""
    source = truncate(quote.article.source, 40)
    url = quote.article.url
    credit = link(url, source) if url.startswith(("http://", "https://")) else esc(source)
    return f"{esc(truncate(quote.text, MAX_SENTENCE_CHARS))} — {credit}"


def briefing_item(item: BriefingItem, timezone: str = "UTC") -> str:
    storyline = item.storyline
    lines = [f"<b>{esc(truncate(storyline.label, 200))}</b>"]
    if item.topic:
        lines[0] += f" <i>(topic: {esc(truncate(item.topic, 60))})</i>"
    told = item.figures_to_tell
    change = figure_lines.changes(told, item.figures_seen, timezone)
    lines += [f"📊 {change}"] if change else []
    lines += figure_lines.disputes(told, only_new=item.figures_seen)
    lines += [quoted(quote) for quote in item.quotes]
    lines.append(
        f"<i>{plural(len(item.articles), 'new article')} from "
        f"{plural(len(item.sources), 'source')}</i> · /story {storyline.id}"
    )
    by_url = {a.url: a for a in item.articles}
    links = [link(url, truncate(by_url[url].source, 40)) for url in item.links]
    if links:
        lines.append(" · ".join(links))
    return "\n".join(lines)


def split_note(followed: Storyline, split_off: Storyline) -> str:
    """A followed storyline that a person split: where the other part now goes on."""
    return (
        f"✂ <b>{esc(truncate(followed.label, 120))}</b> was split: part of it now continues "
        f"as <b>{esc(truncate(split_off.label, 120))}</b>: /story {split_off.id}, or "
        f"/follow {split_off.id} to follow it too."
    )


def briefing_header(briefing: Briefing, timezone: str) -> str:
    return f"📰 <b>Your briefing</b> — {esc(local_time(briefing.as_of, timezone))}"


def nothing_new(briefing: Briefing, timezone: str) -> str:
    since = (
        f"since your last briefing ({esc(local_time(briefing.since, timezone))})"
        if briefing.since
        else "since you started following"
    )
    return f"📰 Nothing new on what you follow {since}."


def times(settings: ChatSettings) -> str:
    """A chat's briefing times as a reader reads them: "07:30" or "07:30 and 18:00"."""
    shown = [f"{at:%H:%M}" for at in settings.briefing_times]
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def following_storyline(storyline: Storyline, settings: ChatSettings, added: bool) -> str:
    """The answer to following a storyline."""
    label = esc(truncate(storyline.label, 160))
    if not added:
        return f"You already follow <b>{label}</b>."
    return (
        f"✅ Following <b>{label}</b> (storyline {storyline.id}).\n"
        f"New articles will be in your briefing at {times(settings)} "
        f"({esc(settings.timezone)}); /briefing shows what is new at any time, "
        f"/story {storyline.id} catches you up."
    )


def follows_list(
    follows: Sequence[Follow],
    storylines: Mapping[int, Storyline],
    settings: ChatSettings,
    muted: Muted,
) -> str:
    """What a chat follows, and when its briefing comes (/following)."""
    lines = ["<b>You follow</b>"]
    for follow in follows:
        storyline = storylines.get(follow.storyline_id or 0)
        if follow.kind is FollowKind.STORYLINE and storyline is not None:
            lines.append(
                f"• Storyline {storyline.id}: {esc(truncate(storyline.label, 120))} "
                f"({storyline.article_count} articles)"
            )
        elif follow.kind is FollowKind.TOPIC and follow.topic:
            lines.append(f"• Topic: “{esc(follow.topic)}”")
    lines.append("")
    lines.append(
        f"Briefing: {settings.days.value} at {times(settings)} "
        f"({esc(settings.timezone)}). /unfollow ID or TOPIC to stop one."
    )
    return with_muted("\n".join(lines), muted)


def with_muted(text: str, muted: Muted) -> str:
    """A chat's follows or settings, with what it muted listed after them."""
    if not muted:
        return text
    return "\n".join([text, "", "<b>Muted</b>", *muted_lines(muted)])


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    storylines: int
    chats: int
    active_chats: int
    follows: int
    briefings_by_status: dict[str, int]  # of the last 24 hours
    comparing: str = "words alone"


def stats(figures: Stats) -> str:
    """The archive, chats and deliveries in numbers (/stats)."""
    by_status = figures.briefings_by_status
    briefings = (
        ", ".join(f"{count} {status}" for status, count in sorted(by_status.items())) or "none"
    )
    return (
        "<b>Stats</b>\n"
        f"Articles: {figures.articles}\n"
        f"Storylines: {figures.storylines}\n"
        f"Chats: {figures.chats} ({figures.active_chats} active)\n"
        f"Follows: {figures.follows}\n"
        f"Briefings in the last 24 h: {briefings}\n"
        f"Storylines compare: {esc(figures.comparing)}"
    )


def feed_list(feeds: Sequence[Feed], now: datetime) -> str:
    """The feeds with their health (/feeds)."""
    if not feeds:
        return "No feeds yet. Add one: <code>/feeds add https://example.com/rss</code>"
    lines = ["<b>Feeds</b>"]
    for feed in feeds:
        lines.append(
            f"{feed.id}. {esc(truncate(feed.title or feed.url, 60))} — {esc(health(feed, now))}"
        )
    return "\n".join(lines)


def chat_settings(settings: ChatSettings, days: str, muted: Muted) -> str:
    """A chat's briefing settings (/settings); `days` as the reader reads them."""
    quiet = "on" if settings.quiet_when_empty else "off"
    written = [value for _, value in muted.written] or sorted(muted.sources | muted.words)
    mutes = ", ".join(sorted(written, key=str.lower)) or "nothing"
    return (
        f"Briefing time: <b>{times(settings)}</b>\n"
        f"Time zone: <b>{esc(settings.timezone)}</b>\n"
        f"Days: <b>{days}</b>\n"
        f"Quiet when nothing is new: <b>{quiet}</b>\n"
        f"Muted: {esc(mutes)} (/muted)"
    )


def article_added(title: str, source: str, storyline_id: int | None) -> str:
    """The answer to a link, forward or paste that became an article (None: a copy)."""
    title = esc(truncate(title, 160))
    if storyline_id is None:
        return f"Already in the archive: <b>{title}</b>."
    return (
        f"✅ Added <b>{title}</b> ({esc(source)}) to storyline {storyline_id}: "
        f"/story {storyline_id}"
    )


def muted_now(kind: MuteKind, value: str, added: bool) -> str:
    what = f"{kind.value} “{esc(value)}”"
    if not added:
        return f"The {what} was muted already. /muted lists your mutes."
    return (
        f"🔇 Muted the {what}: its articles will not be in your briefings, topic matches "
        "or search results. /unmute to undo."
    )


def unmuted(kind: MuteKind, value: str, removed: bool) -> str:
    what = f"{kind.value} “{esc(value)}”"
    return f"🔈 Unmuted the {what}." if removed else f"The {what} was not muted. See /muted."


def muted_lines(muted: Muted) -> list[str]:
    """What a chat has muted, a line each as it was written (none when nothing is)."""
    written = muted.written or (
        *((MuteKind.SOURCE, s) for s in muted.sources),
        *((MuteKind.WORD, w) for w in muted.words),
    )
    ordered = sorted(written, key=lambda mute: (mute[0] != MuteKind.SOURCE, mute[1].lower()))
    return [f"• {kind.value.capitalize()}: {esc(value)}" for kind, value in ordered]


def muted_list(muted: Muted) -> str:
    if not muted:
        return "Nothing is muted. Try <code>/mute source Daily Mail</code>."
    return "\n".join(["<b>Muted</b>", *muted_lines(muted), "", "/unmute … to undo one."])


def starter_offer(count: int) -> str:
    return (
        "📭 There is nothing to read yet: no feeds, no articles.\n"
        f"Add a starter set of {count} world-news feeds (BBC, The Guardian, DW, Le Monde, "
        "NPR, Al Jazeera, NHK and more: each outlet's own RSS feed)? Or add your own: "
        "<code>/feeds add https://example.com/rss</code>"
    )


def starter_added(added: int, count: int) -> str:
    if not added:
        return f"The {count} starter feeds were there already. /feeds shows their health."
    return (
        f"✅ Added {added} starter feeds: their articles arrive within a few minutes. "
        "/feeds shows their health; /search once they are in."
    )


def split_blocks(header: str, blocks: Sequence[str]) -> list[tuple[str, list[int]]]:
    """Messages made of whole blocks under Telegram's limit, with the block indexes of each.

    A block too long for one message on its own is cut as plain text.
    """
    messages: list[tuple[str, list[int]]] = []
    current = header
    members: list[int] = []
    for index, block in enumerate(blocks):
        if utf16_len(visible_text(block)) > SPLIT_BUDGET:
            block = esc(truncate(visible_text(block), SPLIT_BUDGET // 2))
        candidate = f"{current}\n\n{block}" if current else block
        if members and utf16_len(visible_text(candidate)) > SPLIT_BUDGET:
            messages.append((current, members))
            current, members = block, [index]
        else:
            current, members = candidate, [*members, index]
    if current:
        messages.append((current, members))
    return messages
