"""Corrections in chat: /merge, /move, /label, "Not this story", Undo and Report, with the
rights each needs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bot.app import NewsApplication, build_application
from bot.config import Settings, SettingsError
from bot.services import Services
from handlers.registry import command_menus
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message, press
from tests.handlers.test_chat import assert_valid_html, demo, send

__all__ = ["demo"]  # the fixture, used by name

ADMIN = 42  # tests/conftest.py's settings
READER = 7
pytestmark = pytest.mark.usefixtures("demo")


def _largest(store: Store) -> tuple[int, list[int]]:
    """The demo's largest storyline and its article ids."""
    storyline = max(store.archive.latest_storylines(20), key=lambda s: s.article_count)
    return storyline.id, [a.id for a in store.archive.member_articles(storyline.id)]


def _storylines(store: Store) -> dict[int, set[int]]:
    groups: dict[int, set[int]] = {}
    for article_id, storyline_id in store.db.execute("SELECT id, storyline_id FROM articles"):
        groups.setdefault(storyline_id, set()).add(article_id)
    return groups


async def test_an_admin_moves_an_article_out_from_the_story_and_undoes_it(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    storyline, members = _largest(store)
    before = _storylines(store)
    await send(app, message(f"/story {storyline}", chat_id=ADMIN))
    shown = request_recorder.sent(ADMIN)[-1]
    assert_valid_html(str(shown.params["text"]))
    fixes = [b for b in request_recorder.buttons(shown) if b[0].startswith("✂ Not this story")]
    assert fixes, "each listed article has a Not this story button"
    article = int(fixes[0][1].split(":")[1])
    assert f"<code>{article}</code>" in str(shown.params["text"])  # the number /move takes

    await send(app, press(fixes[0][1], chat_id=ADMIN))
    answer = request_recorder.sent(ADMIN)[-1]
    assert str(answer.params["text"]).startswith("✂ ")
    assert store.archive.storyline_of_article(article) != storyline
    undo = next(data for text, data in request_recorder.buttons(answer) if text == "↩ Undo")
    await send(app, press(undo, chat_id=ADMIN))
    assert request_recorder.last_text().startswith("↩ undid correction")
    assert _storylines(store) == before and article in members


async def test_merge_move_and_label_commands(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    groups = _storylines(store)
    first, second = sorted(groups)[:2]
    await send(app, message(f"/merge {first} {second}", chat_id=ADMIN))
    assert request_recorder.last_text().startswith(f"✂ merged storyline {second} into {first}")
    assert second not in _storylines(store)

    article = min(groups[first])
    other = sorted(groups)[2]
    await send(app, message(f"/move {article} {other}", chat_id=ADMIN))
    assert request_recorder.last_text().startswith(
        f"✂ moved article {article} from storyline {first}"
    )
    assert store.archive.storyline_of_article(article) == other

    await send(app, message(f"/label {other} Floods & the 5% <b>", chat_id=ADMIN))
    text = request_recorder.last_text()
    assert_valid_html(text)
    assert text.endswith("labelled: Floods &amp; the 5%.")  # the tag is no label
    assert store.archive.storyline(other).label == "Floods & the 5%"  # type: ignore[union-attr]
    assert [c.made_by for c in store.corrections.all()] == ["Telegram user 42"] * 3

    await send(app, message("/corrections", chat_id=ADMIN))
    log = request_recorder.sent(ADMIN)[-1]
    assert_valid_html(str(log.params["text"]))
    assert [line.split(".")[0] for line in str(log.params["text"]).splitlines()[1:]] == [
        "3",
        "2",
        "1",
    ]
    assert f"3. labelled storyline {other}: Floods &amp; the 5% — Telegram user 42" in str(
        log.params["text"]
    )
    assert f"2. moved article {article} to storyline {other}" in str(log.params["text"])
    undo = {text: data for text, data in request_recorder.buttons(log)}
    assert list(undo) == ["↩ Undo 3", "↩ Undo 2", "↩ Undo 1"]
    await send(app, press(undo["↩ Undo 3"], chat_id=ADMIN))
    assert request_recorder.last_text().startswith("↩ undid correction 3")
    await send(app, message("/corrections", chat_id=ADMIN))
    log = request_recorder.sent(ADMIN)[-1]
    assert "<i>(undone)</i>" in str(log.params["text"]).splitlines()[1]
    assert [text for text, _ in request_recorder.buttons(log)] == ["↩ Undo 2", "↩ Undo 1"]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/merge", "Usage: /merge A B"),
        ("/merge 3", "Usage: /merge A B"),
        ("/merge 3 x", "Usage: /merge A B"),
        ("/merge 3 999", "Nothing changed: no storyline 999."),
        ("/merge 3 3", "Nothing changed: storyline 3 cannot be merged into itself."),
        ("/move 1", "Usage: /move ARTICLE ID"),
        ("/move 99999 3", "Nothing changed: no article 99999."),
        ("/label 3", "Usage: /label ID TEXT"),
        ("/label x y", "Usage: /label ID TEXT"),
        ("/label 999 y", "Nothing changed: no storyline 999."),
    ],
)
async def test_bad_arguments_get_a_usage_line_and_change_nothing(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, text: str, answer: str
) -> None:
    before = _storylines(store)
    await send(app, message(text, chat_id=ADMIN))
    assert request_recorder.last_text().startswith(answer)
    assert _storylines(store) == before and store.corrections.all() == []


