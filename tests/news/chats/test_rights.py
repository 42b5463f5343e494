"""Who may do what: one policy, asked by every handler."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from news.chats.rights import LinkRefusal, Person, Rights, channel_link_refusal
from news.records import Correction, CorrectionKind

ADMIN = Person(1, "ed", private=True)
READER = Person(2, "ann", private=True)
READER_IN_GROUP = Person(2, "ann", private=False)


def correction_by(person: Person) -> Correction:
    return Correction(
        id=1,
        kind=CorrectionKind.MOVE,
        storyline_id=3,
        others=(9,),
        label="",
        made_by=person.signature,
        made_at=datetime(2025, 6, 10, tzinfo=UTC),
    )


def test_admins_may_do_everything_readers_what_the_operator_opened() -> None:
    closed = Rights(frozenset({1}))
    assert closed.is_admin(ADMIN) and not closed.is_admin(READER)
    assert closed.may_correct(ADMIN) and not closed.may_correct(READER)
    assert closed.may_add_articles(ADMIN) and not closed.may_add_articles(READER)
    opened = Rights(frozenset({1}), open_corrections=True, open_ingest=True)
    assert opened.may_correct(READER) and not opened.may_correct(READER_IN_GROUP)
    assert opened.may_add_articles(READER_IN_GROUP)


def test_a_reader_undoes_only_their_own_corrections_and_sees_only_theirs() -> None:
    rights = Rights(frozenset({1}), open_corrections=True)
    assert rights.may_undo(READER, correction_by(READER))
    assert not rights.may_undo(READER, correction_by(Person(3)))
    assert not rights.may_undo(READER, None)
    assert rights.may_undo(ADMIN, correction_by(READER))
    assert not Rights(frozenset({1})).may_undo(READER, correction_by(READER))  # closed again
    assert rights.corrections_shown(ADMIN) is None
    assert rights.corrections_shown(READER) == "Telegram user 2 (@ann)"


@pytest.mark.parametrize(
    ("person", "bot", "may_post", "refusal"),
    [
        ("creator", "administrator", True, None),
        ("administrator", "administrator", True, None),
        ("member", "administrator", True, LinkRefusal.NOT_CHANNEL_ADMIN),
        ("left", "administrator", True, LinkRefusal.NOT_CHANNEL_ADMIN),
        ("creator", "administrator", False, LinkRefusal.BOT_CANNOT_POST),
        ("creator", "member", True, LinkRefusal.BOT_CANNOT_POST),
    ],
)
def test_a_channel_is_linked_only_when_both_hold_the_rights(
    person: str, bot: str, may_post: bool, refusal: LinkRefusal | None
) -> None:
    assert channel_link_refusal(person, bot, may_post) is refusal
