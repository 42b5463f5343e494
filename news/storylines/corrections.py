"""Corrections by a person: storylines merged, split and named, articles moved, and undone.

Every correction rewrites the storylines it touches from their member articles, exactly as if
the articles had been assigned that way (centroid, arguments, embedding, index terms, counts),
is logged with what undoing it needs, and leaves the constraints later assignment honours
(news/storylines/constraints.py): an article moved out of a storyline is a cannot-link with it.
A merge made by a person is final for automatic processes too, as none ever splits a storyline.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from news.language.detection import ENGLISH, declared
from news.language.event_details import combined, detail_profile
from news.ports import CorrectionArchive, CorrectionLog
from news.records import Article, CorrectionKind
from news.storylines.article_terms import term_counts
from news.storylines.assignment import Clusterer
from news.storylines.labels import best_headline
from news.storylines.state import CorpusView, StorylineState
from news.text.cleaning import one_line
from news.vectors import Vector, added, idf_weighted, length

LABEL_CHARS = 200


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Corrected:
    """What a correction did: its number in the log, a sentence, the storyline to look at."""

    correction_id: int
    summary: str
    storyline_id: int


class _Without:
    """The corpus with one storyline hidden from the candidates (where else an article goes)."""

    def __init__(self, corpus: CorpusView, hidden: int) -> None:
        self.corpus, self.hidden = corpus, hidden

    def document_count(self) -> int:
        return self.corpus.document_count()

    def document_frequencies(self, terms: Collection[str]) -> Mapping[str, int]:
        return self.corpus.document_frequencies(terms)

    def candidate_storylines(
        self, terms: Sequence[str], since: datetime, limit: int, before: datetime | None = None
    ) -> list[StorylineState]:
        found = self.corpus.candidate_storylines(terms, since, limit + 1, before)
        return [s for s in found if s.storyline_id != self.hidden][:limit]

    def recent_storylines(self, since: datetime, limit: int) -> list[StorylineState]:
        found = self.corpus.recent_storylines(since, limit + 1)
        return [s for s in found if s.storyline_id != self.hidden][:limit]


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _language(article: Article) -> str:
    """The language an article's terms were counted in (news/language/detection.py); articles stored
    before languages were kept were counted as English."""
    return declared(article.language) or ENGLISH


def embeddings_of(
    clusterer: Clusterer, archive: CorrectionArchive, articles: Sequence[Article]
) -> list[Vector | None]:
    """The articles' embeddings as stored, the model asked only for those stored without one
    (before it was in use); None for each when no model is in use."""
    if clusterer.embedder is None:
        return [None] * len(articles)
    stored = archive.article_embeddings([a.id for a in articles])
    missing = [a for a in articles if a.id not in stored]
    computed = clusterer.embed_articles([(a.title, a.body) for a in missing])
    stored.update((a.id, v) for a, v in zip(missing, computed, strict=True) if v is not None)
    return [stored.get(a.id) for a in articles]


class Editor:
    """Applies people's corrections to the archive and keeps their log."""

    def __init__(
        self,
        archive: CorrectionArchive,
        clusterer: Clusterer,
        corpus: CorpusView,
        log: CorrectionLog,
    ) -> None:
        self.archive, self.clusterer, self.corpus, self.log = archive, clusterer, corpus, log

    def merge(self, into: int, others: Sequence[int], by: str, now: datetime) -> Corrected:
        """Fold `others` into `into`, which keeps its id; their followers follow it."""
        archive = self.archive
        self._live(into)
        others = list(dict.fromkeys(others))
        for other in others:
            if other == into:
                raise CorrectionError(f"storyline {into} cannot be merged into itself")
            self._live(other)
        with archive.writing():
            moved = {str(o): archive.member_ids(o) for o in others}
            follows = {str(o): archive.storyline_followers(o) for o in others}
            undo = {
                "storylines": [into, *others],
                "articles": moved,
                "follows": follows,
                "followed": archive.storyline_followers(into),
                # Old ids that led to a storyline merged in lead back to it once undone.
                "redirected": {str(o): archive.merged_ids(o) for o in others},
            }
            for other in others:
                archive.place_articles(moved[str(other)], into)
                archive.retire_storyline(other, into)
            state = self._rewrite(into)
            number = self.log.record(CorrectionKind.MERGE, into, others, by, now, undo=undo)
        merged = ", ".join(map(str, others))
        return Corrected(
            number,
            f"merged storyline{'s' if len(others) > 1 else ''} {merged} into {into}: {state.label} "
            f"({_plural(state.size, 'article')})",
            into,
        )

    def split(
        self, storyline_id: int, article_ids: Sequence[int], by: str, now: datetime
    ) -> Corrected:
        """Move articles out of a storyline into a new one, kept apart from it from now on."""
        archive = self.archive
        self._live(storyline_id)
        ids = list(dict.fromkeys(article_ids))
        members = set(archive.member_ids(storyline_id))
        for article_id in ids:
            if article_id not in members:
                raise CorrectionError(f"article {article_id} is not in storyline {storyline_id}")
        if not ids or len(ids) >= len(members):
            raise CorrectionError(f"a split must leave some articles in storyline {storyline_id}")
        with archive.writing():
            moving = archive.articles(ids)
            first = min(a.when for a in moving)
            new_id = archive.new_storyline(StorylineState(0, {}, 0, first, moving[0].title))
            archive.place_articles(ids, new_id)
            split_off = self._rewrite(new_id)
            self._rewrite(storyline_id)
            undo = {"storylines": [storyline_id, new_id], "new": new_id}
            number = self.log.record(CorrectionKind.SPLIT, storyline_id, ids, by, now, undo=undo)
            for article in moving:
                archive.add_moved_out(storyline_id, article.id, self._counts(article), number)
        return Corrected(
            number,
            f"split {_plural(len(ids), 'article')} off storyline {storyline_id} into new storyline "
            f"{new_id}: "
            f"{split_off.label}",
            new_id,
        )

    def move(self, article_id: int, storyline_id: int, by: str, now: datetime) -> Corrected:
        """Move one article to another storyline; it stays apart from the one it left."""
        archive = self.archive
        origin = archive.storyline_of_article(article_id)
        if origin is None:
            raise CorrectionError(f"no article {article_id}")
        self._live(storyline_id)
        if origin == storyline_id:
            raise CorrectionError(f"article {article_id} is in storyline {storyline_id} already")
        with archive.writing():
            article = archive.articles([article_id])[0]
            followers = archive.storyline_followers(origin)
            undo: dict[str, Any] = {
                "storylines": [storyline_id, origin],
                "from": origin,
                "followed": archive.storyline_followers(storyline_id),
            }
            archive.place_articles([article_id], storyline_id)
            archive.forget_moved_back(storyline_id)
            redirected = archive.merged_ids(origin)
            undo["emptied"] = not self._settle(origin, storyline_id)
            if undo["emptied"]:
                undo["follows"] = followers
                undo["redirected"] = redirected
            state = self._rewrite(storyline_id)
            number = self.log.record(
                CorrectionKind.MOVE, storyline_id, [article_id], by, now, undo=undo
            )
            if not undo["emptied"]:
                archive.add_moved_out(origin, article_id, self._counts(article), number)
        return Corrected(
            number,
            f"moved article {article_id} from storyline {origin} to {storyline_id}: {state.label}",
            storyline_id,
        )

    def move_out(self, article_id: int, by: str, now: datetime) -> Corrected:
        """ "Not this story": the article goes where it fits best apart from its storyline,
        which may be a new storyline of its own."""
        archive = self.archive
        origin = archive.storyline_of_article(article_id)
        if origin is None:
            raise CorrectionError(f"no article {article_id}")
        state = archive.storyline_state(origin)
        if state is None or state.size < 2:
            raise CorrectionError(f"article {article_id} is the only one in storyline {origin}")
        article = archive.articles([article_id])[0]
        embedding = embeddings_of(self.clusterer, archive, [article])[0]
        placed = self.clusterer.place(
            self._counts(article),
            article.when,
            _Without(self.corpus, origin),
            embedding,
            detail_profile(article.title, article.body, _language(article)),
        )
        if placed.storyline_id is None:
            return self.split(origin, [article_id], by, now)
        return self.move(article_id, placed.storyline_id, by, now)

    def label(self, storyline_id: int, text: str, by: str, now: datetime) -> Corrected:
        """Name a storyline; the name is kept as it grows and merges."""
        state = self._live(storyline_id)
        label = one_line(text)[:LABEL_CHARS]
        if not label:
            raise CorrectionError("the label is empty")
        undo = {"storylines": [storyline_id], "label": state.label, "locked": state.label_locked}
        with self.archive.writing():
            self.archive.set_label(storyline_id, label)
            number = self.log.record(
                CorrectionKind.LABEL, storyline_id, [], by, now, label=label, undo=undo
            )
        return Corrected(number, f"storyline {storyline_id} is now labelled: {label}", storyline_id)

    def undo(self, correction_id: int, now: datetime) -> Corrected:
        """Put back what a correction changed, unless a later one changed the same storylines."""
        archive, log = self.archive, self.log
        correction = log.get(correction_id)
        if correction is None:
            raise CorrectionError(f"no correction {correction_id}")
        if correction.undone_at is not None:
            raise CorrectionError(f"correction {correction_id} is undone already")
        later = [c for c in log.later(correction_id) if c.storylines & correction.storylines]
        if later:
            raise CorrectionError(
                f"correction {later[-1].id} changed the same storylines since: undo it first"
            )
        kind, undo, home = correction.kind, correction.undo, correction.storyline_id
        with archive.writing():
            if kind is CorrectionKind.MERGE:
                for other in correction.others:
                    self._bring_back(undo["articles"][str(other)], other)
                    archive.restore_follows(
                        other, undo["follows"][str(other)], home, undo["followed"]
                    )
                    archive.point_at(undo.get("redirected", {}).get(str(other), []), other)
                shown = home
            elif kind is CorrectionKind.SPLIT:
                new = int(undo["new"])
                stayed = archive.member_ids(new)
                self._bring_back([*correction.others, *stayed], home)
                archive.forget_moved_out(correction_id)
                shown = home
            elif kind is CorrectionKind.MOVE:
                origin = int(undo["from"])
                self._bring_back(correction.others, origin)
                if undo["emptied"]:
                    archive.restore_follows(origin, undo["follows"], home, undo["followed"])
                    archive.point_at(undo.get("redirected", []), origin)
                archive.forget_moved_out(correction_id)
                shown = origin
            else:
                archive.set_label(home, undo["label"], bool(undo["locked"]))
                shown = home
            log.mark_undone(correction_id, now)
        return Corrected(correction_id, f"undid correction {correction_id} ({kind.value})", shown)

    def _bring_back(self, article_ids: Iterable[int], storyline_id: int) -> None:
        """Put articles (back) in a storyline, reviving it if it was retired, and settle the
        storylines they leave."""
        archive, ids = self.archive, list(article_ids)
        left = set(archive.storylines_of(ids)) - {storyline_id, None}
        archive.place_articles(ids, storyline_id)
        archive.forget_moved_back(storyline_id)
        for other in sorted(s for s in left if s is not None):
            self._settle(other, storyline_id)
        self._rewrite(storyline_id)

    def _settle(self, storyline_id: int, into: int) -> bool:
        """Rewrite a storyline that lost articles, or retire it into `into` when it has none
        left; whether it still has articles."""
        if self.archive.member_ids(storyline_id):
            self._rewrite(storyline_id)
            return True
        self.archive.retire_storyline(storyline_id, into)
        return False

    def _live(self, storyline_id: int) -> StorylineState:
        state = self.archive.storyline_state(storyline_id)
        if state is None:
            raise CorrectionError(f"no storyline {storyline_id}")
        return state

    def _counts(self, article: Article) -> dict[str, float]:
        config = self.clusterer.config
        return term_counts(article.title, article.body, config, article.url, _language(article))

    def _rewrite(self, storyline_id: int) -> StorylineState:
        """The storyline's state from its member articles, written; a person's label stays."""
        previous = self.archive.storyline_state(storyline_id)  # None when it is revived
        members = self.archive.member_articles(storyline_id)
        state, index = self.state_of(storyline_id, members, previous)
        self.archive.rewrite_storyline(state, index)
        return state

    def state_of(
        self, storyline_id: int, members: Sequence[Article], previous: StorylineState | None
    ) -> tuple[StorylineState, list[str]]:
        """A storyline's state as assigning `members` to it one by one builds it (its centroid
        is trimmed once, at the end), and its index terms."""
        clusterer, config = self.clusterer, self.clusterer.config
        totals: dict[str, float] = {}
        headlines = 0
        for article in members:
            counts = self._counts(article)
            for term, value in counts.items():
                totals[term] = totals.get(term, 0.0) + value
            headlines += len(counts) < config.short_features
        terms = clusterer.updated_centroid(None, totals)
        n = self.corpus.document_count()
        frequencies = self.corpus.document_frequencies(terms)
        weighted = idf_weighted(terms, n, frequencies)
        profile = combined(detail_profile(a.title, a.body, _language(a)) for a in members)
        locked = previous is not None and previous.label_locked
        titles = [a.title for a in members]
        label = (
            previous.label
            if previous is not None and locked
            else best_headline(titles, terms, n, frequencies, profile, len(members))
        )
        embedding: Vector | None = None
        for vector in embeddings_of(clusterer, self.archive, members):
            embedding = added(embedding, vector)
        state = StorylineState(
            storyline_id=storyline_id,
            terms=terms,
            size=len(members),
            last_seen=max(a.when for a in members),
            label=label,
            norm=length(weighted),
            embedding=embedding,
            headlines=headlines,
            arguments=profile,
            label_locked=locked,
        )
        return state, clusterer.index_terms(weighted)
