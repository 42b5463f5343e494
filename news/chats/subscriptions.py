"""A chat's follows and settings. Every change plans the chat's next briefing anew, so no
caller can change what a chat follows or when and forget the schedule."""

from __future__ import annotations

from dataclasses import dataclass

from news.briefings.schedule import next_due
from news.ports import ChatRepository, Clock, FollowRepository
from news.records import ChatSettings


@dataclass(frozen=True, slots=True)
class Subscriptions:
    chats: ChatRepository
    follows: FollowRepository
    clock: Clock

    def register(self, chat_id: int, chat_type: str = "private", title: str = "") -> ChatSettings:
        """The chat, created on its first update; one that had blocked the bot and writes
        again is woken, and its briefings planned again."""
        before = self.chats.get(chat_id)
        settings = self.chats.ensure(chat_id, self.clock(), chat_type, title)
        if before is None or not before.active:
            self.replan(chat_id)
        return settings

    def follow_storyline(self, chat_id: int, storyline_id: int) -> bool:
        """Follow a storyline; False when the chat followed it already."""
        added = self.follows.follow_storyline(chat_id, storyline_id, self.clock())
        self.replan(chat_id)
        return added

    def follow_topic(self, chat_id: int, topic: str) -> bool:
        added = self.follows.follow_topic(chat_id, topic, self.clock())
        self.replan(chat_id)
        return added

    def unfollow_storyline(self, chat_id: int, storyline_id: int) -> bool:
        removed = self.follows.remove_storyline(chat_id, storyline_id)
        self.replan(chat_id)
        return removed

    def unfollow_topic(self, chat_id: int, topic: str) -> bool:
        removed = self.follows.remove_topic(chat_id, topic)
        self.replan(chat_id)
        return removed

    def unfollow_all(self, chat_id: int) -> int:
        removed = self.follows.remove_all(chat_id)
        self.replan(chat_id)
        return removed

    def change_settings(self, settings: ChatSettings) -> None:
        self.chats.update(settings, self.clock())
        self.replan(settings.chat_id)

    def replan(self, chat_id: int) -> None:
        """Plan the chat's next briefing: none when it is inactive or follows nothing."""
        settings = self.chats.get(chat_id)
        due = None
        if settings is not None and settings.active and self.follows.for_chat(chat_id):
            due = next_due(settings, self.clock()).at
        self.chats.plan([(chat_id, due)])
