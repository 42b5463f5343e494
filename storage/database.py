"""Opening the database: WAL, busy timeout, migrations, one writer, thread-local connections."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database as SqlDatabase

from news.text.segmentation import indexed
from storage.migrations import INDEXED_FUNCTION, migrations

BUSY_TIMEOUT_MS = 10_000
# Each connection's page cache (SQLite's default is 2 MiB): at a million articles the pages
# an import touches (index B-trees, FTS5 segments, the active storylines) far outgrow 2 MiB,
# and every page read back through the OS costs a system call.
CACHE_KIB = 65_536
# A cap on SQLite's memory in the whole process, which all connections share: past it, a
# connection reuses its cache's pages instead of adding more. So the bot's several
# connections together hold about this much.
SOFT_HEAP_LIMIT = 96 * 1024 * 1024

log = logging.getLogger(__name__)


class StorageError(Exception):
    """The database cannot be opened or used; the message is meant for the operator."""


def _connect(path: str) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; writes open BEGIN IMMEDIATE explicitly.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    conn.execute(f"PRAGMA soft_heap_limit = {SOFT_HEAP_LIMIT}")
    # The full-text index's triggers read CJK text through it (storage/migrations.py m020).
    conn.create_function(INDEXED_FUNCTION, 1, _indexed, deterministic=True)
    return conn


def _indexed(text: str | None) -> str | None:
    return indexed(text) if isinstance(text, str) else text


class Database:
    """The newsbrief database. Each thread gets its own connection to the same file.

    Writes go through `writing()`, which takes SQLite's write lock up front (BEGIN IMMEDIATE):
    a deferred transaction that reads then writes would fail at once with "database is
    locked" when another connection committed in between, whatever the busy timeout.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.memory = self.path == ":memory:"
        self._local = threading.local()
        self._shared: SqlDatabase | None = None
        self._all: list[SqlDatabase] = []
        self._all_lock = threading.Lock()
        if not self.memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self.sql
            if not self.memory:
                mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if mode != "wal":
                    raise StorageError(f"{self.path}: cannot switch to WAL mode ({mode})")
            pending = [m.name for m in migrations.pending(db)]
            if pending and db["articles"].exists():
                # Said before, not after: on a large archive a migration can take minutes
                # (m006 rewrites 16 rows an article: 2.5 minutes at a million articles).
                log.info("upgrading the database schema: %s", ", ".join(pending))
            migrations.apply(db)
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: {exc}") from exc

    @property
    def sql(self) -> SqlDatabase:
        """This thread's sqlite-utils database."""
        if self.memory:
            # An in-memory database exists only in its one connection: share it.
            if self._shared is None:
                self._shared = SqlDatabase(_connect(":memory:"))
            return self._shared
        db: SqlDatabase | None = getattr(self._local, "db", None)
        if db is None:
            db = SqlDatabase(_connect(self.path))
            self._local.db = db
            with self._all_lock:
                self._all.append(db)
        return db

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write transaction holding the lock from its start; nested calls join the outer one."""
        conn = self.sql.conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def execute(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> sqlite3.Cursor:
        return self.sql.execute(sql, params)

    def query(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> list[sqlite3.Row]:
        cursor = self.sql.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return list(cursor.fetchall())

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity check and the schema check; empty when sound."""
        problems = [
            row[0]
            for row in self.sql.execute("PRAGMA integrity_check").fetchall()
            if row[0] != "ok"
        ]
        problems += [
            f"foreign key: {row[0]} row {row[1]}"
            for row in self.sql.execute("PRAGMA foreign_key_check").fetchall()
        ]
        pending = [m.name for m in migrations.pending(self.sql)]
        if pending:
            problems.append(f"migrations not applied: {', '.join(pending)}")
        return problems

    def backup(self, target: str | Path) -> None:
        """A consistent copy through SQLite's online backup API, safe while others write."""
        destination = sqlite3.connect(str(target))
        try:
            self.sql.conn.backup(destination)
        finally:
            destination.close()

    def close(self) -> None:
        """Close every connection this object opened, in any thread."""
        with self._all_lock:
            opened, self._all = self._all, []
        for db in opened:
            db.close()
        self._local = threading.local()
        if self._shared is not None:
            self._shared.close()
            self._shared = None
