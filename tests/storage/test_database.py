from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils

from storage.database import CACHE_KIB, SOFT_HEAP_LIMIT, Database
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


def test_every_connection_has_a_large_cache_under_one_shared_memory_cap(tmp_path: Path) -> None:
    db = Database(tmp_path / "db.sqlite")
    settings: list[tuple[int, int]] = []

    def read_settings() -> None:
        settings.append(
            (
                db.execute("PRAGMA cache_size").fetchone()[0],
                db.execute("PRAGMA soft_heap_limit").fetchone()[0],
            )
        )

    read_settings()
    worker = threading.Thread(target=read_settings)  # another thread, another connection
    worker.start()
    worker.join()
    assert settings == [(-CACHE_KIB, SOFT_HEAP_LIMIT)] * 2
    assert CACHE_KIB * 1024 <= SOFT_HEAP_LIMIT <= 128 * 1024 * 1024
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

    from bot.runtime.jobs import backup_now
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
    from news.records import ArticleDraft
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


def test_minhash_bands_of_an_older_archive_are_filed_by_the_articles_day(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from datetime import UTC, datetime, timedelta

    from news.ingest import Ingestor
    from news.records import ArticleDraft
    from news.storylines.dedup import minhash_bands, nearby_days, shingles
    from storage.archive import Archive
    from tests.fakes.feeds import LONG_PARAGRAPHS

    text = " ".join(LONG_PARAGRAPHS)
    bands = minhash_bands(shingles(text))
    path = tmp_path / "db.sqlite"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m006_minhash_bands_by_day")
    old.execute("INSERT INTO sources (id, name) VALUES (1, 'Harbour Wire')")
    # One article dated by its publisher, one only by when it was fetched.
    for article_id, published in ((1, "'2025-06-01T10:00:00.000000Z'"), (2, "NULL")):
        old.execute(
            f"""INSERT INTO articles (id, fingerprint, title, body, source_id, published_at,
                    fetched_at) VALUES (?, ?, 'Kelvik ferries halted', ?, 1, {published},
                    '2025-06-20T23:59:00.000000Z')""",
            (article_id, f"digest-{article_id}", text),
        )
        old.conn.executemany(
            "INSERT INTO minhash_bands (band, value, article_id) VALUES (?, ?, ?)",
            [(band, value, article_id) for band, value in bands],
        )
    old.conn.commit()
    old.close()

    with caplog.at_level(logging.INFO, logger="storage.database"):
        db = Database(path)
    # The operator is told why start-up waits (minutes, on a large archive).
    assert "upgrading the database schema: m006_minhash_bands_by_day" in caplog.text
    assert db.check() == []
    days = db.execute("SELECT article_id, day FROM minhash_bands GROUP BY article_id").fetchall()
    assert [tuple(row) for row in days] == [(1, 20240), (2, 20259)]  # 2025-06-01, 2025-06-20
    archive = Archive(db)
    june_1 = datetime(2025, 6, 1, tzinfo=UTC)
    assert [i for i, _ in archive.band_candidates(bands, nearby_days(june_1), 10)] == [1]
    # A copy arriving now, dated the day after the first, is recognised.
    copy = ArticleDraft("Ferries halted", text, "Coast Daily", published_at=june_1 + timedelta(1))
    report = Ingestor(archive).ingest([(1, copy)], datetime(2025, 7, 1, tzinfo=UTC))
    assert report.duplicates == 1
    db.close()


def test_url_keys_are_recomputed_without_losing_a_row(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "db.sqlite"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m010_url_keys")
    old.execute("INSERT INTO sources (id, name) VALUES (1, 'Wire')")
    # Keys as the old rules made them: two hashbang stories collapsed onto the home page
    # (the second could not even be stored), and one page stored under two spellings.
    rows = [
        (1, "https://example.com/#!/story/1", "https://example.com/"),
        (2, "https://example.com/caf%C3%A9", "https://example.com/caf%C3%A9"),
        (3, "https://example.com/café", "https://example.com/café"),
        (4, "https://example.com/plain", "https://example.com/plain"),
    ]
    for article_id, url, key in rows:
        old.execute(
            """INSERT INTO articles (id, url, url_key, fingerprint, title, source_id, fetched_at)
               VALUES (?, ?, ?, ?, 'A story', 1, '2025-06-01T10:00:00.000000Z')""",
            (article_id, url, key, f"digest-{article_id}"),
        )
    old.conn.commit()
    old.close()

    with caplog.at_level(logging.INFO, logger="storage.migrations"):
        db = Database(path)
    assert "URL keys recomputed: 1 changed, 1 kept" in caplog.text
    assert db.check() == []
    keys = dict(db.execute("SELECT id, url_key FROM articles").fetchall())
    assert keys == {
        1: "https://example.com/#!/story/1",
        2: "https://example.com/caf%C3%A9",
        3: "https://example.com/café",  # its new key is article 2's: both rows stay
        4: "https://example.com/plain",
    }
    db.close()


def test_a_storyline_from_before_argument_profiles_gains_one_as_articles_join(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from news.ingest import Ingestor
    from news.records import ArticleDraft
    from storage.archive import Archive
    from tests.fakes.decisions import always

    path = tmp_path / "db.sqlite"
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m012_storyline_arguments")
    old.close()
    db = Database(path)
    archive = Archive(db)
    when = datetime(2025, 6, 3, tzinfo=UTC)
    ingestor = Ingestor(archive, always(joins=True))
    ingestor.ingest([(1, ArticleDraft("Kelvik harbour floods", "The harbour flooded.", "A"))], when)
    db.execute("UPDATE storylines SET arguments = NULL")  # as the migration leaves old rows
    before = archive.storyline_state(1)
    assert before is not None and before.arguments == {}
    ingestor.ingest(
        [(2, ArticleDraft("Kelvik harbour floods", "Floods hit Kelvik on Tuesday.", "B"))], when
    )
    state = archive.storyline_state(1)
    assert state is not None and state.size == 2 and {"n:kelvik", "w:1"} <= state.arguments.keys()
    db.close()
