"""/channel: linking a channel after Telegram confirms the rights, managing it from private
chat, and its briefings and failures."""

from __future__ import annotations

from typing import Any

import pytest

from bot.app import NewsApplication
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, chat_member, message, press
from tests.handlers.test_chat import demo, send

__all__ = ["demo"]  # the fixture, used by name

CHANNEL = -100900
PERSON = 7  # the private chat's user (tests.fakes.telegram.message)
BOT_ID = 1  # bot.runtime.loopback.BOT_USER


def telegram_says(
    recorder: RecordingRequest, person: str, bot: str, bot_posts: bool = True
) -> None:
    def get_chat(params: dict[str, Any]) -> Any:
        if str(params["chat_id"]).lower() not in ("@kelvikwire", str(CHANNEL)):
            return (400, "Bad Request: chat not found")
        return {
            "id": CHANNEL,
            "type": "channel",
            "title": "Kelvik Wire",
            "username": "kelvikwire",
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def get_member(params: dict[str, Any]) -> Any:
        if int(params["user_id"]) == BOT_ID:
            return chat_member(BOT_ID, bot, bot_posts)
        return chat_member(int(params["user_id"]), person)

    recorder.scripted.update(getChat=get_chat, getChatMember=get_member)


@pytest.mark.parametrize(
    ("person", "bot", "bot_posts", "answer"),
    [
        ("member", "administrator", True, "Only an administrator of Kelvik Wire can link it"),
        ("creator", "member", True, "I need to be an administrator of Kelvik Wire"),
        ("administrator", "administrator", False, "I need to be an administrator"),
    ],
)
async def test_linking_is_refused_without_the_rights(
    app: NewsApplication,
    request_recorder: RecordingRequest,
    store: Store,
    person: str,
    bot: str,
    bot_posts: bool,
    answer: str,
) -> None:
    telegram_says(request_recorder, person, bot, bot_posts)
    await send(app, message("/channel @kelvikwire"))
    assert request_recorder.last_text().startswith(answer)
    assert store.managers.channels_of(PERSON) == [] and store.chats.get(CHANNEL) is None


async def test_an_unknown_channel_and_a_group_use_get_a_clear_answer(
    app: NewsApplication, request_recorder: RecordingRequest
) -> None:
    telegram_says(request_recorder, "creator", "administrator")
    await send(app, message("/channel @nowhere"))
    assert request_recorder.last_text().startswith("I cannot see @nowhere")
    await send(app, message("/channel @kelvikwire", chat_id=-5, chat_type="group"))
    assert request_recorder.last_text() == "Use /channel in your private chat with me."


@pytest.mark.usefixtures("demo")
async def test_a_linked_channel_is_managed_from_private_chat_and_briefed_in_the_channel(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    telegram_says(request_recorder, "creator", "administrator")
    await send(app, message("/channel @kelvikwire"))
    assert "Linked <b>Kelvik Wire</b>" in request_recorder.last_text()
    assert store.managers.channels_of(PERSON) == [CHANNEL]
    storyline = store.archive.latest_storylines(1)[0]
    await send(app, message(f"/follow {storyline.id}"))
    # The reply says which chat is managed; the follow is the channel's, not the person's.
    assert request_recorder.last_text().startswith("📣 <b>Kelvik Wire</b>\n")
    assert [f.storyline_id for f in store.follows.for_chat(CHANNEL)] == [storyline.id]
    assert store.follows.for_chat(PERSON) == []
    await send(app, message("/settings time 06:45"))
    channel = store.chats.get(CHANNEL)
    assert channel is not None and channel.chat_type == "channel"
    assert [t.strftime("%H:%M") for t in channel.briefing_times] == ["06:45"]
    await send(app, message("/briefing"))
    assert request_recorder.sent(CHANNEL), "the briefing is posted in the channel"

    # /channel lists it with buttons; "This chat" switches back.
    await send(app, message("/channel"))
    listing = request_recorder.sent(PERSON)[-1]
    labels = [label for label, _ in request_recorder.buttons(listing)]
    assert labels == ["✅ Kelvik Wire", "This chat"]
    await send(app, press(request_recorder.buttons(listing)[1][1]))
    assert "act on this chat again" in request_recorder.last_text()
    await send(app, message(f"/follow {storyline.id}"))
    assert not request_recorder.last_text().startswith("📣")
    assert [f.storyline_id for f in store.follows.for_chat(PERSON)] == [storyline.id]
    # A forged button for a channel the person did not link changes nothing.
    await send(app, press("g:100123"))
    assert request_recorder.last_text() == "That channel is not linked to you."
    assert store.managers.managed(PERSON) is None
    # "/channel me" switches back as well.
    store.managers.manage(PERSON, CHANNEL)
    await send(app, message("/channel me"))
    assert "act on this chat again" in request_recorder.last_text()
    assert store.managers.managed(PERSON) is None


@pytest.mark.usefixtures("demo")
async def test_a_channel_that_removed_the_bot_is_inactive_and_its_managers_are_told(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    telegram_says(request_recorder, "creator", "administrator")
    await send(app, message("/channel @kelvikwire"))
    storyline = store.archive.latest_storylines(1)[0]
    await send(app, message(f"/follow {storyline.id}"))
    request_recorder.fail_next(CHANNEL, 403, "Forbidden: bot is not a member of the channel chat")
    await send(app, message("/briefing"))
    assert store.chats.get(CHANNEL).active is False  # type: ignore[union-attr]
    told = [c.params["text"] for c in request_recorder.sent(PERSON)]
    assert sum("Kelvik Wire removed me" in str(text) for text in told) == 1


async def test_forwarding_a_post_of_the_channel_offers_to_link_it(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    telegram_says(request_recorder, "administrator", "administrator")
    update = message("Kelvik harbour reopens after the storm.")
    update["message"]["forward_origin"] = {
        "type": "channel",
        "date": 1_750_000_000,
        "message_id": 5,
        "chat": {"id": CHANNEL, "type": "channel", "title": "Kelvik Wire"},
    }
    await send(app, update)  # from a reader who is no admin of the bot: no article
    offer = request_recorder.sent(PERSON)[-1]
    assert "only the bot's admins can add articles" in offer.params["text"]
    ((label, data),) = request_recorder.buttons(offer)
    assert label == "📣 Brief Kelvik Wire"
    await send(app, press(data))
    assert "Linked <b>Kelvik Wire</b>" in request_recorder.last_text()
    assert store.managers.managed(PERSON) == CHANNEL
