"""Inline keyboards: which buttons each reply carries (their data through handlers.buttons)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.buttons import (
    AddStarter,
    Chart,
    Follow,
    Manage,
    More,
    NotThisStory,
    Press,
    Report,
    ReportChoices,
    Story,
    Undo,
    Unfollow,
    encode,
)

BUTTON_TITLE = 32  # characters of an article's title on its button


def button(label: str, press: Press) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(press))


def keyboard(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [list(row) for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def search_keyboard(
    storyline_ids: Sequence[int], query_id: int, next_offset: int | None
) -> InlineKeyboardMarkup | None:
    follow_row = [button(f"➕ Follow {sid}", Follow(sid)) for sid in storyline_ids]
    rows = [follow_row[i : i + 3] for i in range(0, len(follow_row), 3)]
    if next_offset is not None:
        rows.append([button("More ▸", More(query_id, next_offset))])
    return keyboard(rows)


def story_keyboard(
    storyline_id: int,
    following: bool,
    older_offset: int | None = None,
    articles: Sequence[tuple[int, str]] = (),
    may_correct: bool = False,
) -> InlineKeyboardMarkup | None:
    """Follow, Timeline and Older; then, for the listed `articles` (id, title), a "Not this
    story" button each for those who may correct, one Report button for other readers."""
    row = [
        button(f"✖ Unfollow {storyline_id}", Unfollow(storyline_id))
        if following
        else button(f"➕ Follow {storyline_id}", Follow(storyline_id))
    ]
    row.append(button("📈 Timeline", Chart(storyline_id)))
    if older_offset is not None:
        row.append(button("Older articles ▸", Story(storyline_id, older_offset)))
    if not articles:
        return keyboard([row])
    if not may_correct:
        return keyboard([row, [button("⚑ Report a wrong article", ReportChoices(storyline_id))]])
    fixes = [
        [button(f"✂ Not this story: {_short(title)}", NotThisStory(aid))] for aid, title in articles
    ]
    return keyboard([row, *fixes])


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= BUTTON_TITLE else title[: BUTTON_TITLE - 1] + "…"


def correction_keyboard(correction_id: int, storyline_id: int) -> InlineKeyboardMarkup | None:
    return keyboard(
        [
            [
                button("↩ Undo", Undo(correction_id)),
                button(f"More on {storyline_id}", Story(storyline_id)),
            ]
        ]
    )


def undo_keyboard(correction_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    """An Undo button for each correction, three to a row."""
    buttons = [button(f"↩ Undo {i}", Undo(i)) for i in correction_ids]
    return keyboard([buttons[start : start + 3] for start in range(0, len(buttons), 3)])


def story_button(storyline_id: int) -> InlineKeyboardMarkup | None:
    return keyboard([[button(f"More on {storyline_id}", Story(storyline_id))]])


def report_keyboard(
    storyline_id: int, articles: Sequence[tuple[int, str]]
) -> InlineKeyboardMarkup | None:
    return keyboard(
        [[button(f"⚑ {_short(title)}", Report(aid, storyline_id))] for aid, title in articles]
    )


def reported_keyboard(article_id: int, storyline_id: int) -> InlineKeyboardMarkup | None:
    """What an admin gets with a report: fix it in one tap, or look first."""
    return keyboard(
        [
            [
                button("✂ Not this story", NotThisStory(article_id)),
                button(f"More on {storyline_id}", Story(storyline_id)),
            ]
        ]
    )


def briefing_keyboard(items: Sequence[tuple[int, bool]]) -> InlineKeyboardMarkup | None:
    """A row per briefing item: More, and Unfollow for a followed storyline (Follow for one
    that came through a followed topic)."""
    return keyboard(
        [
            [
                button(f"More on {sid}", Story(sid)),
                button(f"✖ Unfollow {sid}", Unfollow(sid))
                if followed
                else button(f"➕ Follow {sid}", Follow(sid)),
            ]
            for sid, followed in items
        ]
    )


def starter_keyboard(count: int) -> InlineKeyboardMarkup | None:
    return keyboard([[button(f"➕ Add {count} starter feeds", AddStarter())]])


def manage_keyboard(
    channels: Sequence[tuple[int, str]], managing: int | None
) -> InlineKeyboardMarkup | None:
    """A button for each linked channel (id, title) and one for this chat; the one being
    managed is marked."""
    rows = [
        [button(("✅ " if channel_id == managing else "📣 ") + title[:40], Manage(-channel_id))]
        for channel_id, title in channels
    ]
    rows.append([button(("✅ " if managing is None else "") + "This chat", Manage(0))])
    return keyboard(rows)
