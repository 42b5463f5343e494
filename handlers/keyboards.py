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
ACTIONS = frozenset((FOLLOW, UNFOLLOW, STORY, MORE, CHART, STARTER, MANAGE, LINK))


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
    storyline_id: int, following: bool, older_offset: int | None = None
) -> InlineKeyboardMarkup | None:
    row = [
        button(f"✖ Unfollow {storyline_id}", UNFOLLOW, storyline_id)
        if following
        else button(f"➕ Follow {storyline_id}", FOLLOW, storyline_id)
    ]
    row.append(button("📈 Timeline", CHART, storyline_id))
    if older_offset is not None:
        row.append(button("Older articles ▸", STORY, storyline_id, older_offset))
    return keyboard([row])


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
