"""Handlers driven through the real application, with a recording Bot API transport."""

from __future__ import annotations

import re
from datetime import time

import pytest
from telegram import Update

from bot.app import NewsApplication
from news.ingest import Ingestor
from news.sources.demo import demo_drafts
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.telegram import RecordingRequest, message, press

CHAT = 7


async def send(app: NewsApplication, update: dict) -> None:  # type: ignore[type-arg]
    await app.process_update(Update.de_json(update, app.bot))


@pytest.fixture
def demo(store: Store, clock: FakeClock) -> None:
    Ingestor(store.archive).ingest(enumerate(demo_drafts(clock()), 1), clock())
    clock.advance(minutes=5)


def assert_valid_html(text: str) -> None:
    """Only Telegram's tags, and no stray < or & outside entities."""
    for tag in re.findall(r"</?([a-zA-Z-]+)", text):
        assert tag in {"b", "i", "a", "code", "u", "s", "pre", "blockquote"}, tag
    stripped = re.sub(r"</?(b|i|u|s|code|pre|blockquote)>|<a href=\"[^\"<>]*\">|</a>", "", text)
    assert "<" not in stripped and ">" not in stripped
    assert not re.search(r"&(?!(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)", stripped)


async def test_start_registers_the_chat(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/start"))
    assert "Welcome" in request_recorder.last_text()
    assert request_recorder.sent()[-1].params["parse_mode"] == "HTML"
    assert store.chats.get(CHAT) is not None


async def test_search_follow_and_briefing(
    app: NewsApplication,
    request_recorder: RecordingRequest,
    store: Store,
    clock: FakeClock,
    demo: None,
) -> None:
    await send(app, message("/search transit strike"))
    reply = request_recorder.sent()[-1]
    assert_valid_html(str(reply.params["text"]))
    assert "Port Aurel" in str(reply.params["text"])
    buttons = request_recorder.buttons(reply)
    assert buttons and buttons[0][0].startswith("➕ Follow")
    await send(app, press(buttons[0][1]))
    assert "Following" in request_recorder.last_text()
    storyline_id = int(buttons[0][1].split(":")[1])
    assert [f.storyline_id for f in store.follows.for_chat(CHAT)] == [storyline_id]

    await send(app, message("/following"))
    assert f"Storyline {storyline_id}" in request_recorder.last_text()

    await send(app, message("/briefing"))
    assert "Nothing new" in request_recorder.last_text()

    # New articles on the followed story arrive; the next briefing carries them.
    clock.advance(hours=2)
    from news.records import ArticleDraft

    Ingestor(store.archive).ingest(
        [
            (
                1,
                ArticleDraft(
                    "Port Aurel transit union threatens new strike over rest breaks",
                    "The Port Aurel Transit Union said drivers could strike again if the city "
                    "ignores the agreed rest breaks. Union leader Tomas Brenn told drivers "
                    "to keep their strike fund.",
                    "Valley Courier",
                    url="https://valley-courier.example/new-strike-threat",
                ),
            )
        ],
        clock(),
    )
    clock.advance(minutes=1)
    await send(app, message("/briefing"))
    text = request_recorder.last_text()
    assert_valid_html(text)
    assert "1 new article from 1 source" in text
    assert "rest breaks" in text
    await send(app, message("/briefing"))
    assert "Nothing new" in request_recorder.last_text()


async def test_free_text_in_private_chat_is_a_search(
    app: NewsApplication, request_recorder: RecordingRequest, demo: None
) -> None:
    await send(app, message("what happened with the earthquake?"))
    assert "Storylines for" in request_recorder.last_text()


async def test_free_text_in_a_group_is_ignored(
    app: NewsApplication, request_recorder: RecordingRequest
) -> None:
    await send(app, message("hello everyone", chat_id=-100, chat_type="group"))
    assert request_recorder.sent() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/search", "Usage: /search"),
        ("/story", "Usage: /story"),
        ("/story abc", "Usage: /story"),
        ("/story 999", "no storyline 999"),
        ("/follow", "Usage: /follow"),
        ("/follow 999", "no storyline 999"),
        ("/unfollow", "Usage: /unfollow"),
        ("/settings time 25:00", "HH:MM"),
        ("/settings tz Mars/Olympus", "don't know the time zone"),
        ("/settings days sometimes", "daily, weekdays or weekly"),
        ("/settings volume 11", "Usage:"),
        ("/frobnicate", "/help"),
        ("/stats", "only the bot's admins can use that command"),
        ('/search " OR NOT * <script>', "Nothing found"),
    ],
)
async def test_bad_input_gets_a_short_answer(
    app: NewsApplication, request_recorder: RecordingRequest, text: str, expected: str
) -> None:
    await send(app, message(text))
    reply = request_recorder.last_text()
    assert expected in reply
    assert_valid_html(reply)


