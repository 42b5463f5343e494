"""How people's corrections steer where later articles go.

An article a person moved out of a storyline is a cannot-link with it: a later article the
decision would put in that storyline, but which is closer to the moved article than to the
storyline's centroid, follows the moved article instead. A storyline and one that holds an
article moved out of it are kept apart: never merged automatically again.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from news.storylines.state import Assignment, CorpusView
from news.vectors import cosine, idf_weighted


class Constraints(Protocol):
    """The cannot-links people's corrections left, as storage keeps them."""

    def moved_out_of(self, storyline_id: int) -> list[tuple[int, dict[str, float]]]: ...

    def kept_apart(self, storyline_id: int) -> set[int]: ...


def follow_moved(
    assignment: Assignment, constraints: Constraints, corpus: CorpusView
) -> Assignment:
    """The assignment, redirected to the storyline of a moved-out article it is closer to."""
    if assignment.storyline_id is None:
        return assignment
    moved = constraints.moved_out_of(assignment.storyline_id)
    if not moved:
        return assignment
    n = corpus.document_count()
    best, target = assignment.similarity, assignment.storyline_id
    for storyline_id, counts in moved:
        likeness = cosine(
            assignment.weights, idf_weighted(counts, n, corpus.document_frequencies(counts))
        )
        if likeness > best:
            best, target = likeness, storyline_id
    if target == assignment.storyline_id:
        return assignment
    return replace(assignment, storyline_id=target, similarity=best, also_matched=())
