"""Articles from chat: forwards, long pastes, links and admin feed commands."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update

from bot.adapters.fetcher import SafeFetcher
from bot.app import NewsApplication, build_application
from bot.config import Settings
from bot.services import Services
from storage.store import Store
from tests.fakes.clock import FakeClock
from tests.fakes.feeds import LONG_PARAGRAPHS, article_page, rss
from tests.fakes.telegram import RecordingRequest, message
from tests.fakes.web import LOOPBACK, WebServer

ADMIN = 42
PASTE = " ".join(LONG_PARAGRAPHS)


@pytest.fixture
async def local_app(
    settings: Settings, store: Store, clock: FakeClock, request_recorder: RecordingRequest
):  # type: ignore[no-untyped-def]
    fetcher = SafeFetcher(allow=LOOPBACK, total_timeout=3)
    application = build_application(
        Services(settings, store, clock, fetcher=fetcher), request=request_recorder
    )
    async with application:
        yield application


async def send(app: NewsApplication, update: dict[str, Any]) -> None:
    await app.process_update(Update.de_json(update, app.bot))


def forwarded(text: str, chat_id: int, channel: str) -> dict[str, Any]:
    update = message(text, chat_id=chat_id)
    update["message"]["forward_origin"] = {
        "type": "channel",
        "date": 1_750_000_000,
        "message_id": 5,
        "chat": {"id": -1001, "type": "channel", "title": channel},
    }
    return update


async def test_admin_forward_becomes_an_article_from_the_channel(
    local_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(local_app, forwarded("Kelvik ferries halted\n" + PASTE, ADMIN, "Kelvik Daily"))
    assert "Added" in request_recorder.last_text()
    (storyline,) = store.archive.latest_storylines(5)
    (article,) = store.archive.storyline_articles(storyline.id, 5)
    assert article.source == "Kelvik Daily" and article.title == "Kelvik ferries halted"


async def test_long_paste_is_an_article_short_text_a_question(
    local_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(local_app, message(PASTE, chat_id=ADMIN))
    assert "Added" in request_recorder.last_text()
    assert store.archive.article_count() == 1
    await send(local_app, message("what about the ferries?", chat_id=ADMIN))
    assert "Storylines for" in request_recorder.last_text()
    assert store.archive.article_count() == 1


# Invented: as much news as an English paste of 500 characters, in 150 characters.
CHINESE_PASTE = (
    "卡尔斯克高原周一清晨发生6.4级地震，造成至少31人死亡，多尔韦尔镇数十座房屋倒塌。"
    "地区州长表示，救援人员正在废墟中搜寻幸存者，附近三个村庄的道路被山体滑坡阻断。"
    "气象部门警告，未来两天当地将有降雨，可能影响救援工作。当局已在学校和体育馆开设临时避难所，"
    "目前已有超过两千名居民被疏散。"
)


async def test_a_chinese_paste_of_ordinary_length_is_an_article(
    local_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    assert len(CHINESE_PASTE) < 200
    await send(local_app, message(CHINESE_PASTE, chat_id=ADMIN))
    assert "Added" in request_recorder.last_text()
    (article,) = store.archive.articles([1])
    assert article.language == "zh"
    await send(local_app, message("/search 地震", chat_id=ADMIN))
    assert "卡尔斯克高原" in request_recorder.last_text()


async def test_readers_cannot_add_unless_the_operator_allows(
    local_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(local_app, forwarded("Kelvik ferries halted\n" + PASTE, 7, "Kelvik Daily"))
    assert "only the bot's admins" in request_recorder.last_text()
    await send(local_app, message("/ingest https://example.com/x", chat_id=7))
    assert "only the bot's admins" in request_recorder.last_text()
    assert store.archive.article_count() == 0


async def test_links_from_admins_are_fetched_safely(
    local_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    with WebServer() as web:
        web.routes["/story"] = lambda h: (
            200,
            {"Content-Type": "text/html"},
            article_page("Kelvik ferries halted", LONG_PARAGRAPHS),
        )
        await send(local_app, message(web.url("/story"), chat_id=ADMIN))
        assert "Added" in request_recorder.last_text()
        await send(local_app, message(f"/ingest {web.url('/missing')}", chat_id=ADMIN))
        assert "HTTP 404" in request_recorder.last_text()
    await send(local_app, message("/ingest http://169.254.169.254/latest", chat_id=ADMIN))
    assert "not a public address" in request_recorder.last_text()
    await send(local_app, message("/ingest", chat_id=ADMIN))
    assert "Usage: /ingest" in request_recorder.last_text()


async def test_admin_feeds_add_list_remove(
    local_app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    with WebServer() as web:
        web.routes["/rss"] = lambda h: (
            200,
            {},
            rss([("Storm closes Kelvik harbour", "https://h.example/1", "Ferries stop.")]),
        )
        await send(local_app, message(f"/feeds add {web.url('/rss')}", chat_id=ADMIN))
        assert "imported 1" in request_recorder.last_text()
        await send(local_app, message("/feeds", chat_id=ADMIN))
        assert (
            "Harbour Wire" in request_recorder.last_text() and "ok:" in request_recorder.last_text()
        )
        await send(local_app, message("/feeds remove 1", chat_id=ADMIN))
        assert "Removed feed 1" in request_recorder.last_text()
        await send(local_app, message("/feeds frobnicate", chat_id=ADMIN))
        assert "Usage: /feeds" in request_recorder.last_text()
    await send(local_app, message("/feeds", chat_id=7))
    assert "only the bot's admins can use that command" in request_recorder.last_text()