async def test_settings_change_time_and_zone(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/settings time 07:30"))
    await send(app, message("/settings tz kyiv"))
    settings = store.chats.get(CHAT)
    assert settings is not None
    assert settings.briefing_times == (time(7, 30),)
    assert settings.timezone == "Europe/Kyiv"
    assert "Next briefing" in request_recorder.last_text()


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("/settings time 18:00 07:30", (time(7, 30), time(18, 0))),
        ("/settings time 6:00 12:00 18:00 23:59", (time(6), time(12), time(18), time(23, 59))),
        ("/settings time 07:30 07:30", (time(7, 30),)),
    ],
)
async def test_several_briefing_times_a_day(
    app: NewsApplication,
    request_recorder: RecordingRequest,
    store: Store,
    text: str,
    times: tuple[time, ...],
) -> None:
    await send(app, message(text))
    settings = store.chats.get(CHAT)
    assert settings is not None and settings.briefing_times == times
    assert "Briefing time: <b>" + ", ".join(f"{t:%H:%M}" for t in times[:-1]) in (
        request_recorder.last_text()
    )


@pytest.mark.parametrize(
    "text", ["/settings time", "/settings time 25:00", "/settings time 1:00 2:00 3:00 4:00 5:00"]
)
async def test_bad_briefing_times_get_the_usage_line(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, text: str
) -> None:
    await send(app, message(text))
    assert request_recorder.last_text().startswith("Give one to four times as HH:MM")


