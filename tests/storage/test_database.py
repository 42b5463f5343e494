from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import sqlite_utils

from storage.database import Database
from storage.migrations import migrations


def test_migrations_apply_once_and_again_as_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    first = Database(path)
    applied = [m.name for m in migrations.applied(first.sql)]
    first.execute("INSERT INTO sources(name) VALUES ('kept')")
    first.close()
    second = Database(path)
    assert [m.name for m in migrations.applied(second.sql)] == applied
    assert second.execute("SELECT name FROM sources").fetchall() == [("kept",)]
    assert second.check() == []
    second.close()


def test_wal_and_busy_timeout(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    db.close()


def test_writing_rolls_back_on_error(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    try:
        with db.writing():
            db.execute("INSERT INTO sources(name) VALUES ('lost')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == 0
    db.close()


def test_concurrent_writers_wait_instead_of_failing(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    errors: list[BaseException] = []

    def write(prefix: str) -> None:
        try:
            for i in range(50):
                with db.writing():
                    count = db.execute("SELECT count(*) FROM sources").fetchone()[0]
                    db.execute("INSERT INTO sources(name) VALUES (?)", (f"{prefix}{i}-{count}",))
        except sqlite3.Error as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p,)) for p in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert db.execute("SELECT count(*) FROM sources").fetchone()[0] == 100
    db.close()


def test_backup_is_a_sound_copy(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    db.execute("INSERT INTO sources(name) VALUES ('x')")
    db.backup(tmp_path / "copy.sqlite")
    copy = Database(tmp_path / "copy.sqlite")
    assert copy.check() == []
    assert copy.execute("SELECT name FROM sources").fetchall() == [("x",)]
    copy.close()
    db.close()


def test_periodic_backups_are_checked_and_pruned(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from bot.jobs import backup_now
    from storage.store import Store

    store = Store(tmp_path / "live.db")
    start = datetime(2025, 6, 10, tzinfo=UTC)
    made = [
        backup_now(store, tmp_path / "backups", 2, start + timedelta(hours=h)) for h in range(3)
    ]
    store.close()
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made[1].name, made[2].name]


def test_an_archive_from_before_the_time_stamped_index_keeps_its_candidates(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime, timedelta

    from news.ingest import Ingestor
    from news.models import ArticleDraft
    from storage.archive import Archive

    path = tmp_path / "db.sqlite"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m005_storyline_terms_by_time")
    old.execute(
        """INSERT INTO storylines (id, label, first_seen, last_seen, article_count, centroid)
           VALUES (1, 'Kelvik harbour floods', '2025-06-01T10:00:00.000000Z',
                   '2025-06-02T10:00:00.000000Z', 1, '{"kelvik": 2.0, "harbour": 1.0}')"""
    )
    old.execute("INSERT INTO storyline_terms (term, storyline_id) VALUES ('kelvik', 1)")
    old.conn.commit()
    old.close()

    db = Database(path)
    assert db.check() == []
    archive = Archive(db)
    when = datetime(2025, 6, 3, tzinfo=UTC)
    found = archive.candidate_storylines(["kelvik"], when - timedelta(days=7), 20)
    assert [s.storyline_id for s in found] == [1]
    assert archive.candidate_storylines(["kelvik"], when, 20) == []  # outside the window
    Ingestor(archive).ingest(
        [(1, ArticleDraft("Kelvik harbour reopens", "Kelvik harbour reopened.", "Wire"))], when
    )
    db.close()
