"""Briefings: what is new on what a chat follows since its last briefing, and when each is due in
the chat's own time zone.

May import the shared top of `news` and every room before it (text to search)."""
