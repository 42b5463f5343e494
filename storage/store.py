"""One object holding the database and its repositories, opened once per process."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from storage.archive import Archive
from storage.chats import Chats, Queries
from storage.database import Database
from storage.follows import Follows
from storage.ledger import Ledger


class Store:
    def __init__(
        self, path: str | Path, default_timezone: str = "UTC", default_time: time = time(8, 0)
    ) -> None:
        self.db = Database(path)
        self.archive = Archive(self.db)
        self.chats = Chats(self.db, default_timezone, default_time)
        self.follows = Follows(self.db)
        self.ledger = Ledger(self.db)
        self.queries = Queries(self.db)

    def close(self) -> None:
        self.db.close()
