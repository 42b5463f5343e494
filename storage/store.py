"""One object holding the database and its repositories, opened once per process."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from storage.archive import Archive
from storage.channels import ChannelSources
from storage.chats import Chats, migrate_chat
from storage.corrections import Corrections
from storage.database import Database
from storage.feeds import Feeds
from storage.follows import Follows
from storage.ledger import Ledger
from storage.managers import ChannelManagers
from storage.mutes import Mutes
from storage.queries import Queries
from storage.topics import Topics
from storage.updates import Updates


class Store:
    def __init__(
        self, path: str | Path, default_timezone: str = "UTC", default_time: time = time(8, 0)
    ) -> None:
        self.db = Database(path)
        self.archive = Archive(self.db)
        self.chats = Chats(self.db, default_timezone, default_time)
        self.follows = Follows(self.db)
        self.mutes = Mutes(self.db)
        self.ledger = Ledger(self.db)
        self.queries = Queries(self.db)
        self.feeds = Feeds(self.db)
        self.updates = Updates(self.db)
        self.channel_sources = ChannelSources(self.db)
        self.topics = Topics(self.db)
        self.managers = ChannelManagers(self.db)
        self.corrections = Corrections(self.db)

    def migrate_chat(self, old_chat_id: int, new_chat_id: int, now: datetime) -> None:
        migrate_chat(self.db, old_chat_id, new_chat_id, now)

    def backup(self, target: Path) -> list[str]:
        """An online copy into `target`, then its integrity check: the problems found."""
        self.db.backup(target)
        copy = Database(target)
        try:
            return copy.check()
        finally:
            copy.close()

    def close(self) -> None:
        self.db.close()
