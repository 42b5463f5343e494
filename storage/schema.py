"""The schema as first created (migration m001); later migrations change it step by step."""

INITIAL_SCHEMA = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    external_id TEXT,
    url TEXT NOT NULL DEFAULT '',
    url_key TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    source_id INTEGER NOT NULL REFERENCES sources(id),
    published_at TEXT,
    fetched_at TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    storyline_id INTEGER REFERENCES storylines(id)
);
CREATE UNIQUE INDEX articles_url_key ON articles(url_key) WHERE url_key != '';
CREATE INDEX articles_fingerprint ON articles(fingerprint);
CREATE INDEX articles_storyline ON articles(storyline_id, fetched_at);
CREATE INDEX articles_fetched ON articles(fetched_at);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, content='articles', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body)
    VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;

CREATE TABLE storylines (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    article_count INTEGER NOT NULL DEFAULT 0,
    source_count INTEGER NOT NULL DEFAULT 0,
    centroid TEXT NOT NULL DEFAULT '{}',
    merged_into INTEGER REFERENCES storylines(id)
);
CREATE INDEX storylines_last_seen ON storylines(last_seen);
CREATE TABLE storyline_terms (
    term TEXT NOT NULL,
    storyline_id INTEGER NOT NULL REFERENCES storylines(id),
    PRIMARY KEY (term, storyline_id)
) WITHOUT ROWID;
CREATE INDEX storyline_terms_storyline ON storyline_terms(storyline_id);
CREATE TABLE terms (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE chats (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL DEFAULT 'private',
    title TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL,
    briefing_time TEXT NOT NULL,
    days TEXT NOT NULL DEFAULT 'daily',
    weekly_day INTEGER NOT NULL DEFAULT 0,
    quiet_when_empty INTEGER NOT NULL DEFAULT 1,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE follows (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL REFERENCES chats(id),
    kind TEXT NOT NULL CHECK (kind IN ('storyline', 'topic')),
    storyline_id INTEGER REFERENCES storylines(id),
    topic TEXT,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX follows_unique
    ON follows(chat_id, kind, COALESCE(storyline_id, 0), COALESCE(topic, ''));

-- The delivery ledger: one row per briefing, claimed before composing and sending.
-- payload holds the composed parts, so a retry resends exactly what is left.
CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('scheduled', 'on_demand', 'command')),
    local_date TEXT,
    as_of TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'recorded', 'empty',
        'deferred', 'unknown', 'blocked', 'failed')),
    payload TEXT,
    parts_sent INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    error TEXT
);
CREATE INDEX deliveries_retry ON deliveries(status, next_attempt_at);
CREATE UNIQUE INDEX deliveries_scheduled_once
    ON deliveries(chat_id, local_date) WHERE kind = 'scheduled';
CREATE INDEX deliveries_chat ON deliveries(chat_id, as_of);
CREATE TABLE sent_sentences (
    chat_id INTEGER NOT NULL,
    digest TEXT NOT NULL,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    PRIMARY KEY (chat_id, digest)
) WITHOUT ROWID;

-- Searches a chat ran, so a "More" button carries only a short id.
CREATE TABLE queries (
    id INTEGER PRIMARY KEY,
    chat_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT,
    last_modified TEXT,
    interval_seconds INTEGER NOT NULL DEFAULT 900,
    next_poll_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_success_at TEXT,
    last_error TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
);
"""
