"""Corrections by a person (news/storylines/corrections.py): what each does to the storylines,
undoing it, the constraints it leaves for later articles, and the tables staying consistent."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from news.ingest import Ingestor
from news.records import ArticleDraft
from news.storylines.assignment import ClusterConfig, Clusterer
from news.storylines.corrections import CorrectionError, Editor
from storage.store import Store
from tests.news.storylines.test_decision import QUAKES

NOW = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)
WHEN = datetime(2026, 2, 2, 8, 0, tzinfo=UTC)
BY = "test"


def _draft(title: str, body: str, source: str, hours: int) -> ArticleDraft:
    return ArticleDraft(title, body, source, published_at=WHEN + timedelta(hours=hours))


# Short articles of four stories: a storyline's summed terms stay under the centroid's bound,
# so a centroid grown article by article equals one recomputed from its members.
SHORT = [
    _draft("Aceh earthquake kills 31", "A magnitude 6.4 quake hit Aceh on Monday.", "Wire", 0),
    _draft("Aceh quake toll reaches 31", "Rescuers in Bireuen dug through rubble.", "Post", 3),
    _draft(
        "Peru earthquake kills 4", "A magnitude 5.9 quake hit Arequipa on Thursday.", "Wire", 72
    ),
    _draft(
        "Klitschko beats Thompson", "Wladimir Klitschko stopped Tony Thompson in Bern.", "Ring", 5
    ),
    _draft("Klitschko stops Thompson", "Klitschko won in the sixth round in Bern.", "Post", 6),
    _draft("Klitschko beats Rahman", "Klitschko knocked out Hasim Rahman in Mannheim.", "Ring", 90),
    _draft("Oslo votes for mayor", "Voters in Oslo chose a new mayor on Sunday.", "Nord", 10),
    _draft("Oslo mayor race tightens", "Polls in Oslo show a close race for mayor.", "Wire", 11),
]


def _editor(store: Store, config: ClusterConfig | None = None) -> tuple[Ingestor, Editor]:
    ingestor = Ingestor(store.archive, Clusterer(config))
    editor = Editor(store.archive, ingestor.clusterer, ingestor.corpus, store.corrections)
    return ingestor, editor


def _groups(store: Store) -> dict[int, set[int]]:
    rows = store.db.execute("SELECT id, storyline_id FROM articles").fetchall()
    groups: dict[int, set[int]] = {}
    for article_id, storyline_id in rows:
        groups.setdefault(storyline_id, set()).add(article_id)
    return groups


def _storyline_of(store: Store, article_id: int) -> int:
    found = store.archive.storyline_of_article(article_id)
    assert found is not None
    return found


def assert_consistent(store: Store, editor: Editor) -> None:
    """Every article in exactly one live storyline; each live storyline's counts, centroid,
    arguments and headline count equal to a recomputation from its members; the index and
    follows only on live storylines."""
    archive, db = store.archive, store.db
    live = {
        row[0]: (row[1], row[2])
        for row in db.execute(
            "SELECT id, article_count, source_count FROM storylines WHERE merged_into IS NULL"
        )
    }
    groups = _groups(store)
    assert set(groups) == set(live), "a storyline without articles, or an article outside"
    for storyline_id, members in groups.items():
        articles = archive.member_articles(storyline_id)
        assert {a.id for a in articles} == members
        sources = {a.source for a in articles}
        assert live[storyline_id] == (len(members), len(sources))
        state = archive.storyline_state(storyline_id)
        assert state is not None
        expected, _ = editor.state_of(storyline_id, articles, state)
        assert state.terms.keys() == expected.terms.keys()
        assert all(math.isclose(state.terms[t], v) for t, v in expected.terms.items())
        assert state.arguments.keys() == expected.arguments.keys()
        assert (state.size, state.headlines) == (expected.size, expected.headlines)
    indexed = {row[0] for row in db.execute("SELECT DISTINCT storyline_id FROM storyline_terms")}
    assert indexed == set(live)
    followed = {
        row[0] for row in db.execute("SELECT storyline_id FROM follows WHERE kind = 'storyline'")
    }
    assert followed <= set(live)
    resolved = {row[0]: row[1] for row in db.execute("SELECT id, merged_into FROM storylines")}
    for storyline_id in resolved:  # every old id leads to a live storyline
        seen = 0
        while resolved[storyline_id] is not None and seen < len(resolved):
            storyline_id, seen = resolved[storyline_id], seen + 1
        assert storyline_id in live


def test_merge_split_move_and_label_then_undo_each(store: Store) -> None:
    ingestor, editor = _editor(store)
    report = ingestor.ingest(enumerate(QUAKES, 1), WHEN)
    aceh1, aceh2, peru = report.article_ids
    aceh, peru_line = _storyline_of(store, aceh1), _storyline_of(store, peru)
    assert aceh != peru_line
    store.chats.ensure(7, WHEN)
    store.follows.follow_storyline(7, peru_line, WHEN)
    original = _groups(store)

    merged = editor.merge(aceh, [peru_line], BY, NOW)
    assert _groups(store) == {aceh: {aceh1, aceh2, peru}}
    assert "merged" in merged.summary and store.archive.storyline(peru_line).id == aceh  # type: ignore[union-attr]
    assert store.archive.storyline_followers(aceh) == [7]
    assert_consistent(store, editor)
    editor.undo(merged.correction_id, NOW)
    assert _groups(store) == original
    assert store.archive.storyline_followers(peru_line) == [7]
    assert store.archive.storyline_followers(aceh) == []
    assert_consistent(store, editor)

    split = editor.split(aceh, [aceh2], BY, NOW)
    assert _groups(store)[split.storyline_id] == {aceh2}
    assert store.archive.kept_apart(aceh) == {split.storyline_id}
    assert_consistent(store, editor)
    editor.undo(split.correction_id, NOW)
    assert _groups(store) == original and store.archive.kept_apart(aceh) == set()

    moved = editor.move(aceh2, peru_line, BY, NOW)
    assert _groups(store) == {aceh: {aceh1}, peru_line: {aceh2, peru}}
    assert store.archive.kept_apart(aceh) == {peru_line}
    editor.undo(moved.correction_id, NOW)
    assert _groups(store) == original

    named = editor.label(aceh, "  The Aceh quake\n", BY, NOW)
    assert store.archive.storyline(aceh).label == "The Aceh quake"  # type: ignore[union-attr]
    editor.undo(named.correction_id, NOW)
    state = store.archive.storyline_state(aceh)
    assert state is not None and not state.label_locked and state.label != "The Aceh quake"
    assert [c.undone_at for c in store.corrections.all()] == [NOW] * 4
    assert_consistent(store, editor)


def test_undo_is_refused_twice_and_behind_a_later_correction(store: Store) -> None:
    ingestor, editor = _editor(store)
    aceh1, _, peru = ingestor.ingest(enumerate(QUAKES, 1), WHEN).article_ids
    aceh, peru_line = _storyline_of(store, aceh1), _storyline_of(store, peru)
    first = editor.label(aceh, "Aceh", BY, NOW)
    second = editor.merge(aceh, [peru_line], BY, NOW)
    with pytest.raises(CorrectionError, match=f"correction {second.correction_id} changed"):
        editor.undo(first.correction_id, NOW)
    editor.undo(second.correction_id, NOW)
    editor.undo(first.correction_id, NOW)
    with pytest.raises(CorrectionError, match="undone already"):
        editor.undo(first.correction_id, NOW)
    with pytest.raises(CorrectionError, match="no correction 99"):
        editor.undo(99, NOW)


def test_undoing_a_merge_or_a_move_gives_old_ids_their_storyline_back(store: Store) -> None:
    """A storyline merged in earlier (its old id led to the one merged) leads to it again."""
    ingestor, editor = _editor(store)
    ids = ingestor.ingest(enumerate(SHORT, 1), WHEN).article_ids
    aceh, peru, rahman, oslo = (_storyline_of(store, ids[i]) for i in (0, 2, 5, 6))
    assert len({aceh, peru, rahman, oslo}) == 4

    def leads_to(old: int) -> int | None:
        found = store.archive.storyline(old)
        return found.id if found else None

    editor.merge(aceh, [peru], BY, NOW)
    merge = editor.merge(oslo, [aceh], BY, NOW)
    assert leads_to(peru) == oslo
    editor.undo(merge.correction_id, NOW)
    assert (leads_to(peru), leads_to(aceh)) == (aceh, aceh)

    editor.merge(rahman, [aceh], BY, NOW)  # aceh's id and the ids merged into it lead on
    assert leads_to(aceh) == leads_to(peru) == rahman
    for article in store.archive.member_ids(rahman)[:-1]:
        editor.move(article, oslo, BY, NOW)
    emptied = editor.move(store.archive.member_ids(rahman)[0], oslo, BY, NOW)
    assert leads_to(rahman) == leads_to(peru) == oslo
    editor.undo(emptied.correction_id, NOW)
    assert (leads_to(rahman), leads_to(aceh), leads_to(peru)) == (rahman, rahman, rahman)
    assert_consistent(store, editor)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e, a, s: e.merge(s, [s], BY, NOW), "cannot be merged into itself"),
        (lambda e, a, s: e.merge(s, [999], BY, NOW), "no storyline 999"),
        (lambda e, a, s: e.split(s, [999], BY, NOW), "article 999 is not in storyline"),
        (lambda e, a, s: e.move(999, s, BY, NOW), "no article 999"),
        (lambda e, a, s: e.move(a, s, BY, NOW), "already"),
        (lambda e, a, s: e.move(a, 999, BY, NOW), "no storyline 999"),
        (lambda e, a, s: e.label(s, " \n", BY, NOW), "the label is empty"),
    ],
)
def test_a_wrong_correction_changes_nothing(store: Store, change: object, message: str) -> None:
    ingestor, editor = _editor(store)
    aceh1 = ingestor.ingest(enumerate(QUAKES, 1), WHEN).article_ids[0]
    before = _groups(store)
    with pytest.raises(CorrectionError, match=message):
        change(editor, aceh1, _storyline_of(store, aceh1))  # type: ignore[operator]
    assert _groups(store) == before and store.corrections.all() == []


def test_a_split_must_leave_an_article_and_a_lone_article_has_nowhere_to_go(
    store: Store,
) -> None:
    ingestor, editor = _editor(store)
    aceh1, aceh2, peru = ingestor.ingest(enumerate(QUAKES, 1), WHEN).article_ids
    aceh = _storyline_of(store, aceh1)
    with pytest.raises(CorrectionError, match="must leave some articles"):
        editor.split(aceh, [aceh1, aceh2], BY, NOW)
    with pytest.raises(CorrectionError, match="the only one"):
        editor.move_out(peru, BY, NOW)


# Everything joins and everything merges: only the constraints keep stories apart.
EAGER = ClusterConfig(join_log_odds=-100.0, headline_join_log_odds=-100.0, merge_threshold=0.0)

LATER_PERU = _draft(
    "Peru earthquake: Arequipa counts damage",
    "Engineers in Arequipa and Caraveli inspected homes damaged by Thursday's magnitude 5.9 "
    "earthquake in Peru; the civil defence institute kept the toll at 4.",
    "Andes Post",
    80,
)
LATER_ACEH = _draft(
    "Aceh earthquake survivors shelter in tents",
    "Survivors of Monday's magnitude 6.4 earthquake in Aceh sheltered in tents in Bireuen as "
    "aftershocks continued; the toll stood at 31.",
    "Harbour Wire",
    50,
)


def test_an_article_moved_out_steers_later_ones_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "constraints.db"
    store = Store(path)
    ingestor, editor = _editor(store, EAGER)
    aceh1, _, peru = ingestor.ingest(enumerate(QUAKES, 1), WHEN).article_ids
    everything = _storyline_of(store, aceh1)
    assert _storyline_of(store, peru) == everything  # the eager clusterer lumps them
    out = editor.move_out(peru, BY, NOW)
    peru_line = _storyline_of(store, peru)
    assert peru_line != everything and out.storyline_id == peru_line
    store.close()

    store = Store(path)  # the constraint is in the database, not in memory
    ingestor, editor = _editor(store, EAGER)
    peru2, aceh4 = ingestor.ingest(enumerate([LATER_PERU, LATER_ACEH], 1), NOW).article_ids
    # The Peru report follows the article moved out; the Aceh one stays; and although every
    # storyline matches every article, the two are never merged again.
    assert _storyline_of(store, peru2) == peru_line
    assert _storyline_of(store, aceh4) == everything
    assert_consistent(store, editor)
    store.close()


def test_a_person_merge_lifts_the_constraint_between_the_two(store: Store) -> None:
    ingestor, editor = _editor(store, EAGER)
    aceh1, _, peru = ingestor.ingest(enumerate(QUAKES, 1), WHEN).article_ids
    everything = _storyline_of(store, aceh1)
    split = editor.split(everything, [peru], BY, NOW)
    assert store.archive.kept_apart(everything) == {split.storyline_id}
    editor.merge(everything, [split.storyline_id], BY, NOW)
    assert store.archive.kept_apart(everything) == set()
    assert store.db.execute("SELECT COUNT(*) FROM moved_out").fetchone()[0] == 0


operations = st.lists(
    st.tuples(
        st.sampled_from(["merge", "split", "move", "move_out", "label", "undo"]),
        st.integers(0, 20),
        st.integers(0, 20),
    ),
    max_size=7,
)


@settings(max_examples=30, deadline=None)
@given(steps=operations)
def test_the_tables_stay_consistent_after_any_corrections(
    steps: list[tuple[str, int, int]],
) -> None:
    store = Store(":memory:")
    try:
        ingestor, editor = _editor(store)
        articles = ingestor.ingest(enumerate(SHORT, 1), WHEN).article_ids
        store.chats.ensure(1, WHEN)
        store.follows.follow_storyline(1, _storyline_of(store, articles[0]), WHEN)
        done: list[int] = []
        for kind, x, y in steps:
            lines = sorted(_groups(store))
            line, other = lines[x % len(lines)], lines[y % len(lines)]
            article = articles[y % len(articles)]
            try:
                if kind == "merge":
                    made = editor.merge(line, [other], BY, NOW)
                elif kind == "split":
                    members = sorted(_groups(store)[line])
                    made = editor.split(line, members[: 1 + y % len(members)], BY, NOW)
                elif kind == "move":
                    made = editor.move(article, line, BY, NOW)
                elif kind == "move_out":
                    made = editor.move_out(article, BY, NOW)
                elif kind == "label":
                    made = editor.label(line, f"label {x}", BY, NOW)
                else:
                    made = editor.undo(done[x % len(done)] if done else 1, NOW)
            except CorrectionError:
                continue
            done.append(made.correction_id)
            assert_consistent(store, editor)
        assert_consistent(store, editor)
    finally:
        store.close()


def test_briefings_read_a_storylines_articles_anew_after_a_correction(store: Store) -> None:
    ingestor, editor = _editor(store)
    aceh1, aceh2, peru = ingestor.ingest(enumerate(QUAKES, 1), WHEN).article_ids
    aceh, peru_line = _storyline_of(store, aceh1), _storyline_of(store, peru)
    window = (WHEN - timedelta(days=1), NOW)
    assert {a.id for a in store.archive.new_articles(aceh, *window)} == {aceh1, aceh2}
    # One article out and another in: the count is the same, the list is not.
    editor.move(aceh2, peru_line, BY, NOW)
    editor.move(peru, aceh, BY, NOW)
    assert {a.id for a in store.archive.new_articles(aceh, *window)} == {aceh1, peru}