async def test_topic_follow_and_unfollow(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/follow climate summit"))
    assert "Following the topic" in request_recorder.last_text()
    assert [f.topic for f in store.follows.for_chat(CHAT)] == ["climate summit"]
    await send(app, message("/unfollow Climate Summit"))
    assert store.follows.for_chat(CHAT) == []


@pytest.mark.parametrize("data", ["f:abc", "zz:1", "m:1", "f:-1", "f:1:2:3", "x" * 80])
async def test_forged_buttons_are_answered_without_harm(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, data: str
) -> None:
    await send(app, press(data))
    answers = [c for c in request_recorder.calls if c.method == "answerCallbackQuery"]
    assert answers
    assert store.follows.for_chat(CHAT) == []


async def test_help_lists_the_commands_the_person_may_use(
    app: NewsApplication, request_recorder: RecordingRequest
) -> None:
    await send(app, message("/help", chat_id=42))  # an admin
    admin = request_recorder.last_text()
    for command in ("/feeds", "/stats", "/sources", "/ingest", "/corrections", "/merge"):
        assert command in admin
    await send(app, message("/help"))  # a reader
    reader = request_recorder.last_text()
    assert "/search" in reader and "/feeds" not in reader and "/merge" not in reader


async def test_admin_stats(app: NewsApplication, request_recorder: RecordingRequest) -> None:
    await send(app, message("/stats", chat_id=42))
    assert "Articles:" in request_recorder.last_text()
    # The test settings turn the model off: /stats says how storylines compare.
    assert "Storylines compare: words alone" in request_recorder.last_text()


async def test_hostile_text_is_escaped(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store, clock: FakeClock
) -> None:
    from news.records import ArticleDraft

    Ingestor(store.archive).ingest(
        [
            (
                1,
                ArticleDraft(
                    "AT&T <script>alert(1)</script> buys <b>rival</b>",
                    "AT&T said <3 the deal & more. It closes in June.",
                    "Evil <i>Outlet</i>",
                    url="javascript:alert(1)",
                ),
            )
        ],
        clock(),
    )
    await send(app, message("/search AT&T"))
    assert_valid_html(request_recorder.last_text())
    await send(app, message("/story 1"))
    text = request_recorder.last_text()
    assert_valid_html(text)
    assert "javascript:" not in text


async def test_more_pages_and_story_pages(
    app: NewsApplication, request_recorder: RecordingRequest, demo: None
) -> None:
    await send(app, message("/search port aurel valdoria earthquake flood"))
    first = request_recorder.sent()[-1]
    more = [data for label, data in request_recorder.buttons(first) if label.startswith("More")]
    assert more, request_recorder.buttons(first)
    first_ids = set(re.findall(r"<b>#(\d+) ", str(first.params["text"])))
    await send(app, press(more[0]))
    second = request_recorder.last_text()
    second_ids = set(re.findall(r"<b>#(\d+) ", second))
    assert second_ids and not second_ids & first_ids

    await send(app, message("/story 2"))
    story = request_recorder.sent()[-1]
    older = [d for label, d in request_recorder.buttons(story) if label.startswith("Older")]
    assert older  # the strike storyline has more articles than one page
    await send(app, press(older[0]))
    assert "Articles 7–" in request_recorder.last_text()


async def test_a_more_button_from_another_chat_changes_nothing(
    app: NewsApplication, request_recorder: RecordingRequest, demo: None
) -> None:
    await send(app, message("/search port aurel valdoria earthquake flood", chat_id=8))
    more = [
        d
        for label, d in request_recorder.buttons(request_recorder.sent()[-1])
        if label.startswith("More")
    ]
    await send(app, press(more[0], chat_id=7))
    assert "expired" in request_recorder.last_text()


async def test_bad_filter_gets_a_hint(
    app: NewsApplication, request_recorder: RecordingRequest
) -> None:
    await send(app, message("/search flood since:yesterdayish"))
    assert "since:3d" in request_recorder.last_text()
    await send(app, message("/follow floods since:nope"))
    assert "since:3d" in request_recorder.last_text()


async def test_story_timeline_is_sent_as_a_picture(
    app: NewsApplication, request_recorder: RecordingRequest, demo: None
) -> None:
    await send(app, message("/story 2"))
    chart = [
        d
        for label, d in request_recorder.buttons(request_recorder.sent()[-1])
        if "Timeline" in label
    ]
    await send(app, press(chart[0]))
    (photo,) = [c for c in request_recorder.calls if c.method == "sendPhoto"]
    assert "articles over" in str(photo.params["caption"])


async def test_the_same_update_twice_is_applied_once(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    update = message("/follow climate summit")
    await send(app, update)
    await send(app, update)  # a webhook retry delivers it again
    assert len(request_recorder.sent()) == 1
    assert len(store.follows.for_chat(CHAT)) == 1


async def test_the_change_is_committed_before_the_reply(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    # The process may die (or Telegram fail) while replying: the follow must already be stored.
    request_recorder.fail_next(CHAT, 0, "timed out")
    await send(app, message("/follow climate summit"))
    assert [c.method for c in request_recorder.calls if "sendMessage" in c.method] == [
        "sendMessage!failed"
    ]
    assert [f.topic for f in store.follows.for_chat(CHAT)] == ["climate summit"]


async def test_the_number_on_screen_is_the_one_follow_takes(
    app: NewsApplication, request_recorder: RecordingRequest, demo: None
) -> None:
    await send(app, message("/search earthquake"))
    shown = re.findall(r"<b>#(\d+) (.+?)</b>", request_recorder.last_text())
    assert len(shown) >= 2
    number, label = shown[1]  # not the first: its id could equal its rank by chance
    await send(app, message(f"/follow {number}"))
    assert f"Following <b>{label}</b>" in request_recorder.last_text()


async def test_following_a_topic_nothing_matches_says_so(
    app: NewsApplication, request_recorder: RecordingRequest, demo: None
) -> None:
    await send(app, message("/follow zeppelin regatta"))
    text = request_recorder.last_text()
    assert "Following the topic “zeppelin regatta”. Nothing matches it yet" in text
    await send(app, message("/follow transit strike"))
    assert "storylines that match it, now and later" in request_recorder.last_text()
