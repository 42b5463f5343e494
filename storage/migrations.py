"""The schema, as an ordered set of sqlite-utils migrations applied at start."""

from __future__ import annotations

import logging
import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from news.sources.urls import canonical_url
from news.text.segmentation import has_cjk, indexed
from storage.schema import INITIAL_SCHEMA

migrations = Migrations("newsbrief")
log = logging.getLogger(__name__)


def run_script(db: Database, script: str) -> None:
    """Execute statements one by one: executescript() would commit the migration's transaction."""
    statement = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not statement.strip():
            continue
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement in migration: {statement.strip()[:60]}")


@migrations()
def m001_initial(db: Database) -> None:
    run_script(db, INITIAL_SCHEMA)


@migrations()
def m002_feed_health_and_syndication(db: Database) -> None:
    run_script(
        db,
        """
        ALTER TABLE storylines ADD COLUMN centroid_norm REAL NOT NULL DEFAULT 0;
        ALTER TABLE feeds ADD COLUMN last_polled_at TEXT;
        ALTER TABLE feeds ADD COLUMN last_new INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE feeds ADD COLUMN deactivated_reason TEXT;
        CREATE INDEX feeds_due ON feeds(active, next_poll_at);
        -- Updates already handled: a webhook retry or a replay is applied once.
        CREATE TABLE processed_updates (
            update_id INTEGER PRIMARY KEY,
            seen_at TEXT NOT NULL
        );
        -- Counting a storyline's distinct sources reads this index only.
        CREATE INDEX articles_storyline_source ON articles(storyline_id, source_id);

        -- Other outlets that carried the same article (syndicated copies stored once).
        CREATE TABLE article_sources (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            source_id INTEGER NOT NULL REFERENCES sources(id),
            url TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (article_id, source_id)
        ) WITHOUT ROWID;
        -- MinHash bands of long articles, to find near-duplicate copies (news/storylines/dedup.py).
        CREATE TABLE minhash_bands (
            band INTEGER NOT NULL,
            value INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            PRIMARY KEY (band, value, article_id)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m003_storyline_embeddings(db: Database) -> None:
    # The sum of member embeddings (float32), only when the optional embedder is in use.
    run_script(db, "ALTER TABLE storylines ADD COLUMN embedding BLOB;")


@migrations()
def m004_fts_rank(db: Database) -> None:
    # Titles weigh four times the body in FTS5's own ranking, so `ORDER BY rank` (which FTS5
    # answers fast, with LIMIT) ranks as search does.
    run_script(
        db, "INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');"
    )


@migrations()
def m005_storyline_terms_by_time(db: Database) -> None:
    # Candidate storylines are looked up by term *within a time window*: with each index row
    # carrying its storyline's last_seen, the window is a range in the primary key, so a
    # common term's storylines from months ago are never read (the lookup no longer grows
    # with the archive).
    run_script(
        db,
        """
        CREATE TABLE storyline_terms_new (
            term TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            storyline_id INTEGER NOT NULL REFERENCES storylines(id),
            PRIMARY KEY (term, last_seen, storyline_id)
        ) WITHOUT ROWID;
        INSERT INTO storyline_terms_new (term, last_seen, storyline_id)
            SELECT t.term, s.last_seen, t.storyline_id
            FROM storyline_terms t JOIN storylines s ON s.id = t.storyline_id;
        DROP TABLE storyline_terms;
        ALTER TABLE storyline_terms_new RENAME TO storyline_terms;
        CREATE INDEX storyline_terms_storyline ON storyline_terms(storyline_id);
        """,
    )


@migrations()
def m006_minhash_bands_by_day(db: Database) -> None:
    # Bands are filed under the day the article is dated and looked up within days of a new
    # one: each new article's 16 rows go next to the other recent ones instead of into 16
    # random pages of an index as large as the archive (which every commit then rewrote).
    # Rows are copied in key order, so the new index is written sequentially.
    run_script(
        db,
        """
        CREATE TABLE minhash_bands_new (
            day INTEGER NOT NULL,
            band INTEGER NOT NULL,
            value INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            PRIMARY KEY (day, band, value, article_id)
        ) WITHOUT ROWID;
        INSERT INTO minhash_bands_new (day, band, value, article_id)
            SELECT CAST(strftime('%s', COALESCE(a.published_at, a.fetched_at)) AS INTEGER) / 86400,
                   m.band, m.value, m.article_id
            FROM minhash_bands m JOIN articles a ON a.id = m.article_id
            ORDER BY 1, 2, 3, 4;
        DROP TABLE minhash_bands;
        ALTER TABLE minhash_bands_new RENAME TO minhash_bands;
        """,
    )


@migrations()
def m007_search_reads_indexes(db: Database) -> None:
    # What search reads of an article to rank storylines (its storyline) and to show them
    # (the newest few of each) is in these indexes, so it does not read the articles' rows:
    # a row with a 3 KB body spans two pages, and with a cold cache each page is a disk read.
    run_script(
        db,
        """
        CREATE INDEX articles_storyline_of ON articles(id, storyline_id);
        CREATE INDEX articles_storyline_time
            ON articles(storyline_id, COALESCE(published_at, fetched_at));
        """,
    )


@migrations()
def m008_next_briefing(db: Database) -> None:
    # When each chat's next briefing is due, so one job finds the chats due each minute: a
    # job per chat held about 1 KB each in the scheduler (100 MB with 100,000 chats).
    run_script(
        db,
        """
        ALTER TABLE chats ADD COLUMN next_briefing_at TEXT;
        CREATE INDEX chats_next_briefing ON chats(next_briefing_at, id)
            WHERE next_briefing_at IS NOT NULL;
        """,
    )


@migrations()
def m009_storyline_headlines(db: Database) -> None:
    # How many of a storyline's articles came as a headline alone: two storylines told mostly
    # in headlines merge at a lower likeness. Storylines from before count none (the stricter
    # test, as before).
    run_script(db, "ALTER TABLE storylines ADD COLUMN headline_count INTEGER NOT NULL DEFAULT 0;")


@migrations()
def m010_url_keys(db: Database) -> None:
    # URL keys now keep hashbang routes and fold IDN hosts and percent-encoding: recompute
    # them from the stored URLs. A key another article already holds is left as it was, so
    # both rows stay (the second is then a duplicate nobody can add again).
    changes = [
        (key, article_id)
        for article_id, url, old in db.execute(
            "SELECT id, url, url_key FROM articles WHERE url != ''"
        ).fetchall()
        if (key := canonical_url(url)) != old
    ]
    pending, changed = changes, 0
    while pending:
        taken = []
        for key, article_id in pending:
            try:
                db.execute("UPDATE articles SET url_key = ? WHERE id = ?", (key, article_id))
                changed += 1
            except sqlite3.IntegrityError:
                taken.append((key, article_id))
        if len(taken) == len(pending):  # no key freed another: the rest are true collisions
            break
        pending = taken
    if changes:
        log.info(
            "URL keys recomputed: %d changed, %d kept (another article has the new key)",
            changed,
            len(changes) - changed,
        )


@migrations()
def m011_mutes(db: Database) -> None:
    run_script(
        db,
        """
        CREATE TABLE mutes (
            chat_id INTEGER NOT NULL REFERENCES chats(id),
            kind TEXT NOT NULL CHECK (kind IN ('source', 'word')),
            value TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (chat_id, kind, value)
        );
        """,
    )


@migrations()
def m012_storyline_arguments(db: Database) -> None:
    # A storyline's summed details (names, numbers, dates: news/language/event_details.py),
    # which the same-story decision compares. Storylines from before start with none and gain them
    # as articles join.
    run_script(db, "ALTER TABLE storylines ADD COLUMN arguments BLOB;")


@migrations()
def m013_channel_sources(db: Database) -> None:
    # Channels the bot is in, and whether an admin enabled each as a source of articles; a
    # post is stored with external_id "tg:CHAT:MESSAGE", found again when it is edited.
    run_script(
        db,
        """
        CREATE TABLE channel_sources (
            chat_id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            username TEXT,
            enabled INTEGER NOT NULL DEFAULT 0,
            seen_at TEXT NOT NULL
        );
        CREATE INDEX articles_external_id ON articles(external_id)
            WHERE external_id IS NOT NULL;
        """,
    )


@migrations()
def m014_destinations(db: Database) -> None:
    # Each forum topic is a destination of its own: a chats row whose id is TOPIC_BASE - id
    # (storage/topics.py). A channel is managed from its admins' private chats: who may
    # manage it, and which chat each private chat's commands act on for now.
    run_script(
        db,
        """
        CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            thread_id INTEGER NOT NULL,
            UNIQUE (chat_id, thread_id)
        );
        CREATE TABLE channel_managers (
            channel_id INTEGER NOT NULL REFERENCES chats(id),
            user_id INTEGER NOT NULL,
            linked_at TEXT NOT NULL,
            PRIMARY KEY (channel_id, user_id)
        );
        CREATE INDEX channel_managers_user ON channel_managers(user_id);
        CREATE TABLE managing (
            chat_id INTEGER PRIMARY KEY,
            target_id INTEGER NOT NULL REFERENCES chats(id)
        );
        """,
    )


@migrations()
def m015_corrections(db: Database) -> None:
    # Corrections by a person: the log, and a label a person set, which growth keeps.
    run_script(
        db,
        """
        ALTER TABLE storylines ADD COLUMN label_locked INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'move', 'label')),
            storyline_id INTEGER NOT NULL,
            others TEXT NOT NULL DEFAULT '',
            label TEXT NOT NULL DEFAULT '',
            made_by TEXT NOT NULL,
            made_at TEXT NOT NULL
        );
        """,
    )


@migrations()
def m016_correction_constraints(db: Database) -> None:
    # What undoing a correction needs, and when it was undone. An article a person moved out
    # of a storyline is a cannot-link with it: its term counts are kept so that later
    # articles closer to it than to the storyline follow it (news/storylines/corrections.py).
    run_script(
        db,
        """
        ALTER TABLE corrections ADD COLUMN undo TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE corrections ADD COLUMN undone_at TEXT;
        CREATE TABLE moved_out (
            storyline_id INTEGER NOT NULL REFERENCES storylines(id),
            article_id INTEGER NOT NULL REFERENCES articles(id),
            counts BLOB NOT NULL,
            correction_id INTEGER NOT NULL REFERENCES corrections(id),
            PRIMARY KEY (storyline_id, article_id)
        ) WITHOUT ROWID;
        CREATE INDEX moved_out_article ON moved_out(article_id);
        """,
    )


@migrations()
def m017_reports(db: Database) -> None:
    # Readers' reports of an article in the wrong storyline: the admins are told once a day
    # of each, however many readers press Report.
    run_script(
        db,
        """
        CREATE TABLE reports (
            article_id INTEGER NOT NULL,
            storyline_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            reported_at TEXT NOT NULL,
            PRIMARY KEY (article_id, storyline_id, chat_id)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m018_outlet_boilerplate(db: Database) -> None:
    # Sentences an outlet repeats under its articles (news/text/boilerplate.py), kept so that a
    # restart does not have to find them again before taking them out.
    run_script(
        db,
        """
        CREATE TABLE outlet_boilerplate (
            source TEXT NOT NULL,
            sentence TEXT NOT NULL,
            found_at TEXT NOT NULL,
            PRIMARY KEY (source, sentence)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m019_article_embeddings(db: Database) -> None:
    # Each article's embedding as float16 (half of float32's bytes, cosines all but equal), so that
    # corrections recompute storylines' sums without the model.
    run_script(db, "ALTER TABLE articles ADD COLUMN embedding BLOB;")


# What the full-text index reads of a title or body: CJK runs in pairs of characters
# (news/text/segmentation.py), registered on every connection newsbrief opens (storage/database.py).
INDEXED_FUNCTION = "newsbrief_indexed"


@migrations()
def m020_fts_reads_cjk_in_pairs(db: Database) -> None:
    # Chinese, Japanese and Korean runs carry no spaces, so FTS5 took a whole run for one word
    # and `地震` found no article saying `中国发生地震`. The triggers index them in pairs; the
    # articles indexed before are indexed again.
    fn = INDEXED_FUNCTION
    run_script(
        db,
        f"""
        DROP TRIGGER articles_ai;
        DROP TRIGGER articles_ad;
        DROP TRIGGER articles_au;
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body)
            VALUES (new.id, {fn}(new.title), {fn}(new.body));
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.id, {fn}(old.title), {fn}(old.body));
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
            VALUES ('delete', old.id, {fn}(old.title), {fn}(old.body));
            INSERT INTO articles_fts(rowid, title, body)
            VALUES (new.id, {fn}(new.title), {fn}(new.body));
        END;
        """,
    )
    # Read row by row: an archive's texts need not fit in memory at once.
    for article_id, title, body in db.conn.execute("SELECT id, title, body FROM articles"):
        if has_cjk(title) or has_cjk(body):
            db.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, body) "
                "VALUES ('delete', ?, ?, ?)",
                (article_id, title, body),
            )
            db.execute(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)",
                (article_id, indexed(title), indexed(body)),
            )