async def test_a_reader_may_not_correct_but_reports_to_the_admins(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    storyline, _ = _largest(store)
    before = _storylines(store)
    await send(app, message(f"/merge {storyline} 1", chat_id=READER))
    assert request_recorder.last_text().startswith("Sorry, only the bot's admins can correct")

    await send(app, message(f"/story {storyline}", chat_id=READER))
    shown = request_recorder.sent(READER)[-1]
    assert "<code>" not in str(shown.params["text"])
    buttons = request_recorder.buttons(shown)
    assert not any(t.startswith("✂") for t, _ in buttons)
    reporting = next(data for text, data in buttons if text.startswith("⚑ Report"))
    await send(app, press(reporting, chat_id=READER))
    choices = request_recorder.buttons(request_recorder.sent(READER)[-1])
    assert choices and all(t.startswith("⚑ ") for t, _ in choices)
    await send(app, press(choices[0][1], chat_id=READER))
    assert request_recorder.last_text() == "⚑ Thank you: the admins were told."
    told = request_recorder.sent(ADMIN)[-1]
    assert "A reader reports that" in str(told.params["text"])
    assert_valid_html(str(told.params["text"]))
    # A forged press of the admin's button by the reader changes nothing.
    fix = next(data for text, data in request_recorder.buttons(told) if text.startswith("✂"))
    await send(app, press(fix, chat_id=READER))
    assert request_recorder.last_text().startswith("Sorry, only the bot's admins")
    assert _storylines(store) == before
    # The admin fixes it in one tap.
    await send(app, press(fix, chat_id=ADMIN))
    assert request_recorder.sent(ADMIN)[-1].params["text"].startswith("✂ ")  # type: ignore[union-attr]
    assert _storylines(store) != before


async def test_the_admins_hear_of_a_reported_article_once_a_day(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    storyline, members = _largest(store)
    reported = f"r:{members[0]}:{storyline}"
    await send(app, press(reported, chat_id=READER))
    assert request_recorder.last_text() == "⚑ Thank you: the admins were told."
    told = len(request_recorder.sent(ADMIN))
    await send(app, press(reported, chat_id=8))  # another reader, the same article
    assert request_recorder.last_text().endswith("told of this article already.")
    assert len(request_recorder.sent(ADMIN)) == told
    clock.advance(days=1, minutes=1)
    await send(app, press(reported, chat_id=8))
    assert request_recorder.last_text() == "⚑ Thank you: the admins were told."
    assert len(request_recorder.sent(ADMIN)) == told + 1


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        ("r:99999:1", "That article has moved already; thank you all the same."),
        ("p:99999", "There is no storyline 99999."),
        ("x:99999", "Nothing changed: no article 99999."),
    ],
)
async def test_stale_or_forged_correction_buttons_change_nothing(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, data: str, answer: str
) -> None:
    before = _storylines(store)
    await send(app, press(data, chat_id=ADMIN))
    assert request_recorder.last_text() == answer
    assert _storylines(store) == before and store.corrections.all() == []


