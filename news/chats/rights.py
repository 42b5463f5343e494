"""Who may do what: one policy for admins' commands, adding articles, corrections and undoing
them, and linking a channel. Handlers ask it; none decides a right by itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from news.records import Correction

# Telegram's member statuses that administer a chat (news knows no Telegram types).
CHAT_ADMIN_STATUSES = frozenset({"creator", "administrator"})


@dataclass(frozen=True, slots=True)
class Person:
    """Who sent an update: a Telegram user (None for a channel's own post), and whether they
    wrote in a private chat with the bot."""

    user_id: int | None
    username: str = ""
    private: bool = False

    @property
    def signature(self) -> str:
        """How a correction is signed, and how its maker is recognised to undo it."""
        if self.user_id is None:
            return "chat"
        handle = f" (@{self.username})" if self.username else ""
        return f"Telegram user {self.user_id}{handle}"


class LinkRefusal(StrEnum):
    """Why a channel cannot be linked as a destination."""

    NOT_CHANNEL_ADMIN = "not_channel_admin"
    BOT_CANNOT_POST = "bot_cannot_post"


@dataclass(frozen=True, slots=True)
class Rights:
    admin_ids: frozenset[int] = frozenset()
    # NEWSBRIEF_OPEN_CORRECTIONS: every reader may correct, in a private chat.
    open_corrections: bool = False
    # NEWSBRIEF_OPEN_INGEST: every reader may add articles.
    open_ingest: bool = False

    def is_admin(self, person: Person) -> bool:
        return person.user_id is not None and person.user_id in self.admin_ids

    def may_add_articles(self, person: Person) -> bool:
        return self.open_ingest or self.is_admin(person)

    def may_correct(self, person: Person) -> bool:
        """Admins anywhere; everyone in a private chat when corrections are open."""
        return self.is_admin(person) or (self.open_corrections and person.private)

    def may_undo(self, person: Person, correction: Correction | None) -> bool:
        """An admin, or whoever made the correction while they may still correct."""
        if self.is_admin(person):
            return True
        own = correction is not None and correction.made_by == person.signature
        return own and self.may_correct(person)

    def corrections_shown(self, person: Person) -> str | None:
        """Whose corrections the person's log lists: everybody's for an admin (None)."""
        return None if self.is_admin(person) else person.signature


def channel_link_refusal(
    person_status: str, bot_status: str, bot_may_post: bool
) -> LinkRefusal | None:
    """Why the person may not link a channel the bot would brief, or None when both hold the
    rights: the person administers the channel, and the bot is an administrator that may
    post."""
    if person_status not in CHAT_ADMIN_STATUSES:
        return LinkRefusal.NOT_CHANNEL_ADMIN
    if bot_status != "administrator" or not bot_may_post:
        return LinkRefusal.BOT_CANNOT_POST
    return None
