"""Storylines regrouped by a person: articles moved between storylines, states rewritten from
their members, and the cannot-links a move leaves (part of storage.archive.Archive)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from news.dates import to_iso
from news.records import Article
from news.storylines.state import StorylineState
from storage.database import Database
from storage.sql import chunks, marks
from storage.storylines import STATE_SET, decode_terms, encode_terms, state_values


class RegroupRows:
    """Moves, rewrites and cannot-links; the other mixins of Archive provide what is declared."""

    db: Database
    _stored_between: Callable[[int, str, str], list[Article]]
    _index: Callable[[int, Sequence[str]], None]
    _retire: Callable[[int, int], None]

    def member_articles(self, storyline_id: int) -> list[Article]:
        """All of a storyline's articles, oldest first."""
        return self._stored_between(storyline_id, "", "9999")

    def storyline_of_article(self, article_id: int) -> int | None:
        row = self.db.execute(
            "SELECT storyline_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else None

    def place_articles(self, article_ids: Sequence[int], storyline_id: int) -> None:
        """Put articles in a storyline; rewrite every storyline they touched afterwards."""
        for chunk in chunks(list(article_ids)):
            self.db.execute(
                f"UPDATE articles SET storyline_id = ? WHERE id IN ({marks(len(chunk))})",
                [storyline_id, *chunk],
            )

    def new_storyline(self, state: StorylineState) -> int:
        """An empty storyline row for articles about to be placed in it (then rewritten)."""
        cursor = self.db.execute(
            """INSERT INTO storylines (label, first_seen, last_seen, article_count,
                   source_count) VALUES (?, ?, ?, 0, 0)""",
            (state.label, to_iso(state.last_seen), to_iso(state.last_seen)),
        )
        return int(cursor.lastrowid or 0)

    def rewrite_storyline(self, state: StorylineState, index_terms: Sequence[str]) -> None:
        """A live storyline's state, counts and dates as its member articles now make them."""
        storyline_id = state.storyline_id
        self.db.execute(
            f"""UPDATE storylines SET {STATE_SET}, label_locked = ?, merged_into = NULL,
                   first_seen = (SELECT MIN(COALESCE(published_at, fetched_at)) FROM articles
                                 WHERE storyline_id = ?),
                   last_seen = (SELECT MAX(COALESCE(published_at, fetched_at)) FROM articles
                                WHERE storyline_id = ?),
                   article_count = (SELECT COUNT(*) FROM articles WHERE storyline_id = ?),
                   source_count = (SELECT COUNT(DISTINCT source_id) FROM articles
                                   WHERE storyline_id = ?)
               WHERE id = ?""",
            (*state_values(state), int(state.label_locked), *[storyline_id] * 5),
        )
        self._index(storyline_id, index_terms)

    def merged_ids(self, storyline_id: int) -> list[int]:
        """The retired storylines whose old ids lead to this one."""
        rows = self.db.execute(
            "SELECT id FROM storylines WHERE merged_into = ? ORDER BY id", (storyline_id,)
        ).fetchall()
        return [int(row[0]) for row in rows]

    def point_at(self, retired: Sequence[int], storyline_id: int) -> None:
        """Old ids lead to this storyline again (undoing a merge revives what they led to)."""
        for chunk in chunks(list(retired)):
            self.db.execute(
                f"UPDATE storylines SET merged_into = ? WHERE id IN ({marks(len(chunk))})",
                [storyline_id, *chunk],
            )

    def retire_storyline(self, storyline_id: int, into: int) -> None:
        """A storyline left without articles points at the one that took them."""
        self.db.execute(
            "UPDATE storylines SET article_count = 0, source_count = 0 WHERE id = ?",
            (storyline_id,),
        )
        self._retire(storyline_id, into)

    def add_moved_out(
        self, storyline_id: int, article_id: int, counts: Mapping[str, float], correction: int
    ) -> None:
        self.db.execute(
            """INSERT OR REPLACE INTO moved_out (storyline_id, article_id, counts, correction_id)
               VALUES (?, ?, ?, ?)""",
            (storyline_id, article_id, encode_terms(counts), correction),
        )

    def forget_moved_out(self, correction: int) -> None:
        self.db.execute("DELETE FROM moved_out WHERE correction_id = ?", (correction,))

    def forget_moved_back(self, storyline_id: int) -> None:
        """No cannot-link between a storyline and an article a person put back in it."""
        self.db.execute(
            """DELETE FROM moved_out WHERE storyline_id = ? AND article_id IN
               (SELECT id FROM articles WHERE storyline_id = ?)""",
            (storyline_id, storyline_id),
        )

    def moved_out_of(self, storyline_id: int) -> list[tuple[int, dict[str, float]]]:
        """The storylines now holding the articles people moved out of this one, with each
        article's term counts."""
        rows = self.db.execute(
            """SELECT a.storyline_id, m.counts FROM moved_out m
               JOIN articles a ON a.id = m.article_id
               WHERE m.storyline_id = ? AND a.storyline_id IS NOT NULL""",
            (storyline_id,),
        ).fetchall()
        return [(int(row[0]), decode_terms(row[1])) for row in rows]

    def kept_apart(self, storyline_id: int) -> set[int]:
        """Storylines never merged with this one automatically: those holding an article a
        person moved out of it, and those an article of it was moved out of."""
        rows = self.db.execute(
            """SELECT a.storyline_id FROM moved_out m JOIN articles a ON a.id = m.article_id
               WHERE m.storyline_id = ?
               UNION
               SELECT m.storyline_id FROM moved_out m JOIN articles a ON a.id = m.article_id
               WHERE a.storyline_id = ?""",
            (storyline_id, storyline_id),
        ).fetchall()
        return {int(row[0]) for row in rows if row[0] is not None} - {storyline_id}

    def storyline_followers(self, storyline_id: int) -> list[int]:
        rows = self.db.execute(
            "SELECT chat_id FROM follows WHERE kind = 'storyline' AND storyline_id = ?",
            (storyline_id,),
        ).fetchall()
        return [int(row[0]) for row in rows]

    def restore_follows(
        self, storyline_id: int, chats: Sequence[int], survivor: int, keep: Sequence[int]
    ) -> None:
        """Chats that followed a storyline before a merge follow it again once it is undone;
        of them, those not in `keep` (that did not follow the survivor) stop following it."""
        kept = set(keep)
        for chat in chats:
            self.db.execute(
                """INSERT OR IGNORE INTO follows (chat_id, kind, storyline_id, created_at)
                   SELECT ?, 'storyline', ?, created_at FROM follows
                   WHERE chat_id = ? AND kind = 'storyline' AND storyline_id = ?""",
                (chat, storyline_id, chat, survivor),
            )
            if chat not in kept:
                self.db.execute(
                    """DELETE FROM follows
                       WHERE chat_id = ? AND kind = 'storyline' AND storyline_id = ?""",
                    (chat, survivor),
                )