async def test_an_undo_that_cannot_be_made_says_why(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, press("z:99", chat_id=ADMIN))
    assert request_recorder.last_text() == "Nothing changed: no correction 99."
    first, second = sorted(_storylines(store))[:2]
    await send(app, message(f"/label {first} One", chat_id=ADMIN))
    await send(app, message(f"/merge {first} {second}", chat_id=ADMIN))
    await send(app, press("z:1", chat_id=ADMIN))
    assert "correction 2 changed the same storylines since" in request_recorder.last_text()


@pytest.fixture
async def open_app(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
) -> AsyncIterator[NewsApplication]:
    services = Services(replace(settings, open_corrections=True), store, clock)
    application = build_application(services, request=request_recorder)
    async with application:
        yield application


async def test_open_corrections_let_readers_correct_in_private_and_undo_their_own(
    open_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    first, second = sorted(_storylines(store))[:2]
    await send(open_app, message(f"/merge {first} {second}", chat_id=-100, chat_type="group"))
    assert request_recorder.last_text().startswith("Sorry, only the bot's admins")
    await send(open_app, message(f"/merge {first} {second}", chat_id=READER))
    assert request_recorder.last_text().startswith("✂ merged")
    await send(open_app, press("z:1", chat_id=8))  # another reader
    assert request_recorder.last_text().startswith("Only an admin, or whoever made it")
    await send(open_app, message("/corrections", chat_id=8))
    assert request_recorder.last_text() == "No corrections yet."  # only one's own are listed
    await send(open_app, message("/corrections", chat_id=-100, chat_type="group"))
    assert request_recorder.last_text().startswith("Sorry, only the bot's admins")
    await send(open_app, message("/corrections", chat_id=READER))
    assert request_recorder.last_text().startswith(
        f"<b>Your latest corrections</b>\n1. merged storyline {second} into storyline {first} — "
    )
    await send(open_app, press("z:1", chat_id=READER))
    assert request_recorder.last_text().startswith("↩ undid correction 1")


async def test_followers_keep_the_storyline_and_hear_of_a_split_once(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    storyline, members = _largest(store)
    await send(app, message(f"/follow {storyline}", chat_id=READER))
    await send(app, message("/briefing", chat_id=READER))
    clock.advance(minutes=10)
    editor = app.bot_data.deps.editor  # type: ignore[union-attr]
    assert editor is not None
    split = editor.split(storyline, members[:1], "test", clock())
    clock.advance(minutes=10)

    await send(app, message("/briefing", chat_id=READER))
    text = request_recorder.last_text()
    assert_valid_html(text)
    assert "was split: part of it now continues as" in text
    assert f"/follow {split.storyline_id}" in text
    assert [f.storyline_id for f in store.follows.for_chat(READER)] == [storyline]
    clock.advance(minutes=10)
    await send(app, message("/briefing", chat_id=READER))
    assert "was split" not in request_recorder.last_text()


def test_open_corrections_is_a_setting_and_shows_in_the_readers_menu() -> None:
    assert Settings.from_env({"NEWSBRIEF_OPEN_CORRECTIONS": "true"}).open_corrections
    assert not Settings.from_env({}).open_corrections
    with pytest.raises(SettingsError, match="NEWSBRIEF_OPEN_CORRECTIONS"):
        Settings.from_env({"NEWSBRIEF_OPEN_CORRECTIONS": "perhaps"})

    def private_menu(open_corrections: bool) -> list[str]:
        menus = command_menus({ADMIN}, open_corrections)
        return [c.command for c in menus[0][0]]

    assert "merge" not in private_menu(False) and "merge" in private_menu(True)
    admins = [c.command for c in command_menus({ADMIN})[-1][0]]
    assert {"merge", "move", "label", "corrections"} <= set(admins)
