"""An empty bot is useful from the first minute: its admin is offered the starter feeds."""

from __future__ import annotations

from bot.app import NewsApplication
from handlers import buttons
from news.sources.opml import starter_feeds
from news.sources.urls import canonical_url
from storage.store import Store
from tests.fakes.telegram import RecordingRequest, message, press
from tests.handlers.test_chat import send

ADMIN = 42  # the admin of the test settings (tests/conftest.py)


def test_the_starter_set_is_many_outlets_official_https_feeds() -> None:
    feeds = starter_feeds()
    assert len(feeds) >= 12
    assert all(canonical_url(url) and url.startswith("https://") for url, _ in feeds)
    assert len({url.split("/")[2] for url, _ in feeds}) == len(feeds)  # one feed per outlet
    assert all(title for _, title in feeds)


async def test_the_first_admin_gets_the_offer_and_one_tap_adds_the_feeds(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/start", chat_id=ADMIN))
    offer = request_recorder.sent()[-1]
    assert "nothing to read yet" in str(offer.params["text"])
    [(label, data)] = request_recorder.buttons(offer)
    assert label == f"➕ Add {len(starter_feeds())} starter feeds"
    assert buttons.decode(data) == buttons.AddStarter()
    await send(app, press(data, chat_id=ADMIN))
    assert request_recorder.last_text().startswith(f"✅ Added {len(starter_feeds())} starter")
    assert len(store.feeds.all()) == len(starter_feeds())
    await send(app, press(data, chat_id=ADMIN))
    assert "were there already" in request_recorder.last_text()
    await send(app, message("/start", chat_id=ADMIN))
    assert "nothing to read yet" not in request_recorder.last_text()  # offered while empty only


async def test_readers_get_no_offer_and_cannot_press_it(
    app: NewsApplication, request_recorder: RecordingRequest, store: Store
) -> None:
    await send(app, message("/start"))
    assert all("nothing to read yet" not in str(c.params["text"]) for c in request_recorder.sent())
    await send(app, press(buttons.encode(buttons.AddStarter())))
    assert request_recorder.last_text() == "Sorry, only the bot's admins can use that command."
    assert store.feeds.all() == []
