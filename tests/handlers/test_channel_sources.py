"""Channels as sources: /sources, posts becoming articles, edits, captions, short posts."""

from __future__ import annotations

import pytest

from bot.app import NewsApplication
from handlers.registry import command_menus
from storage.store import Store
from tests.fakes.feeds import LOCAL_STORIES
from tests.fakes.telegram import RecordingRequest, channel_post, message
from tests.handlers.test_chat import assert_valid_html, send

ADMIN = 42  # the conftest settings' admin
POST = (
    "Storm Alda floods Kelvik harbour\n"
    "Storm Alda flooded the quay at Kelvik harbour on Monday night, and the harbour master "
    "closed the port to ferries until the water goes down. Shops along the quay were "
    "evacuated and no one was hurt, the coastguard said."
)


def _articles(store: Store) -> list[tuple[str, str, str, str]]:
    rows = store.db.query(
        """SELECT a.external_id, a.title, a.url, s.name FROM articles a
           JOIN sources s ON s.id = a.source_id ORDER BY a.id"""
    )
    return [(r["external_id"], r["title"], r["url"], r["name"]) for r in rows]


async def test_posts_of_an_enabled_channel_become_articles_and_edits_revise_them(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, channel_post(POST, message_id=11))
    assert _articles(store) == []  # seen, not read until an admin says so
    await send(app, message("/sources", chat_id=ADMIN))
    listed = request_recorder.last_text()
    assert_valid_html(listed)
    assert "Kelvik Wire (@kelvikwire) — not read" in listed
    await send(app, message("/sources list", chat_id=ADMIN))
    assert request_recorder.last_text() == listed
    await send(app, message("/sources add @KelvikWire", chat_id=ADMIN))
    assert "posts of Kelvik Wire (@kelvikwire) become articles" in request_recorder.last_text()

    await send(app, channel_post(POST, message_id=12))
    await send(app, channel_post("Tide tables for the week.", message_id=13))  # too short
    await send(app, channel_post(POST.replace("Monday", "Tuesday"), message_id=14, caption=True))
    assert _articles(store) == [
        (
            "tg:-100500:12",
            "Storm Alda floods Kelvik harbour",
            "https://t.me/kelvikwire/12",
            "Kelvik Wire",
        ),
        (
            "tg:-100500:14",
            "Storm Alda floods Kelvik harbour",
            "https://t.me/kelvikwire/14",
            "Kelvik Wire",
        ),
    ]
    revised = POST.replace("Storm Alda floods", "Storm Alda floods and closes")
    await send(app, channel_post(revised, message_id=12, edited=True))
    assert _articles(store)[0][1] == "Storm Alda floods and closes Kelvik harbour"
    assert store.archive.article_count() == 2
    # The search index follows the edit.
    assert store.db.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'closes'")
    # Nothing was said in the channel, and the channel is no chat of readers.
    assert request_recorder.sent(-100500) == []
    assert store.chats.get(-100500) is None

    await send(app, message("/sources remove -100500", chat_id=ADMIN))
    assert "no longer read" in request_recorder.last_text()
    await send(app, channel_post(POST, message_id=15))
    assert store.archive.article_count() == 2


async def test_a_private_channel_has_no_links_and_an_edit_may_make_an_article(
    app: NewsApplication, store: Store
) -> None:
    await send(app, channel_post("Short note.", chat_id=-100600, username=None, message_id=5))
    store.channel_sources.set_enabled(-100600, True)
    await send(app, channel_post("Short note.", chat_id=-100600, username=None, message_id=6))
    assert store.archive.article_count() == 0
    await send(app, channel_post(POST, chat_id=-100600, username=None, message_id=6, edited=True))
    assert [(a[0], a[2]) for a in _articles(store)] == [("tg:-100600:6", "")]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/sources add @nowhere", "I am not in @nowhere"),
        ("/sources add", "Usage: /sources"),
        ("/sources sideways @kelvikwire", "Usage: /sources"),
    ],
)
async def test_sources_answers_unknown_channels_and_bad_arguments(
    app: NewsApplication, request_recorder: RecordingRequest, text: str, answer: str
) -> None:
    await send(app, message(text, chat_id=ADMIN))
    assert request_recorder.last_text().startswith(answer)


async def test_sources_is_for_admins(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, channel_post(POST))
    await send(app, message("/sources add @kelvikwire", chat_id=7))
    assert "only the bot's admins" in request_recorder.last_text()
    assert store.channel_sources.all()[0].enabled is False


def test_each_kind_of_user_has_its_command_menu() -> None:
    menus = {
        type(scope).__name__ + str(getattr(scope, "chat_id", "")): [c.command for c in cmds]
        for cmds, scope in command_menus({42})
    }
    assert "feeds" not in menus["BotCommandScopeAllPrivateChats"]
    assert "search" in menus["BotCommandScopeAllGroupChats"]
    assert "channel" in menus["BotCommandScopeAllPrivateChats"]
    assert "channel" not in menus["BotCommandScopeAllGroupChats"]
    assert {"feeds", "sources", "search"} <= set(menus["BotCommandScopeChat42"])


async def test_a_channels_signature_is_taken_out_of_its_posts_and_of_their_edits(
    app: NewsApplication, store: Store
) -> None:
    signature = "Subscribe to Kelvik Wire: the harbour's news first, every morning."
    await send(app, channel_post("Tide tables for the week.", message_id=20))  # seen, too short
    await send(app, message("/sources add @KelvikWire", chat_id=ADMIN))
    for number, (title, news) in enumerate(LOCAL_STORIES, start=21):
        await send(app, channel_post(f"{title}\n{news}\n{signature}", message_id=number))
    bodies = [r["body"] for r in store.db.query("SELECT body FROM articles ORDER BY id")]
    # Found under the third post; the first two were stored before it was known.
    assert [signature in body for body in bodies] == [True, True, False, False, False]
    assert bodies[2:] == [news for _, news in LOCAL_STORIES[2:]]
    title, news = LOCAL_STORIES[0]
    await send(
        app, channel_post(f"{title}\n{news} Updated.\n{signature}", message_id=21, edited=True)
    )
    first = store.db.query("SELECT body FROM articles ORDER BY id LIMIT 1")[0]["body"]
    assert first == f"{news} Updated."


async def test_a_repost_of_another_channels_post_is_credited_and_linked_to_it(
    app: NewsApplication, store: Store
) -> None:
    await send(app, channel_post("Tide tables for the week.", message_id=30))
    await send(app, message("/sources add @KelvikWire", chat_id=ADMIN))
    repost = channel_post(POST, message_id=31)
    repost["channel_post"]["forward_origin"] = {
        "type": "channel",
        "date": 1_749_999_000,
        "message_id": 77,
        "chat": {
            "id": -100900,
            "type": "channel",
            "title": "Coast Daily",
            "username": "coastdaily",
        },
    }
    await send(app, repost)
    assert _articles(store) == [
        (
            "tg:-100500:31",
            "Storm Alda floods Kelvik harbour",
            "https://t.me/coastdaily/77",
            "Coast Daily",
        )
    ]
