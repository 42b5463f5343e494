"""Forum topics: each topic of a forum group is a destination of its own."""

from __future__ import annotations

import pytest

from bot.app import NewsApplication
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message, topic_message
from tests.handlers.test_chat import demo, send

__all__ = ["demo"]  # the fixture, used by name

GROUP = -100777


@pytest.mark.usefixtures("demo")
async def test_a_topic_follows_and_is_briefed_in_its_own_thread(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    storyline = store.archive.latest_storylines(1)[0]
    await send(app, topic_message(f"/follow {storyline.id}", thread_id=5))
    reply = request_recorder.sent(GROUP)[-1]
    assert reply.params["message_thread_id"] == 5 and "Following" in reply.params["text"]
    topic = store.topics.destination(GROUP, 5)
    assert [f.storyline_id for f in store.follows.for_chat(topic)] == [storyline.id]
    # The group itself and its other topics follow nothing.
    assert store.follows.for_chat(GROUP) == []
    await send(app, topic_message("/following", thread_id=6))
    assert request_recorder.sent(GROUP)[-1].params["message_thread_id"] == 6
    assert storyline.label not in request_recorder.last_text()
    await send(app, topic_message("/settings time 07:15", thread_id=5))
    settings = store.chats.get(topic)
    assert settings is not None and settings.chat_type == "topic"
    assert [t.strftime("%H:%M") for t in settings.briefing_times] == ["07:15"]

    before = len(request_recorder.sent(GROUP))
    await send(app, topic_message("/briefing", thread_id=5))
    briefing = request_recorder.sent(GROUP)[before:]
    # Nothing new since the follow: the briefing says so, in the topic.
    assert briefing and all(call.params["message_thread_id"] == 5 for call in briefing)
    assert "Nothing new" in str(briefing[-1].params["text"])


@pytest.mark.usefixtures("demo")
async def test_a_closed_topic_is_marked_inactive_and_the_others_go_on(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    storyline = store.archive.latest_storylines(1)[0]
    for thread in (5, 6):
        await send(app, topic_message(f"/follow {storyline.id}", thread_id=thread))
    await send(app, message(f"/follow {storyline.id}", chat_id=GROUP, chat_type="supergroup"))
    request_recorder.fail_next(GROUP, 400, "Bad Request: TOPIC_CLOSED")
    await send(app, topic_message("/briefing", thread_id=5))
    closed, other = store.topics.destination(GROUP, 5), store.topics.destination(GROUP, 6)
    assert store.chats.get(closed).active is False  # type: ignore[union-attr]
    assert store.chats.get(other).active is True  # type: ignore[union-attr]
    assert store.chats.get(GROUP).active is True  # type: ignore[union-attr]
    before = len(request_recorder.sent(GROUP))
    await send(app, topic_message("/briefing", thread_id=6))
    assert all(c.params["message_thread_id"] == 6 for c in request_recorder.sent(GROUP)[before:])


def test_topic_ids_are_below_every_chat_and_map_back(store: Store) -> None:
    first, again = store.topics.destination(GROUP, 5), store.topics.destination(GROUP, 5)
    second = store.topics.destination(GROUP, 6)
    assert first == again and second != first and max(first, second) < -(2**53)
    assert store.topics.address(first) == (GROUP, 5)
    assert store.topics.address(GROUP) == (GROUP, None)
    assert store.topics.address(7) == (7, None)
