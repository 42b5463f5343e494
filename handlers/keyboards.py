"""Inline keyboards and their callback data: short, opaque ids only (Telegram allows 64 bytes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

FOLLOW = "f"
UNFOLLOW = "u"
STORY = "s"
MORE = "m"
CHART = "c"
STARTER = "a"  # add the starter feeds
MANAGE = "g"  # manage a linked channel (its id, negated) or this chat (0)
LINK = "l"  # link the channel a post was forwarded from (its id, negated)
NOT_THIS = "x"  # move an article out of its storyline (the article's id)
UNDO = "z"  # undo a correction (its id in the log)
REPORTING = "p"  # a reader's Report: list the storyline's articles (the storyline's id)
REPORT = "r"  # a reader reports an article (its id, the storyline's id)
ACTIONS = frozenset(
    (FOLLOW, UNFOLLOW, STORY, MORE, CHART, STARTER, MANAGE, LINK, NOT_THIS, UNDO, REPORTING, REPORT)
)
BUTTON_TITLE = 32  # characters of an article's title on its button


@dataclass(frozen=True, slots=True)
class Action:
    """A decoded button press: what to do and the numbers it refers to."""

    kind: str
    args: tuple[int, ...]


def encode(kind: str, *args: int) -> str:
    return ":".join([kind, *(str(a) for a in args)])


def decode(data: object) -> Action | None:
    """The action behind callback data, or None for anything forged or malformed."""
    if not isinstance(data, str) or len(data.encode()) > 64:
        return None
    kind, _, rest = data.partition(":")
    if kind not in ACTIONS:
        return None
    try:
        args = tuple(int(part) for part in rest.split(":")) if rest else ()
    except ValueError:
        return None
    if any(a < 0 for a in args):
        return None
    return Action(kind, args)


def button(label: str, kind: str, *args: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=encode(kind, *args))


def keyboard(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [list(row) for row in rows if row]
    return InlineKeyboardMarkup(rows) if rows else None


def search_keyboard(
    storyline_ids: Sequence[int], query_id: int, next_offset: int | None
) -> InlineKeyboardMarkup | None:
    follow_row = [button(f"➕ Follow {sid}", FOLLOW, sid) for sid in storyline_ids]
    rows = [follow_row[i : i + 3] for i in range(0, len(follow_row), 3)]
    if next_offset is not None:
        rows.append([button("More ▸", MORE, query_id, next_offset)])
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
        button(f"✖ Unfollow {storyline_id}", UNFOLLOW, storyline_id)
        if following
        else button(f"➕ Follow {storyline_id}", FOLLOW, storyline_id)
    ]
    row.append(button("📈 Timeline", CHART, storyline_id))
    if older_offset is not None:
        row.append(button("Older articles ▸", STORY, storyline_id, older_offset))
    if not articles:
        return keyboard([row])
    if not may_correct:
        return keyboard([row, [button("⚑ Report a wrong article", REPORTING, storyline_id)]])
    fixes = [
        [button(f"✂ Not this story: {_short(title)}", NOT_THIS, aid)] for aid, title in articles
    ]
    return keyboard([row, *fixes])


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= BUTTON_TITLE else title[: BUTTON_TITLE - 1] + "…"


def correction_keyboard(correction_id: int, storyline_id: int) -> InlineKeyboardMarkup | None:
    return keyboard(
        [
            [
                button("↩ Undo", UNDO, correction_id),
                button(f"More on {storyline_id}", STORY, storyline_id),
            ]
        ]
    )


def undo_keyboard(correction_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    """An Undo button for each correction, three to a row."""
    buttons = [button(f"↩ Undo {i}", UNDO, i) for i in correction_ids]
    return keyboard([buttons[start : start + 3] for start in range(0, len(buttons), 3)])


def story_button(storyline_id: int) -> InlineKeyboardMarkup | None:
    return keyboard([[button(f"More on {storyline_id}", STORY, storyline_id)]])


def report_keyboard(
    storyline_id: int, articles: Sequence[tuple[int, str]]
) -> InlineKeyboardMarkup | None:
    return keyboard(
        [[button(f"⚑ {_short(title)}", REPORT, aid, storyline_id)] for aid, title in articles]
    )


def reported_keyboard(article_id: int, storyline_id: int) -> InlineKeyboardMarkup | None:
    """What an admin gets with a report: fix it in one tap, or look first."""
    return keyboard(
        [
            [
                button("✂ Not this story", NOT_THIS, article_id),
                button(f"More on {storyline_id}", STORY, storyline_id),
            ]
        ]
    )


def briefing_keyboard(items: Sequence[tuple[int, bool]]) -> InlineKeyboardMarkup | None:
    """A row per briefing item: More, and Unfollow for a followed storyline (Follow for one
    that came through a followed topic)."""
    return keyboard(
        [
            [
                button(f"More on {sid}", STORY, sid),
                button(f"✖ Unfollow {sid}", UNFOLLOW, sid)
                if followed
                else button(f"➕ Follow {sid}", FOLLOW, sid),
            ]
            for sid, followed in items
        ]
    )


def starter_keyboard(count: int) -> InlineKeyboardMarkup | None:
    return keyboard([[button(f"➕ Add {count} starter feeds", STARTER)]])


def manage_keyboard(
    channels: Sequence[tuple[int, str]], managing: int | None
) -> InlineKeyboardMarkup | None:
    """A button for each linked channel (id, title) and one for this chat; the one being
    managed is marked."""
    rows = [
        [button(("✅ " if channel_id == managing else "📣 ") + title[:40], MANAGE, -channel_id)]
        for channel_id, title in channels
    ]
    rows.append([button(("✅ " if managing is None else "") + "This chat", MANAGE, 0)])
    return keyboard(rows)
